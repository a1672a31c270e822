package probe

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// image is a throw-away tree for the jail tests.
type image struct {
	t    *testing.T
	root string
}

func newImage(t *testing.T) *image {
	t.Helper()
	return &image{t: t, root: t.TempDir()}
}

func (im *image) full(p string) string { return filepath.Join(im.root, filepath.FromSlash(p)) }

func (im *image) mkdir(p string) {
	if err := os.MkdirAll(im.full(p), 0o755); err != nil {
		im.t.Fatal(err)
	}
}

func (im *image) write(p, content string, mode os.FileMode) {
	im.mkdir(filepath.Dir(p))
	if err := os.WriteFile(im.full(p), []byte(content), mode); err != nil {
		im.t.Fatal(err)
	}
	if err := os.Chmod(im.full(p), mode); err != nil {
		im.t.Fatal(err)
	}
}

func (im *image) link(p, target string) {
	im.mkdir(filepath.Dir(p))
	if err := os.Symlink(target, im.full(p)); err != nil {
		im.t.Fatal(err)
	}
}

// probe runs the real script over the tree (with a timeout: a FIFO read by
// mistake would block forever) and reduces it.
func (im *image) probe() (snapshot.Machine, string) {
	im.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-s", "--", im.root, ModeAudit)
	cmd.Stdin = strings.NewReader(Script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		im.t.Fatalf("probe: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		im.t.Errorf("probe wrote to stderr: %s", stderr.String())
	}
	out, err := Parse(stdout.Bytes())
	if err != nil {
		im.t.Fatal(err)
	}
	return Machine(out, "img", "local", im.root), stdout.String()
}

const (
	jdbp  = "/etc/cloudstack/management/db.properties"
	jsrv  = "/etc/cloudstack/management/server.properties"
	jkey  = "/etc/cloudstack/management/key"
	jukey = "/etc/cloudstack/usage/key"
	jagp  = "/etc/cloudstack/agent/agent.properties"
	jakey = "/etc/cloudstack/agent/cloud.key"
)

// runCheck evaluates one registered check over the machine.
func runCheck(t *testing.T, m snapshot.Machine, id string) []checks.Finding {
	t.Helper()
	c, ok := checks.Lookup(id)
	if !ok {
		t.Fatalf("no check %s", id)
	}
	s := &snapshot.Snapshot{CollectedAt: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Machines: []snapshot.Machine{m}}
	s.SetData(snapshot.DataMachines, snapshot.Collected, "")
	return checks.Run(s, []*checks.Check{c})
}

// wantError: the check reports path as an error with msg, and never passes it.
func wantError(t *testing.T, m snapshot.Machine, id, path, msg string) {
	t.Helper()
	found := false
	for _, f := range runCheck(t, m, id) {
		if f.Resource.Path != path {
			continue
		}
		if f.Status == checks.Error && strings.Contains(f.Message, msg) {
			found = true
			if strings.Contains(f.Message, "run the probe as root") {
				t.Errorf("%s %s: %q must not suggest root", id, path, f.Message)
			}
			continue
		}
		t.Errorf("%s %s: unexpected %s %q", id, path, f.Status, f.Message)
	}
	if !found {
		t.Errorf("%s: no error for %s containing %q", id, path, msg)
	}
}

// TestJail is the jail matrix: every way a path can point somewhere else.
func TestJail(t *testing.T) {
	im := newImage(t)
	im.write("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\ncloud:x:999:999::/var/lib/cloudstack/management:/bin/sh\n", 0o644)
	im.write("/etc/shadow", "root:$6$notarealhash:19000:0:99999:7:::\n", 0o640)
	// Relative link climbing out of the tree.
	im.link(jdbp, "../../../../../../../../etc/hostname")
	// Dangling link.
	im.link(jsrv, "/opt/nowhere/server.properties")
	// Management key linked to /etc/shadow (absolute: resolves to the
	// image's /etc/shadow, which is not an audited path).
	im.link(jkey, "/etc/shadow")
	// Usage key: a chain of absolute links through IMAGE/etc/... to a
	// directory of the image, resolved inside the tree.
	im.write("/srv/keys/usage.key", "0123456789abcdef\n", 0o640)
	im.link("/etc/cloudstack/usage", "/etc/cs-usage")
	im.link("/etc/cs-usage", "/srv/cs-usage")
	im.mkdir("/srv/cs-usage")
	im.link("/srv/cs-usage/key", "/etc/cloudstack/management/key.real")
	im.write("/etc/cloudstack/management/key.real", "0123456789abcdef\n", 0o640)
	// A link that names the image by its host path is a path inside the
	// tree (IMAGE/IMAGE/...), so dangling, never followed on the host.
	im.link("/etc/cloudstack/usage-host", im.full("/etc/passwd"))
	// Debian: /etc/mysql/my.cnf -> /etc/alternatives/my.cnf -> /etc/mysql/mariadb.cnf.
	im.write("/etc/mysql/mariadb.cnf", "[mysqld]\nbind-address = 10.9.9.9\n", 0o644)
	im.link("/etc/alternatives/my.cnf", "/etc/mysql/mariadb.cnf")
	im.link("/etc/mysql/my.cnf", "/etc/alternatives/my.cnf")
	// A linked directory inside the image: /etc/cloudstack/agent -> /data/agent.
	im.write("/data/agent/agent.properties", "host=10.1.1.10\nguid=x\n", 0o600)
	im.link("/etc/cloudstack/agent", "/data/agent")
	// A linked directory escaping the tree by a relative path.
	im.link("/etc/libvirt", "../../../../../../../etc")
	// A link loop.
	im.link("/etc/default/cloudstack-management", "/etc/default/loop-b")
	im.link("/etc/default/loop-b", "/etc/default/cloudstack-management")
	// FIFO, device and directory where files belong.
	if err := syscall.Mkfifo(im.full("/etc/cloudstack/management/cloud.jks"), 0o644); err != nil {
		t.Fatal(err)
	}
	im.write("/data/agent/cloud.jks", "x", 0o600)
	if os.Geteuid() == 0 {
		if err := syscall.Mknod(im.full("/data/agent/cloud.csr"), syscall.S_IFCHR|0o600, int((1<<8)|3)); err != nil {
			t.Fatal(err)
		}
	}
	im.mkdir("/data/agent/cloud.key")
	// The cloud home: .ssh is a FIFO (sd: not a directory), id_rsa absent.
	im.mkdir("/var/lib/cloudstack/management")

	m, raw := im.probe()
	if strings.Contains(raw, "notarealhash") || strings.Contains(raw, "0123456789abcdef") {
		t.Fatal("secret content crossed the wire")
	}
	file := func(p string) *snapshot.File {
		f, ok := m.File(p)
		if !ok {
			t.Fatalf("%s not probed", p)
		}
		return f
	}
	matrix := []struct {
		name, path, err string
	}{
		{"relative link escaping", jdbp, "symlink leaves the audited tree"},
		{"dangling link", jsrv, "dangling symbolic link: /opt/nowhere/server.properties does not exist"},
		{"key linked to /etc/shadow", jkey, "symbolic link to /etc/shadow, which is not an audited path: not followed"},
		{"linked directory escaping", "/etc/libvirt/libvirtd.conf", "symlink leaves the audited tree"},
		{"link loop", "/etc/default/cloudstack-management", "too many levels of symbolic links"},
		{"FIFO", "/etc/cloudstack/management/cloud.jks", "a FIFO in place of a regular file"},
		{"directory", jakey, "a directory in place of a regular file"},
	}
	if os.Geteuid() == 0 {
		matrix = append(matrix, struct{ name, path, err string }{"device", "/etc/cloudstack/agent/cloud.csr", "a character device in place of a regular file"})
	}
	for _, c := range matrix {
		if f := file(c.path); !strings.Contains(f.Error, c.err) || f.Read || f.Secret != nil || f.Key != nil {
			t.Errorf("%s: %s error %q read=%v, want %q", c.name, c.path, f.Error, f.Read, c.err)
		}
	}
	// Resolved inside the image.
	if f := file("/etc/mysql/my.cnf"); !f.Read || f.Values["mysqld.bind-address"] != "10.9.9.9" || f.Resolved != "/etc/mysql/mariadb.cnf" {
		t.Errorf("Debian my.cnf alternatives link: %+v", f)
	}
	if f := file(jagp); !f.Read || f.Values["host"] != "10.1.1.10" || f.Resolved != "/data/agent/agent.properties" {
		t.Errorf("linked directory inside the image: %+v", f)
	}
	// The usage key's chain ends at a path that is not audited: it is a
	// link, so its content is not followed.
	if f := file(jukey); f.Secret != nil || !strings.Contains(f.Error, "not an audited path") || f.Resolved != "/etc/cloudstack/management/key.real" {
		t.Errorf("chain through IMAGE/etc: %+v", f)
	}
	// The checks report every one of them as an error with the message.
	wantError(t, m, "CS-HOST-003", jdbp, "symlink leaves the audited tree")
	wantError(t, m, "CS-HOST-001", jdbp, "symlink leaves the audited tree")
	wantError(t, m, "CS-HOST-007", jsrv, "dangling symbolic link")
	wantError(t, m, "CS-HOST-001", jsrv, "dangling symbolic link")
	wantError(t, m, "CS-HOST-006", jkey, "not an audited path")
	wantError(t, m, "CS-HOST-001", jkey, "not an audited path")
	wantError(t, m, "CS-HOST-001", "/etc/cloudstack/management/cloud.jks", "a FIFO in place of a regular file")
	wantError(t, m, "CS-HOST-001", jakey, "a directory in place of a regular file")
	wantError(t, m, "CS-HOST-010", "/etc/libvirt/libvirtd.conf", "symlink leaves the audited tree")
	wantError(t, m, "CS-HOST-017", "/etc/default/cloudstack-management", "too many levels")
	if os.Geteuid() == 0 {
		wantError(t, m, "CS-HOST-023", "/etc/cloudstack/agent/cloud.csr", "a character device")
	}
}

// TestLiveSecretLink: on the live host (no --root) a secret file that is a
// symbolic link to a path the probe does not audit is reported as a link
// with its target and not read. The probe is run with root "/" on a tree
// reached through a path the table audits only by name, so we check the
// shell function directly.
func TestLiveSecretLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "shadow")
	if err := os.WriteFile(target, []byte("secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	lnk := filepath.Join(dir, "key")
	if err := os.Symlink(target, lnk); err != nil {
		t.Fatal(err)
	}
	// Run the probe's own functions (everything before "main") in live
	// mode on the link: sf must refuse and name the target.
	body := Script[:strings.LastIndex(Script, "main \"$@\"")]
	sh := body + "\nR= TAB=$(printf '\\t') SF=$(printf '%%F\\t%%a\\t%%u\\t%%U\\t%%g\\t%%G\\t%%s') N=0 CH= GLOBCAP=64\nsf '" + lnk + "'\n"
	out, err := exec.Command("/bin/sh", "-c", sh).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	s := string(out)
	if strings.Contains(s, "\nV\t") || !strings.Contains(s, "T\t"+lnk+"\t"+target) || !strings.Contains(s, "symbolic link to "+target+", which is not an audited path: not followed") {
		t.Fatalf("live secret link: %s", s)
	}
}
