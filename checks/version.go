package checks

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// releaseLine is the support status of one CloudStack release line, from
// cloudstack-cves.md "Release lines" (derived dates are first release plus
// the announced support period).
type releaseLine struct {
	line     string
	eol      string // first day without support; "" = still supported when the table was made
	basis    string
	lastSeen string // latest patch release seen for the line
}

// releaseLines must list every line from 4.14 on; older lines are all end of life.
var releaseLines = []releaseLine{
	{"4.14", "2022-01-01", "derived: LTS, 18 months from mid-2020", "4.14.1.0"},
	{"4.15", "2022-07-01", "derived: LTS, 18 months from 2021-01", "4.15.2.0"},
	{"4.16", "2023-07-01", "derived: LTS, 18 months from 2021-11", "4.16.1.0"},
	{"4.17", "2024-01-01", "derived: LTS, 18 months from 2022-06", "4.17.2.0"},
	{"4.18", "2024-10-01", "derived: LTS, 18 months from 2023-03; last security fix 4.18.2.5", "4.18.2.5"},
	{"4.19", "2025-08-07", "derived: LTS, 18 months from 2024-02-06", "4.19.3.0"},
	{"4.20", "2027-01-01", "dev@ list: 1 Jul 2026, extension to 1 Jan 2027 proposed (4.20.3.1 shipped Aug 2026)", "4.20.3.1"},
	{"4.21", "2025-11-11", "regular release, supported until 4.22.0.0 (2025-11-11)", "4.21.0.0"},
	{"4.22", "2027-11-11", "derived: LTS, 24 months from 2025-11-11", "4.22.1.1"},
	{"4.23", "", "regular release, supported until the next release (24)", "4.23.0.0"},
}

// tableDate is when releaseLines was last checked; lines without an end
// date are judged supported only for a year after it.
var tableDate = time.Date(2026, 9, 3, 0, 0, 0, 0, time.UTC)

// oldestTracked is the first line in releaseLines; anything older is EOL.
var oldestTracked = parse.MustVersion("4.14")

func lineOf(v parse.Version) (releaseLine, bool) {
	for _, l := range releaseLines {
		if l.line == v.Line() {
			return l, true
		}
	}
	return releaseLine{}, false
}

func parsedVersion(s *snapshot.Snapshot) (parse.Version, []Result) {
	if s.CloudStackVersion == "" {
		return parse.Version{}, []Result{{Status: Error, Resource: VersionRes(""), Message: "the version table holds no completed version"}}
	}
	v, err := parse.ParseVersion(s.CloudStackVersion)
	if err != nil {
		return v, []Result{{Status: Error, Resource: VersionRes(s.CloudStackVersion), Message: "cannot parse the CloudStack version: " + err.Error()}}
	}
	return v, nil
}

// EndOfLife flags an unsupported release line.
var EndOfLife = &Check{
	ID:       "CS-VER-001",
	Title:    "CloudStack release line is end of life",
	Severity: High,
	Threat:   []string{"TM §10.2", "TM §13"},
	Rationale: "The threat model's guarantees are kept by fixing VALID reports in supported releases " +
		"only. An end-of-life line gets no security fixes (e.g. CVE-2024-38346, unauthenticated " +
		"cluster port 9090), so every later advisory stays open. Judged at the audit's collection " +
		"time against csaudit's embedded release table.",
	Remediation: "Upgrade to a supported LTS line (4.22.x, or 4.20.x while it is supported) following " +
		"the upgrade guide for your release.",
	References: []string{"cloudstack-cves.md: Release lines", "https://cwiki.apache.org/confluence/display/CLOUDSTACK/LTS"},
	Requires:   []snapshot.Dataset{snapshot.DataVersion},
	Eval: func(s *snapshot.Snapshot) []Result {
		v, rs := parsedVersion(s)
		if rs != nil {
			return rs
		}
		r := Result{Resource: VersionRes(s.CloudStackVersion), Expected: "a supported release line"}
		if v.Less(oldestTracked) {
			r.Status, r.Actual = Fail, "line "+v.Line()+" (end of life)"
			r.Message = fmt.Sprintf("release line %s has been end of life for years; it receives no security fixes", v.Line())
			return []Result{r}
		}
		l, ok := lineOf(v)
		if !ok {
			r.Status, r.Actual = Manual, "line "+v.Line()+" (unknown)"
			r.Message = "release line " + v.Line() + " is newer than csaudit's release table; check its support status"
			return []Result{r}
		}
		if l.eol == "" {
			if s.CollectedAt.After(tableDate.AddDate(1, 0, 0)) {
				r.Status, r.Actual = Manual, "line "+l.line+" (support status unknown)"
				r.Message = fmt.Sprintf("release line %s had no end-of-life date when csaudit's table was made (%s); check its support status", l.line, tableDate.Format(time.DateOnly))
				return []Result{r}
			}
			r.Status, r.Actual, r.Message = Pass, "line "+l.line+" (supported)", "release line "+l.line+" is supported ("+l.basis+")"
			return []Result{r}
		}
		eol, _ := time.Parse(time.DateOnly, l.eol)
		if !s.CollectedAt.Before(eol) {
			r.Status, r.Actual = Fail, "line "+l.line+" (end of life since "+l.eol+")"
			r.Message = fmt.Sprintf("release line %s reached end of life on %s (%s)", l.line, l.eol, l.basis)
		} else {
			r.Status, r.Actual = Pass, "line "+l.line+" (supported until "+l.eol+")"
			r.Message = fmt.Sprintf("release line %s is supported until %s (%s)", l.line, l.eol, l.basis)
		}
		return []Result{r}
	},
}

//go:embed data/cloudstack-cves.json
var cvesJSON []byte

type advisory struct {
	CVE      string `json:"cve"`
	Title    string `json:"title"`
	Affected []struct {
		Introduced   string `json:"introduced"`
		LastAffected string `json:"last_affected"`
		Fixed        string `json:"fixed"`
	} `json:"affected"`
	FixedVersions []string `json:"fixed_versions"`
	Severity      string   `json:"severity_cna"`
	Announced     string   `json:"announced"`
	Workaround    string   `json:"workaround"`
}

var advisories = sync.OnceValues(func() ([]advisory, error) {
	var a []advisory
	err := json.Unmarshal(cvesJSON, &a)
	return a, err
})

// affects reports whether v falls in one of a's affected ranges; open is
// set when that range has no recorded end (no fixed release known).
func (a advisory) affects(v parse.Version) (hit, open bool, err error) {
	for _, r := range a.Affected {
		var lo parse.Version // "0" or "": from the first release
		if r.Introduced != "0" && r.Introduced != "" {
			if lo, err = parse.ParseVersion(r.Introduced); err != nil {
				return false, false, fmt.Errorf("%s: %w", a.CVE, err)
			}
		}
		if v.Less(lo) {
			continue
		}
		switch {
		case r.LastAffected != "":
			hi, err := parse.ParseVersion(r.LastAffected)
			if err != nil {
				return false, false, fmt.Errorf("%s: %w", a.CVE, err)
			}
			if !hi.Less(v) {
				return true, false, nil
			}
		case r.Fixed != "":
			fx, err := parse.ParseVersion(r.Fixed)
			if err != nil {
				return false, false, fmt.Errorf("%s: %w", a.CVE, err)
			}
			if v.Less(fx) {
				return true, false, nil
			}
		default:
			return true, true, nil // no upper bound recorded
		}
	}
	return false, false, nil
}

func serious(sev string) bool {
	s := strings.ToLower(sev)
	return strings.HasPrefix(s, "critical") || strings.HasPrefix(s, "important")
}

// KnownAdvisories flags published advisories affecting the version.
var KnownAdvisories = &Check{
	ID:       "CS-VER-002",
	Title:    "Installed version is affected by published security advisories",
	Severity: High,
	Threat:   []string{"TM §10.2", "TM §13"},
	Rationale: "Apache CloudStack security advisories list the releases each fix went into. A version " +
		"inside an affected range is exposed until upgraded (or, for some, until the advisory's " +
		"workaround is applied). Only advisories announced by the audit's collection time count.",
	Remediation: "Upgrade to the latest patch release of a supported line (4.20.3.1 or 4.22.1.1 as of " +
		"csaudit's table) and apply the listed workarounds until then.",
	References: []string{"https://cloudstack.apache.org/security.html", "cloudstack-cves.json"},
	Requires:   []snapshot.Dataset{snapshot.DataVersion},
	Eval: func(s *snapshot.Snapshot) []Result {
		v, rs := parsedVersion(s)
		if rs != nil {
			return rs
		}
		all, err := advisories()
		if err != nil {
			return []Result{{Status: Error, Resource: VersionRes(s.CloudStackVersion), Message: "embedded advisory table unreadable: " + err.Error()}}
		}
		var hit, top []string
		var out []Result
		for _, a := range all {
			if t, err := time.Parse(time.DateOnly, a.Announced); err == nil && t.After(s.CollectedAt) {
				continue
			}
			ok, open, err := a.affects(v)
			if err != nil {
				return []Result{{Status: Error, Resource: VersionRes(s.CloudStackVersion), Message: "embedded advisory table: " + err.Error()}}
			}
			switch {
			case ok && open:
				// No fixed release is recorded: upgrading may not help, the
				// workaround might; a person has to decide.
				out = append(out, Result{Status: Manual, Resource: AdvisoryRes(a.CVE), Expected: "workaround applied", Actual: "no fixed release recorded",
					Message: fmt.Sprintf("%s (%s) has no fixed release in csaudit's table; apply its workaround: %s", a.CVE, a.Title, a.Workaround)})
			case ok:
				hit = append(hit, a.CVE)
				if serious(a.Severity) {
					top = append(top, a.CVE)
				}
			}
		}
		r := Result{Resource: VersionRes(s.CloudStackVersion), Expected: "no known advisory"}
		if len(hit) == 0 {
			r.Status, r.Actual, r.Message = Pass, "0 advisories", "no advisory with a fixed release in csaudit's table affects this version"
			return append([]Result{r}, out...)
		}
		sort.Strings(hit)
		sort.Strings(top)
		r.Status = Fail
		r.Actual = fmt.Sprintf("%d advisories (%d critical/important)", len(hit), len(top))
		list := top
		if len(list) == 0 {
			list = hit
		}
		if len(list) > 8 {
			list = append(list[:8:8], fmt.Sprintf("and %d more", len(list)-8))
		}
		r.Message = fmt.Sprintf("affected by %d published advisories; most serious: %s", len(hit), strings.Join(list, ", "))
		return append([]Result{r}, out...)
	},
}
