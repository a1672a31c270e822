package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/collectors/probe"
	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
	"github.com/csaudit/csaudit/reports"
)

// Faults through the whole CLI: hosts that hang after login, print escape
// sequences or too much, and a database that never answers, beside a
// healthy host and a healthy database. The run ends within its deadline
// with exit 3, names every failed source on stderr, audits the healthy
// ones, and no format carries a raw control byte.
// (The full matrices are in collectors/sshhost/faults_test.go and
// collectors/mysqldb/faults_test.go.)
func TestFaultsThroughCLI(t *testing.T) {
	needSSHD(t)
	db := needDB(t, "modern", "hardened")
	var faults []*sshtest.FaultServer
	kh, err := os.ReadFile(sshd.KnownHosts)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"--db", srv.DSN(db), "--ssh", "root@" + sshd.Addr}
	for _, m := range []sshtest.FaultMode{"exec-hang", "slow-drip", "hostile-stderr", "garbage", "oversized"} {
		fs, err := sshtest.StartFault(m, probe.MaxOutput)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(fs.Close)
		faults = append(faults, fs)
		kh = append(kh, []byte(fs.KnownHostsLine()+"\n")...)
		args = append(args, "--ssh", "root@"+fs.Addr)
	}
	khFile := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(khFile, kh, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var names []string
	for _, f := range reports.Formats {
		names = append(names, f.Name)
	}
	args = append(args, "--root", tree(t, "mgmt-hardened"), "--known-hosts", khFile, "--ssh-key", sshd.ClientKey, "--no-progress",
		"--timeout", "1s", "--output-dir", dir, "--format", strings.Join(names, ","))
	start := time.Now()
	code, _, stderr := runCLI(t, map[string]string{"CSAUDIT_DB_PASSWORD": "csaudit-test-pw"}, args...)
	took := time.Since(start)
	if code != 3 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	// 4 x --timeout for the probe, plus slack for the healthy audit.
	if took > 15*time.Second {
		t.Errorf("the run took %s: a fault held it past its deadline", took)
	}
	for _, fs := range faults {
		if !strings.Contains(stderr, fs.Addr) {
			t.Errorf("stderr does not name the failed host %s:\n%s", fs.Addr, stderr)
		}
	}
	if bad := rawControl(stderr); bad != "" {
		t.Errorf("stderr: raw control near %s", bad)
	}
	b, err := os.ReadFile(filepath.Join(dir, "csaudit.json"))
	if err != nil {
		t.Fatal(err)
	}
	r := decode(t, string(b))
	okSources := 0
	for _, s := range r.Sources {
		if s.OK {
			okSources++
		}
	}
	if okSources != 2 || len(r.Sources) != 2+len(faults) {
		t.Errorf("want the database and the healthy host audited, %d failed: %+v", len(faults), r.Sources)
	}
	if len(r.ids("pass")) == 0 || len(hostIDs(r, "pass")) == 0 {
		t.Errorf("healthy sources not evaluated: db %v host %v", r.ids("pass"), hostIDs(r, "pass"))
	}
	for _, f := range reports.Formats {
		b, err := os.ReadFile(filepath.Join(dir, reports.FileName(f.Name)))
		if err != nil {
			t.Fatal(err)
		}
		if bad := rawControl(string(b)); bad != "" {
			t.Errorf("%s: raw control near %s", f.Name, bad)
		}
	}
}

// A database that accepts and never speaks, beside a healthy host: the
// database source fails within --timeout, the host is audited, exit 3.
func TestDatabaseHangsHostAudited(t *testing.T) {
	needSSHD(t)
	addr, _ := silentListener(t)
	start := time.Now()
	code, out, stderr := runCLI(t, nil, append([]string{"--db", "csaudit@tcp(" + addr + ")/cloud", "--timeout", "1s", "-f", "json"},
		sshArgs(tree(t, "kvm-weak"))...)...)
	if code != 3 || time.Since(start) > 10*time.Second || !strings.Contains(stderr, addr) {
		t.Fatalf("exit %d after %s\n%s", code, time.Since(start), stderr)
	}
	r := decode(t, out)
	if len(hostIDs(r, "fail")) == 0 {
		t.Errorf("the host was not audited: %+v", r.Sources)
	}
}
