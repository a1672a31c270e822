// Package mysqldb reads a CloudStack management database into a Snapshot.
//
// It is read-only by construction: the session is set READ ONLY and every
// statement is a SELECT assembled from compile-time table and column names
// (the schema query only decides which of those names exist). Secrets are
// reduced to facts before they leave this package. Every dataset is marked
// collected, absent (this release predates it) or failed (it should exist
// but could not be read), so missing data can never look clean.
package mysqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"slices"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Options configure a database audit.
type Options struct {
	// DSN is a go-sql-driver DSN: user[:password]@tcp(host:port)/cloud.
	DSN string
	// Password, when not empty, replaces any password in the DSN.
	Password string
	// Config, when set, is used instead of DSN (coordinates taken from a
	// management server's db.properties). Its password is never printed.
	Config *mysql.Config
	// DBKey, when known (db.cloud.encrypt.secret from db.properties), lets
	// the collector decrypt Hidden/Secure values in memory to judge them.
	DBKey string
	// Fingerprinter, when set, records keyed fingerprints of decrypted
	// key material (--fingerprint-key).
	Fingerprinter  *snapshot.Fingerprinter
	ConnectTimeout time.Duration
	QueryTimeout   time.Duration
	// MaxDefaultChecks bounds how many admin password hashes are tested
	// against the published default (PBKDF2 is deliberately slow).
	MaxDefaultChecks int
}

// SourceError is a failure of a whole source (connect, authenticate, not a
// CloudStack database). It carries a hint for the operator.
type SourceError struct {
	Target string
	Op     string
	Err    error
	Hint   string
}

func (e *SourceError) Error() string { return fmt.Sprintf("%s %s: %v", e.Op, e.Target, e.Err) }
func (e *SourceError) Unwrap() error { return e.Err }

// Target returns the printable form of a DSN: user, address and database,
// never the password.
func Target(dsn string) (string, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return "", fmt.Errorf("invalid --db DSN: %v", redactDSNError(err, dsn))
	}
	return targetOf(cfg), nil
}

func targetOf(cfg *mysql.Config) string {
	return fmt.Sprintf("mysql://%s@%s/%s", cfg.User, cfg.Addr, cfg.DBName)
}

// redactDSNError keeps driver errors from echoing a DSN that holds a password.
func redactDSNError(err error, dsn string) error {
	msg := err.Error()
	if i := strings.Index(dsn, "@"); i > 0 {
		if j := strings.Index(dsn[:i], ":"); j >= 0 && j+1 < i {
			msg = strings.ReplaceAll(msg, dsn[j+1:i], "REDACTED")
		}
	}
	return errors.New(msg)
}

// The driver logs connection errors to standard error itself; csaudit
// reports them (sanitised) as source errors, so the driver stays quiet.
func init() { _ = mysql.SetLogger(log.New(io.Discard, "", 0)) }

// Collect reads the management database. It returns the database's part of
// a snapshot (its datasets, version, settings, users, ...) and the source
// record: when the database cannot be used at all the source is not OK and
// every database dataset not found absent is marked failed; partial
// failures are recorded per dataset in the part's Data.
func Collect(ctx context.Context, o Options) (*snapshot.Snapshot, snapshot.Source) {
	start := time.Now()
	part := &snapshot.Snapshot{Data: map[snapshot.Dataset]snapshot.Availability{}}
	src := snapshot.Source{Kind: "database", Target: "--db", OK: true}
	err := collect(ctx, o, part, &src)
	src.DurationMS = time.Since(start).Milliseconds()
	if err != nil {
		src.OK, src.Error = false, err.Error()
		var se *SourceError
		if errors.As(err, &se) {
			src.Hint = se.Hint
		}
		part.FailDatasets(snapshot.DatabaseDatasets, src)
	}
	return part, src
}

func collect(ctx context.Context, o Options, s *snapshot.Snapshot, src *snapshot.Source) error {
	cfg := o.Config
	if cfg == nil {
		var err error
		if cfg, err = mysql.ParseDSN(o.DSN); err != nil {
			return &SourceError{Target: "--db", Op: "parsing DSN", Err: redactDSNError(err, o.DSN),
				Hint: "the DSN looks like 'user@tcp(host:3306)/cloud'; put the password in --db-password-file or CSAUDIT_DB_PASSWORD"}
		}
	}
	if o.Password != "" {
		cfg.Passwd = o.Password
	}
	if cfg.DBName == "" {
		cfg.DBName = "cloud"
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.QueryTimeout <= 0 {
		o.QueryTimeout = 60 * time.Second
	}
	if o.MaxDefaultChecks <= 0 {
		o.MaxDefaultChecks = 64
	}
	cfg.Timeout = o.ConnectTimeout
	cfg.ReadTimeout = o.QueryTimeout
	cfg.WriteTimeout = o.QueryTimeout
	cfg.ParseTime = false
	cfg.MultiStatements = false
	target := targetOf(cfg)
	s.Target, src.Target = target, target
	fail := func(op string, err error, hint string) error {
		return &SourceError{Target: target, Op: op, Err: err, Hint: hint}
	}

	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return fail("configuring connection to", err, "")
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	db.SetMaxOpenConns(1)

	cctx, cancel := context.WithTimeout(ctx, o.ConnectTimeout)
	defer cancel()
	conn, err := db.Conn(cctx)
	if err == nil {
		err = conn.PingContext(cctx)
	}
	if err != nil {
		return fail("connecting to", err, connectHint(err))
	}
	defer conn.Close()
	// Read-only session: the server refuses any write on this connection.
	if _, err := conn.ExecContext(cctx, "SET SESSION TRANSACTION READ ONLY"); err != nil {
		var me *mysql.MySQLError
		if !errors.As(err, &me) || me.Number != 1064 {
			return fail("setting a read-only session on", err, "")
		}
		// MySQL before 5.6.5 has no read-only transactions; csaudit still
		// sends nothing but SELECTs.
		src.Warnings = append(src.Warnings, "server does not support SET SESSION TRANSACTION READ ONLY (MySQL < 5.6.5); only SELECTs are sent")
	}

	r := &reader{conn: conn, o: o, s: s}
	if err := r.loadSchema(ctx); err != nil {
		return fail("reading the schema of", err, "grant the audit user SELECT on the cloud database (see README)")
	}
	if !r.has("configuration") {
		return fail("auditing", fmt.Errorf("database %q has no configuration table", cfg.DBName),
			"point --db at the CloudStack management database (usually 'cloud'), not 'cloud_usage'")
	}
	r.readVersion(ctx)
	r.readSettings(ctx)
	r.readScopedSettings(ctx)
	r.readMgmtServers(ctx)
	r.readHosts(ctx)
	r.readUsers(ctx)
	r.readHostCredentials(ctx)
	r.readVCenter(ctx)
	r.readKeystore(ctx)
	r.readLDAP(ctx)
	r.readExtra(ctx)
	r.readServer(ctx, cfg)
	r.applyEncryptionState()
	// A connection lost or stalled mid-run fails the remaining reads one
	// by one, each looking like an odd schema: say it once, as a failed
	// source (exit 3), and never leave a half-read database looking read.
	pctx, pcancel := context.WithTimeout(ctx, o.QueryTimeout)
	defer pcancel()
	if err := conn.PingContext(pctx); err != nil {
		return fail("lost the connection to", err, "the connection dropped, or a query stalled past --timeout, during the audit: check the server and the network, then audit again")
	}
	s.Normalize()
	return nil
}

func connectHint(err error) string {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1045:
			return "check the user and password (--db-password-file or CSAUDIT_DB_PASSWORD)"
		case 1044, 1049:
			return "check the database name in the DSN (usually /cloud) and the user's grants"
		}
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return "the server did not answer in time; check host, port and firewalls (--timeout)"
	}
	return "check that the server is reachable at the DSN's address and accepts TCP connections"
}

// reader holds the connection and schema knowledge during one collection.
type reader struct {
	conn   *sql.Conn
	o      Options
	s      *snapshot.Snapshot
	tables map[string][]string
	// limitedView is set when the audit user lacks database-wide SELECT:
	// then a table that is not visible may exist unread.
	limitedView bool
}

// watched is every table the collector may read; the schema query asks only
// about these.
var watched = []string{
	"version", "configuration", "mshost", "host", "host_details", "user", "account", "domain",
	"domain_details", "account_details", "data_center", "data_center_details", "cluster",
	"cluster_details", "storage_pool", "storage_pool_details", "image_store", "image_store_details",
	"keystore", "ldap_configuration", "vmware_data_center", "api_keypair",
}

func (r *reader) loadSchema(ctx context.Context) error {
	ph := strings.TrimSuffix(strings.Repeat("?,", len(watched)), ",")
	args := make([]any, len(watched))
	for i, t := range watched {
		args[i] = t
	}
	rows, err := r.query(ctx, "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ("+ph+") ORDER BY TABLE_NAME, ORDINAL_POSITION", args...)
	if err != nil {
		return err
	}
	r.tables = map[string][]string{}
	for _, row := range rows {
		t, c := strings.ToLower(row["TABLE_NAME"].String), strings.ToLower(row["COLUMN_NAME"].String)
		r.tables[t] = append(r.tables[t], c)
	}
	r.s.Schema = r.tables
	// A user with table-level grants only sees those tables, so a missing
	// table may be one it may not read. Find out whether SELECT is granted
	// on the whole database (or globally).
	priv, err := r.query(ctx, "SELECT COUNT(*) AS n FROM information_schema.SCHEMA_PRIVILEGES WHERE PRIVILEGE_TYPE = 'SELECT' AND TABLE_SCHEMA = DATABASE() UNION ALL SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE = 'SELECT'")
	if err != nil {
		return err
	}
	r.limitedView = true
	for _, row := range priv {
		if n := str(row["n"]); n != "" && n != "0" {
			r.limitedView = false
		}
	}
	return nil
}

func (r *reader) has(table string, cols ...string) bool {
	have, ok := r.tables[table]
	if !ok {
		return false
	}
	for _, c := range cols {
		if !slices.Contains(have, c) {
			return false
		}
	}
	return true
}

// pick returns the wanted columns that exist in table, in wanted order.
func (r *reader) pick(table string, wanted ...string) []string {
	var out []string
	for _, c := range wanted {
		if r.has(table, c) {
			out = append(out, c)
		}
	}
	return out
}

type row map[string]sql.NullString

// maxRows bounds any one query so a hostile or huge table cannot exhaust memory.
const maxRows = 2_000_000

func (r *reader) query(ctx context.Context, q string, args ...any) ([]row, error) {
	ctx, cancel := context.WithTimeout(ctx, r.o.QueryTimeout)
	defer cancel()
	rs, err := r.conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return nil, err
	}
	var out []row
	for rs.Next() {
		if len(out) >= maxRows {
			return nil, fmt.Errorf("more than %d rows", maxRows)
		}
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		m := make(row, len(cols))
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	return out, rs.Err()
}

// selectFrom builds "SELECT a, b FROM t" from compile-time identifiers.
func selectFrom(table string, cols []string, rest string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = "`" + c + "`"
	}
	return "SELECT " + strings.Join(q, ", ") + " FROM `" + table + "`" + rest
}

// absent marks d as absent because table is missing.
func (r *reader) absent(d snapshot.Dataset, table, since string) {
	if r.limitedView {
		r.s.SetData(d, snapshot.Failed, "table "+table+" is not visible: the audit user has no database-wide SELECT, so it may exist unread (GRANT SELECT ON <db>.* TO the audit user)")
		return
	}
	why := "table " + table + " does not exist in this schema"
	if since != "" {
		why += " (it appeared in CloudStack " + since + ")"
	}
	r.s.SetData(d, snapshot.Absent, why)
}

func (r *reader) failed(d snapshot.Dataset, table string, err error) {
	r.s.SetData(d, snapshot.Failed, fmt.Sprintf("reading table %s: %v", table, err))
}

func str(v sql.NullString) string { return v.String }

func ptr(v sql.NullString) *string {
	if !v.Valid {
		return nil
	}
	s := v.String
	return &s
}
