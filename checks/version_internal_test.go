package checks

import (
	"slices"
	"testing"
)

// Each advisory check declares exactly the settings its preconditions read.
func TestAdvisoryCheckSettings(t *testing.T) {
	data, err := EmbeddedAdvisories()
	if err != nil {
		t.Fatal(err)
	}
	for id, c := range map[string]*Check{"critical": CriticalAdvisories, "important": ImportantAdvisories, "moderate": ModerateAdvisories, "low": LowAdvisories} {
		var want []string
		for _, a := range data.list {
			if p, ok := preconditions[a.CVE]; ok && a.bucket == id {
				want = append(want, p.settings...)
			}
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if !slices.Equal(c.Settings, want) {
			t.Errorf("%s (%s) declares %v, its preconditions read %v", c.ID, id, c.Settings, want)
		}
	}
	for cve := range preconditions {
		if !slices.ContainsFunc(data.list, func(a advisory) bool { return a.CVE == cve }) {
			t.Errorf("precondition for %s, which the data does not list", cve)
		}
	}
	if _, ok := advisoryBound[LatestPatch.ID]; ok {
		t.Error("CS-VER-006 does not read the advisory data")
	}
}

func TestSeverityBucket(t *testing.T) {
	for in, want := range map[string]string{
		"critical": "critical", "Important": "important", "medium": "moderate", "low (CNA CVSS 4.0 base 2.3)": "low",
		"not stated (GitHub advisory page: Critical)": "critical", "CVSSv2 7.5 (blog)": "important", "not stated": "moderate",
	} {
		if got, _ := severityBucket(in, nil); got != want {
			t.Errorf("severityBucket(%q) = %s, want %s", in, got, want)
		}
	}
}
