package checks_test

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// domainCases is every hand-written table; the coverage test walks it.
func domainCases() []checkCase {
	return slices.Concat(apiCases, authCases, cryptCases, pkiCases, consoleCases, versionCases, hostCases, round2Cases, newHostCases, dbsCases, driftCases)
}

// hardenedExceptions lists checks that cannot pass on the hardened fixture
// for a reason outside the fixture, with that reason.
var hardenedExceptions = map[string]string{
	"CS-DRIFT-002": "the fixture probes one of its two live management servers: nothing to compare, a person must probe the other",
	"CS-DRIFT-003": "the fixture probes one of its two live management servers: nothing to compare, a person must probe the other",
	"CS-VER-005":   "CVE-2025-22828 has no fixed release, so even 4.22.1.1 yields a manual finding",
}

func TestRegistryValid(t *testing.T) {
	if err := checks.Validate(checks.Registry); err != nil {
		t.Fatal(err)
	}
	if n := len(checks.Registry); n < 85 {
		t.Errorf("registry has %d checks; the catalogue promises at least 85", n)
	}
}

// TestHardenedPassesEverything runs each check alone on the hardened fixture:
// every finding must be a pass.
func TestHardenedPassesEverything(t *testing.T) {
	for _, c := range checks.Registry {
		t.Run(c.ID, func(t *testing.T) {
			if why, ok := hardenedExceptions[c.ID]; ok {
				fs := checks.Run(loadHardened(t), []*checks.Check{c})
				if !slices.ContainsFunc(fs, func(f checks.Finding) bool { return f.Status != checks.Pass }) {
					t.Logf("%s now passes on the hardened fixture; drop it from hardenedExceptions", c.ID)
					return
				}
				for _, f := range fs {
					if f.Status != checks.Pass && f.Status != checks.Manual {
						t.Errorf("%s %q: %s (only pass/manual expected: %s)", f.Status, f.Subject, f.Message, why)
					}
				}
				return
			}
			fs := checks.Run(loadHardened(t), []*checks.Check{c})
			if len(fs) == 0 {
				t.Fatal("no finding")
			}
			for _, f := range fs {
				if f.Status != checks.Pass {
					t.Errorf("%s %q: %s", f.Status, f.Subject, f.Message)
				}
			}
		})
	}
}

// TestHardenedFixture pins what the other tests rely on.
func TestHardenedFixture(t *testing.T) {
	s := loadHardened(t)
	if got := s.CollectedAt.UTC().Format("2006-01-02T15:04:05Z"); got != "2026-11-23T12:00:00Z" {
		t.Errorf("collected_at = %s", got)
	}
	for _, d := range snapshot.DatabaseDatasets {
		if a := s.Availability(d); a.Status != snapshot.Collected {
			t.Errorf("dataset %s is %s, want collected", d, a.Status)
		}
	}
	if n := len(s.VersionHistory); n == 0 || s.VersionHistory[n-1].Version != s.CloudStackVersion {
		t.Errorf("last version_history row is not cloudstack_version %s", s.CloudStackVersion)
	}
	if s.DBEncryption == nil || s.DBEncryption.State != snapshot.EncryptionOn {
		t.Errorf("db_encryption = %+v, want on", s.DBEncryption)
	}
	if len(s.Sources) != 3 || !s.Sources[0].OK || s.Sources[0].Kind != "database" || s.Sources[1].Kind != "ssh" || !s.Sources[2].OK {
		t.Errorf("sources = %+v, want a working database source and two SSH hosts", s.Sources)
	}
	if len(s.Machines) != 2 || !s.Machines[0].HasRole(snapshot.RoleManagement) || !s.Machines[1].HasRole(snapshot.RoleKVM) {
		t.Errorf("machines: want a management server and a KVM host")
	}
	up := 0
	for _, m := range s.ManagementServers {
		if m.State == "Up" && !m.Removed {
			up++
		}
	}
	if up != 2 {
		t.Errorf("%d live management servers, want 2", up)
	}
	for _, st := range s.Settings {
		if st.Secret != nil && (st.Value != nil || st.Default != nil) {
			t.Errorf("secret setting %s also carries a value", st.Name)
		}
		if st.Secret != nil && st.Secret.Present && st.Secret.Encoding == snapshot.Plaintext && !strings.Contains(st.Name, "certificate") {
			t.Errorf("secret setting %s is in the clear on the hardened fixture", st.Name)
		}
	}
	if !slices.IsSortedFunc(s.Settings, func(a, b snapshot.Setting) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("settings are not in Normalize order")
	}
	scopes := map[string]bool{}
	for _, o := range s.ScopedSettings {
		scopes[o.Scope] = true
	}
	for _, sc := range []string{"zone", "domain", "account"} {
		if !scopes[sc] {
			t.Errorf("no %s-scoped override", sc)
		}
	}
}

// TestEveryCheckHasCases fails when a registered check has no hand-written
// case, or lacks a passing case or a case for a failure mode.
func TestEveryCheckHasCases(t *testing.T) {
	good, bad, names := map[string]int{}, map[string]int{}, map[string]bool{}
	for _, tc := range domainCases() {
		if _, ok := checks.Lookup(tc.ID); !ok {
			t.Errorf("case %q names unknown check %s", tc.Name, tc.ID)
		}
		key := tc.ID + "/" + tc.Name
		if names[key] {
			t.Errorf("duplicate case name %s", key)
		}
		names[key] = true
		if len(tc.Want) == 0 {
			t.Errorf("case %s expects nothing", key)
		}
		for _, w := range tc.Want {
			if w.Status == checks.Pass {
				good[tc.ID]++
			} else {
				bad[tc.ID]++
			}
		}
	}
	for _, c := range checks.Registry {
		if good[c.ID] == 0 {
			t.Errorf("%s has no case expecting pass", c.ID)
		}
		if bad[c.ID] == 0 {
			t.Errorf("%s has no case for a failure mode", c.ID)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	base := mustCheck(t, "CS-API-001")
	mod := func(f func(*checks.Check)) []*checks.Check {
		c := *base
		f(&c)
		return []*checks.Check{&c}
	}
	cases := []struct {
		name string
		list []*checks.Check
		want string
	}{
		{"no title", mod(func(c *checks.Check) { c.Title = " " }), "title, rationale and remediation are required"},
		{"no rationale", mod(func(c *checks.Check) { c.Rationale = "" }), "title, rationale and remediation are required"},
		{"no remediation", mod(func(c *checks.Check) { c.Remediation = "" }), "title, rationale and remediation are required"},
		{"short ID", mod(func(c *checks.Check) { c.ID = "CS-API-1" }), "ID does not match CS-<DOMAIN>-NNN"},
		{"lower-case ID", mod(func(c *checks.Check) { c.ID = "cs-api-001" }), "ID does not match"},
		{"no domain", mod(func(c *checks.Check) { c.ID = "CS-001" }), "ID does not match"},
		{"empty ID", mod(func(c *checks.Check) { c.ID = "" }), "ID does not match"},
		{"duplicate ID", []*checks.Check{base, base}, "duplicate ID"},
		{"out of order", []*checks.Check{mustCheck(t, "CS-API-002"), base}, "not in ID order after CS-API-002"},
		{"no threat", mod(func(c *checks.Check) { c.Threat = nil }), "no threat-model reference"},
		{"bad threat ref", mod(func(c *checks.Check) { c.Threat = []string{"TM 10.3"} }), `threat reference "TM 10.3" is not`},
		{"bad PR ref", mod(func(c *checks.Check) { c.Threat = []string{"TM §10.3", "PR #20"} }), `threat reference "PR #20"`},
		{"severity out of range", mod(func(c *checks.Check) { c.Severity = checks.Critical + 1 }), "severity out of range"},
		{"negative severity", mod(func(c *checks.Check) { c.Severity = -1 }), "severity out of range"},
		{"no dataset", mod(func(c *checks.Check) { c.Requires = nil }), "no required dataset"},
		{"no Eval", mod(func(c *checks.Check) { c.Eval = nil }), "no Eval"},
		{"bad since", mod(func(c *checks.Check) { c.Since = "four" }), "since:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := checks.Validate(tc.list)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error containing %q", err, tc.want)
			}
		})
	}
	// Good threat forms are accepted.
	for _, ref := range []string{"TM §4 B1", "TM §11a.2", "TM §5a", "PR Q20", "TM §10.14"} {
		if err := checks.Validate(mod(func(c *checks.Check) { c.Threat = []string{ref} })); err != nil {
			t.Errorf("threat %q rejected: %v", ref, err)
		}
	}
}

func TestRunNeverSilent(t *testing.T) {
	mk := func(eval func(*snapshot.Snapshot) []checks.Result) *checks.Check {
		return &checks.Check{ID: "CS-TST-001", Title: "test", Severity: checks.High, Threat: []string{"TM §1"},
			Rationale: "r", Remediation: "r", Requires: []snapshot.Dataset{snapshot.DataSettings}, Eval: eval}
	}
	cases := []struct {
		name string
		c    *checks.Check
		want expect
	}{
		{"panicking Eval", mk(func(*snapshot.Snapshot) []checks.Result { panic("index out of range [3] with length 3") }),
			errorf("check CS-TST-001", "internal error in check CS-TST-001: index out of range [3] with length 3")},
		{"nil-pointer panic", mk(func(s *snapshot.Snapshot) []checks.Result {
			var st *snapshot.Setting
			return []checks.Result{{Status: checks.Pass, Message: st.Name}}
		}), errorf("check CS-TST-001", "internal error in check CS-TST-001: runtime error: invalid memory address")},
		{"no result", mk(func(*snapshot.Snapshot) []checks.Result { return nil }),
			errorf("check CS-TST-001", "internal error: check CS-TST-001 produced no result")},
		{"empty result slice", mk(func(*snapshot.Snapshot) []checks.Result { return []checks.Result{} }),
			errorf("check CS-TST-001", "produced no result")},
		{"result without subject", mk(func(*snapshot.Snapshot) []checks.Result {
			return []checks.Result{{Status: checks.Pass, Message: "fine"}}
		}), pass("check CS-TST-001", "fine")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := checks.Run(loadHardened(t), []*checks.Check{tc.c})
			if p := compare(checkCase{ID: "CS-TST-001", Want: []expect{tc.want}, Exact: true}, fs); len(p) > 0 {
				t.Fatalf("%s\n%s", strings.Join(p, "\n"), dump(fs))
			}
			if f := fs[0]; f.Severity != checks.High || f.Title != "test" || !slices.Equal(f.Threat, []string{"TM §1"}) {
				t.Errorf("finding does not carry the check's metadata: %+v", f)
			}
		})
	}
}

// TestRunWholeRegistry runs everything at once: each check yields at least
// one finding, nothing leaks between checks, the output is sorted.
func TestRunWholeRegistry(t *testing.T) {
	s := loadHardened(t)
	fs := checks.Run(s, checks.Registry)
	per := map[string]int{}
	for _, f := range fs {
		per[f.CheckID]++
	}
	for _, c := range checks.Registry {
		if per[c.ID] == 0 {
			t.Errorf("%s produced no finding", c.ID)
		}
	}
	sorted := slices.Clone(fs)
	checks.SortFindings(sorted)
	if !slices.EqualFunc(fs, sorted, func(a, b checks.Finding) bool {
		return a.CheckID == b.CheckID && a.Subject == b.Subject && a.Status == b.Status
	}) {
		t.Error("Run output is not in SortFindings order")
	}
	// Running twice on the same snapshot gives the same result (no hidden state).
	again := checks.Run(s, checks.Registry)
	if !slices.EqualFunc(fs, again, func(a, b checks.Finding) bool { return a.CheckID == b.CheckID && a.Message == b.Message }) {
		t.Error("second run differs from the first")
	}
}

func TestSortFindings(t *testing.T) {
	fs := []checks.Finding{
		{CheckID: "CS-API-002", Severity: checks.Low, Status: checks.Pass, Subject: "b"},
		{CheckID: "CS-API-001", Severity: checks.Critical, Status: checks.Pass, Subject: "a"},
		{CheckID: "CS-VER-001", Severity: checks.High, Status: checks.Error, Subject: "a"},
		{CheckID: "CS-AUTH-001", Severity: checks.High, Status: checks.Fail, Subject: "z"},
		{CheckID: "CS-AUTH-001", Severity: checks.High, Status: checks.Fail, Subject: "a"},
		{CheckID: "CS-AUTH-003", Severity: checks.Critical, Status: checks.Fail, Subject: "a"},
		{CheckID: "CS-CRYPT-002", Severity: checks.Medium, Status: checks.Manual, Subject: "a"},
		{CheckID: "CS-PKI-003", Severity: checks.High, Status: checks.Skip, Subject: "a"},
	}
	checks.SortFindings(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.CheckID+":"+f.Subject)
	}
	want := []string{"CS-AUTH-003:a", "CS-AUTH-001:a", "CS-AUTH-001:z", "CS-VER-001:a", "CS-CRYPT-002:a", "CS-PKI-003:a", "CS-API-001:a", "CS-API-002:b"}
	if !slices.Equal(got, want) {
		t.Errorf("order\n got %v\nwant %v", got, want)
	}
}

func TestLookup(t *testing.T) {
	for _, id := range []string{"CS-API-001", "cs-api-001", "Cs-Pki-003"} {
		if c, ok := checks.Lookup(id); !ok || !strings.EqualFold(c.ID, id) {
			t.Errorf("Lookup(%q) = %v, %v", id, c, ok)
		}
	}
	for _, id := range []string{"", "CS-API", "CS-API-999", "CS-API-0011"} {
		if c, ok := checks.Lookup(id); ok {
			t.Errorf("Lookup(%q) found %s", id, c.ID)
		}
	}
	if d := mustCheck(t, "CS-CRYPT-004").Domain(); d != "CRYPT" {
		t.Errorf("Domain = %q", d)
	}
}

func TestSelect(t *testing.T) {
	ids := func(cs []*checks.Check) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	cases := []struct {
		name             string
		include, exclude []string
		want             []string // selected; nil with wantN
		wantN            int
		err              string
	}{
		{name: "everything", wantN: len(checks.Registry)},
		{name: "domain prefix", include: []string{"CS-API"}, want: []string{"CS-API-001", "CS-API-002", "CS-API-003", "CS-API-004", "CS-API-005", "CS-API-006", "CS-API-007", "CS-API-008"}},
		{name: "prefix with dash, lower case, blanks", include: []string{" cs-ver- "}, want: []string{"CS-VER-001", "CS-VER-002", "CS-VER-003", "CS-VER-004", "CS-VER-005", "CS-VER-006", "CS-VER-010"}},
		{name: "single ID", include: []string{"CS-PKI-003"}, want: []string{"CS-PKI-003"}},
		{name: "two domains in registry order", include: []string{"CS-VER", "CS-CONS"}, want: []string{"CS-CONS-001", "CS-CONS-002", "CS-VER-001", "CS-VER-002", "CS-VER-003", "CS-VER-004", "CS-VER-005", "CS-VER-006", "CS-VER-010"}},
		{name: "include minus exclude", include: []string{"CS-PKI"}, exclude: []string{"CS-PKI-003", "CS-PKI-004"},
			want: []string{"CS-PKI-001", "CS-PKI-002", "CS-PKI-005", "CS-PKI-006", "CS-PKI-007", "CS-PKI-008", "CS-PKI-009", "CS-PKI-010"}},
		{name: "exclude only", exclude: []string{"CS-VER"}, wantN: len(checks.Registry) - countPrefix("CS-VER-")},
		{name: "empty patterns ignored", include: []string{"", " "}, wantN: len(checks.Registry)},
		{name: "unknown ID", include: []string{"CS-API-999"}, err: `no check matches "CS-API-999"`},
		{name: "unknown domain", include: []string{"CS-NOPE"}, err: `no check matches "CS-NOPE"`},
		{name: "partial domain is not a prefix", include: []string{"CS-AP"}, err: `no check matches "CS-AP"`},
		{name: "partial number is not a prefix", include: []string{"CS-API-00"}, err: `no check matches "CS-API-00"`},
		{name: "unknown exclude", exclude: []string{"CS-XYZ-001"}, err: `no check matches "CS-XYZ-001"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sel, desel, err := checks.Select(tc.include, tc.exclude)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(sel)+len(desel) != len(checks.Registry) {
				t.Errorf("selected %d + deselected %d != %d", len(sel), len(desel), len(checks.Registry))
			}
			if tc.want != nil && !slices.Equal(ids(sel), tc.want) {
				t.Errorf("selected %v, want %v", ids(sel), tc.want)
			}
			if tc.want == nil && len(sel) != tc.wantN {
				t.Errorf("selected %d, want %d", len(sel), tc.wantN)
			}
		})
	}
}

// TestRequiresKnownDatasets keeps Requires to datasets a collector fills.
func TestRequiresKnownDatasets(t *testing.T) {
	for _, c := range checks.Registry {
		for _, d := range c.Requires {
			if !slices.Contains(snapshot.DatabaseDatasets, d) && d != snapshot.DataMachines {
				t.Errorf("%s requires unknown dataset %q", c.ID, d)
			}
		}
	}
}

// TestRunIsPure: Run neither changes the snapshot nor depends on call order,
// and concurrent runs over one snapshot are safe (run with -race).
func TestRunIsPure(t *testing.T) {
	s := loadHardened(t)
	var before bytes.Buffer
	if err := s.Save(&before); err != nil {
		t.Fatal(err)
	}
	want := dump(checks.Run(s, checks.Registry))
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Go(func() {
			list := slices.Clone(checks.Registry)
			if i%2 == 1 {
				slices.Reverse(list)
			}
			got[i] = dump(checks.Run(s, list))
		})
	}
	wg.Wait()
	for i, g := range got {
		if g != want {
			t.Errorf("run %d differs:\n%s\nwant\n%s", i, g, want)
		}
	}
	var after bytes.Buffer
	if err := s.Save(&after); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before.Bytes(), after.Bytes()) {
		t.Error("Run changed the snapshot")
	}
}

// countPrefix counts the registered checks whose ID starts with p.
func countPrefix(p string) int {
	n := 0
	for _, c := range checks.Registry {
		if strings.HasPrefix(c.ID, p) {
			n++
		}
	}
	return n
}
