// Package reports turns findings into the documents csaudit writes. A
// Report is built once per audit; each format is a func(io.Writer, *Report)
// error registered in Writers, the single name table that also feeds flag
// help and validation.
package reports

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// SchemaVersion is the version of the JSON report layout. Fields may be
// added within a version; removing or changing one bumps it.
const SchemaVersion = "1.0"

// Tool names the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Selection records which checks ran and how results are filtered.
type Selection struct {
	Checks      []string `json:"checks"`
	Deselected  []string `json:"deselected"`
	Include     []string `json:"include,omitempty"`
	Exclude     []string `json:"exclude,omitempty"`
	MinSeverity string   `json:"min_severity"`
	FailOn      string   `json:"fail_on"`
}

// Summary counts findings. Counts cover every finding, also those hidden by
// --min-severity, so that "nothing was checked" never looks clean.
type Summary struct {
	Checks int `json:"checks"`
	Total  int `json:"total"`
	Pass   int `json:"pass"`
	Fail   int `json:"fail"`
	Skip   int `json:"skip"`
	Error  int `json:"error"`
	Manual int `json:"manual"`
	// FailBySeverity counts failures per severity name.
	FailBySeverity map[string]int `json:"fail_by_severity"`
	// Gating counts the failures at or above fail_on.
	Gating int `json:"gating"`
	// SourcesFailed counts requested sources that could not be read.
	SourcesFailed int `json:"sources_failed"`
	// Complete is false when a source failed or a check errored.
	Complete bool `json:"complete"`
	ExitCode int  `json:"exit_code"`
}

// Report is one audit's result.
type Report struct {
	SchemaVersion     string                                     `json:"schema_version"`
	Tool              Tool                                       `json:"tool"`
	Target            string                                     `json:"target"`
	CloudStackVersion string                                     `json:"cloudstack_version"`
	CollectedAt       time.Time                                  `json:"collected_at"`
	Selection         Selection                                  `json:"selection"`
	Summary           Summary                                    `json:"summary"`
	Sources           []snapshot.Source                          `json:"sources"`
	Data              map[snapshot.Dataset]snapshot.Availability `json:"data"`
	Findings          []checks.Finding                           `json:"findings"`

	// Checks are the selected checks' definitions, for remediation text.
	Checks []*checks.Check `json:"-"`
	// Color enables ANSI colour in the table format.
	Color bool `json:"-"`
	// Verbose lists passing and skipped findings in the table format.
	Verbose bool `json:"-"`
}

// Options shape a report.
type Options struct {
	Tool        Tool
	Selected    []*checks.Check
	Deselected  []*checks.Check
	Include     []string
	Exclude     []string
	MinSeverity checks.Severity
	FailOn      *checks.Severity // nil = none
}

// Exit codes.
const (
	ExitClean      = 0
	ExitFailures   = 1
	ExitUsage      = 2
	ExitIncomplete = 3
)

// Build assembles a report from a snapshot and the findings of its checks.
func Build(s *snapshot.Snapshot, fs []checks.Finding, o Options) *Report {
	r := &Report{
		SchemaVersion: SchemaVersion, Tool: o.Tool, Target: s.Target,
		CloudStackVersion: s.CloudStackVersion, CollectedAt: s.CollectedAt.UTC(),
		Sources: s.Sources, Data: s.Data, Checks: o.Selected,
	}
	if r.Sources == nil {
		r.Sources = []snapshot.Source{}
	}
	r.Selection = Selection{Checks: ids(o.Selected), Deselected: ids(o.Deselected),
		Include: o.Include, Exclude: o.Exclude, MinSeverity: o.MinSeverity.String(), FailOn: "none"}
	if o.FailOn != nil {
		r.Selection.FailOn = o.FailOn.String()
	}
	sum := Summary{Checks: len(o.Selected), FailBySeverity: map[string]int{}}
	for _, n := range checks.SeverityNames() {
		sum.FailBySeverity[n] = 0
	}
	shown := []checks.Finding{}
	for _, f := range fs {
		sum.Total++
		switch f.Status {
		case checks.Pass:
			sum.Pass++
		case checks.Fail:
			sum.Fail++
			sum.FailBySeverity[f.Severity.String()]++
			if o.FailOn != nil && f.Severity >= *o.FailOn {
				sum.Gating++
			}
		case checks.Skip:
			sum.Skip++
		case checks.Error:
			sum.Error++
		case checks.Manual:
			sum.Manual++
		}
		// Errors always show: a hidden error would make an incomplete audit look clean.
		if f.Severity >= o.MinSeverity || f.Status == checks.Error {
			shown = append(shown, f)
		}
	}
	for _, src := range s.Sources {
		if !src.OK {
			sum.SourcesFailed++
		}
	}
	sum.Complete = sum.SourcesFailed == 0 && sum.Error == 0
	switch {
	case !sum.Complete:
		sum.ExitCode = ExitIncomplete
	case sum.Gating > 0:
		sum.ExitCode = ExitFailures
	default:
		sum.ExitCode = ExitClean
	}
	r.Summary = sum
	checks.SortFindings(shown)
	r.Findings = shown
	return r
}

func ids(cs []*checks.Check) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// Writer renders a report in one format.
type Writer func(io.Writer, *Report) error

// Writers is the one table of output formats.
var Writers = map[string]Writer{
	"table": WriteTable,
	"json":  WriteJSON,
}

// FormatNames lists the formats, sorted.
func FormatNames() []string {
	names := make([]string, 0, len(Writers))
	for n := range Writers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Write renders r in the named format.
func Write(w io.Writer, format string, r *Report) error {
	wr, ok := Writers[format]
	if !ok {
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(FormatNames(), ", "))
	}
	return wr(w, r)
}

// check returns the definition of the check with the given ID, if selected.
func (r *Report) check(id string) *checks.Check {
	i := slices.IndexFunc(r.Checks, func(c *checks.Check) bool { return c.ID == id })
	if i < 0 {
		c, _ := checks.Lookup(id)
		return c
	}
	return r.Checks[i]
}
