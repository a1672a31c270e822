package mysqldb

// The database server itself: version, hardening variables, the TLS state
// and grants of csaudit's own session (always readable), and, when the audit
// user may read mysql.*, every account reduced to facts. Only SELECT and
// SHOW statements; hashes and authentication strings are compared in SQL or
// reduced here and never stored.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// serverVariables are the global variables the DB-server checks read.
var serverVariables = []string{
	"require_secure_transport", "local_infile", "have_ssl", "have_openssl", "ssl_cert", "ssl_ca",
	"tls_version", "skip_name_resolve", "skip_networking", "bind_address", "port", "secure_file_priv",
	"old_passwords", "secure_auth", "default_authentication_plugin", "authentication_policy",
}

// serverSources declares what the database-server datasets read: server
// tables and statements outside the cloud schema, so they are not in
// datasetTables (whose tables the cloud schema query watches). The data
// contract test holds server.go's queries against this list.
var serverSources = map[snapshot.Dataset][]string{
	snapshot.DataDBServer: {"SHOW GLOBAL VARIABLES", "SHOW SESSION STATUS", "SHOW GRANTS FOR CURRENT_USER()",
		"information_schema.USER_PRIVILEGES", "information_schema.SCHEMA_PRIVILEGES", "information_schema.TABLE_PRIVILEGES"},
	snapshot.DataDBAccounts: {"information_schema.COLUMNS", "mysql.user", "mysql.db", "mysql.global_priv", "mysql.global_grants",
		"mysql.roles_mapping", "mysql.role_edges"},
}

func (r *reader) readServer(ctx context.Context, cfg *mysql.Config) {
	srv := &snapshot.DBServer{Address: cfg.Addr, Network: cfg.Net, Variables: map[string]string{}}
	if srv.Network == "" {
		srv.Network = "tcp"
	}
	srv.Remote = srv.Network != "unix" && !loopbackAddr(cfg.Addr)
	r.s.DBServer = srv
	fail := func(what string, err error) {
		r.s.SetData(snapshot.DataDBServer, snapshot.Failed, fmt.Sprintf("reading %s: %v", what, err))
		r.s.SetData(snapshot.DataDBAccounts, snapshot.Failed, "the database server facts could not be read")
	}
	rows, err := r.query(ctx, "SELECT @@version AS v, @@version_comment AS c, CURRENT_USER() AS u")
	if err != nil || len(rows) != 1 {
		fail("@@version", errOr(err, "no row"))
		return
	}
	srv.Version = strings.TrimPrefix(str(rows[0]["v"]), "5.5.5-")
	srv.VersionComment = str(rows[0]["c"])
	srv.CurrentUser = str(rows[0]["u"])
	srv.Flavor = snapshot.FlavorMySQL
	if strings.Contains(strings.ToLower(srv.Version+" "+srv.VersionComment), "mariadb") {
		srv.Flavor = snapshot.FlavorMariaDB
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(serverVariables)), ",")
	args := make([]any, len(serverVariables))
	for i, v := range serverVariables {
		args[i] = v
	}
	vars, err := r.query(ctx, "SHOW GLOBAL VARIABLES WHERE Variable_name IN ("+ph+")", args...)
	if err != nil {
		fail("server variables", err)
		return
	}
	for _, v := range vars {
		val := str(v["Value"])
		if !v["Value"].Valid {
			val = "NULL" // secure_file_priv=NULL (disabled) differs from "" (anywhere)
		}
		srv.Variables[strings.ToLower(str(v["Variable_name"]))] = val
	}
	st, err := r.query(ctx, "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Ssl_cipher')")
	if err != nil {
		fail("session TLS status", err)
		return
	}
	for _, v := range st {
		switch str(v["Variable_name"]) {
		case "Ssl_version":
			srv.SessionSSLVersion = str(v["Value"])
		case "Ssl_cipher":
			srv.SessionSSLCipher = str(v["Value"])
		}
	}
	if err := r.readOwnGrants(ctx, srv); err != nil {
		fail("the audit account's grants", err)
		return
	}
	r.s.SetData(snapshot.DataDBServer, snapshot.Collected, "")
	r.readAccounts(ctx, srv)
}

func errOr(err error, msg string) error {
	if err != nil {
		return err
	}
	return errors.New(msg)
}

// loopbackAddr reports whether host:port names this machine's loopback.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if strings.EqualFold(host, "localhost") || host == "" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// grantHead keeps "GRANT <privileges> ON <object> TO <account>" of a SHOW
// GRANTS line; what follows (IDENTIFIED BY PASSWORD '<hash>', VIA ... USING
// '<hash>', REQUIRE, WITH ...) is dropped, WITH GRANT/ADMIN OPTION re-added.
var grantHead = regexp.MustCompile("(?i)^(GRANT\\s.+?\\sTO\\s+(?:'[^']*'|`[^`]*`|\"[^\"]*\"|[^\\s@]+)(?:@(?:'[^']*'|`[^`]*`|\"[^\"]*\"|[^\\s]+))?)")

// RedactGrant reduces one SHOW GRANTS line to what may be stored; ok is
// false for a line that is not a GRANT.
func RedactGrant(line string) (string, bool) {
	m := grantHead.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return "", false
	}
	out := m[1]
	up := strings.ToUpper(line)
	if strings.Contains(up, " WITH GRANT OPTION") {
		out += " WITH GRANT OPTION"
	} else if strings.Contains(up, " WITH ADMIN OPTION") {
		out += " WITH ADMIN OPTION"
	}
	return out, true
}

func (r *reader) readOwnGrants(ctx context.Context, srv *snapshot.DBServer) error {
	rows, err := r.query(ctx, "SHOW GRANTS FOR CURRENT_USER()")
	if err != nil {
		return err
	}
	for _, row := range rows {
		for _, v := range row {
			if g, ok := RedactGrant(v.String); ok {
				srv.OwnGrants = append(srv.OwnGrants, g)
			}
		}
	}
	user, host := srv.CurrentUser, ""
	if i := strings.LastIndex(srv.CurrentUser, "@"); i >= 0 {
		user, host = srv.CurrentUser[:i], srv.CurrentUser[i+1:]
	}
	grantee := "'" + user + "'@'" + host + "'"
	add := func(level, q string) error {
		rows, err := r.query(ctx, q, grantee)
		if err != nil {
			return err
		}
		for _, row := range rows {
			obj := "*.*"
			switch level {
			case "schema":
				obj = str(row["TABLE_SCHEMA"]) + ".*"
			case "table":
				obj = str(row["TABLE_SCHEMA"]) + "." + str(row["TABLE_NAME"])
			}
			srv.OwnPrivileges = append(srv.OwnPrivileges, snapshot.DBPrivilege{Level: level, Object: obj,
				Privilege: strings.ToUpper(str(row["PRIVILEGE_TYPE"])), Grantable: strings.EqualFold(str(row["IS_GRANTABLE"]), "YES")})
		}
		return nil
	}
	if err := add("global", "SELECT PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ? ORDER BY PRIVILEGE_TYPE"); err != nil {
		return err
	}
	if err := add("schema", "SELECT TABLE_SCHEMA, PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ? ORDER BY TABLE_SCHEMA, PRIVILEGE_TYPE"); err != nil {
		return err
	}
	return add("table", "SELECT TABLE_SCHEMA, TABLE_NAME, PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ? ORDER BY TABLE_SCHEMA, TABLE_NAME, PRIVILEGE_TYPE")
}

// mariaDB104 reports a MariaDB whose mysql.user is a view over global_priv.
func mariaDB104(srv *snapshot.DBServer) bool {
	if srv.Flavor != snapshot.FlavorMariaDB {
		return false
	}
	p := strings.SplitN(srv.Version, ".", 3)
	if len(p) < 2 {
		return false
	}
	maj, _ := strconv.Atoi(p[0])
	min, _ := strconv.Atoi(strings.TrimFunc(p[1], func(r rune) bool { return r < '0' || r > '9' }))
	return maj > 10 || maj == 10 && min >= 4
}

// AccountsGrantHint is the GRANT that lets the audit account read the
// server's accounts, for account (user@host) on the given flavor.
func AccountsGrantHint(srv *snapshot.DBServer) string {
	who := "'<audit user>'@'<host>'"
	if i := strings.LastIndex(srv.CurrentUser, "@"); i >= 0 {
		who = "'" + srv.CurrentUser[:i] + "'@'" + srv.CurrentUser[i+1:] + "'"
	}
	tables := []string{"mysql.user", "mysql.db"}
	switch {
	case mariaDB104(srv):
		tables = append(tables, "mysql.global_priv", "mysql.roles_mapping")
	case srv.Flavor == snapshot.FlavorMariaDB:
		tables = append(tables, "mysql.roles_mapping")
	default:
		tables = append(tables, "mysql.role_edges", "mysql.global_grants")
	}
	var g []string
	for _, t := range tables {
		g = append(g, "GRANT SELECT ON "+t+" TO "+who+";")
	}
	return strings.Join(g, " ")
}

// passwordPlugins authenticate with a secret stored in the account; an
// empty one means no password. "" is the pre-plugin native method.
var passwordPlugins = []string{"", "mysql_native_password", "mysql_old_password", "ed25519", "parsec",
	"caching_sha2_password", "sha256_password"}

// privColumn maps a mysql.user/mysql.db column to a privilege name.
func privColumn(col string) (string, bool) {
	c := strings.ToLower(col)
	if !strings.HasSuffix(c, "_priv") {
		return "", false
	}
	special := map[string]string{
		"create_user_priv": "CREATE USER", "show_db_priv": "SHOW DATABASES", "repl_slave_priv": "REPLICATION SLAVE",
		"repl_client_priv": "REPLICATION CLIENT", "create_tmp_table_priv": "CREATE TEMPORARY TABLES",
		"lock_tables_priv": "LOCK TABLES", "create_routine_priv": "CREATE ROUTINE", "alter_routine_priv": "ALTER ROUTINE",
		"create_tablespace_priv": "CREATE TABLESPACE", "delete_history_priv": "DELETE HISTORY",
		"show_view_priv": "SHOW VIEW", "create_view_priv": "CREATE VIEW", "grant_priv": "GRANT OPTION",
	}
	if n, ok := special[c]; ok {
		return n, true
	}
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSuffix(c, "_priv"), "_", " ")), true
}

func (r *reader) readAccounts(ctx context.Context, srv *snapshot.DBServer) {
	const d = snapshot.DataDBAccounts
	notGranted := func(why string) {
		r.s.SetData(d, snapshot.NotCollected, "the audit user may not read "+why+"; to audit the database server's accounts run: "+AccountsGrantHint(srv))
	}
	rows, err := r.query(ctx, "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME IN ('user', 'db', 'global_priv', 'roles_mapping', 'role_edges', 'global_grants') ORDER BY TABLE_NAME, ORDINAL_POSITION")
	if err != nil {
		r.s.SetData(d, snapshot.Failed, "reading the columns of mysql.*: "+err.Error())
		return
	}
	cols := map[string][]string{}
	for _, row := range rows {
		t := strings.ToLower(str(row["TABLE_NAME"]))
		cols[t] = append(cols[t], str(row["COLUMN_NAME"]))
	}
	need := []string{"user", "db"}
	if mariaDB104(srv) {
		need = append(need, "global_priv")
	}
	var missing []string
	for _, t := range need {
		if len(cols[t]) == 0 {
			missing = append(missing, "mysql."+t)
		}
	}
	if len(missing) > 0 {
		notGranted(strings.Join(missing, ", "))
		return
	}
	denied := func(err error) bool {
		var me *mysql.MySQLError
		return errors.As(err, &me) && (me.Number == 1142 || me.Number == 1143 || me.Number == 1044)
	}
	has := func(t, c string) (string, bool) {
		for _, x := range cols[t] {
			if strings.EqualFold(x, c) {
				return x, true
			}
		}
		return "", false
	}

	// mysql.user: privilege flags, and the password facts compared in SQL.
	sel := []string{"`User` AS u", "`Host` AS h"}
	opt := func(col, expr, as string) {
		if _, ok := has("user", col); ok {
			sel = append(sel, expr+" AS "+as)
		} else {
			sel = append(sel, "NULL AS "+as)
		}
	}
	opt("plugin", "`plugin`", "plugin")
	opt("authentication_string", "(`authentication_string` IS NULL OR `authentication_string` = '')", "empty_auth")
	opt("Password", "(`Password` IS NULL OR `Password` = '')", "empty_pw")
	opt("is_role", "`is_role`", "is_role")
	opt("account_locked", "`account_locked`", "locked")
	opt("ssl_type", "`ssl_type`", "ssl_type")
	var privCols []string
	for _, c := range cols["user"] {
		if _, ok := privColumn(c); ok {
			privCols = append(privCols, c)
			sel = append(sel, "`"+c+"`")
		}
	}
	urows, err := r.query(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM mysql.`user` ORDER BY `User`, `Host`")
	if err != nil {
		if denied(err) {
			notGranted("mysql.user")
		} else {
			r.s.SetData(d, snapshot.Failed, "reading mysql.user: "+err.Error())
		}
		return
	}
	type key struct{ u, h string }
	idx := map[key]int{}
	for _, row := range urows {
		a := snapshot.DBAccount{User: str(row["u"]), Host: str(row["h"]), SSLType: str(row["ssl_type"]),
			IsRole: yes(str(row["is_role"])), Locked: yes(str(row["locked"]))}
		plugin := str(row["plugin"])
		a.Plugins = []string{plugin}
		// Native passwords may sit in the legacy Password column (MariaDB,
		// MySQL < 5.7.6); a column the server lacks reads as empty.
		empty := str(row["empty_auth"]) != "0"
		if plugin == "" || plugin == "mysql_native_password" || plugin == "mysql_old_password" {
			empty = empty && str(row["empty_pw"]) != "0"
		}
		if slices.Contains(passwordPlugins, plugin) {
			a.EmptyPassword, a.HasPassword = empty, !empty
		}
		for _, c := range privCols {
			if !yes(str(row[c])) {
				continue
			}
			n, _ := privColumn(c)
			if n == "GRANT OPTION" {
				a.GrantOption = true
			} else {
				a.GlobalPrivileges = append(a.GlobalPrivileges, n)
			}
		}
		idx[key{a.User, a.Host}] = len(srv.Accounts)
		srv.Accounts = append(srv.Accounts, a)
	}

	// MariaDB >= 10.4: the authoritative methods, lock and role flags are
	// in global_priv's JSON. It holds hashes: reduce it here, keep nothing.
	if mariaDB104(srv) {
		grows, err := r.query(ctx, "SELECT `User` AS u, `Host` AS h, `Priv` AS p FROM mysql.global_priv")
		if err != nil {
			if denied(err) {
				notGranted("mysql.global_priv")
			} else {
				r.s.SetData(d, snapshot.Failed, "reading mysql.global_priv: "+err.Error())
			}
			srv.Accounts = nil
			return
		}
		for _, row := range grows {
			i, ok := idx[key{str(row["u"]), str(row["h"])}]
			if !ok {
				continue
			}
			f, err := reducePriv(str(row["p"]))
			if err != nil {
				r.s.SetData(d, snapshot.Failed, fmt.Sprintf("mysql.global_priv of %s@%s is not the expected JSON: %v", str(row["u"]), str(row["h"]), err))
				srv.Accounts = nil
				return
			}
			a := &srv.Accounts[i]
			a.Plugins, a.HasPassword, a.EmptyPassword, a.Locked = f.plugins, f.hasPassword, f.emptyPassword, f.locked
			a.IsRole = a.IsRole || f.isRole
		}
	}

	// MySQL 8 dynamic privileges (ADMIN-like ones matter; all are kept).
	if len(cols["global_grants"]) > 0 {
		if grows, err := r.query(ctx, "SELECT `USER` AS u, `HOST` AS h, `PRIV` AS p, `WITH_GRANT_OPTION` AS g FROM mysql.global_grants ORDER BY `USER`, `HOST`, `PRIV`"); err == nil {
			for _, row := range grows {
				if i, ok := idx[key{str(row["u"]), str(row["h"])}]; ok {
					a := &srv.Accounts[i]
					a.GlobalPrivileges = append(a.GlobalPrivileges, strings.ToUpper(str(row["p"])))
					a.GrantOption = a.GrantOption || yes(str(row["g"]))
				}
			}
		}
	}

	// Role grants.
	srv.RolesRead = false
	var rq string
	switch {
	case len(cols["roles_mapping"]) > 0:
		rq = "SELECT `User` AS u, `Host` AS h, `Role` AS role, '' AS rhost FROM mysql.roles_mapping ORDER BY `User`, `Host`, `Role`"
	case len(cols["role_edges"]) > 0:
		rq = "SELECT `TO_USER` AS u, `TO_HOST` AS h, `FROM_USER` AS role, `FROM_HOST` AS rhost FROM mysql.role_edges ORDER BY `TO_USER`, `TO_HOST`, `FROM_USER`"
	}
	if rq != "" {
		if rrows, err := r.query(ctx, rq); err == nil {
			srv.RolesRead = true
			for _, row := range rrows {
				if i, ok := idx[key{str(row["u"]), str(row["h"])}]; ok {
					srv.Accounts[i].Roles = append(srv.Accounts[i].Roles, str(row["role"])+"@"+str(row["rhost"]))
				}
			}
		}
	}

	// mysql.db: per-database privileges.
	dsel := []string{"`User` AS u", "`Host` AS h", "`Db` AS db"}
	var dcols []string
	for _, c := range cols["db"] {
		if _, ok := privColumn(c); ok {
			dcols = append(dcols, c)
			dsel = append(dsel, "`"+c+"`")
		}
	}
	drows, err := r.query(ctx, "SELECT "+strings.Join(dsel, ", ")+" FROM mysql.`db` ORDER BY `Db`, `User`, `Host`")
	if err != nil {
		if denied(err) {
			notGranted("mysql.db")
		} else {
			r.s.SetData(d, snapshot.Failed, "reading mysql.db: "+err.Error())
		}
		srv.Accounts = nil
		return
	}
	for _, row := range drows {
		g := snapshot.DBSchemaGrant{User: str(row["u"]), Host: str(row["h"]), Db: str(row["db"])}
		for _, c := range dcols {
			if !yes(str(row[c])) {
				continue
			}
			n, _ := privColumn(c)
			if n == "GRANT OPTION" {
				g.GrantOption = true
			} else {
				g.Privileges = append(g.Privileges, n)
			}
		}
		srv.SchemaGrants = append(srv.SchemaGrants, g)
	}
	for i := range srv.Accounts {
		sort.Strings(srv.Accounts[i].GlobalPrivileges)
	}
	r.s.SetData(d, snapshot.Collected, "")
}

func yes(v string) bool { return strings.EqualFold(v, "Y") || v == "1" || strings.EqualFold(v, "true") }

// privFacts are what csaudit keeps of a global_priv Priv document.
type privFacts struct {
	plugins                    []string
	hasPassword, emptyPassword bool
	locked, isRole             bool
}

// reducePriv reads MariaDB's global_priv JSON and keeps only facts. A method
// in auth_or that is {} stands for the top-level plugin.
func reducePriv(doc string) (privFacts, error) {
	type method struct {
		Plugin     *string `json:"plugin"`
		AuthString *string `json:"authentication_string"`
	}
	var p struct {
		method
		AuthOr        []method `json:"auth_or"`
		AccountLocked bool     `json:"account_locked"`
		IsRole        bool     `json:"is_role"`
	}
	var f privFacts
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return f, errors.New("unparseable JSON")
	}
	f.locked, f.isRole = p.AccountLocked, p.IsRole
	methods := p.AuthOr
	if len(methods) == 0 {
		methods = []method{{}}
	}
	for _, m := range methods {
		if m.Plugin == nil && m.AuthString == nil {
			m = p.method
		}
		plugin, auth := "mysql_native_password", ""
		if m.Plugin != nil {
			plugin = *m.Plugin
		}
		if m.AuthString != nil {
			auth = *m.AuthString
		}
		f.plugins = append(f.plugins, plugin)
		if !slices.Contains(passwordPlugins, plugin) {
			continue
		}
		if auth == "" {
			f.emptyPassword = true
		} else if auth != "invalid" {
			f.hasPassword = true
		}
	}
	return f, nil
}
