package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/csaudit/csaudit/checks"
)

var sevColor = map[checks.Severity]string{
	checks.Critical: "\x1b[1;31m", checks.High: "\x1b[31m", checks.Medium: "\x1b[33m",
	checks.Low: "\x1b[36m", checks.Info: "\x1b[2m",
}

// DefaultWidth is the table width when neither the terminal nor COLUMNS
// gives one; MinWidth is the narrowest table csaudit lays out.
const (
	DefaultWidth = 100
	MinWidth     = 60
)

func (r *Report) width() int {
	switch {
	case r.Width <= 0:
		return DefaultWidth
	case r.Width < MinWidth:
		return MinWidth
	}
	return r.Width
}

// WriteTable writes the human report: header, failures by severity, the
// checks that need a person or errored, remediation, and a summary line.
// No line is wider than the report's width (Width, else DefaultWidth).
func WriteTable(w io.Writer, r *Report) error {
	r = r.forHumans()
	width := r.width()
	ew := &errWriter{w: w}
	ver := r.CloudStackVersion
	if ver == "" {
		ver = "unknown"
	}
	ew.para(width, "", fmt.Sprintf("csaudit %s  target %s  CloudStack %s  collected %s", r.Tool.Version, clean(r.Target), clean(ver), r.CollectedAt.Format(time.RFC3339)))
	failed, warned := r.sourceNotes()
	for _, n := range failed {
		ew.para(width, "  ", clean(n.Headline()))
		if n.Hint != "" {
			ew.para(width, "  ", "hint: "+clean(n.Hint))
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
		t := textTable{header: []string{"Severity", "Check", "Subject", "Finding"}, flex: 3, wide: 2}
		for _, f := range r.Findings {
			if !hasStatus(g.statuses, f.Status) || r.summarised(f) {
				continue
			}
			subj := clean(f.Subject)
			if f.Machine != "" {
				// The machine and the first word of the subject (a path,
				// a setting) stay on one line.
				subj = clean(f.Machine) + ":" + nbsp + subj
			}
			sev := f.Severity.String()
			if len(g.statuses) > 1 {
				sev = string(f.Status) + " " + sev
			}
			t.rows = append(t.rows, []string{sev, f.CheckID, subj, clean(f.Message) + tableMarks(f)})
			t.sev = append(t.sev, f.Severity)
		}
		if len(t.rows) == 0 {
			continue
		}
		ew.printf("\n%s (%d)\n", g.title, len(t.rows))
		if r.Color {
			t.color = sevColor
		}
		t.render(ew, width)
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
		ew.printf("\n")
		ew.para(width, "      ", fmt.Sprintf("  %s  %s [%s; %s]", c.ID, c.Title, c.Severity, strings.Join(c.Threat, ", ")))
		ew.para(width, "      ", "      "+c.Remediation)
	}
	if r.ComplianceTable != "" {
		tableCompliance(ew, r, width)
	}
	tableWaivers(ew, r, width)
	tableBaseline(ew, r, width)
	hidden := r.Summary.Total - len(r.Findings)
	ew.printf("\n")
	ew.para(width, "  ", r.summaryLine())
	if hidden > 0 {
		ew.para(width, "  ", fmt.Sprintf("(%d findings below --min-severity %s not shown)", hidden, r.Selection.MinSeverity))
	}
	if !r.Verbose && r.Summary.Pass+r.Summary.Skip > 0 {
		ew.para(width, "  ", "(passed and not-applicable findings are listed with --verbose or in --format json)")
	}
	if len(warned) > 0 {
		ew.printf("\n")
		ew.para(width, "  ", "Warnings (what csaudit could not read or parse; the audit went on)")
		for _, n := range warned {
			for _, w := range n.Warnings {
				ew.para(width, "      ", fmt.Sprintf("  %s %s: %s", n.Kind, clean(n.Target), clean(w)))
			}
		}
	}
	return ew.err
}

// tableCompliance prints the control summary of one framework.
func tableCompliance(ew *errWriter, r *Report, width int) {
	f, ok := r.ComplianceFor(r.ComplianceTable)
	if !ok {
		return
	}
	n, failed, passed := f.totals()
	ew.printf("\n")
	ew.para(width, "  ", fmt.Sprintf("Compliance: %s (%s): %d controls, %d with a failed check, %d fully passed", f.Title, f.Framework, n, failed, passed))
	t := textTable{header: []string{"Control", "Checks", "Passed", "Failed", "Not evaluated", "N/A", "Failed checks"}, flex: 6, wide: -1}
	for _, c := range f.Controls {
		t.rows = append(t.rows, []string{c.Control, fmt.Sprint(len(c.Checks)), fmt.Sprint(c.Passed), fmt.Sprint(c.Failed),
			fmt.Sprint(c.NotEvaluated), fmt.Sprint(c.NotApplicable), joinIDs(c.FailedChecks)})
	}
	t.render(ew, width)
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
		verdict = "AUDIT" + nbsp + "INCOMPLETE: no selected check could be evaluated (no source they need was audited)"
	case !s.Complete:
		verdict = "AUDIT" + nbsp + "INCOMPLETE" // kept on one line for grep
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
func tableWaivers(ew *errWriter, r *Report, width int) {
	if r.Waivers == nil {
		return
	}
	s := r.Summary
	ew.printf("\n")
	ew.para(width, "  ", fmt.Sprintf("Waivers (%s): %s, %s waived; waivers: %d expired, %d unmatched", clean(r.Waivers.File),
		plural(len(r.Waivers.Entries), "entry", "entries"), plural(s.Waived, "failure", "failures"), s.ExpiredWaivers, s.UnmatchedWaivers))
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
			ew.para(width, "    ", fmt.Sprintf("  line %d: %s EXPIRED on %s, no longer applies to %s: %s", e.Line, clean(what), e.Expires, plural(e.Matched, "failure", "failures"), clean(e.Reason)))
		case WaiverUnmatched:
			ew.para(width, "    ", fmt.Sprintf("  line %d: %s matches no failure: remove it, or fix its check/subject/machine", e.Line, clean(what)))
		}
	}
}

// tableBaseline lists the baseline failures that are fixed now.
func tableBaseline(ew *errWriter, r *Report, width int) {
	b := r.Baseline
	if b == nil {
		return
	}
	s := r.Summary
	ew.printf("\n")
	ew.para(width, "  ", fmt.Sprintf("Baseline (%s, collected %s): %d new, %d existing, %d fixed", clean(b.File), b.CollectedAt.Format(time.RFC3339), s.New, s.Existing, s.Fixed))
	for _, f := range b.Fixed {
		subj := clean(f.Subject)
		if f.Machine != "" {
			subj = clean(f.Machine) + ":" + nbsp + subj
		}
		ew.para(width, "                               ", fmt.Sprintf("  fixed: %-8s %-12s %s", f.Severity, f.CheckID, subj))
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

// nbsp joins words that must stay on one line; rendered as a space.
const nbsp = "\u00a0"

// wrap breaks text into lines of at most width display columns, at spaces;
// a word longer than width is cut, after a separator (. / _ - :) where
// there is one. Words joined by nbsp are one word: a machine is never left
// alone on the line above its path.
func wrap(text string, width int) []string {
	if width < 1 {
		width = 1
	}
	var lines []string
	line, lw := "", 0
	for _, word := range strings.FieldsFunc(text, isBreak) {
		ww := runewidth.StringWidth(word)
		if ww > width {
			if lw > 0 {
				lines = append(lines, line)
				line, lw = "", 0
			}
			for runewidth.StringWidth(word) > width {
				head := runewidth.Truncate(word, width, "")
				// Prefer to cut after a separator of a name or path.
				if i := strings.LastIndexAny(head, "./_-:"); i >= len(head)/2 && i < len(head)-1 {
					head = head[:i+1]
				}
				lines = append(lines, head)
				word = word[len(head):]
			}
		}
		lines, line, lw = appendWord(lines, line, lw, word, width)
	}
	if line != "" {
		lines = append(lines, line)
	}
	for i := range lines {
		lines[i] = strings.ReplaceAll(lines[i], nbsp, " ")
	}
	return lines
}

// isBreak reports where wrap may break a line: ASCII white space only, so
// nbsp holds words together.
func isBreak(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

func appendWord(lines []string, line string, lw int, word string, width int) ([]string, string, int) {
	ww := runewidth.StringWidth(word)
	if ww == 0 {
		return lines, line, lw
	}
	if lw > 0 && lw+1+ww > width {
		lines = append(lines, line)
		line, lw = "", 0
	}
	if lw > 0 {
		line += " "
		lw++
	}
	return lines, line + word, lw + ww
}

// textTable is a boxed table laid out for a width: every column but flex
// is as wide as its widest cell (wide, when >= 0, is capped so that flex
// keeps at least half of what is left); flex takes the rest.
type textTable struct {
	header []string
	rows   [][]string
	flex   int
	wide   int
	sev    []checks.Severity // per row, for colour
	color  map[checks.Severity]string
}

func (t *textTable) widths(width int) []int {
	n := len(t.header)
	ws := make([]int, n)
	for i, h := range t.header {
		ws[i] = runewidth.StringWidth(h)
	}
	for _, row := range t.rows {
		for i, c := range row {
			if w := runewidth.StringWidth(strings.ReplaceAll(c, nbsp, " ")); w > ws[i] {
				ws[i] = w
			}
		}
	}
	avail := width - (3*n + 1)
	fixed := 0
	for i := range ws {
		if i != t.flex && i != t.wide {
			fixed += ws[i]
		}
	}
	rest := avail - fixed
	if t.wide >= 0 {
		// The wide column gets what it needs up to 45% of the rest.
		cap := rest * 45 / 100
		if ws[t.wide] > cap {
			ws[t.wide] = cap
		}
		rest -= ws[t.wide]
	}
	const minFlex = 12
	if rest < minFlex {
		// Shrink the widest fixed column until flex has its minimum.
		for rest < minFlex {
			j := -1
			for i := range ws {
				if i != t.flex && (j < 0 || ws[i] > ws[j]) {
					j = i
				}
			}
			if ws[j] <= 4 {
				break
			}
			ws[j]--
			rest++
		}
	}
	ws[t.flex] = rest
	return ws
}

func (t *textTable) render(ew *errWriter, width int) {
	ws := t.widths(width)
	rule := func(l, m, r string) {
		var b strings.Builder
		b.WriteString(l)
		for i, w := range ws {
			if i > 0 {
				b.WriteString(m)
			}
			b.WriteString(strings.Repeat("─", w+2))
		}
		b.WriteString(r)
		ew.printf("%s\n", b.String())
	}
	line := func(cells []string, sev *checks.Severity) {
		cols := make([][]string, len(cells))
		h := 1
		for i, c := range cells {
			cols[i] = wrap(c, ws[i])
			if len(cols[i]) > h {
				h = len(cols[i])
			}
		}
		for k := 0; k < h; k++ {
			var b strings.Builder
			b.WriteString("│")
			for i := range cells {
				s := ""
				if k < len(cols[i]) {
					s = cols[i][k]
				}
				pad := strings.Repeat(" ", ws[i]-runewidth.StringWidth(s))
				if i == 0 && sev != nil && t.color != nil && s != "" {
					s = t.color[*sev] + s + "\x1b[0m"
				}
				b.WriteString(" " + s + pad + " │")
			}
			ew.printf("%s\n", b.String())
		}
	}
	rule("┌", "┬", "┐")
	line(t.header, nil)
	rule("├", "┼", "┤")
	for i, row := range t.rows {
		var sev *checks.Severity
		if i < len(t.sev) {
			sev = &t.sev[i]
		}
		line(row, sev)
	}
	rule("└", "┴", "┘")
}

type errWriter struct {
	w   io.Writer
	err error
}

// para writes text wrapped to width; lines after the first are indented.
func (e *errWriter) para(width int, indent, text string) {
	if runewidth.StringWidth(text) <= width && !strings.ContainsAny(text, "\n"+nbsp) {
		e.printf("%s\n", text)
		return
	}
	lead := len(text) - len(strings.TrimLeft(text, " "))
	first := text[:lead]
	for i, l := range wrap(text, width-max(lead, len(indent))) {
		if i == 0 {
			e.printf("%s%s\n", first, l)
		} else {
			e.printf("%s%s\n", indent, l)
		}
	}
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
