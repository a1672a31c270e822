package mysqldb_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/collectors/mysqldb"
	"github.com/csaudit/csaudit/collectors/mysqldb/mysqltest"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

var srv *mysqltest.Server

func TestMain(m *testing.M) {
	if ok, why := mysqltest.Available(); !ok {
		if mysqltest.Required() {
			fmt.Fprintln(os.Stderr, "integration tests required but "+why)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "skipping MariaDB integration tests: "+why)
		os.Exit(m.Run())
	}
	var err error
	srv, err = mysqltest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting MariaDB:", err)
		os.Exit(1)
	}
	code := m.Run()
	srv.Stop()
	os.Exit(code)
}

func needServer(t *testing.T) {
	t.Helper()
	if srv == nil {
		_, why := mysqltest.Available()
		t.Skip("no MariaDB server: " + why)
	}
}

// collect reads db; the error is the source's, when it failed.
func collect(t *testing.T, db string) (*snapshot.Snapshot, error) {
	t.Helper()
	s := &snapshot.Snapshot{SchemaVersion: snapshot.SchemaVersion, CollectedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	part, src := mysqldb.Collect(context.Background(), mysqldb.Options{DSN: srv.DSN(db), Password: mysqltest.Password, QueryTimeout: 30 * time.Second})
	if src.Kind != "database" || !strings.HasPrefix(src.Target, "mysql://") {
		t.Errorf("source record %+v", src)
	}
	s.Merge(part)
	return s, srcErr(src)
}

func srcErr(src snapshot.Source) error {
	if src.OK {
		return nil
	}
	return &sourceErr{src}
}

type sourceErr struct{ src snapshot.Source }

func (e *sourceErr) Error() string { return e.src.Error }

func loadSQL(t *testing.T, db, sql string) {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(sql); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := srv.Load(db, f.Name()); err != nil {
		t.Fatal(err)
	}
}

func TestNotACloudStackDatabase(t *testing.T) {
	needServer(t)
	loadSQL(t, "notcloud", "CREATE TABLE t (id INT);")
	s, err := collect(t, "notcloud")
	var se *sourceErr
	if !errors.As(err, &se) || !strings.Contains(se.Error(), "no configuration table") || se.src.Hint == "" {
		t.Fatalf("want a failed source about the missing configuration table with a hint, got %v", err)
	}
	if a := s.Availability(snapshot.DataSettings); a.Status != snapshot.Failed || a.Source != se.src.Label() {
		t.Errorf("settings availability = %+v, want failed by %q", a, se.src.Label())
	}
}

func TestWrongPasswordIsSourceErrorWithoutPassword(t *testing.T) {
	needServer(t)
	const pw = "not-the-password-XYZZY"
	_, src := mysqldb.Collect(context.Background(), mysqldb.Options{DSN: srv.DSN("mysql"), Password: pw})
	if src.OK || src.Error == "" {
		t.Fatalf("want a failed source, got %+v", src)
	}
	if strings.Contains(src.Error, pw) || strings.Contains(src.Hint, pw) {
		t.Fatalf("error leaks the password: %+v", src)
	}
	if !strings.Contains(src.Hint, "password") {
		t.Errorf("hint %q should mention the password", src.Hint)
	}
}

func TestUnreachableServer(t *testing.T) {
	// Port 1 on loopback: connection refused at once.
	part, src := mysqldb.Collect(context.Background(), mysqldb.Options{DSN: "u@tcp(127.0.0.1:1)/cloud", ConnectTimeout: 2 * time.Second})
	if src.OK || !strings.Contains(src.Error, "127.0.0.1:1") || src.Target != "mysql://u@127.0.0.1:1/cloud" {
		t.Fatalf("want a failed source naming the address, got %+v", src)
	}
	for _, d := range snapshot.DatabaseDatasets {
		if a := part.Availability(d); a.Status != snapshot.Failed || a.Source != src.Label() {
			t.Errorf("%s: %+v, want failed by the source", d, a)
		}
	}
}

func TestDSNPasswordNeverInErrors(t *testing.T) {
	_, err := mysqldb.Target("user:s3cr3t-pw@tcp(127.0.0.1:3306/cloud") // malformed: missing ')'
	if err == nil || strings.Contains(err.Error(), "s3cr3t-pw") {
		t.Fatalf("malformed DSN error must not echo the password: %v", err)
	}
	tg, err := mysqldb.Target("user:s3cr3t-pw@tcp(db1:3306)/cloud")
	if err != nil || strings.Contains(tg, "s3cr3t") || tg != "mysql://user@db1:3306/cloud" {
		t.Fatalf("Target = %q, %v", tg, err)
	}
}

// A minimal, odd schema: configuration with only name and value, no other
// tables. Everything else must be absent, nothing may crash.
func TestMinimalSchema(t *testing.T) {
	needServer(t)
	loadSQL(t, "minimal", `CREATE TABLE configuration (name VARCHAR(255) PRIMARY KEY, value VARCHAR(4095));
INSERT INTO configuration VALUES ('integration.api.port','8096'),('ssh.privatekey','-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----'),('db.password','hunter2');`)
	s, err := collect(t, "minimal")
	if err != nil {
		t.Fatal(err)
	}
	if a := s.Availability(snapshot.DataSettings); a.Status != snapshot.Collected {
		t.Fatalf("settings: %+v", a)
	}
	for _, d := range []snapshot.Dataset{snapshot.DataVersion, snapshot.DataMgmtServers, snapshot.DataHosts, snapshot.DataLDAP, snapshot.DataKeystore} {
		if a := s.Availability(d); a.Status != snapshot.Absent {
			t.Errorf("%s: %+v, want absent", d, a)
		}
	}
	if a := s.Availability(snapshot.DataUsers); a.Status != snapshot.Failed {
		t.Errorf("users without a user table should be failed (every release has one): %+v", a)
	}
	st, _ := s.Setting("integration.api.port")
	if st == nil || st.Value == nil || *st.Value != "8096" {
		t.Errorf("integration.api.port = %+v", st)
	}
	// Secrets become facts, by name even without a category column.
	for _, n := range []string{"ssh.privatekey", "db.password"} {
		st, _ := s.Setting(n)
		if st == nil || st.Secret == nil || st.Value != nil || st.Secret.Encoding != snapshot.Plaintext {
			t.Errorf("%s: %+v", n, st)
		}
	}
	if s.DBEncryption == nil || s.DBEncryption.State != snapshot.EncryptionOff {
		t.Errorf("db encryption = %+v, want off (clear PEM key)", s.DBEncryption)
	}
}

// A table the audit user may not read is a failed dataset, not a crash or a pass.
func TestPermissionDeniedTable(t *testing.T) {
	needServer(t)
	loadSQL(t, "denied", `CREATE TABLE configuration (category VARCHAR(255), instance VARCHAR(255), component VARCHAR(255), name VARCHAR(255) PRIMARY KEY, value VARCHAR(4095));
CREATE TABLE keystore (id INT PRIMARY KEY, name VARCHAR(255), certificate TEXT, `+"`key`"+` TEXT, domain_suffix VARCHAR(255));
INSERT INTO configuration VALUES ('Advanced','DEFAULT','management-server','integration.api.port','0');`)
	// Replace the database-wide grant by table grants that leave keystore out.
	if err := srv.Exec("", `REVOKE SELECT ON denied.* FROM 'csaudit'@'127.0.0.1'; GRANT SELECT ON denied.configuration TO 'csaudit'@'127.0.0.1';`); err != nil {
		t.Fatal(err)
	}
	s, err := collect(t, "denied")
	if err != nil {
		t.Fatal(err)
	}
	// Without privilege keystore is invisible in information_schema; with
	// only table grants that must read as failed, never as absent.
	if a := s.Availability(snapshot.DataKeystore); a.Status != snapshot.Failed || !strings.Contains(a.Reason, "GRANT SELECT") {
		t.Errorf("keystore = %+v, want failed with a GRANT hint", a)
	}
	if a := s.Availability(snapshot.DataSettings); a.Status != snapshot.Collected {
		t.Errorf("settings = %+v, want collected", a)
	}
}

// The collector only reads: the general query log of its session holds
// nothing but SELECT/SET/SHOW statements.
func TestCollectorOnlyReads(t *testing.T) {
	needServer(t)
	loadSQL(t, "readonly", `CREATE TABLE configuration (category VARCHAR(255), instance VARCHAR(255), component VARCHAR(255), name VARCHAR(255) PRIMARY KEY, value VARCHAR(4095));
CREATE TABLE version (id BIGINT PRIMARY KEY AUTO_INCREMENT, version CHAR(40), updated DATETIME, step CHAR(32));
INSERT INTO version (version, updated, step) VALUES ('4.22.0.0', NOW(), 'Complete');
INSERT INTO configuration VALUES ('Advanced','DEFAULT','management-server','integration.api.port','0');`)
	// With mysql.* readable the account queries run too.
	if err := srv.Exec("", grantMySQL); err != nil {
		t.Fatal(err)
	}
	defer srv.Exec("", revokeMySQL)
	before, _ := os.ReadFile(srv.GeneralLogPath())
	if err := srv.GeneralLog(true); err != nil {
		t.Fatal(err)
	}
	_, err := collect(t, "readonly")
	srv.GeneralLog(false)
	if err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(srv.GeneralLogPath())
	if err != nil {
		t.Fatal(err)
	}
	logText := string(after[len(before):])
	n := 0
	for _, line := range strings.Split(logText, "\n") {
		i := strings.Index(line, "Query\t")
		if i < 0 {
			continue
		}
		q := strings.ToUpper(strings.TrimSpace(line[i+len("Query\t"):]))
		if strings.HasPrefix(q, "SET GLOBAL GENERAL_LOG") {
			continue
		}
		n++
		if !strings.HasPrefix(q, "SELECT") && !strings.HasPrefix(q, "SET SESSION TRANSACTION READ ONLY") && !strings.HasPrefix(q, "SHOW") && !strings.HasPrefix(q, "SET NAMES") {
			t.Errorf("collector sent a non-read statement: %s", line)
		}
	}
	for _, q := range []string{"SHOW GRANTS FOR CURRENT_USER()", "SHOW GLOBAL VARIABLES", "FROM mysql.global_priv", "FROM mysql.`user`", "FROM mysql.`db`", "FROM mysql.roles_mapping"} {
		if !strings.Contains(logText, q) {
			t.Errorf("general log lacks the DB-server query %q: the read-only proof does not cover it", q)
		}
	}
	if n < 3 {
		t.Fatalf("general log recorded only %d queries; the test cannot prove anything:\n%s", n, logText)
	}
}
