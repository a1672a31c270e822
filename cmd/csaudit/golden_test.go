package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
)

// Golden outputs of whole CLI runs on saved snapshots. Refresh with
// 'make golden' (go test -update) and review the diff.
func TestGolden(t *testing.T) {
	old := version
	version = "0.0.0-test"
	defer func() { version = old }()
	snaps := filepath.Join("..", "..", "testdata", "snapshots")
	cases := []struct {
		name string
		code int
		args []string
	}{
		{"modern-weak.table", 1, []string{"--snapshot", filepath.Join(snaps, "modern-weak.json")}},
		{"modern-weak.verbose.table", 1, []string{"--snapshot", filepath.Join(snaps, "modern-weak.json"), "--verbose", "--min-severity", "high"}},
		{"modern-weak.json", 1, []string{"--snapshot", filepath.Join(snaps, "modern-weak.json"), "--format", "json"}},
		{"modern-weak.remediation.sh", 1, []string{"--snapshot", filepath.Join(snaps, "modern-weak.json"), "-f", "remediation"}},
		{"hardened.table", 0, []string{"--snapshot", filepath.Join(snaps, "hardened.json")}},
		{"hardened.json", 0, []string{"--snapshot", filepath.Join(snaps, "hardened.json"), "-f", "json", "--checks", "CS-API,CS-PKI"}},
		{"checks.txt", 0, []string{"checks"}},
		{"explain-CS-PKI-005.txt", 0, []string{"explain", "CS-PKI-005"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, nil, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d: %s", code, c.code, stderr)
			}
			path := filepath.Join("..", "..", "testdata", "golden", c.name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
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
				t.Errorf("output differs from %s (run 'make golden' and review the diff):\n%s", path, out)
			}
		})
	}
}

// The table fits the width it is given (COLUMNS here; the terminal's when
// there is one): no line is wider, the remediation is wrapped to it, and a
// machine stays on the line of its path. Golden at 80 and 132 columns, on
// the weak snapshot plus host findings with long paths.
func TestGoldenWidth(t *testing.T) {
	snap, err := snapshot.Load(filepath.Join("..", "..", "testdata", "snapshots", "modern-weak.json"))
	if err != nil {
		t.Fatal(err)
	}
	fs := checks.Run(snap, checks.Registry)
	perm, _ := checks.Lookup("CS-HOST-001")
	for _, m := range []string{"vm", "mgmt1.cloud.example.com"} {
		res := checks.FileRes("/etc/cloudstack/management/db.properties")
		res.Machine = m
		fs = append(fs, checks.Finding{CheckID: perm.ID, Title: perm.Title, Severity: perm.Severity, Status: checks.Fail,
			Machine: m, Resource: res, Subject: res.String(), Threat: perm.Threat,
			Message: "mode 0644 owner root:root; want 0640 root:cloud or stricter (holds the database passwords)"})
	}
	low := checks.Low
	r := reports.Build(snap, fs, reports.Options{Tool: reports.Tool{Name: "csaudit", Version: "0.0.0-test"},
		Selected: checks.Registry, FailOn: &low})
	r.ComplianceTable = "cis-controls-v8"
	for _, width := range []int{80, 132} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			r.Width = tableWidth(env{getenv: func(k string) string { return map[string]string{"COLUMNS": fmt.Sprint(width)}[k] }}, true)
			var b bytes.Buffer
			if err := reports.WriteTable(&b, r); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for i, l := range strings.Split(out, "\n") {
				if n := utf8.RuneCountInString(l); n > width {
					t.Errorf("line %d is %d columns wide (> %d): %s", i+1, n, width, l)
				}
				if strings.HasSuffix(strings.TrimRight(l, " │"), ":") && strings.Contains(l, "vm:") {
					t.Errorf("line %d: machine split from its path: %s", i+1, l)
				}
			}
			if !strings.Contains(out, "│ vm: /etc/cloudstack/") {
				t.Errorf("machine and path not kept together:\n%s", out)
			}
			golden(t, fmt.Sprintf("modern-weak.width-%d.table", width), out)
		})
	}
}

func golden(t *testing.T, name, out string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
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
		t.Errorf("output differs from %s (run 'make golden' and review the diff):\n%s", path, out)
	}
}
