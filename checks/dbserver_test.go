package checks_test

import (
	"slices"
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Mutations of the hardened snapshot's database server facts.

func dbs(f func(*snapshot.DBServer)) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { f(s.DBServer) }
}

func dbVar(name, v string) func(*snapshot.Snapshot) {
	return dbs(func(d *snapshot.DBServer) { d.Variables[name] = v })
}

func dbNoVar(name string) func(*snapshot.Snapshot) {
	return dbs(func(d *snapshot.DBServer) { delete(d.Variables, name) })
}

func dbAccount(a snapshot.DBAccount) func(*snapshot.Snapshot) {
	return dbs(func(d *snapshot.DBServer) { d.Accounts = append(d.Accounts, a) })
}

// dbAcct applies f to the hardened fixture's account user@host.
func dbAcct(user, host string, f func(*snapshot.DBAccount)) func(*snapshot.Snapshot) {
	return dbs(func(d *snapshot.DBServer) {
		for i := range d.Accounts {
			if d.Accounts[i].User == user && d.Accounts[i].Host == host {
				f(&d.Accounts[i])
				return
			}
		}
		panic("fixture has no database account " + user + "@" + host)
	})
}

var (
	localDB = dbs(func(d *snapshot.DBServer) { d.Address, d.Remote = "127.0.0.1:3306", false })
	noTLS   = all(dbVar("have_ssl", "DISABLED"), dbs(func(d *snapshot.DBServer) { d.SessionSSLCipher, d.SessionSSLVersion = "", "" }))
)

const (
	dbsGroup = "database server accounts"
	cloud10  = "database-account 'cloud'@'10.1.1.10'"
	cloud11  = "database-account 'cloud'@'10.1.1.11'"
	auditAcc = "database-account 'csaudit'@'10.1.1.%'"
)

var dbsCases = []checkCase{
	// CS-DBS-001
	{ID: "CS-DBS-001", Name: "no anonymous account", Want: []expect{pass(dbsGroup, "no anonymous account")}, Exact: true},
	{ID: "CS-DBS-001", Name: "anonymous localhost", Mutate: dbAccount(snapshot.DBAccount{User: "", Host: "localhost", Plugins: []string{"mysql_native_password"}, EmptyPassword: true}),
		Want: []expect{fail("database-account ''@'localhost'", `host pattern "localhost"`)}, Exact: true},
	{ID: "CS-DBS-001", Name: "anonymous but locked", Mutate: dbAccount(snapshot.DBAccount{User: "", Host: "%", Locked: true}),
		Want: []expect{pass(dbsGroup, "no anonymous account")}, Exact: true},
	{ID: "CS-DBS-001", Name: "PUBLIC role is not anonymous", Mutate: dbAccount(snapshot.DBAccount{User: "PUBLIC", Host: "", IsRole: true}),
		Want: []expect{pass(dbsGroup, "no anonymous account")}, Exact: true},

	// CS-DBS-002
	{ID: "CS-DBS-002", Name: "all have passwords", Want: []expect{pass(dbsGroup, "has a password or a non-password method")}, Exact: true},
	{ID: "CS-DBS-002", Name: "remote account without password", Mutate: dbAccount(snapshot.DBAccount{User: "x", Host: "%", Plugins: []string{"mysql_native_password"}, EmptyPassword: true}),
		Want: []expect{fail("database-account 'x'@'%'", `empty password from any host matching "%" (remote)`)}, Exact: true},
	{ID: "CS-DBS-002", Name: "local root without password", Mutate: dbAcct("root", "localhost", func(a *snapshot.DBAccount) { a.Plugins, a.EmptyPassword = []string{"mysql_native_password"}, true }),
		Want: []expect{fail("database-account 'root'@'localhost'", "locally (localhost)")}, Exact: true},
	{ID: "CS-DBS-002", Name: "unix_socket OR empty native password", Mutate: dbAcct("root", "localhost", func(a *snapshot.DBAccount) {
		a.Plugins, a.EmptyPassword = []string{"unix_socket", "mysql_native_password"}, true
	}), Want: []expect{fail("database-account 'root'@'localhost'", "empty password")}, Exact: true},
	{ID: "CS-DBS-002", Name: "locked system account ignored", Mutate: dbAcct("mariadb.sys", "localhost", func(a *snapshot.DBAccount) { a.User = "other.sys" }),
		Want: []expect{pass(dbsGroup, "has a password")}, Exact: true},
	{ID: "CS-DBS-002", Name: "role without password ignored", Mutate: dbAccount(snapshot.DBAccount{User: "app_rw", IsRole: true, EmptyPassword: true}),
		Want: []expect{pass(dbsGroup, "has a password")}, Exact: true},
	{ID: "CS-DBS-002", Name: "unlocked system name still judged", Mutate: dbAcct("mariadb.sys", "localhost", func(a *snapshot.DBAccount) { a.Locked, a.Host = false, "%" }),
		Want: []expect{fail("database-account 'mariadb.sys'@'%'", "remote")}, Exact: true},

	// CS-DBS-003
	{ID: "CS-DBS-003", Name: "admin only local", Want: []expect{pass(dbsGroup, "no account reachable from another host holds administrative privileges")}, Exact: true},
	{ID: "CS-DBS-003", Name: "root@% with grant option", Mutate: dbAccount(snapshot.DBAccount{User: "root", Host: "%", Plugins: []string{"mysql_native_password"}, HasPassword: true, GlobalPrivileges: []string{"FILE", "SELECT", "SUPER"}, GrantOption: true}),
		Want: []expect{fail("database-account 'root'@'%'", "holds FILE, SUPER, GRANT OPTION on *.*").without("SELECT")}, Exact: true},
	{ID: "CS-DBS-003", Name: "grant option only", Mutate: dbAccount(snapshot.DBAccount{User: "x", Host: "%", HasPassword: true, GrantOption: true}),
		Want: []expect{fail("database-account 'x'@'%'", "GRANT OPTION")}, Exact: true},
	{ID: "CS-DBS-003", Name: "admin through a role", Mutate: all(
		dbAccount(snapshot.DBAccount{User: "dba", IsRole: true, GlobalPrivileges: []string{"CREATE USER"}}),
		dbAcct("cloud", "10.1.1.11", func(a *snapshot.DBAccount) { a.Roles = []string{"dba@"} })),
		Want: []expect{fail(cloud11, "CREATE USER")}, Exact: true},
	{ID: "CS-DBS-003", Name: "MySQL dynamic admin privilege", Mutate: dbAcct("cloud", "10.1.1.10", func(a *snapshot.DBAccount) { a.GlobalPrivileges = append(a.GlobalPrivileges, "SYSTEM_VARIABLES_ADMIN") }),
		Want: []expect{fail(cloud10, "SYSTEM_VARIABLES_ADMIN")}, Exact: true},
	{ID: "CS-DBS-003", Name: "locked remote admin ignored", Mutate: dbAccount(snapshot.DBAccount{User: "old", Host: "%", Locked: true, GrantOption: true}),
		Want: []expect{pass(dbsGroup, "no account reachable")}, Exact: true},

	// CS-DBS-004
	{ID: "CS-DBS-004", Name: "packaged grants", Want: []expect{pass(cloud10, "only the packaged grants"), pass(cloud11, "only the packaged grants")}, Exact: true},
	{ID: "CS-DBS-004", Name: "cloud with SUPER", Mutate: dbAcct("cloud", "10.1.1.10", func(a *snapshot.DBAccount) { a.GlobalPrivileges = []string{"PROCESS", "SUPER"} }),
		Want: []expect{fail(cloud10, "also holds SUPER").without("PROCESS"), pass(cloud11, "packaged")}, Exact: true},
	{ID: "CS-DBS-004", Name: "grant option on cloud.*", Mutate: dbs(func(d *snapshot.DBServer) { d.SchemaGrants[0].GrantOption = true }),
		Want: []expect{fail(cloud10, "GRANT OPTION on cloud.*"), pass(cloud11, "packaged")}, Exact: true},
	{ID: "CS-DBS-004", Name: "user from db.properties", Mutate: func(s *snapshot.Snapshot) {
		f, _ := s.Machines[mg].File("/etc/cloudstack/management/db.properties")
		f.Values["db.cloud.username"], f.Values["db.usage.username"] = "cs", "cs"
	}, Want: []expect{manual(dbsGroup, "no account named cs exists")}, Exact: true},

	// CS-DBS-005
	{ID: "CS-DBS-005", Name: "management addresses only", Want: []expect{pass(cloud10, `accepted only from "10.1.1.10"`), pass(cloud11, "accepted only")}, Exact: true},
	{ID: "CS-DBS-005", Name: "cloud@%", Mutate: dbAcct("cloud", "10.1.1.11", func(a *snapshot.DBAccount) { a.Host = "%" }),
		Want: []expect{fail("database-account 'cloud'@'%'", `accepted from host pattern "%"`), pass(cloud10, "accepted only")}, Exact: true},
	{ID: "CS-DBS-005", Name: "wide netmask", Mutate: dbAcct("cloud", "10.1.1.11", func(a *snapshot.DBAccount) { a.Host = "10.0.0.0/255.0.0.0" }),
		Want: []expect{fail("database-account 'cloud'@'10.0.0.0/255.0.0.0'", "host pattern"), pass(cloud10, "accepted only")}, Exact: true},
	{ID: "CS-DBS-005", Name: "subnet wildcard is fine", Mutate: dbAcct("cloud", "10.1.1.11", func(a *snapshot.DBAccount) { a.Host = "10.1.1.%" }),
		Want: []expect{pass("database-account 'cloud'@'10.1.1.%'", "accepted only"), pass(cloud10, "accepted only")}, Exact: true},
	{ID: "CS-DBS-005", Name: "cloud@% on loopback-only server", Mutate: all(dbVar("bind_address", "127.0.0.1"), dbAcct("cloud", "10.1.1.11", func(a *snapshot.DBAccount) { a.Host = "%" })),
		Want: []expect{pass("database-account 'cloud'@'%'", "harmless while the server is loopback-only"), pass(cloud10, "accepted only")}, Exact: true},

	// CS-DBS-006
	{ID: "CS-DBS-006", Name: "select only", Want: []expect{pass(auditAcc, "can only read")}, Exact: true},
	{ID: "CS-DBS-006", Name: "all on cloud", Mutate: dbs(func(d *snapshot.DBServer) {
		d.OwnGrants = append(d.OwnGrants, "GRANT ALL PRIVILEGES ON `cloud`.* TO `csaudit`@`10.1.1.%`")
	}), Want: []expect{fail(auditAcc, "ALL PRIVILEGES on cloud.*")}, Exact: true},
	{ID: "CS-DBS-006", Name: "grantable select", Mutate: dbs(func(d *snapshot.DBServer) { d.OwnPrivileges[1].Grantable = true }),
		Want: []expect{fail(auditAcc, "GRANT OPTION on cloud.*")}, Exact: true},
	{ID: "CS-DBS-006", Name: "insert on a table", Mutate: dbs(func(d *snapshot.DBServer) {
		d.OwnPrivileges = append(d.OwnPrivileges, snapshot.DBPrivilege{Level: "table", Object: "cloud.configuration", Privilege: "INSERT"})
	}), Want: []expect{fail(auditAcc, "INSERT on cloud.configuration")}, Exact: true},
	{ID: "CS-DBS-006", Name: "column-level update", Mutate: dbs(func(d *snapshot.DBServer) {
		d.OwnGrants = append(d.OwnGrants, "GRANT SELECT (`id`, `name`), UPDATE (`value`) ON `cloud`.`configuration` TO `csaudit`@`10.1.1.%`")
	}), Want: []expect{fail(auditAcc, "UPDATE on cloud.configuration").without("SELECT on")}, Exact: true},
	{ID: "CS-DBS-006", Name: "role grant", Mutate: dbs(func(d *snapshot.DBServer) {
		d.OwnGrants = append(d.OwnGrants, "GRANT `auditor` TO `csaudit`@`10.1.1.%`")
	}),
		Want: []expect{manual(auditAcc, "role(s) auditor")}, Exact: true},
	{ID: "CS-DBS-006", Name: "process noted", Mutate: dbs(func(d *snapshot.DBServer) { d.OwnGrants[0] = "GRANT PROCESS ON *.* TO `csaudit`@`10.1.1.%`" }),
		Want: []expect{pass(auditAcc, "PROCESS lets it see")}, Exact: true},

	// CS-DBS-007
	{ID: "CS-DBS-007", Name: "tls offered", Want: []expect{pass("database server TLS", "TLSv1.3 TLS_AES_256_GCM_SHA384")}, Exact: true},
	{ID: "CS-DBS-007", Name: "remote without tls", Mutate: noTLS,
		Want: []expect{fail("database server TLS", "have_ssl=DISABLED, csaudit's own session is not encrypted")}, Exact: true},
	{ID: "CS-DBS-007", Name: "local without tls", Mutate: all(noTLS, localDB),
		Want: []expect{skip("database server TLS", "not applicable: the database is reached over loopback")}, Exact: true},
	{ID: "CS-DBS-007", Name: "local DSN but db.properties remote", Mutate: all(noTLS, localDB, func(s *snapshot.Snapshot) {
		f, _ := s.Machines[mg].File("/etc/cloudstack/management/db.properties")
		f.Values["db.cloud.host"] = "10.1.1.5"
	}), Want: []expect{fail("database server TLS", "db.cloud.host=10.1.1.5")}, Exact: true},
	{ID: "CS-DBS-007", Name: "MariaDB 11.4 auto certificate", Mutate: all(noTLS, dbNoVar("have_ssl"), dbs(func(d *snapshot.DBServer) { d.Version = "11.4.5-MariaDB" })),
		Want: []expect{pass("database server TLS", "generates a certificate")}, Exact: true},

	// CS-DBS-008
	{ID: "CS-DBS-008", Name: "required", Want: []expect{pass("database server variable require_secure_transport", "refuses unencrypted")}, Exact: true},
	{ID: "CS-DBS-008", Name: "off but REQUIRE SSL on cloud", Mutate: dbVar("require_secure_transport", "OFF"),
		Want: []expect{pass("database server variable require_secure_transport", "every CloudStack account row requires TLS")}, Exact: true},
	{ID: "CS-DBS-008", Name: "off", Mutate: all(dbVar("require_secure_transport", "OFF"), dbAcct("cloud", "10.1.1.11", func(a *snapshot.DBAccount) { a.SSLType = "" })),
		Want: []expect{fail("database server variable require_secure_transport", "accepts unencrypted connections")}, Exact: true},
	{ID: "CS-DBS-008", Name: "absent variable", Mutate: all(dbNoVar("require_secure_transport"), dbAcct("cloud", "10.1.1.11", func(a *snapshot.DBAccount) { a.SSLType = "" })),
		Want: []expect{manual("database server variable require_secure_transport", "MariaDB < 10.5.2")}, Exact: true},
	{ID: "CS-DBS-008", Name: "local", Mutate: all(localDB, dbVar("require_secure_transport", "OFF")),
		Want: []expect{skip("database server variable require_secure_transport", "loopback")}, Exact: true},

	// CS-DBS-009
	{ID: "CS-DBS-009", Name: "off", Want: []expect{pass("database server variable local_infile", "disabled")}, Exact: true},
	{ID: "CS-DBS-009", Name: "on", Mutate: dbVar("local_infile", "ON"), Want: []expect{fail("database server variable local_infile", "enabled")}, Exact: true},
	{ID: "CS-DBS-009", Name: "absent", Mutate: dbNoVar("local_infile"), Want: []expect{skip("database server variable local_infile", "no local_infile")}, Exact: true},

	// CS-DBS-010
	{ID: "CS-DBS-010", Name: "skip name resolve", Want: []expect{pass("database server variable skip_name_resolve", "does not resolve")}, Exact: true},
	{ID: "CS-DBS-010", Name: "resolving, IP hosts only", Mutate: dbVar("skip_name_resolve", "OFF"), Want: []expect{pass(dbsGroup, "no account host is a DNS name")}, Exact: true},
	{ID: "CS-DBS-010", Name: "resolving with a host-name grant", Mutate: all(dbVar("skip_name_resolve", "OFF"), dbAcct("cloud", "10.1.1.11", func(a *snapshot.DBAccount) { a.Host = "ms2.example.com" })),
		Want: []expect{fail("database-account 'cloud'@'ms2.example.com'", "reverse DNS")}, Exact: true},

	// CS-DBS-011
	{ID: "CS-DBS-011", Name: "10.11 supported", Want: []expect{pass("MariaDB 10.11.14-MariaDB-0+deb12u2", "supported until 2028-02-16")}, Exact: true},
	{ID: "CS-DBS-011", Name: "10.6 ended", Mutate: dbs(func(d *snapshot.DBServer) { d.Version = "10.6.22-MariaDB" }),
		Want: []expect{fail("MariaDB 10.6.22-MariaDB", "reached end of life on 2026-07-06")}, Exact: true},
	{ID: "CS-DBS-011", Name: "10.6 before its end", Mutate: all(at("2026-07-05"), dbs(func(d *snapshot.DBServer) { d.Version = "10.6.22-MariaDB" })),
		Want: []expect{pass("MariaDB 10.6.22-MariaDB", "supported until 2026-07-06")}, Exact: true},
	{ID: "CS-DBS-011", Name: "MySQL 8.0 ended", Mutate: dbs(func(d *snapshot.DBServer) { d.Version, d.Flavor = "8.0.36-0ubuntu0.22.04.1", snapshot.FlavorMySQL }),
		Want: []expect{fail("MySQL 8.0.36-0ubuntu0.22.04.1", "2026-04-30")}, Exact: true},
	{ID: "CS-DBS-011", Name: "MySQL 5.6 older than table", Mutate: dbs(func(d *snapshot.DBServer) { d.Version, d.Flavor = "5.6.51", snapshot.FlavorMySQL }),
		Want: []expect{fail("MySQL 5.6.51", "older than every supported line")}, Exact: true},
	{ID: "CS-DBS-011", Name: "unknown line", Mutate: dbs(func(d *snapshot.DBServer) { d.Version = "12.3.1-MariaDB" }),
		Want: []expect{manual("MariaDB 12.3.1-MariaDB", "not in csaudit's lifecycle table")}, Exact: true},

	// CS-DBS-012
	{ID: "CS-DBS-012", Name: "no test grants", Want: []expect{pass(dbsGroup, "no test database")}, Exact: true},
	{ID: "CS-DBS-012", Name: "PUBLIC on test", Mutate: dbs(func(d *snapshot.DBServer) {
		d.SchemaGrants = append(d.SchemaGrants, snapshot.DBSchemaGrant{User: "PUBLIC", Db: "test\\_%", Privileges: []string{"SELECT", "INSERT", "DROP"}})
	}), Want: []expect{fail(`database schema grant test\_% to 'PUBLIC'@''`, "PUBLIC (every account) may write").without("SELECT")}, Exact: true},
	{ID: "CS-DBS-012", Name: "anonymous read only", Mutate: dbs(func(d *snapshot.DBServer) {
		d.SchemaGrants = append(d.SchemaGrants, snapshot.DBSchemaGrant{User: "", Host: "%", Db: "test", Privileges: []string{"SELECT"}})
	}), Want: []expect{pass(dbsGroup, "no test database")}, Exact: true},

	// CS-DBS-013
	{ID: "CS-DBS-013", Name: "directory set", Want: []expect{pass("database server variable secure_file_priv", "limited to /var/lib/mysql-files/")}, Exact: true},
	{ID: "CS-DBS-013", Name: "empty with root holding FILE", Mutate: dbVar("secure_file_priv", ""),
		Want: []expect{fail("database server variable secure_file_priv", "FILE is held by 'root'@'localhost'")}, Exact: true},
	{ID: "CS-DBS-013", Name: "empty, nobody holds FILE", Mutate: all(dbVar("secure_file_priv", ""), dbAcct("root", "localhost", func(a *snapshot.DBAccount) {
		a.GlobalPrivileges = slices.DeleteFunc(a.GlobalPrivileges, func(p string) bool { return p == "FILE" })
	})), Want: []expect{pass("database server variable secure_file_priv", "no account holds FILE")}, Exact: true},
	{ID: "CS-DBS-013", Name: "NULL disables file access", Mutate: dbVar("secure_file_priv", "NULL"),
		Want: []expect{pass("database server variable secure_file_priv", "secure_file_priv=NULL disables")}, Exact: true},
}

func TestDBServerChecks(t *testing.T) { runCases(t, dbsCases) }
