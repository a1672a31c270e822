package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports/reportstest"
)

func tempFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const oneAdvisory = `{"cve": "CVE-2027-00001", "title": "test advisory", "affected": [{"introduced": "4.22.0.0", "last_affected": "4.22.1.1"}],
 "affected_text": ">=4.22.0.0 <=4.22.1.1", "fixed_versions": ["4.22.1.2"], "severity_cna": "important", "announced": "2026-10-01", "workaround": ""}`

func TestAdvisoriesFlagErrors(t *testing.T) {
	snap := writeSnap(t, nil)
	cases := []struct{ name, body, want string }{
		{"not json", "{", "--advisories"},
		{"empty array", "[]", "no advisory in the file"},
		{"bad cve", `[{"cve": "CVE-27-1", "title": "t", "announced": "2026-01-01"}]`, `cve "CVE-27-1" is not CVE-YYYY-NNNN`},
		{"bad date", `[{"cve": "CVE-2027-0001", "title": "t", "announced": "soon"}]`, "announced"},
		{"bad range", `[{"cve": "CVE-2027-0001", "title": "t", "announced": "2026-01-01", "affected": [{"introduced": "four"}]}]`, "affected range"},
		{"bad fixed", `[{"cve": "CVE-2027-0001", "title": "t", "announced": "2026-01-01", "fixed_versions": ["x.y"]}]`, "fixed_versions"},
		{"duplicate", "[" + oneAdvisory + "," + oneAdvisory + "]", "listed twice"},
		{"unknown top-level field", `{"format": "csaudit-advisories-1", "date": "2026-10-01", "advisory": []}`, `unknown top-level field "advisory"`},
		{"wrong format", `{"format": "v9", "date": "2026-10-01", "advisories": [` + oneAdvisory + `]}`, `format "v9"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, nil, "--snapshot", snap, "--advisories", tempFile(t, "adv.json", c.body))
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
			}
		})
	}
	if code, _, stderr := runCLI(t, nil, "--snapshot", snap, "--advisories", "/nonexistent/adv.json"); code != 2 || !strings.Contains(stderr, "--advisories") {
		t.Fatalf("missing file: exit %d, %q", code, stderr)
	}
}

// A newer file replaces the embedded data: its advisories are judged and
// the report names it.
func TestAdvisoriesFlagReplacesData(t *testing.T) {
	snap := writeSnap(t, nil)
	file := tempFile(t, "adv.json", "["+oneAdvisory+"]")
	code, out, stderr := runCLI(t, nil, "--snapshot", snap, "--checks", "CS-VER-003", "-f", "json", "--advisories", file)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		Advisories struct {
			Source, Date string
			DateBasis    string `json:"date_basis"`
			Count        int
			Stale        bool
		}
		Sources  []snapshot.Source
		Findings []struct{ Status, Subject, Message string }
	}
	reportstest.Decode(t, []byte(out), &r)
	if r.Advisories.Source != file || r.Advisories.Date != "2026-10-01" || r.Advisories.Count != 1 || r.Advisories.Stale ||
		r.Advisories.DateBasis != "latest announcement in the file" {
		t.Errorf("advisories = %+v", r.Advisories)
	}
	found := false
	for _, f := range r.Findings {
		if f.Subject == "CVE-2027-00001" && f.Status == "fail" && strings.Contains(f.Message, "fixed in 4.22.1.2, the next fix on the 4.22 line") {
			found = true
		}
	}
	if !found {
		t.Errorf("no failure for the file's advisory: %+v", r.Findings)
	}
}

// Data more than 120 days older than collected_at is flagged in every format.
func TestStaleAdvisoriesWarn(t *testing.T) {
	snap := writeSnap(t, func(s *snapshot.Snapshot) { s.CollectedAt = s.CollectedAt.AddDate(1, 0, 0) })
	for _, format := range []string{"table", "json", "markdown", "sarif", "junit", "html"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runCLI(t, nil, "--snapshot", snap, "--checks", "CS-VER-002", "-f", format)
			if code == 2 {
				t.Fatalf("exit 2: %s", stderr)
			}
			if !strings.Contains(out, "the advisory data is dated 2026-09-03, 446 days before the audit") {
				t.Errorf("no stale-data warning in %s:\n%s", format, out)
			}
		})
	}
	// Fresh data: no warning.
	_, out, _ := runCLI(t, nil, "--snapshot", writeSnap(t, nil), "--checks", "CS-VER-002", "-f", "json")
	if strings.Contains(out, "the advisory data is dated") || !strings.Contains(out, `"stale": false`) {
		t.Errorf("fresh data warned:\n%s", out)
	}
}

// A waiver naming one CVE covers that advisory's failure only.
func TestWaiverCoversOneAdvisory(t *testing.T) {
	snap := writeSnap(t, func(s *snapshot.Snapshot) { s.CloudStackVersion = "4.22.1.0" })
	w := tempFile(t, "w.yaml", `waivers:
  - check: CS-VER-003
    kind: advisory
    name: CVE-2026-50222
    reason: "userdata APIs blocked at the proxy until the upgrade"
    expires: 2027-01-31
`)
	code, out, stderr := runCLI(t, nil, "--snapshot", snap, "--checks", "CS-VER-003", "-f", "json", "--waivers", w)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		Findings []struct {
			Status, Subject string
			Waived          json.RawMessage
			Gating          bool
		}
	}
	reportstest.Decode(t, []byte(out), &r)
	waived, gating := 0, 0
	for _, f := range r.Findings {
		if f.Status != "fail" {
			continue
		}
		if f.Waived != nil {
			waived++
			if f.Subject != "CVE-2026-50222" {
				t.Errorf("waiver covers %s", f.Subject)
			}
		}
		if f.Gating {
			gating++
		}
	}
	if waived != 1 || gating == 0 {
		t.Errorf("waived %d (want 1), gating %d (want >0): %+v", waived, gating, r.Findings)
	}
}
