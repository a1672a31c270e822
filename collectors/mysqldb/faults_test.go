package mysqldb_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/mysqldb"
	"github.com/csaudit/csaudit/collectors/mysqldb/mysqltest"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
)

// The database fault matrix: every way the audited database can fail
// csaudit, against the real MariaDB of mysqltest (or, for hangs, silent
// listeners and a cutting proxy on 127.0.0.1). A fault of the connection
// ends, within its deadline, in a failed source with a clear error and a
// hint; a fault of the data (NULLs, huge or invalid-UTF-8 values, missing
// tables and columns, partial grants) is collected without a crash and
// shown through the output sanitiser. Faults covered by their own tests
// in integration_test.go are listed too:
//
//	fault                  expected                                  test
//	down (refused)         source failed at once, names the address  TestUnreachableServer, below
//	connect-hang           source failed within ConnectTimeout       below
//	handshake-hang         source failed within ConnectTimeout       below
//	wrong credentials      source failed, hint about the password    TestWrongPasswordIsSourceErrorWithoutPassword, below
//	no such database       source failed with a hint                 below
//	not CloudStack         source failed: no configuration table     TestNotACloudStackDatabase
//	missing tables/columns absent datasets, collected settings        TestMinimalSchema
//	partial grants         dataset failed with a GRANT hint          TestPermissionDeniedTable
//	NULLs                  collected, no crash                       below
//	huge value (1 MiB)     collected, no crash, shown sanitised      below
//	                       (the secret redactor scans it: ~0.3 s/MiB, ten times that under -race)
//	invalid UTF-8          collected raw, shown as \xNN              below
//	connection lost        source failed within its deadline         below (proxy cuts mid-run)
//	query hang             source failed within QueryTimeout         below (proxy stalls mid-run)

// proxy forwards 127.0.0.1 connections to the real server; after limit
// bytes from the server it cuts the connection (stall=false) or stops
// forwarding while holding it open (stall=true).
func proxy(t *testing.T, limit int64, stall bool) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var mu sync.Mutex
	var conns []net.Conn
	keep := func(c net.Conn) {
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", srv.Port))
			if err != nil {
				c.Close()
				continue
			}
			keep(c)
			keep(up)
			wg.Add(2)
			go func() { defer wg.Done(); io.Copy(up, c) }()
			go func() {
				defer wg.Done()
				io.CopyN(c, up, limit)
				if stall {
					<-stop
				}
				c.Close()
				up.Close()
			}()
		}
	}()
	t.Cleanup(func() {
		close(stop)
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return l.Addr().String()
}

// silent accepts on 127.0.0.1 and never sends the server greeting.
func silent(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

// fullBacklog is a loopback port whose accept queue is full: a TCP
// connect to it hangs (the SYN is dropped and retried).
func fullBacklog(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, _ := syscall.Getsockname(fd)
	addr := fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
	for i := 0; i < 8; i++ {
		c, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
		if err != nil {
			return addr
		}
		t.Cleanup(func() { c.Close() })
	}
	t.Skip("could not fill the accept queue on this kernel")
	return ""
}

const dataSchema = `CREATE TABLE configuration (category VARCHAR(255), instance VARCHAR(255), component VARCHAR(255), name VARCHAR(255) PRIMARY KEY, value %s, description TEXT, scope VARCHAR(255));
CREATE TABLE version (id BIGINT PRIMARY KEY AUTO_INCREMENT, version CHAR(40), updated DATETIME, step CHAR(32));
INSERT INTO version (version, updated, step) VALUES ('4.22.0.0', NOW(), 'Complete');
`

func TestDatabaseFaultMatrix(t *testing.T) {
	needServer(t)
	const connect, query = 1 * time.Second, 2 * time.Second
	// The data faults: databases that are odd but readable.
	loadSQL(t, "fault_nulls", fmt.Sprintf(dataSchema, "VARCHAR(4095)")+`
INSERT INTO configuration VALUES (NULL, NULL, NULL, 'integration.api.port', NULL, NULL, NULL), ('Advanced', 'DEFAULT', 'management-server', 'endpoint.url', NULL, NULL, NULL);
INSERT INTO version (version, updated, step) VALUES (NULL, NULL, NULL);`)
	loadSQL(t, "fault_huge", fmt.Sprintf(dataSchema, "LONGTEXT")+`
INSERT INTO configuration VALUES ('Advanced', 'DEFAULT', 'management-server', 'endpoint.url', CONCAT('http://', REPEAT('A', 1048576), CHAR(27), ']0;pwned', CHAR(7)), NULL, NULL);`)
	loadSQL(t, "fault_utf8", fmt.Sprintf(dataSchema, "VARBINARY(4095)")+`
INSERT INTO configuration VALUES ('Advanced', 'DEFAULT', 'management-server', 'endpoint.url', X'687474703A2F2FFFFE1B5D303B70776E656407C29BE280AE', NULL, NULL);`)
	// A database big enough that a proxy cutting after a few KiB cuts mid-run.
	loadSQL(t, "fault_cut", fmt.Sprintf(dataSchema, "VARCHAR(4095)")+`
INSERT INTO configuration (category, instance, component, name, value) SELECT 'Advanced', 'DEFAULT', 'x', CONCAT('setting.', seq), REPEAT('v', 200) FROM seq_1_to_2000;`)

	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := closed.Addr().String()
	closed.Close()
	dsn := func(addr, db string) string { return fmt.Sprintf("%s@tcp(%s)/%s", mysqltest.User, addr, db) }
	real := fmt.Sprintf("127.0.0.1:%d", srv.Port)

	type want int
	const (
		sourceFails want = iota
		collects
	)
	for _, tc := range []struct {
		fault    string
		dsn      func() string
		password string
		want     want
		errHas   string
		deadline time.Duration
		check    func(t *testing.T, s *snapshot.Snapshot)
	}{
		{"down", func() string { return dsn(refused, "cloud") }, mysqltest.Password, sourceFails, "connection refused", connect, nil},
		{"connect-hang", func() string { return dsn(fullBacklog(t), "cloud") }, mysqltest.Password, sourceFails, "", 2 * connect, nil},
		{"handshake-hang", func() string { return dsn(silent(t), "cloud") }, mysqltest.Password, sourceFails, "", 2 * connect, nil},
		{"wrong credentials", func() string { return dsn(real, "fault_nulls") }, "wrong-password", sourceFails, "Access denied", connect, nil},
		{"no such database", func() string { return dsn(real, "fault_no_such_db") }, mysqltest.Password, sourceFails, "fault_no_such_db", connect, nil},
		{"connection lost", func() string { return dsn(proxy(t, 6<<10, false), "fault_cut") }, mysqltest.Password, sourceFails, "lost the connection", query, nil},
		{"query hang", func() string { return dsn(proxy(t, 6<<10, true), "fault_cut") }, mysqltest.Password, sourceFails, "lost the connection", 2 * query, nil},
		{"NULLs", func() string { return dsn(real, "fault_nulls") }, mysqltest.Password, collects, "", query, func(t *testing.T, s *snapshot.Snapshot) {
			if st, _ := s.Setting("integration.api.port"); st == nil {
				t.Error("a setting with NULL value and category was dropped")
			}
		}},
		{"huge value", func() string { return dsn(real, "fault_huge") }, mysqltest.Password, collects, "", 10 * query, nil},
		{"invalid UTF-8", func() string { return dsn(real, "fault_utf8") }, mysqltest.Password, collects, "", query, func(t *testing.T, s *snapshot.Snapshot) {
			st, _ := s.Setting("endpoint.url")
			if st == nil || st.Value == nil || utf8.ValidString(*st.Value) {
				t.Errorf("endpoint.url = %+v: want the raw (invalid UTF-8) value kept as evidence", st)
			}
		}},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			start := time.Now()
			part, src := mysqldb.Collect(ctx, mysqldb.Options{DSN: tc.dsn(), Password: tc.password, ConnectTimeout: connect, QueryTimeout: query})
			took := time.Since(start)
			if took > tc.deadline+time.Second {
				t.Errorf("took %s, deadline %s", took, tc.deadline)
			}
			s := &snapshot.Snapshot{SchemaVersion: snapshot.SchemaVersion, CollectedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
			s.Merge(part)
			switch tc.want {
			case sourceFails:
				if src.OK || src.Error == "" || src.Hint == "" {
					t.Fatalf("want a failed source with an error and a hint, got %+v", src)
				}
				if !strings.Contains(src.Error, tc.errHas) {
					t.Errorf("error %q does not say %q", src.Error, tc.errHas)
				}
				if strings.Contains(src.Error, tc.password) && tc.password != "" {
					t.Errorf("error leaks the password")
				}
			case collects:
				if !src.OK {
					t.Fatalf("source failed: %s (%s)", src.Error, src.Hint)
				}
				if tc.check != nil {
					tc.check(t, s)
				}
			}
			// Whatever came back audits without a panic, and every
			// human format shows it without a raw control byte.
			s.Sources = []snapshot.Source{src}
			sel, _, _ := checks.Select(nil, nil)
			rep := reports.Build(s, checks.Run(s, sel), reports.Options{Selected: sel})
			if !src.OK && rep.Summary.ExitCode != reports.ExitIncomplete {
				t.Errorf("a failed source gave exit %d, want 3", rep.Summary.ExitCode)
			}
			for _, f := range []string{"table", "markdown", "junit", "html", "sarif"} {
				var b strings.Builder
				if err := reports.Write(&b, f, rep); err != nil {
					t.Fatal(err)
				}
				out := b.String()
				if !utf8.ValidString(out) || strings.ContainsAny(out, "\x1b\x07\u009b\u202e") {
					t.Errorf("%s output carries a raw control byte or invalid UTF-8", f)
				}
			}
			t.Logf("%-18s %6s  ok=%v  %s  hint: %s", tc.fault, took.Round(10*time.Millisecond), src.OK, src.Error, src.Hint)
		})
	}
}
