package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
)

// csaudit merge A.json B.json ...: combine the JSON reports of shard runs
// (--shard K/N) into one report with one summary and one exit code.
//
// Findings are identified by fingerprint. Database findings appear in every
// shard (each shard reads the database to discover its hosts) and are kept
// once. A host audited in more than one input is taken from the input that
// audited it successfully (the last such), so a re-run of failed hosts can
// be merged over the first run. A "not applicable: no … was probed"
// finding of a shard that had no such host gives way to the findings of
// the shards that had one. The summary, gating, waivers and baseline are
// computed again from the merged findings, exactly as for one full run.

// mergeInput is the part of a JSON report that merge reads.
type mergeInput struct {
	file              string
	SchemaVersion     string                                     `json:"schema_version"`
	Tool              reports.Tool                               `json:"tool"`
	Target            string                                     `json:"target"`
	CloudStackVersion string                                     `json:"cloudstack_version"`
	CollectedAt       time.Time                                  `json:"collected_at"`
	Selection         reports.Selection                          `json:"selection"`
	Sources           []snapshot.Source                          `json:"sources"`
	Data              map[snapshot.Dataset]snapshot.Availability `json:"data"`
	Waivers           json.RawMessage                            `json:"waivers"`
	Baseline          json.RawMessage                            `json:"baseline"`
	Findings          []mergeFinding                             `json:"findings"`
	// Advisories says which advisory data the shard's checks used.
	Advisories *reports.AdvisoryInfo `json:"advisories"`
}

type mergeFinding struct {
	checks.Finding
	Fingerprint string `json:"fingerprint"`
}

// maxReportSize bounds one input report.
const maxReportSize = 1 << 30

// mergeOptions are the flags of csaudit merge.
type mergeOptions struct {
	format, outFile, minSeverity, failOn string
	verbose, noColor                     bool
	g                                    gateOptions
	files                                []string
}

// parseMerge reads and checks the merge command line.
func parseMerge(args []string, e env) (o mergeOptions, help bool, err error) {
	fs := newFlagSet("csaudit merge", e)
	fs.StringVarP(&o.format, "format", "f", "json", "")
	fs.StringVarP(&o.outFile, "output", "o", "", "")
	fs.StringVar(&o.minSeverity, "min-severity", "info", "")
	fs.StringVar(&o.failOn, "fail-on", "", "")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "")
	fs.BoolVar(&o.noColor, "no-color", false, "")
	addGateFlags(fs, &o.g)
	if help, err := parseFlags(fs, args, e); help || err != nil {
		return o, help, err
	}
	if fs.NArg() == 0 {
		return o, false, usageErr("csaudit merge [--format F] [-o FILE] shard1.json shard2.json ...", "merge needs the JSON reports to combine")
	}
	o.files = fs.Args()
	return o, false, nil
}

func cmdMerge(args []string, e env) error {
	mo, help, err := parseMerge(args, e)
	if help || err != nil {
		return err
	}
	format, outFile, minSeverity, failOn, verbose, noColor, g := mo.format, mo.outFile, mo.minSeverity, mo.failOn, mo.verbose, mo.noColor, mo.g
	minSev, err := checks.ParseSeverity(minSeverity)
	if err != nil {
		return usageErr("", "--min-severity: %v", err)
	}
	outs, err := planOutputs(format, outFile, g.outputDir)
	if err != nil {
		return err
	}
	gate, err := g.load()
	if err != nil {
		return err
	}
	var in []*mergeInput
	for _, f := range mo.files {
		r, err := readMergeInput(f)
		if err != nil {
			return err
		}
		in = append(in, r)
	}
	m, err := mergeReports(in, failOn, g.waivers != "" || g.baseline != "", e)
	if err != nil {
		return err
	}
	rep := reports.Build(m.snap, m.findings, reports.Options{
		Tool: reports.Tool{Name: "csaudit", Version: version}, Selected: m.selected, Deselected: m.deselected,
		Include: in[0].Selection.Include, Exclude: in[0].Selection.Exclude, MinSeverity: minSev, FailOn: m.failOn,
		Waivers: gate.waivers, Baseline: gate.baseline,
	})
	// Every shard ran the same checks with the same advisory data (the
	// first one's is reported; a difference is warned about).
	rep.Advisories = in[0].Advisories
	for _, r := range in[1:] {
		if a, b := in[0].Advisories, r.Advisories; (a == nil) != (b == nil) || a != nil && (a.Source != b.Source || a.Date != b.Date) {
			fmt.Fprintf(e.stderr, "csaudit: warning: %s and %s used different advisory data\n", in[0].file, r.file)
		}
	}
	gate.warn(rep, e)
	rep.Verbose = verbose
	rep.Color = e.isTerminal && outFile == "" && !noColor && e.getenv("NO_COLOR") == ""
	if err := writeOutputs(rep, outs, e); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	if c := rep.Summary.ExitCode; c != 0 {
		return exitCode(c)
	}
	return nil
}

func readMergeInput(path string) (*mergeInput, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErr("give reports written with --format json", "merge: %v", err)
	}
	defer f.Close()
	r := &mergeInput{file: path}
	dec := json.NewDecoder(io.LimitReader(f, maxReportSize))
	if err := dec.Decode(r); err != nil {
		return nil, usageErr("give reports written with --format json", "merge: %s is not a csaudit JSON report: %v", path, err)
	}
	if !strings.HasPrefix(r.SchemaVersion, "2.") {
		return nil, usageErr("reports of schema 2.x (csaudit 0.x --format json) can be merged", "merge: %s has report schema %q", path, r.SchemaVersion)
	}
	if !strings.EqualFold(r.Selection.MinSeverity, "info") {
		return nil, usageErr("write the shard reports with --min-severity info (the default) and filter the merged report with merge --min-severity",
			"merge: %s was written with --min-severity %s: the findings it left out cannot be counted", path, r.Selection.MinSeverity)
	}
	return r, nil
}

type merged struct {
	snap                 *snapshot.Snapshot
	findings             []checks.Finding
	selected, deselected []*checks.Check
	failOn               *checks.Severity
}

func lookupChecks(ids []string, file string) ([]*checks.Check, error) {
	out := make([]*checks.Check, 0, len(ids))
	for _, id := range ids {
		c, ok := checks.Lookup(id)
		if !ok {
			return nil, usageErr("merge the reports with the csaudit version that wrote them", "merge: %s ran check %s, which this csaudit does not know", file, id)
		}
		out = append(out, c)
	}
	return out, nil
}

// hostOf returns the machine name of a host source ("ssh root@h:22 (root
// /x)" -> "h"), or "" when the source is not one host.
func hostOf(s snapshot.Source) string {
	switch s.Kind {
	case "ssh":
		t, _, _ := strings.Cut(s.Target, " (root ")
		if _, h, ok := strings.Cut(t, "@"); ok {
			t = h
		}
		if h, _, err := net.SplitHostPort(t); err == nil {
			return h
		}
		return t
	case "local":
		return "local"
	}
	return ""
}

// mergeReports combines the inputs; gated says --waivers or --baseline was
// given to the merge itself.
func mergeReports(in []*mergeInput, failOnFlag string, gated bool, e env) (*merged, error) {
	first := in[0]
	m := &merged{}
	var err error
	if m.selected, err = lookupChecks(first.Selection.Checks, first.file); err != nil {
		return nil, err
	}
	if m.deselected, err = lookupChecks(first.Selection.Deselected, first.file); err != nil {
		return nil, err
	}
	failOn := first.Selection.FailOn
	for _, r := range in[1:] {
		if !slices.Equal(sortedCopy(r.Selection.Checks), sortedCopy(first.Selection.Checks)) {
			return nil, usageErr("run every shard with the same --checks and --skip", "merge: %s and %s ran different checks", first.file, r.file)
		}
		if failOnFlag == "" && !strings.EqualFold(r.Selection.FailOn, failOn) {
			return nil, usageErr("give merge --fail-on SEV", "merge: %s gates at %s, %s at %s", first.file, failOn, r.file, r.Selection.FailOn)
		}
	}
	if failOnFlag != "" {
		failOn = failOnFlag
	}
	if !strings.EqualFold(failOn, "none") {
		f, err := checks.ParseSeverity(failOn)
		if err != nil {
			return nil, usageErr("use a severity or 'none'", "--fail-on: %v", err)
		}
		m.failOn = &f
	}
	for _, r := range in {
		if !gated && (len(r.Waivers) > 0 && string(r.Waivers) != "null" || len(r.Baseline) > 0 && string(r.Baseline) != "null") {
			fmt.Fprintf(e.stderr, "csaudit: warning: %s was gated with --waivers or --baseline; give them to 'csaudit merge' to gate the merged report\n", r.file)
			break
		}
	}

	// Which input a host's results come from: the last input that
	// audited it, else the last that tried.
	owner := map[string]int{}
	ownerOK := map[string]bool{}
	for i, r := range in {
		for _, s := range r.Sources {
			h := hostOf(s)
			if h == "" {
				continue
			}
			if _, seen := owner[h]; seen && in[owner[h]] != r {
				fmt.Fprintf(e.stderr, "csaudit: note: host %s is in %s and %s; keeping the %s result\n", h, in[owner[h]].file, r.file,
					map[bool]string{true: "audited", false: "later"}[s.OK || !ownerOK[h]])
			}
			if s.OK || !ownerOK[h] {
				owner[h], ownerOK[h] = i, s.OK
			}
		}
	}
	keepHost := func(i int, h string) bool {
		o, ok := owner[h]
		return !ok || o == i
	}

	s := &snapshot.Snapshot{SchemaVersion: snapshot.SchemaVersion, Data: map[snapshot.Dataset]snapshot.Availability{}}
	// Shards: every K of N once.
	shardsN := 0
	shards := map[int]string{}
	var targets, hostNames []string
	seenSrc := map[string]bool{}
	for i, r := range in {
		if s.CollectedAt.IsZero() || r.CollectedAt.Before(s.CollectedAt) {
			s.CollectedAt = r.CollectedAt
		}
		if s.CloudStackVersion == "" {
			s.CloudStackVersion = r.CloudStackVersion
		}
		if names, ok := strings.CutPrefix(r.Target, "hosts "); ok {
			hostNames = append(hostNames, strings.Split(names, ", ")...)
		} else if r.Target != "" && !slices.Contains(targets, r.Target) {
			targets = append(targets, r.Target)
		}
		for _, src := range r.Sources {
			if src.Kind == collectors.ShardSourceKind {
				sh, err := collectors.ParseShard(src.Target)
				if err != nil {
					return nil, usageErr("", "merge: %s: bad shard record %q", r.file, src.Target)
				}
				if shardsN != 0 && sh.N != shardsN {
					return nil, usageErr("merge the shards of one run", "merge: %s is shard %s, another input is of %d shards", r.file, sh, shardsN)
				}
				if f, dup := shards[sh.K]; dup {
					return nil, usageErr("give each shard's report once", "merge: shard %s is in both %s and %s", sh, f, r.file)
				}
				shardsN, shards[sh.K] = sh.N, r.file
				continue
			}
			if h := hostOf(src); h != "" && !keepHost(i, h) {
				continue
			}
			key := src.Kind + "\x00" + src.Target + "\x00" + fmt.Sprint(src.OK) + "\x00" + src.Error
			if seenSrc[key] {
				continue
			}
			seenSrc[key] = true
			s.Sources = append(s.Sources, src)
		}
		for d, a := range r.Data {
			if cur, ok := s.Data[d]; !ok || dataRank[a.Status] > dataRank[cur.Status] {
				s.Data[d] = a
			}
		}
	}
	for k := 1; k <= shardsN; k++ {
		if _, ok := shards[k]; !ok {
			s.Sources = append(s.Sources, snapshot.Source{Kind: collectors.ShardSourceKind, Target: fmt.Sprintf("%d/%d", k, shardsN),
				Error: "shard report missing from the merge: its hosts were not audited", Hint: "merge the reports of all shards 1.." + fmt.Sprint(shardsN)})
		}
	}
	switch {
	case len(targets) > 0 && len(hostNames) > 0:
		s.Target = strings.Join(targets, "; ")
	case len(targets) > 0:
		s.Target = strings.Join(targets, "; ")
	case len(hostNames) > 0:
		s.Target = "hosts " + strings.Join(dedup(hostNames), ", ")
	}

	// Findings by fingerprint; host findings only from the host's owner.
	type kept struct {
		f    checks.Finding
		file string
	}
	byFP := map[string]*kept{}
	var order []string
	hostChecks := map[string]bool{} // checks with a finding on some machine
	evaluated := map[string]bool{}  // checks with a non-skip finding in some input
	seenIn := map[string]map[int]bool{}
	for i, r := range in {
		for _, f := range r.Findings {
			if f.Machine != "" {
				if !keepHost(i, f.Machine) {
					continue
				}
				hostChecks[f.CheckID] = true
			}
			fp := f.Fingerprint
			if fp == "" {
				fp = reports.Fingerprint(f.CheckID, f.Resource)
			}
			if seenIn[fp] == nil {
				seenIn[fp] = map[int]bool{}
			}
			seenIn[fp][i] = true
			if f.Status != checks.Skip {
				evaluated[f.CheckID] = true
			}
			k, ok := byFP[fp]
			if !ok {
				byFP[fp] = &kept{f.Finding, r.file}
				order = append(order, fp)
				continue
			}
			if better, differ := preferFinding(k.f, f.Finding); better {
				if differ {
					fmt.Fprintf(e.stderr, "csaudit: warning: %s %s is %s in %s but %s in %s (did it change between the shard runs?); keeping %s\n",
						f.CheckID, f.Subject, k.f.Status, k.file, f.Status, r.file, f.Status)
				}
				byFP[fp] = &kept{f.Finding, r.file}
			}
		}
	}
	// Cross-host checks compare the management servers of one run. When
	// those servers were audited in different shards no input saw them
	// together: their per-shard verdicts are replaced by one finding
	// that says so (an unsharded run compares them).
	mgmtIn := map[int]bool{}
	for i, r := range in {
		for _, f := range r.Findings {
			if f.Machine != "" && keepHost(i, f.Machine) && (strings.HasPrefix(f.CheckID, "CS-MGMT-") || f.CheckID == "CS-HOST-003") && f.Status != checks.Error {
				mgmtIn[i] = true
			}
		}
	}
	split := len(mgmtIn) > 1
	crossDone := map[string]bool{}
	for _, fp := range order {
		f := byFP[fp].f
		if split && crossHostChecks[f.CheckID] {
			if !crossDone[f.CheckID] {
				crossDone[f.CheckID] = true
				m.findings = append(m.findings, checks.Finding{CheckID: f.CheckID, Title: f.Title, Severity: f.Severity,
					Status: checks.Manual, Resource: checks.GroupRes("management servers across shards"),
					Subject: "management servers across shards", Threat: f.Threat,
					Message: fmt.Sprintf("the management servers were audited in %d different shards, so no shard compared them: run this check without --shard (or over every management server in one shard)", len(mgmtIn))})
			}
			continue
		}
		if f.Machine == "" && f.Status == checks.Skip && hostChecks[f.CheckID] {
			// "no host with this role was probed" in one shard; another
			// shard had one.
			continue
		}
		if f.Machine == "" && f.Status == checks.Skip && evaluated[f.CheckID] && len(seenIn[fp]) < len(in) {
			// A cross-host check (drift between management servers) that
			// had nothing to compare in some shards and was evaluated in
			// another: the shards that had the data speak for it.
			continue
		}
		m.findings = append(m.findings, f)
	}
	m.snap = s
	return m, nil
}

// crossHostChecks compare management servers with each other: a shard
// judges only the servers it audited.
var crossHostChecks = map[string]bool{"CS-DRIFT-002": true, "CS-DRIFT-003": true}

// dataRank orders dataset states: what one input collected, the merge has.
var dataRank = map[snapshot.DataStatus]int{snapshot.NotCollected: 0, snapshot.Failed: 1, snapshot.Absent: 2, snapshot.Collected: 3}

// preferFinding reports whether b replaces a (same fingerprint), and
// whether both were evaluated and disagree: an evaluated result beats an
// error (the source failed in one shard only); of two evaluations the
// worse status wins.
func preferFinding(a, b checks.Finding) (better, differ bool) {
	if a.Status == b.Status {
		return false, false
	}
	if a.Status == checks.Error {
		return true, false
	}
	if b.Status == checks.Error {
		return false, false
	}
	return statusWorse(b.Status, a.Status), true
}

var mergeRank = map[checks.Status]int{checks.Fail: 0, checks.Manual: 1, checks.Pass: 2, checks.Skip: 3}

func statusWorse(a, b checks.Status) bool { return mergeRank[a] < mergeRank[b] }

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	sort.Strings(c)
	return c
}

func dedup(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
