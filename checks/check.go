// Package checks holds csaudit's catalogue of checks and runs them over a
// snapshot. Checks are pure functions of the snapshot: no I/O, no clock, no
// environment (an import test enforces it). Every check's metadata lives in
// its one *Check value; the catalogue is the literal list in registry.go.
package checks

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Severity orders how much a failure matters: info < low < medium < high < critical.
type Severity int

const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want one of %s)", name, strings.Join(severityNames, ", "))
}

// SeverityNames lists the severities from lowest to highest.
func SeverityNames() []string { return append([]string(nil), severityNames...) }

// Status is the outcome of a check for one subject.
type Status string

const (
	Pass   Status = "pass"
	Fail   Status = "fail"
	Skip   Status = "skip"   // not applicable here, with the reason
	Error  Status = "error"  // could not be evaluated, with the reason
	Manual Status = "manual" // needs a person; the message says what to look at
)

// Statuses lists every status in report order.
var Statuses = []Status{Fail, Error, Manual, Skip, Pass}

// Result is what a check's Eval says about one subject.
type Result struct {
	Status  Status
	Machine string // empty for database findings
	// Resource is what the result is about; Subject, when empty, is its
	// rendering (Resource.String).
	Resource Resource
	Subject  string
	Message  string
	// Expected and Actual are short, redacted descriptions; never a secret.
	Expected string
	Actual   string
	// NotEvaluated is the label of the failed source whose data the
	// check needed (an error result); reports summarise those once.
	NotEvaluated string
}

// Check is one audit rule and all of its metadata.
type Check struct {
	ID       string // CS-<DOMAIN>-NNN, stable, never reused
	Title    string
	Severity Severity
	// Threat lists threat-model references: "TM §10.3", "PR Q20".
	Threat      []string
	Rationale   string
	Remediation string
	References  []string
	// Requires lists the datasets Eval reads.
	Requires []snapshot.Dataset
	// Settings lists the global settings (configuration names) Eval reads;
	// a test holds them against the settings table of every release the
	// check applies to.
	Settings []string
	// Files lists the probed paths Eval reads (as in snapshot.ProbedPaths;
	// "~cloud/..." for paths under the cloud user's home); a test holds
	// them against what the probe collects.
	Files []string
	// Since is the first CloudStack release the checked feature exists in,
	// or "" when it has always existed; older releases are skipped.
	Since string
	Eval  func(*snapshot.Snapshot) []Result
}

// Domain is the middle part of the ID ("API" for CS-API-001).
func (c *Check) Domain() string {
	p := strings.Split(c.ID, "-")
	if len(p) != 3 {
		return ""
	}
	return p[1]
}

// Finding is a Result bound to its check.
type Finding struct {
	CheckID  string   `json:"check_id"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	Status   Status   `json:"status"`
	Machine  string   `json:"machine"`
	Subject  string   `json:"subject"`
	// Resource is the structured identity of what the finding is about;
	// Subject is its rendering.
	Resource Resource `json:"resource"`
	Message  string   `json:"message"`
	Expected string   `json:"expected"`
	Actual   string   `json:"actual"`
	// NotEvaluated, on an error, names the failed source (its label)
	// that kept the check from being evaluated.
	NotEvaluated string   `json:"not_evaluated,omitempty"`
	Threat       []string `json:"threat"`
}
