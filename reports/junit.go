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
		for _, f := range fs {
			c := junitCaseOf(r, f)
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
