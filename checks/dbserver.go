package checks

// CS-DBS: the MySQL/MariaDB server that holds the cloud database, judged
// from SQL (accounts, privileges, server variables). CS-HOST-014 judges the
// same server's listeners from the host probe.

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

var (
	needDBServer   = []snapshot.Dataset{snapshot.DataDBServer}
	needDBAccounts = []snapshot.Dataset{snapshot.DataDBServer, snapshot.DataDBAccounts}
)

// DBAccountRes is one account of the database server: 'user'@'host'.
func DBAccountRes(user, host string) Resource {
	return Resource{Kind: KindDBAccount, Name: "'" + user + "'@'" + host + "'"}
}

// dbVariableRes is a server variable of the database server.
func dbVariableRes(name string) Resource {
	return Resource{Kind: KindDatabase, Name: "server variable " + name}
}

// dbServer returns the server facts, or the error result when a snapshot
// marks the dataset collected but carries none.
func dbServer(s *snapshot.Snapshot) (*snapshot.DBServer, []Result) {
	if s.DBServer == nil {
		return nil, []Result{{Status: Error, Resource: Resource{Kind: KindDatabase, Name: "server"},
			Message: "the snapshot marks db_server collected but holds no database server facts"}}
	}
	return s.DBServer, nil
}

// loopbackHost reports an account host pattern that only matches this
// machine's loopback.
func loopbackHost(h string) bool {
	h = strings.ToLower(h)
	return h == "localhost" || h == "::1" || h == "127.0.0.1" || (strings.HasPrefix(h, "127.") && !strings.ContainsAny(h, "%_/"))
}

// systemAccount is a reserved account the server creates locked or local.
func systemAccount(a snapshot.DBAccount) bool {
	switch a.User {
	case "mariadb.sys", "mysql.sys", "mysql.session", "mysql.infoschema":
		return loopbackHost(a.Host)
	case "PUBLIC":
		return a.Host == "" // MariaDB >= 10.11 pseudo-role, not an anonymous account
	}
	return false
}

// canLogIn is an account a client may authenticate as.
func canLogIn(a snapshot.DBAccount) bool { return !a.IsRole && !a.Locked && !systemAccount(a) }

// effectivePrivileges are an account's global privileges plus those of the
// roles granted to it (recursively); grant reports GRANT OPTION.
func effectivePrivileges(srv *snapshot.DBServer, a snapshot.DBAccount) (privs []string, grant bool) {
	seen := map[string]bool{}
	var walk func(a snapshot.DBAccount)
	walk = func(a snapshot.DBAccount) {
		k := a.User + "@" + a.Host
		if seen[k] {
			return
		}
		seen[k] = true
		for _, p := range a.GlobalPrivileges {
			if !slices.Contains(privs, p) {
				privs = append(privs, p)
			}
		}
		grant = grant || a.GrantOption
		for _, r := range a.Roles {
			i := strings.LastIndex(r, "@")
			for _, b := range srv.Accounts {
				if b.User == r[:i] && b.Host == r[i+1:] {
					walk(b)
				}
			}
		}
	}
	walk(a)
	slices.Sort(privs)
	return privs, grant
}

// adminPrivilege is a global privilege that administers the server.
func adminPrivilege(p string) bool {
	switch p {
	case "SUPER", "CREATE USER", "FILE", "SHUTDOWN", "RELOAD", "ALL PRIVILEGES", "GRANT OPTION":
		return true
	}
	return strings.HasSuffix(p, "_ADMIN") // MySQL 8 dynamic: SYSTEM_VARIABLES_ADMIN, ...
}

func filterPrivs(ps []string, keep func(string) bool) []string {
	var out []string
	for _, p := range ps {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out
}

// cloudDBUsers are the database users CloudStack logs in as: db.cloud.username
// and db.usage.username of every probed management server, else "cloud".
func cloudDBUsers(s *snapshot.Snapshot) []string {
	var out []string
	if s.Availability(snapshot.DataMachines).Status == snapshot.Collected {
		for i := range s.Machines {
			m := &s.Machines[i]
			if f, ok := m.File(dbPropPath); ok && f.Read {
				for _, k := range []string{"db.cloud.username", "db.usage.username"} {
					if v := strings.TrimSpace(f.Values[k]); v != "" && !slices.Contains(out, v) {
						out = append(out, v)
					}
				}
			}
		}
	}
	if len(out) == 0 {
		out = []string{"cloud"}
	}
	return out
}

// dbRemote reports whether CloudStack's database is reached over the
// network: csaudit's DSN host is not loopback, or a probed management
// server's db.cloud.host is not.
func dbRemote(s *snapshot.Snapshot, srv *snapshot.DBServer) (bool, string) {
	if srv.Remote {
		return true, "csaudit reached it at " + srv.Address
	}
	if s.Availability(snapshot.DataMachines).Status == snapshot.Collected {
		for i := range s.Machines {
			m := &s.Machines[i]
			if f, ok := m.File(dbPropPath); ok && f.Read {
				if h := strings.TrimSpace(f.Values["db.cloud.host"]); h != "" && !loopbackHost(h) {
					return true, m.Name + " db.properties db.cloud.host=" + h
				}
			}
		}
	}
	return false, ""
}

func accountsPass(what string) []Result {
	return []Result{{Status: Pass, Resource: GroupRes("database server accounts"), Message: what}}
}

// AnonymousAccounts flags accounts with an empty user name.
var AnonymousAccounts = &Check{
	ID:       "CS-DBS-001",
	Title:    "Anonymous database accounts exist",
	Severity: High,
	Threat:   []string{"TM §10.2", "TM §4 B9"},
	Rationale: "An account with an empty user name matches any user name from its host: whoever reaches " +
		"the server logs in. mariadb-install-db / mysql_install_db create ''@localhost and ''@<hostname> " +
		"unless mysql_secure_installation removes them, and the CloudStack installation guide asks for " +
		"that step.",
	Remediation: "DROP USER ''@'localhost'; DROP USER ''@'<hostname>'; (one per anonymous account listed; " +
		"or run mysql_secure_installation / mariadb-secure-installation).",
	References: []string{"CloudStack Installation Guide: Install the Database (mysql_secure_installation)", "CIS Oracle MySQL Benchmark: ensure no anonymous accounts", "CWE-287"},
	Requires:   needDBAccounts,
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		var out []Result
		for _, a := range srv.Accounts {
			if a.User == "" && !a.IsRole && !a.Locked {
				out = append(out, Result{Status: Fail, Resource: DBAccountRes(a.User, a.Host), Expected: "no anonymous account",
					Actual: "anonymous account", Message: fmt.Sprintf("any user name is accepted from host pattern %q", a.Host)})
			}
		}
		if len(out) == 0 {
			return accountsPass("no anonymous account")
		}
		return out
	},
}

// PasswordlessAccounts flags accounts that log in without a password.
var PasswordlessAccounts = &Check{
	ID:       "CS-DBS-002",
	Title:    "Database accounts that log in without a password",
	Severity: Critical,
	Threat:   []string{"TM §10.2", "TM §4 B9"},
	Rationale: "An account whose password-based method has an empty credential accepts an empty password. " +
		"Reachable from the network it hands the cloud database (every setting and secret) to anyone; " +
		"even a local one turns any local user into a database administrator. unix_socket, gssapi and PAM " +
		"accounts and locked accounts or roles are not password-less.",
	Remediation: "ALTER USER '<user>'@'<host>' IDENTIFIED BY '<strong password>'; (or IDENTIFIED VIA " +
		"unix_socket for a local administrator), or DROP USER '<user>'@'<host>'; for accounts not needed.",
	References: []string{"CIS Oracle MySQL Benchmark: ensure passwords are set for all accounts", "CWE-521", "CWE-258"},
	Requires:   needDBAccounts,
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		var out []Result
		for _, a := range srv.Accounts {
			if !canLogIn(a) || !a.EmptyPassword {
				continue
			}
			where := "from any host matching " + strconvQuote(a.Host) + " (remote)"
			if loopbackHost(a.Host) {
				where = "locally (" + a.Host + ")"
			}
			out = append(out, Result{Status: Fail, Resource: DBAccountRes(a.User, a.Host), Expected: "a password or a non-password method",
				Actual:  "empty password (" + strings.Join(showPlugins(a.Plugins), " OR ") + ")",
				Message: "logs in with an empty password " + where})
		}
		if len(out) == 0 {
			return accountsPass("every account that can log in has a password or a non-password method")
		}
		return out
	},
}

func strconvQuote(s string) string { return strconv.Quote(s) }

func showPlugins(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p
		if p == "" {
			out[i] = "native password"
		}
	}
	return out
}

// RemoteAdminAccounts flags administrative accounts reachable from other hosts.
var RemoteAdminAccounts = &Check{
	ID:       "CS-DBS-003",
	Title:    "Administrative database account reachable from remote hosts",
	Severity: High,
	Threat:   []string{"TM §10.2", "TM §4 B9"},
	Rationale: "An account with SUPER, CREATE USER, FILE, SHUTDOWN, RELOAD, a MySQL *_ADMIN privilege or " +
		"GRANT OPTION on *.* administers the whole server (and FILE reads and writes server files). " +
		"Accepting it from other hosts lets a stolen or guessed password be used from anywhere; the " +
		"CloudStack guide keeps root remote only while cloudstack-setup-databases runs.",
	Remediation: "After cloudstack-setup-databases: DROP USER 'root'@'%'; (or RENAME USER '<user>'@'%' TO " +
		"'<user>'@'<admin host IP>'), or REVOKE ALL PRIVILEGES, GRANT OPTION FROM '<user>'@'<host>'; " +
		"and administer the server locally.",
	References: []string{"CloudStack Installation Guide: Install the Database (root login remotely during setup)", "CIS Oracle MySQL Benchmark: limit administrative privileges", "CWE-250"},
	Requires:   needDBAccounts,
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		var out []Result
		for _, a := range srv.Accounts {
			if !canLogIn(a) || loopbackHost(a.Host) {
				continue
			}
			privs, grant := effectivePrivileges(srv, a)
			admin := filterPrivs(privs, adminPrivilege)
			if grant {
				admin = append(admin, "GRANT OPTION")
			}
			if len(admin) == 0 {
				continue
			}
			msg := fmt.Sprintf("holds %s on *.* and is accepted from host pattern %q", strings.Join(admin, ", "), a.Host)
			if a.User == "root" {
				msg += " (post-install residue: the setup guide needs remote root only while the databases are created)"
			}
			out = append(out, Result{Status: Fail, Resource: DBAccountRes(a.User, a.Host), Expected: "administrative privileges only for local accounts",
				Actual: strings.Join(admin, ", "), Message: msg})
		}
		if len(out) == 0 {
			msg := "no account reachable from another host holds administrative privileges"
			if !srv.RolesRead {
				msg += " (role grants could not be read; privileges held through roles were not counted)"
			}
			return accountsPass(msg)
		}
		return out
	},
}

// CloudAccountPrivileges flags CloudStack's database account holding more
// than the packaged grants.
var CloudAccountPrivileges = &Check{
	ID:       "CS-DBS-004",
	Title:    "CloudStack database account holds global privileges or GRANT OPTION",
	Severity: Medium,
	Threat:   []string{"TM §10.6", "TM §4 B9"},
	Rationale: "cloudstack-setup-databases grants the CloudStack user ALL on cloud.* and cloud_usage.* and " +
		"PROCESS on *.* (setup/bindir/cloud-setup-databases.in L236-241 @4.22.1.0). Anything more (other " +
		"global privileges, GRANT OPTION) lets whoever holds db.properties — the management server's " +
		"cloud user — take over every other database on the server and create accounts.",
	Remediation: "REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'cloud'@'<host>'; GRANT ALL ON cloud.* TO " +
		"'cloud'@'<host>'; GRANT ALL ON cloud_usage.* TO 'cloud'@'<host>'; GRANT PROCESS ON *.* TO " +
		"'cloud'@'<host>'; (for each host row of the CloudStack user).",
	References: []string{"setup/bindir/cloud-setup-databases.in L234-241 @4.22.1.0", "setup/db/create-database.sql L58-65 @4.22.1.0", "CWE-269"},
	Requires:   needDBAccounts,
	Files:      []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		users := cloudDBUsers(s)
		var out []Result
		found := false
		for _, a := range srv.Accounts {
			if !slices.Contains(users, a.User) || a.IsRole {
				continue
			}
			found = true
			privs, grant := effectivePrivileges(srv, a)
			extra := filterPrivs(privs, func(p string) bool { return p != "PROCESS" && p != "USAGE" })
			if grant {
				extra = append(extra, "GRANT OPTION on *.*")
			}
			for _, g := range srv.SchemaGrants {
				if g.User == a.User && g.Host == a.Host && g.GrantOption {
					extra = append(extra, "GRANT OPTION on "+g.Db+".*")
				}
			}
			r := Result{Resource: DBAccountRes(a.User, a.Host), Expected: "ALL on cloud.*, cloud_usage.*; PROCESS on *.*"}
			if len(extra) == 0 {
				r.Status, r.Actual, r.Message = Pass, "no global privilege beyond PROCESS", "holds only the packaged grants"
			} else {
				r.Status, r.Actual = Fail, strings.Join(extra, ", ")
				r.Message = "CloudStack's database account also holds " + strings.Join(extra, ", ")
			}
			out = append(out, r)
		}
		if !found {
			return []Result{{Status: Manual, Resource: GroupRes("database server accounts"), Expected: "an account for " + strings.Join(users, ", "),
				Message: "no account named " + strings.Join(users, " or ") + " exists on this server; check the grants of the user in db.properties db.cloud.username"}}
		}
		return out
	},
}

// wideHost reports a host pattern that accepts (nearly) any address.
func wideHost(h string) bool {
	if h == "%" || h == "" {
		return true
	}
	if _, mask, ok := strings.Cut(h, "/"); ok {
		n := 0
		for _, p := range strings.Split(mask, ".") {
			o, err := strconv.Atoi(p)
			if err != nil || o < 0 || o > 255 {
				return true
			}
			n += bits.OnesCount8(uint8(o))
		}
		return n < 16
	}
	first, _, _ := strings.Cut(h, ".")
	return strings.ContainsAny(first, "%_")
}

// CloudAccountAnyHost flags the CloudStack account accepted from any host.
var CloudAccountAnyHost = &Check{
	ID:       "CS-DBS-005",
	Title:    "CloudStack database account accepted from any host",
	Severity: Low,
	Threat:   []string{"TM §10.2", "TM §11.1"},
	Rationale: "cloudstack-setup-databases creates cloud@'%' beside cloud@localhost " +
		"(setup/bindir/cloud-setup-databases.in L207-208, L235 @4.22.1.0). Only the management and usage " +
		"servers need the account; a wildcard host lets the password be tried and used from every " +
		"network that reaches the database port.",
	Remediation: "RENAME USER 'cloud'@'%' TO 'cloud'@'<management server IP>'; then CREATE USER / GRANT the " +
		"same privileges for each further management or usage server IP.",
	References: []string{"setup/bindir/cloud-setup-databases.in L207-208, L235 @4.22.1.0", "CWE-668"},
	Requires:   needDBAccounts,
	Files:      []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		users := cloudDBUsers(s)
		closed := ""
		if v := srv.Variables["skip_networking"]; strings.EqualFold(v, "ON") {
			closed = "skip_networking=ON"
		} else if b, ok := srv.Variables["bind_address"]; ok && loopbackHost(strings.TrimSpace(b)) {
			closed = "bind_address=" + b
		}
		var out []Result
		for _, a := range srv.Accounts {
			if !slices.Contains(users, a.User) || !canLogIn(a) {
				continue
			}
			r := Result{Resource: DBAccountRes(a.User, a.Host), Expected: "loopback or the management/usage server addresses", Actual: "host " + strconvQuote(a.Host)}
			switch {
			case !wideHost(a.Host):
				r.Status, r.Message = Pass, "accepted only from "+strconvQuote(a.Host)
			case closed != "":
				r.Status, r.Message = Pass, "wildcard host harmless while the server is loopback-only ("+closed+")"
			default:
				r.Status, r.Message = Fail, fmt.Sprintf("CloudStack's database account is accepted from host pattern %q", a.Host)
			}
			out = append(out, r)
		}
		if len(out) == 0 {
			return accountsPass("no account named " + strings.Join(users, " or ") + " can log in")
		}
		return out
	},
}

// auditReadOnly are the privileges a read-only audit account may hold.
var auditReadOnly = []string{"USAGE", "SELECT", "SHOW VIEW", "SHOW DATABASES", "PROCESS", "REPLICATION CLIENT",
	"BINLOG MONITOR", "SLAVE MONITOR", "REPLICA MONITOR"}

// grantPrivileges splits "GRANT a, b (col) ON obj TO who" into privileges and
// object; role is set for a role grant ("GRANT `r` TO who").
func grantPrivileges(line string) (privs []string, obj, role string) {
	body := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "GRANT "))
	on := strings.Index(strings.ToUpper(body), " ON ")
	to := strings.LastIndex(strings.ToUpper(body), " TO ")
	if on < 0 || (to >= 0 && to < on) {
		if to < 0 {
			return nil, "", ""
		}
		return nil, "", strings.Trim(strings.TrimSpace(body[:to]), "`'\"")
	}
	obj = strings.TrimSpace(body[on+4:])
	if t := strings.Index(strings.ToUpper(obj), " TO "); t >= 0 {
		obj = obj[:t]
	}
	depth, start := 0, 0
	list := body[:on]
	for i := 0; i <= len(list); i++ {
		if i < len(list) && list[i] == '(' {
			depth++
		} else if i < len(list) && list[i] == ')' {
			depth--
		} else if i == len(list) || list[i] == ',' && depth == 0 {
			p := list[start:i]
			if j := strings.Index(p, "("); j >= 0 {
				p = p[:j]
			}
			if p = strings.ToUpper(strings.TrimSpace(p)); p != "" {
				privs = append(privs, p)
			}
			start = i + 1
		}
	}
	if strings.Contains(strings.ToUpper(line), "WITH GRANT OPTION") {
		privs = append(privs, "GRANT OPTION")
	}
	return privs, strings.ReplaceAll(obj, "`", ""), ""
}

// AuditAccountWrites flags csaudit's own account holding more than reads.
var AuditAccountWrites = &Check{
	ID:       "CS-DBS-006",
	Title:    "csaudit's own database account can write",
	Severity: Medium,
	Threat:   []string{"TM §4 B9", "TM §10.6"},
	Rationale: "csaudit only sends SELECT and SHOW in a READ ONLY session, so its account needs nothing " +
		"else. Audit credentials live in CI pipelines and on laptops; an audit account that can write, " +
		"grant or read files is a second way into the cloud database.",
	Remediation: "REVOKE ALL PRIVILEGES, GRANT OPTION FROM '<audit user>'@'<host>'; GRANT SELECT ON cloud.* TO " +
		"'<audit user>'@'<host>'; (and, to audit the server's accounts, GRANT SELECT ON mysql.user / " +
		"mysql.db / mysql.global_priv TO '<audit user>'@'<host>';).",
	References: []string{"csaudit README: the audit account", "CWE-250"},
	Requires:   needDBServer,
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		var bad, roles []string
		add := func(p, obj string) {
			if !slices.Contains(auditReadOnly, p) {
				if e := p + " on " + obj; !slices.Contains(bad, e) {
					bad = append(bad, e)
				}
			}
		}
		for _, p := range srv.OwnPrivileges {
			add(p.Privilege, p.Object)
			if p.Grantable {
				add("GRANT OPTION", p.Object)
			}
		}
		process := false
		for _, g := range srv.OwnGrants {
			privs, obj, role := grantPrivileges(g)
			if role != "" && role != "PUBLIC" {
				roles = append(roles, role)
			}
			for _, p := range privs {
				if p == "ALL" {
					p = "ALL PRIVILEGES"
				}
				process = process || p == "PROCESS"
				add(p, obj)
			}
		}
		r := Result{Resource: DBAccountRes(splitAccount(srv.CurrentUser)), Expected: "SELECT/SHOW VIEW only",
			Actual: fmt.Sprintf("%d grant line(s)", len(srv.OwnGrants))}
		switch {
		case len(bad) > 0:
			r.Status, r.Actual = Fail, strings.Join(bad, "; ")
			r.Message = "the audit account can change data or grants: " + strings.Join(bad, "; ")
		case len(roles) > 0:
			r.Status = Manual
			r.Message = "the audit account holds role(s) " + strings.Join(roles, ", ") + " whose privileges are not visible to it; check SHOW GRANTS FOR each role"
		default:
			r.Status, r.Message = Pass, "the audit account can only read"
			if process {
				r.Message += " (PROCESS lets it see other sessions' SQL text)"
			}
		}
		return []Result{r}
	},
}

func splitAccount(ua string) (string, string) {
	if i := strings.LastIndex(ua, "@"); i >= 0 {
		return ua[:i], ua[i+1:]
	}
	return ua, ""
}

// tlsAvailable says whether the server offers TLS, and the evidence.
func tlsAvailable(srv *snapshot.DBServer) (bool, string) {
	if srv.SessionSSLCipher != "" {
		return true, "csaudit's own session uses " + srv.SessionSSLVersion + " " + srv.SessionSSLCipher
	}
	if v, ok := srv.Variables["have_ssl"]; ok {
		return strings.EqualFold(v, "YES"), "have_ssl=" + v + ", csaudit's own session is not encrypted"
	}
	if srv.Flavor == snapshot.FlavorMariaDB {
		if l, ok := serverLine(srv); ok && (l.major > 11 || l.major == 11 && l.minor >= 4) {
			return true, "MariaDB >= 11.4 generates a certificate when none is configured"
		}
	}
	if c := srv.Variables["ssl_cert"]; c != "" {
		return true, "ssl_cert=" + c
	}
	return false, "no have_ssl and no ssl_cert; csaudit's own session is not encrypted"
}

// RemoteDBNoTLS flags a remote database server that offers no TLS.
var RemoteDBNoTLS = &Check{
	ID:       "CS-DBS-007",
	Title:    "Remote CloudStack database server without TLS",
	Severity: Medium,
	Threat:   []string{"TM §10.2", "TM §4 B9", "TM §10.6"},
	Rationale: "When the database is on another machine, the management servers send the cloud database " +
		"password and read every setting and (possibly decryptable) secret over the network. Without a " +
		"server certificate db.cloud.useSSL cannot be turned on, so all of it travels in clear.",
	Remediation: "Configure ssl_cert, ssl_key and ssl_ca in the [mysqld] section (MySQL 8 and MariaDB >= 11.4 " +
		"generate a certificate themselves), restart the server, then set db.cloud.useSSL=true (and the " +
		"trust store) in db.properties on every management server.",
	References: []string{"MariaDB: Secure Connections Overview", "MySQL 8.0 Reference Manual 8.3.1 Configuring MySQL to Use Encrypted Connections", "CWE-319"},
	Requires:   needDBServer,
	Files:      []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		res := Resource{Kind: KindDatabase, Name: "server TLS"}
		remote, why := dbRemote(s, srv)
		if !remote {
			return []Result{{Status: Skip, Resource: res, Message: "not applicable: the database is reached over loopback (" + srv.Address + ")"}}
		}
		ok, ev := tlsAvailable(srv)
		r := Result{Resource: res, Expected: "TLS offered (have_ssl=YES)", Actual: ev}
		if ok {
			r.Status, r.Message = Pass, "the server offers TLS: "+ev
		} else {
			r.Status, r.Message = Fail, "the database is remote ("+why+") and the server offers no TLS: "+ev
		}
		return []Result{r}
	},
}

// PlaintextAccepted flags a remote database that still accepts plaintext.
var PlaintextAccepted = &Check{
	ID:       "CS-DBS-008",
	Title:    "Remote database accepts unencrypted connections",
	Severity: Low,
	Threat:   []string{"TM §10.2", "TM §4 B9"},
	Rationale: "TLS that clients may skip protects nothing against an active attacker: with " +
		"require_secure_transport=OFF and no REQUIRE SSL on the CloudStack account, a downgraded or " +
		"misconfigured management server (db.cloud.useSSL=false) still connects in clear.",
	Remediation: "require_secure_transport=ON in the [mysqld] section (MariaDB >= 10.5.2; MySQL: SET PERSIST " +
		"require_secure_transport=ON), or ALTER USER 'cloud'@'<host>' REQUIRE SSL; for each CloudStack account row.",
	References: []string{"MySQL 8.0 Reference Manual: require_secure_transport", "MariaDB: require_secure_transport", "CWE-319"},
	Requires:   needDBServer,
	Files:      []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		res := dbVariableRes("require_secure_transport")
		remote, why := dbRemote(s, srv)
		if !remote {
			return []Result{{Status: Skip, Resource: res, Message: "not applicable: the database is reached over loopback (" + srv.Address + ")"}}
		}
		v, has := srv.Variables["require_secure_transport"]
		r := Result{Resource: res, Expected: "ON", Actual: show(v)}
		if has && (strings.EqualFold(v, "ON") || v == "1") {
			r.Status, r.Message = Pass, "the server refuses unencrypted connections"
			return []Result{r}
		}
		// Per-account REQUIRE SSL also closes the gap for CloudStack.
		if s.Availability(snapshot.DataDBAccounts).Status == snapshot.Collected {
			users := cloudDBUsers(s)
			n, all := 0, true
			for _, a := range srv.Accounts {
				if slices.Contains(users, a.User) && canLogIn(a) {
					n++
					all = all && a.SSLType != ""
				}
			}
			if n > 0 && all {
				r.Status, r.Message = Pass, "every CloudStack account row requires TLS (REQUIRE SSL/X509)"
				return []Result{r}
			}
		}
		if !has {
			r.Status, r.Actual = Manual, "(variable absent)"
			r.Message = "this server has no require_secure_transport (MariaDB < 10.5.2, MySQL < 5.7.8) and account TLS requirements are not known; check SHOW GRANTS for REQUIRE SSL on the CloudStack account"
			return []Result{r}
		}
		r.Status, r.Message = Fail, "the database is remote ("+why+") and accepts unencrypted connections"
		return []Result{r}
	},
}

// LocalInfile flags LOAD DATA LOCAL INFILE enabled on the server.
var LocalInfile = &Check{
	ID:       "CS-DBS-009",
	Title:    "LOAD DATA LOCAL INFILE enabled on the database server",
	Severity: Low,
	Threat:   []string{"TM §4 B9"},
	Rationale: "With local_infile on, a LOAD DATA LOCAL statement makes the client send a file of the " +
		"client's machine; SQL injection in any application on the server, or a rogue server, can read " +
		"files from clients that allow it. MariaDB enables it by default, MySQL 8 does not.",
	Remediation: "local_infile=0 in the [mysqld] section and restart (SET GLOBAL local_infile=0 applies it at once).",
	References:  []string{"CIS Oracle MySQL Benchmark: ensure local_infile is disabled", "MySQL 8.0 Reference Manual 6.1.6 Security Considerations for LOAD DATA LOCAL", "CWE-73"},
	Requires:    needDBServer,
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		v, ok := srv.Variables["local_infile"]
		res := dbVariableRes("local_infile")
		if !ok {
			return []Result{{Status: Skip, Resource: res, Message: "not applicable: the server has no local_infile variable"}}
		}
		r := Result{Resource: res, Expected: "OFF", Actual: v}
		if strings.EqualFold(v, "ON") || v == "1" {
			r.Status, r.Message = Fail, "LOAD DATA LOCAL INFILE is enabled"
		} else {
			r.Status, r.Message = Pass, "LOAD DATA LOCAL INFILE is disabled"
		}
		return []Result{r}
	},
}

// hostNamePattern reports an account host given as a DNS name.
func hostNamePattern(h string) bool {
	if loopbackHost(h) {
		return false
	}
	return strings.ContainsFunc(h, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' })
}

// HostNameGrants flags DNS-name account hosts while the server resolves names.
var HostNameGrants = &Check{
	ID:       "CS-DBS-010",
	Title:    "Database accounts granted by host name while name resolution is on",
	Severity: Low,
	Threat:   []string{"TM §10.2"},
	Rationale: "With skip_name_resolve=OFF the server matches account hosts such as 'ms1.example.com' or " +
		"'%.example.com' through reverse DNS of the client's address; whoever controls the reverse zone " +
		"(or poisons the resolver) chooses which account rows an address matches.",
	Remediation: "Recreate the accounts with IP addresses (RENAME USER 'cloud'@'ms1.example.com' TO " +
		"'cloud'@'10.1.1.10';) and set skip_name_resolve=ON in the [mysqld] section; restart.",
	References: []string{"CIS Oracle MySQL Benchmark: ensure skip_name_resolve is enabled", "MySQL 8.0 Reference Manual 7.1.12.3 DNS Lookups and the Host Cache", "CWE-350"},
	Requires:   needDBAccounts,
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		v := srv.Variables["skip_name_resolve"]
		if strings.EqualFold(v, "ON") || v == "1" {
			return []Result{{Status: Pass, Resource: dbVariableRes("skip_name_resolve"), Expected: "ON", Actual: v,
				Message: "the server does not resolve client names; host-name grants never match"}}
		}
		var out []Result
		for _, a := range srv.Accounts {
			if canLogIn(a) && hostNamePattern(a.Host) {
				out = append(out, Result{Status: Fail, Resource: DBAccountRes(a.User, a.Host), Expected: "an IP address host",
					Actual:  "host " + strconvQuote(a.Host) + ", skip_name_resolve=" + show(v),
					Message: "matched through reverse DNS of the client address"})
			}
		}
		if len(out) == 0 {
			return accountsPass("no account host is a DNS name (skip_name_resolve=" + show(v) + ")")
		}
		return out
	},
}

// dbLine is the support period of one MySQL/MariaDB release line.
type dbLine struct {
	flavor, line string
	eol          string // first day without community support
	basis        string
}

// dbLines: community end-of-life dates (mariadb.org maintenance policy and
// "MariaDB 10.11 is LTS"; MySQL lifecycle / release notes; endoflife.date
// mariadb/mysql pages cross-checked). Lines not listed are Manual.
var dbLines = []dbLine{
	{"mariadb", "10.3", "2023-05-25", "MariaDB 10.3 (GA 2018-05-25, five years)"},
	{"mariadb", "10.4", "2024-06-18", "MariaDB 10.4 (GA 2019-06-18, five years)"},
	{"mariadb", "10.5", "2025-06-24", "MariaDB 10.5 (GA 2020-06-24, five years)"},
	{"mariadb", "10.6", "2026-07-06", "MariaDB 10.6 LTS 2021-07-06 to 2026-07-06 (mariadb.org)"},
	{"mariadb", "10.7", "2023-02-09", "short-term release"},
	{"mariadb", "10.8", "2023-05-20", "short-term release"},
	{"mariadb", "10.9", "2023-08-22", "short-term release"},
	{"mariadb", "10.10", "2023-11-17", "short-term release"},
	{"mariadb", "10.11", "2028-02-16", "MariaDB 10.11 LTS (GA 2023-02-16, five years)"},
	{"mariadb", "11.0", "2024-06-06", "short-term release"},
	{"mariadb", "11.1", "2024-08-21", "short-term release"},
	{"mariadb", "11.2", "2024-11-21", "short-term release"},
	{"mariadb", "11.3", "2024-05-29", "short-term release"},
	{"mariadb", "11.4", "2029-05-29", "MariaDB 11.4 LTS (GA 2024-05-29, five years)"},
	{"mariadb", "11.5", "2026-01-01", "short-term release (ended before 2026; conservative date)"},
	{"mariadb", "11.6", "2026-01-01", "short-term release (ended before 2026; conservative date)"},
	{"mariadb", "11.7", "2026-01-01", "short-term release (ended before 2026; conservative date)"},
	{"mariadb", "11.8", "2028-06-04", "MariaDB 11.8 LTS (GA 2025-06-04, three years)"},
	{"mysql", "5.7", "2023-10-21", "MySQL 5.7 end of life October 2023"},
	{"mysql", "8.0", "2026-04-30", "MySQL 8.0 end of life April 2026"},
	{"mysql", "8.1", "2023-10-25", "innovation release, superseded by 8.2"},
	{"mysql", "8.2", "2024-01-16", "innovation release, superseded by 8.3"},
	{"mysql", "8.3", "2024-04-30", "innovation release, superseded by 8.4/9.0"},
	{"mysql", "8.4", "2032-04-30", "MySQL 8.4 LTS (GA 2024-04-30, eight years)"},
}

// dbTableDate is when dbLines was last checked.
var dbTableDate = time.Date(2026, 9, 3, 0, 0, 0, 0, time.UTC)

type serverVersion struct{ major, minor int }

func serverLine(srv *snapshot.DBServer) (serverVersion, bool) {
	p := strings.SplitN(srv.Version, ".", 3)
	if len(p) < 2 {
		return serverVersion{}, false
	}
	maj, err1 := strconv.Atoi(p[0])
	digits := strings.TrimRightFunc(p[1], func(r rune) bool { return r < '0' || r > '9' })
	min, err2 := strconv.Atoi(digits)
	if err1 != nil || err2 != nil {
		return serverVersion{}, false
	}
	return serverVersion{maj, min}, true
}

// DBServerEOL flags a database server release line past its end of life.
var DBServerEOL = &Check{
	ID:       "CS-DBS-011",
	Title:    "Database server version is end of life",
	Severity: High,
	Threat:   []string{"TM §10.2", "TM §4 B9"},
	Rationale: "The database server guards every CloudStack secret. A release line past its community " +
		"end of life gets no security fixes, so any later server CVE stays open. (A distribution may " +
		"support its packaged version longer; check the vendor before waiving.)",
	Remediation: "Upgrade to a supported LTS line (MariaDB 10.11, 11.4 or 11.8; MySQL 8.4) that the " +
		"CloudStack release supports, following the CloudStack database upgrade notes.",
	References: []string{"https://mariadb.org/about/#maintenance-policy", "https://mariadb.org/mariadb-10-11-is-lts/", "https://www.mysql.com/support/eol-notice.html", "https://endoflife.date/mariadb", "https://endoflife.date/mysql"},
	Requires:   needDBServer,
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		name := "MySQL"
		if srv.Flavor == snapshot.FlavorMariaDB {
			name = "MariaDB"
		}
		res := Resource{Kind: KindVersion, Name: name, Label: srv.Version}
		v, ok := serverLine(srv)
		if !ok {
			return []Result{{Status: Manual, Resource: res, Message: "cannot parse the server version " + strconvQuote(srv.Version) + "; check its support status"}}
		}
		line := fmt.Sprintf("%d.%d", v.major, v.minor)
		r := Result{Resource: res, Expected: "a supported release line", Actual: name + " " + line}
		for _, l := range dbLines {
			if l.flavor != srv.Flavor || l.line != line {
				continue
			}
			eol, _ := time.Parse(time.DateOnly, l.eol)
			if !s.CollectedAt.Before(eol) {
				r.Status, r.Message = Fail, fmt.Sprintf("%s %s reached end of life on %s (%s)", name, line, l.eol, l.basis)
			} else {
				r.Status, r.Message = Pass, fmt.Sprintf("%s %s is supported until %s (%s)", name, line, l.eol, l.basis)
			}
			return []Result{r}
		}
		older := srv.Flavor == snapshot.FlavorMariaDB && (v.major < 10 || v.major == 10 && v.minor < 3) ||
			srv.Flavor == snapshot.FlavorMySQL && (v.major < 5 || v.major == 5 && v.minor < 7)
		if older {
			r.Status, r.Message = Fail, fmt.Sprintf("%s %s is older than every supported line", name, line)
			return []Result{r}
		}
		r.Status = Manual
		r.Message = fmt.Sprintf("%s %s is not in csaudit's lifecycle table (checked %s); check its end-of-life date", name, line, dbTableDate.Format(time.DateOnly))
		return []Result{r}
	},
}

// writePrivilege is a mysql.db privilege that changes data or schema.
func writePrivilege(p string) bool {
	return p != "SELECT" && p != "SHOW VIEW"
}

// testDatabase reports the db patterns mysql_install_db opens to everyone.
func testDatabase(db string) bool { return db == "test" || strings.HasPrefix(db, "test\\_") }

// OpenTestDatabase flags the test database writable by every account.
var OpenTestDatabase = &Check{
	ID:       "CS-DBS-012",
	Title:    "Test database writable by every account",
	Severity: Low,
	Threat:   []string{"TM §4 B9"},
	Rationale: "mariadb-install-db grants every account (the anonymous user, or PUBLIC on MariaDB >= 10.11) " +
		"write access to the databases test and test_*. Any account — including a read-only one — can " +
		"then create tables, fill the disk the cloud database lives on, and stage data for FILE attacks.",
	Remediation: "DROP DATABASE IF EXISTS test; DELETE FROM mysql.db WHERE Db IN ('test', 'test\\\\_%'); " +
		"FLUSH PRIVILEGES; (what mysql_secure_installation does). On MariaDB >= 10.11: REVOKE ALL ON " +
		"`test`.* FROM PUBLIC; REVOKE ALL ON `test\\_%`.* FROM PUBLIC;",
	References: []string{"MariaDB: mariadb-secure-installation", "CIS Oracle MySQL Benchmark: ensure the test database is not installed", "CWE-732"},
	Requires:   needDBAccounts,
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		var out []Result
		for _, g := range srv.SchemaGrants {
			if (g.User != "" && g.User != "PUBLIC") || !testDatabase(g.Db) {
				continue
			}
			w := filterPrivs(g.Privileges, writePrivilege)
			if len(w) == 0 {
				continue
			}
			who := "the anonymous user"
			if g.User == "PUBLIC" {
				who = "PUBLIC (every account)"
			}
			out = append(out, Result{Status: Fail, Resource: Resource{Kind: KindDatabase, Name: "schema grant " + g.Db + " to " + DBAccountRes(g.User, g.Host).Name},
				Expected: "no grant on test databases to everyone", Actual: strings.Join(w, ", "),
				Message: fmt.Sprintf("%s may write to databases matching %q (%s)", who, g.Db, strings.Join(w, ", "))})
		}
		if len(out) == 0 {
			return accountsPass("no test database is open to every account")
		}
		return out
	},
}

// FileWithoutSecureFilePriv flags FILE holders on a server with no secure_file_priv.
var FileWithoutSecureFilePriv = &Check{
	ID:       "CS-DBS-013",
	Title:    "FILE privilege usable on any directory (secure_file_priv empty)",
	Severity: Low,
	Threat:   []string{"TM §4 B9", "TM §10.6"},
	Rationale: "With secure_file_priv empty, an account with FILE may read any file the server process can " +
		"(LOAD_FILE, LOAD DATA) and write new files anywhere it may write (SELECT ... INTO OUTFILE). " +
		"Limiting it to one directory keeps a FILE holder away from the data directory and /etc.",
	Remediation: "secure_file_priv=/var/lib/mysql-files (a dedicated, empty directory) or secure_file_priv=NULL " +
		"in the [mysqld] section and restart; and REVOKE FILE ON *.* FROM every account that does not need it.",
	References: []string{"CIS Oracle MySQL Benchmark: ensure secure_file_priv is configured", "CWE-552"},
	Requires:   needDBAccounts,
	Eval: func(s *snapshot.Snapshot) []Result {
		srv, rs := dbServer(s)
		if rs != nil {
			return rs
		}
		v, has := srv.Variables["secure_file_priv"]
		res := dbVariableRes("secure_file_priv")
		if has && strings.EqualFold(v, "NULL") {
			return []Result{{Status: Pass, Resource: res, Expected: "a directory or NULL", Actual: v, Message: "secure_file_priv=NULL disables file import and export"}}
		}
		if has && v != "" {
			return []Result{{Status: Pass, Resource: res, Expected: "a directory or NULL", Actual: v, Message: "FILE is limited to " + v}}
		}
		var holders []string
		for _, a := range srv.Accounts {
			if !canLogIn(a) {
				continue
			}
			if privs, _ := effectivePrivileges(srv, a); slices.Contains(privs, "FILE") {
				holders = append(holders, DBAccountRes(a.User, a.Host).Name)
			}
		}
		if len(holders) == 0 {
			return []Result{{Status: Pass, Resource: res, Expected: "a directory or NULL", Actual: "(empty)", Message: "secure_file_priv is empty but no account holds FILE"}}
		}
		return []Result{{Status: Fail, Resource: res, Expected: "a directory or NULL", Actual: "(empty)",
			Message: "secure_file_priv is empty and FILE is held by " + strings.Join(holders, ", ")}}
	},
}
