package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/reports/reportstest"
)

// Golden outputs of every format, of the CI gate (waivers and a baseline)
// and of 'waivers lint'. Refresh with 'make golden' and review the diff.
func TestGoldenFormats(t *testing.T) {
	old := version
	version = "0.0.0-test"
	defer func() { version = old }()
	td := filepath.Join("..", "..", "testdata")
	weak := slices.Clip([]string{"--snapshot", filepath.Join(td, "snapshots", "modern-weak.json")})
	// Clipped, so that every append below makes a new slice.
	gate := slices.Clip(append(slices.Clip(weak),
		"--waivers", filepath.Join(td, "waivers", "modern-weak.yaml"),
		"--baseline", filepath.Join(td, "golden", "modern-weak.api-auth.json")))
	cases := []struct {
		name string
		code int
		args []string
	}{
		{"modern-weak.sarif", 1, append(weak, "-f", "sarif")},
		{"modern-weak.junit.xml", 1, append(weak, "-f", "junit")},
		{"modern-weak.md", 1, append(weak, "-f", "markdown")},
		{"modern-weak.html", 1, append(weak, "-f", "html")},
		{"modern-weak.high.md", 1, append(weak, "-f", "markdown", "--min-severity", "high", "--fail-on", "critical")},
		// The baseline of the gate cases: an earlier audit of two domains only.
		{"modern-weak.api-auth.json", 1, append(weak, "-f", "json", "--checks", "CS-API,CS-AUTH")},
		{"modern-weak.gate.table", 1, gate},
		{"modern-weak.gate.json", 1, append(gate, "-f", "json")},
		{"modern-weak.gate.sarif", 1, append(gate, "-f", "sarif")},
		{"modern-weak.gate.junit.xml", 1, append(gate, "-f", "junit")},
		{"modern-weak.gate.md", 1, append(gate, "-f", "markdown")},
		{"modern-weak.gate.html", 1, append(gate, "-f", "html")},
		// The hardened deployment against the weak one's report (written
		// above, so one 'make golden' run refreshes both): all fixed.
		{"hardened.fixed.table", 0, []string{"--snapshot", filepath.Join(td, "snapshots", "hardened.json"),
			"--baseline", filepath.Join(td, "golden", "modern-weak.gate.json")}},
		{"waivers-lint-invalid.txt", 2, []string{"waivers", "lint", filepath.Join(td, "waivers", "invalid.yaml")}},
		{"waivers-lint-valid.txt", 0, []string{"waivers", "lint", filepath.Join(td, "waivers", "all-future.yaml")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, nil, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d: %s", code, c.code, stderr)
			}
			path := filepath.Join(td, "golden", c.name)
			if *update {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run 'make golden')", err)
			}
			if string(want) != out {
				t.Errorf("output differs from %s (run 'make golden' and review the diff)", path)
			}
		})
	}
}

// Every JSON report and SARIF log among the golden files is valid against
// its schema.
func TestGoldenSchemas(t *testing.T) {
	if *update {
		t.Skip("golden files are being rewritten")
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "golden", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if !strings.HasSuffix(f, ".json") && !strings.HasSuffix(f, ".sarif") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(f, ".sarif") {
				reportstest.SARIF(t, b)
			} else {
				reportstest.Report(t, b)
			}
		})
		n++
	}
	if n < 5 {
		t.Fatalf("only %d golden JSON/SARIF files found", n)
	}
}
