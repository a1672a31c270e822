package sshhost_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/local"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/collectors/sshhost"
	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
)

var srv *sshtest.Server

func TestMain(m *testing.M) {
	if ok, why := sshtest.Available(); !ok {
		if sshtest.Required() {
			fmt.Fprintln(os.Stderr, "integration tests required but "+why)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "skipping sshd integration tests: "+why)
		os.Exit(m.Run())
	}
	var err error
	if srv, err = sshtest.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "starting sshd:", err)
		os.Exit(1)
	}
	code := m.Run()
	srv.Stop()
	os.Exit(code)
}

func need(t *testing.T) {
	t.Helper()
	if srv == nil {
		_, why := sshtest.Available()
		t.Skip("no sshd: " + why)
	}
}

func dialer(t *testing.T, o sshhost.Options) *sshhost.Dialer {
	t.Helper()
	if o.Keys == nil {
		o.Keys = []string{srv.ClientKey}
	}
	if o.KnownHosts == nil {
		o.KnownHosts = []string{srv.KnownHosts}
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	d, _, err := sshhost.NewDialer(o)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func target(t *testing.T, user string) sshhost.Target {
	tg, err := sshhost.ParseTarget(fmt.Sprintf("%s@%s", user, srv.Addr), "root")
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// hostFindings runs the host checks on one machine.
func hostFindings(m snapshot.Machine) map[checks.Status][]string {
	s := &snapshot.Snapshot{CollectedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), Machines: []snapshot.Machine{m}}
	s.SetData(snapshot.DataMachines, snapshot.Collected, "")
	sel, _, _ := checks.Select([]string{"CS-HOST", "CS-KVM", "CS-MGMT"}, nil)
	out := map[checks.Status][]string{}
	for _, f := range checks.Run(s, sel) {
		if !slices.Contains(out[f.Status], f.CheckID) {
			out[f.Status] = append(out[f.Status], f.CheckID)
		}
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out
}

func ids(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}

// The trees of testdata/hosts audited over a real sshd: every planted
// weakness is flagged, the hardened trees come out clean, and --local gives
// the same machine facts as SSH.
func TestAuditTreesOverSSH(t *testing.T) {
	need(t)
	cases := []struct {
		tree, roles, fail, errs string
	}{
		{"mgmt-weak", "management-server database-server",
			"CS-HOST-001 CS-HOST-003 CS-HOST-004 CS-HOST-005 CS-HOST-006 CS-HOST-007 CS-HOST-008 CS-HOST-014 CS-HOST-015 CS-HOST-017 CS-HOST-018 CS-HOST-020 CS-HOST-021 CS-KVM-001 CS-KVM-002 CS-MGMT-001 CS-MGMT-002 CS-MGMT-006 CS-MGMT-007 CS-MGMT-008", ""},
		{"mgmt-hardened", "management-server database-server", "", ""},
		{"kvm-weak", "kvm-host", "CS-HOST-001 CS-HOST-009 CS-HOST-010 CS-HOST-012 CS-HOST-020 CS-KVM-001 CS-KVM-002 CS-KVM-003 CS-KVM-008 CS-KVM-009", ""},
		{"kvm-hardened", "kvm-host", "", ""},
	}
	for _, c := range cases {
		t.Run(c.tree, func(t *testing.T) {
			root, err := sshtest.Tree(c.tree)
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(root)
			d := dialer(t, sshhost.Options{Root: root})
			ms := sshhost.Collect(context.Background(), d, []sshhost.Target{target(t, "root")})
			m := ms[0].Machine
			if src := ms[0].Source; !src.OK || src.Kind != "ssh" || !strings.Contains(src.Target, "(root "+root+")") {
				t.Errorf("source record %+v", src)
			}
			if m.Error != "" || len(m.Warnings) > 0 {
				t.Fatalf("probe: %s %v", m.Error, m.Warnings)
			}
			if got := strings.Join(m.Roles, " "); got != c.roles {
				t.Errorf("roles %q, want %q", got, c.roles)
			}
			fs := hostFindings(m)
			if !slices.Equal(fs[checks.Fail], ids(c.fail)) {
				t.Errorf("failing checks\n got  %v\n want %v", fs[checks.Fail], ids(c.fail))
			}
			if len(fs[checks.Error]) > 0 {
				t.Errorf("errors: %v", fs[checks.Error])
			}
			// --local runs the same probe: same facts.
			lm := local.Collect(context.Background(), root, 0).Machine
			lm.Name, lm.Via = m.Name, m.Via
			if !reflect.DeepEqual(lm, m) {
				t.Errorf("--local and SSH disagree:\nlocal %+v\nssh   %+v", lm, m)
			}
			secretsAbsent(t, c.tree, m)
		})
	}
}

// secretsAbsent: no value from the tree's secret-bearing files survives
// into the machine facts.
func secretsAbsent(t *testing.T, tree string, m snapshot.Machine) {
	t.Helper()
	raw := fmt.Sprintf("%+v", m)
	for _, p := range []string{"etc/cloudstack/management/key", "var/lib/cloudstack/management/.ssh/id_rsa", "etc/cloudstack/agent/cloud.key", "root/.ssh/id_rsa.cloud"} {
		b, err := os.ReadFile(filepath.Join(sshtest.HostsDir(), tree, p))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if len(line) >= 16 && !strings.HasPrefix(line, "-----") && strings.Contains(raw, line) {
				t.Errorf("%s: a line of %s reached the snapshot", tree, p)
			}
		}
	}
	for _, f := range m.Files {
		for k, v := range f.Values {
			if strings.Contains(strings.ToLower(k), "pass") || strings.Contains(strings.ToLower(k), "secret") {
				t.Errorf("%s %s kept a secret-looking value %q", f.Path, k, v)
			}
		}
	}
}

func TestHostKeyMismatchRefusedOthersAudited(t *testing.T) {
	need(t)
	// known_hosts: the right key for 127.0.0.1, a wrong one for "localhost".
	good, _ := os.ReadFile(srv.KnownHosts)
	wrong, _ := os.ReadFile(srv.WrongKnownHosts)
	kh := filepath.Join(t.TempDir(), "known_hosts")
	w := strings.Replace(string(wrong), "[127.0.0.1]", "[localhost]", 1)
	if err := os.WriteFile(kh, append(good, []byte(w)...), 0o600); err != nil {
		t.Fatal(err)
	}
	d := dialer(t, sshhost.Options{KnownHosts: []string{kh}})
	bad, _ := sshhost.ParseTarget(fmt.Sprintf("root@localhost:%d", srv.Port), "root")
	ms := sshhost.Collect(context.Background(), d, []sshhost.Target{target(t, "root"), bad})
	if ms[0].Error != "" {
		t.Fatalf("good host failed: %s", ms[0].Error)
	}
	if ms[1].Error == "" || !strings.Contains(ms[1].Hint, "HOST KEY MISMATCH") {
		t.Fatalf("mismatched host not refused: %+v", ms[1])
	}
}

func TestUnknownHostRefused(t *testing.T) {
	need(t)
	empty := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(empty, nil, 0o600)
	ms := sshhost.Collect(context.Background(), dialer(t, sshhost.Options{KnownHosts: []string{empty}}), []sshhost.Target{target(t, "root")})
	if ms[0].Error == "" || !strings.Contains(ms[0].Hint, "not in known_hosts") {
		t.Fatalf("unknown host accepted or no hint: %+v", ms[0])
	}
}

func TestDiscoveredNameMatchesKnownHosts(t *testing.T) {
	need(t)
	// known_hosts lists the host only by name; the target is the IP with
	// that name attached, as --ssh-discover does.
	good, _ := os.ReadFile(srv.KnownHosts)
	kh := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(kh, []byte(strings.Replace(string(good), "[127.0.0.1]", "[kvm01.example.com]", 1)), 0o600)
	tg := target(t, "root")
	tg.Names = []string{"kvm01.example.com"}
	ms := sshhost.Collect(context.Background(), dialer(t, sshhost.Options{KnownHosts: []string{kh}}), []sshhost.Target{tg})
	if ms[0].Error != "" {
		t.Fatalf("name-only known_hosts entry not used: %s", ms[0].Error)
	}
}

func TestAuthenticationFailure(t *testing.T) {
	need(t)
	ms := sshhost.Collect(context.Background(), dialer(t, sshhost.Options{Keys: []string{srv.OtherKey}}), []sshhost.Target{target(t, "root")})
	if ms[0].Error == "" || !strings.Contains(ms[0].Hint, "refused every key") {
		t.Fatalf("%+v", ms[0])
	}
}

func TestEncryptedKeyWithoutAgent(t *testing.T) {
	need(t)
	_, notes, err := sshhost.NewDialer(sshhost.Options{Keys: []string{srv.EncryptedClientKey}, KnownHosts: []string{srv.KnownHosts}})
	if err == nil || len(notes) == 0 || !strings.Contains(notes[0], "passphrase-protected") {
		t.Fatalf("err %v notes %v", err, notes)
	}
}

func TestUnreachableHost(t *testing.T) {
	need(t)
	tg, _ := sshhost.ParseTarget("root@127.0.0.1:1", "root")
	ms := sshhost.Collect(context.Background(), dialer(t, sshhost.Options{Timeout: 3 * time.Second}), []sshhost.Target{tg})
	if ms[0].Error == "" || !strings.Contains(ms[0].Error, "127.0.0.1:1") {
		t.Fatalf("%+v", ms[0])
	}
}

// An unprivileged login cannot read 0640 root:cloud files: the facts say
// so and the checks that need the content error instead of passing.
func TestUnreadableFiles(t *testing.T) {
	need(t)
	root, err := sshtest.Tree("mgmt-hardened")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(root)
	ms := sshhost.Collect(context.Background(), dialer(t, sshhost.Options{Root: root}), []sshhost.Target{target(t, sshtest.ProbeUser)})
	m := ms[0].Machine
	if m.Error != "" {
		t.Fatal(m.Error)
	}
	f, _ := m.File("/etc/cloudstack/management/db.properties")
	if f == nil || f.Read || f.Error != "not readable" || f.Stat == nil {
		t.Fatalf("db.properties: %+v", f)
	}
	fs := hostFindings(m)
	if !slices.Contains(fs[checks.Error], "CS-HOST-003") || slices.Contains(fs[checks.Pass], "CS-HOST-003") {
		t.Fatalf("unreadable db.properties must make CS-HOST-003 error: %v", fs)
	}
}

func TestParseTarget(t *testing.T) {
	good := map[string]string{
		"mgmt1":                  "root@mgmt1:22",
		"admin@10.0.0.5:2222":    "admin@10.0.0.5:2222",
		"[2001:db8::1]:22":       "root@[2001:db8::1]:22",
		"ops@kvm-01.example.com": "ops@kvm-01.example.com:22",
		"2001:db8::2":            "root@[2001:db8::2]:22",
	}
	for in, want := range good {
		tg, err := sshhost.ParseTarget(in, "root")
		if err != nil || tg.String() != want {
			t.Errorf("ParseTarget(%q) = %v, %v; want %s", in, tg, err, want)
		}
	}
	for _, bad := range []string{"", "root;id@host", "host;rm -rf /", "-oProxyCommand=x", "host:99999", "us er@host", "host:22:33x", "$(id)"} {
		if _, err := sshhost.ParseTarget(bad, "root"); err == nil {
			t.Errorf("ParseTarget(%q) accepted", bad)
		}
	}
}

// Keys held by an ssh-agent (SSH_AUTH_SOCK) authenticate without --ssh-key.
func TestAgentAuthentication(t *testing.T) {
	need(t)
	agentBin, err := exec.LookPath("ssh-agent")
	if err != nil {
		t.Skip("ssh-agent not installed")
	}
	sock := filepath.Join(t.TempDir(), "agent.sock")
	agent := exec.Command(agentBin, "-D", "-a", sock)
	if err := agent.Start(); err != nil {
		t.Fatal(err)
	}
	defer agent.Process.Kill()
	for i := 0; i < 50; i++ {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	add := exec.Command("ssh-add", srv.ClientKey)
	add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v %s", err, out)
	}
	d := dialer(t, sshhost.Options{Keys: []string{}, AgentSocket: sock})
	ms := sshhost.Collect(context.Background(), d, []sshhost.Target{target(t, "root")})
	if ms[0].Error != "" {
		t.Fatalf("agent login failed: %s", ms[0].Error)
	}
}

// Through a jump host (the same sshd, which forwards to itself): the
// target's host key is still verified end to end.
func TestJumpHost(t *testing.T) {
	need(t)
	j := target(t, "root")
	ms := sshhost.Collect(context.Background(), dialer(t, sshhost.Options{Jump: &j}), []sshhost.Target{target(t, sshtest.ProbeUser)})
	if ms[0].Error != "" {
		t.Fatalf("via jump host: %s", ms[0].Error)
	}
	// A wrong key for the final target is refused even through the jump.
	good, _ := os.ReadFile(srv.KnownHosts)
	wrong, _ := os.ReadFile(srv.WrongKnownHosts)
	kh := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(kh, append(good, []byte(strings.Replace(string(wrong), "[127.0.0.1]", "[localhost]", 1))...), 0o600)
	bad, _ := sshhost.ParseTarget(fmt.Sprintf("root@localhost:%d", srv.Port), "root")
	ms = sshhost.Collect(context.Background(), dialer(t, sshhost.Options{Jump: &j, KnownHosts: []string{kh}}), []sshhost.Target{bad})
	if ms[0].Error == "" || !strings.Contains(ms[0].Hint, "HOST KEY MISMATCH") {
		t.Fatalf("mismatch through the jump host not refused: %+v", ms[0])
	}
}
