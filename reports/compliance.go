package reports

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/csaudit/csaudit/checks"
)

// The compliance summary: for each framework and control, the selected
// checks mapped to it (checks/data/compliance.json) and how they came out.

// ComplianceFramework is one framework's controls.
type ComplianceFramework struct {
	Framework string              `json:"framework"`
	Title     string              `json:"title"`
	Controls  []ComplianceControl `json:"controls"`
}

// ComplianceControl counts a control's checks by outcome. A check has
// failed when any of its findings failed (waived ones included: a waiver
// accepts a risk, it does not close the gap); it is not evaluated when it
// errored or needs a person; not applicable when every finding was
// skipped; passed otherwise. The four counts add up to len(Checks).
type ComplianceControl struct {
	Control       string   `json:"control"`
	Checks        []string `json:"checks"`
	Passed        int      `json:"passed"`
	Failed        int      `json:"failed"`
	NotEvaluated  int      `json:"not_evaluated"`
	NotApplicable int      `json:"not_applicable"`
	// FailedChecks lists the IDs of the failed checks.
	FailedChecks []string `json:"failed_checks"`
}

// Check outcomes for compliance.
const (
	outcomePassed        = "passed"
	outcomeFailed        = "failed"
	outcomeNotEvaluated  = "not evaluated"
	outcomeNotApplicable = "not applicable"
)

// checkOutcomes reduces every finding (also those below --min-severity)
// to one outcome per check.
func checkOutcomes(selected []*checks.Check, all []Finding) map[string]string {
	st := map[string]map[checks.Status]bool{}
	for _, f := range all {
		if st[f.CheckID] == nil {
			st[f.CheckID] = map[checks.Status]bool{}
		}
		st[f.CheckID][f.Status] = true
	}
	out := map[string]string{}
	for _, c := range selected {
		s := st[c.ID]
		switch {
		case s[checks.Fail]:
			out[c.ID] = outcomeFailed
		case s[checks.Error] || s[checks.Manual]:
			out[c.ID] = outcomeNotEvaluated
		case s[checks.Pass]:
			out[c.ID] = outcomePassed
		default:
			out[c.ID] = outcomeNotApplicable
		}
	}
	return out
}

func complianceSummary(selected []*checks.Check, all []Finding) []ComplianceFramework {
	outcome := checkOutcomes(selected, all)
	out := make([]ComplianceFramework, 0, len(checks.Frameworks))
	for _, fw := range checks.Frameworks {
		byControl := map[string]*ComplianceControl{}
		for _, c := range selected {
			for _, ctl := range checks.Compliance(c.ID)[fw.ID] {
				cc := byControl[ctl]
				if cc == nil {
					cc = &ComplianceControl{Control: ctl, Checks: []string{}, FailedChecks: []string{}}
					byControl[ctl] = cc
				}
				cc.Checks = append(cc.Checks, c.ID)
				switch outcome[c.ID] {
				case outcomeFailed:
					cc.Failed++
					cc.FailedChecks = append(cc.FailedChecks, c.ID)
				case outcomeNotEvaluated:
					cc.NotEvaluated++
				case outcomePassed:
					cc.Passed++
				default:
					cc.NotApplicable++
				}
			}
		}
		f := ComplianceFramework{Framework: fw.ID, Title: fw.Title, Controls: []ComplianceControl{}}
		for _, cc := range byControl {
			f.Controls = append(f.Controls, *cc)
		}
		sort.Slice(f.Controls, func(i, j int) bool { return controlLess(f.Controls[i].Control, f.Controls[j].Control) })
		out = append(out, f)
	}
	return out
}

// controlLess orders control IDs naturally: AC-3 < AC-17, IA-5 < IA-5(1),
// A.8.5 < A.8.24, 4.1 < 16.11.
func controlLess(a, b string) bool {
	pa, pb := controlParts(a), controlParts(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, y := pa[i], pb[i]
		nx, ex := strconv.Atoi(x)
		ny, ey := strconv.Atoi(y)
		switch {
		case ex == nil && ey == nil && nx != ny:
			return nx < ny
		case (ex == nil) != (ey == nil) || (ex != nil && x != y):
			return x < y
		}
	}
	return len(pa) < len(pb)
}

func controlParts(s string) []string {
	var parts []string
	cur := ""
	digit := false
	for _, r := range s {
		d := unicode.IsDigit(r)
		if !d && !unicode.IsLetter(r) {
			if cur != "" {
				parts = append(parts, cur)
			}
			cur = ""
			continue
		}
		if cur != "" && d != digit {
			parts = append(parts, cur)
			cur = ""
		}
		cur += string(r)
		digit = d
	}
	if cur != "" {
		parts = append(parts, cur)
	}
	return parts
}

// ComplianceFor returns the summary of the framework with the given ID.
func (r *Report) ComplianceFor(id string) (ComplianceFramework, bool) {
	for _, f := range r.Compliance {
		if f.Framework == id {
			return f, true
		}
	}
	return ComplianceFramework{}, false
}

// complianceTotals counts a framework's controls: fully passed, with a
// failure, and the rest.
func (f ComplianceFramework) totals() (controls, failed, passed int) {
	for _, c := range f.Controls {
		controls++
		switch {
		case c.Failed > 0:
			failed++
		case c.NotEvaluated == 0 && c.Passed > 0:
			passed++
		}
	}
	return
}

func joinIDs(ids []string) string { return strings.Join(ids, ", ") }
