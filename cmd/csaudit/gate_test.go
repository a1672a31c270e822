package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/reports"
	"github.com/csaudit/csaudit/reports/reportstest"
)

var weakSnap = filepath.Join("..", "..", "testdata", "snapshots", "modern-weak.json")

func waiverFile(name string) string { return filepath.Join("..", "..", "testdata", "waivers", name) }

func TestGateUsageErrors(t *testing.T) {
	dir := t.TempDir()
	notReport := filepath.Join(dir, "notes.json")
	if err := os.WriteFile(notReport, []byte(`{"hello": "world"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"several formats to stdout", []string{"--snapshot", weakSnap, "-f", "json,sarif"}, []string{"several formats need --output-dir"}},
		{"-o with several formats", []string{"--snapshot", weakSnap, "-f", "json,sarif", "-o", filepath.Join(dir, "x")}, []string{"-o takes one format", "--output-dir DIR"}},
		{"-o and --output-dir", []string{"--snapshot", weakSnap, "-f", "json", "-o", filepath.Join(dir, "x"), "--output-dir", dir}, []string{"-o and --output-dir cannot be combined"}},
		{"unknown format in list", []string{"--snapshot", weakSnap, "-f", "json,pdf", "--output-dir", dir}, []string{`unknown format "pdf"`, "html, json, junit, markdown, remediation, sarif, table"}},
		{"format twice", []string{"--snapshot", weakSnap, "-f", "json,json", "--output-dir", dir}, []string{"json is given twice"}},
		{"empty format", []string{"--snapshot", weakSnap, "-f", ","}, []string{"--format is empty"}},
		{"waivers missing", []string{"--snapshot", weakSnap, "--waivers", filepath.Join(dir, "none.yaml")}, []string{"--waivers", "no such file", "csaudit: hint: 'csaudit waivers lint FILE'"}},
		{"waivers invalid", []string{"--snapshot", weakSnap, "--waivers", waiverFile("invalid.yaml")}, []string{
			"invalid.yaml is invalid (6 problem(s))", "invalid.yaml:3: check \"CS-NOPE-001\"", "invalid.yaml:6: missing reason",
			"invalid.yaml:8: missing expires", "invalid.yaml:12: expires", "invalid.yaml:14: subject", "invalid.yaml:18: unknown key"}},
		{"baseline missing", []string{"--snapshot", weakSnap, "--baseline", filepath.Join(dir, "none.json")}, []string{"--baseline", "no such file"}},
		{"baseline not a report", []string{"--snapshot", weakSnap, "--baseline", notReport}, []string{"not a csaudit JSON report"}},
		{"baseline is a waiver file", []string{"--snapshot", weakSnap, "--baseline", waiverFile("all-future.yaml")}, []string{"not a csaudit JSON report"}},
		{"waivers without subcommand", []string{"waivers"}, []string{"waivers needs a subcommand"}},
		{"waivers unknown subcommand", []string{"waivers", "check", "x"}, []string{`unknown waivers subcommand "check"`}},
		{"lint without file", []string{"waivers", "lint"}, []string{"exactly one file"}},
		{"lint missing file", []string{"waivers", "lint", filepath.Join(dir, "none.yaml")}, []string{"no such file"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, nil, c.args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", code, out, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(c.name, "waivers invalid") && out != "" {
				t.Errorf("an invalid waiver file must stop the audit before any report: %q", out)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("a usage error left files behind: %v", entries)
	}
}

// --format a,b --output-dir DIR writes csaudit.<ext> per format from one
// audit, atomically, and nothing on standard output.
func TestOutputDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "nested")
	code, out, stderr := runCLI(t, nil, "--snapshot", weakSnap, "--format", "json, sarif,junit,markdown,html,table", "--output-dir", dir)
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out, stderr)
	}
	var names []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		names = append(names, e.Name())
		info, _ := e.Info()
		if info.Mode().Perm() != 0o640 {
			t.Errorf("%s mode %v", e.Name(), info.Mode().Perm())
		}
	}
	sort.Strings(names)
	if got := strings.Join(names, " "); got != "csaudit.html csaudit.json csaudit.md csaudit.sarif csaudit.txt csaudit.xml" {
		t.Fatalf("files %s", got)
	}
	read := func(n string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	reportstest.Report(t, read("csaudit.json"))
	reportstest.SARIF(t, read("csaudit.sarif"))
	// The same audit as the single-format runs.
	for format, file := range map[string]string{"json": "csaudit.json", "table": "csaudit.txt", "markdown": "csaudit.md"} {
		_, single, _ := runCLI(t, nil, "--snapshot", weakSnap, "-f", format)
		if single != string(read(file)) {
			t.Errorf("%s differs from the single-format run", file)
		}
	}
	if strings.Contains(string(read("csaudit.txt")), "\x1b[") {
		t.Error("the table written to a file is coloured")
	}
}

// Gating and filtering do not depend on the format: every format exits the
// same way for the same flags.
func TestGatingSameInEveryFormat(t *testing.T) {
	flagSets := [][]string{
		nil,
		{"--fail-on", "critical"},
		{"--fail-on", "none"},
		{"--min-severity", "critical"},
		{"--waivers", waiverFile("all-future.yaml")},
		{"--waivers", waiverFile("all-expired.yaml"), "--fail-on", "high"},
	}
	for _, flags := range flagSets {
		want := -1
		for _, f := range reports.FormatNames() {
			args := append([]string{"--snapshot", weakSnap, "-f", f}, flags...)
			code, _, stderr := runCLI(t, nil, args...)
			if want == -1 {
				want = code
			}
			if code != want {
				t.Errorf("%v -f %s: exit %d, other formats %d (%s)", flags, f, code, want, stderr)
			}
		}
	}
}

func TestWaiversGateCLI(t *testing.T) {
	// Waiving every failure until a future date exits 0 …
	code, out, stderr := runCLI(t, nil, "--snapshot", weakSnap, "-f", "json", "--waivers", waiverFile("all-future.yaml"))
	if code != 0 {
		t.Fatalf("all waived: exit %d: %s", code, stderr)
	}
	reportstest.Report(t, []byte(out))
	var r struct {
		Summary  reports.Summary
		Findings []struct {
			Status string
			Waived *reports.Waiver
		}
	}
	reportstest.Decode(t, []byte(out), &r)
	if r.Summary.Waived != r.Summary.Fail || r.Summary.Fail == 0 || r.Summary.Gating != 0 {
		t.Fatalf("summary %+v", r.Summary)
	}
	for _, f := range r.Findings {
		if (f.Status == "fail") != (f.Waived != nil) {
			t.Errorf("finding %s waived=%v", f.Status, f.Waived)
		}
	}
	// … and the same waivers, expired, exit 1 and say so.
	code, out, stderr = runCLI(t, nil, "--snapshot", weakSnap, "--waivers", waiverFile("all-expired.yaml"))
	if code != 1 || !strings.Contains(stderr, "expired on 2020-12-31 and no longer applies") ||
		!strings.Contains(out, "EXPIRED on 2020-12-31, no longer applies") || !strings.Contains(strings.Join(strings.Fields(out), " "), "0 waived (waivers: 1 expired") {
		t.Fatalf("expired: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
}

// A run against its own previous report as baseline exits 0.
func TestBaselineOfItselfCLI(t *testing.T) {
	base := filepath.Join(t.TempDir(), "base.json")
	if code, _, stderr := runCLI(t, nil, "--snapshot", weakSnap, "-f", "json", "-o", base); code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, out, stderr := runCLI(t, nil, "--snapshot", weakSnap, "-f", "json", "--baseline", base)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	reportstest.Report(t, []byte(out))
	var r struct{ Summary reports.Summary }
	reportstest.Decode(t, []byte(out), &r)
	if r.Summary.New != 0 || r.Summary.Existing != r.Summary.Fail || r.Summary.Fixed != 0 {
		t.Fatalf("%+v", r.Summary)
	}
	// A baseline written with --min-severity is flagged: what it hid is new.
	filtered := filepath.Join(t.TempDir(), "high.json")
	runCLI(t, nil, "--snapshot", weakSnap, "-f", "json", "-o", filtered, "--min-severity", "high")
	code, _, stderr = runCLI(t, nil, "--snapshot", weakSnap, "--baseline", filtered)
	if code != 1 || !strings.Contains(stderr, "written with --min-severity high: failures it left out count as new") {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
}

func TestWaiversLintCLI(t *testing.T) {
	code, out, _ := runCLI(t, nil, "waivers", "lint", waiverFile("all-future.yaml"))
	if code != 0 || !strings.Contains(out, "1 waiver(s), no problems") {
		t.Fatalf("exit %d: %s", code, out)
	}
	// The demo file has one waiver that expired the day before the clock.
	code, out, stderr := runCLI(t, nil, "waivers", "lint", waiverFile("modern-weak.yaml"))
	if code != 2 || !strings.Contains(out, "modern-weak.yaml:20: expires 2026-11-22, which is in the past") || !strings.Contains(stderr, "1 problem(s) in 4 waiver(s)") {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
}

func TestSchemaCommand(t *testing.T) {
	code, out, _ := runCLI(t, nil, "schema")
	if code != 0 || out != string(reports.JSONSchema) || !json.Valid([]byte(out)) {
		t.Fatalf("exit %d", code)
	}
}

// The usage names every format of reports.Formats with its file name.
func TestUsageListsEveryFormat(t *testing.T) {
	i := strings.Index(usage, "-f, --format FORMAT")
	if i < 0 {
		t.Fatal("usage lacks the --format line")
	}
	help := usage[i : i+strings.Index(usage[i:], "-o, --output")]
	for _, f := range reports.FormatNames() {
		if !strings.Contains(help, f) || !strings.Contains(help, reports.FileName(f)) {
			t.Errorf("usage's --format help does not name %q", f)
		}
	}
}

// README documents every field of the JSON report's summary, and the
// schema file it points to is the one csaudit ships.
func TestReadmeDocumentsReport(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	var schema struct {
		Properties map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(reports.JSONSchema, &schema); err != nil {
		t.Fatal(err)
	}
	for top := range schema.Properties {
		if !strings.Contains(readme, "| `"+top+"` |") {
			t.Errorf("README's JSON report table lacks %s", top)
		}
	}
	for field := range schema.Properties["summary"].Properties {
		if !strings.Contains(readme, "`"+field+"`") && !strings.Contains(readme, field+",") && !strings.Contains(readme, ", "+field) {
			t.Errorf("README does not document summary.%s", field)
		}
	}
	if !strings.Contains(readme, "reports/schema/report-"+reports.SchemaVersion+".schema.json") {
		t.Error("README does not point to the shipped schema file")
	}
}
