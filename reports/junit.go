package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/csaudit/csaudit/checks"
)

// JUnit XML for CI test-report views (GitLab, Jenkins, …). One testsuite
// per check domain (CS-API, CS-AUTH, …), one testcase per check and
// subject (and machine). Statuses map as follows:
//
//	fail            <failure type="SEVERITY">
//	fail, waived    passed, with a <system-out> note naming the waiver
//	error           <error>
//	skip            <skipped message="REASON">
//	manual          <skipped message="manual: WHAT TO LOOK AT">
//	pass            passed
//
// Sources that failed or warned get a suite of their own, "csaudit
// sources": a failed source is one <error> test case (the checks it left
// unevaluated are not repeated as errors of their own), and every source
// warning is a line of the suite's <system-err>.
//
// Failures below --fail-on, or existing in the baseline, are still
// <failure>s (the note in the text says they do not gate): the exit code,
// not the test report, is the gate.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemErr  *junitText      `xml:"system-err,omitempty"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes the report as JUnit XML.
func WriteJUnit(w io.Writer, r *Report) error {
	r = r.forHumans()
	byDomain := map[string][]Finding{}
	var domains []string
	for _, f := range r.Findings {
		if r.summarised(f) {
			continue
		}
		d := "CS-" + checkDomain(f.CheckID)
		if _, ok := byDomain[d]; !ok {
			domains = append(domains, d)
		}
		byDomain[d] = append(byDomain[d], f)
	}
	sort.Strings(domains)
	total := 0
	for _, fs := range byDomain {
		total += len(fs)
	}
	perCheck := total > JUnitMaxCases
	out := junitSuites{Name: "csaudit " + r.Target, Time: "0"}
	ts := r.CollectedAt.UTC().Format("2006-01-02T15:04:05")
	for _, d := range domains {
		fs := byDomain[d]
		sort.SliceStable(fs, func(i, j int) bool {
			a, b := fs[i], fs[j]
			if a.CheckID != b.CheckID {
				return a.CheckID < b.CheckID
			}
			if a.Machine != b.Machine {
				return a.Machine < b.Machine
			}
			return a.Subject < b.Subject
		})
		s := junitSuite{Name: d, Time: "0", Timestamp: ts, Hostname: targetHost(r.Target), Properties: []junitProperty{
			{"target", r.Target}, {"cloudstack_version", r.CloudStackVersion}, {"fail_on", r.Selection.FailOn},
			{"min_severity", r.Selection.MinSeverity}, {"exit_code", fmt.Sprint(r.Summary.ExitCode)},
		}}
		cases := make([]junitCase, 0, len(fs))
		if perCheck {
			for i := 0; i < len(fs); {
				j := i
				for j < len(fs) && fs[j].CheckID == fs[i].CheckID {
					j++
				}
				cases = append(cases, junitCheckCase(r, fs[i:j]))
				i = j
			}
			s.Properties = append(s.Properties, junitProperty{"aggregated", fmt.Sprintf("one test case per check: %d findings exceed %d test cases; the JSON report lists every finding", total, JUnitMaxCases)})
		} else {
			for _, f := range fs {
				cases = append(cases, junitCaseOf(r, f))
			}
		}
		for _, c := range cases {
			s.Tests++
			switch {
			case c.Failure != nil:
				s.Failures++
			case c.Error != nil:
				s.Errors++
			case c.Skipped != nil:
				s.Skipped++
			}
			s.Cases = append(s.Cases, c)
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, s)
	}
	if s, ok := junitSources(r, ts); ok {
		out.Tests += s.Tests
		out.Errors += s.Errors
		out.Suites = append([]junitSuite{s}, out.Suites...)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitSources is the suite of failed and warning sources, if any.
func junitSources(r *Report, ts string) (junitSuite, bool) {
	failed, warned := r.sourceNotes()
	nothing := r.Summary.NothingEvaluated()
	if len(failed) == 0 && len(warned) == 0 && !nothing {
		return junitSuite{}, false
	}
	s := junitSuite{Name: "csaudit sources", Time: "0", Timestamp: ts, Hostname: targetHost(r.Target)}
	if nothing {
		msg := fmt.Sprintf("none of the %d selected checks could be evaluated: no source they need was audited", r.Summary.Checks)
		s.Cases = append(s.Cases, junitCase{Name: "selected checks", Classname: "csaudit.sources", Time: "0",
			Error: &junitProblem{Message: msg, Type: "source", Text: msg + "\nThe audit is incomplete (exit 3)."}})
		s.Tests++
		s.Errors++
	}
	for _, n := range failed {
		text := n.Headline()
		if n.Hint != "" {
			text += "\nhint: " + n.Hint
		}
		text += "\nThe audit is incomplete (exit 3)."
		s.Cases = append(s.Cases, junitCase{Name: clean(n.Kind + " " + n.Target), Classname: "csaudit.sources", Time: "0",
			Error: &junitProblem{Message: clean(n.Headline()), Type: "source", Text: xmlText(text)}})
		s.Tests++
		s.Errors++
	}
	var lines []string
	for _, n := range warned {
		for _, w := range n.Warnings {
			lines = append(lines, fmt.Sprintf("warning: %s %s: %s", n.Kind, n.Target, w))
		}
	}
	if len(lines) > 0 {
		s.SystemErr = &junitText{xmlText(strings.Join(lines, "\n"))}
	}
	return s, true
}

func junitCaseOf(r *Report, f Finding) junitCase {
	c := junitCase{Name: clean(subjectOf(f)), Classname: f.CheckID, Time: "0"}
	switch f.Status {
	case checks.Fail:
		if w := f.Waived; w != nil {
			out := fmt.Sprintf("WAIVED until %s (inclusive, UTC): %s", w.Expires, w.Reason)
			if w.Owner != "" {
				out += "\nowner: " + w.Owner
			}
			if w.Ticket != "" {
				out += "\nticket: " + w.Ticket
			}
			out += fmt.Sprintf("\nwaiver: line %d of the waiver file; the failure counts again once the waiver expires\n\n", w.Line)
			c.SystemOut = &junitText{xmlText(out + failureText(r, f))}
			return c
		}
		c.Failure = &junitProblem{Message: fmt.Sprintf("[%s] %s", f.Severity, clean(f.Message)), Type: f.Severity.String(), Text: xmlText(failureText(r, f))}
	case checks.Error:
		c.Error = &junitProblem{Message: clean(f.Message), Type: "error", Text: xmlText(fmt.Sprintf("%s: %s\ncould not be evaluated: %s\nThe audit is incomplete (exit 3).", f.CheckID, f.Title, f.Message))}
	case checks.Skip:
		c.Skipped = &junitSkipped{Message: clean(f.Message)}
	case checks.Manual:
		c.Skipped = &junitSkipped{Message: "manual: " + clean(f.Message)}
	}
	return c
}

// xmlText keeps line breaks and makes every other control character a
// visible escape: CDATA sections cannot hold them.
func xmlText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	return strings.Join(lines, "\n")
}

func failureText(r *Report, f Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\nseverity: %s\nsubject: %s\n", f.CheckID, f.Title, f.Severity, subjectOf(f))
	if f.Expected != "" || f.Actual != "" {
		fmt.Fprintf(&b, "expected: %s\nactual: %s\n", orDash(f.Expected), orDash(f.Actual))
	}
	switch {
	case f.Gating:
		b.WriteString("gating: yes (counts toward the exit code)\n")
	case f.Waived != nil:
		b.WriteString("gating: no (waived)\n")
	case f.Baseline == BaselineExisting:
		b.WriteString("gating: no (already in the baseline)\n")
	default:
		fmt.Fprintf(&b, "gating: no (below --fail-on %s)\n", r.Selection.FailOn)
	}
	if f.Baseline != "" {
		fmt.Fprintf(&b, "baseline: %s\n", f.Baseline)
	}
	if c := r.check(f.CheckID); c != nil {
		fmt.Fprintf(&b, "remediation: %s\n", c.Remediation)
	}
	fmt.Fprintf(&b, "threat model: %s", strings.Join(f.Threat, ", "))
	return b.String()
}

// JUnitMaxCases is the most test cases a JUnit report holds one per
// finding; beyond it, each check is one test case listing its findings
// (CI views slow to a crawl, or truncate, with tens of thousands).
const JUnitMaxCases = 2000

// junitMaxListed is how many findings a per-check test case lists.
const junitMaxListed = 1000

// junitCheckCase is one test case for all of a check's findings: a
// failure listing the unwaived failures, else an error, else skipped
// when nothing passed, else passed.
func junitCheckCase(r *Report, fs []Finding) junitCase {
	f0 := fs[0]
	count := map[checks.Status]int{}
	var failing, waived, errs []Finding
	gating := 0
	for _, f := range fs {
		count[f.Status]++
		switch {
		case f.Status == checks.Fail && f.Waived != nil:
			waived = append(waived, f)
		case f.Status == checks.Fail:
			failing = append(failing, f)
			if f.Gating {
				gating++
			}
		case f.Status == checks.Error:
			errs = append(errs, f)
		}
	}
	c := junitCase{Name: fmt.Sprintf("%s (%d findings)", f0.CheckID, len(fs)), Classname: f0.CheckID, Time: "0"}
	list := func(b *strings.Builder, fs []Finding) {
		for i, f := range fs {
			if i == junitMaxListed {
				fmt.Fprintf(b, "... and %d more; the JSON report (--format json) lists every finding\n", len(fs)-i)
				break
			}
			fmt.Fprintf(b, "- %s: %s\n", subjectOf(f), f.Message)
		}
	}
	switch {
	case len(failing) > 0:
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %s\nseverity: %s\n%d failures (%d gating, %d waived)\n", f0.CheckID, f0.Title, f0.Severity, len(failing)+len(waived), gating, len(waived))
		if ch := r.check(f0.CheckID); ch != nil {
			fmt.Fprintf(&b, "remediation: %s\n", ch.Remediation)
		}
		b.WriteString("\n")
		list(&b, failing)
		c.Failure = &junitProblem{Message: fmt.Sprintf("[%s] %d failures of %s", f0.Severity, len(failing), f0.CheckID), Type: f0.Severity.String(), Text: xmlText(b.String())}
	case len(errs) > 0:
		var b strings.Builder
		list(&b, errs)
		c.Error = &junitProblem{Message: fmt.Sprintf("%d findings could not be evaluated", len(errs)), Type: "error", Text: xmlText(b.String())}
	case count[checks.Pass] == 0 && len(waived) == 0:
		c.Skipped = &junitSkipped{Message: clean(f0.Message)}
	}
	if len(waived) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "%d waived failures:\n", len(waived))
		list(&b, waived)
		c.SystemOut = &junitText{xmlText(b.String())}
	}
	return c
}
