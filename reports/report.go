// Package reports turns findings into the documents csaudit writes. A
// Report is built once per audit; each format is a func(io.Writer, *Report)
// error registered in Formats, the single table that also feeds flag help,
// validation and output file names.
package reports

import (
	"crypto/sha256"
	"encoding/hex"
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
const SchemaVersion = "2.0"

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
	// Checks counts the selected checks; Evaluated those whose data was
	// there to judge (collected, or absent in this release: not
	// applicable), NotEvaluated those whose source was not audited or
	// failed. A run that evaluated no check is never clean.
	Checks       int `json:"checks"`
	Evaluated    int `json:"evaluated"`
	NotEvaluated int `json:"not_evaluated"`
	Total        int `json:"total"`
	Pass         int `json:"pass"`
	Fail         int `json:"fail"`
	Skip         int `json:"skip"`
	Error        int `json:"error"`
	Manual       int `json:"manual"`
	// FailBySeverity counts failures per severity name.
	FailBySeverity map[string]int `json:"fail_by_severity"`
	// Gating counts the failures that decide the exit code: at or above
	// fail_on, not waived, and new when a baseline is given.
	Gating int `json:"gating"`
	// Waived counts failures covered by an active waiver.
	Waived int `json:"waived"`
	// ExpiredWaivers and UnmatchedWaivers count waiver-file entries that
	// have expired, or that are in force but match no failure.
	ExpiredWaivers   int `json:"expired_waivers"`
	UnmatchedWaivers int `json:"unmatched_waivers"`
	// New and Existing count failures absent from / present in the
	// baseline; Fixed counts baseline failures that no longer fail. All
	// three are 0 without --baseline.
	New      int `json:"new"`
	Existing int `json:"existing"`
	Fixed    int `json:"fixed"`
	// SourcesFailed counts requested sources that could not be read.
	SourcesFailed int `json:"sources_failed"`
	// Complete is false when a source failed, a check errored, or no
	// selected check could be evaluated.
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
	// Waivers is present when a waiver file was given: every entry with
	// its state. Baseline is present when a baseline report was given.
	Waivers  *WaiverReport   `json:"waivers,omitempty"`
	Baseline *BaselineReport `json:"baseline,omitempty"`
	// Advisories says which advisory data the CS-VER advisory checks used.
	Advisories *AdvisoryInfo `json:"advisories,omitempty"`
	// Fingerprints are the snapshot's keyed fingerprints of key material
	// (--fingerprint-key), for 'csaudit compare'.
	Fingerprints []snapshot.Fingerprint `json:"fingerprints,omitempty"`
	Findings     []Finding              `json:"findings"`
	// Compliance summarises, per framework and control, the outcome of
	// the checks mapped to it (over every finding, also hidden ones).
	Compliance []ComplianceFramework `json:"compliance"`

	// Checks are the selected checks' definitions, for remediation text.
	Checks []*checks.Check `json:"-"`
	// Color enables ANSI colour in the table format.
	Color bool `json:"-"`
	// Verbose lists passing and skipped findings in the table format.
	Verbose bool `json:"-"`

	sanitized bool // every value has been through Sanitize (forHumans)
	// Width is the table format's line width (0 = DefaultWidth).
	Width int `json:"-"`
	// ComplianceTable, when set, is the framework whose control summary
	// the table format prints (--compliance).
	ComplianceTable string `json:"-"`
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
	// Waivers and Baseline are optional (nil = not given).
	Waivers  *Waivers
	Baseline *Baseline
	// Advisories is the advisory table the checks were bound to (nil:
	// not recorded).
	Advisories *checks.Advisories
}

// AdvisoryInfo names the advisory data of an audit: where it came from,
// when it was compiled, how many advisories it holds, and whether it is
// stale (compiled more than 120 days before collected_at; the report
// then also carries an "advisories" source with a warning).
type AdvisoryInfo struct {
	Source    string `json:"source"`
	Date      string `json:"date"`
	DateBasis string `json:"date_basis"`
	Count     int    `json:"count"`
	Stale     bool   `json:"stale"`
}

// advisoryInfo records a's provenance and, when it is stale, adds a
// warning source so every format shows it.
func (r *Report) advisoryInfo(a *checks.Advisories) {
	if a == nil {
		return
	}
	r.Advisories = &AdvisoryInfo{Source: a.Source, Date: a.Date.Format(time.DateOnly), DateBasis: a.DateBasis,
		Count: a.Count(), Stale: a.Stale(r.CollectedAt)}
	if !r.Advisories.Stale {
		return
	}
	days := int(r.CollectedAt.Sub(a.Date).Hours() / 24)
	r.Sources = append(slices.Clip(r.Sources), snapshot.Source{Kind: "advisories", Target: a.Source, OK: true,
		Warnings: []string{fmt.Sprintf("the advisory data is dated %s, %d days before the audit's collection (%s): advisories published since are not checked; pass --advisories FILE with newer data",
			r.Advisories.Date, days, r.CollectedAt.Format(time.DateOnly))}})
}

// Exit codes.
const (
	ExitClean      = 0
	ExitFailures   = 1
	ExitUsage      = 2
	ExitIncomplete = 3
)

// Finding is a check's finding as reported: what the check found, plus
// what the waiver file and the baseline say about it.
type Finding struct {
	checks.Finding
	// Fingerprint identifies the finding across runs; see Fingerprint.
	Fingerprint string `json:"fingerprint"`
	// Gating is true on the failures that decide the exit code.
	Gating bool `json:"gating,omitempty"`
	// Waived is the waiver in force that covers this failure.
	Waived *Waiver `json:"waived,omitempty"`
	// Baseline is "new" or "existing" on failures when a baseline is given.
	Baseline string `json:"baseline,omitempty"`

	legacy string // the scheme-1 fingerprint, for old baselines and waivers
}

// Baseline states of a failure.
const (
	BaselineNew      = "new"
	BaselineExisting = "existing"
)

// Fingerprint is the stable identity of a finding across runs (scheme 2):
// the first 128 bits of SHA-256, in hex, over "csaudit-fp2", the check ID
// and the resource's identity (kind, name, id, scope, scope id, machine,
// path, key), joined by NUL bytes. Never the message, the expected or
// actual values, display labels, ports or the CloudStack version: a failure
// whose details change, or that survives an upgrade, is the same failure.
func Fingerprint(checkID string, res checks.Resource) string {
	h := sha256.Sum256([]byte("csaudit-fp2\x00" + strings.ToUpper(checkID) + "\x00" + res.Identity()))
	return hex.EncodeToString(h[:16])
}

// LegacyFingerprint is scheme 1 (reports of schema 1.x): SHA-256 over check
// ID, machine and subject. Baselines and waivers written with it still
// match; subjects are rendered as they were then.
func LegacyFingerprint(checkID, machine, subject string) string {
	h := sha256.Sum256([]byte(strings.ToUpper(checkID) + "\x00" + machine + "\x00" + subject))
	return hex.EncodeToString(h[:16])
}

// Build assembles a report from a snapshot and the findings of its checks,
// applying waivers and the baseline. Only failures that are at or above
// FailOn, not waived, and (with a baseline) new count toward the exit code.
func Build(s *snapshot.Snapshot, fs []checks.Finding, o Options) *Report {
	r := &Report{
		SchemaVersion: SchemaVersion, Tool: o.Tool, Target: s.Target,
		CloudStackVersion: s.CloudStackVersion, CollectedAt: s.CollectedAt.UTC(),
		Sources: s.Sources, Data: s.Data, Checks: o.Selected,
	}
	if r.Sources == nil {
		r.Sources = []snapshot.Source{}
	}
	r.advisoryInfo(o.Advisories)
	r.Fingerprints = s.Fingerprints
	r.Selection = Selection{Checks: ids(o.Selected), Deselected: ids(o.Deselected),
		Include: o.Include, Exclude: o.Exclude, MinSeverity: o.MinSeverity.String(), FailOn: "none"}
	if o.FailOn != nil {
		r.Selection.FailOn = o.FailOn.String()
	}
	sum := Summary{Checks: len(o.Selected), FailBySeverity: map[string]int{}}
	for _, n := range checks.SeverityNames() {
		sum.FailBySeverity[n] = 0
	}
	all := make([]Finding, 0, len(fs))
	for _, f := range fs {
		if f.Threat == nil {
			f.Threat = []string{}
		}
		if f.Resource.IsZero() {
			// Findings not made by checks.Run (hand-built, or read from
			// an old report) are identified by their subject.
			f.Resource = checks.Resource{Kind: "subject", Name: f.Subject, Machine: f.Machine}
		}
		all = append(all, Finding{Finding: f, Fingerprint: Fingerprint(f.CheckID, f.Resource),
			legacy: LegacyFingerprint(f.CheckID, f.Machine, f.Subject)})
	}
	var wr *WaiverReport
	if o.Waivers != nil {
		wr = o.Waivers.apply(all, r.CollectedAt)
		r.Waivers = wr
	}
	if o.Baseline != nil {
		r.Baseline = o.Baseline.apply(all, o.Selected, o.MinSeverity)
	}
	shown := []Finding{}
	for i := range all {
		f := &all[i]
		sum.Total++
		switch f.Status {
		case checks.Pass:
			sum.Pass++
		case checks.Fail:
			sum.Fail++
			sum.FailBySeverity[f.Severity.String()]++
			if f.Waived != nil {
				sum.Waived++
			}
			switch f.Baseline {
			case BaselineNew:
				sum.New++
			case BaselineExisting:
				sum.Existing++
			}
			if o.FailOn != nil && f.Severity >= *o.FailOn && f.Waived == nil && f.Baseline != BaselineExisting {
				f.Gating = true
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
			shown = append(shown, *f)
		}
	}
	if wr != nil {
		for _, e := range wr.Entries {
			switch e.State {
			case WaiverExpired:
				sum.ExpiredWaivers++
			case WaiverUnmatched:
				sum.UnmatchedWaivers++
			}
		}
	}
	if r.Baseline != nil {
		sum.Fixed = r.Baseline.fixedTotal
	}
	for _, src := range s.Sources {
		if !src.OK {
			sum.SourcesFailed++
		}
	}
	judged := map[string]bool{}
	for _, f := range fs {
		if f.Status == checks.Pass || f.Status == checks.Fail || f.Status == checks.Manual {
			judged[f.CheckID] = true
		}
	}
	for _, c := range o.Selected {
		if judged[c.ID] || evaluable(s, c) {
			sum.Evaluated++
		} else {
			sum.NotEvaluated++
		}
	}
	sum.Complete = sum.SourcesFailed == 0 && sum.Error == 0 && (sum.Evaluated > 0 || len(o.Selected) == 0)
	switch {
	case !sum.Complete:
		sum.ExitCode = ExitIncomplete
	case sum.Gating > 0:
		sum.ExitCode = ExitFailures
	default:
		sum.ExitCode = ExitClean
	}
	r.Summary = sum
	r.Compliance = complianceSummary(o.Selected, all)
	sortFindings(shown)
	r.Findings = shown
	return r
}

// evaluable reports whether every dataset c requires was collected (or is
// absent in this release, which the check reports as not applicable):
// the check was judged, not skipped for want of a source. (A check with a
// pass, fail or manual finding was judged whatever the snapshot says.)
func evaluable(s *snapshot.Snapshot, c *checks.Check) bool {
	for _, d := range c.Requires {
		switch s.Availability(d).Status {
		case snapshot.NotCollected, snapshot.Failed:
			return false
		}
	}
	return true
}

// NothingEvaluated reports a run in which no selected check could be
// evaluated: every one lacked its source. Such a run exits 3.
func (s Summary) NothingEvaluated() bool { return s.Checks > 0 && s.Evaluated == 0 }

// sortFindings orders findings as checks.SortFindings does.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return checks.FindingLess(&fs[i].Finding, &fs[j].Finding) })
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

// Format is one output format: its name (--format), the file extension
// --output-dir writes it under, what it is for, and its writer.
type Format struct {
	Name, Ext, Use string
	Write          Writer
}

// Formats is the one table of output formats, in the order usage lists
// them; flag validation, usage text and --output-dir file names all come
// from it. Every writer renders the same *Report, so all formats agree
// finding for finding.
var Formats = []Format{
	{"table", "txt", "people at a terminal", WriteTable},
	{"json", "json", "compliance records and tooling (csaudit schema)", WriteJSON},
	{"sarif", "sarif", "code-scanning dashboards", WriteSARIF},
	{"junit", "xml", "CI test-report views", WriteJUnit},
	{"markdown", "md", "tickets and merge-request comments", WriteMarkdown},
	{"html", "html", "auditors: one self-contained page", WriteHTML},
	{"remediation", "sh", "a reviewable shell script of the fixes (never run by csaudit)", WriteRemediation},
}

// LookupFormat returns the format called name.
func LookupFormat(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// FileName is the file a format is written to in an output directory.
func FileName(format string) string {
	if f, ok := LookupFormat(format); ok {
		return "csaudit." + f.Ext
	}
	return "csaudit." + format
}

// FormatNames lists the formats, sorted.
func FormatNames() []string {
	names := make([]string, 0, len(Formats))
	for _, f := range Formats {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names
}

// Write renders r in the named format.
func Write(w io.Writer, format string, r *Report) error {
	f, ok := LookupFormat(format)
	if !ok {
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(FormatNames(), ", "))
	}
	return f.Write(w, r)
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
