package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPolicyLint(t *testing.T) {
	pol := filepath.Join("..", "..", "testdata", "policy")
	if code, out, _ := runCLI(t, nil, "policy", "lint", filepath.Join(pol, "site.yaml")); code != 0 || !strings.Contains(out, "4 site check(s), no problems") {
		t.Errorf("valid policy: exit %d: %s", code, out)
	}
	code, out, _ := runCLI(t, nil, "policy", "lint", filepath.Join(pol, "bad.yaml"))
	if code != 2 {
		t.Errorf("bad policy: exit %d, want 2", code)
	}
	for _, want := range []string{"bad.yaml:2: id \"CS-API-001\"", "bad.yaml:8: SITE-002: unknown severity", "bad.yaml:10: SITE-002: unknown scope",
		"bad.yaml:15: SITE-003: the probe does not collect /etc/shadow", "bad.yaml:16: check: unknown key \"colour\""} {
		if !strings.Contains(out, want) {
			t.Errorf("lint output lacks %q:\n%s", want, out)
		}
	}
	if code, _, stderr := runCLI(t, nil, "--snapshot", "x.json", "--policy", filepath.Join(pol, "bad.yaml")); code != 2 || !strings.Contains(stderr, "bad.yaml:15:") {
		t.Errorf("--policy with a bad file: exit %d: %s", code, stderr)
	}
}

func TestPolicyChecksRun(t *testing.T) {
	snap := filepath.Join("..", "..", "testdata", "snapshots", "modern-weak.json")
	code, out, stderr := runCLI(t, nil, "--snapshot", snap, "--checks", "CS-API-001", "--policy", filepath.Join("..", "..", "testdata", "policy", "site.yaml"), "-f", "json")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		Selection struct{ Checks []string }
		Findings  []struct {
			CheckID string `json:"check_id"`
			Status  string
			Subject string
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range r.Findings {
		got[f.CheckID+" "+f.Subject] = f.Status
	}
	for k, want := range map[string]string{
		"SITE-001 setting api.throttling.enabled":                            "fail",
		"SITE-002 setting consoleproxy.sslEnabled for zone \"Zone1\" (id 1)": "fail",
		"SITE-003 check SITE-003":                                            "skip",
	} {
		if got[k] != want {
			t.Errorf("%s: %q, want %q (all: %v)", k, got[k], want, got)
		}
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "csaudit.yaml")
	snap := filepath.Join("..", "..", "testdata", "snapshots", "modern-weak.json")
	os.WriteFile(cfg, []byte("snapshot: "+snap+"\nchecks: [CS-API-001, CS-API-002]\nfail-on: none\nformat: json\n"), 0o600)
	code, out, stderr := runCLI(t, nil, "--config", cfg)
	if code != 0 || !strings.Contains(out, `"fail_on": "none"`) || !strings.Contains(out, `"CS-API-002"`) || strings.Contains(out, `"check_id": "CS-AUTH-001"`) {
		t.Errorf("config: exit %d: %s %s", code, stderr, out[:min(len(out), 400)])
	}
	// A flag on the command line wins over the file.
	if code, _, stderr := runCLI(t, nil, "--config", cfg, "--fail-on", "low"); code != 1 {
		t.Errorf("--fail-on over the config: exit %d: %s", code, stderr)
	}
	os.WriteFile(cfg, []byte("snapshot: x\nfail-on: high\nbogus: 1\nfail-on: low\n"), 0o600)
	code, _, stderr = runCLI(t, nil, "--config", cfg)
	if code != 2 || !strings.Contains(stderr, "csaudit.yaml:3: unknown flag \"bogus\"") || !strings.Contains(stderr, "csaudit.yaml:4: fail-on is given twice") {
		t.Errorf("bad config: exit %d: %s", code, stderr)
	}
}
