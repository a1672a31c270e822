package main

import (
	"os"
	"path/filepath"
	"testing"
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
