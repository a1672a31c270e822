package reports

import (
	"io"
	"strings"
	"time"

	"github.com/csaudit/csaudit/checks"
)

// Markdown for tickets and merge-request comments (GitHub and GitLab
// flavours): a summary table, failures grouped by severity with the fix
// for each check, then collapsible sections for everything else.

// mdEscape makes database-sourced text inert in Markdown: no markup, no
// HTML, no table breaks, one line.
func mdEscape(s string) string {
	s = clean(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\n', '\r':
			b.WriteByte(' ')
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '|':
			b.WriteString(`\|`)
		case '\\', '`', '*', '_', '[', ']', '#', '~', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode puts s in an inline code span (for IDs and setting names).
func mdCode(s string) string {
	s = strings.ReplaceAll(clean(s), "`", "'")
	s = strings.ReplaceAll(s, "|", `\|`)
	return "`" + s + "`"
}

// WriteMarkdown writes the report as Markdown.
func WriteMarkdown(w io.Writer, r *Report) error {
	r = r.forHumans()
	ew := &errWriter{w: w}
	s := r.Summary
	verdict := "audit complete"
	switch {
	case s.NothingEvaluated():
		verdict = "**AUDIT INCOMPLETE: no selected check could be evaluated**"
	case !s.Complete:
		verdict = "**AUDIT INCOMPLETE**"
	}
	ew.printf("## csaudit: %s\n\n", mdEscape(r.Target))
	ew.printf("**Exit %d** (%s) — %d failed, %d gating at fail-on %s", s.ExitCode, verdict, s.Fail, s.Gating, r.Selection.FailOn)
	if r.Waivers != nil {
		ew.printf(", %d waived", s.Waived)
	}
	if r.Baseline != nil {
		ew.printf(", %d new since the baseline", s.New)
	}
	ver := r.CloudStackVersion
	if ver == "" {
		ver = "unknown"
	}
	ew.printf(".\nCloudStack %s · collected %s · csaudit %s · %d checks (%d evaluated, %d not evaluated)\n\n", mdEscape(ver), r.CollectedAt.Format(time.RFC3339), mdEscape(r.Tool.Version), s.Checks, s.Evaluated, s.NotEvaluated)

	failed, warned := r.sourceNotes()
	for _, n := range failed {
		ew.printf("> **%s**\n", mdEscape(n.Headline()))
		if n.Hint != "" {
			ew.printf("> hint: %s\n", mdEscape(n.Hint))
		}
		ew.printf("\n")
	}
	if len(warned) > 0 {
		ew.printf("**Warnings** (what csaudit could not read or parse; the audit went on):\n\n")
		for _, n := range warned {
			for _, w := range n.Warnings {
				ew.printf("- %s %s: %s\n", mdEscape(n.Kind), mdEscape(n.Target), mdEscape(w))
			}
		}
		ew.printf("\n")
	}

	ew.printf("| | critical | high | medium | low | info | total |\n|---|---:|---:|---:|---:|---:|---:|\n")
	row := func(name string, count func(Finding) bool, total int) {
		ew.printf("| %s", name)
		for sev := checks.Critical; sev >= checks.Info; sev-- {
			n := 0
			for _, f := range r.Findings {
				if f.Severity == sev && count(f) {
					n++
				}
			}
			ew.printf(" | %d", n)
		}
		ew.printf(" | %d |\n", total)
	}
	row("failed", func(f Finding) bool { return f.Status == checks.Fail }, s.Fail)
	row("gating", func(f Finding) bool { return f.Gating }, s.Gating)
	if r.Waivers != nil {
		row("waived", func(f Finding) bool { return f.Waived != nil }, s.Waived)
	}
	if r.Baseline != nil {
		row("new", func(f Finding) bool { return f.Baseline == BaselineNew }, s.New)
	}
	row("error", func(f Finding) bool { return f.Status == checks.Error }, s.Error)
	row("needs a person", func(f Finding) bool { return f.Status == checks.Manual }, s.Manual)
	row("not applicable", func(f Finding) bool { return f.Status == checks.Skip }, s.Skip)
	row("passed", func(f Finding) bool { return f.Status == checks.Pass }, s.Pass)
	ew.printf("\n")
	if hidden := s.Total - len(r.Findings); hidden > 0 {
		ew.printf("_%d findings below --min-severity %s are not shown; the totals count them._\n\n", hidden, r.Selection.MinSeverity)
	}

	for sev := checks.Critical; sev >= checks.Info; sev-- {
		var fs []Finding
		for _, f := range r.Findings {
			if f.Status == checks.Fail && f.Severity == sev {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			continue
		}
		ew.printf("### %s (%d)\n\n", strings.ToUpper(sev.String()[:1])+sev.String()[1:], len(fs))
		mdFindingTable(ew, fs, true)
		ew.printf("\n")
		mdRemediation(ew, r, fs)
	}
	for _, g := range []struct {
		title  string
		status checks.Status
		open   bool
	}{
		{"Could not be evaluated", checks.Error, true},
		{"Needs a person", checks.Manual, true},
		{"Not applicable", checks.Skip, false},
		{"Passed", checks.Pass, false},
	} {
		var fs []Finding
		for _, f := range r.Findings {
			if f.Status == g.status && !r.summarised(f) {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			continue
		}
		if g.open {
			ew.printf("### %s (%d)\n\n", g.title, len(fs))
		} else {
			ew.printf("<details><summary>%s (%d)</summary>\n\n", g.title, len(fs))
		}
		mdFindingTable(ew, fs, false)
		ew.printf("\n")
		if g.status == checks.Manual {
			mdRemediation(ew, r, fs)
		}
		if !g.open {
			ew.printf("</details>\n\n")
		}
	}
	mdWaivers(ew, r)
	mdBaseline(ew, r)
	mdCompliance(ew, r)
	return ew.err
}

// mdCompliance writes the control summary of each framework, collapsed.
func mdCompliance(ew *errWriter, r *Report) {
	if len(r.Compliance) == 0 {
		return
	}
	ew.printf("### Compliance\n\nControls the selected checks give evidence for; a control with a failed check has a gap.\n\n")
	for _, f := range r.Compliance {
		n, failed, passed := f.totals()
		ew.printf("<details><summary>%s: %d controls, %d with a failed check, %d fully passed</summary>\n\n", mdEscape(f.Title), n, failed, passed)
		ew.printf("| Control | Checks | Passed | Failed | Not evaluated | N/A | Failed checks |\n|---|---:|---:|---:|---:|---:|---|\n")
		for _, c := range f.Controls {
			fc := make([]string, len(c.FailedChecks))
			for i, id := range c.FailedChecks {
				fc[i] = mdCode(id)
			}
			ew.printf("| %s | %d | %d | %d | %d | %d | %s |\n", mdEscape(c.Control), len(c.Checks), c.Passed, c.Failed, c.NotEvaluated, c.NotApplicable, strings.Join(fc, ", "))
		}
		ew.printf("\n</details>\n\n")
	}
}

func mdFindingTable(ew *errWriter, fs []Finding, marks bool) {
	if marks {
		ew.printf("| Check | Subject | Finding | Gate |\n|---|---|---|---|\n")
	} else {
		ew.printf("| Check | Severity | Subject | Finding |\n|---|---|---|---|\n")
	}
	for _, f := range fs {
		subj := mdEscape(f.Subject)
		if f.Machine != "" {
			subj = mdEscape(f.Machine) + ": " + subj
		}
		if !marks {
			ew.printf("| %s | %s | %s | %s |\n", mdCode(f.CheckID), f.Severity, subj, mdEscape(f.Message))
			continue
		}
		ew.printf("| %s | %s | %s | %s |\n", mdCode(f.CheckID), subj, mdEscape(f.Message), mdMarks(f))
	}
}

// mdMarks says whether a failure gates, and why not when it does not.
func mdMarks(f Finding) string {
	var m []string
	switch {
	case f.Gating:
		m = append(m, "**gates**")
	case f.Waived != nil:
		w := "waived until " + f.Waived.Expires + ": " + mdEscape(f.Waived.Reason)
		if f.Waived.Owner != "" {
			w += " (" + mdEscape(f.Waived.Owner) + ")"
		}
		m = append(m, w)
	case f.Baseline == BaselineExisting:
		m = append(m, "in baseline")
	default:
		m = append(m, "below fail-on")
	}
	if f.Baseline == BaselineNew {
		m = append(m, "new")
	}
	return strings.Join(m, "; ")
}

func mdRemediation(ew *errWriter, r *Report, fs []Finding) {
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.CheckID] {
			continue
		}
		seen[f.CheckID] = true
		c := r.check(f.CheckID)
		if c == nil {
			continue
		}
		ew.printf("- **%s** %s (%s): %s\n", mdCode(c.ID), mdEscape(c.Title), mdEscape(strings.Join(c.Threat, ", ")), mdEscape(c.Remediation))
	}
	ew.printf("\n")
}

func mdWaivers(ew *errWriter, r *Report) {
	if r.Waivers == nil {
		return
	}
	s := r.Summary
	ew.printf("### Waivers\n\n%s: %d in the file, %d failures waived, %d expired, %d matching nothing.\n\n",
		mdCode(r.Waivers.File), len(r.Waivers.Entries), s.Waived, s.ExpiredWaivers, s.UnmatchedWaivers)
	if len(r.Waivers.Entries) == 0 {
		return
	}
	ew.printf("| Line | Check | Subject | Machine | Expires | State | Failures | Reason |\n|---:|---|---|---|---|---|---:|---|\n")
	for _, e := range r.Waivers.Entries {
		state := e.State
		if state != WaiverActive {
			state = "**" + state + "**"
		}
		ew.printf("| %d | %s | %s | %s | %s | %s | %d | %s |\n", e.Line, mdCode(e.Check), mdEscape(orDash(e.Subject)), mdEscape(orDash(e.Machine)),
			e.Expires, state, e.Matched, mdEscape(e.Reason))
	}
	ew.printf("\n")
}

func mdBaseline(ew *errWriter, r *Report) {
	b := r.Baseline
	if b == nil {
		return
	}
	s := r.Summary
	ew.printf("### Baseline\n\n%s (collected %s): %d new, %d existing, %d fixed.\n\n", mdCode(b.File), b.CollectedAt.Format(time.RFC3339), s.New, s.Existing, s.Fixed)
	if len(b.Fixed) == 0 {
		return
	}
	ew.printf("<details><summary>Fixed since the baseline (%d)</summary>\n\n| Check | Severity | Subject |\n|---|---|---|\n", len(b.Fixed))
	for _, f := range b.Fixed {
		subj := mdEscape(f.Subject)
		if f.Machine != "" {
			subj = mdEscape(f.Machine) + ": " + subj
		}
		ew.printf("| %s | %s | %s |\n", mdCode(f.CheckID), mdEscape(f.Severity), subj)
	}
	ew.printf("\n</details>\n\n")
}
