package reports

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/csaudit/csaudit/checks"
)

// HTML: one self-contained file for auditors. Styles and script are inline
// and pinned by hash in a Content-Security-Policy that forbids loading
// anything else; html/template escapes every value taken from the report.
// Without JavaScript the page shows every finding; with it, the findings
// table can be sorted and filtered by status, severity, check and text.

//go:embed html/report.html.tmpl html/report.css html/report.js
var htmlFiles embed.FS

var (
	htmlTmpl = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{"join": strings.Join, "code": inlineCode}).
			ParseFS(htmlFiles, "html/report.html.tmpl"))
	htmlCSS = mustRead("html/report.css")
	htmlJS  = mustRead("html/report.js")
	// htmlCSP allows exactly the inline style and script above, nothing else.
	htmlCSP = fmt.Sprintf("default-src 'none'; style-src '%s'; script-src '%s'; img-src data:; base-uri 'none'; form-action 'none'",
		cspHash(htmlCSS), cspHash(htmlJS))
)

func mustRead(name string) string {
	b, err := htmlFiles.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func cspHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}

type htmlData struct {
	R                 *Report
	CSS               template.CSS
	JS                template.JS
	CSP               string
	Collected         string
	BaselineCollected string
	Verdict           string
	FailedSources     []SourceNote
	WarnedSources     []SourceNote
	FailBySeverity    []htmlCount
	Statuses          []htmlStatus
	CheckOptions      []htmlOption
	Rows              []htmlRow
	Remediation       []*checks.Check
	Hidden            int
	// OpenFramework is the compliance framework shown expanded.
	OpenFramework string
}

type htmlOption struct{ Value, Label string }

type htmlCount struct {
	Name  string
	Count int
}

type htmlStatus struct {
	Name  string
	Count int
	On    bool
}

type htmlRow struct {
	Finding
	// Fix is the check's remediation, shown beside failures and
	// findings that need a person.
	Fix         string
	Order       int
	Rank        int
	Sev         int
	SubjectText string
	Marks       []htmlMark
}

type htmlMark struct{ Class, Text, Title string }

// WriteHTML writes the report as one self-contained HTML page.
func WriteHTML(w io.Writer, r *Report) error {
	r = r.forHumans()
	// #nosec G203 -- CSS and JS are the embedded, hash-pinned files of this package, never report data
	d := htmlData{R: r, CSS: template.CSS(htmlCSS), JS: template.JS(htmlJS), CSP: htmlCSP,
		Collected: r.CollectedAt.Format(time.RFC3339), Verdict: verdictText(r), Hidden: r.Summary.Total - len(r.Findings),
		OpenFramework: r.ComplianceTable}
	if r.Baseline != nil {
		d.BaselineCollected = r.Baseline.CollectedAt.Format(time.RFC3339)
	}
	d.FailedSources, d.WarnedSources = r.sourceNotes()
	for sev := checks.Critical; sev >= checks.Info; sev-- {
		if n := r.Summary.FailBySeverity[sev.String()]; n > 0 {
			d.FailBySeverity = append(d.FailBySeverity, htmlCount{sev.String(), n})
		}
	}
	counts := map[checks.Status]int{}
	seen := map[string]bool{}
	for i, f := range r.Findings {
		if r.summarised(f) {
			continue
		}
		counts[f.Status]++
		// The check filter offers each domain and each check shown.
		for _, o := range []htmlOption{{"CS-" + checkDomain(f.CheckID), "CS-" + checkDomain(f.CheckID) + " (all)"}, {f.CheckID, f.CheckID}} {
			if !seen[o.Value] {
				seen[o.Value] = true
				d.CheckOptions = append(d.CheckOptions, o)
			}
		}
		fix := ""
		if c := r.check(f.CheckID); c != nil && (f.Status == checks.Fail || f.Status == checks.Manual) {
			fix = c.Remediation
		}
		d.Rows = append(d.Rows, htmlRow{Finding: f, Fix: fix, Order: i, Rank: slices.Index(checks.Statuses, f.Status),
			Sev: int(f.Severity), SubjectText: clean(subjectOf(f)), Marks: htmlMarks(r, f)})
	}
	slices.SortFunc(d.CheckOptions, func(a, b htmlOption) int { return strings.Compare(a.Value, b.Value) })
	for _, st := range checks.Statuses {
		d.Statuses = append(d.Statuses, htmlStatus{Name: string(st), Count: counts[st], On: st != checks.Pass && st != checks.Skip})
	}
	done := map[string]bool{}
	for _, f := range r.Findings {
		if (f.Status != checks.Fail && f.Status != checks.Manual) || done[f.CheckID] {
			continue
		}
		done[f.CheckID] = true
		if c := r.check(f.CheckID); c != nil {
			d.Remediation = append(d.Remediation, c)
		}
	}
	return htmlTmpl.Execute(w, d)
}

// inlineCode escapes s and renders its `backtick` spans as <code>, as the
// catalogue's Markdown-flavoured text means them. An unpaired backtick
// stays as it is.
func inlineCode(s string) template.HTML {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		return template.HTML(template.HTMLEscapeString(s)) // #nosec G203 -- every byte of s is escaped
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(p) + "</code>")
			continue
		}
		b.WriteString(template.HTMLEscapeString(p))
	}
	return template.HTML(b.String()) // #nosec G203 -- built from escaped text and literal <code> tags only
}

func htmlMarks(r *Report, f Finding) []htmlMark {
	var m []htmlMark
	if f.Gating {
		m = append(m, htmlMark{"gates", "gates", "counts toward the exit code (fail-on " + r.Selection.FailOn + ")"})
	}
	if w := f.Waived; w != nil {
		title := fmt.Sprintf("waiver line %d: %s", w.Line, w.Reason)
		if w.Owner != "" {
			title += "; owner: " + w.Owner
		}
		if w.Ticket != "" {
			title += "; ticket: " + w.Ticket
		}
		m = append(m, htmlMark{"waived", "waived until " + w.Expires, title})
	}
	switch f.Baseline {
	case BaselineNew:
		m = append(m, htmlMark{"new", "new", "not in the baseline report"})
	case BaselineExisting:
		m = append(m, htmlMark{"existing", "in baseline", "already failing in the baseline report"})
	}
	return m
}

// verdictText is the one-line outcome every format states.
func verdictText(r *Report) string {
	s := r.Summary
	switch s.ExitCode {
	case ExitIncomplete:
		if s.NothingEvaluated() {
			return fmt.Sprintf("audit incomplete: none of the %d selected checks could be evaluated (no source they need was audited)", s.Checks)
		}
		return fmt.Sprintf("audit incomplete (%d sources failed, %d checks could not be evaluated); %d failed, %d gating", s.SourcesFailed, s.Error, s.Fail, s.Gating)
	case ExitFailures:
		return fmt.Sprintf("%d of %d failures gate at fail-on %s", s.Gating, s.Fail, r.Selection.FailOn)
	default:
		if s.Fail > 0 {
			return fmt.Sprintf("audit complete; none of the %d failures gate at fail-on %s", s.Fail, r.Selection.FailOn)
		}
		return "audit complete; no failures"
	}
}
