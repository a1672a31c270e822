package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/collectors/sshhost"
)

// Host progress on standard error: on a terminal one line redrawn in
// place (hosts done/total, failures, elapsed, ETA); otherwise one plain line
// per host. After collection, a summary per source.

// progress follows one audit's hosts. Its methods are safe for concurrent use.
type progress struct {
	w     io.Writer
	tty   bool
	now   func() time.Time
	mu    sync.Mutex
	start time.Time
	total int
	done  int
	by    map[string]int // outcome class -> hosts
	slow  []sshhost.Event
	drawn time.Time
	dirty bool
}

func newProgress(w io.Writer, tty bool, now func() time.Time) *progress {
	return &progress{w: w, tty: tty, now: now, start: now(), by: map[string]int{}}
}

// planned is called once the host list is known.
func (p *progress) planned(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total, p.start = n, p.now()
	if p.tty {
		p.draw()
	} else {
		fmt.Fprintf(p.w, "csaudit: auditing %d hosts\n", n)
	}
}

// slowest keeps this many slowest hosts for the summary.
const slowest = 3

// host records one finished host.
func (p *progress) host(ev sshhost.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = ev.Done
	p.total = ev.Total
	p.by[ev.Class]++
	if ev.Class == sshhost.Audited {
		ev.Err = nil
		p.slow = append(p.slow, ev)
		slices.SortFunc(p.slow, func(a, b sshhost.Event) int { return int(b.Took - a.Took) })
		if len(p.slow) > slowest {
			p.slow = p.slow[:slowest]
		}
	}
	if !p.tty {
		state := "ok"
		if ev.Class != sshhost.Audited {
			state = strings.ToUpper(ev.Class)
		}
		fmt.Fprintf(p.w, "csaudit: host %d/%d %s %s %s\n", ev.Done, ev.Total, ev.Target, state, ev.Took.Round(time.Millisecond))
		return
	}
	// Redraw at most 10 times a second, and always for the last host.
	if t := p.now(); t.Sub(p.drawn) >= 100*time.Millisecond || ev.Done == ev.Total {
		p.draw()
	} else {
		p.dirty = true
	}
}

// line is the one-line state: "37/200 hosts, 2 failed (1 unreachable, 1
// refused), 12s elapsed, ETA 52s".
func (p *progress) line() string {
	el := p.now().Sub(p.start)
	failed := p.done - p.by[sshhost.Audited]
	s := fmt.Sprintf("csaudit: %d/%d hosts, %d failed (%d unreachable, %d refused), %s elapsed", p.done, p.total, failed,
		p.by[sshhost.Unreachable], p.by[sshhost.Refused], el.Round(time.Second))
	if p.done > 0 && p.done < p.total {
		eta := time.Duration(float64(el) / float64(p.done) * float64(p.total-p.done))
		s += ", ETA " + eta.Round(time.Second).String()
	}
	return s
}

func (p *progress) draw() {
	fmt.Fprintf(p.w, "\r\033[K%s", p.line())
	p.drawn, p.dirty = p.now(), false
}

// finish ends the redrawn line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.total > 0 {
		p.draw()
		fmt.Fprintln(p.w)
	}
}

// summary prints one line per source kind: the database and other single
// sources by name, the SSH hosts counted by outcome with the slowest.
func (p *progress) summary(srcs []snapshot.Source) {
	p.mu.Lock()
	defer p.mu.Unlock()
	writeSourceSummary(p.w, srcs, p.by, p.slow, p.now().Sub(p.start))
}

func writeSourceSummary(w io.Writer, srcs []snapshot.Source, by map[string]int, slow []sshhost.Event, took time.Duration) {
	hosts := 0
	for _, s := range srcs {
		switch s.Kind {
		case "ssh":
			hosts++
		case "ssh-client", "shard", "csaudit":
		default:
			state := "ok"
			if !s.OK {
				state = "FAILED"
			}
			fmt.Fprintf(w, "csaudit: summary: %s %s: %s (%s)\n", s.Kind, s.Target, state, (time.Duration(s.DurationMS) * time.Millisecond).String())
		}
	}
	if hosts == 0 {
		return
	}
	fmt.Fprintf(w, "csaudit: summary: ssh: %d hosts in %s: %d audited, %d unreachable, %d refused, %d failed, %d not audited (interrupted)\n",
		hosts, took.Round(100*time.Millisecond), by[sshhost.Audited], by[sshhost.Unreachable], by[sshhost.Refused], by[sshhost.ProbeFailed],
		hosts-by[sshhost.Audited]-by[sshhost.Unreachable]-by[sshhost.Refused]-by[sshhost.ProbeFailed])
	if len(slow) > 0 {
		var parts []string
		for _, ev := range slow {
			parts = append(parts, fmt.Sprintf("%s %s", ev.Target, ev.Took.Round(time.Millisecond)))
		}
		fmt.Fprintf(w, "csaudit: summary: slowest hosts: %s\n", strings.Join(parts, ", "))
	}
}
