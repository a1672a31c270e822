package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/csaudit/csaudit/reports"
)

// gateOptions are the flags of the CI gate: waivers, a baseline, and
// where several formats are written.
type gateOptions struct {
	waivers, baseline, outputDir string
}

func addGateFlags(fs *pflag.FlagSet, g *gateOptions) {
	fs.StringVar(&g.waivers, "waivers", "", "")
	fs.StringVar(&g.baseline, "baseline", "", "")
	fs.StringVar(&g.outputDir, "output-dir", "", "")
}

// gate is what the gate flags point to, read and validated before any
// connection is made: a bad file is a usage error (exit 2), never a
// silently ungated run.
type gate struct {
	waivers  *reports.Waivers
	baseline *reports.Baseline
}

func (g gateOptions) load() (gate, error) {
	var out gate
	if g.waivers != "" {
		w, err := loadWaivers(g.waivers)
		if err != nil {
			return out, err
		}
		out.waivers = w
	}
	if g.baseline != "" {
		f, err := os.Open(g.baseline)
		if err != nil {
			return out, usageErr("give a previous report written with --format json", "--baseline: %v", err)
		}
		defer f.Close()
		b, err := reports.ParseBaseline(g.baseline, f)
		if err != nil {
			return out, usageErr("give a previous report written with --format json", "--baseline %s: %v", g.baseline, err)
		}
		out.baseline = b
	}
	return out, nil
}

// warn tells the operator, on stderr, what the gate decided that a CI log
// reader should see: expired waivers, waivers that match nothing, and a
// baseline that does not fit this run.
func (g gate) warn(rep *reports.Report, e env) {
	if rep.Waivers != nil {
		for _, w := range rep.Waivers.Entries {
			switch w.State {
			case reports.WaiverExpired:
				fmt.Fprintf(e.stderr, "csaudit: warning: waiver %s:%d (%s) expired on %s and no longer applies; failures it matches: %d\n",
					rep.Waivers.File, w.Line, w.Check, w.Expires, w.Matched)
			case reports.WaiverUnmatched:
				fmt.Fprintf(e.stderr, "csaudit: note: waiver %s:%d (%s) matches no failure in this audit\n", rep.Waivers.File, w.Line, w.Check)
			}
		}
	}
	if b := g.baseline; b != nil {
		if b.Target != "" && b.Target != rep.Target {
			fmt.Fprintf(e.stderr, "csaudit: warning: baseline %s audited %s, this run audits %s: failures there are not failures here\n", b.File, b.Target, rep.Target)
		}
		if b.MinSeverity != "" && !strings.EqualFold(b.MinSeverity, "info") {
			fmt.Fprintf(e.stderr, "csaudit: warning: baseline %s was written with --min-severity %s: failures it left out count as new\n", b.File, b.MinSeverity)
		}
	}
}
