package local_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/csaudit/csaudit/collectors/local"
	"github.com/csaudit/csaudit/collectors/probe"
	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
)

// Read-only proof for the probe: it changes nothing in the tree it
// audits (a full manifest of every path's type, mode, owner, size, mtime,
// ctime, content hash and link target is the same after), and it runs as
// an unprivileged user on a read-only mount without trying to write.

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		if sshtest.Required() {
			t.Fatal("the probe read-only tests need root (fixture trees are chowned)")
		}
		t.Skip("needs root: fixture trees are chowned")
	}
}

// manifest lists every path under root with everything a write would
// change (atime aside: reading is allowed to touch it).
func manifest(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		e := fmt.Sprintf("%v %o uid=%d gid=%d size=%d mtime=%d.%09d ctime=%d.%09d ino=%d nlink=%d",
			fi.Mode().Type(), fi.Mode().Perm()|fi.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky), st.Uid, st.Gid, st.Size,
			st.Mtim.Sec, st.Mtim.Nsec, st.Ctim.Sec, st.Ctim.Nsec, st.Ino, st.Nlink)
		switch {
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h := sha256.Sum256(b)
			e += " sha256=" + hex.EncodeToString(h[:])
		case fi.Mode()&fs.ModeSymlink != 0:
			l, err := os.Readlink(p)
			if err != nil {
				return err
			}
			e += " -> " + l
		}
		rel, _ := filepath.Rel(root, p)
		out[rel] = e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameManifest(t *testing.T, before, after map[string]string) {
	t.Helper()
	var diffs []string
	for p, b := range before {
		if a, ok := after[p]; !ok {
			diffs = append(diffs, "removed "+p)
		} else if a != b {
			diffs = append(diffs, fmt.Sprintf("changed %s:\n  before %s\n  after  %s", p, b, a))
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			diffs = append(diffs, "created "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Fatalf("the probe changed the tree it audited:\n%s", strings.Join(diffs, "\n"))
	}
	if len(before) < 10 {
		t.Fatalf("manifest of %d paths: the test proves nothing", len(before))
	}
}

// tmpOwnedBy lists the entries of the temporary directory owned by uid.
func tmpOwnedBy(uid uint32) []string {
	var out []string
	ents, _ := os.ReadDir(os.TempDir())
	for _, e := range ents {
		if fi, err := e.Info(); err == nil && fi.Sys().(*syscall.Stat_t).Uid == uid {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

func TestProbeChangesNothing(t *testing.T) {
	needRoot(t)
	for _, name := range []string{"mgmt-weak", "kvm-weak", "mgmt-hardened"} {
		t.Run(name, func(t *testing.T) {
			root, err := sshtest.Tree(name)
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(root)
			before := manifest(t, root)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			hp := local.Collect(ctx, root, 30*time.Second)
			if hp.Machine.Error != "" || len(hp.Machine.Files) == 0 {
				t.Fatalf("probe: %q, %d files", hp.Machine.Error, len(hp.Machine.Files))
			}
			sameManifest(t, before, manifest(t, root))
		})
	}
}

// The probe as an unprivileged user on a read-only bind mount of a tree:
// it completes, says nothing of a read-only file system (it never tries
// to write), leaves no file of its user in the temporary directory, and
// the tree is unchanged.
func TestProbeUnprivilegedOnReadOnlyTree(t *testing.T) {
	needRoot(t)
	root, err := sshtest.Tree("mgmt-hardened")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(root)
	parent, err := os.MkdirTemp("", "csaudit-ro-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(parent)
	if err := os.Chmod(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	mnt := filepath.Join(parent, "ro")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "--bind", root, mnt).CombinedOutput(); err != nil {
		if sshtest.Required() {
			t.Fatalf("bind mount: %v %s", err, out)
		}
		t.Skipf("bind mount not possible here: %v %s", err, out)
	}
	defer exec.Command("umount", mnt).Run()
	if out, err := exec.Command("mount", "-o", "remount,bind,ro", mnt).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	if err := os.WriteFile(filepath.Join(mnt, "probe-write-test"), nil, 0o600); err == nil {
		t.Fatal("the mount is writable: the test would prove nothing")
	}
	u, err := user.Lookup(sshtest.ProbeUser)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	before := manifest(t, root)
	tmpBefore := tmpOwnedBy(uint32(uid))

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-s", "--", mnt, probe.ModeAudit)
	cmd.Dir = "/"
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/nonexistent", "LC_ALL=C"}
	cmd.Stdin = strings.NewReader(probe.Script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("probe as %s: %v\n%s", sshtest.ProbeUser, err, stderr.String())
	}
	out, err := probe.Parse(stdout.Bytes())
	if err != nil || len(out.Records) < 10 {
		t.Fatalf("probe output: %v (%d records)\nstderr: %s", err, len(out.Records), stderr.String())
	}
	if s := stdout.String() + stderr.String(); strings.Contains(s, "Read-only file system") || strings.Contains(s, "Permission denied") && strings.Contains(s, "cannot create") {
		t.Errorf("the probe tried to write:\n%s", stderr.String())
	}
	m := probe.Machine(out, "ro", "local", mnt)
	if f, _ := m.File("/etc/cloudstack/management/db.properties"); f == nil || f.Read || f.Error != "not readable" {
		t.Errorf("db.properties (0640 root:cloud) = %+v: the probe did not run unprivileged", f)
	}
	if got := tmpOwnedBy(uint32(uid)); strings.Join(got, " ") != strings.Join(tmpBefore, " ") {
		t.Errorf("the probe left files in %s: %v (before %v)", os.TempDir(), got, tmpBefore)
	}
	sameManifest(t, before, manifest(t, root))
}
