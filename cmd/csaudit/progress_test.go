package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/collectors/sshhost"
)

// On a terminal: one line redrawn in place with done/total, failures,
// elapsed and ETA, ended by a newline; then the summary.
func TestProgressTerminalLine(t *testing.T) {
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	var w bytes.Buffer
	p := newProgress(&w, true, now)
	p.planned(4)
	classes := []string{sshhost.Audited, sshhost.Unreachable, sshhost.Refused, sshhost.Audited}
	for i, c := range classes {
		clock = clock.Add(time.Second)
		var err error
		if c != sshhost.Audited {
			err = errors.New("x")
		}
		p.host(sshhost.Event{Done: i + 1, Total: 4, Target: sshhost.Target{User: "root", Host: "h" + string(rune('1'+i)), Port: 22}, Class: c, Err: err, Took: time.Duration(i+1) * time.Second})
	}
	p.finish()
	out := w.String()
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Errorf("want one redrawn line ended by one newline, got %q", out)
	}
	if !strings.Contains(out, "\r\033[Kcsaudit: 1/4 hosts, 0 failed") || !strings.Contains(out, "ETA 3s") {
		t.Errorf("no redrawn state with ETA: %q", out)
	}
	if !strings.HasSuffix(out, "csaudit: 4/4 hosts, 2 failed (1 unreachable, 1 refused), 4s elapsed\n") {
		t.Errorf("final line: %q", out)
	}
	w.Reset()
	var srcs []snapshot.Source
	for i := range 4 {
		srcs = append(srcs, snapshot.Source{Kind: "ssh", Target: "h", OK: classes[i] == sshhost.Audited})
	}
	srcs = append(srcs, snapshot.Source{Kind: "database", Target: "mysql://db/cloud", OK: true, DurationMS: 1500})
	p.summary(srcs)
	for _, want := range []string{"summary: database mysql://db/cloud: ok (1.5s)", "ssh: 4 hosts", "2 audited, 1 unreachable, 1 refused, 0 failed, 0 not audited", "slowest hosts: root@h4:22 4s, root@h1:22 1s"} {
		if !strings.Contains(w.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, w.String())
		}
	}
}
