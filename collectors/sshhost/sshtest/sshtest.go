// Package sshtest runs a throw-away OpenSSH server for integration tests:
// the system's real /usr/sbin/sshd with its own configuration, host key and
// authorized keys, listening on 127.0.0.1 on a free unprivileged port, and
// removed again afterwards. It also builds host file trees from
// testdata/hosts (see Tree), so tests can audit a realistic CloudStack
// management server or KVM host over SSH, as root or as the unprivileged
// ProbeUser.
//
// It needs root: it creates the accounts cloud and ProbeUser (once; they are
// never removed), chowns fixture files to cloud, and lets tests log in as
// root.
package sshtest

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ProbeUser is the unprivileged login account of the tests (shell /bin/sh,
// key login only). The tests' authorized keys let it and root log in.
const ProbeUser = "csaudit-probe"

// CloudUser and CloudHome describe the CloudStack service account that the
// fixture trees chown files to, as the Debian packaging creates it.
const (
	CloudUser = "cloud"
	CloudHome = "/var/lib/cloudstack/management"
)

// EncryptedKeyPassphrase protects Server.EncryptedClientKey.
const EncryptedKeyPassphrase = "csaudit-test-passphrase"

// SshdPath is the daemon the tests run; an absolute path because sshd
// re-executes itself for every connection.
const SshdPath = "/usr/sbin/sshd"

// CSAUDIT_REQUIRE_INTEGRATION=1 turns a missing sshd into a failure instead
// of a skip (make test sets it).
const requireEnv = "CSAUDIT_REQUIRE_INTEGRATION"

// startTimeout bounds how long Start waits for the SSH banner.
const startTimeout = 20 * time.Second

// Available reports whether a test sshd can be started, and why not.
func Available() (bool, string) {
	if runtime.GOOS != "linux" {
		return false, "the sshd test server needs Linux (found " + runtime.GOOS + ")"
	}
	if fi, err := os.Stat(SshdPath); err != nil || fi.IsDir() {
		return false, SshdPath + " not found (install openssh-server, or run 'make test' which does)"
	}
	if _, err := lookPath("ssh-keygen"); err != nil {
		return false, "ssh-keygen not found (install openssh-client, or run 'make test' which does)"
	}
	for _, b := range []string{"useradd", "groupadd", "usermod"} {
		if _, err := lookPath(b); err != nil {
			return false, b + " not found (needed to create the test accounts)"
		}
	}
	if os.Geteuid() != 0 {
		return false, "the sshd tests need root (they create the accounts cloud and " + ProbeUser + ", chown fixture trees and log in as root)"
	}
	return true, ""
}

// Required reports whether the integration tests must not be skipped.
func Required() bool { return os.Getenv(requireEnv) == "1" }

func lookPath(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, d := range []string{"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin"} {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found", name)
}

// Server is a running sshd. All paths are inside Dir, which Stop removes.
type Server struct {
	Host string // 127.0.0.1
	Port int
	Addr string // "127.0.0.1:PORT"
	Dir  string

	// KnownHosts lists the server's host key as "[127.0.0.1]:PORT ssh-ed25519 AAAA...".
	KnownHosts string
	// ClientKey is an unencrypted ed25519 private key (OpenSSH format)
	// authorized for root and ProbeUser.
	ClientKey string
	// EncryptedClientKey is authorized too but protected by
	// EncryptedKeyPassphrase.
	EncryptedClientKey string
	// WrongKnownHosts lists a different ed25519 key for the same
	// [127.0.0.1]:PORT: a host key mismatch.
	WrongKnownHosts string
	// OtherKey is an unencrypted ed25519 private key that is not authorized.
	OtherKey string
	// HostKeyLine is the server's public host key, "ssh-ed25519 AAAA...".
	HostKeyLine string
	// Config and Log are sshd's configuration file and its log (LogLevel
	// VERBOSE: every authentication attempt and command is recorded).
	Config string
	Log    string

	cmd    *exec.Cmd
	exited chan struct{}
	err    error // cmd.Wait result, valid once exited is closed
	once   sync.Once
}

// Start creates the test accounts if needed, generates keys and starts sshd.
func Start() (*Server, error) {
	if ok, why := Available(); !ok {
		return nil, errors.New(why)
	}
	if err := EnsureUsers(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "csaudit-sshd-")
	if err != nil {
		return nil, err
	}
	s := &Server{Host: "127.0.0.1", Dir: dir}
	ok := false
	defer func() {
		if !ok {
			s.Stop()
		}
	}()
	// sshd opens AuthorizedKeysFile with the login user's privileges.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	if err := s.makeKeys(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		return nil, fmt.Errorf("privilege separation directory: %w", err)
	}
	for attempt := 0; attempt < 3; attempt++ {
		if s.Port, err = freePort(); err != nil {
			return nil, err
		}
		s.Addr = net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
		if err = s.writeConfig(); err != nil {
			return nil, err
		}
		if err = s.launch(); err == nil || !strings.Contains(err.Error(), "Address already in use") {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	ok = true
	return s, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func keygen(path, passphrase, comment string) error {
	kg, err := lookPath("ssh-keygen")
	if err != nil {
		return err
	}
	out, err := exec.Command(kg, "-q", "-t", "ed25519", "-N", passphrase, "-C", comment, "-f", path).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ssh-keygen %s: %v: %s", filepath.Base(path), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// pubLine returns "type base64" of a .pub file, without the comment.
func pubLine(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return "", fmt.Errorf("%s: not a public key", path)
	}
	return f[0] + " " + f[1], nil
}

func (s *Server) makeKeys() error {
	p := func(n string) string { return filepath.Join(s.Dir, n) }
	keys := []struct{ file, pass, comment string }{
		{"ssh_host_ed25519_key", "", "csaudit-test-host"},
		{"wrong_host_ed25519_key", "", "csaudit-test-wrong-host"},
		{"client_ed25519", "", "csaudit-test-client"},
		{"client_encrypted_ed25519", EncryptedKeyPassphrase, "csaudit-test-client-encrypted"},
		{"other_ed25519", "", "csaudit-test-unauthorized"},
	}
	for _, k := range keys {
		if err := keygen(p(k.file), k.pass, k.comment); err != nil {
			return err
		}
	}
	var err error
	if s.HostKeyLine, err = pubLine(p("ssh_host_ed25519_key.pub")); err != nil {
		return err
	}
	var auth strings.Builder
	for _, f := range []string{"client_ed25519.pub", "client_encrypted_ed25519.pub"} {
		b, err := os.ReadFile(p(f))
		if err != nil {
			return err
		}
		auth.Write(b)
	}
	if err := os.WriteFile(p("authorized_keys"), []byte(auth.String()), 0o644); err != nil {
		return err
	}
	s.ClientKey = p("client_ed25519")
	s.EncryptedClientKey = p("client_encrypted_ed25519")
	s.OtherKey = p("other_ed25519")
	s.KnownHosts = p("known_hosts")
	s.WrongKnownHosts = p("known_hosts.wrong")
	s.Config = p("sshd_config")
	s.Log = p("sshd.log")
	return nil
}

// knownHostsLine is the known_hosts entry of a non-22 port.
func (s *Server) knownHostsLine(key string) string {
	return fmt.Sprintf("[%s]:%d %s\n", s.Host, s.Port, key)
}

func (s *Server) writeConfig() error {
	wrong, err := pubLine(filepath.Join(s.Dir, "wrong_host_ed25519_key.pub"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(s.KnownHosts, []byte(s.knownHostsLine(s.HostKeyLine)), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(s.WrongKnownHosts, []byte(s.knownHostsLine(wrong)), 0o644); err != nil {
		return err
	}
	cfg := s.config(true)
	if err := os.WriteFile(s.Config, []byte(cfg), 0o644); err != nil {
		return err
	}
	// PerSourcePenalties (OpenSSH 9.8+) would lock 127.0.0.1 out after the
	// tests' deliberate authentication failures; older sshd rejects the
	// keyword, so keep it only where it is understood.
	if out, err := exec.Command(SshdPath, "-t", "-f", s.Config).CombinedOutput(); err != nil {
		if !strings.Contains(string(out), "PerSourcePenalties") {
			return fmt.Errorf("sshd -t: %v: %s", err, strings.TrimSpace(string(out)))
		}
		cfg = s.config(false)
		if err := os.WriteFile(s.Config, []byte(cfg), 0o644); err != nil {
			return err
		}
		if out, err := exec.Command(SshdPath, "-t", "-f", s.Config).CombinedOutput(); err != nil {
			return fmt.Errorf("sshd -t: %v: %s", err, strings.TrimSpace(string(out)))
		}
	}
	return nil
}

func (s *Server) config(penalties bool) string {
	p := func(n string) string { return filepath.Join(s.Dir, n) }
	lines := []string{
		"# csaudit test sshd (collectors/sshhost/sshtest)",
		fmt.Sprintf("Port %d", s.Port),
		"ListenAddress " + s.Host,
		"AddressFamily inet",
		"HostKey " + p("ssh_host_ed25519_key"),
		"PidFile " + p("sshd.pid"),
		"AuthorizedKeysFile " + p("authorized_keys"),
		"AllowUsers root " + ProbeUser,
		"PubkeyAuthentication yes",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"PermitRootLogin prohibit-password",
		"UsePAM no",
		"StrictModes no",
		"MaxStartups 200:30:200",
		"MaxSessions 50",
		"LogLevel VERBOSE",
		"PrintMotd no",
		"X11Forwarding no",
		"Subsystem sftp internal-sftp",
	}
	if penalties {
		lines = append(lines, "PerSourcePenalties no")
	}
	return strings.Join(lines, "\n") + "\n"
}

func (s *Server) launch() error {
	stderr, err := os.Create(filepath.Join(s.Dir, "sshd.stderr"))
	if err != nil {
		return err
	}
	defer stderr.Close()
	// -D: stay in the foreground so Stop can kill it; -e is not used, -E
	// sends the log to a file.
	s.cmd = exec.Command(SshdPath, "-D", "-f", s.Config, "-E", s.Log)
	s.cmd.Stdout, s.cmd.Stderr = stderr, stderr
	s.cmd.SysProcAttr = sysProcAttr()
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) {
		s.err = cmd.Wait()
		close(exited)
	}(s.cmd, s.exited)
	deadline := time.Now().Add(startTimeout)
	var last error
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("sshd exited during start: %v\n%s", s.err, s.LogTail())
		case <-time.After(50 * time.Millisecond):
		}
		if last = s.banner(); last == nil {
			return nil
		}
	}
	s.kill()
	return fmt.Errorf("sshd did not answer with an SSH-2.0 banner on %s within %s: %v\n%s", s.Addr, startTimeout, last, s.LogTail())
}

// banner connects once and reads the server's identification string.
func (s *Server) banner() error {
	c, err := net.DialTimeout("tcp", s.Addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "SSH-2.0-") {
		return fmt.Errorf("unexpected banner %q", strings.TrimSpace(line))
	}
	return nil
}

// LogTail returns the end of sshd's log and stderr, for error messages.
func (s *Server) LogTail() string {
	var b strings.Builder
	for _, f := range []string{s.Log, filepath.Join(s.Dir, "sshd.stderr")} {
		if f == "" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil || len(data) == 0 {
			continue
		}
		if len(data) > 3000 {
			data = data[len(data)-3000:]
		}
		fmt.Fprintf(&b, "--- %s\n%s", filepath.Base(f), data)
	}
	return b.String()
}

func (s *Server) kill() {
	if s.cmd == nil || s.cmd.Process == nil || s.exited == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// Stop kills sshd and removes Dir. The accounts stay. Connections already
// open keep their own (per-connection) sshd processes until they close.
func (s *Server) Stop() {
	s.once.Do(func() {
		s.kill()
		if s.Dir != "" {
			_ = os.RemoveAll(s.Dir)
		}
	})
}

// usersMu serialises account creation within the process; a lock file
// does it across test binaries that go test runs in parallel.
var usersMu sync.Mutex

// EnsureUsers creates, if missing, the group and system user cloud (home
// CloudHome, not created; shell /bin/sh) and ProbeUser (home created, shell
// /bin/sh, password field "*" so that key login works with UsePAM no).
// Accounts are never removed.
func EnsureUsers() error {
	if os.Geteuid() != 0 {
		return errors.New("creating the test accounts needs root")
	}
	usersMu.Lock()
	defer usersMu.Unlock()
	lock, err := os.OpenFile(filepath.Join(os.TempDir(), "csaudit-sshtest-users.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer lock.Close()
	if err := flock(lock, true); err != nil {
		return fmt.Errorf("locking account creation: %w", err)
	}
	defer func() { _ = flock(lock, false) }()

	if _, err := user.LookupGroup(CloudUser); err != nil {
		if err := run("groupadd", "--system", CloudUser); err != nil {
			return err
		}
	}
	if _, err := user.Lookup(CloudUser); err != nil {
		if err := run("useradd", "--system", "--gid", CloudUser, "--home-dir", CloudHome, "--no-create-home",
			"--shell", "/bin/sh", "--comment", "CloudStack unprivileged user", CloudUser); err != nil {
			return err
		}
	}
	if _, err := user.Lookup(ProbeUser); err != nil {
		if err := run("useradd", "--create-home", "--shell", "/bin/sh", "--comment", "csaudit test probe", ProbeUser); err != nil {
			return err
		}
	}
	// useradd leaves the password locked ("!"); with UsePAM no sshd then
	// refuses even key logins. "*" means: no password, but not locked.
	if locked, err := passwordLocked(ProbeUser); err != nil || locked {
		if err := run("usermod", "-p", "*", ProbeUser); err != nil {
			return err
		}
	}
	return nil
}

func run(name string, args ...string) error {
	p, err := lookPath(name)
	if err != nil {
		return err
	}
	out, err := exec.Command(p, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// passwordLocked reports whether name's /etc/shadow password field is
// empty or locked ("!...").
func passwordLocked(name string) (bool, error) {
	b, err := os.ReadFile("/etc/shadow")
	if err != nil {
		return false, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) >= 2 && f[0] == name {
			return f[1] == "" || strings.HasPrefix(f[1], "!"), nil
		}
	}
	return false, fmt.Errorf("%s not in /etc/shadow", name)
}
