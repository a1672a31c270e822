package reports

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/csaudit/csaudit/checks"
)

// Waivers is a valid waiver file: accepted risks, each with a reason and
// an expiry date.
//
//	waivers:
//	  - check: CS-API-001                        # ID or ID prefix (CS-API)
//	    subject: "setting integration.api.port"  # optional glob on the subject
//	    machine: "mgmt*"                         # optional glob on the machine
//	    kind: setting                            # optional globs on the resource:
//	    name: consoleproxy.url.domain            #   kind, name, scope, path, key
//	    scope: zone                              #
//	    scope_id: 3                              # optional, exact
//	    fingerprint: 0123…                       # optional, exact (either scheme)
//	    reason: "…"                              # required
//	    expires: 2027-03-31                      # required, inclusive, UTC
//	    owner: "…"                               # optional
//	    ticket: "…"                              # optional
type Waivers struct {
	File    string
	Entries []Waiver
}

// Waiver is one entry of a waiver file. It covers the failures of the
// matching checks whose subject and machine match its globs, up to and
// including its expiry day (UTC), judged at the audit's collected_at.
type Waiver struct {
	Check   string `json:"check"`
	Subject string `json:"subject,omitempty"`
	Machine string `json:"machine,omitempty"`
	// Resource fields: globs on the finding's resource, and its exact
	// scope id. They pin a waiver to one resource whatever its rendering.
	Kind    string `json:"kind,omitempty"`
	Name    string `json:"name,omitempty"`
	Scope   string `json:"scope,omitempty"`
	ScopeID *int64 `json:"scope_id,omitempty"`
	Path    string `json:"path,omitempty"`
	Key     string `json:"key,omitempty"`
	// Fingerprint matches one finding exactly (scheme 2, or the scheme-1
	// fingerprint of reports before schema 2.0).
	Fingerprint string `json:"fingerprint,omitempty"`
	Reason      string `json:"reason"`
	Expires     string `json:"expires"`
	Owner       string `json:"owner,omitempty"`
	Ticket      string `json:"ticket,omitempty"`
	// Line is the entry's line in the waiver file.
	Line int `json:"line"`

	until                                          time.Time // first instant after the expiry day
	subject, machine, kind, name, scope, path, key *regexp.Regexp
	valid                                          bool
}

// Waiver states in a report.
const (
	WaiverActive    = "active"    // in force and matching at least one failure
	WaiverExpired   = "expired"   // past its expiry day: no longer applies
	WaiverUnmatched = "unmatched" // in force but matching no failure
)

// WaiverReport is the waiver file as applied to one audit.
type WaiverReport struct {
	File    string        `json:"file"`
	Entries []WaiverState `json:"entries"`
}

// WaiverState is a waiver and what it did in this audit. Matched counts the
// failures it matches; for an expired waiver, the failures it would have
// covered.
type WaiverState struct {
	Waiver
	State   string `json:"state"`
	Matched int    `json:"matched"`
}

// Problem is one thing wrong with a waiver file.
type Problem struct {
	Line int // 0 when unknown
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
	}
	return p.Msg
}

// active reports whether w is in force at t.
func (w *Waiver) active(t time.Time) bool { return t.Before(w.until) }

// matches reports whether w covers finding f (whatever its status).
func (w *Waiver) matches(f *Finding) bool {
	glob := func(re *regexp.Regexp, s string) bool { return re == nil || re.MatchString(s) }
	r := f.Resource
	return checkMatches(w.Check, f.CheckID) &&
		glob(w.subject, f.Subject) && glob(w.machine, f.Machine) &&
		glob(w.kind, r.Kind) && glob(w.name, r.Name) && glob(w.scope, r.Scope) &&
		glob(w.path, r.Path) && glob(w.key, r.Key) &&
		(w.ScopeID == nil || *w.ScopeID == r.ScopeID) &&
		(w.Fingerprint == "" || w.Fingerprint == f.Fingerprint || w.Fingerprint == f.legacy)
}

// checkMatches is the --checks rule: the ID itself or an ID prefix.
func checkMatches(pattern, id string) bool {
	p := strings.ToUpper(pattern)
	return id == p || strings.HasPrefix(id, strings.TrimSuffix(p, "-")+"-")
}

// ParseWaivers reads a waiver file. Every problem is reported, with its
// line; the file is valid only when there are none. Dates in the past are
// not problems here: an expired waiver is reported as expired by the audit.
func ParseWaivers(file string, data []byte) (*Waivers, []Problem) {
	entries, problems := parseWaivers(data)
	w := &Waivers{File: file}
	for _, e := range entries {
		if e.valid {
			w.Entries = append(w.Entries, e)
		}
	}
	return w, problems
}

// LintWaivers is ParseWaivers plus the checks worth making before a file is
// committed: waivers already expired at now are problems.
func LintWaivers(data []byte, now time.Time) (n int, problems []Problem) {
	entries, problems := parseWaivers(data)
	for _, e := range entries {
		if !e.until.IsZero() && !e.active(now) {
			problems = append(problems, Problem{e.Line, fmt.Sprintf("expires %s, which is in the past (today is %s UTC): renew the waiver with a new reason, or remove it", e.Expires, now.UTC().Format(time.DateOnly))})
		}
	}
	sortProblems(problems)
	return len(entries), problems
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
}

var waiverKeys = []string{"check", "subject", "machine", "kind", "name", "scope", "scope_id", "path", "key", "fingerprint", "reason", "expires", "owner", "ticket"}

var fingerprintRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

func parseWaivers(data []byte) ([]Waiver, []Problem) {
	var problems []Problem
	add := func(line int, f string, a ...any) { problems = append(problems, Problem{line, fmt.Sprintf(f, a...)}) }

	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			add(0, "the file is empty: expected a top-level 'waivers:' list")
			return nil, problems
		}
		return nil, []Problem{yamlProblem(err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		add(extra.Line, "only one YAML document is allowed")
	} else if !errors.Is(err, io.EOF) {
		problems = append(problems, yamlProblem(err))
	}
	root := deref(&doc)
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = deref(root.Content[0])
	}
	if root.Kind != yaml.MappingNode {
		add(root.Line, "expected a mapping with a 'waivers:' list at the top level")
		return nil, problems
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1])
		if k.Value != "waivers" {
			add(k.Line, "unknown top-level key %q (the file holds only 'waivers:')", k.Value)
			continue
		}
		list = v
	}
	if list == nil {
		add(root.Line, "no 'waivers:' list")
		return nil, problems
	}
	if list.Kind == yaml.ScalarNode && list.Tag == "!!null" {
		return nil, problems // "waivers:" with nothing: no waivers
	}
	if list.Kind != yaml.SequenceNode {
		add(list.Line, "'waivers' must be a list of entries (each starting with '- check: ...')")
		return nil, problems
	}
	var out []Waiver
	for _, item := range list.Content {
		item = deref(item)
		w, ps := parseWaiver(item)
		problems = append(problems, ps...)
		out = append(out, w)
	}
	sortProblems(problems)
	return out, problems
}

func parseWaiver(n *yaml.Node) (Waiver, []Problem) {
	var problems []Problem
	add := func(line int, f string, a ...any) { problems = append(problems, Problem{line, fmt.Sprintf(f, a...)}) }
	w := Waiver{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		add(n.Line, "a waiver must be a mapping with check, reason and expires")
		return w, problems
	}
	seen := map[string]bool{}
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		key := k.Value
		if !contains(waiverKeys, key) {
			add(k.Line, "unknown key %q (known: %s)", key, strings.Join(waiverKeys, ", "))
			continue
		}
		if seen[key] {
			add(k.Line, "%s is given twice", key)
			continue
		}
		seen[key], lines[key] = true, k.Line
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			add(v.Line, "%s must be a single value", key)
			continue
		}
		val := strings.TrimSpace(v.Value)
		switch key {
		case "check":
			w.Check = strings.ToUpper(val)
		case "subject":
			w.Subject = v.Value
		case "machine":
			w.Machine = v.Value
		case "kind":
			w.Kind = v.Value
		case "name":
			w.Name = v.Value
		case "scope":
			w.Scope = v.Value
		case "path":
			w.Path = v.Value
		case "key":
			w.Key = v.Value
		case "scope_id":
			id, err := strconv.ParseInt(val, 10, 64)
			if err != nil || id <= 0 {
				add(v.Line, "scope_id %q is not a positive integer (the zone, domain or account id)", val)
				continue
			}
			w.ScopeID = &id
		case "fingerprint":
			if !fingerprintRE.MatchString(strings.ToLower(val)) {
				add(v.Line, "fingerprint %q is not 32 hex digits (copy it from a JSON report)", val)
				continue
			}
			w.Fingerprint = strings.ToLower(val)
		case "reason":
			w.Reason = val
		case "expires":
			w.Expires = val
		case "owner":
			w.Owner = val
		case "ticket":
			w.Ticket = val
		}
	}
	if !seen["check"] || w.Check == "" {
		add(n.Line, "missing check (a check ID such as CS-API-001, or a prefix such as CS-API)")
	} else if !knownCheckPattern(w.Check) {
		add(lines["check"], "check %q matches no check ID or prefix (see 'csaudit checks')", w.Check)
	}
	if !seen["reason"] || w.Reason == "" {
		add(n.Line, "missing reason: say why the risk is accepted")
	}
	if !seen["expires"] || w.Expires == "" {
		add(n.Line, "missing expires: every waiver needs an expiry date (YYYY-MM-DD)")
	} else if d, err := time.Parse(time.DateOnly, w.Expires); err != nil {
		add(lines["expires"], "expires %q is not a date in the form YYYY-MM-DD", w.Expires)
	} else {
		w.until = d.AddDate(0, 0, 1)
	}
	for _, g := range []struct {
		key string
		pat string
		re  **regexp.Regexp
	}{{"subject", w.Subject, &w.subject}, {"machine", w.Machine, &w.machine}, {"kind", w.Kind, &w.kind},
		{"name", w.Name, &w.name}, {"scope", w.Scope, &w.scope}, {"path", w.Path, &w.path}, {"key", w.Key, &w.key}} {
		if !seen[g.key] {
			continue
		}
		if g.pat == "" {
			add(lines[g.key], "%s is empty: leave it out to match every %s", g.key, g.key)
			continue
		}
		re, err := compileGlob(g.pat)
		if err != nil {
			add(lines[g.key], "%s %q is not a valid glob: %v", g.key, g.pat, err)
			continue
		}
		*g.re = re
	}
	w.valid = len(problems) == 0
	return w, problems
}

func knownCheckPattern(p string) bool {
	for _, c := range checks.Registry {
		if checkMatches(p, c.ID) {
			return true
		}
	}
	return false
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlProblem turns a YAML syntax error into a Problem with its line.
func yamlProblem(err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
		msg = strings.TrimSpace(strings.TrimPrefix(msg, m[0]+":"))
	}
	return Problem{line, "not valid YAML: " + msg}
}

// compileGlob turns a shell-style glob into an anchored regular expression.
// '*' matches any run of characters, '/' included (subjects such as
// "domain /Engineering/" and file paths hold slashes); '?' matches one
// character; [abc], [a-z] and [!a] are classes; a backslash quotes the next
// character. Matching is case-sensitive.
func compileGlob(glob string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`^`)
	rs := []rune(glob)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '\\':
			if i+1 == len(rs) {
				return nil, errors.New("trailing backslash")
			}
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case '[':
			j := i + 1
			neg := false
			if j < len(rs) && (rs[j] == '!' || rs[j] == '^') {
				neg = true
				j++
			}
			start := j
			if j < len(rs) && rs[j] == ']' {
				j++ // a leading ']' is literal
			}
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j == len(rs) {
				return nil, errors.New("unterminated [ class")
			}
			var cls strings.Builder
			for _, r := range rs[start:j] {
				if r == '-' {
					cls.WriteRune(r)
					continue
				}
				cls.WriteString(regexp.QuoteMeta(string(r)))
			}
			if neg {
				b.WriteString("[^" + cls.String() + "]")
			} else {
				b.WriteString("[" + cls.String() + "]")
			}
			i = j
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`$`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	return re, nil
}

// apply marks the failures among fs that an active waiver covers and
// returns every entry with its state at t.
func (w *Waivers) apply(fs []Finding, t time.Time) *WaiverReport {
	rep := &WaiverReport{File: w.File, Entries: make([]WaiverState, len(w.Entries))}
	for i, e := range w.Entries {
		rep.Entries[i] = WaiverState{Waiver: e}
	}
	for fi := range fs {
		f := &fs[fi]
		if f.Status != checks.Fail {
			continue
		}
		for i := range w.Entries {
			e := &w.Entries[i]
			if !e.matches(f) {
				continue
			}
			rep.Entries[i].Matched++
			if e.active(t) && f.Waived == nil {
				cp := *e
				f.Waived = &cp
			}
		}
	}
	for i := range rep.Entries {
		e := &rep.Entries[i]
		switch {
		case !e.active(t):
			e.State = WaiverExpired
		case e.Matched == 0:
			e.State = WaiverUnmatched
		default:
			e.State = WaiverActive
		}
	}
	return rep
}
