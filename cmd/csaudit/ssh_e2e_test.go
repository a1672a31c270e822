package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/mysqldb/mysqltest"
	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
)

func needSSHD(t *testing.T) {
	t.Helper()
	if sshd == nil {
		_, why := sshtest.Available()
		t.Skip("no sshd: " + why)
	}
}

func tree(t *testing.T, name string) string {
	t.Helper()
	root, err := sshtest.Tree(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	return root
}

func sshArgs(root string, extra ...string) []string {
	return append([]string{"--ssh", "root@" + sshd.Addr, "--root", root, "--known-hosts", sshd.KnownHosts, "--ssh-key", sshd.ClientKey, "--no-progress"}, extra...)
}

func hostIDs(r jsonReport, status string) []string {
	var out []string
	for _, f := range r.Findings {
		if isHostCheck(f.CheckID) && f.Status == status && !slices.Contains(out, f.CheckID) {
			out = append(out, f.CheckID)
		}
	}
	slices.Sort(out)
	return out
}

func decode(t *testing.T, out string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return r
}

// treeSecrets lists secret values planted in a host tree (from its files).
func treeSecrets(t *testing.T, name string) []string {
	t.Helper()
	var out []string
	for _, p := range []string{"etc/cloudstack/management/key", "etc/cloudstack/management/db.properties", "etc/cloudstack/management/server.properties", "etc/default/cloudstack-management", "etc/cloudstack/agent/agent.properties"} {
		b, err := os.ReadFile(filepath.Join(sshtest.HostsDir(), name, p))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			k, v, ok := strings.Cut(line, "=")
			if !ok || strings.HasPrefix(strings.TrimSpace(k), "#") {
				if !ok && len(strings.TrimSpace(line)) >= 12 && p == "etc/cloudstack/management/key" {
					out = append(out, strings.TrimSpace(line))
				}
				continue
			}
			lk := strings.ToLower(k)
			if (strings.Contains(lk, "pass") || strings.Contains(lk, "secret")) && len(v) >= 6 && v != "vmops.com" && v != "password" {
				out = append(out, strings.Trim(v, `"'`))
			}
		}
	}
	return out
}

// An unhardened management server and KVM host reached over a real sshd
// are flagged on every planted weakness; the hardened ones come out clean;
// --local gives the same result; no secret reaches any output.
func TestHostAuditEndToEnd(t *testing.T) {
	needSSHD(t)
	cases := []struct {
		tree, fail string
		exit       int
	}{
		{"mgmt-weak", "CS-HOST-001 CS-HOST-003 CS-HOST-004 CS-HOST-005 CS-HOST-006 CS-HOST-007 CS-HOST-008 CS-HOST-014 CS-HOST-015 CS-HOST-017 CS-HOST-018 CS-HOST-020 CS-HOST-021 CS-KVM-001 CS-KVM-002 CS-MGMT-001 CS-MGMT-002 CS-MGMT-006 CS-MGMT-007 CS-MGMT-008", 1},
		{"mgmt-hardened", "", 0},
		{"kvm-weak", "CS-HOST-001 CS-HOST-009 CS-HOST-010 CS-HOST-012 CS-HOST-020 CS-KVM-001 CS-KVM-002 CS-KVM-003 CS-KVM-008 CS-KVM-009", 1},
		{"kvm-hardened", "", 0},
	}
	for _, c := range cases {
		t.Run(c.tree, func(t *testing.T) {
			root := tree(t, c.tree)
			code, out, stderr := runCLI(t, nil, sshArgs(root, "-f", "json")...)
			if code != c.exit {
				t.Fatalf("exit %d, want %d\n%s", code, c.exit, stderr)
			}
			r := decode(t, out)
			if got := hostIDs(r, "fail"); !slices.Equal(got, ids(c.fail)) {
				t.Errorf("failing host checks\n got  %v\n want %v", got, ids(c.fail))
			}
			if e := hostIDs(r, "error"); len(e) > 0 {
				t.Errorf("errors: %v", e)
			}
			for _, f := range r.Findings {
				if strings.HasPrefix(f.CheckID, "CS-HOST-") && f.Status == "fail" && f.Machine != "127.0.0.1" {
					t.Errorf("host finding without machine: %+v", f)
				}
			}
			// --local on the same tree: same findings, same exit.
			lcode, lout, _ := runCLI(t, nil, "--local", "--root", root, "-f", "json")
			lr := decode(t, lout)
			if lcode != code || !slices.Equal(hostIDs(lr, "fail"), hostIDs(r, "fail")) || !slices.Equal(hostIDs(lr, "pass"), hostIDs(r, "pass")) {
				t.Errorf("--local differs: exit %d vs %d, %v vs %v", lcode, code, hostIDs(lr, "fail"), hostIDs(r, "fail"))
			}
			_, table, _ := runCLI(t, nil, sshArgs(root, "--verbose")...)
			for _, sec := range treeSecrets(t, c.tree) {
				for what, text := range map[string]string{"json": out, "table": table, "stderr": stderr, "local": lout} {
					if strings.Contains(text, sec) {
						t.Errorf("%s output contains a secret value from %s (%d chars)", what, c.tree, len(sec))
					}
				}
			}
		})
	}
}

// A host whose key does not match is refused (exit 3) while the other host
// is still audited.
func TestHostKeyMismatchExit3(t *testing.T) {
	needSSHD(t)
	good, _ := os.ReadFile(sshd.KnownHosts)
	wrong, _ := os.ReadFile(sshd.WrongKnownHosts)
	kh := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(kh, append(good, []byte(strings.Replace(string(wrong), "[127.0.0.1]", "[localhost]", 1))...), 0o600)
	root := tree(t, "kvm-weak")
	code, out, stderr := runCLI(t, nil, "--ssh", "root@"+sshd.Addr, "--ssh", fmt.Sprintf("root@localhost:%d", sshd.Port),
		"--root", root, "--known-hosts", kh, "--ssh-key", sshd.ClientKey, "--no-progress", "-f", "json")
	if code != 3 || !strings.Contains(stderr, "HOST KEY MISMATCH") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	r := decode(t, out)
	if !slices.Contains(hostIDs(r, "fail"), "CS-HOST-009") {
		t.Errorf("the matching host was not audited: %v", hostIDs(r, "fail"))
	}
	if r.Summary.Complete || len(r.Sources) != 2 || r.Sources[1].OK {
		t.Errorf("sources %+v", r.Sources)
	}
}

func TestHostFlagsValidated(t *testing.T) {
	cases := map[string][]string{
		"bad root":          {"--local", "--root", "relative/path"},
		"root with ..":      {"--local", "--root", "/mnt/../etc"},
		"spliced host":      {"--ssh", "host;id", "--known-hosts", "/dev/null"},
		"bad user":          {"--ssh", "ro ot@host", "--known-hosts", "/dev/null"},
		"no known_hosts":    {"--ssh", "host", "--known-hosts", "/nonexistent/known_hosts"},
		"discover needs db": {"--ssh-discover"},
		"db and props":      {"--db", "u@tcp(h:3306)/cloud", "--db-properties", "/etc/x"},
		"parallel":          {"--local", "--parallel", "0"},
	}
	for name, args := range cases {
		if code, _, stderr := runCLI(t, map[string]string{"HOME": t.TempDir()}, args...); code != 2 || !strings.Contains(stderr, "csaudit: error:") {
			t.Errorf("%s: exit %d %s", name, code, stderr)
		}
	}
}

// --db-properties ssh://: the database coordinates come from the management
// server's db.properties (ENC values decrypted in memory with its key), the
// MySQL connection runs through that SSH connection, and with the database
// key the encrypted Root CA and HAProxy settings can be judged.
func TestDBPropertiesOverSSH(t *testing.T) {
	needSSHD(t)
	db := needDB(t, "modern", "hardened")
	root := tree(t, "mgmt-hardened")
	keyB, err := os.ReadFile(filepath.Join(root, "etc/cloudstack/management/key"))
	if err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(string(keyB))
	props := fmt.Sprintf("db.cloud.username=%s\ndb.cloud.password=ENC(%s)\ndb.cloud.host=127.0.0.1\ndb.cloud.port=%d\ndb.cloud.name=%s\ndb.cloud.encryption.type=file\ndb.cloud.encrypt.secret=ENC(%s)\n",
		mysqltest.User, secrets.EncryptV2ForTest(mysqltest.Password, key), srv.Port, db, secrets.EncryptV2ForTest("csaudit-fixture-dbkey-7Qm2", key))
	if err := os.WriteFile(filepath.Join(root, "etc/cloudstack/management/db.properties"), []byte(props), 0o640); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, nil, "--db-properties", "ssh://root@"+sshd.Addr, "--root", root,
		"--known-hosts", sshd.KnownHosts, "--ssh-key", sshd.ClientKey, "-f", "json", "--checks", "CS-PKI,CS-CRYPT,CS-API-001")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stderr, out)
	}
	r := decode(t, out)
	if r.CloudStackVersion != "4.22.1.1" || !strings.Contains(r.Target, "127.0.0.1") {
		t.Errorf("target %q version %q", r.Target, r.CloudStackVersion)
	}
	// With the database key nothing is left for a person to check.
	if m := r.ids("manual"); len(m) > 0 {
		t.Errorf("manual findings remain with the database key: %v", m)
	}
	for _, s := range []string{mysqltest.Password, key, "csaudit-fixture-dbkey-7Qm2"} {
		if strings.Contains(out+stderr, s) {
			t.Errorf("output contains a decrypted secret (%d chars)", len(s))
		}
	}
}

// --db-properties FILE on the management server itself: no password typed.
func TestDBPropertiesFile(t *testing.T) {
	db := needDB(t, "v4", "weak")
	dir := t.TempDir()
	const key = "local-mgmt-key-0123456789abcdef"
	props := fmt.Sprintf("db.cloud.username=%s\ndb.cloud.password=ENC(%s)\ndb.cloud.host=127.0.0.1\ndb.cloud.port=%d\ndb.cloud.name=%s\ndb.cloud.encryption.type=file\n",
		mysqltest.User, secrets.EncryptV2ForTest(mysqltest.Password, key), srv.Port, db)
	os.WriteFile(filepath.Join(dir, "db.properties"), []byte(props), 0o600)
	os.WriteFile(filepath.Join(dir, "key"), []byte(key+"\n"), 0o600)
	code, out, stderr := runCLI(t, nil, "--db-properties", filepath.Join(dir, "db.properties"), "-f", "json", "--checks", "CS-API-001")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := decode(t, out)
	if r.CloudStackVersion != "4.16.1.0" || strings.Contains(out, key) || strings.Contains(out, mysqltest.Password) {
		t.Fatalf("version %q or a secret leaked", r.CloudStackVersion)
	}
	// A wrong key is a failed source (exit 3) that names the problem, not a crash.
	os.WriteFile(filepath.Join(dir, "key"), []byte("wrong-key\n"), 0o600)
	code, _, stderr = runCLI(t, nil, "--db-properties", filepath.Join(dir, "db.properties"), "--checks", "CS-API-001")
	if code != 3 || !strings.Contains(stderr, "db.cloud.password") || strings.Contains(stderr, key) {
		t.Fatalf("wrong key: exit %d %s", code, stderr)
	}
}

// --ssh-discover: the database names the hosts (a management server and a
// KVM host at 127.0.0.1 here); csaudit probes them over SSH, matching
// known_hosts by address, and audits database and hosts together.
func TestDiscoverEndToEnd(t *testing.T) {
	needSSHD(t)
	db := needDB(t, "modern", "weak")
	disc := db + "_disc"
	if err := srv.Load(disc, mysqltest.Fixture("modern", "weak")...); err != nil {
		t.Fatal(err)
	}
	if err := srv.Exec(disc, "UPDATE mshost SET service_ip = '127.0.0.1' WHERE removed IS NULL; UPDATE host SET private_ip_address = '127.0.0.1' WHERE type = 'Routing' AND removed IS NULL AND hypervisor_type = 'KVM'"); err != nil {
		t.Fatal(err)
	}
	root := tree(t, "kvm-weak")
	code, out, stderr := runCLI(t, map[string]string{"CSAUDIT_DB_PASSWORD": mysqltest.Password},
		"--db", srv.DSN(disc), "--ssh-discover", "--ssh-port", fmt.Sprint(sshd.Port), "--root", root,
		"--known-hosts", sshd.KnownHosts, "--ssh-key", sshd.ClientKey, "-f", "json")
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "csaudit: host 1/1 root@127.0.0.1:") {
		t.Errorf("no progress line: %s", stderr)
	}
	r := decode(t, out)
	if len(r.Sources) != 2 || r.Sources[1].Kind != "ssh" || !r.Sources[1].OK {
		t.Fatalf("sources %+v", r.Sources)
	}
	if !slices.Contains(hostIDs(r, "fail"), "CS-HOST-009") || !slices.Contains(r.ids("fail"), "CS-API-001") {
		t.Errorf("database and host findings expected together: %v %v", hostIDs(r, "fail"), r.ids("fail"))
	}
}

// isHostCheck: the checks judged from probed machines.
func isHostCheck(id string) bool {
	return strings.HasPrefix(id, "CS-HOST-") || strings.HasPrefix(id, "CS-KVM-") || strings.HasPrefix(id, "CS-MGMT-")
}
