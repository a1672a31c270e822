package reports

import (
	"bytes"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/checks"
)

func TestComplianceSummary(t *testing.T) {
	s, fs := sample()
	var sel []*checks.Check
	for _, id := range []string{"CS-API-001", "CS-API-002", "CS-AUTH-001", "CS-AUTH-005", "CS-PKI-003", "CS-PKI-006"} {
		c, _ := checks.Lookup(id)
		sel = append(sel, c)
	}
	// A hidden (below min-severity) failure still counts.
	r := Build(s, fs, Options{Selected: sel, MinSeverity: checks.Critical})
	if len(r.Compliance) != len(checks.Frameworks) {
		t.Fatalf("frameworks %d", len(r.Compliance))
	}
	outcome := map[string]string{"CS-API-001": "failed", "CS-API-002": "failed", "CS-AUTH-005": "not evaluated",
		"CS-PKI-003": "not evaluated", "CS-PKI-006": "passed", "CS-AUTH-001": "not applicable"}
	for _, f := range r.Compliance {
		if !sort.SliceIsSorted(f.Controls, func(i, j int) bool { return controlLess(f.Controls[i].Control, f.Controls[j].Control) }) {
			t.Errorf("%s controls not sorted", f.Framework)
		}
		for _, c := range f.Controls {
			want := map[string]int{}
			for _, id := range c.Checks {
				want[outcome[id]]++
				if !slices.Contains(checks.Compliance(id)[f.Framework], c.Control) {
					t.Errorf("%s %s lists %s, which is not mapped to it", f.Framework, c.Control, id)
				}
			}
			if c.Passed != want["passed"] || c.Failed != want["failed"] || c.NotEvaluated != want["not evaluated"] || c.NotApplicable != want["not applicable"] {
				t.Errorf("%s %s: %+v, want %v", f.Framework, c.Control, c, want)
			}
			if len(c.FailedChecks) != c.Failed {
				t.Errorf("%s %s: failed_checks %v", f.Framework, c.Control, c.FailedChecks)
			}
		}
	}
	nist, _ := r.ComplianceFor("nist-800-53-r5")
	i := slices.IndexFunc(nist.Controls, func(c ComplianceControl) bool { return c.Control == "SC-5" })
	if i < 0 || nist.Controls[i].Failed != 1 || nist.Controls[i].FailedChecks[0] != "CS-API-002" {
		t.Errorf("SC-5 (CS-API-002 throttling, below min-severity) not failed: %+v", nist.Controls)
	}
	r.ComplianceTable = "nist-800-53-r5"
	var b bytes.Buffer
	if err := WriteTable(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Compliance: NIST SP 800-53 Rev. 5") || !strings.Contains(b.String(), "│ SC-5 ") {
		t.Errorf("table lacks the compliance summary:\n%s", b.String())
	}
}

func TestControlLess(t *testing.T) {
	in := []string{"SC-28(1)", "IA-5(1)", "AC-17", "IA-5", "AC-3", "SC-8", "A.8.24", "A.5.17", "A.8.5", "16.11", "4.1", "3.3"}
	sort.Slice(in, func(i, j int) bool { return controlLess(in[i], in[j]) })
	want := "3.3 4.1 16.11 A.5.17 A.8.5 A.8.24 AC-3 AC-17 IA-5 IA-5(1) SC-8 SC-28(1)"
	if got := strings.Join(in, " "); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}
