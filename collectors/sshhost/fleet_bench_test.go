package sshhost_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/probe"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/collectors/sshhost"
	"github.com/csaudit/csaudit/reports"
)

// Client-side scaling with in-process SSH servers (golang.org/x/crypto/ssh):
// every target is a distinct loopback address (127.2.x.y:22, verified
// against its own known_hosts line) that the dialer routes to one
// in-process server answering each exec with a real probe output captured
// from this machine. The whole pipeline runs: collect, checks, report,
// JSON. Reported: ms/host, peak Go heap and the process's peak RSS
// (getrusage; it includes the servers). Run with 'make bench-scale'.

type inProcServer struct {
	addr  string
	l     net.Listener
	out   []byte
	key   ssh.Signer
	kh    string
	ckey  string
	execs atomic.Int64
}

func startInProc(b *testing.B, n int) *inProcServer {
	b.Helper()
	dir := b.TempDir()
	_, hpriv, _ := ed25519.GenerateKey(rand.Reader)
	hk, _ := ssh.NewSignerFromKey(hpriv)
	_, cpriv, _ := ed25519.GenerateKey(rand.Reader)
	ck, _ := ssh.NewSignerFromKey(cpriv)
	pemBlock, err := ssh.MarshalPrivateKey(cpriv, "")
	if err != nil {
		b.Fatal(err)
	}
	s := &inProcServer{key: hk, kh: filepath.Join(dir, "known_hosts"), ckey: filepath.Join(dir, "client")}
	if err := os.WriteFile(s.ckey, pemEncode(pemBlock.Type, pemBlock.Bytes), 0o600); err != nil {
		b.Fatal(err)
	}
	var khb strings.Builder
	line := string(ssh.MarshalAuthorizedKey(hk.PublicKey()))
	for i := range n {
		fmt.Fprintf(&khb, "%s %s", inProcAddr(i), line)
	}
	if err := os.WriteFile(s.kh, []byte(khb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	// A real probe output, from this machine.
	cmd, _ := probe.Command("/", probe.ModeAudit, false)
	c := exec.Command("/bin/sh", "-c", cmd)
	c.Stdin = strings.NewReader(probe.Script)
	if s.out, err = c.Output(); err != nil {
		b.Fatalf("probe: %v", err)
	}
	if s.l, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	s.addr = s.l.Addr().String()
	cfg := &ssh.ServerConfig{PublicKeyCallback: func(_ ssh.ConnMetadata, k ssh.PublicKey) (*ssh.Permissions, error) {
		if string(k.Marshal()) == string(ck.PublicKey().Marshal()) {
			return nil, nil
		}
		return nil, fmt.Errorf("unknown key")
	}}
	cfg.AddHostKey(hk)
	go func() {
		for {
			conn, err := s.l.Accept()
			if err != nil {
				return
			}
			go s.serve(conn, cfg)
		}
	}()
	b.Cleanup(func() { s.l.Close() })
	return s
}

func pemEncode(typ string, der []byte) []byte {
	var sb strings.Builder
	sb.WriteString("-----BEGIN " + typ + "-----\n")
	enc := base64Std(der)
	for len(enc) > 70 {
		sb.WriteString(enc[:70] + "\n")
		enc = enc[70:]
	}
	sb.WriteString(enc + "\n-----END " + typ + "-----\n")
	return []byte(sb.String())
}

// inProcAddr is target i's known_hosts name: [127.2.x.y]:22.
func inProcAddr(i int) string {
	return fmt.Sprintf("[127.2.%d.%d]:22", (i+1)>>8, (i+1)&0xff)
}

func (s *inProcServer) serve(conn net.Conn, cfg *ssh.ServerConfig) {
	defer conn.Close()
	sc, chans, reqs, err := ssh.NewServerConn(conn, cfg)
	if err != nil {
		return
	}
	defer sc.Close()
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "no")
			continue
		}
		ch, rq, err := nc.Accept()
		if err != nil {
			return
		}
		go func() {
			defer ch.Close()
			for r := range rq {
				if r.Type != "exec" {
					r.Reply(false, nil)
					continue
				}
				r.Reply(true, nil)
				s.execs.Add(1)
				io.Copy(io.Discard, ch) // the probe script on stdin, as sh -s reads it
				ch.Write(s.out)
				st := make([]byte, 4)
				binary.BigEndian.PutUint32(st, 0)
				ch.SendRequest("exit-status", false, st)
				ch.CloseWrite()
				return
			}
		}()
	}
}

func benchInProc(b *testing.B, n int) {
	s := startInProc(b, n)
	targets := make([]sshhost.Target, n)
	for i := range targets {
		h := strings.TrimSuffix(strings.TrimPrefix(inProcAddr(i), "["), "]:22")
		targets[i] = sshhost.Target{User: "csaudit", Host: h, Port: 22}
	}
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, s.addr)
	}
	var peakHeap atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peakHeap.Load() {
				peakHeap.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	var took time.Duration
	var jsonBytes int64
	for b.Loop() {
		start := time.Now()
		d, _, err := sshhost.NewDialer(sshhost.Options{Keys: []string{s.ckey}, KnownHosts: []string{s.kh}, Parallel: sshhost.DefaultParallel, Timeout: 30 * time.Second, DialContext: dial})
		if err != nil {
			b.Fatal(err)
		}
		parts := sshhost.Collect(context.Background(), d, targets)
		snap := &snapshot.Snapshot{SchemaVersion: snapshot.SchemaVersion, CollectedAt: time.Now(), Data: map[snapshot.Dataset]snapshot.Availability{}}
		for _, p := range parts {
			if p.Error != "" {
				b.Fatal(p.Error)
			}
			snap.Machines = append(snap.Machines, p.Machine)
			snap.Sources = append(snap.Sources, p.Source)
		}
		parts = nil
		snap.SetData(snapshot.DataMachines, snapshot.Collected, "")
		fs := checks.Run(snap, checks.Registry)
		rep := reports.Build(snap, fs, reports.Options{Tool: reports.Tool{Name: "csaudit", Version: "bench"}, Selected: checks.Registry})
		cw := &countWriter{}
		if err := reports.WriteJSON(cw, rep); err != nil {
			b.Fatal(err)
		}
		jsonBytes = cw.n
		took = time.Since(start)
	}
	close(stop)
	wg.Wait()
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	b.ReportMetric(float64(took.Milliseconds())/float64(n), "ms/host")
	b.ReportMetric(float64(peakHeap.Load())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MiB")
	b.ReportMetric(float64(jsonBytes)/(1<<20), "json-MiB")
	b.ReportMetric(float64(len(s.out)), "probe-bytes/host")
	if got := s.execs.Load(); got < int64(n) {
		b.Fatalf("%d probes ran, want %d", got, n)
	}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func BenchmarkFleetInProcess(b *testing.B) {
	// As csaudit's main does (cmd/csaudit/main.go, tuneGC).
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(50))
	}
	for _, n := range []int{100, 1000, 5000} {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) { benchInProc(b, n) })
	}
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
