package sshtest

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

var (
	srvOnce sync.Once
	srv     *Server
	srvErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if srv != nil {
		srv.Stop()
	}
	os.Exit(code)
}

// need skips (or, with CSAUDIT_REQUIRE_INTEGRATION=1, fails) when no test
// sshd can run here.
func need(t *testing.T) {
	t.Helper()
	if ok, why := Available(); !ok {
		if Required() {
			t.Fatalf("sshd integration test required but unavailable: %s", why)
		}
		t.Skip(why)
	}
}

// server returns the sshd shared by this test binary.
func server(t *testing.T) *Server {
	t.Helper()
	need(t)
	srvOnce.Do(func() { srv, srvErr = Start() })
	if srvErr != nil {
		t.Fatalf("Start: %v", srvErr)
	}
	return srv
}

func signer(t *testing.T, path string) ssh.Signer {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.ParsePrivateKey(b)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return s
}

func dial(s *Server, userName, knownHostsFile string, key ssh.Signer) (*ssh.Client, error) {
	cb, err := knownhosts.New(knownHostsFile)
	if err != nil {
		return nil, err
	}
	return ssh.Dial("tcp", s.Addr, &ssh.ClientConfig{
		User:              userName,
		Auth:              []ssh.AuthMethod{ssh.PublicKeys(key)},
		HostKeyCallback:   cb,
		HostKeyAlgorithms: []string{ssh.KeyAlgoED25519},
		Timeout:           10 * time.Second,
	})
}

func runCmd(t *testing.T, c *ssh.Client, cmd string) (string, error) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	defer sess.Close()
	out, err := sess.Output(cmd)
	return string(out), err
}

// lastLine drops whatever a login shell's start-up files print before it.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func TestLoginAsRootAndProbeUser(t *testing.T) {
	s := server(t)
	key := signer(t, s.ClientKey)
	for _, u := range []string{"root", ProbeUser} {
		c, err := dial(s, u, s.KnownHosts, key)
		if err != nil {
			t.Fatalf("login as %s: %v\n%s", u, err, s.LogTail())
		}
		out, err := runCmd(t, c, "id -un")
		c.Close()
		if err != nil {
			t.Fatalf("%s: id -un: %v (output %q)", u, err, out)
		}
		if got := lastLine(out); got != u {
			t.Errorf("id -un as %s = %q (full output %q)", u, got, out)
		}
	}
}

func TestProbeUserShellIsSh(t *testing.T) {
	s := server(t)
	c, err := dial(s, ProbeUser, s.KnownHosts, signer(t, s.ClientKey))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	out, err := runCmd(t, c, `getent passwd "$(id -un)" | cut -d: -f7; id -u`)
	if err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	f := strings.Fields(out)
	if len(f) != 2 || f[0] != "/bin/sh" || f[1] == "0" {
		t.Errorf("ProbeUser shell/uid = %q, want /bin/sh and a non-zero uid", out)
	}
}

func TestEncryptedKey(t *testing.T) {
	s := server(t)
	b, err := os.ReadFile(s.EncryptedClientKey)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ssh.ParsePrivateKey(b)
	var missing *ssh.PassphraseMissingError
	if !errors.As(err, &missing) {
		t.Fatalf("parsing the encrypted key without passphrase: got %v, want *ssh.PassphraseMissingError", err)
	}
	key, err := ssh.ParsePrivateKeyWithPassphrase(b, []byte(EncryptedKeyPassphrase))
	if err != nil {
		t.Fatalf("with passphrase: %v", err)
	}
	c, err := dial(s, ProbeUser, s.KnownHosts, key)
	if err != nil {
		t.Fatalf("login with the decrypted key: %v", err)
	}
	c.Close()
}

func TestHostKeyMismatch(t *testing.T) {
	s := server(t)
	c, err := dial(s, ProbeUser, s.WrongKnownHosts, signer(t, s.ClientKey))
	if err == nil {
		c.Close()
		t.Fatal("login succeeded against a known_hosts file listing another key")
	}
	var ke *knownhosts.KeyError
	if !errors.As(err, &ke) {
		t.Fatalf("got %v, want a *knownhosts.KeyError", err)
	}
	if len(ke.Want) == 0 {
		t.Fatalf("KeyError without Want (host unknown), want a mismatch: %v", err)
	}
	if !strings.Contains(err.Error(), "key mismatch") {
		t.Errorf("error %q does not say key mismatch", err)
	}
}

func TestUnauthorizedKey(t *testing.T) {
	s := server(t)
	for _, u := range []string{"root", ProbeUser} {
		c, err := dial(s, u, s.KnownHosts, signer(t, s.OtherKey))
		if err == nil {
			c.Close()
			t.Fatalf("%s: login with an unauthorized key succeeded", u)
		}
		if !strings.Contains(err.Error(), "unable to authenticate") {
			t.Errorf("%s: got %v, want an authentication failure", u, err)
		}
	}
	// The failures did not lock 127.0.0.1 out (MaxStartups, no penalties).
	c, err := dial(s, ProbeUser, s.KnownHosts, signer(t, s.ClientKey))
	if err != nil {
		t.Fatalf("login after failures: %v", err)
	}
	c.Close()
}

func TestOtherUsersRefused(t *testing.T) {
	s := server(t)
	c, err := dial(s, CloudUser, s.KnownHosts, signer(t, s.ClientKey))
	if err == nil {
		c.Close()
		t.Fatal("the authorized key logs in as cloud; only root and ProbeUser are allowed")
	}
}

func TestParallelLogins(t *testing.T) {
	s := server(t)
	key := signer(t, s.ClientKey)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := dial(s, ProbeUser, s.KnownHosts, key)
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			sess, err := c.NewSession()
			if err != nil {
				errs <- err
				return
			}
			defer sess.Close()
			if out, err := sess.Output("true"); err != nil {
				errs <- fmt.Errorf("%v: %q", err, out)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestStopRemovesDir(t *testing.T) {
	need(t)
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	dir, addr := s.Dir, s.Addr
	s.Stop()
	s.Stop() // idempotent
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Stop left %s behind (%v)", dir, err)
	}
	if err := (&Server{Addr: addr}).banner(); err == nil {
		t.Errorf("%s still answers after Stop", addr)
	}
}

func TestParseManifest(t *testing.T) {
	good := "# comment\n\n/etc/a 0640 root cloud\n/etc/b -> /etc/a\n/var/x/ 0700 cloud cloud\n/usr/bin/s 4755 root root\n"
	es, err := ParseManifest(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 4 || es[0].Mode != 0o640 || es[0].Group != "cloud" || es[1].Target != "/etc/a" ||
		!es[2].Dir || es[2].Path != "/var/x" || es[3].Mode != 0o4755 || es[0].Line != 3 {
		t.Errorf("parsed %+v", es)
	}
	for _, bad := range []string{
		"etc/a 0644 root root",          // relative
		"/etc/../a 0644 root root",      // not clean
		"/etc/a 0999 root root",         // not octal
		"/etc/a 644",                    // too few fields
		"/etc/a 0644 root root x",       // too many
		"/etc/a => /b",                  // bad arrow
		"/etc/a 0644 r r\n/etc/a -> /b", // duplicate
		"/ 0755 root root",
	} {
		if _, err := ParseManifest(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseManifest(%q) accepted", bad)
		}
	}
}

type want struct {
	path         string
	mode         uint32
	owner, group string
}

func checkStat(t *testing.T, root string, w want) {
	t.Helper()
	fi, err := os.Lstat(filepath.Join(root, w.path))
	if err != nil {
		t.Errorf("%s: %v", w.path, err)
		return
	}
	st := fi.Sys().(*syscall.Stat_t)
	if got := st.Mode & 0o7777; got != w.mode {
		t.Errorf("%s: mode %04o, want %04o", w.path, got, w.mode)
	}
	u, _ := user.LookupId(strconv.Itoa(int(st.Uid)))
	g, _ := user.LookupGroupId(strconv.Itoa(int(st.Gid)))
	if u == nil || g == nil || u.Username != w.owner || g.Name != w.group {
		t.Errorf("%s: owner %d:%d, want %s:%s", w.path, st.Uid, st.Gid, w.owner, w.group)
	}
}

func checkLink(t *testing.T, root, p, target string) {
	t.Helper()
	l, err := os.Readlink(filepath.Join(root, p))
	if err != nil {
		t.Errorf("%s: %v", p, err)
		return
	}
	if l != target {
		t.Errorf("%s -> %s, want -> %s", p, l, target)
	}
	// Absolute targets resolve inside the tree, as the probe does.
	if _, err := os.Stat(filepath.Join(root, l)); err != nil {
		t.Errorf("%s: target %s missing inside the tree: %v", p, l, err)
	}
}

func TestTrees(t *testing.T) {
	need(t)
	names, err := Trees()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, " ") != "kvm-hardened kvm-weak mgmt-hardened mgmt-weak" {
		t.Fatalf("trees = %v", names)
	}
	cases := map[string]struct {
		stats  []want
		links  map[string]string
		absent []string
	}{
		"mgmt-weak": {
			stats: []want{
				{"/etc/cloudstack/management/db.properties", 0o644, "root", "root"},
				{"/etc/cloudstack/management/key", 0o644, "root", "root"},
				{"/etc/cloudstack/usage/db.properties", 0o644, "root", "root"},
				{"/etc/sudoers.d/cloudstack", 0o644, "root", "root"},
				{"/var/lib/cloudstack/management", 0o755, "cloud", "cloud"},
				{"/var/lib/cloudstack/management/.ssh", 0o755, "cloud", "cloud"},
				{"/var/lib/cloudstack/management/.ssh/id_rsa", 0o644, "cloud", "cloud"},
				{"/etc/passwd", 0o644, "root", "root"},
				{"/etc", 0o755, "root", "root"},
			},
		},
		"mgmt-hardened": {
			stats: []want{
				{"/etc/cloudstack/management/db.properties", 0o640, "root", "cloud"},
				{"/etc/cloudstack/management/server.properties", 0o640, "root", "cloud"},
				{"/etc/cloudstack/management/key", 0o640, "root", "cloud"},
				{"/etc/cloudstack/management/cloud.jks", 0o640, "root", "cloud"},
				{"/etc/sudoers.d/cloudstack", 0o440, "root", "root"},
				{"/var/lib/cloudstack/management/.ssh", 0o700, "cloud", "cloud"},
				{"/var/lib/cloudstack/management/.ssh/id_rsa", 0o600, "cloud", "cloud"},
				{"/etc/cloudstack/usage", 0o755, "root", "root"},
			},
			links: map[string]string{
				"/etc/cloudstack/usage/db.properties": "/etc/cloudstack/management/db.properties",
				"/etc/cloudstack/usage/key":           "/etc/cloudstack/management/key",
			},
			absent: []string{"/etc/cloudstack/management/cloudmanagementserver.keystore"},
		},
		"kvm-weak": {
			stats: []want{
				{"/etc/cloudstack/agent/agent.properties", 0o644, "root", "root"},
				{"/root/.ssh/id_rsa.cloud", 0o644, "root", "root"},
				{"/root", 0o700, "root", "root"},
			},
			absent: []string{"/etc/cloudstack/agent/cloud.jks", "/etc/cloudstack/agent/cloud.key", "/etc/cloudstack/agent/cloud.crt"},
		},
		"kvm-hardened": {
			stats: []want{
				{"/etc/cloudstack/agent/agent.properties", 0o600, "root", "root"},
				{"/etc/cloudstack/agent/cloud.jks", 0o600, "root", "root"},
				{"/etc/cloudstack/agent/cloud.key", 0o600, "root", "root"},
				{"/etc/cloudstack/agent/cloud.crt", 0o600, "root", "root"},
				{"/etc/cloudstack/agent/cloud.ca.crt", 0o600, "root", "root"},
				{"/etc/cloudstack/agent/cloud.csr", 0o600, "root", "root"},
				{"/root/.ssh/id_rsa.cloud", 0o600, "root", "root"},
				{"/etc/pki/libvirt/private", 0o755, "root", "root"},
			},
			links: map[string]string{
				"/etc/pki/libvirt/servercert.pem":        "/etc/cloudstack/agent/cloud.crt",
				"/etc/pki/libvirt/private/serverkey.pem": "/etc/cloudstack/agent/cloud.key",
				"/etc/pki/CA/cacert.pem":                 "/etc/cloudstack/agent/cloud.ca.crt",
			},
		},
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			root, err := Tree(name)
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(root)
			if !filepath.IsAbs(root) {
				t.Errorf("root %q is not absolute", root)
			}
			if fi, err := os.Stat(root); err != nil || fi.Mode().Perm() != 0o755 {
				t.Errorf("root %s: %v %v, want 0755", root, fi, err)
			}
			if _, err := os.Stat(filepath.Join(root, ManifestName)); !os.IsNotExist(err) {
				t.Errorf("the manifest was copied into the tree")
			}
			c := cases[name]
			for _, w := range c.stats {
				checkStat(t, root, w)
			}
			for p, target := range c.links {
				checkLink(t, root, p, target)
			}
			for _, p := range c.absent {
				if _, err := os.Lstat(filepath.Join(root, p)); !os.IsNotExist(err) {
					t.Errorf("%s exists, want absent", p)
				}
			}
			// Every manifest entry holds.
			es, err := Manifest(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if e.Target != "" {
					checkLink(t, root, e.Path, e.Target)
				} else {
					checkStat(t, root, want{e.Path, e.Mode, e.Owner, e.Group})
				}
			}
			// The tree's passwd carries this machine's ids for cloud.
			if strings.HasPrefix(name, "mgmt-") {
				cu, err := user.Lookup(CloudUser)
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(filepath.Join(root, "etc/passwd"))
				if err != nil {
					t.Fatal(err)
				}
				line := "cloud:x:" + cu.Uid + ":" + cu.Gid + ":CloudStack unprivileged user:" + CloudHome + ":/bin/sh"
				if !strings.Contains(string(b), line+"\n") {
					t.Errorf("tree passwd lacks %q:\n%s", line, b)
				}
			}
		})
	}
}

// TestTreeOverSSH reads a tree as ProbeUser: modes decide what it sees.
func TestTreeOverSSH(t *testing.T) {
	s := server(t)
	c, err := dial(s, ProbeUser, s.KnownHosts, signer(t, s.ClientKey))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for name, readable := range map[string]bool{"mgmt-weak": true, "mgmt-hardened": false} {
		root, err := Tree(name)
		if err != nil {
			t.Fatal(err)
		}
		out, err := runCmd(t, c, "head -c 100000 "+root+"/etc/cloudstack/management/db.properties")
		os.RemoveAll(root)
		if readable && (err != nil || !strings.Contains(out, "db.cloud.encryption.type=none")) {
			t.Errorf("%s: %s cannot read db.properties: %v", name, ProbeUser, err)
		}
		if !readable && err == nil {
			t.Errorf("%s: %s can read db.properties (0640 root:cloud)", name, ProbeUser)
		}
	}
}
