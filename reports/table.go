package reports

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/csaudit/csaudit/checks"
)

// clean makes database-sourced text safe for a terminal: control characters
// (escape sequences included) become visible \x.. escapes.
func clean(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == unicode.ReplacementChar }) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

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
	ew := &errWriter{w: w}
	ver := r.CloudStackVersion
	if ver == "" {
		ver = "unknown"
	}
	ew.printf("csaudit %s  target %s  CloudStack %s  collected %s\n", r.Tool.Version, clean(r.Target), clean(ver), r.CollectedAt.Format(time.RFC3339))
	for _, s := range r.Sources {
		if !s.OK {
			ew.printf("source %s %s FAILED: %s\n", s.Kind, clean(s.Target), clean(s.Error))
			if s.Hint != "" {
				ew.printf("  hint: %s\n", clean(s.Hint))
			}
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
			if !hasStatus(g.statuses, f.Status) {
				continue
			}
			subj := clean(f.Subject)
			if f.Machine != "" {
				subj = clean(f.Machine) + ": " + subj
			}
			row := []string{r.sev(f.Severity), f.CheckID, subj, clean(f.Message)}
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
	hidden := r.Summary.Total - len(r.Findings)
	ew.printf("\n%s\n", r.summaryLine())
	if hidden > 0 {
		ew.printf("(%d findings below --min-severity %s not shown)\n", hidden, r.Selection.MinSeverity)
	}
	if !r.Verbose && r.Summary.Pass+r.Summary.Skip > 0 {
		ew.printf("(passed and not-applicable findings are listed with --verbose or in --format json)\n")
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
	if !s.Complete {
		verdict = "AUDIT INCOMPLETE"
	}
	return fmt.Sprintf("Summary: %d checks, %d findings: %s, %d passed, %d skipped, %d errors, %d need a person; %s; exit %d (fail-on %s)",
		s.Checks, s.Total, fail, s.Pass, s.Skip, s.Error, s.Manual, verdict, s.ExitCode, r.Selection.FailOn)
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
