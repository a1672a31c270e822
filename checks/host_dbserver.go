package checks

// Host checks: the MySQL/MariaDB server that holds the cloud database.

import (
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// MySQLAllAddresses flags the database server bound to every address.
var MySQLAllAddresses = &Check{
	ID:       "CS-HOST-014",
	Title:    "MySQL/MariaDB listens on all addresses",
	Severity: Medium,
	Threat:   []string{"TM §10.2", "TM §4 B9"},
	Rationale: "The cloud database holds every setting and (encrypted or not) secret. A server bound to " +
		"0.0.0.0 or :: is reachable from every network the host is on; only the management servers " +
		"need it (TM §10.2).",
	Remediation: "Set bind-address to 127.0.0.1 (single host) or the management-network address in the " +
		"[mysqld] section, restart the database, and firewall 3306 to the management servers.",
	References: []string{"dev-sec mysql-baseline", "CWE-668"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleDatabase, func(m *snapshot.Machine) []Result {
			r := Result{Resource: Resource{Kind: KindListener, Name: "MySQL bind address"}, Expected: "loopback or one management address"}
			if m.ListenersRead {
				for _, l := range m.Listeners {
					if l.Port == 3306 {
						r.Actual = "listening on " + l.Address
						if allAddresses(l.Address) {
							r.Status, r.Message = Fail, "the database listens on every address ("+l.Address+":3306)"
							return []Result{r}
						}
					}
				}
			}
			for _, f := range m.Files {
				if v, ok := f.Values["mysqld.bind-address"]; ok && f.Read {
					r.Actual = f.Path + ": bind-address=" + show(v)
					if allAddresses(v) {
						r.Status, r.Message = Fail, "bind-address in "+f.Path+" opens the database on every address"
						return []Result{r}
					}
				}
			}
			r.Status, r.Message = Pass, "the database is not bound to every address"
			if r.Actual == "" {
				r.Actual = "no wildcard listener or bind-address"
			}
			return []Result{r}
		})
	},
}
