package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeSample is README's sample output: the table of the weak demo
// snapshot at 100 columns, abridged to the first failures, the first two
// remediation entries and the summary.
func readmeSample(t *testing.T) string {
	old := version
	version = "0.0.0-test"
	defer func() { version = old }()
	_, out, _ := runCLI(t, map[string]string{"COLUMNS": "100"}, "--snapshot", filepath.Join("..", "..", "testdata", "snapshots", "modern-weak.json"))
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	rowStart := regexp.MustCompile(`^│ \S`)
	var b strings.Builder
	b.WriteString("`make demo` audits the bundled CloudStack 4.22 database with typical weaknesses (`testdata/sql/modern`); abridged:\n\n```\n$ make demo\n")
	// Header and the first table rows, cut at a row boundary.
	cut := 0
	for i, l := range lines {
		if i > 34 && rowStart.MatchString(l) {
			cut = i
			break
		}
	}
	for _, l := range lines[:cut] {
		b.WriteString(l + "\n")
	}
	b.WriteString("   … (every failure is listed) …\n")
	rem, sum := -1, -1
	for i, l := range lines {
		switch {
		case l == "Remediation" && rem < 0:
			rem = i
		case strings.HasPrefix(l, "Summary:"):
			sum = i
		}
	}
	if rem < 0 || sum < 0 {
		t.Fatalf("no Remediation or Summary in:\n%s", out)
	}
	b.WriteString("\n")
	blank := 0
	for _, l := range lines[rem:sum] {
		if l == "" {
			blank++
			if blank == 3 {
				break
			}
		}
		b.WriteString(l + "\n")
	}
	b.WriteString("  …\n\n")
	for _, l := range lines[sum:] {
		if l == "" {
			break
		}
		b.WriteString(l + "\n")
	}
	b.WriteString("```\n\nThe same audit as JSON is in [`testdata/golden/modern-weak.json`](testdata/golden/modern-weak.json); all golden outputs are under `testdata/golden/`.\n")
	return b.String()
}

// README's sample output is generated from the real output, so it can
// never go stale; 'make golden' rewrites it.
func TestReadmeSample(t *testing.T) {
	const begin, end = "<!-- sample:begin -->\n", "<!-- sample:end -->"
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
	want := s[:i+len(begin)] + readmeSample(t) + s[j:]
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("README.md sample output is stale: run 'make golden'")
}

func TestSubcommandsAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, _ := runCLI(t, nil, args...)
		if code != 0 || !strings.HasPrefix(out, "csaudit "+version+" (") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
	for _, args := range [][]string{{"checks", "extra"}, {"schema", "extra"}, {"version", "x"}, {"bogus"}} {
		code, _, stderr := runCLI(t, nil, args...)
		if code != 2 || !strings.Contains(stderr, "csaudit: hint: ") {
			t.Errorf("%v: exit %d, want 2 with a hint: %s", args, code, stderr)
		}
		if args[0] == "bogus" || args[0] == "checks" {
			for _, c := range subcommands {
				if !strings.Contains(stderr, c) {
					t.Errorf("%v: hint does not name %s: %s", args, c, stderr)
				}
			}
		}
	}
	for _, c := range subcommands {
		if !strings.Contains(usage, "csaudit "+c) {
			t.Errorf("usage does not show 'csaudit %s'", c)
		}
	}
}
