package reports

import (
	"fmt"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// SourceNote is one source as the human formats show it: whether it failed
// (and how many checks that left unevaluated), and its warnings.
type SourceNote struct {
	snapshot.Source
	// NotEvaluated counts the checks that could not be evaluated because
	// this source failed; their error findings are summarised by this
	// note instead of one row each.
	NotEvaluated int
}

// Headline is the note's one-line summary of a failed source: "database
// source mysql://… failed: …; 31 checks not evaluated".
func (n SourceNote) Headline() string {
	s := fmt.Sprintf("%s source %s failed: %s", n.Kind, n.Target, n.Error)
	if n.NotEvaluated > 0 {
		s += "; " + plural(n.NotEvaluated, "check", "checks") + " not evaluated"
	}
	return s
}

// sourceNotes returns the failed sources and the sources with warnings,
// each in report order.
func (r *Report) sourceNotes() (failed, warned []SourceNote) {
	checksOf := map[string]map[string]bool{}
	for _, f := range r.Findings {
		if f.Status == checks.Error && f.NotEvaluated != "" {
			if checksOf[f.NotEvaluated] == nil {
				checksOf[f.NotEvaluated] = map[string]bool{}
			}
			checksOf[f.NotEvaluated][f.CheckID] = true
		}
	}
	for _, s := range r.Sources {
		n := SourceNote{Source: s, NotEvaluated: len(checksOf[s.Label()])}
		if !s.OK {
			failed = append(failed, n)
		}
		if len(s.Warnings) > 0 {
			warned = append(warned, n)
		}
	}
	return failed, warned
}

// summarised reports an error finding that a failed source's note stands
// for: human formats leave it out of their rows.
func (r *Report) summarised(f Finding) bool {
	if f.Status != checks.Error || f.NotEvaluated == "" {
		return false
	}
	for _, s := range r.Sources {
		if !s.OK && s.Label() == f.NotEvaluated {
			return true
		}
	}
	return false
}
