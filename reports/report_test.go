package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

func sample() (*snapshot.Snapshot, []checks.Finding) {
	s := &snapshot.Snapshot{Target: "mysql://u@db/cloud", CloudStackVersion: "4.22.0.0",
		CollectedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC),
		Sources:     []snapshot.Source{{Kind: "database", Target: "mysql://u@db/cloud", OK: true}}}
	fs := []checks.Finding{
		{CheckID: "CS-API-001", Severity: checks.Critical, Status: checks.Fail, Subject: "setting integration.api.port", Message: "open"},
		{CheckID: "CS-API-002", Severity: checks.Low, Status: checks.Fail, Subject: "setting api.throttling.enabled", Message: "off\x1b[31mred"},
		{CheckID: "CS-AUTH-005", Severity: checks.Info, Status: checks.Error, Subject: "check CS-AUTH-005", Message: "unreadable"},
		{CheckID: "CS-PKI-006", Severity: checks.Info, Status: checks.Pass, Subject: "x"},
		{CheckID: "CS-PKI-003", Severity: checks.High, Status: checks.Manual, Subject: "root ca"},
		{CheckID: "CS-AUTH-001", Severity: checks.High, Status: checks.Skip, Subject: "y"},
	}
	return s, fs
}

func TestBuildSummaryAndGating(t *testing.T) {
	s, fs := sample()
	high := checks.High
	r := Build(s, fs, Options{MinSeverity: checks.Medium, FailOn: &high})
	sum := r.Summary
	if sum.Total != 6 || sum.Fail != 2 || sum.Pass != 1 || sum.Skip != 1 || sum.Error != 1 || sum.Manual != 1 {
		t.Fatalf("counts %+v", sum)
	}
	if sum.Gating != 1 || sum.FailBySeverity["critical"] != 1 || sum.FailBySeverity["low"] != 1 {
		t.Fatalf("gating %+v", sum)
	}
	if sum.Complete || sum.ExitCode != ExitIncomplete {
		t.Fatalf("an errored check must make the audit incomplete: %+v", sum)
	}
	// min-severity hides low/info findings but never errors.
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.CheckID)
	}
	if got := strings.Join(ids, ","); got != "CS-API-001,CS-AUTH-005,CS-PKI-003,CS-AUTH-001" {
		t.Fatalf("shown findings %s", got)
	}
}

func TestExitCodeWithoutErrors(t *testing.T) {
	s, fs := sample()
	fs = append(fs[:2], fs[3:]...) // drop the error
	low := checks.Low
	if r := Build(s, fs, Options{FailOn: &low}); r.Summary.ExitCode != ExitFailures {
		t.Fatalf("%+v", r.Summary)
	}
	if r := Build(s, fs, Options{}); r.Summary.ExitCode != ExitClean || r.Selection.FailOn != "none" {
		t.Fatalf("fail-on none: %+v", r.Summary)
	}
	s.Sources = append(s.Sources, snapshot.Source{Kind: "database", Target: "b", Error: "refused"})
	if r := Build(s, fs, Options{}); r.Summary.ExitCode != ExitIncomplete || r.Summary.SourcesFailed != 1 {
		t.Fatalf("failed source: %+v", r.Summary)
	}
}

func TestTableEscapesControlCharacters(t *testing.T) {
	s, fs := sample()
	r := Build(s, fs, Options{})
	var b bytes.Buffer
	if err := WriteTable(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "\x1b") {
		t.Fatal("table output carries a raw escape sequence from data")
	}
	if !strings.Contains(out, `\x1b[31mred`) || !strings.Contains(out, "Summary: ") || !strings.Contains(out, "AUDIT INCOMPLETE") {
		t.Fatalf("table output:\n%s", out)
	}
}

func TestUnknownFormat(t *testing.T) {
	s, fs := sample()
	if err := Write(&bytes.Buffer{}, "xml", Build(s, fs, Options{})); err == nil || !strings.Contains(err.Error(), "html, json, junit, markdown, remediation, sarif, table") {
		t.Fatalf("err = %v", err)
	}
}
