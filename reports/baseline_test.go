package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/checks"
)

// previous renders findings as a JSON report to use as a baseline.
func previous(t *testing.T, fs []checks.Finding, o Options) *Baseline {
	t.Helper()
	s, _ := sample()
	var b bytes.Buffer
	if err := WriteJSON(&b, Build(s, fs, o)); err != nil {
		t.Fatal(err)
	}
	base, err := ParseBaseline("prev.json", &b)
	if err != nil {
		t.Fatal(err)
	}
	return base
}

func TestParseBaselineRejects(t *testing.T) {
	for _, c := range []struct{ name, doc, want string }{
		{"not json", "Summary: 3 checks", "not a csaudit JSON report"},
		{"empty", "", "not a csaudit JSON report"},
		{"other json", `{"runs": []}`, "no schema_version or findings"},
		{"sarif", `{"version": "2.1.0", "runs": []}`, "no schema_version or findings"},
		{"future major", `{"schema_version": "3.0", "findings": []}`, "schema version 3.0 is not supported"},
		{"2.x without resource", `{"schema_version": "2.0", "findings": [{"check_id": "CS-API-001", "status": "fail", "subject": "x"}]}`, "has no resource"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ParseBaseline("x", strings.NewReader(c.doc)); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
	if b, err := ParseBaseline("x", strings.NewReader(`{"schema_version": "1.7", "findings": [], "future": true}`)); err != nil || b.Failures() != 0 {
		t.Fatalf("a later 1.x report with unknown fields is a fine baseline: %v", err)
	}
}

func TestBaselineNewExistingFixed(t *testing.T) {
	low := checks.Low
	all := selectIDs(t, "CS")
	prev := gateFindings()
	prev = append(prev,
		checks.Finding{CheckID: "CS-PKI-003", Severity: checks.High, Status: checks.Fail, Subject: "Root CA CN=old"},      // fixed: check ran, subject gone
		checks.Finding{CheckID: "CS-VER-001", Severity: checks.High, Status: checks.Fail, Subject: "CloudStack 4.18.0.0"}, // not fixed: check errors now
		checks.Finding{CheckID: "CS-SESS-001", Severity: checks.Low, Status: checks.Fail, Subject: "setting enable.secure.session.cookie"},
		checks.Finding{CheckID: "CS-CRYPT-002", Severity: checks.Medium, Status: checks.Fail, Machine: "kvm9", Subject: "/etc/x"}, // not fixed: kvm9 not audited now
	)
	base := previous(t, prev, Options{Selected: all})
	if base.Failures() != 7 {
		t.Fatalf("baseline failures %d", base.Failures())
	}

	now := gateFindings()
	now[1].Message = "still off, new wording" // same fingerprint: existing
	now = append(now,
		checks.Finding{CheckID: "CS-AUTH-001", Severity: checks.High, Status: checks.Fail, Subject: "settings user.password.encoders.order/exclude"}, // new
		checks.Finding{CheckID: "CS-VER-001", Severity: checks.High, Status: checks.Error, Subject: "check CS-VER-001"},
		checks.Finding{CheckID: "CS-SESS-001", Severity: checks.Low, Status: checks.Pass, Subject: "setting enable.secure.session.cookie"},
	)
	s, _ := sample()
	// CS-PKI deselected? No: every check ran, but CS-PKI-003's subject is gone.
	r := Build(s, now, Options{FailOn: &low, Baseline: base, Selected: all, MinSeverity: checks.Low})
	marks := map[string]string{}
	for _, f := range r.Findings {
		if f.Status == checks.Fail {
			marks[f.CheckID] = f.Baseline
			if f.Gating != (f.Baseline == BaselineNew) {
				t.Errorf("%s: gating %v with baseline %s", f.CheckID, f.Gating, f.Baseline)
			}
		} else if f.Baseline != "" {
			t.Errorf("%s %s carries baseline %q: only failures do", f.CheckID, f.Status, f.Baseline)
		}
	}
	want := map[string]string{"CS-API-001": "existing", "CS-API-002": "existing", "CS-AUTH-003": "existing", "CS-AUTH-001": "new"}
	for id, m := range want {
		if marks[id] != m {
			t.Errorf("%s marked %q, want %q", id, marks[id], m)
		}
	}
	var fixed []string
	for _, f := range r.Baseline.Fixed {
		fixed = append(fixed, f.CheckID)
	}
	if got := strings.Join(fixed, " "); got != "CS-PKI-003 CS-SESS-001" {
		t.Errorf("fixed %q", got)
	}
	sum := r.Summary
	if sum.New != 1 || sum.Existing != 3 || sum.Fixed != 2 || sum.Gating != 1 || sum.ExitCode != ExitIncomplete {
		t.Errorf("summary %+v", sum)
	}

	// Deselected checks are never called fixed.
	r = Build(s, gateFindings(), Options{FailOn: &low, Baseline: base, Selected: selectIDs(t, "CS-API", "CS-AUTH")})
	if r.Summary.Fixed != 0 || r.Summary.Gating != 0 || r.Summary.ExitCode != ExitClean {
		t.Errorf("same failures, other checks deselected: %+v %+v", r.Summary, r.Baseline.Fixed)
	}
}

// A run against its own report as baseline has nothing new: exit 0.
func TestBaselineOfItself(t *testing.T) {
	low := checks.Low
	all := selectIDs(t, "CS")
	base := previous(t, gateFindings(), Options{Selected: all, FailOn: &low})
	s, _ := sample()
	r := Build(s, gateFindings(), Options{Selected: all, FailOn: &low, Baseline: base})
	if r.Summary.New != 0 || r.Summary.Existing != 3 || r.Summary.Fixed != 0 || r.Summary.ExitCode != ExitClean {
		t.Fatalf("%+v", r.Summary)
	}
}

func TestFingerprint(t *testing.T) {
	res := checks.SettingRes("integration.api.port")
	a := Fingerprint("CS-API-001", res)
	if a != Fingerprint("cs-api-001", res) || len(a) != 32 {
		t.Fatalf("fingerprint %q", a)
	}
	zone := checks.Resource{Kind: checks.KindSetting, Name: "consoleproxy.url.domain", Scope: "zone", ScopeID: 3, ScopeName: "z1"}
	renamed := zone
	renamed.ScopeName, renamed.Port, renamed.Label = "zone-one", 99, "other label"
	if Fingerprint("CS-CONS-001", zone) != Fingerprint("CS-CONS-001", renamed) {
		t.Error("display fields (scope name, port, label) changed the fingerprint")
	}
	other := zone
	other.ScopeID = 4
	for _, o := range []string{
		Fingerprint("CS-API-002", res),
		Fingerprint("CS-API-001", checks.Resource{Kind: checks.KindSetting, Name: "integration.api.port", Scope: "global", Machine: "mgmt1"}),
		Fingerprint("CS-API-001", checks.FileKeyRes("/etc/x", "integration.api.port")),
		Fingerprint("CS-CONS-001", other),
		Fingerprint("CS-API-001", checks.Resource{Kind: "setting", Name: "integration.api.port\x00global"}),
	} {
		if o == a {
			t.Errorf("collision with %q", o)
		}
	}
	// Pinned (printf 'csaudit-fp2\0CS-API-001\0setting\0integration.api.port\0\0global\0\0\0\0' | sha256sum):
	// changing the recipe would turn every stored baseline's
	// failures new.
	if a != "e2051b83a43b1a49795ca090184b3ff0" {
		t.Errorf("fingerprint recipe changed: %s", a)
	}
	// Scheme 1, pinned (printf 'CS-API-001\0\0setting integration.api.port' | sha256sum).
	if l := LegacyFingerprint("CS-API-001", "", "setting integration.api.port"); l != "b9b59188b8398054e98a5780b7ddd879" {
		t.Errorf("legacy fingerprint recipe changed: %s", l)
	}
}
