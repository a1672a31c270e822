package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// isTrue reads a boolean setting as Java's Boolean.parseBoolean does.
func isTrue(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "true") }

func show(v string) string {
	if v == "" {
		return "(empty)"
	}
	const max = 120
	if len(v) > max {
		return v[:max] + "…"
	}
	return v
}

func releaseName(s *snapshot.Snapshot) string {
	if s.CloudStackVersion == "" {
		return "this CloudStack release"
	}
	return "CloudStack " + s.CloudStackVersion
}

// missingSetting is the result for a setting this release does not have.
func missingSetting(s *snapshot.Snapshot, name string) Result {
	return Result{Status: Skip, Resource: SettingRes(name),
		Message: fmt.Sprintf("not applicable: %s has no setting %s", releaseName(s), name)}
}

// effective returns a setting's value from the stored value, else the
// stored default, else codeDefault. Prefer effectiveIn, which takes the
// Java default of the audited release from the settings table; a test holds
// every codeDefault passed here against that table.
func effective(st *snapshot.Setting, codeDefault string) (v string, fromDefault bool) {
	if h := defaultHook; h != nil {
		h(st.Name, codeDefault)
	}
	if st.Value != nil {
		return *st.Value, false
	}
	if st.Default != nil {
		return *st.Default, true
	}
	return codeDefault, true
}

// defaultHook, when set (by a test only), sees every code default a check assumes.
var defaultHook func(name, codeDefault string)

// judge decides the status of one value (Pass, Fail or Error) and says why.
type judge func(v string) (Status, string)

// settingRule evaluates a non-secret setting globally and, when overrides
// is set, every scoped override of it that CloudStack reads at this release
// (overrideRead); rows it never reads are skipped, never judged.
type settingRule struct {
	name string
	// codeDefault is used only for a setting the settings table does not
	// know; otherwise the table's Java default of the release applies.
	codeDefault string
	expected    string
	judge       judge
	overrides   bool
}

// value returns the effective global value and a note on its origin.
func (r settingRule) value(s *snapshot.Snapshot, st *snapshot.Setting) (string, string) {
	if _, ok := Settings().Lookup(r.name); ok {
		if h := defaultHook; h != nil && r.codeDefault != "" {
			h(r.name, r.codeDefault)
		}
		v, _, note := effectiveIn(s, st)
		return v, note
	}
	v, def := effective(st, r.codeDefault)
	if def {
		return v, " (default)"
	}
	return v, ""
}

func (r settingRule) eval(s *snapshot.Snapshot) []Result {
	st, ok := s.Setting(r.name)
	if !ok {
		return []Result{missingSetting(s, r.name)}
	}
	if st.Secret != nil {
		return []Result{{Status: Error, Resource: SettingRes(r.name),
			Message: "setting is stored as a secret; its value cannot be judged"}}
	}
	v, note := r.value(s, st)
	res := Result{Resource: SettingRes(r.name), Expected: r.expected, Actual: show(v) + note}
	res.Status, res.Message = r.judge(v)
	out := []Result{res}
	if !r.overrides {
		return out
	}
	read, unread := readOverrides(s, r.name)
	for _, o := range read {
		or := Result{Resource: OverrideRes(o), Expected: r.expected, Status: Pass}
		if o.Value == nil {
			or.Status, or.Message = Skip, "override has no value; the global value applies"
		} else {
			or.Actual = show(*o.Value)
			or.Status, or.Message = r.judge(*o.Value)
		}
		out = append(out, or)
	}
	return append(out, unread...)
}

// boolRule fails when a boolean setting is not want. codeDefault applies
// only to a setting the settings table does not know.
func boolRule(name string, want bool, codeDefault string, failMsg string, overrides bool) settingRule {
	return settingRule{
		name: name, codeDefault: codeDefault, expected: fmt.Sprint(want), overrides: overrides,
		judge: func(v string) (Status, string) {
			if isTrue(v) != want {
				return Fail, failMsg
			}
			return Pass, fmt.Sprintf("%s is %t", name, want)
		},
	}
}

// secretsFailing lists the results for stored secrets that are in the clear
// (fail), undecidable (manual) or encrypted (pass).
func secretResult(res Resource, f snapshot.SecretFacts, what string) Result {
	r := Result{Resource: res, Expected: "encrypted", Actual: string(f.Encoding)}
	switch {
	case !f.Present:
		r.Status, r.Message, r.Actual = Pass, what+" is empty", "empty"
	case f.Encoding == snapshot.Plaintext:
		r.Status, r.Message = Fail, fmt.Sprintf("%s is stored in the clear (%s)", what, f.Evidence)
	case f.Encoding == snapshot.Encrypted:
		r.Status, r.Message = Pass, fmt.Sprintf("%s is encrypted (%s)", what, f.Evidence)
	default:
		r.Status, r.Message = Manual, fmt.Sprintf("cannot tell whether %s is encrypted (%s); inspect the stored value", what, f.Evidence)
	}
	return r
}

// registryList reproduces CloudStack's ExtensionRegistry.register: the
// items named in order come first (names match exactly, case included),
// items not named are appended in their registration order, and items named
// in exclude (exactly) are dropped.
func registryList(order, exclude string, known []string) []string {
	ex := map[string]bool{}
	for _, e := range splitRegistry(exclude) {
		ex[e] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, o := range splitRegistry(order) {
		if slices.Contains(known, o) && !ex[o] && !seen[o] {
			out, seen[o] = append(out, o), true
		}
	}
	for _, k := range known {
		if !ex[k] && !seen[k] {
			out, seen[k] = append(out, k), true
		}
	}
	return out
}

// splitRegistry splits like ExtensionRegistry: trim, then "\s*,\s*".
func splitRegistry(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// csvHas reports whether a comma-separated list contains item (case-insensitive).
func csvHas(list, item string) bool {
	for _, p := range snapshot.CSV(list) {
		if strings.EqualFold(p, item) {
			return true
		}
	}
	return false
}
