package sshhost_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/csaudit/csaudit/collectors/probe"
	"github.com/csaudit/csaudit/collectors/sshhost"
	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
)

// The SSH fault matrix. Every way an SSH host can fail csaudit, each
// against a real listener on 127.0.0.1: the real sshd of sshtest where it
// can show the fault, an in-process SSH server (golang.org/x/crypto/ssh)
// that misbehaves on cue where sshd cannot. All faults are audited in one
// run beside a healthy host; each must end in its own clear source error
// with a hint, within its deadline, and the healthy host must be audited.
//
//	fault                 where it stops                          deadline
//	refused               TCP connect (nothing listening)        at once
//	connect-hang          TCP connect (accept queue full)         --timeout
//	handshake-hang        SSH version exchange (silent peer)      --timeout
//	auth-hang             public-key authentication never answers --timeout
//	auth-fail             every key refused                       at once
//	wrong-host-key        host key differs from known_hosts       at once
//	unknown-host          host not in known_hosts                 at once
//	session-hang          session channel open never answered     4 x --timeout
//	exec-hang             exec request never answered             4 x --timeout
//	output-hang           probe started, prints nothing, no exit  4 x --timeout
//	slow-drip             one byte every 50 ms, never ends        4 x --timeout
//	oversized             more than probe.MaxOutput bytes         at once (capped)
//	garbage               random bytes and escapes, exit 0        at once
//	sudo-refused          "sudo: a password is required", exit 1  at once
//	sudo-refused-real     real sshd and sudo -n, no sudo rule     at once
//	hostile-stderr        escape sequences on stderr, exit 1      at once
//	dropped               connection closed mid-output            at once

// fullBacklogAddr returns a loopback port whose accept queue is full (a
// socket that listens with backlog 0 and never accepts, plus the
// connections that fill it), so a further TCP connect hangs: the SYN is
// dropped and retried.
func fullBacklogAddr(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
	// Fill the queue: connect until one does not complete quickly.
	for i := 0; i < 8; i++ {
		c, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
		if err != nil {
			return addr
		}
		t.Cleanup(func() { c.Close() })
	}
	t.Skip("could not fill the accept queue on this kernel")
	return ""
}

type faultMode = sshtest.FaultMode

func startFault(t *testing.T, mode faultMode) *sshtest.FaultServer {
	t.Helper()
	s, err := sshtest.StartFault(mode, probe.MaxOutput)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestSSHFaultMatrix(t *testing.T) {
	need(t)
	const timeout = time.Second
	root, err := os.MkdirTemp("", "csaudit-fault-root-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(root)

	good, err := os.ReadFile(srv.KnownHosts)
	if err != nil {
		t.Fatal(err)
	}
	wrong, _ := os.ReadFile(srv.WrongKnownHosts)
	khLines := []string{strings.TrimSpace(string(good))}

	type row struct {
		fault    faultMode
		target   string // user@host:port
		sudo     bool
		want     string        // in the source error
		hint     string        // in the hint
		deadline time.Duration // the fault must end within this
	}
	var rows []row
	add := func(fault faultMode, target, want, hint string, deadline time.Duration) {
		rows = append(rows, row{fault: fault, target: target, want: want, hint: hint, deadline: deadline})
	}
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := closed.Addr().String()
	closed.Close()
	add("refused", "root@"+refused, "connection refused", "is reachable", timeout)
	add("connect-hang", "root@"+fullBacklogAddr(t), "connecting to", "is reachable", 2*timeout)
	for _, m := range []faultMode{"handshake-hang", "auth-hang", "auth-fail", "session-hang", "exec-hang", "output-hang", "slow-drip", "oversized", "garbage", "sudo-refused", "hostile-stderr", "dropped"} {
		fs := startFault(t, m)
		khLines = append(khLines, fs.KnownHostsLine())
		r := row{fault: m, target: "root@" + fs.Addr, deadline: 5 * timeout}
		switch m {
		case "handshake-hang", "auth-hang":
			r.want, r.hint, r.deadline = "authenticating to", "", 2*timeout
		case "auth-fail":
			r.want, r.hint, r.deadline = "unable to authenticate", "refused every key", timeout
		case "session-hang", "exec-hang", "output-hang", "slow-drip":
			r.want = "running the probe on"
		case "oversized":
			r.want = fmt.Sprintf("running the probe on %s: probe output exceeded %d bytes", r.target, probe.MaxOutput)
		case "garbage":
			r.want = "reading probe output from"
		case "dropped":
			r.want = "running the probe on"
		case "sudo-refused":
			r.want, r.sudo, r.hint = "reading probe output from", true, "NOPASSWD"
		case "hostile-stderr":
			r.want, r.hint = "reading probe output from", "boom"
		}
		rows = append(rows, r)
	}
	// wrong-host-key: the real sshd under a name whose known_hosts key is another.
	khLines = append(khLines, strings.TrimSpace(strings.Replace(string(wrong), "[127.0.0.1]", "[localhost]", 1)))
	add("wrong-host-key", fmt.Sprintf("root@localhost:%d", srv.Port), "authenticating to", "HOST KEY MISMATCH", timeout)
	// sudo -n refusal by the real sudo: the unprivileged login has no
	// sudo rule.
	if _, err := exec.LookPath("sudo"); err == nil {
		rows = append(rows, row{fault: "sudo-refused-real", target: sshtest.ProbeUser + "@" + srv.Addr, sudo: true,
			want: "reading probe output from", hint: "NOPASSWD", deadline: 2 * timeout})
	} else if sshtest.Required() {
		t.Error("sudo is not installed (scripts/install-deps.sh installs it): the real sudo -n refusal is not tested")
	}
	kh := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(kh, []byte(strings.Join(khLines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// unknown-host: a fault server whose key is in no known_hosts.
	unknown := startFault(t, "ok")
	add("unknown-host", "root@"+unknown.Addr, "authenticating to", "not in known_hosts", timeout)

	// The healthy host, audited in the same run.
	targets := []sshhost.Target{target(t, "root")}
	for _, r := range rows {
		tg, err := sshhost.ParseTarget(r.target, "root")
		if err != nil {
			t.Fatal(err)
		}
		targets = append(targets, tg)
	}
	// Sudo is one option per run: the sudo row gets its own run below.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d := dialer(t, sshhost.Options{KnownHosts: []string{kh}, Timeout: timeout, Root: root, Parallel: len(targets)})
	var nosudo []sshhost.Target
	var sudoRows []int
	for i, r := range rows {
		if r.sudo {
			sudoRows = append(sudoRows, i)
			continue
		}
		nosudo = append(nosudo, targets[i+1])
	}
	ms := sshhost.Collect(ctx, d, append([]sshhost.Target{targets[0]}, nosudo...))
	if ms[0].Error != "" || !ms[0].Source.OK {
		t.Errorf("the healthy host was not audited: %s", ms[0].Error)
	}
	ds := dialer(t, sshhost.Options{KnownHosts: []string{kh}, Timeout: timeout, Root: root, Sudo: true})
	var sudoTargets []sshhost.Target
	for _, i := range sudoRows {
		sudoTargets = append(sudoTargets, targets[i+1])
	}
	sms := sshhost.Collect(ctx, ds, sudoTargets)
	results := map[string]int{}
	for i := range ms[1:] {
		results[nosudo[i].String()] = i + 1
	}
	all := append(ms, sms...)
	for i, tg := range sudoTargets {
		results[tg.String()] = len(ms) + i
	}
	for i, r := range rows {
		t.Run(string(r.fault), func(t *testing.T) {
			tg := targets[i+1]
			m := all[results[tg.String()]]
			if m.Source.OK || m.Error == "" {
				t.Fatalf("no source error: %+v", m.Source)
			}
			if !strings.Contains(m.Error, r.want) {
				t.Errorf("error %q does not say %q", m.Error, r.want)
			}
			if !strings.Contains(m.Hint, r.hint) {
				t.Errorf("hint %q does not say %q", m.Hint, r.hint)
			}
			// The collector keeps host text to one line without C0
			// controls; the output sanitiser (reports.Sanitize) does
			// the rest for every format and stderr.
			for _, s := range []string{m.Error, m.Hint} {
				if strings.ContainsAny(s, "\x1b\x07\r\n") {
					t.Errorf("raw control characters from the host: %q", s)
				}
			}
			took := time.Duration(m.Source.DurationMS) * time.Millisecond
			if took > r.deadline+time.Second {
				t.Errorf("took %s, deadline %s", took, r.deadline)
			}
			t.Logf("%-15s %6s  %s; hint: %s", r.fault, took.Round(10*time.Millisecond), m.Error, m.Hint)
		})
	}
}
