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

// effective returns a setting's value as CloudStack sees it: the stored
// value, else the stored default, else the code default.
func effective(st *snapshot.Setting, codeDefault string) (v string, fromDefault bool) {
	if st.Value != nil {
		return *st.Value, false
	}
	if st.Default != nil {
		return *st.Default, true
	}
	return codeDefault, true
}

// judge decides the status of one value (Pass, Fail or Error) and says why.
type judge func(v string) (Status, string)

// settingRule evaluates a non-secret setting globally and, when overrides
// is set, every scoped override of it.
type settingRule struct {
	name        string
	codeDefault string
	expected    string
	judge       judge
	overrides   bool
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
	v, def := effective(st, r.codeDefault)
	actual := show(v)
	if def {
		actual += " (default)"
	}
	res := Result{Resource: SettingRes(r.name), Expected: r.expected, Actual: actual}
	res.Status, res.Message = r.judge(v)
	out := []Result{res}
	if !r.overrides {
		return out
	}
	for _, o := range s.Overrides(r.name) {
		or := Result{Resource: OverrideRes(o), Expected: r.expected, Status: Pass}
		if o.Value == nil {
			or.Status, or.Message = Skip, "override has no value; the global value applies"
		} else {
			or.Actual = show(*o.Value)
			or.Status, or.Message = r.judge(*o.Value)
		}
		out = append(out, or)
	}
	return out
}

// boolRule fails when a boolean setting is not want.
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
