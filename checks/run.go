package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Run evaluates each check over s. A check whose data is missing is skipped
// (absent in this release, or its source not audited) or errors (its data
// could not be read); a panicking check or one that says nothing errors.
// Run never fails silently: every check yields at least one finding.
func Run(s *snapshot.Snapshot, list []*Check) []Finding {
	var out []Finding
	for _, c := range list {
		for _, r := range evalOne(s, c) {
			normalize(&r, c)
			out = append(out, Finding{
				CheckID: c.ID, Title: c.Title, Severity: c.Severity, Status: r.Status,
				Machine: r.Machine, Subject: r.Subject, Resource: r.Resource, Message: r.Message,
				Expected: r.Expected, Actual: r.Actual, Threat: c.Threat, NotEvaluated: r.NotEvaluated,
			})
		}
	}
	SortFindings(out)
	return out
}

func evalOne(s *snapshot.Snapshot, c *Check) (rs []Result) {
	whole := func(st Status, msg string) []Result {
		return []Result{{Status: st, Resource: CheckRes(c.ID), Message: msg}}
	}
	// Failed data outranks missing data: an unreadable source must show.
	for _, d := range c.Requires {
		if a := s.Availability(d); a.Status == snapshot.Failed {
			rs := whole(Error, fmt.Sprintf("cannot evaluate: %s could not be read: %s", d, a.Reason))
			rs[0].NotEvaluated = a.Source
			return rs
		}
	}
	for _, d := range c.Requires {
		switch a := s.Availability(d); a.Status {
		case snapshot.NotCollected:
			return whole(Skip, "not audited: "+a.Reason)
		case snapshot.Absent:
			return whole(Skip, "not applicable: "+a.Reason)
		}
	}
	if c.Since != "" && s.CloudStackVersion != "" {
		if v, err := parse.ParseVersion(s.CloudStackVersion); err == nil && v.Less(parse.MustVersion(c.Since)) {
			return whole(Skip, fmt.Sprintf("not applicable: CloudStack %s predates %s, where this feature appeared", s.CloudStackVersion, c.Since))
		}
	}
	defer func() {
		if p := recover(); p != nil {
			rs = whole(Error, fmt.Sprintf("internal error in check %s: %v", c.ID, p))
		}
	}()
	rs = c.Eval(s)
	if len(rs) == 0 {
		return whole(Error, "internal error: check "+c.ID+" produced no result")
	}
	return rs
}

// normalize gives every result a resource (the check itself when the
// check named none), the machine on both, and the subject rendered from
// the resource.
func normalize(r *Result, c *Check) {
	if r.Resource.IsZero() {
		r.Resource = CheckRes(c.ID)
	}
	if r.Machine != "" {
		r.Resource.Machine = r.Machine
	}
	r.Machine = r.Resource.Machine
	if r.Subject == "" {
		r.Subject = r.Resource.String()
	}
}

var statusRank = map[Status]int{Fail: 0, Error: 1, Manual: 2, Skip: 3, Pass: 4}

// SortFindings orders findings for output: status (fail, error, manual,
// skip, pass), severity high to low, check ID, machine, subject.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return FindingLess(&fs[i], &fs[j]) })
}

// FindingLess is the order of SortFindings, for types that wrap a Finding.
func FindingLess(a, b *Finding) bool {
	if statusRank[a.Status] != statusRank[b.Status] {
		return statusRank[a.Status] < statusRank[b.Status]
	}
	if a.Severity != b.Severity {
		return a.Severity > b.Severity
	}
	if a.CheckID != b.CheckID {
		return a.CheckID < b.CheckID
	}
	if a.Machine != b.Machine {
		return a.Machine < b.Machine
	}
	return a.Subject < b.Subject
}

// Lookup returns the registered check with the given ID (case-insensitive).
func Lookup(id string) (*Check, bool) {
	for _, c := range Registry {
		if strings.EqualFold(c.ID, id) {
			return c, true
		}
	}
	return nil, false
}

// Select returns the registered checks matching include (all when empty)
// minus those matching exclude. Patterns are IDs or ID prefixes
// ("CS-API", "CS-API-001"); a pattern matching no check is an error.
func Select(include, exclude []string) (selected, deselected []*Check, err error) {
	match := func(pats []string) (map[string]bool, error) {
		m := map[string]bool{}
		for _, p := range pats {
			p = strings.ToUpper(strings.TrimSpace(p))
			if p == "" {
				continue
			}
			found := false
			for _, c := range Registry {
				if c.ID == p || strings.HasPrefix(c.ID, strings.TrimSuffix(p, "-")+"-") {
					m[c.ID], found = true, true
				}
			}
			if !found {
				return nil, fmt.Errorf("no check matches %q (see 'csaudit checks')", p)
			}
		}
		return m, nil
	}
	inc, err := match(include)
	if err != nil {
		return nil, nil, err
	}
	exc, err := match(exclude)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range Registry {
		if (len(inc) == 0 || inc[c.ID]) && !exc[c.ID] {
			selected = append(selected, c)
		} else {
			deselected = append(deselected, c)
		}
	}
	return selected, deselected, nil
}

var (
	idRE     = regexp.MustCompile(`^CS-[A-Z]{2,6}-[0-9]{3}$`)
	threatRE = regexp.MustCompile(`^(TM §[0-9]+[a-z]?(\.[0-9]+)?( B[0-9])?|PR Q[0-9]+)$`)
)

// Validate checks the registry: every check complete, IDs well formed,
// unique and in order, threat references in the documented form.
func Validate(list []*Check) error {
	var errs []string
	seen := map[string]bool{}
	prev := ""
	for i, c := range list {
		bad := func(f string, a ...any) {
			errs = append(errs, fmt.Sprintf("check #%d %s: %s", i, c.ID, fmt.Sprintf(f, a...)))
		}
		if !idRE.MatchString(c.ID) {
			bad("ID does not match CS-<DOMAIN>-NNN")
		}
		if seen[c.ID] {
			bad("duplicate ID")
		}
		seen[c.ID] = true
		if c.ID <= prev {
			bad("not in ID order after %s", prev)
		}
		prev = c.ID
		if strings.TrimSpace(c.Title) == "" || strings.TrimSpace(c.Rationale) == "" || strings.TrimSpace(c.Remediation) == "" {
			bad("title, rationale and remediation are required")
		}
		if c.Severity < Info || c.Severity > Critical {
			bad("severity out of range")
		}
		if len(c.Threat) == 0 {
			bad("no threat-model reference")
		}
		for _, t := range c.Threat {
			if !threatRE.MatchString(t) {
				bad("threat reference %q is not 'TM §N[.N]' or 'PR QN'", t)
			}
		}
		if len(c.Requires) == 0 {
			bad("no required dataset")
		}
		if c.Eval == nil {
			bad("no Eval")
		}
		if c.Since != "" {
			if _, err := parse.ParseVersion(c.Since); err != nil {
				bad("since: %v", err)
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid check registry:\n  %s", strings.Join(errs, "\n  "))
	}
	return nil
}
