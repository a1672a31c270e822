// Package local runs csaudit's host probe on this machine, for running
// csaudit on a management server or host itself, or on a mounted image
// with --root. It is the same script and parser as over SSH.
package local

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/csaudit/csaudit/collectors/probe"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Collect probes this machine (or the tree at root) and returns its facts
// with the source record.
func Collect(ctx context.Context, root string, timeout time.Duration) snapshot.HostPart {
	start := time.Now()
	m := collect(ctx, root, timeout)
	return snapshot.WithSource(m, m.SourceRecord(m.Name, time.Since(start)))
}

func collect(ctx context.Context, root string, timeout time.Duration) snapshot.Machine {
	if root == "" {
		root = "/"
	}
	name, _ := os.Hostname()
	if name == "" {
		name = "localhost"
	}
	failed := func(err error, hint string) snapshot.Machine {
		return snapshot.Machine{Name: name, Via: "local", Root: root, Error: err.Error(), Hint: hint}
	}
	if err := probe.ValidRoot(root); err != nil {
		return failed(err, "--root takes an absolute directory path")
	}
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		return failed(fmt.Errorf("root %s is not a readable directory", root), "")
	}
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-s", "--", root, probe.ModeAudit) // #nosec G204 -- fixed program; root is an argument checked by probe.ValidRoot above, never shell text
	cmd.Stdin = strings.NewReader(probe.Script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return failed(fmt.Errorf("running the probe: %v", err), strings.TrimSpace(firstLine(stderr.String())))
	}
	if stdout.Len() > probe.MaxOutput {
		return failed(fmt.Errorf("probe output exceeded %d bytes", probe.MaxOutput), "")
	}
	out, err := probe.Parse(stdout.Bytes())
	if err != nil {
		return failed(err, "")
	}
	return probe.Machine(out, name, "local", root)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
