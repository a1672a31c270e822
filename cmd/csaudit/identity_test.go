package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/reports"
)

// reportOf is the part of a JSON report the identity tests read.
type reportOf struct {
	Baseline *struct {
		FingerprintScheme int `json:"fingerprint_scheme"`
	} `json:"baseline"`
	Findings []struct {
		CheckID     string         `json:"check_id"`
		Status      string         `json:"status"`
		Machine     string         `json:"machine"`
		Subject     string         `json:"subject"`
		Baseline    string         `json:"baseline"`
		Fingerprint string         `json:"fingerprint"`
		Resource    map[string]any `json:"resource"`
	} `json:"findings"`
}

func auditJSON(t *testing.T, args ...string) reportOf {
	t.Helper()
	code, out, errOut := runCLI(t, nil, append(args, "-f", "json", "--min-severity", "info")...)
	if code != 0 && code != 1 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var r reportOf
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// upgraded writes a copy of the weak snapshot as it would look after a
// CloudStack upgrade and a zone rename: same weaknesses, other version and
// display names.
func upgraded(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdataDir(t), "snapshots", "modern-weak.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	s["cloudstack_version"] = "4.22.1.0"
	for _, o := range s["scoped_settings"].([]any) {
		o := o.(map[string]any)
		if o["scope"] == "zone" {
			o["scope_name"] = "Zone1-renamed"
		}
	}
	out, _ := json.Marshal(s)
	p := filepath.Join(t.TempDir(), "upgraded.json")
	if err := os.WriteFile(p, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func testdataDir(t *testing.T) string {
	t.Helper()
	d, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A baseline taken before an upgrade (and a zone rename) still matches
// every failure that did not change: nothing but the version-dependent
// advisory and end-of-life findings may be new.
func TestBaselineSurvivesUpgrade(t *testing.T) {
	weak := filepath.Join(testdataDir(t), "snapshots", "modern-weak.json")
	before := filepath.Join(t.TempDir(), "before.json")
	if code, _, errOut := runCLI(t, nil, "--snapshot", weak, "-f", "json", "-o", before); code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	after := auditJSON(t, "--snapshot", upgraded(t), "--baseline", before)
	existing, renamedZone := 0, 0
	for _, f := range after.Findings {
		if f.Status != "fail" {
			continue
		}
		if f.Baseline == reports.BaselineNew && !strings.HasPrefix(f.CheckID, "CS-VER-") {
			t.Errorf("%s %q is new after an upgrade that changed nothing about it", f.CheckID, f.Subject)
		}
		if f.Baseline == reports.BaselineExisting {
			existing++
			if strings.Contains(f.Subject, "Zone1-renamed") {
				renamedZone++
			}
		}
	}
	if existing < 20 || renamedZone == 0 {
		t.Errorf("%d existing failures (%d in the renamed zone): the baseline matched too little", existing, renamedZone)
	}
}

// A baseline written by csaudit before report schema 2.0 (fingerprint
// scheme 1: check, machine, subject) keeps working: every failure it lists
// that still fails is matched as existing.
func TestSchema1BaselineStillMatches(t *testing.T) {
	old := filepath.Join(testdataDir(t), "baselines", "modern-weak-schema-1.0.json")
	b, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	var prev reportOf
	if err := json.Unmarshal(b, &prev); err != nil {
		t.Fatal(err)
	}
	was := map[string]bool{}
	for _, f := range prev.Findings {
		if f.Status == "fail" {
			was[f.CheckID+"\x00"+f.Machine+"\x00"+f.Subject] = true
		}
	}
	r := auditJSON(t, "--snapshot", filepath.Join(testdataDir(t), "snapshots", "modern-weak.json"), "--baseline", old)
	if r.Baseline == nil || r.Baseline.FingerprintScheme != 1 {
		t.Fatalf("baseline %+v: want fingerprint scheme 1", r.Baseline)
	}
	matched := 0
	for _, f := range r.Findings {
		if f.Status != "fail" {
			continue
		}
		inOld := was[f.CheckID+"\x00"+f.Machine+"\x00"+f.Subject]
		// CS-VER-002 changed meaning (one finding per release became one
		// per advisory): its old finding is rightly not matched.
		if inOld && f.Baseline != reports.BaselineExisting && !strings.HasPrefix(f.CheckID, "CS-VER-") {
			t.Errorf("%s %q was in the 1.0 baseline but is %q", f.CheckID, f.Subject, f.Baseline)
		}
		if inOld {
			matched++
		}
	}
	if matched < 20 {
		t.Errorf("only %d failures matched the 1.0 baseline", matched)
	}
}
