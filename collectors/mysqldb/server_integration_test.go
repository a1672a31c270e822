package mysqldb_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/mysqldb"
	"github.com/csaudit/csaudit/collectors/mysqldb/mysqltest"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

const grantMySQL = `GRANT SELECT ON mysql.user TO 'csaudit'@'127.0.0.1'; GRANT SELECT ON mysql.db TO 'csaudit'@'127.0.0.1';
GRANT SELECT ON mysql.global_priv TO 'csaudit'@'127.0.0.1'; GRANT SELECT ON mysql.roles_mapping TO 'csaudit'@'127.0.0.1';`

const revokeMySQL = `REVOKE SELECT ON mysql.user FROM 'csaudit'@'127.0.0.1'; REVOKE SELECT ON mysql.db FROM 'csaudit'@'127.0.0.1';
REVOKE SELECT ON mysql.global_priv FROM 'csaudit'@'127.0.0.1'; REVOKE SELECT ON mysql.roles_mapping FROM 'csaudit'@'127.0.0.1';`

func grantAccounts(t *testing.T, s *mysqltest.Server) {
	t.Helper()
	if err := s.Exec("", grantMySQL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Exec("", revokeMySQL) })
}

// dbsFindings runs the CS-DBS checks and indexes status by "ID subject".
func dbsFindings(s *snapshot.Snapshot) map[string]checks.Finding {
	sel, _, _ := checks.Select([]string{"CS-DBS"}, nil)
	out := map[string]checks.Finding{}
	for _, f := range checks.Run(s, sel) {
		out[f.CheckID+" "+f.Subject] = f
	}
	return out
}

func wantStatus(t *testing.T, fs map[string]checks.Finding, key string, st checks.Status) {
	t.Helper()
	f, ok := fs[key]
	if !ok || f.Status != st {
		var all []string
		for k, f := range fs {
			all = append(all, fmt.Sprintf("%s: %s %s", k, f.Status, f.Message))
		}
		slices.Sort(all)
		t.Errorf("%s: got %+v, want %s\nall findings:\n%s", key, f.Status, st, strings.Join(all, "\n"))
	}
}

const minimalCloud = "CREATE TABLE configuration (name VARCHAR(255) PRIMARY KEY, value VARCHAR(4095));"

// Without any privilege on mysql.* the account checks skip with the exact
// GRANT to run; the server facts are still collected.
func TestDBServerWithoutMySQLAccess(t *testing.T) {
	needServer(t)
	loadSQL(t, "srvnogrant", minimalCloud)
	s, err := collect(t, "srvnogrant")
	if err != nil {
		t.Fatal(err)
	}
	if a := s.Availability(snapshot.DataDBServer); a.Status != snapshot.Collected {
		t.Fatalf("db_server = %+v", a)
	}
	a := s.Availability(snapshot.DataDBAccounts)
	hint := "GRANT SELECT ON mysql.user TO 'csaudit'@'127.0.0.1'; GRANT SELECT ON mysql.db TO 'csaudit'@'127.0.0.1'; GRANT SELECT ON mysql.global_priv TO 'csaudit'@'127.0.0.1';"
	if a.Status != snapshot.NotCollected || !strings.Contains(a.Reason, hint) {
		t.Fatalf("db_accounts = %+v, want not collected with %q", a, hint)
	}
	fs := dbsFindings(s)
	f := fs["CS-DBS-001 check CS-DBS-001"]
	if f.Status != checks.Skip || !strings.Contains(f.Message, "not audited") || !strings.Contains(f.Message, "GRANT SELECT ON mysql.user") {
		t.Errorf("CS-DBS-001 without mysql.* = %s %q, want a skip with the GRANT", f.Status, f.Message)
	}
	// Facts every account may read are judged anyway.
	wantStatus(t, fs, "CS-DBS-006 database-account 'csaudit'@'127.0.0.1'", checks.Pass)
	wantStatus(t, fs, "CS-DBS-011 MariaDB "+s.DBServer.Version, checks.Pass)
	wantStatus(t, fs, "CS-DBS-007 database server TLS", checks.Skip) // loopback
	if s.DBServer.Remote || s.DBServer.Flavor != snapshot.FlavorMariaDB || s.DBServer.CurrentUser != "csaudit@127.0.0.1" {
		t.Errorf("server facts %+v", s.DBServer)
	}
}

// The weak server: anonymous, password-less and remote GRANT OPTION
// accounts, PUBLIC on test, local_infile on. No hash may reach the snapshot.
func TestDBServerWeak(t *testing.T) {
	needServer(t)
	loadSQL(t, "srvweak", minimalCloud)
	grantAccounts(t, srv)
	if err := srv.Exec("", `CREATE USER ''@'%'; CREATE USER 'nopw'@'%';
CREATE USER 'x'@'%' IDENTIFIED BY 'x-pw-XYZZY'; GRANT ALL ON *.* TO 'x'@'%' WITH GRANT OPTION;
CREATE USER 'cloud'@'%' IDENTIFIED BY 'cloud'; GRANT PROCESS, SUPER ON *.* TO 'cloud'@'%'; GRANT ALL ON cloud.* TO 'cloud'@'%' WITH GRANT OPTION;
CREATE USER 'ms'@'ms1.example.com' IDENTIFIED BY 'ms';
GRANT ALL ON test.* TO PUBLIC; GRANT ALL ON srvweak.* TO 'csaudit'@'127.0.0.1';
SET GLOBAL local_infile = 1;`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = srv.Exec("", `DROP USER ''@'%'; DROP USER 'nopw'@'%'; DROP USER 'x'@'%'; DROP USER 'cloud'@'%'; DROP USER 'ms'@'ms1.example.com';
SET GLOBAL local_infile = 0; REVOKE ALL ON test.* FROM PUBLIC; REVOKE ALL ON srvweak.* FROM 'csaudit'@'127.0.0.1'; GRANT SELECT ON srvweak.* TO 'csaudit'@'127.0.0.1';`)
	})
	s, err := collect(t, "srvweak")
	if err != nil {
		t.Fatal(err)
	}
	if a := s.Availability(snapshot.DataDBAccounts); a.Status != snapshot.Collected {
		t.Fatalf("db_accounts = %+v", a)
	}
	fs := dbsFindings(s)
	wantStatus(t, fs, "CS-DBS-001 database-account ''@'%'", checks.Fail)
	wantStatus(t, fs, "CS-DBS-002 database-account 'nopw'@'%'", checks.Fail)
	wantStatus(t, fs, "CS-DBS-002 database-account ''@'%'", checks.Fail)
	wantStatus(t, fs, "CS-DBS-003 database-account 'x'@'%'", checks.Fail)
	wantStatus(t, fs, "CS-DBS-004 database-account 'cloud'@'%'", checks.Fail)
	wantStatus(t, fs, "CS-DBS-005 database-account 'cloud'@'%'", checks.Pass) // bind_address=127.0.0.1
	wantStatus(t, fs, "CS-DBS-006 database-account 'csaudit'@'127.0.0.1'", checks.Fail)
	wantStatus(t, fs, "CS-DBS-009 database server variable local_infile", checks.Fail)
	wantStatus(t, fs, "CS-DBS-012 database schema grant test to 'PUBLIC'@''", checks.Fail)
	if _, ok := fs["CS-DBS-002 database-account 'mariadb.sys'@'localhost'"]; ok {
		t.Error("the locked mariadb.sys account was judged password-less")
	}
	if f := fs["CS-DBS-004 database-account 'cloud'@'%'"]; !strings.Contains(f.Message, "SUPER") || !strings.Contains(f.Message, "GRANT OPTION on cloud.*") {
		t.Errorf("CS-DBS-004 message %q", f.Message)
	}
	// Nothing secret is stored: neither the hash nor the password.
	hash, err := srv.Query("", "SELECT authentication_string FROM mysql.user WHERE User = 'x'")
	if err != nil || len(hash) != 1 || len(hash[0]) < 20 {
		t.Fatalf("hash of x: %v %v", hash, err)
	}
	var buf bytes.Buffer
	if err := s.Save(&buf); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{hash[0], strings.TrimPrefix(hash[0], "*"), "x-pw-XYZZY", "IDENTIFIED"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("snapshot contains %q", secret)
		}
	}
}

// A hardened server of its own (the shared one keeps the harness's
// password-less root): no anonymous or password-less account, root local via
// unix_socket, cloud only from the management address with the packaged grants.
func TestDBServerHardened(t *testing.T) {
	needServer(t)
	s2, err := mysqltest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Stop()
	others, err := s2.Query("", "SELECT CONCAT(QUOTE(User), '@', QUOTE(Host)) FROM mysql.user WHERE (User = 'root' AND Host <> 'localhost') OR User = ''")
	if err != nil {
		t.Fatal(err)
	}
	var drop strings.Builder
	for _, u := range others {
		fmt.Fprintf(&drop, "DROP USER %s;\n", u)
	}
	f, err := os.CreateTemp(t.TempDir(), "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(minimalCloud)
	f.Close()
	if err := s2.Load("cloud", f.Name()); err != nil {
		t.Fatal(err)
	}
	if err := s2.Exec("", drop.String()+grantMySQL+`
CREATE USER 'cloud'@'10.1.1.10' IDENTIFIED BY 'cloud-pw'; GRANT ALL ON cloud.* TO 'cloud'@'10.1.1.10'; GRANT PROCESS ON *.* TO 'cloud'@'10.1.1.10';
DROP USER 'cloud'@'localhost';
SET GLOBAL local_infile = 0;
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket;`); err != nil {
		t.Fatal(err)
	}
	s := &snapshot.Snapshot{SchemaVersion: snapshot.SchemaVersion, CollectedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	part, src := mysqldb.Collect(context.Background(), mysqldb.Options{DSN: s2.DSN("cloud"), Password: mysqltest.Password, QueryTimeout: 30 * time.Second})
	if !src.OK {
		t.Fatal(src.Error)
	}
	s.Merge(part)
	fs := dbsFindings(s)
	for k, f := range fs {
		id := k[:len("CS-DBS-000")]
		switch {
		case id == "CS-DBS-013":
			// secure_file_priv cannot be set at runtime; the harness leaves it empty.
			continue
		case f.Status == checks.Fail || f.Status == checks.Error:
			t.Errorf("hardened server: %s %s: %s", k, f.Status, f.Message)
		}
	}
	wantStatus(t, fs, "CS-DBS-002 database server accounts", checks.Pass)
	wantStatus(t, fs, "CS-DBS-003 database server accounts", checks.Pass)
	wantStatus(t, fs, "CS-DBS-004 database-account 'cloud'@'10.1.1.10'", checks.Pass)
	wantStatus(t, fs, "CS-DBS-005 database-account 'cloud'@'10.1.1.10'", checks.Pass)
	wantStatus(t, fs, "CS-DBS-009 database server variable local_infile", checks.Pass)
}
