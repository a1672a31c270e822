package main

import (
	"context"
	"fmt"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
)

// The audit pipeline: collect, check, report.

// audit runs one audit: parse and validate, collect (or load a snapshot),
// run the checks, build and write the report, and return its exit code.
func audit(ctx context.Context, args []string, e env) error {
	p, help, err := parseAudit(args, e)
	if help || err != nil {
		return err
	}
	o, h, gate := p.o, p.h, p.gate
	minSev, failOn, outs, selected, deselected := p.minSev, p.failOn, p.outs, p.selected, p.deselected
	var snap *snapshot.Snapshot
	if o.snapshot != "" {
		snap, err = snapshot.Load(o.snapshot)
		if err != nil {
			return usageErr("the file must come from 'csaudit --save-snapshot'", "reading snapshot: %v", err)
		}
		if len(snap.Sources) == 0 && len(snap.Data) == 0 {
			return usageErr("the file must come from 'csaudit --save-snapshot' of a live audit", "snapshot %s holds no sources and no data: nothing to audit", o.snapshot)
		}
	} else {
		copts, err := sourceOptions(o, h, e)
		if err != nil {
			return err
		}
		if copts.Fingerprinter, err = fingerprinter(o.fingerprintKey); err != nil {
			return err
		}
		var prog *progress
		if copts.SSH != nil && !h.quiet {
			prog = newProgress(e.stderr, e.stderrTerminal, e.now)
			if !h.noProgress {
				copts.Progress, copts.Planned = prog.host, prog.planned
			}
		}
		snap, err = collectors.Collect(ctx, copts)
		if prog != nil {
			prog.finish()
		}
		if err != nil {
			return usageErr("", "%v", err)
		}
		if !h.quiet {
			reportSourceErrors(snap.Sources, e)
		}
		if prog != nil {
			prog.summary(snap.Sources)
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
		Waivers: gate.waivers, Baseline: gate.baseline, Advisories: p.advisories,
	})
	gate.warn(rep, e)
	rep.Verbose = o.verbose
	rep.Width, rep.ComplianceTable = tableWidth(e, o.output == ""), o.compliance
	rep.Color = e.isTerminal && o.output == "" && !o.noColor && e.getenv("NO_COLOR") == ""
	if err := writeOutputs(rep, outs, e); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	if rep.Summary.NothingEvaluated() {
		fmt.Fprintf(e.stderr, "csaudit: error: none of the %d selected checks could be evaluated: no source they need was audited\n", rep.Summary.Checks)
		fmt.Fprintf(e.stderr, "csaudit: hint: add the source (--db, --ssh, --local, …) or select checks for the sources given (see 'csaudit checks')\n")
	}
	if toFiles(outs) {
		fmt.Fprintln(e.stderr, ciSummary(rep, outs))
	}
	if c := rep.Summary.ExitCode; c != 0 {
		return exitCode(c)
	}
	return nil
}

// maxSourceErrors bounds the failed sources listed on standard error; the
// report lists them all.
const maxSourceErrors = 20

func reportSourceErrors(srcs []snapshot.Source, e env) {
	n := 0
	for _, s := range srcs {
		if s.OK {
			continue
		}
		if n++; n > maxSourceErrors {
			continue
		}
		fmt.Fprintf(e.stderr, "csaudit: error: %s %s: %s\n", s.Kind, s.Target, s.Error)
		if s.Hint != "" {
			fmt.Fprintf(e.stderr, "csaudit: hint: %s\n", s.Hint)
		}
	}
	if n > maxSourceErrors {
		fmt.Fprintf(e.stderr, "csaudit: error: ... and %d more failed sources (all are listed in the report)\n", n-maxSourceErrors)
	}
}
