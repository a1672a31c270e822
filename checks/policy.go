package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Site policy: declarative checks an operator adds with --policy, built
// into ordinary *Check values and evaluated by Run like the catalogue's.

// PolicyRule is one declarative check (parsed and validated by the CLI).
type PolicyRule struct {
	ID, Title, Rationale, Remediation string
	Severity                          Severity
	Setting                           *SettingExpect
	File                              *FileExpect
}

// SettingExpect is an expectation on a setting's value at a scope:
// "global" judges the global value, another scope every override of the
// setting at that scope (one with ScopeID, when it is not 0).
type SettingExpect struct {
	Name      string
	Scope     string
	ScopeID   int64
	Equals    []string // the value must be one of these (case-sensitive)
	NotEquals []string // the value must be none of these
}

// FileExpect is an expectation on a probed file on every machine (with
// Role, if set): its mode at most MaxMode, its owner and group, or the
// value of the property Key inside it.
type FileExpect struct {
	Path, Role        string
	MaxMode           string // octal, "0640"
	Owner, Group      string
	Key               string
	Equals, NotEquals []string
}

// PolicyCheck builds the check a rule describes.
func PolicyCheck(r PolicyRule) *Check {
	c := &Check{ID: r.ID, Title: r.Title, Severity: r.Severity, Threat: []string{"site policy"},
		Rationale: orText(r.Rationale, "required by the site policy"), Remediation: r.Remediation,
		References: []string{}}
	switch {
	case r.Setting != nil:
		e := *r.Setting
		c.Settings = []string{e.Name}
		c.Requires = []snapshot.Dataset{snapshot.DataSettings}
		if e.Scope != ScopeGlobal {
			c.Requires = []snapshot.Dataset{snapshot.DataScopedSettings}
		}
		c.Eval = func(s *snapshot.Snapshot) []Result { return e.eval(s) }
	case r.File != nil:
		e := *r.File
		c.Files = []string{e.Path}
		c.Requires = []snapshot.Dataset{snapshot.DataMachines}
		c.Eval = func(s *snapshot.Snapshot) []Result {
			return eachMachine(s, e.Role, func(m *snapshot.Machine) []Result { return e.eval(m) })
		}
	default:
		c.Eval = func(*snapshot.Snapshot) []Result {
			return []Result{{Status: Error, Message: "site policy rule has no expectation"}}
		}
	}
	return c
}

func expectText(eq, ne []string) string {
	var p []string
	if len(eq) > 0 {
		p = append(p, "one of "+strings.Join(eq, ", "))
	}
	if len(ne) > 0 {
		p = append(p, "none of "+strings.Join(ne, ", "))
	}
	return strings.Join(p, "; ")
}

func judgeValue(v string, eq, ne []string) bool {
	return (len(eq) == 0 || slices.Contains(eq, v)) && !slices.Contains(ne, v)
}

func (e SettingExpect) eval(s *snapshot.Snapshot) []Result {
	want := expectText(e.Equals, e.NotEquals)
	if e.Scope == ScopeGlobal {
		st, ok := s.Setting(e.Name)
		if !ok {
			return []Result{missingSetting(s, e.Name)}
		}
		if st.Secret != nil {
			return []Result{{Status: Error, Resource: SettingRes(e.Name), Message: "setting is stored as a secret; its value cannot be judged"}}
		}
		v, _ := effective(st, "")
		r := Result{Resource: SettingRes(e.Name), Expected: want, Actual: show(v), Status: Pass, Message: e.Name + " is as the site policy requires"}
		if !judgeValue(v, e.Equals, e.NotEquals) {
			r.Status, r.Message = Fail, fmt.Sprintf("%s is %s; the site policy requires %s", e.Name, show(v), want)
		}
		return []Result{r}
	}
	var out []Result
	for _, o := range s.ScopedSettings {
		if o.Name != e.Name || o.Scope != e.Scope || (e.ScopeID != 0 && o.ScopeID != e.ScopeID) {
			continue
		}
		if o.Value == nil {
			out = append(out, Result{Status: Error, Resource: OverrideRes(o), Message: "override is stored as a secret; its value cannot be judged"})
			continue
		}
		r := Result{Resource: OverrideRes(o), Expected: want, Actual: show(*o.Value), Status: Pass, Message: e.Name + " is as the site policy requires"}
		if !judgeValue(*o.Value, e.Equals, e.NotEquals) {
			r.Status, r.Message = Fail, fmt.Sprintf("%s is %s here; the site policy requires %s", e.Name, show(*o.Value), want)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		out = append(out, Result{Status: Pass, Resource: GroupRes(fmt.Sprintf("%s overrides of %s", e.Scope, e.Name)),
			Message: fmt.Sprintf("no %s override of %s", e.Scope, e.Name)})
	}
	return out
}

func (e FileExpect) eval(m *snapshot.Machine) []Result {
	f, ok := m.File(e.Path)
	if !ok {
		return []Result{{Status: Skip, Resource: FileRes(e.Path), Message: "not applicable: the probe does not collect " + e.Path}}
	}
	if hidden(f) {
		return []Result{cannotRead(e.Path, "tell whether %s exists", f.Error)}
	}
	if !f.Exists {
		return []Result{{Status: Skip, Resource: FileRes(e.Path), Message: "not applicable: " + e.Path + " does not exist here"}}
	}
	if e.Key != "" {
		if !f.Read {
			return []Result{cannotRead(e.Path, "read", f.Error)}
		}
		v, ok := f.Values[e.Key]
		want := expectText(e.Equals, e.NotEquals)
		r := Result{Resource: FileKeyRes(e.Path, e.Key), Expected: want, Actual: show(v), Status: Pass, Message: e.Key + " is as the site policy requires"}
		if !ok {
			r.Actual = "(not set)"
		}
		if !judgeValue(v, e.Equals, e.NotEquals) {
			r.Status, r.Message = Fail, fmt.Sprintf("%s is %s; the site policy requires %s", e.Key, r.Actual, want)
		}
		return []Result{r}
	}
	st := f.Stat
	if f.Target != nil {
		st = f.Target
	}
	if st == nil {
		return []Result{cannotRead(e.Path, "stat", f.Error)}
	}
	var why []string
	if e.MaxMode != "" {
		if extra := perm(st.Mode) &^ perm(e.MaxMode); extra != 0 {
			why = append(why, fmt.Sprintf("mode %s allows %04o beyond %s", st.Mode, extra, e.MaxMode))
		}
	}
	if e.Owner != "" && st.Owner != e.Owner {
		why = append(why, fmt.Sprintf("owned by %s, not %s", st.Owner, e.Owner))
	}
	if e.Group != "" && st.Group != e.Group {
		why = append(why, fmt.Sprintf("group %s, not %s", st.Group, e.Group))
	}
	exp := strings.TrimSpace(strings.Join([]string{e.MaxMode, strings.Trim(e.Owner+":"+e.Group, ":")}, " "))
	r := Result{Resource: FileRes(e.Path), Expected: exp + " (site policy)", Actual: statString(st), Status: Pass, Message: "owner and mode are as the site policy requires"}
	if len(why) > 0 {
		r.Status, r.Message = Fail, strings.Join(why, "; ")
	}
	return []Result{r}
}
