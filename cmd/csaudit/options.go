package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/csaudit/csaudit/checks"
)

// The audit command line: flags, validation and the database password.

// options are the parsed flags of an audit.
type options struct {
	db, dbPasswordFile, snapshot, saveSnapshot string
	timeout                                    time.Duration
	include, exclude                           []string
	minSeverity, failOn, format, output        string
	verbose, noColor                           bool
	// advisories (--advisories FILE) replaces the embedded advisory data;
	// fingerprintKey (--fingerprint-key FILE) turns on secret fingerprints.
	advisories, fingerprintKey string
	compliance                 string // --compliance FRAMEWORK
	policy, config             string // --policy FILE, --config FILE
}

// auditPlan is a validated audit command line: everything checked before
// any connection is made.
type auditPlan struct {
	o                    options
	h                    hostOptions
	minSev               checks.Severity
	failOn               *checks.Severity
	outs                 []output
	selected, deselected []*checks.Check
	gate                 gate
	advisories           *checks.Advisories // the advisory data the checks are bound to
}

// parseAudit reads and validates the audit flags. help is true when
// --help was given (and printed).
func parseAudit(args []string, e env) (p auditPlan, help bool, err error) {
	o := &p.o
	fs := newFlagSet("csaudit", e)
	fs.StringVar(&o.db, "db", "", "")
	fs.StringVar(&o.dbPasswordFile, "db-password-file", "", "")
	fs.StringVar(&o.snapshot, "snapshot", "", "")
	fs.StringVar(&o.saveSnapshot, "save-snapshot", "", "")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "")
	fs.StringSliceVar(&o.include, "checks", nil, "")
	fs.StringSliceVar(&o.exclude, "skip", nil, "")
	fs.StringVar(&o.minSeverity, "min-severity", "info", "")
	fs.StringVar(&o.failOn, "fail-on", "low", "")
	fs.StringVarP(&o.format, "format", "f", "table", "")
	fs.StringVarP(&o.output, "output", "o", "", "")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "")
	fs.BoolVar(&o.noColor, "no-color", false, "")
	fs.StringVar(&o.advisories, "advisories", "", "")
	fs.StringVar(&o.fingerprintKey, "fingerprint-key", "", "")
	fs.StringVar(&o.compliance, "compliance", "", "")
	fs.StringVar(&o.policy, "policy", "", "")
	fs.StringVar(&o.config, "config", "", "")
	h := &p.h
	addHostFlags(fs, h, e)
	var g gateOptions
	addGateFlags(fs, &g)
	if help, err := parseFlags(fs, args, e); help || err != nil {
		return p, help, err
	}
	if o.config != "" {
		if err := applyConfig(fs, o.config); err != nil {
			return p, false, err
		}
	}
	if fs.NArg() > 0 {
		return p, false, usageErr(subcommandHint(), "unexpected argument %q", fs.Arg(0))
	}

	// Validate everything before any connection is made.
	if o.timeout <= 0 {
		return p, false, usageErr("for example --timeout 30s; it bounds every connection and query", "--timeout must be positive, not %s", o.timeout)
	}
	minSev, err := checks.ParseSeverity(o.minSeverity)
	if err != nil {
		return p, false, usageErr("", "--min-severity: %v", err)
	}
	var failOn *checks.Severity
	if !strings.EqualFold(o.failOn, "none") {
		f, err := checks.ParseSeverity(o.failOn)
		if err != nil {
			return p, false, usageErr("use a severity or 'none'", "--fail-on: %v", err)
		}
		failOn = &f
	}
	if _, ok := checks.LookupFramework(o.compliance); o.compliance != "" && !ok {
		return p, false, usageErr("frameworks: "+strings.Join(checks.FrameworkIDs(), ", "), "--compliance: unknown framework %q", o.compliance)
	}
	outs, err := planOutputs(o.format, o.output, g.outputDir)
	if err != nil {
		return p, false, err
	}
	selected, deselected, err := checks.Select(o.include, o.exclude)
	if err != nil {
		return p, false, usageErr("", "%v", err)
	}
	if o.policy != "" {
		site, err := loadPolicy(o.policy)
		if err != nil {
			return p, false, err
		}
		selected = append(selected, site...)
	}
	if len(selected) == 0 {
		return p, false, usageErr("--checks and --skip leave nothing to run", "no check selected")
	}
	live := o.db != "" || h.requested()
	switch {
	case !live && o.snapshot == "":
		return p, false, usageErr("give --db DSN, --db-properties, --ssh HOST, --ssh-discover or --local, or --snapshot FILE", "no source to audit")
	case live && o.snapshot != "":
		return p, false, usageErr("a saved snapshot is audited on its own", "--snapshot cannot be combined with live sources")
	case o.snapshot != "" && o.saveSnapshot != "":
		return p, false, usageErr("", "--save-snapshot needs a live source, not --snapshot")
	}
	gate, err := g.load()
	if err != nil {
		return p, false, err
	}
	if err := preflightOutputs(outs, o.saveSnapshot); err != nil {
		return p, false, err
	}
	p.minSev, p.failOn, p.outs, p.selected, p.deselected, p.gate = minSev, failOn, outs, selected, deselected, gate
	if p.advisories, err = loadAdvisories(o.advisories); err != nil {
		return p, false, err
	}
	p.selected = checks.WithAdvisories(p.selected, p.advisories)
	if o.fingerprintKey != "" && o.snapshot != "" {
		return p, false, usageErr("fingerprints are taken while collecting", "--fingerprint-key needs a live source, not --snapshot")
	}
	return p, false, nil
}

// dbPassword returns the password from --db-password-file, else the
// environment, else "" (the DSN's own). It is never printed.
func dbPassword(o options, e env) (string, error) {
	if o.dbPasswordFile != "" {
		b, err := os.ReadFile(o.dbPasswordFile)
		if err != nil {
			return "", usageErr("the file should hold the password on its first line", "--db-password-file: %v", err)
		}
		pw, _, _ := strings.Cut(string(b), "\n")
		pw = strings.TrimRight(pw, "\r")
		if pw == "" {
			return "", usageErr("", "--db-password-file %s is empty", o.dbPasswordFile)
		}
		return pw, nil
	}
	return e.getenv("CSAUDIT_DB_PASSWORD"), nil
}

// loadAdvisories reads --advisories FILE (validated; a bad file is a usage
// error), else the embedded advisory data.
func loadAdvisories(path string) (*checks.Advisories, error) {
	if path == "" {
		a, err := checks.EmbeddedAdvisories()
		if err != nil {
			return nil, fmt.Errorf("embedded advisory data: %w", err)
		}
		return a, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("", "--advisories: %v", err)
	}
	a, err := checks.ParseAdvisories(b, path)
	if err != nil {
		return nil, usageErr("the file must have the layout of csaudit's checks/data/cloudstack-cves.json (or be a bare array of its entries)", "--advisories: %v", err)
	}
	return a, nil
}
