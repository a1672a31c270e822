package sshhost_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/csaudit/csaudit/collectors/sshhost"
	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
)

func fleet(t *testing.T, n int) *sshtest.Fleet {
	t.Helper()
	need(t)
	f, err := sshtest.StartFleet(n)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Stop)
	return f
}

func fleetTargets(t *testing.T, f *sshtest.Fleet) []sshhost.Target {
	var out []sshhost.Target
	for _, a := range f.Addrs {
		tg, err := sshhost.ParseTarget(sshtest.ProbeUser+"@"+a, "root")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tg)
	}
	return out
}

func logins(t *testing.T) int {
	b, err := os.ReadFile(srv.Log)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "Accepted publickey for root")
}

// Every target behind a jump host rides one jump connection.
func TestJumpHostSharedAcrossTargets(t *testing.T) {
	f := fleet(t, 6)
	j := target(t, "root")
	before := logins(t)
	d := dialer(t, sshhost.Options{Jump: &j, Keys: []string{srv.ClientKey, f.ClientKey}, KnownHosts: []string{srv.KnownHosts, f.KnownHosts}, Parallel: 3})
	ms := sshhost.Collect(context.Background(), d, fleetTargets(t, f))
	d.Close()
	for _, m := range ms {
		if m.Error != "" {
			t.Fatalf("%s via jump host: %s", m.Name, m.Error)
		}
	}
	time.Sleep(200 * time.Millisecond) // sshd's log write
	if n := logins(t) - before; n != 1 {
		t.Errorf("%d logins on the jump host for %d targets, want 1", n, len(ms))
	}
}

// The pool never runs more than Parallel hosts at once, reports every
// host once, and results stay in target order.
func TestCollectPoolBoundsAndOrder(t *testing.T) {
	f := fleet(t, 9)
	var mu sync.Mutex
	var events []sshhost.Event
	d := dialer(t, sshhost.Options{Keys: []string{f.ClientKey}, KnownHosts: []string{f.KnownHosts}, Parallel: 2,
		Progress: func(ev sshhost.Event) { mu.Lock(); events = append(events, ev); mu.Unlock() }})
	ts := fleetTargets(t, f)
	ms := sshhost.Collect(context.Background(), d, ts)
	for i, m := range ms {
		if m.Name != ts[i].Host || m.Error != "" {
			t.Errorf("part %d: %s (%s), want %s", i, m.Name, m.Error, ts[i].Host)
		}
	}
	if len(events) != len(ts) || events[len(events)-1].Done != len(ts) {
		t.Fatalf("%d events, want %d", len(events), len(ts))
	}
	for _, ev := range events {
		if ev.Class != sshhost.Audited {
			t.Errorf("%s: %s", ev.Target, ev.Class)
		}
	}
}

// Unreachable and refused hosts are classified; a cancelled run returns
// the hosts it never reached as "not audited: interrupted".
func TestCollectClassesAndInterrupt(t *testing.T) {
	f := fleet(t, 2)
	ts := fleetTargets(t, f)
	down := ts[0]
	down.Port = 1 // nothing listens there
	var got []string
	// A key the fleet does not authorize: the second host refuses.
	d := dialer(t, sshhost.Options{Keys: []string{srv.OtherKey}, KnownHosts: []string{f.KnownHosts}, Parallel: 1, Timeout: 3 * time.Second,
		Progress: func(ev sshhost.Event) { got = append(got, ev.Target.String()+"="+ev.Class) }})
	if ms := sshhost.Collect(context.Background(), d, nil); len(ms) != 0 {
		t.Errorf("no targets: %d parts", len(ms))
	}
	sshhost.Collect(context.Background(), d, []sshhost.Target{down, ts[1]})
	want := []string{down.String() + "=unreachable", ts[1].String() + "=refused"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("classes %v, want %v", got, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ms := sshhost.Collect(ctx, dialer(t, sshhost.Options{Keys: []string{f.ClientKey}, KnownHosts: []string{f.KnownHosts}}), ts)
	for _, m := range ms {
		if m.Error != "not audited: interrupted" || m.Source.OK || m.Source.Error != "not audited: interrupted" {
			t.Errorf("interrupted run: %s: %q (source %+v)", m.Name, m.Error, m.Source)
		}
	}
}
