package sshtest

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// FaultMode names the one way a FaultServer fails.
type FaultMode string

// FaultServer is an SSH server on 127.0.0.1 (golang.org/x/crypto/ssh, in
// process) that fails in one way, on cue, for the fault tests: the modes
// are handshake-hang, auth-hang, auth-fail, session-hang, exec-hang,
// output-hang, slow-drip, oversized (more than MaxOutput bytes), garbage,
// sudo-refused, hostile-stderr, dropped, and ok (an empty probe run). It
// accepts any client key.
type FaultServer struct {
	// Addr is "127.0.0.1:PORT".
	Addr  string
	mode  FaultMode
	max   int
	key   ssh.Signer
	stop  chan struct{}
	l     net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns []net.Conn
}

// StartFault starts a FaultServer; maxOutput is the oversized mode's
// threshold (the collector's cap). Close stops it.
func StartFault(mode FaultMode, maxOutput int) (*FaultServer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	key, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &FaultServer{mode: mode, Addr: l.Addr().String(), key: key, max: maxOutput, stop: make(chan struct{}), l: l}
	s.wg.Add(1)
	go s.serve()
	return s, nil
}

// Close stops the server and drops its connections.
func (s *FaultServer) Close() {
	close(s.stop)
	s.l.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *FaultServer) serve() {
	defer s.wg.Done()
	for {
		c, err := s.l.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns = append(s.conns, c)
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.handle(c)
		}()
	}
}

func (s *FaultServer) handle(c net.Conn) {
	if s.mode == "handshake-hang" {
		<-s.stop
		return
	}
	cfg := &ssh.ServerConfig{PublicKeyCallback: func(ssh.ConnMetadata, ssh.PublicKey) (*ssh.Permissions, error) {
		switch s.mode {
		case "auth-hang":
			<-s.stop
			return nil, fmt.Errorf("stopped")
		case "auth-fail":
			return nil, fmt.Errorf("no")
		}
		return &ssh.Permissions{}, nil
	}}
	cfg.AddHostKey(s.key)
	_, chans, reqs, err := ssh.NewServerConn(c, cfg)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "no")
			continue
		}
		if s.mode == "session-hang" {
			<-s.stop
			return
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			return
		}
		go s.session(ch, creqs)
	}
}

func (s *FaultServer) session(ch ssh.Channel, reqs <-chan *ssh.Request) {
	defer ch.Close()
	for req := range reqs {
		if req.Type != "exec" {
			req.Reply(false, nil)
			continue
		}
		if s.mode == "exec-hang" {
			<-s.stop
			return
		}
		req.Reply(true, nil)
		go io.Copy(io.Discard, ch) // the probe script on stdin
		exit := func(code uint32) {
			ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{code}))
		}
		switch s.mode {
		case "output-hang":
			<-s.stop
		case "slow-drip":
			for {
				select {
				case <-s.stop:
					return
				case <-time.After(50 * time.Millisecond):
					if _, err := ch.Write([]byte("x")); err != nil {
						return
					}
				}
			}
		case "oversized":
			chunk := []byte(strings.Repeat("f x\n", 16<<10))
			for n := 0; n <= s.max; n += len(chunk) {
				if _, err := ch.Write(chunk); err != nil {
					return
				}
			}
			exit(0)
		case "garbage":
			b := make([]byte, 64<<10)
			rand.Read(b)
			ch.Write(b)
			ch.Write([]byte("\n\x1b]0;pwned\x07\x1b[2J\n"))
			exit(0)
		case "sudo-refused":
			ch.Stderr().Write([]byte("sudo: a password is required\n"))
			exit(1)
		case "hostile-stderr":
			ch.Stderr().Write([]byte("\x1b]0;pwned\x07\x1b[2Jboom\u202e\n"))
			exit(1)
		case "dropped":
			ch.Write([]byte("CSAUDIT-PROBE-BEGIN 1\nf /etc/x\n"))
			s.mu.Lock()
			for _, c := range s.conns {
				c.Close()
			}
			s.mu.Unlock()
		default:
			exit(0)
		}
		return
	}
}

// KnownHostsLine is the server's known_hosts entry.
func (s *FaultServer) KnownHostsLine() string {
	return knownhosts.Line([]string{knownhosts.Normalize(s.Addr)}, s.key.PublicKey())
}
