package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestPackageVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2.3": "1.2.3", "v1.2.3-4-gabcdef0": "1.2.3+git.4.gabcdef0", "abcdef0": "0.0.0+git.abcdef0", "abcdef0-dirty": "0.0.0+git.abcdef0.dirty",
	} {
		if got := packageVersion(in); got != want {
			t.Errorf("packageVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

// The .deb installs with dpkg, the installed csaudit runs, and it is
// removed again. It changes the machine, so it runs only where asked
// (CSAUDIT_TEST_DIST=1, as 'make test' and 'make dist-test' set) and as
// root with dpkg.
func TestDebInstalls(t *testing.T) {
	if os.Getenv("CSAUDIT_TEST_DIST") != "1" {
		t.Skip("set CSAUDIT_TEST_DIST=1 to build and install the .deb (make dist-test)")
	}
	if os.Geteuid() != 0 {
		t.Skip("installing a .deb needs root")
	}
	if _, err := exec.LookPath("dpkg"); err != nil {
		t.Skip("no dpkg")
	}
	if _, err := os.Stat("/usr/bin/csaudit"); err == nil {
		t.Skip("/usr/bin/csaudit already exists; not touching it")
	}
	out := t.TempDir()
	if err := run(out, []string{"amd64"}, "v9.9.9-test"); err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile(filepath.Join(out, "SHA256SUMS"))
	if err != nil || strings.Count(string(sums), "\n") != 4 {
		t.Fatalf("SHA256SUMS: %v\n%s", err, sums)
	}
	sum := exec.Command("sha256sum", "-c", "SHA256SUMS")
	sum.Dir = out
	if o, err := sum.CombinedOutput(); err != nil {
		t.Fatalf("checksums: %v %s", err, o)
	}
	debs, _ := filepath.Glob(filepath.Join(out, "*.deb"))
	rpms, _ := filepath.Glob(filepath.Join(out, "*.rpm"))
	if len(debs) != 1 || len(rpms) != 1 {
		t.Fatalf("packages: %v %v", debs, rpms)
	}
	if o, err := exec.Command("dpkg", "-i", debs[0]).CombinedOutput(); err != nil {
		t.Fatalf("dpkg -i: %v\n%s", err, o)
	}
	defer func() {
		if o, err := exec.Command("dpkg", "-r", "csaudit").CombinedOutput(); err != nil {
			t.Errorf("dpkg -r: %v\n%s", err, o)
		}
		if _, err := os.Stat("/usr/bin/csaudit"); err == nil {
			t.Error("/usr/bin/csaudit left behind after dpkg -r")
		}
	}()
	v, err := exec.Command("/usr/bin/csaudit", "--version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(v), "csaudit v9.9.9-test (") {
		t.Errorf("csaudit --version: %v %s", err, v)
	}
	c, err := exec.Command("/usr/bin/csaudit", "checks").CombinedOutput()
	if err != nil || !strings.Contains(string(c), "CS-API-001") {
		t.Errorf("csaudit checks: %v %s", err, c)
	}
	if _, err := os.Stat("/usr/share/man/man1/csaudit.1.gz"); err != nil {
		t.Errorf("man page not installed: %v", err)
	}
	if o, err := exec.Command("dpkg-deb", "-f", debs[0], "Version").Output(); err != nil || strings.TrimSpace(string(o)) != "9.9.9+git.test" {
		t.Errorf("deb version %q %v", o, err)
	}
}
