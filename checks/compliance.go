package checks

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
)

// Compliance mappings: which controls of which framework each check gives
// evidence for. They are data (data/compliance.json, one check per line,
// sorted by ID) rather than Check fields, so that helpers adding checks and
// auditors reviewing the mapping edit one reviewable table.

// Framework is a control framework csaudit maps its checks to.
type Framework struct {
	// ID is the key used in compliance.json, reports and --compliance.
	ID, Title string
	// Pattern is what a well-formed control ID of the framework looks like.
	Pattern *regexp.Regexp
}

// Frameworks lists the supported frameworks in report order.
var Frameworks = []Framework{
	{"nist-800-53-r5", "NIST SP 800-53 Rev. 5", regexp.MustCompile(`^[A-Z]{2}-[1-9][0-9]?(\([1-9][0-9]?\))?$`)},
	{"cis-controls-v8", "CIS Controls v8", regexp.MustCompile(`^[1-9][0-9]?\.[1-9][0-9]?$`)},
	{"iso-27001-2022", "ISO/IEC 27001:2022 Annex A", regexp.MustCompile(`^A\.[5-8]\.[1-9][0-9]?$`)},
}

// LookupFramework returns the framework with the given ID.
func LookupFramework(id string) (Framework, bool) {
	i := slices.IndexFunc(Frameworks, func(f Framework) bool { return f.ID == id })
	if i < 0 {
		return Framework{}, false
	}
	return Frameworks[i], true
}

// FrameworkIDs lists the framework IDs in report order.
func FrameworkIDs() []string {
	out := make([]string, len(Frameworks))
	for i, f := range Frameworks {
		out[i] = f.ID
	}
	return out
}

// Mapping is one check's controls, keyed by framework ID.
type Mapping map[string][]string

//go:embed data/compliance.json
var complianceJSON []byte

var complianceTable = mustCompliance(complianceJSON)

func mustCompliance(b []byte) map[string]Mapping {
	m, err := ParseCompliance(b)
	if err != nil {
		panic("checks/data/compliance.json: " + err.Error())
	}
	return m
}

// ParseCompliance reads a compliance table and validates every control ID
// against its framework's pattern; unknown frameworks are an error.
func ParseCompliance(b []byte) (map[string]Mapping, error) {
	var m map[string]Mapping
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for fw, controls := range m[id] {
			f, ok := LookupFramework(fw)
			if !ok {
				return nil, fmt.Errorf("%s: unknown framework %q", id, fw)
			}
			for _, c := range controls {
				if !f.Pattern.MatchString(c) {
					return nil, fmt.Errorf("%s: %s control %q is not well formed", id, fw, c)
				}
			}
		}
	}
	return m, nil
}

// Compliance returns the controls the check with the given ID maps to
// (nil when unmapped). The caller must not modify it.
func Compliance(id string) Mapping { return complianceTable[id] }
