package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
	"github.com/csaudit/csaudit/reports/reportstest"
)

// fleet starts n loopback sshd endpoints for the test.
func fleet(t *testing.T, n int) *sshtest.Fleet {
	t.Helper()
	needSSHD(t)
	f, err := sshtest.StartFleet(n)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Stop)
	return f
}

func fleetArgs(f *sshtest.Fleet, extra ...string) []string {
	return append([]string{"--ssh-hosts", f.HostsFile, "--ssh-key", f.ClientKey, "--known-hosts", f.KnownHosts, "--fail-on", "none", "-f", "json"}, extra...)
}

// normalize makes a JSON report comparable across runs: durations, the
// order of sources and of the host names in the target are run-dependent.
func normalize(t *testing.T, data []byte) string {
	t.Helper()
	var r map[string]any
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	srcs, _ := r["sources"].([]any)
	for _, s := range srcs {
		delete(s.(map[string]any), "duration_ms")
	}
	sort.Slice(srcs, func(i, j int) bool {
		a, b := srcs[i].(map[string]any), srcs[j].(map[string]any)
		return a["kind"].(string)+" "+a["target"].(string) < b["kind"].(string)+" "+b["target"].(string)
	})
	if tg, ok := strings.CutPrefix(r["target"].(string), "hosts "); ok {
		names := strings.Split(tg, ", ")
		slices.Sort(names)
		r["target"] = "hosts " + strings.Join(names, ", ")
	}
	out, _ := json.MarshalIndent(r, "", " ")
	return string(out)
}

// Two (and three) shard reports merge into one report equal to a single
// full run: same findings, summary, exit code and sources.
func TestShardMergeEqualsFullRun(t *testing.T) {
	f := fleet(t, 7)
	code, full, stderr := runCLI(t, nil, fleetArgs(f, "--quiet")...)
	if code != 3 && code != 0 {
		t.Fatalf("full run: exit %d\n%s", code, stderr)
	}
	want := normalize(t, []byte(full))
	for _, n := range []int{2, 3} {
		dir := t.TempDir()
		var files []string
		audited := map[string]int{}
		for k := 1; k <= n; k++ {
			p := filepath.Join(dir, "shard"+string(rune('0'+k))+".json")
			c, _, stderr := runCLI(t, nil, fleetArgs(f, "--no-progress", "--shard", string(rune('0'+k))+"/"+string(rune('0'+n)), "-o", p)...)
			// A shard may hold no host at all (the hash spreads 7 hosts
			// over n shards differently for every fleet port): its exit
			// code is its own; the merged report's must equal the full run's.
			if c != 0 && c != 3 {
				fd, _ := os.ReadFile(p)
				t.Fatalf("shard %d/%d: exit %d, full run %d\n%s\nFULL:%s\nSHARD:%s", k, n, c, code, stderr, summaryOf(full), summaryOf(string(fd)))
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			reportstest.Report(t, data)
			var r jsonReport
			reportstest.Decode(t, data, &r)
			for _, s := range r.Sources {
				if s.Kind == "ssh" {
					audited[s.Target]++
				}
			}
			files = append(files, p)
		}
		if len(audited) != len(f.Addrs) {
			t.Fatalf("%d shards audited %d distinct hosts, want %d: %v", n, len(audited), len(f.Addrs), audited)
		}
		for h, c := range audited {
			if c != 1 {
				t.Errorf("%d shards: host %s audited %d times", n, h, c)
			}
		}
		c, merged, stderr := runCLI(t, nil, append([]string{"merge"}, files...)...)
		if c != code {
			t.Fatalf("merge of %d shards: exit %d, full run %d\n%s", n, c, code, stderr)
		}
		if got := normalize(t, []byte(merged)); got != want {
			t.Errorf("merge of %d shards differs from the full run:\n--- merged\n%s\n--- full\n%s", n, got, want)
		}
		// Reversed input order gives the same report.
		rev := slices.Clone(files)
		slices.Reverse(rev)
		if _, merged2, _ := runCLI(t, nil, append([]string{"merge"}, rev...)...); normalize(t, []byte(merged2)) != want {
			t.Errorf("merge of %d shards in reverse order differs from the full run", n)
		}
	}
}

func TestMergeMissingAndDuplicateShards(t *testing.T) {
	f := fleet(t, 3)
	dir := t.TempDir()
	one := filepath.Join(dir, "1.json")
	if c, _, stderr := runCLI(t, nil, fleetArgs(f, "--quiet", "--shard", "1/2", "-o", one)...); c != 0 && c != 3 {
		t.Fatalf("exit %d\n%s", c, stderr)
	}
	c, out, _ := runCLI(t, nil, "merge", one)
	if c != 3 {
		t.Errorf("merge with shard 2/2 missing: exit %d, want 3", c)
	}
	var r jsonReport
	reportstest.Decode(t, []byte(out), &r)
	found := false
	for _, s := range r.Sources {
		if s.Kind == "shard" && s.Target == "2/2" && !s.OK && strings.Contains(s.Error, "missing") {
			found = true
		}
	}
	if !found {
		t.Errorf("merged report does not list shard 2/2 as missing: %+v", r.Sources)
	}
	if c, _, stderr := runCLI(t, nil, "merge", one, one); c != 2 || !strings.Contains(stderr, "shard 1/2 is in both") {
		t.Errorf("merge of one shard twice: exit %d, want 2\n%s", c, stderr)
	}
	if c, _, stderr := runCLI(t, nil, "merge", "--min-severity", "bogus", one); c != 2 {
		t.Errorf("bad --min-severity: exit %d\n%s", c, stderr)
	}
}

// Ctrl-C: the partial report is written, marked incomplete (exit 3), and
// lists every host not audited as a failed source.
func TestInterruptedAuditReportsHostsNotAudited(t *testing.T) {
	f := fleet(t, 4)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := run(ctx, fleetArgs(f), env{stdout: &out, stderr: &errb, now: func() time.Time { return fixedNow }, getenv: func(string) string { return "" }})
	if code != 3 {
		t.Fatalf("interrupted audit: exit %d, want 3\n%s", code, errb.String())
	}
	reportstest.Report(t, out.Bytes())
	var r jsonReport
	reportstest.Decode(t, out.Bytes(), &r)
	notAudited, marked := 0, false
	for _, s := range r.Sources {
		switch {
		case s.Kind == "ssh" && !s.OK && s.Error == "not audited: interrupted":
			notAudited++
		case s.Kind == "csaudit" && strings.Contains(s.Error, "interrupted"):
			marked = true
		}
	}
	if notAudited != len(f.Addrs) || !marked || r.Summary.Complete {
		t.Errorf("interrupted report: %d hosts not audited (want %d), marked %v, complete %v", notAudited, len(f.Addrs), marked, r.Summary.Complete)
	}
}

// Progress on a non-terminal is one plain line per host, then the summary.
func TestProgressLinesAndSummary(t *testing.T) {
	f := fleet(t, 3)
	_, _, stderr := runCLI(t, nil, fleetArgs(f)...)
	if n := strings.Count(stderr, "csaudit: host "); n != 3 {
		t.Errorf("%d progress lines, want 3:\n%s", n, stderr)
	}
	if !strings.Contains(stderr, "csaudit: summary: ssh: 3 hosts") || !strings.Contains(stderr, "3 audited") || !strings.Contains(stderr, "slowest hosts:") {
		t.Errorf("no host summary:\n%s", stderr)
	}
	if _, _, stderr := runCLI(t, nil, fleetArgs(f, "--quiet")...); strings.Contains(stderr, "csaudit: host") || strings.Contains(stderr, "summary") {
		t.Errorf("--quiet printed progress:\n%s", stderr)
	}
}

func summaryOf(r string) string {
	var m map[string]any
	_ = json.Unmarshal([]byte(r), &m)
	var errs []any
	for _, f := range m["findings"].([]any) {
		if f.(map[string]any)["status"] == "error" {
			errs = append(errs, f)
		}
	}
	b, _ := json.Marshal(map[string]any{"summary": m["summary"], "errors": errs})
	return string(b)
}
