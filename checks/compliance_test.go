package checks

import (
	"bytes"
	"regexp"
	"sort"
	"testing"
)

func TestComplianceEveryCheckMapped(t *testing.T) {
	for _, c := range Registry {
		m := Compliance(c.ID)
		if m == nil {
			t.Errorf("%s has no entry in checks/data/compliance.json", c.ID)
			continue
		}
		for _, f := range Frameworks {
			if len(m[f.ID]) == 0 {
				t.Errorf("%s: no %s controls", c.ID, f.ID)
			}
			seen := map[string]bool{}
			for _, ctl := range m[f.ID] {
				if seen[ctl] {
					t.Errorf("%s: %s control %s listed twice", c.ID, f.ID, ctl)
				}
				seen[ctl] = true
			}
		}
	}
	for id := range complianceTable {
		if _, ok := Lookup(id); !ok {
			t.Errorf("compliance.json maps %s, which is not a registered check", id)
		}
	}
}

// The file is kept one check per line, sorted by ID, so that concurrent
// additions merge cleanly.
func TestComplianceFileLayout(t *testing.T) {
	lines := bytes.Split(bytes.TrimSpace(complianceJSON), []byte("\n"))
	if string(lines[0]) != "{" || string(lines[len(lines)-1]) != "}" {
		t.Fatalf("compliance.json must open with a line '{' and close with a line '}'")
	}
	entry := regexp.MustCompile(`^\s*"(CS-[A-Z]{2,6}-[0-9]{3})": \{.*\}(,?)$`)
	var ids []string
	body := lines[1 : len(lines)-1]
	for i, l := range body {
		m := entry.FindSubmatch(l)
		if m == nil {
			t.Errorf("line %d: not one check per line: %s", i+2, l)
			continue
		}
		if last := i == len(body)-1; last == (string(m[2]) == ",") {
			t.Errorf("line %d: trailing comma wrong", i+2)
		}
		ids = append(ids, string(m[1]))
	}
	if !sort.StringsAreSorted(ids) {
		t.Errorf("compliance.json is not sorted by check ID")
	}
}

func TestParseComplianceRejects(t *testing.T) {
	for _, in := range []string{
		`{"CS-X-001": {"nist-800-53-r5": ["IA5"]}}`,
		`{"CS-X-001": {"nist-800-53-r5": ["IA-5(1"]}}`,
		`{"CS-X-001": {"cis-controls-v8": ["4"]}}`,
		`{"CS-X-001": {"iso-27001-2022": ["8.5"]}}`,
		`{"CS-X-001": {"pci-dss": ["1.1"]}}`,
	} {
		if _, err := ParseCompliance([]byte(in)); err == nil {
			t.Errorf("ParseCompliance(%s) accepted it", in)
		}
	}
	if _, err := ParseCompliance([]byte(`{"CS-X-001": {"nist-800-53-r5": ["IA-5(1)", "AC-3", "SC-28(1)"], "cis-controls-v8": ["16.11"], "iso-27001-2022": ["A.8.24", "A.5.17"]}}`)); err != nil {
		t.Errorf("valid mapping rejected: %v", err)
	}
}
