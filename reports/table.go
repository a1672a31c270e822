package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/csaudit/csaudit/checks"
)

var sevColor = map[checks.Severity]string{
	checks.Critical: "\x1b[1;31m", checks.High: "\x1b[31m", checks.Medium: "\x1b[33m",
	checks.Low: "\x1b[36m", checks.Info: "\x1b[2m",
}

func (r *Report) sev(s checks.Severity) string {
	if !r.Color {
		return s.String()
	}
	return sevColor[s] + s.String() + "\x1b[0m"
}

// WriteTable writes the human report: header, failures by severity, the
// checks that need a person or errored, remediation, and a summary line.
func WriteTable(w io.Writer, r *Report) error {
	r = r.forHumans()
	ew := &errWriter{w: w}
	ver := r.CloudStackVersion
	if ver == "" {
		ver = "unknown"
	}
	ew.printf("csaudit %s  target %s  CloudStack %s  collected %s\n", r.Tool.Version, clean(r.Target), clean(ver), r.CollectedAt.Format(time.RFC3339))
	failed, warned := r.sourceNotes()
	for _, n := range failed {
		ew.printf("%s\n", clean(n.Headline()))
		if n.Hint != "" {
			ew.printf("  hint: %s\n", clean(n.Hint))
		}
	}
	groups := []struct {
		title    string
		statuses []checks.Status
	}{
		{"Failures", []checks.Status{checks.Fail}},
		{"Errors (could not evaluate)", []checks.Status{checks.Error}},
		{"Needs a person", []checks.Status{checks.Manual}},
	}
	if r.Verbose {
		groups = append(groups, struct {
			title    string
			statuses []checks.Status
		}{"Passed and not applicable", []checks.Status{checks.Pass, checks.Skip}})
	}
	for _, g := range groups {
		var rows [][]string
		for _, f := range r.Findings {
			if !hasStatus(g.statuses, f.Status) || r.summarised(f) {
				continue
			}
			subj := clean(f.Subject)
			if f.Machine != "" {
				subj = clean(f.Machine) + ": " + subj
			}
			row := []string{r.sev(f.Severity), f.CheckID, subj, clean(f.Message) + tableMarks(f)}
			if len(g.statuses) > 1 {
				row[0] = string(f.Status) + " " + row[0]
			}
			rows = append(rows, row)
		}
		if len(rows) == 0 {
			continue
		}
		ew.printf("\n%s (%d)\n", g.title, len(rows))
		if ew.err != nil {
			return ew.err
		}
		t := tablewriter.NewTable(w,
			tablewriter.WithMaxWidth(160),
			tablewriter.WithRowAutoWrap(tw.WrapNormal),
			tablewriter.WithHeaderAutoFormat(tw.Off),
			tablewriter.WithTrimSpace(tw.Off),
		)
		t.Header("Severity", "Check", "Subject", "Finding")
		if err := t.Bulk(rows); err != nil {
			return err
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	// Remediation, once per failing or manual check, in finding order.
	seen := map[string]bool{}
	first := true
	for _, f := range r.Findings {
		if (f.Status != checks.Fail && f.Status != checks.Manual) || seen[f.CheckID] {
			continue
		}
		seen[f.CheckID] = true
		c := r.check(f.CheckID)
		if c == nil {
			continue
		}
		if first {
			ew.printf("\nRemediation\n")
			first = false
		}
		ew.printf("\n  %s  %s [%s; %s]\n", c.ID, c.Title, c.Severity, strings.Join(c.Threat, ", "))
		for _, line := range wrap(c.Remediation, 96) {
			ew.printf("      %s\n", line)
		}
	}
	tableWaivers(ew, r)
	tableBaseline(ew, r)
	hidden := r.Summary.Total - len(r.Findings)
	ew.printf("\n%s\n", r.summaryLine())
	if hidden > 0 {
		ew.printf("(%d findings below --min-severity %s not shown)\n", hidden, r.Selection.MinSeverity)
	}
	if !r.Verbose && r.Summary.Pass+r.Summary.Skip > 0 {
		ew.printf("(passed and not-applicable findings are listed with --verbose or in --format json)\n")
	}
	if len(warned) > 0 {
		ew.printf("\nWarnings (what csaudit could not read or parse; the audit went on)\n")
		for _, n := range warned {
			for _, w := range n.Warnings {
				ew.printf("  %s %s: %s\n", n.Kind, clean(n.Target), clean(w))
			}
		}
	}
	return ew.err
}

func (r *Report) summaryLine() string {
	s := r.Summary
	var sev []string
	for i := checks.Critical; i >= checks.Info; i-- {
		if n := s.FailBySeverity[i.String()]; n > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", n, i))
		}
	}
	fail := fmt.Sprintf("%d failed", s.Fail)
	if len(sev) > 0 {
		fail += " (" + strings.Join(sev, ", ") + ")"
	}
	verdict := "audit complete"
	switch {
	case s.NothingEvaluated():
		verdict = "AUDIT INCOMPLETE: no selected check could be evaluated (no source they need was audited)"
	case !s.Complete:
		verdict = "AUDIT INCOMPLETE"
	}
	gate := ""
	if r.Waivers != nil {
		gate += fmt.Sprintf("; %d waived (waivers: %d expired, %d unmatched)", s.Waived, s.ExpiredWaivers, s.UnmatchedWaivers)
	}
	if r.Baseline != nil {
		gate += fmt.Sprintf("; baseline: %d new, %d existing, %d fixed", s.New, s.Existing, s.Fixed)
	}
	if gate != "" {
		gate += fmt.Sprintf("; %d gating", s.Gating)
	}
	return fmt.Sprintf("Summary: %d checks (%d evaluated, %d not evaluated), %d findings: %s, %d passed, %d skipped, %d errors, %d need a person%s; %s; exit %d (fail-on %s)",
		s.Checks, s.Evaluated, s.NotEvaluated, s.Total, fail, s.Pass, s.Skip, s.Error, s.Manual, gate, verdict, s.ExitCode, r.Selection.FailOn)
}

// tableMarks notes, under a failure's message, a waiver or that it is new.
func tableMarks(f Finding) string {
	var m []string
	if w := f.Waived; w != nil {
		s := "WAIVED until " + w.Expires + ": " + clean(w.Reason)
		if w.Owner != "" {
			s += " (" + clean(w.Owner) + ")"
		}
		m = append(m, s)
	}
	if f.Baseline == BaselineNew {
		m = append(m, "NEW since the baseline")
	}
	if len(m) == 0 {
		return ""
	}
	return " [" + strings.Join(m, "; ") + "]"
}

// tableWaivers lists the waivers that need attention: expired ones and
// ones that match no failure.
func tableWaivers(ew *errWriter, r *Report) {
	if r.Waivers == nil {
		return
	}
	s := r.Summary
	ew.printf("\nWaivers (%s): %s, %s waived; waivers: %d expired, %d unmatched\n", clean(r.Waivers.File),
		plural(len(r.Waivers.Entries), "entry", "entries"), plural(s.Waived, "failure", "failures"), s.ExpiredWaivers, s.UnmatchedWaivers)
	for _, e := range r.Waivers.Entries {
		what := e.Check
		if e.Subject != "" {
			what += fmt.Sprintf(" subject %q", e.Subject)
		}
		if e.Machine != "" {
			what += fmt.Sprintf(" machine %q", e.Machine)
		}
		switch e.State {
		case WaiverExpired:
			ew.printf("  line %d: %s EXPIRED on %s, no longer applies to %s: %s\n", e.Line, clean(what), e.Expires, plural(e.Matched, "failure", "failures"), clean(e.Reason))
		case WaiverUnmatched:
			ew.printf("  line %d: %s matches no failure: remove it, or fix its check/subject/machine\n", e.Line, clean(what))
		}
	}
}

// tableBaseline lists the baseline failures that are fixed now.
func tableBaseline(ew *errWriter, r *Report) {
	b := r.Baseline
	if b == nil {
		return
	}
	s := r.Summary
	ew.printf("\nBaseline (%s, collected %s): %d new, %d existing, %d fixed\n", clean(b.File), b.CollectedAt.Format(time.RFC3339), s.New, s.Existing, s.Fixed)
	for _, f := range b.Fixed {
		subj := clean(f.Subject)
		if f.Machine != "" {
			subj = clean(f.Machine) + ": " + subj
		}
		ew.printf("  fixed: %-8s %-12s %s\n", f.Severity, f.CheckID, subj)
	}
}

func hasStatus(list []checks.Status, s checks.Status) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(f string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, f, a...)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
