package checks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Helpers for the second-round checks (vm.go, auth_policy.go, ...).

// globalValue returns a non-secret setting's effective global value and
// the Actual text for it; stop is the result to return instead when the
// setting is absent (skip) or kept as a secret (manual).
func globalValue(s *snapshot.Snapshot, name, codeDefault string) (v, actual string, stop *Result) {
	st, ok := s.Setting(name)
	if !ok {
		r := missingSetting(s, name)
		return "", "", &r
	}
	if st.Secret != nil {
		if !st.Secret.Present {
			return codeDefault, show(codeDefault) + " (default)", nil
		}
		return "", "", &Result{Status: Manual, Resource: SettingRes(name), Actual: "stored encrypted",
			Message: fmt.Sprintf("%s is stored encrypted (category %s) and could not be read; give csaudit the database key (--db-properties) or check the value with the management server", name, st.Category)}
	}
	v, def := effective(st, codeDefault)
	actual = show(v)
	if def {
		actual += " (default)"
	}
	return v, actual, nil
}

// intJudge turns an integer judgement into a judge; unparsable values error.
func intJudge(name string, f func(n int64) (Status, string)) judge {
	return func(v string) (Status, string) {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return Error, fmt.Sprintf("%s is not an integer (%s); CloudStack cannot use it either", name, show(v))
		}
		return f(n)
	}
}

// hasSetting reports whether the release has the setting.
func hasSetting(s *snapshot.Snapshot, name string) bool { _, ok := s.Setting(name); return ok }

// anyTrue reports whether a boolean setting is true globally or in any
// override (absent: false).
func anyTrue(s *snapshot.Snapshot, name, codeDefault string) bool {
	st, ok := s.Setting(name)
	if !ok {
		return false
	}
	if v, _ := effective(st, codeDefault); st.Secret == nil && isTrue(v) {
		return true
	}
	for _, o := range s.Overrides(name) {
		if o.Value != nil && isTrue(*o.Value) {
			return true
		}
	}
	return false
}

// userByID indexes the users.
func userByID(s *snapshot.Snapshot) map[int64]snapshot.User {
	m := make(map[int64]snapshot.User, len(s.Users))
	for _, u := range s.Users {
		m[u.ID] = u
	}
	return m
}

// credentialResults judges every stored credential of kind: one result per
// credential not encrypted (clearMsg added to failures), or one pass that
// counts them.
func credentialResults(s *snapshot.Snapshot, kind, what, clearMsg string) []Result {
	var out []Result
	n, enc := 0, 0
	for _, c := range s.Credentials {
		if c.Kind != kind || !c.Secret.Present {
			continue
		}
		n++
		r := secretResult(CredentialRes(c), c.Secret, what+" in "+c.Location)
		switch r.Status {
		case Pass:
			enc++
			continue
		case Fail:
			r.Message += clearMsg
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		out = append(out, Result{Status: Pass, Resource: GroupRes(what + "s"), Expected: "encrypted",
			Actual: fmt.Sprintf("%d stored, %d encrypted", n, enc), Message: fmt.Sprintf("no %s is stored in the clear", what)})
	}
	return out
}
