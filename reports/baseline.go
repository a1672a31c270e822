package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/csaudit/csaudit/checks"
)

// Baseline is a previous csaudit JSON report. Against it, each failure is
// new or existing (same fingerprint), and the previous failures that no
// longer fail are listed as fixed. A report of schema 2.x is matched by
// resource identity (Fingerprint); one of schema 1.x by the scheme it was
// written with (LegacyFingerprint: check, machine, subject), so baselines
// taken with an older csaudit keep working.
type Baseline struct {
	File          string
	SchemaVersion string
	ToolVersion   string
	Target        string
	CollectedAt   time.Time
	// MinSeverity is the previous report's --min-severity: failures it hid
	// are unknown to the baseline and count as new.
	MinSeverity string
	// Scheme is the fingerprint scheme of the baseline's findings: 2
	// (resource identity) or 1 (check, machine, subject).
	Scheme int

	failures map[string]baselineFinding // by fingerprint
	order    []string
}

type baselineFinding struct {
	CheckID  string `json:"check_id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Machine  string `json:"machine"`
	Subject  string `json:"subject"`
	// Resource is present in reports of schema 2.x.
	Resource *checks.Resource `json:"resource"`
}

// BaselineReport is the baseline as applied to one audit.
type BaselineReport struct {
	File        string    `json:"file"`
	ToolVersion string    `json:"tool_version"`
	Target      string    `json:"target"`
	CollectedAt time.Time `json:"collected_at"`
	// FingerprintScheme is 2 (resource identity) or 1 (a baseline written
	// by csaudit before report schema 2.0: check, machine and subject).
	FingerprintScheme int `json:"fingerprint_scheme"`
	// Fixed lists the baseline's failures that no longer fail, at or above
	// --min-severity (summary.fixed counts them all).
	Fixed []FixedFinding `json:"fixed"`

	fixedTotal int
}

// FixedFinding is a baseline failure that this audit no longer finds.
type FixedFinding struct {
	CheckID  string `json:"check_id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	Machine  string `json:"machine"`
	Subject  string `json:"subject"`
	// Resource is absent when the baseline predates report schema 2.0.
	Resource    *checks.Resource `json:"resource,omitempty"`
	Fingerprint string           `json:"fingerprint"`
}

// key is the fingerprint of f in the baseline's scheme.
func (b *Baseline) key(f *Finding) string {
	if b.Scheme == 1 {
		return f.legacy
	}
	return f.Fingerprint
}

// ParseBaseline reads a csaudit JSON report of schema version 1.x.
func ParseBaseline(file string, r io.Reader) (*Baseline, error) {
	var doc struct {
		SchemaVersion *string `json:"schema_version"`
		Tool          struct {
			Name, Version string
		} `json:"tool"`
		Target      string    `json:"target"`
		CollectedAt time.Time `json:"collected_at"`
		Selection   struct {
			MinSeverity string `json:"min_severity"`
		} `json:"selection"`
		Findings *[]baselineFinding `json:"findings"`
	}
	dec := json.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("not a csaudit JSON report (%v)", err)
		}
		return nil, fmt.Errorf("not a csaudit JSON report: %v", err)
	}
	if doc.SchemaVersion == nil || doc.Findings == nil {
		return nil, errors.New("not a csaudit JSON report (no schema_version or findings): give a report written with --format json")
	}
	scheme := 0
	switch major, _, _ := strings.Cut(*doc.SchemaVersion, "."); major {
	case "1":
		scheme = 1
	case strings.Split(SchemaVersion, ".")[0]:
		scheme = 2
	default:
		return nil, fmt.Errorf("report schema version %s is not supported (this csaudit reads 1.x and writes %s)", *doc.SchemaVersion, SchemaVersion)
	}
	b := &Baseline{File: file, SchemaVersion: *doc.SchemaVersion, ToolVersion: doc.Tool.Version,
		Target: doc.Target, CollectedAt: doc.CollectedAt.UTC(), MinSeverity: doc.Selection.MinSeverity,
		Scheme: scheme, failures: map[string]baselineFinding{}}
	for _, f := range *doc.Findings {
		if f.Status != string(checks.Fail) || f.CheckID == "" {
			continue
		}
		var fp string
		switch {
		case scheme == 1:
			fp = LegacyFingerprint(f.CheckID, f.Machine, f.Subject)
		case f.Resource != nil:
			fp = Fingerprint(f.CheckID, *f.Resource)
		default:
			return nil, fmt.Errorf("finding %s %q has no resource (required in report schema %s)", f.CheckID, f.Subject, *doc.SchemaVersion)
		}
		if _, dup := b.failures[fp]; !dup {
			b.order = append(b.order, fp)
		}
		b.failures[fp] = f
	}
	return b, nil
}

// Failures is the number of failures the baseline lists.
func (b *Baseline) Failures() int { return len(b.failures) }

// apply marks each failure of fs new or existing and works out which
// baseline failures are fixed. A baseline failure counts as fixed only when
// this audit evaluated its check without error (and, for a host finding,
// audited that machine) and the same fingerprint is not failing, needing a
// person or in error now: what was not looked at is never called fixed.
func (b *Baseline) apply(fs []Finding, selected []*checks.Check, minSev checks.Severity) *BaselineReport {
	rep := &BaselineReport{File: b.File, ToolVersion: b.ToolVersion, Target: b.Target, CollectedAt: b.CollectedAt,
		FingerprintScheme: b.Scheme, Fixed: []FixedFinding{}}
	ran := map[string]bool{}
	for _, c := range selected {
		ran[c.ID] = true
	}
	errored, machines := map[string]bool{}, map[string]bool{}
	now := map[string]checks.Status{}
	for i := range fs {
		f := &fs[i]
		if f.Status == checks.Error {
			errored[f.CheckID] = true
		}
		if f.Machine != "" {
			machines[f.Machine] = true
		}
		fp := b.key(f)
		if prev, ok := now[fp]; !ok || prev != checks.Fail {
			now[fp] = f.Status
		}
		if f.Status != checks.Fail {
			continue
		}
		if _, ok := b.failures[fp]; ok {
			f.Baseline = BaselineExisting
		} else {
			f.Baseline = BaselineNew
		}
	}
	for _, fp := range b.order {
		p := b.failures[fp]
		id := strings.ToUpper(p.CheckID)
		if !ran[id] || errored[id] || (p.Machine != "" && !machines[p.Machine]) {
			continue
		}
		switch st, seen := now[fp]; {
		case !seen, st == checks.Pass, st == checks.Skip:
		default:
			continue
		}
		rep.fixedTotal++
		sev, err := checks.ParseSeverity(p.Severity)
		if err != nil || sev >= minSev {
			rep.Fixed = append(rep.Fixed, FixedFinding{CheckID: id, Title: p.Title, Severity: p.Severity,
				Machine: p.Machine, Subject: p.Subject, Resource: p.Resource, Fingerprint: fp})
		}
	}
	sort.SliceStable(rep.Fixed, func(i, j int) bool {
		a, b := rep.Fixed[i], rep.Fixed[j]
		sa, _ := checks.ParseSeverity(a.Severity)
		sb, _ := checks.ParseSeverity(b.Severity)
		if sa != sb {
			return sa > sb
		}
		if a.CheckID != b.CheckID {
			return a.CheckID < b.CheckID
		}
		if a.Machine != b.Machine {
			return a.Machine < b.Machine
		}
		return a.Subject < b.Subject
	})
	return rep
}
