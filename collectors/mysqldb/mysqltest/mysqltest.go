// Package mysqltest runs a throw-away MariaDB server for integration tests:
// loopback only, a free unprivileged port, a temporary data directory, and
// removed again afterwards. Tests load the project's SQL fixtures into it
// and audit them over TCP with a SELECT-only user, as an operator would.
package mysqltest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Env variables: CSAUDIT_REQUIRE_INTEGRATION=1 turns a missing server
// binary into a failure instead of a skip (make test sets it).
const requireEnv = "CSAUDIT_REQUIRE_INTEGRATION"

// Server is a running MariaDB.
type Server struct {
	Dir  string
	Port int
	cmd  *exec.Cmd
	mu   sync.Mutex
	dbs  map[string]bool
}

// User and Password of the SELECT-only audit account the tests use.
const (
	User     = "csaudit"
	Password = "csaudit-test-pw"
)

// Available reports whether a MariaDB server can be started, and why not.
func Available() (bool, string) {
	for _, b := range []string{"mariadbd", "mariadb-install-db", "mariadb"} {
		if _, err := lookPath(b); err != nil {
			return false, b + " not found (install mariadb-server, or run 'make test' which does)"
		}
	}
	return true, ""
}

// Required reports whether the integration tests must not be skipped.
func Required() bool { return os.Getenv(requireEnv) == "1" }

func lookPath(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, d := range []string{"/usr/sbin", "/usr/bin", "/usr/local/bin"} {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found", name)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Start initialises a data directory and starts mariadbd on loopback.
func Start() (*Server, error) {
	dir, err := os.MkdirTemp("", "csaudit-mariadb-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, dbs: map[string]bool{}}
	ok := false
	defer func() {
		if !ok {
			s.Stop()
		}
	}()
	install, _ := lookPath("mariadb-install-db")
	// A private tmpdir: parallel test packages each install a server, and
	// in the shared /tmp their bootstrap temporary tables collide.
	tmp := filepath.Join(dir, "tmp")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return nil, err
	}
	args := []string{"--no-defaults", "--datadir=" + filepath.Join(dir, "data"), "--auth-root-authentication-method=normal", "--skip-test-db",
		"--tmpdir=" + tmp}
	if os.Geteuid() == 0 {
		args = append(args, "--user=root")
	}
	if out, err := exec.Command(install, args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("mariadb-install-db: %v\n%s", err, out)
	}
	for attempt := 0; attempt < 3; attempt++ {
		if s.Port, err = freePort(); err != nil {
			return nil, err
		}
		if err = s.launch(); err == nil {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	// CloudStack dumps carry views with DEFINER cloud@localhost; the audit
	// user gets SELECT only, as the README recommends.
	if err := s.Exec("", fmt.Sprintf(`CREATE USER 'cloud'@'localhost' IDENTIFIED BY 'cloud';
CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s';
CREATE USER '%s'@'localhost' IDENTIFIED BY '%s';`, User, Password, User, Password)); err != nil {
		return nil, err
	}
	ok = true
	return s, nil
}

func (s *Server) socket() string { return filepath.Join(s.Dir, "sock") }

func (s *Server) launch() error {
	bin, _ := lookPath("mariadbd")
	args := []string{"--no-defaults", "--datadir=" + filepath.Join(s.Dir, "data"), "--socket=" + s.socket(),
		fmt.Sprintf("--port=%d", s.Port), "--bind-address=127.0.0.1", "--skip-name-resolve",
		"--general-log-file=" + filepath.Join(s.Dir, "general.log"), "--log-error=" + filepath.Join(s.Dir, "error.log"),
		"--innodb-buffer-pool-size=64M", "--skip-log-bin", "--local-infile=0", "--tmpdir=" + filepath.Join(s.Dir, "tmp")}
	if os.Geteuid() == 0 {
		args = append(args, "--user=root")
	}
	s.cmd = exec.Command(bin, args...)
	if err := s.cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(filepath.Join(s.Dir, "error.log"))
			return fmt.Errorf("mariadbd exited: %v\n%s", err, tail(log))
		case <-time.After(200 * time.Millisecond):
		}
		if s.Exec("", "SELECT 1") == nil {
			go func() { <-exited }()
			return nil
		}
	}
	_ = s.cmd.Process.Kill()
	return fmt.Errorf("mariadbd did not answer within 60s")
}

func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// Exec runs SQL as root over the socket, in database db ("" for none).
func (s *Server) Exec(db, sql string) error {
	return s.run(db, strings.NewReader(sql))
}

// Query runs one statement as root and returns every column of every row
// (tab-separated batch output, \n and \t escaped as the client does).
func (s *Server) Query(db, sql string) ([]string, error) {
	var out bytes.Buffer
	if err := s.runTo(db, strings.NewReader(sql), &out, "--skip-column-names"); err != nil {
		return nil, err
	}
	var vals []string
	for _, line := range strings.Split(out.String(), "\n") {
		for _, v := range strings.Split(line, "\t") {
			if v != "" && v != "NULL" {
				vals = append(vals, v)
			}
		}
	}
	return vals, nil
}

func (s *Server) run(db string, stdin *strings.Reader) error {
	var out bytes.Buffer
	return s.runTo(db, stdin, &out)
}

func (s *Server) runTo(db string, stdin *strings.Reader, out *bytes.Buffer, extra ...string) error {
	client, _ := lookPath("mariadb")
	args := append([]string{"--no-defaults", "--socket=" + s.socket(), "-uroot", "--batch"}, extra...)
	if db != "" {
		args = append(args, "--database="+db)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, client, args...)
	cmd.Stdin = stdin
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("mariadb client: %v: %s", err, strings.TrimSpace(errb.String()))
	}
	return nil
}

// Load creates database db from SQL files (applied in order) and grants the
// audit user SELECT on it. It is idempotent per database name.
func (s *Server) Load(db string, files ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dbs[db] {
		return nil
	}
	if err := s.Exec("", fmt.Sprintf("CREATE DATABASE `%s`; GRANT SELECT ON `%s`.* TO '%s'@'127.0.0.1'; GRANT SELECT ON `%s`.* TO '%s'@'localhost';", db, db, User, db, User)); err != nil {
		return err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := s.run(db, strings.NewReader(string(b))); err != nil {
			return fmt.Errorf("loading %s into %s: %w", f, db, err)
		}
	}
	s.dbs[db] = true
	return nil
}

// DSN returns the go-sql-driver DSN of database db for the audit user,
// without the password (tests pass it separately, as operators should).
func (s *Server) DSN(db string) string {
	return fmt.Sprintf("%s@tcp(127.0.0.1:%d)/%s", User, s.Port, db)
}

// GeneralLog turns the general query log on or off.
func (s *Server) GeneralLog(on bool) error {
	v := "0"
	if on {
		v = "1"
	}
	return s.Exec("", "SET GLOBAL general_log = "+v)
}

// GeneralLogPath is where the general query log is written.
func (s *Server) GeneralLogPath() string { return filepath.Join(s.Dir, "general.log") }

// Stop kills the server and removes its directory.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		time.Sleep(100 * time.Millisecond)
	}
	_ = os.RemoveAll(s.Dir)
}

// FixtureDir returns testdata/sql of the repository, from any package.
func FixtureDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "sql")
}

// Fixture returns the files that build one fixture database: era is
// early, v4 or modern; variant weak or hardened.
func Fixture(era, variant string) []string {
	d := filepath.Join(FixtureDir(), era)
	files := []string{filepath.Join(d, "schema.sql"), filepath.Join(d, "weak.sql")}
	if variant == "hardened" {
		files = append(files, filepath.Join(d, "hardened.sql"))
	}
	return files
}
