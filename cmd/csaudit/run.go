package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// env is everything run takes from the process, so tests can supply it.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	isTerminal     bool
}

// usageError is a bad command line or configuration: exit 2.
type usageError struct{ msg, hint string }

func (e *usageError) Error() string { return e.msg }

func usageErr(hint, f string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(f, a...), hint: hint}
}

// options are the parsed flags of an audit.
type options struct {
	db, dbPasswordFile, snapshot, saveSnapshot string
	timeout                                    time.Duration
	include, exclude                           []string
	minSeverity, failOn, format, output        string
	verbose, noColor                           bool
}

func run(ctx context.Context, args []string, e env) int {
	err := dispatch(ctx, args, e)
	if err == nil {
		return reports.ExitClean
	}
	var ex exitCode
	if errors.As(err, &ex) {
		return int(ex)
	}
	fmt.Fprintf(e.stderr, "csaudit: error: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) {
		if ue.hint != "" {
			fmt.Fprintf(e.stderr, "csaudit: hint: %s\n", ue.hint)
		}
		return reports.ExitUsage
	}
	return reports.ExitIncomplete
}

// exitCode carries a non-zero exit from a completed audit.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit %d", int(c)) }

func dispatch(ctx context.Context, args []string, e env) error {
	if len(args) > 0 {
		switch args[0] {
		case "version":
			fmt.Fprintf(e.stdout, "csaudit %s (%d checks, report schema %s, snapshot schema %s)\n", version, len(checks.Registry), reports.SchemaVersion, snapshot.SchemaVersion)
			return nil
		case "checks":
			return cmdChecks(args[1:], e)
		case "explain":
			return cmdExplain(args[1:], e)
		case "waivers":
			return cmdWaivers(args[1:], e)
		case "schema":
			_, err := e.stdout.Write(reports.JSONSchema)
			return err
		case "help":
			fmt.Fprint(e.stdout, usage)
			return nil
		}
	}
	return audit(ctx, args, e)
}

func newFlagSet(name string, e env) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

func parseFlags(fs *pflag.FlagSet, args []string, e env) (help bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(e.stdout, usage)
			return true, nil
		}
		return false, usageErr("run 'csaudit --help' for the flags", "%v", err)
	}
	return false, nil
}

func audit(ctx context.Context, args []string, e env) error {
	var o options
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
	var h hostOptions
	addHostFlags(fs, &h, e)
	var g gateOptions
	addGateFlags(fs, &g)
	if help, err := parseFlags(fs, args, e); help || err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("subcommands are checks, explain, version; sources are flags", "unexpected argument %q", fs.Arg(0))
	}

	// Validate everything before any connection is made.
	minSev, err := checks.ParseSeverity(o.minSeverity)
	if err != nil {
		return usageErr("", "--min-severity: %v", err)
	}
	var failOn *checks.Severity
	if !strings.EqualFold(o.failOn, "none") {
		f, err := checks.ParseSeverity(o.failOn)
		if err != nil {
			return usageErr("use a severity or 'none'", "--fail-on: %v", err)
		}
		failOn = &f
	}
	outs, err := planOutputs(o.format, o.output, g.outputDir)
	if err != nil {
		return err
	}
	selected, deselected, err := checks.Select(o.include, o.exclude)
	if err != nil {
		return usageErr("", "%v", err)
	}
	if len(selected) == 0 {
		return usageErr("--checks and --skip leave nothing to run", "no check selected")
	}
	live := o.db != "" || h.requested()
	switch {
	case !live && o.snapshot == "":
		return usageErr("give --db DSN, --db-properties, --ssh HOST, --ssh-discover or --local, or --snapshot FILE", "no source to audit")
	case live && o.snapshot != "":
		return usageErr("a saved snapshot is audited on its own", "--snapshot cannot be combined with live sources")
	case o.snapshot != "" && o.saveSnapshot != "":
		return usageErr("", "--save-snapshot needs a live source, not --snapshot")
	}
	gate, err := g.load()
	if err != nil {
		return err
	}

	var snap *snapshot.Snapshot
	if o.snapshot != "" {
		snap, err = snapshot.Load(o.snapshot)
		if err != nil {
			return usageErr("the file must come from 'csaudit --save-snapshot'", "reading snapshot: %v", err)
		}
	} else {
		copts, err := sourceOptions(o, h, e)
		if err != nil {
			return err
		}
		snap, err = collectors.Collect(ctx, copts)
		if err != nil {
			return usageErr("", "%v", err)
		}
		for _, s := range snap.Sources {
			if !s.OK {
				fmt.Fprintf(e.stderr, "csaudit: error: %s %s: %s\n", s.Kind, s.Target, s.Error)
				if s.Hint != "" {
					fmt.Fprintf(e.stderr, "csaudit: hint: %s\n", s.Hint)
				}
			}
		}
		if o.saveSnapshot != "" {
			if err := writeFile(o.saveSnapshot, snap.Save); err != nil {
				return fmt.Errorf("writing snapshot: %w", err)
			}
		}
	}

	findings := checks.Run(snap, selected)
	rep := reports.Build(snap, findings, reports.Options{
		Tool: reports.Tool{Name: "csaudit", Version: version}, Selected: selected, Deselected: deselected,
		Include: o.include, Exclude: o.exclude, MinSeverity: minSev, FailOn: failOn,
		Waivers: gate.waivers, Baseline: gate.baseline,
	})
	gate.warn(rep, e)
	rep.Verbose = o.verbose
	rep.Color = e.isTerminal && o.output == "" && !o.noColor && e.getenv("NO_COLOR") == ""
	if err := writeOutputs(rep, outs, e); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	if c := rep.Summary.ExitCode; c != 0 {
		return exitCode(c)
	}
	return nil
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

// writeFile writes through fn to a temporary file and renames it into place,
// so a failed run never leaves half a report.
func writeFile(path string, fn func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		// A device or pipe (/dev/stdout, /dev/null): write to it, never replace it.
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	f, err := os.CreateTemp(dirOf(path), ".csaudit-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o640); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

func dirOf(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		if i == 0 {
			return "/"
		}
		return path[:i]
	}
	return "."
}

func cmdChecks(args []string, e env) error {
	fs := newFlagSet("checks", e)
	format := fs.StringP("format", "f", "table", "")
	if help, err := parseFlags(fs, args, e); help || err != nil {
		return err
	}
	switch *format {
	case "table":
		for _, c := range checks.Registry {
			fmt.Fprintf(e.stdout, "%-12s %-8s %s [%s]\n", c.ID, c.Severity, c.Title, strings.Join(c.Threat, ", "))
		}
		return nil
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(catalogue())
	case "markdown":
		fmt.Fprint(e.stdout, checks.MarkdownTable())
		return nil
	}
	return usageErr("formats: table, json, markdown", "checks --format: unknown format %q", *format)
}

type checkDoc struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Severity    string   `json:"severity"`
	Domain      string   `json:"domain"`
	Threat      []string `json:"threat"`
	Rationale   string   `json:"rationale"`
	Remediation string   `json:"remediation"`
	References  []string `json:"references"`
	Requires    []string `json:"requires"`
	Since       string   `json:"since,omitempty"`
}

func docOf(c *checks.Check) checkDoc {
	d := checkDoc{ID: c.ID, Title: c.Title, Severity: c.Severity.String(), Domain: c.Domain(), Threat: c.Threat,
		Rationale: c.Rationale, Remediation: c.Remediation, References: c.References, Since: c.Since}
	for _, r := range c.Requires {
		d.Requires = append(d.Requires, string(r))
	}
	return d
}

func catalogue() []checkDoc {
	out := make([]checkDoc, 0, len(checks.Registry))
	for _, c := range checks.Registry {
		out = append(out, docOf(c))
	}
	return out
}

func cmdExplain(args []string, e env) error {
	if len(args) != 1 {
		return usageErr("for example: csaudit explain CS-API-001", "explain takes exactly one check ID")
	}
	c, ok := checks.Lookup(args[0])
	if !ok {
		return usageErr("'csaudit checks' lists the IDs", "unknown check %q", args[0])
	}
	d := docOf(c)
	fmt.Fprintf(e.stdout, "%s  %s\n\n", d.ID, d.Title)
	fmt.Fprintf(e.stdout, "Severity:     %s\nThreat model: %s\nNeeds:        %s\n", d.Severity, strings.Join(d.Threat, ", "), strings.Join(d.Requires, ", "))
	if d.Since != "" {
		fmt.Fprintf(e.stdout, "Applies from: CloudStack %s\n", d.Since)
	}
	fmt.Fprintf(e.stdout, "\nWhy it matters:\n%s\n\nHow to fix:\n%s\n", indent(c.Rationale), indent(c.Remediation))
	if len(d.References) > 0 {
		fmt.Fprintf(e.stdout, "\nReferences:\n")
		for _, r := range d.References {
			fmt.Fprintf(e.stdout, "    %s\n", r)
		}
	}
	return nil
}

func indent(s string) string {
	var b strings.Builder
	line := "   "
	for _, w := range strings.Fields(s) {
		if len(line)+1+len(w) > 92 {
			b.WriteString(line + "\n")
			line = "   "
		}
		line += " " + w
	}
	b.WriteString(line)
	return b.String()
}
