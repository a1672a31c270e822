package checks_test

// Shared harness for the per-domain check tables (style rule 10): every case
// starts from a fresh copy of testdata/snapshots/hardened.json, applies one
// mutation, runs exactly one check (looked up by ID, never by index) and
// compares status, subject and message of the findings, analysistest style:
// a missing expected finding fails, and so does any unexpected finding that
// is not a pass.

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// hardenedPath is the fixture on which every check passes.
var hardenedPath = filepath.Join("..", "testdata", "snapshots", "hardened.json")

// loadHardened returns a fresh, independent copy of the hardened snapshot.
func loadHardened(tb testing.TB) *snapshot.Snapshot {
	tb.Helper()
	s, err := snapshot.Load(hardenedPath)
	if err != nil {
		tb.Fatalf("loading fixture: %v", err)
	}
	return s
}

// mustCheck looks a check up by ID.
func mustCheck(tb testing.TB, id string) *checks.Check {
	tb.Helper()
	c, ok := checks.Lookup(id)
	if !ok {
		tb.Fatalf("no check %s in the registry", id)
	}
	return c
}

// expect is one finding a case must produce. Subject is compared exactly,
// Message as a substring; Absent lists substrings the message must not hold.
type expect struct {
	Status  checks.Status
	Subject string
	Message string
	Absent  []string
}

func (e expect) String() string {
	return fmt.Sprintf("%s %q (message containing %q)", e.Status, e.Subject, e.Message)
}

// checkCase is one row of a per-domain table.
type checkCase struct {
	ID     string // check under test
	Name   string
	Mutate func(*snapshot.Snapshot) // nil: the hardened snapshot as is
	Want   []expect
	// Exact also rejects unexpected pass findings.
	Exact bool
	// Bug names a known defect in the check (described in the test report).
	// The case states the correct behaviour; while the check still
	// misbehaves the case is skipped with the difference; once the check is
	// fixed the case passes (and logs that the marker can go).
	Bug string
}

func pass(subject, msg string) expect {
	return expect{Status: checks.Pass, Subject: subject, Message: msg}
}
func fail(subject, msg string) expect {
	return expect{Status: checks.Fail, Subject: subject, Message: msg}
}
func skip(subject, msg string) expect {
	return expect{Status: checks.Skip, Subject: subject, Message: msg}
}
func errorf(subject, msg string) expect {
	return expect{Status: checks.Error, Subject: subject, Message: msg}
}
func manual(subject, msg string) expect {
	return expect{Status: checks.Manual, Subject: subject, Message: msg}
}

// without adds substrings the message must not contain.
func (e expect) without(s ...string) expect { e.Absent = append(e.Absent, s...); return e }

// runCases runs a table.
func runCases(t *testing.T, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.ID+"/"+tc.Name, func(t *testing.T) {
			t.Parallel()
			c := mustCheck(t, tc.ID)
			s := loadHardened(t)
			if tc.Mutate != nil {
				tc.Mutate(s)
			}
			got := checks.Run(s, []*checks.Check{c})
			problems := compare(tc, got)
			switch {
			case tc.Bug != "" && len(problems) == 0:
				// A fixed bug must not keep its marker: the case is a regression test now.
				t.Errorf("known bug %q no longer reproduces: remove the Bug marker", tc.Bug)
			case tc.Bug != "":
				t.Skipf("known bug: %s\n%s\nfindings:\n%s", tc.Bug, strings.Join(problems, "\n"), dump(got))
			case len(problems) > 0:
				t.Errorf("%s\nfindings:\n%s", strings.Join(problems, "\n"), dump(got))
			}
		})
	}
}

// compare matches expectations to findings one to one and lists what is
// missing or unexpected.
func compare(tc checkCase, got []checks.Finding) []string {
	var problems []string
	used := make([]bool, len(got))
	for _, w := range tc.Want {
		found := false
		for i, f := range got {
			if used[i] || f.Status != w.Status || f.Subject != w.Subject || !strings.Contains(f.Message, w.Message) {
				continue
			}
			if slices.ContainsFunc(w.Absent, func(a string) bool { return strings.Contains(f.Message, a) }) {
				continue
			}
			used[i], found = true, true
			break
		}
		if !found {
			problems = append(problems, "missing: "+w.String())
		}
	}
	for i, f := range got {
		if f.CheckID != tc.ID {
			problems = append(problems, fmt.Sprintf("finding for %s from a run of %s only", f.CheckID, tc.ID))
		}
		if strings.TrimSpace(f.Message) == "" || f.Subject == "" {
			problems = append(problems, fmt.Sprintf("finding without subject or message: %+v", f))
		}
		if !slices.Contains(checks.Statuses, f.Status) {
			problems = append(problems, fmt.Sprintf("finding with unknown status %q", f.Status))
		}
		if !used[i] && (tc.Exact || f.Status != checks.Pass) {
			problems = append(problems, fmt.Sprintf("unexpected: %s %q: %s", f.Status, f.Subject, f.Message))
		}
	}
	return problems
}

func dump(fs []checks.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %q: %s\n", f.Status, f.Subject, f.Message)
	}
	return b.String()
}

// Mutations. Each returns a func that changes a snapshot in place; the
// helpers panic on a name the fixture lacks so a typo cannot pass silently.

func all(ms ...func(*snapshot.Snapshot)) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		for _, m := range ms {
			m(s)
		}
	}
}

func setting(s *snapshot.Snapshot, name string) *snapshot.Setting {
	st, ok := s.Setting(name)
	if !ok {
		panic("fixture has no setting " + name)
	}
	return st
}

// set stores value v for a global setting (and drops any secret facts).
func set(name, v string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		st := setting(s, name)
		st.Value, st.Secret = &v, nil
	}
}

// null makes the stored value NULL, so the stored default applies.
func null(name string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { setting(s, name).Value = nil }
}

// nullBoth makes value and default NULL, so the code default applies.
func nullBoth(name string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { st := setting(s, name); st.Value, st.Default = nil, nil }
}

// drop removes a global setting, as on a release that lacks it.
func drop(name string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		setting(s, name)
		s.Settings = slices.DeleteFunc(s.Settings, func(st snapshot.Setting) bool { return st.Name == name })
	}
}

// secret replaces a setting's value by secret facts.
func secret(name string, f snapshot.SecretFacts) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { st := setting(s, name); st.Value, st.Default, st.Secret = nil, nil, &f }
}

// override adds (or replaces) a scoped override with a value.
func override(scope string, id int64, scopeName, name, v string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		dropOverride(scope, id, name)(s)
		s.ScopedSettings = append(s.ScopedSettings, snapshot.ScopedSetting{Scope: scope, ScopeID: id, ScopeName: scopeName, Name: name, Value: &v})
	}
}

// secretOverride adds (or replaces) a scoped override holding a secret.
func secretOverride(scope string, id int64, scopeName, name string, f snapshot.SecretFacts) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		dropOverride(scope, id, name)(s)
		s.ScopedSettings = append(s.ScopedSettings, snapshot.ScopedSetting{Scope: scope, ScopeID: id, ScopeName: scopeName, Name: name, Secret: &f})
	}
}

func dropOverride(scope string, id int64, name string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		s.ScopedSettings = slices.DeleteFunc(s.ScopedSettings, func(o snapshot.ScopedSetting) bool {
			return o.Scope == scope && o.ScopeID == id && o.Name == name
		})
	}
}

// scope sets a setting's configuration.scope (normalised).
func scope(name, sc string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { setting(s, name).Scope = sc }
}

func dataset(d snapshot.Dataset, st snapshot.DataStatus, reason string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { s.SetData(d, st, reason) }
}

func version(v string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { s.CloudStackVersion = v }
}

// at moves the collection time; day is YYYY-MM-DD (noon UTC) or RFC 3339.
func at(day string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { s.CollectedAt = mustTime(day) }
}

func mustTime(v string) time.Time {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}

// user applies f to the user with the given ID.
func user(id int64, f func(*snapshot.User)) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		for i := range s.Users {
			if s.Users[i].ID == id {
				f(&s.Users[i])
				return
			}
		}
		panic(fmt.Sprintf("fixture has no user %d", id))
	}
}

func addUser(u snapshot.User) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { s.Users = append(s.Users, u) }
}

// credential applies f to the first credential of kind owned by owner.
func credential(kind, owner string, f func(*snapshot.StoredCredential)) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		for i := range s.Credentials {
			if c := &s.Credentials[i]; c.Kind == kind && c.Owner == owner {
				f(c)
				return
			}
		}
		panic("fixture has no " + kind + " of " + owner)
	}
}

func addCredential(c snapshot.StoredCredential) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { s.Credentials = append(s.Credentials, c) }
}

// Secret facts as the collector records them.
var (
	encryptedFacts = snapshot.SecretFacts{Present: true, Encoding: snapshot.Encrypted,
		Evidence: "shape of CloudStack V2 (AES-GCM) ciphertext; not decrypted", Length: 64}
	plainFacts = snapshot.SecretFacts{Present: true, Encoding: snapshot.Plaintext,
		Evidence: "not Base64, so not CloudStack ciphertext", Length: 19}
	unknownFacts = snapshot.SecretFacts{Present: true, Encoding: snapshot.Unknown,
		Evidence: "ambiguous Base64 of 24 bytes", Length: 32}
	emptyFacts   = snapshot.SecretFacts{Present: false, Encoding: snapshot.Empty}
	haproxyFacts = snapshot.SecretFacts{Present: true, Encoding: snapshot.Plaintext, Evidence: "equals a published default",
		KnownDefault: "HAProxy stats default credentials (Config.java NetworkLBHaproxyStatsAuth)", Length: 15}
)

// availabilityCases are the Run-level cases every check shares: for each
// dataset it requires, absent → skip "not applicable", not collected →
// skip "not audited", failed → error; failed outranks absent; a release older
// than Since is skipped.
func availabilityCases() []checkCase {
	var out []checkCase
	for _, c := range checks.Registry {
		subj := "check " + c.ID
		for _, d := range c.Requires {
			out = append(out,
				checkCase{ID: c.ID, Name: "dataset " + string(d) + " absent",
					Mutate: dataset(d, snapshot.Absent, "table "+string(d)+" does not exist in this schema"),
					Want:   []expect{skip(subj, "not applicable: table "+string(d)+" does not exist")}, Exact: true},
				checkCase{ID: c.ID, Name: "dataset " + string(d) + " not collected",
					Mutate: func(s *snapshot.Snapshot) { delete(s.Data, d) },
					Want:   []expect{skip(subj, "not audited: no source providing "+string(d))}, Exact: true},
				checkCase{ID: c.ID, Name: "dataset " + string(d) + " failed",
					Mutate: dataset(d, snapshot.Failed, "reading table x: Error 1142 (42000): SELECT command denied"),
					Want:   []expect{errorf(subj, "cannot evaluate: "+string(d)+" could not be read: reading table x: Error 1142")}, Exact: true},
			)
		}
		if len(c.Requires) > 1 {
			first, last := c.Requires[0], c.Requires[len(c.Requires)-1]
			out = append(out, checkCase{ID: c.ID, Name: "failed outranks absent",
				Mutate: all(dataset(first, snapshot.Absent, "not in this schema"), dataset(last, snapshot.Failed, "query timed out")),
				Want:   []expect{errorf(subj, string(last)+" could not be read: query timed out")}, Exact: true})
		}
		if c.Since != "" {
			out = append(out, checkCase{ID: c.ID, Name: "release before " + c.Since,
				Mutate: version("4.9.2.0"),
				Want:   []expect{skip(subj, "not applicable: CloudStack 4.9.2.0 predates "+c.Since)}, Exact: true})
		}
	}
	return out
}

func TestDatasetAvailability(t *testing.T) { runCases(t, availabilityCases()) }
