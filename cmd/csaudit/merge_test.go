package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors"
	"github.com/csaudit/csaudit/collectors/local"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
	"github.com/csaudit/csaudit/reports"
	"github.com/csaudit/csaudit/reports/reportstest"
)

// saveSnap writes s for --snapshot.
func saveSnap(t *testing.T, s *snapshot.Snapshot, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := writeFile(p, s.Save); err != nil {
		t.Fatal(err)
	}
	return p
}

// A region with a database and management servers and KVM hosts of both
// kinds, audited whole and in shards: database findings are in every shard
// and kept once, role checks that one shard could not apply give way to
// the shard that could, and the merged report equals the full one.
func TestMergeEqualsFullRunWithDatabaseAndRoles(t *testing.T) {
	if ok, why := sshtest.Available(); !ok {
		t.Skip(why) // the fixture trees need root (chown)
	}
	var machines []snapshot.HostPart
	for i, tree := range []string{"mgmt-hardened", "mgmt-weak", "kvm-hardened", "kvm-weak", "kvm-weak"} {
		root, err := sshtest.Tree(tree)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(root) })
		p := local.Collect(context.Background(), root, 0)
		p.Machine.Name = []string{"10.0.0.11", "10.0.0.12", "10.1.0.21", "10.1.0.22", "10.1.0.23"}[i]
		p.Machine.Via, p.Machine.Root = "ssh", "/"
		p.Source = p.Machine.SourceRecord("root@"+p.Machine.Name+":22", 0)
		machines = append(machines, p)
	}
	base := func() *snapshot.Snapshot {
		var s *snapshot.Snapshot
		path := writeSnap(t, nil)
		s, err := snapshot.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		s.SetData(snapshot.DataMachines, snapshot.Collected, "")
		return s
	}
	full := base()
	for _, m := range machines {
		full.Machines = append(full.Machines, m.Machine)
		full.Sources = append(full.Sources, m.Source)
	}
	// The cross-host drift checks compare management servers that may sit
	// in different shards; TestMergeCrossShardDrift covers them.
	noDrift := []string{"-f", "json", "--fail-on", "medium", "--skip", "CS-DRIFT-002,CS-DRIFT-003"}
	code, want, stderr := runCLI(t, nil, append([]string{"--snapshot", saveSnap(t, full, "full.json")}, noDrift...)...)
	if !strings.Contains(want, `"status": "fail"`) || !strings.Contains(want, "10.1.0.22") {
		t.Fatalf("full run found nothing to compare (exit %d): %s", code, stderr)
	}
	for _, n := range []int{2, 3, 5} {
		var files []string
		for k := 1; k <= n; k++ {
			s := base()
			sh := collectors.Shard{K: k, N: n}
			kept := 0
			for _, m := range machines {
				if collectors.Of(m.Name+":22", n) == k {
					s.Machines = append(s.Machines, m.Machine)
					s.Sources = append(s.Sources, m.Source)
					kept++
				}
			}
			s.Sources = append(s.Sources, sh.Source(kept, len(machines)))
			_, out, _ := runCLI(t, nil, append([]string{"--snapshot", saveSnap(t, s, "s.json")}, noDrift...)...)
			p := filepath.Join(t.TempDir(), "shard.json")
			if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
		c, got, stderr := runCLI(t, nil, append([]string{"merge"}, files...)...)
		if c != code {
			t.Errorf("%d shards: merge exit %d, full %d\n%s", n, c, code, stderr)
		}
		reportstest.Report(t, []byte(got))
		if g, w := normalize(t, []byte(got)), normalize(t, []byte(want)); g != w {
			t.Errorf("merge of %d shards differs from the full run:\n--- merged\n%s\n--- full\n%s", n, g, w)
		}
	}
}

// Drift between management servers audited in different shards cannot
// be judged from the shard reports: merge says so once per check instead
// of passing on what no shard compared.
func TestMergeCrossShardDrift(t *testing.T) {
	mk := func(in []mergeInput) []*mergeInput {
		out := make([]*mergeInput, len(in))
		for i := range in {
			out[i] = &in[i]
		}
		return out
	}
	sel := reports.Selection{Checks: []string{"CS-DRIFT-002", "CS-HOST-003"}, FailOn: "medium"}
	shard := func(file, machine string, drift checks.Status) mergeInput {
		return mergeInput{file: file, Selection: sel, Findings: []mergeFinding{
			{Finding: checks.Finding{CheckID: "CS-HOST-003", Status: checks.Pass, Machine: machine, Resource: checks.FileRes("/etc/cloudstack/management/db.properties")}},
			{Finding: checks.Finding{CheckID: "CS-DRIFT-002", Status: drift, Resource: checks.GroupRes("x")}},
		}}
	}
	var stderr bytes.Buffer
	m, err := mergeReports(mk([]mergeInput{shard("a.json", "m1", checks.Manual), shard("b.json", "m2", checks.Manual)}), "", false, env{stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	var drift []checks.Finding
	for _, f := range m.findings {
		if f.CheckID == "CS-DRIFT-002" {
			drift = append(drift, f)
		}
	}
	if len(drift) != 1 || drift[0].Status != checks.Manual || !strings.Contains(drift[0].Message, "2 different shards") {
		t.Fatalf("cross-shard drift: %+v", drift)
	}
	// Both servers in one shard: that shard's verdict stands.
	m, err = mergeReports(mk([]mergeInput{shard("a.json", "m1", checks.Fail), {file: "b.json", Selection: sel}}), "", false, env{stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.findings {
		if f.CheckID == "CS-DRIFT-002" && f.Status != checks.Fail {
			t.Errorf("one-shard drift verdict replaced: %+v", f)
		}
	}
}

// A host audited twice (a first run where it failed, a re-run) is taken
// from the run that audited it, whichever order the reports come in.
func TestMergeKeepsTheAuditedCopyOfAHost(t *testing.T) {
	ok := writeSnap(t, func(s *snapshot.Snapshot) {
		s.SetData(snapshot.DataMachines, snapshot.Collected, "")
		m := snapshot.Machine{Name: "10.0.0.5", Via: "ssh", Root: "/", ListenersRead: true}
		s.Machines = []snapshot.Machine{m}
		s.Sources = append(s.Sources, m.SourceRecord("root@10.0.0.5:22", 0))
	})
	failed := writeSnap(t, func(s *snapshot.Snapshot) {
		s.SetData(snapshot.DataMachines, snapshot.Collected, "")
		m := snapshot.Machine{Name: "10.0.0.5", Via: "ssh", Root: "/", Error: "connecting to root@10.0.0.5:22: timeout"}
		src := m.SourceRecord("root@10.0.0.5:22", 0)
		m.Source = src.Label()
		s.Machines = []snapshot.Machine{m}
		s.Sources = append(s.Sources, src)
	})
	dir := t.TempDir()
	var files []string
	for i, snap := range []string{failed, ok} {
		_, out, _ := runCLI(t, nil, "--snapshot", snap, "-f", "json", "--fail-on", "none")
		p := filepath.Join(dir, string(rune('a'+i))+".json")
		os.WriteFile(p, []byte(out), 0o644)
		files = append(files, p)
	}
	for _, order := range [][]string{{files[0], files[1]}, {files[1], files[0]}} {
		checkAuditedCopy(t, order)
	}
}

func checkAuditedCopy(t *testing.T, files []string) {
	t.Helper()
	c, out, stderr := runCLI(t, nil, "merge", files[0], files[1])
	var r jsonReport
	reportstest.Decode(t, []byte(out), &r)
	for _, s := range r.Sources {
		if !s.OK {
			t.Errorf("merged report keeps the failed attempt: %+v\n%s", s, stderr)
		}
	}
	for _, f := range r.Findings {
		if f.Status == "error" {
			t.Errorf("merged report keeps an error of the failed attempt: %s %s", f.CheckID, f.Message)
		}
	}
	if c == 3 {
		t.Errorf("merge exit 3 though the host was audited in the second run")
	}
}
