// Package sshhost runs csaudit's fixed probe on management servers and
// hypervisor hosts over SSH: one connection and one command per host, host
// keys always verified against known_hosts, nothing from input spliced into
// the remote command line.
package sshhost

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/csaudit/csaudit/collectors/probe"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Target is one host to audit.
type Target struct {
	User string
	Host string
	Port int
	// Names are other names the host is known by (the DB's host name for a
	// discovered IP); known_hosts may list any of them.
	Names []string
}

func (t Target) String() string {
	return t.User + "@" + net.JoinHostPort(t.Host, strconv.Itoa(t.Port))
}

var (
	userRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,31}$`)
	hostRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$`)
)

// ValidHost accepts DNS names and IPv4/IPv6 literals.
func ValidHost(h string) bool {
	if _, err := netipParse(h); err == nil {
		return true
	}
	return hostRE.MatchString(h) && !strings.Contains(h, "..")
}

// ParseTarget reads [user@]host[:port] (IPv6 as [addr]:port).
func ParseTarget(s, defaultUser string) (Target, error) {
	t := Target{User: defaultUser, Port: 22}
	s = strings.TrimSpace(s)
	if u, h, ok := strings.Cut(s, "@"); ok {
		t.User, s = u, h
	}
	host := s
	if strings.HasPrefix(s, "[") {
		h, p, err := net.SplitHostPort(s)
		if err != nil {
			return t, fmt.Errorf("SSH target %q: %v", s, err)
		}
		host = h
		if t.Port, err = strconv.Atoi(p); err != nil {
			return t, fmt.Errorf("SSH target %q: bad port", s)
		}
	} else if h, p, ok := strings.Cut(s, ":"); ok && !strings.Contains(p, ":") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return t, fmt.Errorf("SSH target %q: bad port %q", s, p)
		}
		host, t.Port = h, n
	}
	t.Host = host
	if t.User == "" {
		t.User = "root"
	}
	if !userRE.MatchString(t.User) {
		return t, fmt.Errorf("SSH user %q is not a valid user name", t.User)
	}
	if !ValidHost(t.Host) {
		return t, fmt.Errorf("SSH host %q is not a valid host name or address", t.Host)
	}
	if t.Port < 1 || t.Port > 65535 {
		return t, fmt.Errorf("SSH port %d out of range", t.Port)
	}
	return t, nil
}

// DefaultParallel is the default number of hosts probed at once: OpenSSH's
// MaxStartups starts dropping unauthenticated connections at 10 by
// default, so more at once through one jump host or against one bastion
// policy only buys refusals.
const DefaultParallel = 10

// Options configure SSH audits.
type Options struct {
	Keys        []string // private key files (unencrypted; encrypted keys need the agent)
	AgentSocket string   // SSH_AUTH_SOCK, "" for none
	KnownHosts  []string // known_hosts files; never empty
	Jump        *Target
	Sudo        bool
	Root        string
	// Timeout bounds connecting and authenticating; HostTimeout bounds
	// one host as a whole (connect, authenticate, probe), 4×Timeout when 0.
	Timeout     time.Duration
	HostTimeout time.Duration
	Parallel    int
	// DialContext, if set, opens the TCP connections to targets (not
	// through a jump host): tests and custom transports. nil = net.Dialer.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Progress, if set, is called after each host, from one goroutine at
	// a time.
	Progress func(Event)
}

// Outcome classes of one host, for progress and summaries.
const (
	Audited     = "audited"
	Unreachable = "unreachable" // no TCP connection, or it timed out
	Refused     = "refused"     // host key unknown or mismatching, or login refused
	ProbeFailed = "failed"      // connected, but the probe failed
	Interrupted = "interrupted" // not audited: the run was interrupted
)

// Event is one finished host.
type Event struct {
	Done, Total int
	Target      Target
	Class       string
	Err         error
	Took        time.Duration
}

// HostError is a failure for one host, with a hint.
type HostError struct {
	Target string
	Op     string
	Err    error
	Hint   string
	// Class is Unreachable, Refused or ProbeFailed.
	Class string
}

func (e *HostError) Error() string { return fmt.Sprintf("%s %s: %v", e.Op, e.Target, e.Err) }
func (e *HostError) Unwrap() error { return e.Err }

// Classify returns the outcome class of a host's error (Audited for nil).
func Classify(err error) string {
	var he *HostError
	switch {
	case err == nil:
		return Audited
	case errors.Is(err, context.Canceled):
		return Interrupted
	case errors.As(err, &he) && he.Class != "":
		return he.Class
	}
	return ProbeFailed
}

// Conn is an authenticated SSH connection, through the dialer's shared
// jump connection if any.
type Conn struct {
	Client *ssh.Client
}

// Close closes the connection (never the shared jump connection).
func (c *Conn) Close() { c.Client.Close() }

// Dialer holds what every connection of a run shares.
type Dialer struct {
	o     Options
	auth  []ssh.AuthMethod
	notes []string
	cb    ssh.HostKeyCallback

	// One jump connection serves every target (each target is one
	// direct-tcpip channel on it); redialled once if it dies.
	jumpMu sync.Mutex
	jump   *ssh.Client
}

// Close closes the shared jump connection, if any.
func (d *Dialer) Close() {
	d.jumpMu.Lock()
	defer d.jumpMu.Unlock()
	if d.jump != nil {
		d.jump.Close()
		d.jump = nil
	}
}

// jumpClient returns the shared jump connection, dialling it on first
// use or when stale is the connection that just failed.
func (d *Dialer) jumpClient(ctx context.Context, stale *ssh.Client) (*ssh.Client, error) {
	d.jumpMu.Lock()
	defer d.jumpMu.Unlock()
	if d.jump != nil && d.jump != stale {
		return d.jump, nil
	}
	if d.jump != nil {
		d.jump.Close()
		d.jump = nil
	}
	jt := *d.o.Jump
	jaddr := net.JoinHostPort(jt.Host, strconv.Itoa(jt.Port))
	c, err := dialClient(ctx, jaddr, d.config(jt), d.o.Timeout)
	if err != nil {
		return nil, err
	}
	d.jump = c
	return c, nil
}

// NewDialer loads keys, the agent and known_hosts once. Warnings (e.g. an
// encrypted key without agent) are returned for the report.
func NewDialer(o Options) (*Dialer, []string, error) {
	d := &Dialer{o: o}
	if len(o.KnownHosts) == 0 {
		return nil, nil, errors.New("no known_hosts file: host keys are always verified (--known-hosts)")
	}
	cb, err := knownhosts.New(o.KnownHosts...)
	if err != nil {
		return nil, nil, fmt.Errorf("reading known_hosts: %w", err)
	}
	d.cb = cb
	var signers []ssh.Signer
	for _, k := range o.Keys {
		b, err := os.ReadFile(k)
		if err != nil {
			return nil, nil, fmt.Errorf("reading SSH key: %w", err)
		}
		s, err := ssh.ParsePrivateKey(b)
		var pm *ssh.PassphraseMissingError
		switch {
		case errors.As(err, &pm):
			d.notes = append(d.notes, fmt.Sprintf("SSH key %s is passphrase-protected; load it into ssh-agent (SSH_AUTH_SOCK) to use it", k))
			continue
		case err != nil:
			return nil, nil, fmt.Errorf("SSH key %s: %v", k, err)
		}
		signers = append(signers, s)
	}
	if len(signers) > 0 {
		d.auth = append(d.auth, ssh.PublicKeys(signers...))
	}
	if o.AgentSocket != "" {
		if c, err := net.Dial("unix", o.AgentSocket); err == nil {
			d.auth = append(d.auth, ssh.PublicKeysCallback(agent.NewClient(c).Signers))
		} else {
			d.notes = append(d.notes, "SSH agent at SSH_AUTH_SOCK not reachable: "+err.Error())
		}
	}
	if len(d.auth) == 0 {
		return nil, d.notes, errors.New("no usable SSH credentials: give --ssh-key FILE or run an ssh-agent")
	}
	return d, d.notes, nil
}

// hostKey verifies the server key against known_hosts under the dialled
// name or any alternative name; an unknown host and a mismatch both fail.
func (d *Dialer) hostKey(t Target) ssh.HostKeyCallback {
	return func(hostname string, remote net.Addr, key ssh.PublicKey) error {
		err := d.cb(hostname, remote, key)
		var ke *knownhosts.KeyError
		if errors.As(err, &ke) && len(ke.Want) == 0 {
			for _, n := range t.Names {
				alt := knownhosts.Normalize(net.JoinHostPort(n, strconv.Itoa(t.Port)))
				err2 := d.cb(alt, remote, key)
				if err2 == nil {
					return nil
				}
				var ke2 *knownhosts.KeyError
				if errors.As(err2, &ke2) && len(ke2.Want) > 0 {
					return err2
				}
			}
		}
		return err
	}
}

func hostKeyHint(err error, t Target) (string, bool) {
	var ke *knownhosts.KeyError
	if !errors.As(err, &ke) {
		return "", false
	}
	if len(ke.Want) == 0 {
		return fmt.Sprintf("the host key of %s is not in known_hosts: verify its fingerprint out of band (ssh-keyscan -p %d %s | ssh-keygen -lf -) and add it with --known-hosts", t.Host, t.Port, t.Host), true
	}
	w := ke.Want[0]
	return fmt.Sprintf("HOST KEY MISMATCH: known_hosts (%s:%d) expects %s %s; the host may have been reinstalled or someone may be intercepting; verify before updating known_hosts",
		w.Filename, w.Line, w.Key.Type(), ssh.FingerprintSHA256(w.Key)), true
}

func (d *Dialer) config(t Target) *ssh.ClientConfig {
	return &ssh.ClientConfig{User: t.User, Auth: d.auth, HostKeyCallback: d.hostKey(t), Timeout: d.o.Timeout}
}

// Dial connects and authenticates to t.
func (d *Dialer) Dial(ctx context.Context, t Target) (*Conn, error) {
	addr := net.JoinHostPort(t.Host, strconv.Itoa(t.Port))
	fail := func(op string, err error) error {
		he := &HostError{Target: t.String(), Op: op, Err: err, Class: classOf(err, op)}
		if h, ok := hostKeyHint(err, t); ok {
			he.Hint = h
		} else if strings.Contains(err.Error(), "unable to authenticate") {
			he.Hint = "the server refused every key offered: check --ssh-user, --ssh-key and authorized_keys"
		} else {
			he.Hint = "check that the host is up and that SSH port " + strconv.Itoa(t.Port) + " is reachable (--timeout)"
		}
		return he
	}
	var raw net.Conn
	var err error
	if d.o.Jump != nil {
		var jump *ssh.Client
		if jump, err = d.jumpClient(ctx, nil); err != nil {
			he := fail("connecting through jump host "+d.o.Jump.String()+" to", err).(*HostError)
			he.Class = classOf(err, "connecting to")
			return nil, he
		}
		if raw, err = jump.Dial("tcp", addr); err != nil && isClosed(err) {
			// The shared jump connection died (jump host restarted,
			// idle timeout): dial it again once.
			if jump, err = d.jumpClient(ctx, jump); err == nil {
				raw, err = jump.Dial("tcp", addr)
			}
		}
	} else if d.o.DialContext != nil {
		raw, err = d.o.DialContext(ctx, "tcp", addr)
	} else {
		var nd net.Dialer
		nd.Timeout = d.o.Timeout
		raw, err = nd.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return nil, fail("connecting to", err)
	}
	if dl, ok := ctx.Deadline(); ok && d.o.Timeout <= 0 {
		raw.SetDeadline(dl)
	} else if d.o.Timeout > 0 {
		raw.SetDeadline(time.Now().Add(d.o.Timeout))
	}
	stop := context.AfterFunc(ctx, func() { raw.SetDeadline(time.Now()) })
	cc, chans, reqs, err := ssh.NewClientConn(raw, addr, d.config(t))
	stop()
	if err != nil {
		raw.Close()
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, fail("authenticating to", err)
	}
	raw.SetDeadline(time.Time{})
	return &Conn{Client: ssh.NewClient(cc, chans, reqs)}, nil
}

// isClosed reports whether err says the connection is gone.
func isClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || strings.Contains(err.Error(), "use of closed network connection")
}

// classOf is the outcome class of a dial error in step op.
func classOf(err error, op string) string {
	var ke *knownhosts.KeyError
	switch {
	case errors.As(err, &ke), strings.Contains(err.Error(), "unable to authenticate"):
		return Refused
	case op == "connecting to":
		return Unreachable
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, io.EOF) || strings.Contains(err.Error(), "connection reset") {
		// The server hung up or stalled before login: overloaded
		// (MaxStartups) or filtered.
		return Unreachable
	}
	return Refused
}

func dialClient(ctx context.Context, addr string, cfg *ssh.ClientConfig, timeout time.Duration) (*ssh.Client, error) {
	var nd net.Dialer
	nd.Timeout = timeout
	raw, err := nd.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	cc, chans, reqs, err := ssh.NewClientConn(raw, addr, cfg)
	if err != nil {
		raw.Close()
		return nil, err
	}
	return ssh.NewClient(cc, chans, reqs), nil
}

// limitBuffer keeps at most max bytes and notes overflow. The buffer is a
// field, not embedded: an embedded bytes.Buffer would promote ReadFrom,
// and io.Copy (which feeds a session's Stdout) would use it and bypass
// the cap.
type limitBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (l *limitBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room < len(p) {
		l.over = true
		if room > 0 {
			l.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return l.buf.Write(p)
}

// Run executes the probe in the given mode on c and returns its raw output.
// The whole exchange (opening the session, starting the command, reading
// its output) runs under timeout and ctx: opening a session and starting a
// command wait for the host's answer, so a host that never answers is cut
// off by closing the connection, which frees every wait.
func Run(ctx context.Context, c *Conn, root, mode string, sudo bool, timeout time.Duration) ([]byte, string, error) {
	cmd, err := probe.Command(root, mode, sudo)
	if err != nil {
		return nil, "", err
	}
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	type result struct {
		out    []byte
		stderr string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		out, stderr, err := runProbe(c, cmd)
		done <- result{out, stderr, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.out, r.stderr, r.err
	case <-ctx.Done():
		c.Client.Close()
		return nil, "", ctx.Err()
	case <-timer.C:
		c.Client.Close()
		return nil, "", fmt.Errorf("probe did not finish within %s", timeout)
	}
}

func runProbe(c *Conn, cmd string) ([]byte, string, error) {
	sess, err := c.Client.NewSession()
	if err != nil {
		return nil, "", err
	}
	defer sess.Close()
	var stdout = &limitBuffer{max: probe.MaxOutput}
	var stderr = &limitBuffer{max: 4096}
	// The script goes to stdin from our own goroutine: a remote that exits
	// before reading all of it (a hostile or broken host) closes the
	// channel, and that write error must not mask its exit status and
	// output, which the probe parser judges (markers and record count).
	stdin, err := sess.StdinPipe()
	if err != nil {
		return nil, "", err
	}
	sess.Stdout, sess.Stderr = stdout, stderr
	if err = sess.Start(cmd); err != nil {
		return nil, "", err
	}
	go func() {
		_, _ = io.Copy(stdin, strings.NewReader(probe.Script))
		_ = stdin.Close()
	}()
	err = sess.Wait()
	if stdout.over {
		return nil, "", fmt.Errorf("probe output exceeded %d bytes", probe.MaxOutput)
	}
	var ee *ssh.ExitError
	if err != nil && !errors.As(err, &ee) {
		return nil, "", err
	}
	return stdout.buf.Bytes(), firstLine(stderr.buf.String()), nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	// Host output is untrusted: keep it printable and short.
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// Collect audits every target with a fixed pool of Parallel workers (one
// connection and one command per host, within HostTimeout each) and
// returns one part per target in target order. Each machine is reduced to
// its snapshot facts as soon as its probe returns; the raw output is not
// kept. Failures are recorded per machine. When ctx is cancelled
// (Ctrl-C), hosts in flight are abandoned and every host not audited is
// returned as a failed source "not audited: interrupted".
func Collect(ctx context.Context, d *Dialer, targets []Target) []snapshot.HostPart {
	par := d.o.Parallel
	if par <= 0 {
		par = DefaultParallel
	}
	par = min(par, len(targets))
	out := make([]snapshot.HostPart, len(targets))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := targets[i]
				start := time.Now()
				m, err := one(ctx, d, t)
				took := time.Since(start)
				out[i] = snapshot.WithSource(m, m.SourceRecord(t.String(), took))
				mu.Lock()
				done++
				if d.o.Progress != nil {
					d.o.Progress(Event{Done: done, Total: len(targets), Target: t, Class: Classify(err), Err: err, Took: took})
				}
				mu.Unlock()
			}
		}()
	}
	sent := 0
feed:
	for sent < len(targets) {
		select {
		case next <- sent:
			sent++
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	for i := sent; i < len(targets); i++ {
		out[i] = NotAudited(targets[i], d.o.Root)
	}
	return out
}

// NotAudited is the part of a host that an interrupted run never reached.
func NotAudited(t Target, root string) snapshot.HostPart {
	if root == "" {
		root = "/"
	}
	m := snapshot.Machine{Name: t.Host, Via: "ssh", Root: root, Error: "not audited: interrupted",
		Hint: "the run was interrupted before this host was audited; run the audit again"}
	return snapshot.WithSource(m, m.SourceRecord(t.String(), 0))
}

// hostTimeout is the deadline of one host as a whole.
func (d *Dialer) hostTimeout() time.Duration {
	if d.o.HostTimeout > 0 {
		return d.o.HostTimeout
	}
	if d.o.Timeout > 0 {
		return 4 * d.o.Timeout
	}
	return 2 * time.Minute
}

func one(ctx context.Context, d *Dialer, t Target) (snapshot.Machine, error) {
	root := d.o.Root
	if root == "" {
		root = "/"
	}
	name := t.Host
	failed := func(err error) (snapshot.Machine, error) {
		if errors.Is(err, context.Canceled) {
			m := NotAudited(t, root).Machine
			m.Source = ""
			return m, err
		}
		m := snapshot.Machine{Name: name, Via: "ssh", Root: root, Error: err.Error()}
		var he *HostError
		if errors.As(err, &he) {
			m.Hint = he.Hint
		}
		return m, err
	}
	if ctx.Err() != nil {
		return failed(ctx.Err())
	}
	hctx, cancel := context.WithTimeout(ctx, d.hostTimeout())
	defer cancel()
	c, err := d.Dial(hctx, t)
	if err != nil {
		if ctx.Err() != nil {
			return failed(ctx.Err())
		}
		return failed(err)
	}
	defer c.Close()
	raw, stderr, err := Run(hctx, c, root, probe.ModeAudit, d.o.Sudo, d.hostTimeout())
	if err != nil {
		if ctx.Err() != nil {
			return failed(ctx.Err())
		}
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("host did not finish within %s (--timeout)", d.hostTimeout())
		}
		return failed(&HostError{Target: t.String(), Op: "running the probe on", Err: err, Class: ProbeFailed})
	}
	out, err := probe.Parse(raw)
	if err != nil {
		he := &HostError{Target: t.String(), Op: "reading probe output from", Err: err, Class: ProbeFailed}
		if stderr != "" {
			he.Hint = "the host said: " + stderr
		}
		if d.o.Sudo && strings.Contains(stderr, "password") {
			he.Hint = "sudo asked for a password: --sudo needs a NOPASSWD rule for the probe (sudo -n)"
		}
		return failed(he)
	}
	// Reduced to facts now; compact drops the last references to the raw
	// output.
	return compact(probe.Machine(out, name, "ssh", root)), nil
}
