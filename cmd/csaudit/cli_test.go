package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports/reportstest"
)

var update = flag.Bool("update", false, "rewrite golden files and the README check table")

var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// runCLI runs csaudit in-process with a fixed clock and environment.
func runCLI(t *testing.T, envv map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, env{
		stdout: &out, stderr: &errb, now: func() time.Time { return fixedNow },
		getenv: func(k string) string { return envv[k] },
	})
	// Every JSON report a test produces on standard output must validate
	// against the shipped schema (reports/schema).
	if bytes.HasPrefix(out.Bytes(), []byte("{\n  \"schema_version\":")) {
		reportstest.Report(t, out.Bytes())
	}
	return code, out.String(), errb.String()
}

// writeSnap saves a small snapshot for exit-code tests.
func writeSnap(t *testing.T, mutate func(*snapshot.Snapshot)) string {
	t.Helper()
	v := func(s string) *string { return &s }
	s := &snapshot.Snapshot{
		SchemaVersion: snapshot.SchemaVersion, CollectedAt: fixedNow, Target: "mysql://csaudit@db1:3306/cloud",
		CloudStackVersion: "4.22.1.1",
		Data:              map[snapshot.Dataset]snapshot.Availability{snapshot.DataSettings: {Status: snapshot.Collected}, snapshot.DataVersion: {Status: snapshot.Collected}},
		Settings: []snapshot.Setting{
			{Name: "integration.api.port", Category: "Advanced", Value: v("0")},
		},
		Sources: []snapshot.Source{{Kind: "database", Target: "mysql://csaudit@db1:3306/cloud", OK: true}},
	}
	if mutate != nil {
		mutate(s)
	}
	p := filepath.Join(t.TempDir(), "snap.json")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := s.Save(f); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUsageErrors(t *testing.T) {
	snap := writeSnap(t, nil)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no source", nil, "no source to audit"},
		{"bad flag", []string{"--frobnicate"}, "unknown flag"},
		{"unknown format", []string{"--snapshot", snap, "-f", "xml"}, "unknown format"},
		{"bad severity", []string{"--snapshot", snap, "--min-severity", "severe"}, "unknown severity"},
		{"bad fail-on", []string{"--snapshot", snap, "--fail-on", "sometimes"}, "--fail-on"},
		{"unknown check", []string{"--snapshot", snap, "--checks", "CS-NOPE"}, "no check matches"},
		{"everything skipped", []string{"--snapshot", snap, "--skip", "CS"}, "no check selected"},
		{"db and snapshot", []string{"--snapshot", snap, "--db", "u@tcp(h:3306)/cloud"}, "cannot be combined"},
		{"bad dsn", []string{"--db", "u:pw@tcp(h:3306/cloud"}, "invalid --db DSN"},
		{"missing snapshot", []string{"--snapshot", "/nonexistent/x.json"}, "reading snapshot"},
		{"explain unknown", []string{"explain", "CS-NOPE-999"}, "unknown check"},
		{"explain no arg", []string{"explain"}, "exactly one"},
		{"password file missing", []string{"--db", "u@tcp(h:3306)/cloud", "--db-password-file", "/nonexistent"}, "--db-password-file"},
		{"stray argument", []string{"--snapshot", snap, "extra"}, "unexpected argument"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, nil, c.args...)
			if code != 2 || !strings.Contains(stderr, "csaudit: error: ") || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
			}
			if strings.Contains(stderr, "pw@") {
				t.Fatalf("stderr echoes a DSN password: %q", stderr)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	v := func(s string) *string { return &s }
	failing := writeSnap(t, func(s *snapshot.Snapshot) { s.Settings[0].Value = v("8096") })
	clean := writeSnap(t, nil)
	broken := writeSnap(t, func(s *snapshot.Snapshot) {
		s.Settings[0].Value = v("8096")
		s.Sources = append(s.Sources, snapshot.Source{Kind: "database", Target: "mysql://x@db2/cloud", Error: "connection refused"})
	})
	errored := writeSnap(t, func(s *snapshot.Snapshot) { s.Settings[0].Value = v("eighty") })
	lowOnly := writeSnap(t, func(s *snapshot.Snapshot) {
		s.Settings = append(s.Settings, snapshot.Setting{Name: "api.throttling.enabled", Category: "Advanced", Value: v("false")})
	})
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"clean", []string{"--snapshot", clean, "--checks", "CS-API-001"}, 0},
		{"failure gates", []string{"--snapshot", failing, "--checks", "CS-API-001"}, 1},
		{"fail-on none", []string{"--snapshot", failing, "--checks", "CS-API-001", "--fail-on", "none"}, 0},
		{"low failure gates by default", []string{"--snapshot", lowOnly, "--checks", "CS-API-002"}, 1},
		{"low failure below fail-on medium", []string{"--snapshot", lowOnly, "--checks", "CS-API-002", "--fail-on", "medium"}, 0},
		{"critical still gates at high", []string{"--snapshot", failing, "--checks", "CS-API-001", "--fail-on", "critical"}, 1},
		{"min-severity does not change gating", []string{"--snapshot", failing, "--checks", "CS-API-001", "--min-severity", "critical"}, 1},
		{"failed source outranks failures", []string{"--snapshot", broken, "--checks", "CS-API-001"}, 3},
		{"failed source outranks fail-on none", []string{"--snapshot", broken, "--checks", "CS-API-001", "--fail-on", "none"}, 3},
		{"errored check", []string{"--snapshot", errored, "--checks", "CS-API-001"}, 3},
		{"version", []string{"version"}, 0},
		{"checks", []string{"checks"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, nil, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, out, stderr)
			}
		})
	}
}

// CS-API-002 needs api.throttling.enabled, absent from the small snapshot:
// skip is fine, but the data for it is "collected", so the check skips for
// the missing setting, not silently passes.
func TestSkipIsVisible(t *testing.T) {
	snap := writeSnap(t, nil)
	_, out, _ := runCLI(t, nil, "--snapshot", snap, "--checks", "CS-API-002", "-f", "json")
	var r struct {
		Summary  struct{ Skip, Pass int }
		Findings []struct{ Status, Message string }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Summary.Skip != 1 || r.Summary.Pass != 0 || !strings.Contains(r.Findings[0].Message, "has no setting api.throttling.enabled") {
		t.Fatalf("%+v", r)
	}
}

func TestExplainAndCatalogue(t *testing.T) {
	code, out, _ := runCLI(t, nil, "explain", "cs-api-001")
	if code != 0 || !strings.Contains(out, "integration.api.port") || !strings.Contains(out, "TM §10.3") || !strings.Contains(out, "How to fix") {
		t.Fatalf("explain: %d %s", code, out)
	}
	code, out, _ = runCLI(t, nil, "checks", "--format", "json")
	var docs []checkDoc
	if code != 0 || json.Unmarshal([]byte(out), &docs) != nil || len(docs) != len(checks.Registry) {
		t.Fatalf("checks json: %d %d", code, len(docs))
	}
	for _, d := range docs {
		if d.Remediation == "" || len(d.Threat) == 0 {
			t.Errorf("%s incomplete", d.ID)
		}
	}
}

func TestReadmeCheckTable(t *testing.T) {
	const begin, end = "<!-- checks:begin -->\n", "<!-- checks:end -->"
	path := filepath.Join("..", "..", "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q … %q markers", begin, end)
	}
	want := s[:i+len(begin)] + checks.MarkdownTable() + s[j:]
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("README.md check table is stale: run 'make golden'")
}

// A run that writes its report to files says so on standard error, in one
// line: a CI log is never silent.
func TestCISummaryLine(t *testing.T) {
	dir := t.TempDir()
	snap := filepath.Join("..", "..", "testdata", "snapshots", "modern-weak.json")
	code, out, stderr := runCLI(t, nil, "--snapshot", snap, "-f", "json,sarif", "--output-dir", dir, "--fail-on", "high")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	want := regexp.MustCompile(`^csaudit: [0-9]+ checks, [0-9]+ failed \([0-9]+ critical, [0-9]+ high, .*\), ([0-9]+) gating; exit 1 \(([0-9]+) failures at or above fail-on high\); wrote ` +
		regexp.QuoteMeta(filepath.Join(dir, "csaudit.json")+", "+filepath.Join(dir, "csaudit.sarif")) + "\n$")
	if m := want.FindStringSubmatch(stderr); m == nil || m[1] != m[2] {
		t.Errorf("stderr:\n%s\nwant it to match:\n%s", stderr, want)
	}
	// Standard output only: nothing on stderr.
	if _, _, stderr := runCLI(t, nil, "--snapshot", snap, "-f", "json"); stderr != "" {
		t.Errorf("stderr without files: %q", stderr)
	}
}
