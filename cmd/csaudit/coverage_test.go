package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/checks"
)

var coveragePath = filepath.Join("..", "..", "docs", "coverage.md")

// TestGoldenCoverage fails when docs/coverage.md is stale; -update (make
// golden) rewrites it from the registry.
func TestGoldenCoverage(t *testing.T) {
	want := coverageMarkdown(checks.Registry)
	if *update {
		if err := os.MkdirAll(filepath.Dir(coveragePath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(coveragePath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(coveragePath)
	if err != nil {
		t.Fatalf("%v (run make golden)", err)
	}
	if string(got) != want {
		t.Errorf("docs/coverage.md is stale: run make golden")
	}
}

// The curated mapping names only registered checks, and the gaps list is
// computed: an item loses its gap entry once a check references it.
func TestCoverageMapping(t *testing.T) {
	for _, items := range [][]tmItem{tmKnobs, tmDuties, tmMisuse, tmOther} {
		for _, it := range items {
			for _, id := range it.also {
				if _, ok := checks.Lookup(id); !ok {
					t.Errorf("%s %s: curated check %s is not registered", it.ref, it.title, id)
				}
			}
			if it.ref != "" && !strings.HasPrefix(it.ref, "TM §1") && !strings.HasPrefix(it.ref, "PR Q") {
				t.Errorf("bad reference %q", it.ref)
			}
		}
	}
	md := coverageMarkdown(checks.Registry)
	if !strings.Contains(md, "- TM §10.15 review API call logs for anomalies:") {
		t.Errorf("§10.15 is not listed as a gap:\n%s", md)
	}
	extra := &checks.Check{ID: "CS-ZZZ-001", Title: "log review", Threat: []string{"TM §10.15"}}
	md = coverageMarkdown(append(slices.Clip(checks.Registry), extra))
	if strings.Contains(md, "- TM §10.15 review API call logs") || !strings.Contains(md, "| TM §10.15 review API call logs for anomalies | CS-ZZZ-001 |") {
		t.Errorf("a check referencing §10.15 did not close the gap:\n%s", md)
	}
}
