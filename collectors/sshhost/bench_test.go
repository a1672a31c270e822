package sshhost_test

import (
	"context"
	"testing"

	"github.com/csaudit/csaudit/collectors/sshhost"
	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
)

// benchHosts audits n targets (the same test sshd, as an unprivileged user
// so root's shell start-up files do not count) with the given parallelism.
func benchHosts(b *testing.B, n, parallel int) {
	if srv == nil {
		b.Skip("no sshd")
	}
	d, _, err := sshhost.NewDialer(sshhost.Options{Keys: []string{srv.ClientKey}, KnownHosts: []string{srv.KnownHosts}, Parallel: parallel})
	if err != nil {
		b.Fatal(err)
	}
	tg, _ := sshhost.ParseTarget(sshtest.ProbeUser+"@"+srv.Addr, "root")
	targets := make([]sshhost.Target, n)
	for i := range targets {
		targets[i] = tg
	}
	for b.Loop() {
		for _, m := range sshhost.Collect(context.Background(), d, targets) {
			if m.Error != "" {
				b.Fatal(m.Error)
			}
		}
	}
	b.ReportMetric(float64(n), "hosts/op")
}

// Baseline: one host. The fleet benchmarks divide by it.
func BenchmarkProbe1Host(b *testing.B)           { benchHosts(b, 1, 1) }
func BenchmarkProbe32HostsSerial(b *testing.B)   { benchHosts(b, 32, 1) }
func BenchmarkProbe32HostsParallel(b *testing.B) { benchHosts(b, 32, 8) }
