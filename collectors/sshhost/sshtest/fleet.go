package sshtest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Fleet is N loopback SSH endpoints for fleet tests and benchmarks: real
// OpenSSH daemons listening on 127.1.x.y (one address per host, all on one
// port), each daemon serving up to MaxListen addresses, with one host key,
// one known_hosts line per endpoint and one authorized client key. Logins
// are as ProbeUser (shell /bin/sh, nothing in it) so that shell start-up
// costs are those of a plain account.
type Fleet struct {
	Dir        string
	Port       int
	Addrs      []string // "127.1.0.1:PORT", ...
	KnownHosts string
	ClientKey  string
	HostsFile  string // one "ProbeUser@addr" per line, for --ssh-hosts
	daemons    []*Server
}

// MaxListen is sshd's limit of listening sockets (MAX_LISTEN_SOCKS).
const MaxListen = 16

// FleetAddr is the loopback address of endpoint i (0-based): 127.1.0.1 on.
func FleetAddr(i int) string {
	base := netip.MustParseAddr("127.1.0.0").As4()
	n := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(i+1)
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}).String()
}

// StartFleet starts n endpoints. Stop ends them and removes Dir.
func StartFleet(n int) (*Fleet, error) {
	if ok, why := Available(); !ok {
		return nil, errors.New(why)
	}
	if n < 1 || n > 60000 {
		return nil, fmt.Errorf("fleet of %d: want 1..60000 endpoints", n)
	}
	if err := EnsureUsers(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "csaudit-fleet-")
	if err != nil {
		return nil, err
	}
	f := &Fleet{Dir: dir}
	ok := false
	defer func() {
		if !ok {
			f.Stop()
		}
	}()
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	// One key set for the fleet, made the way Start makes it.
	keys := &Server{Host: "127.1.0.1", Dir: dir}
	if err := keys.makeKeys(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		return nil, err
	}
	f.ClientKey = keys.ClientKey
	f.KnownHosts = keys.KnownHosts
	f.HostsFile = filepath.Join(dir, "hosts.txt")
	if f.Port, err = fleetPort(); err != nil {
		return nil, err
	}
	var kh, hosts strings.Builder
	for i := range n {
		a := FleetAddr(i)
		f.Addrs = append(f.Addrs, net.JoinHostPort(a, strconv.Itoa(f.Port)))
		fmt.Fprintf(&kh, "[%s]:%d %s\n", a, f.Port, keys.HostKeyLine)
		fmt.Fprintf(&hosts, "%s@%s\n", ProbeUser, f.Addrs[i])
	}
	if err := os.WriteFile(f.KnownHosts, []byte(kh.String()), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(f.HostsFile, []byte(hosts.String()), 0o644); err != nil {
		return nil, err
	}
	penalties := true
	for d := 0; d*MaxListen < n; d++ {
		s := &Server{Host: FleetAddr(d * MaxListen), Port: f.Port, Dir: dir, HostKeyLine: keys.HostKeyLine}
		s.Config = filepath.Join(dir, fmt.Sprintf("sshd_config.%d", d))
		s.Log = filepath.Join(dir, fmt.Sprintf("sshd.%d.log", d))
		s.Addr = net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
		var addrs []string
		for i := d * MaxListen; i < min(n, (d+1)*MaxListen); i++ {
			addrs = append(addrs, FleetAddr(i))
		}
		cfg := fleetConfig(dir, f.Port, d, addrs, penalties)
		if err := os.WriteFile(s.Config, []byte(cfg), 0o644); err != nil {
			return nil, err
		}
		if d == 0 {
			if out, err := exec.Command(SshdPath, "-t", "-f", s.Config).CombinedOutput(); err != nil {
				if !strings.Contains(string(out), "PerSourcePenalties") {
					return nil, fmt.Errorf("sshd -t: %v: %s", err, strings.TrimSpace(string(out)))
				}
				penalties = false
				if err := os.WriteFile(s.Config, []byte(fleetConfig(dir, f.Port, d, addrs, false)), 0o644); err != nil {
					return nil, err
				}
			}
		}
		if err := s.launch(); err != nil {
			return nil, err
		}
		f.daemons = append(f.daemons, s)
	}
	// Every endpoint answers before the fleet is handed out.
	var wg sync.WaitGroup
	errs := make(chan error, len(f.Addrs))
	sem := make(chan struct{}, 16)
	for _, a := range f.Addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			s := &Server{Addr: a}
			var err error
			for try := 0; try < 50; try++ {
				if err = s.banner(); err == nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
			errs <- fmt.Errorf("fleet endpoint %s: %v", a, err)
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	ok = true
	return f, nil
}

// Daemons returns the process ids of the fleet's sshd daemons.
func (f *Fleet) Daemons() []int {
	var out []int
	for _, s := range f.daemons {
		if s.cmd != nil && s.cmd.Process != nil {
			out = append(out, s.cmd.Process.Pid)
		}
	}
	return out
}

func fleetConfig(dir string, port, d int, addrs []string, penalties bool) string {
	p := func(n string) string { return filepath.Join(dir, n) }
	lines := []string{"# csaudit fleet sshd (collectors/sshhost/sshtest)", fmt.Sprintf("Port %d", port), "AddressFamily inet"}
	for _, a := range addrs {
		lines = append(lines, "ListenAddress "+a)
	}
	lines = append(lines,
		"HostKey "+p("ssh_host_ed25519_key"),
		"PidFile "+p(fmt.Sprintf("sshd.%d.pid", d)),
		"AuthorizedKeysFile "+p("authorized_keys"),
		"AllowUsers "+ProbeUser,
		"PubkeyAuthentication yes",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"PermitRootLogin no",
		"UsePAM no",
		"UseDNS no",
		"StrictModes no",
		"MaxStartups 256:30:512",
		"MaxSessions 10",
		"LogLevel ERROR",
		"PrintMotd no",
		"PrintLastLog no",
		"X11Forwarding no",
	)
	if penalties {
		lines = append(lines, "PerSourcePenalties no")
	}
	return strings.Join(lines, "\n") + "\n"
}

// fleetPort finds a port free on the fleet's first address.
func fleetPort() (int, error) {
	for try := 0; try < 20; try++ {
		p := 20000 + rand.IntN(30000)
		l, err := net.Listen("tcp", net.JoinHostPort(FleetAddr(0), strconv.Itoa(p)))
		if err == nil {
			l.Close()
			return p, nil
		}
	}
	return 0, errors.New("no free port for the fleet")
}

// Stop kills the daemons and removes Dir.
func (f *Fleet) Stop() {
	for _, s := range f.daemons {
		s.kill()
	}
	if f.Dir != "" {
		_ = os.RemoveAll(f.Dir)
	}
}
