package checks

import (
	"fmt"
	"slices"
	"strings"
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

// lineSupported reports whether release line name is supported at time
// at, and when not, since when it is end of life ("" = for years). A line
// newer than the table counts as supported.
func lineSupported(name string, at time.Time) (ok bool, since string) {
	for _, l := range releaseLines {
		if l.line != name {
			continue
		}
		if l.eol == "" {
			return !at.After(tableDate.AddDate(1, 0, 0)), ""
		}
		eol, _ := time.Parse(time.DateOnly, l.eol)
		return at.Before(eol), l.eol
	}
	if v, err := parse.ParseVersion(name); err == nil && v.Less(oldestTracked) {
		return false, ""
	}
	return true, ""
}

// affects reports whether v falls in one of a's affected ranges; open is
// set when that range has no recorded end (no fixed release known).
// Without any recorded range (unverified entries), v counts as affected,
// open, when it is older than every fixed release.
func (a advisory) affects(v parse.Version) (hit, open bool) {
	if len(a.Affected) == 0 {
		for _, f := range a.fixed {
			if !v.Less(f) {
				return false, false
			}
		}
		return len(a.fixed) > 0, true
	}
	for _, r := range a.Affected {
		lo, _, _ := parseBound(r.Introduced) // validated by ParseAdvisories
		if v.Less(lo) {
			continue
		}
		switch {
		case r.LastAffected != "":
			if hi, _, _ := parseBound(r.LastAffected); !hi.Less(v) {
				return true, false
			}
		case r.Fixed != "":
			if fx, _, _ := parseBound(r.Fixed); v.Less(fx) {
				return true, false
			}
		default:
			return true, true // no upper bound recorded
		}
	}
	return false, false
}

// fixAdvice says where a's fix for v is: the next fix on v's own line and
// the minimum fixed release on a line supported at the audit's time.
// target is the release to name as expected.
func fixAdvice(s *snapshot.Snapshot, v parse.Version, a advisory) (text, target string) {
	at := s.CollectedAt
	var next, minSup *parse.Version
	for i := range a.fixed {
		f := &a.fixed[i]
		if !v.Less(*f) {
			continue
		}
		if f.Line() == v.Line() && (next == nil || f.Less(*next)) {
			next = f
		}
		if ok, _ := lineSupported(f.Line(), at); ok && (minSup == nil || f.Less(*minSup)) {
			minSup = f
		}
	}
	supported := ""
	if minSup != nil {
		supported = "the minimum fixed release on a supported line is " + minSup.Raw
		target = minSup.Raw
	} else {
		// Every named fix is on an end-of-life line: the current patch
		// releases of supported lines that the ranges leave out.
		var latest []string
		for _, l := range releaseLines {
			lv := parse.MustVersion(l.lastSeen)
			if ok, _ := lineSupported(l.line, at); ok && v.Less(lv) {
				if hit, _ := a.affects(lv); !hit {
					latest = append(latest, l.lastSeen)
				}
			}
		}
		if len(latest) > 0 {
			supported = "every named fix is on an end-of-life line; upgrade to a supported line (latest " + strings.Join(latest, ", ") + ")"
			target = latest[0]
		} else {
			supported = "no supported line is known to carry the fix; check the advisory"
			target = "a fixed, supported release"
		}
	}
	lineOK, since := lineSupported(v.Line(), at)
	eol := "end of life"
	if since != "" {
		eol = "end of life since " + since
	}
	switch {
	case next != nil && lineOK:
		return fmt.Sprintf("fixed in %s, the next fix on the %s line", next.Raw, v.Line()), next.Raw
	case next != nil:
		return fmt.Sprintf("fixed in %s on the %s line, which is %s; %s", next.Raw, v.Line(), eol, supported), target
	case lineOK:
		return fmt.Sprintf("no fix was released on the %s line; %s", v.Line(), supported), target
	}
	return fmt.Sprintf("no fix was released on the %s line (%s); %s", v.Line(), eol, supported), target
}

// workaroundNote is the advisory's workaround worth repeating, or "".
func workaroundNote(a advisory) string {
	w := strings.TrimSpace(a.Workaround)
	if w == "" || strings.HasPrefix(w, "none stated in advisory") {
		return ""
	}
	return "; workaround: " + w
}

type evalFunc = func(*snapshot.Snapshot) []Result

var bucketNames = map[string]string{"critical": "critical", "important": "important", "moderate": "moderate", "low": "low"}

// advisoryEval judges each advisory of one severity bucket: one result per
// advisory affecting the installed version, plus one pass summarising the
// rest, so the bucket never silently disappears. db nil = embedded table.
func advisoryEval(bucket string, db *Advisories) evalFunc {
	return func(s *snapshot.Snapshot) []Result {
		v, rs := parsedVersion(s)
		if rs != nil {
			return rs
		}
		data := db
		if data == nil {
			var err error
			if data, err = EmbeddedAdvisories(); err != nil {
				return []Result{{Status: Error, Resource: VersionRes(s.CloudStackVersion), Message: "embedded advisory table unreadable: " + err.Error()}}
			}
		}
		var out []Result
		clear := 0
		for _, a := range data.list {
			if a.bucket != bucket || a.announced.After(s.CollectedAt) {
				continue
			}
			hit, open := a.affects(v)
			if !hit {
				clear++
				continue
			}
			out = append(out, advisoryResult(s, v, a, open))
		}
		slices.SortFunc(out, func(x, y Result) int { return strings.Compare(x.Resource.Name, y.Resource.Name) })
		other := ""
		if len(out) > 0 {
			other = "other "
		}
		out = append(out, Result{Status: Pass, Resource: VersionRes(s.CloudStackVersion), Expected: "no " + bucket + " advisory", Actual: fmt.Sprintf("%d not affecting", clear),
			Message: fmt.Sprintf("no %s%s advisory announced by %s affects %s (%d checked; advisory data: %s, as of %s)",
				other, bucketNames[bucket], s.CollectedAt.UTC().Format(time.DateOnly), s.CloudStackVersion, clear, data.Source, data.Date.Format(time.DateOnly))})
		return out
	}
}

func advisoryResult(s *snapshot.Snapshot, v parse.Version, a advisory, open bool) Result {
	r := Result{Resource: AdvisoryRes(a.CVE), Actual: s.CloudStackVersion + " (affected)"}
	rng := a.AffectedText
	if rng == "" || rng == "unverified" {
		rng = "range not recorded"
	}
	head := fmt.Sprintf("%s (%s) affects %s (affected: %s)", a.CVE, a.Title, s.CloudStackVersion, rng)
	if a.derived {
		head += fmt.Sprintf(" [severity %s derived: CNA rating %q]", a.bucket, a.SeverityCNA)
	}
	if open || len(a.fixed) == 0 {
		r.Status, r.Expected = Manual, "workaround applied"
		if len(a.fixed) == 0 {
			r.Message = head + "; no fixed release is recorded in the advisory data" + workaroundNote(a)
		} else {
			r.Message = fmt.Sprintf("%s; fixed in %s; the affected range is not recorded: check the advisory", head, strings.Join(a.FixedVersions, ", "))
		}
		return r
	}
	fix, target := fixAdvice(s, v, a)
	r.Expected = "a fixed release (" + target + ")"
	if p, ok := preconditions[a.CVE]; ok {
		absent, why := p.eval(s)
		if absent {
			r.Status = Pass
			r.Message = fmt.Sprintf("%s, but it is not exploitable here: %s (precondition: %s); upgrade anyway: %s", head, why, p.what, fix)
			return r
		}
		fix += "; " + why
	}
	r.Status = Fail
	r.Message = head + "; " + fix + workaroundNote(a)
	return r
}

func advisoryCheck(id, bucket string, sev Severity, title string, settings []string) *Check {
	return &Check{
		ID:       id,
		Title:    title,
		Severity: sev,
		Threat:   []string{"TM §13"},
		Rationale: "Apache CloudStack security advisories list the releases each fix went into. A version " +
			"inside an affected range is exposed until upgraded, unless the advisory's precondition is " +
			"absent here (csaudit checks those it can see: SAML2, OAuth2, Quota, backups, CKS, KVM hosts, " +
			"LDAP, project invitations, ROOT domain admins). One finding per advisory; only advisories " +
			"announced by the audit's collection time count. Severity is the advisory's CNA rating.",
		Remediation: "Upgrade to the fixed release named in the finding (the next patch release of the " +
			"installed line while it is supported, else the minimum fixed release of a supported line) " +
			"and apply the advisory's workaround until then. Run with --advisories FILE for data newer " +
			"than csaudit's embedded table.",
		References: []string{"https://cloudstack.apache.org/security.html", "checks/data/cloudstack-cves.json"},
		Requires:   []snapshot.Dataset{snapshot.DataVersion},
		Settings:   settings,
		Eval:       advisoryEval(bucket, nil),
	}
}

// The advisory checks, one per CNA severity so each check's metadata stays
// static. CS-VER-002 used to aggregate every advisory into one finding; it
// now holds the critical ones (its most serious).
var (
	CriticalAdvisories = advisoryCheck("CS-VER-002", "critical", Critical,
		"Installed version is affected by a critical security advisory",
		[]string{"cloud.kubernetes.service.enabled", "oauth2.enabled"})
	ImportantAdvisories = advisoryCheck("CS-VER-003", "important", High,
		"Installed version is affected by an important security advisory",
		[]string{"backup.framework.enabled", "cloud.kubernetes.service.enabled", "enable.user.2fa", "saml2.enabled"})
	ModerateAdvisories = advisoryCheck("CS-VER-004", "moderate", Medium,
		"Installed version is affected by a moderate security advisory",
		[]string{"oauth2.enabled", "quota.enable.service", "saml2.enabled", "user.vm.denied.details"})
	LowAdvisories = advisoryCheck("CS-VER-005", "low", Low,
		"Installed version is affected by a low-severity security advisory",
		[]string{"backup.framework.enabled", "ldap.basedn", "project.invite.required", "project.smtp.host", "quota.enable.service"})
)

// LatestPatch flags an installation behind the latest patch release of its line.
var LatestPatch = &Check{
	ID:       "CS-VER-006",
	Title:    "Not on the latest patch release of the installed line",
	Severity: Low,
	Threat:   []string{"TM §13"},
	Rationale: "Security fixes ship as patch releases of the supported lines (4.20.3.1, 4.22.1.1 ...). " +
		"A patch level behind the latest misses fixes even when no advisory in csaudit's table names " +
		"it yet. Judged against csaudit's embedded release table.",
	Remediation: "Upgrade to the latest patch release of the installed line (named in the finding).",
	References:  []string{"cloudstack-cves.md: Latest fixed patch level per line", "https://cloudstack.apache.org/downloads"},
	Requires:    []snapshot.Dataset{snapshot.DataVersion},
	Eval: func(s *snapshot.Snapshot) []Result {
		v, rs := parsedVersion(s)
		if rs != nil {
			return rs
		}
		r := Result{Resource: VersionRes(s.CloudStackVersion), Actual: s.CloudStackVersion}
		l, ok := lineOf(v)
		switch {
		case v.Less(oldestTracked):
			r.Status, r.Message = Skip, "not applicable: release line "+v.Line()+" is older than csaudit's release table (see CS-VER-001)"
			return []Result{r}
		case !ok:
			r.Status, r.Message = Manual, "release line "+v.Line()+" is newer than csaudit's release table; check for a newer patch release"
			return []Result{r}
		}
		latest := parse.MustVersion(l.lastSeen)
		r.Expected = l.lastSeen + " or later"
		if v.Less(latest) {
			r.Status = Fail
			r.Message = fmt.Sprintf("%s is behind the latest patch release of the %s line, %s (csaudit's release table of %s)", s.CloudStackVersion, l.line, l.lastSeen, tableDate.Format(time.DateOnly))
		} else {
			r.Status = Pass
			r.Message = fmt.Sprintf("%s is the latest patch release of the %s line in csaudit's release table of %s", s.CloudStackVersion, l.line, tableDate.Format(time.DateOnly))
		}
		return []Result{r}
	},
}
