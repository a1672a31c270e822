package checks

// Host checks: the MySQL/MariaDB server that holds the cloud database.

import (
	"sort"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// serverSections are the my.cnf groups the server reads (mysqld,
// mariadb, mariadbd, server, and the versioned mysqld-X.Y/mariadb-X.Y).
func serverSection(sec string) bool {
	switch sec {
	case "mysqld", "mariadb", "mariadbd", "server":
		return true
	}
	return strings.HasPrefix(sec, "mysqld-") || strings.HasPrefix(sec, "mariadb-")
}

// bindConfig returns the effective bind-address from the probed files
// (bind_address is the same option; later files override earlier ones),
// whether skip-networking is set, and where it came from. Within one file
// the snapshot keeps no line order, so when several server sections set
// bind-address differently the widest value is taken (a wildcard, if any):
// csaudit cannot tell which line the server reads last, and must not pass
// on a guess. Keys are visited in sorted order, so the verdict is stable.
func bindConfig(m *snapshot.Machine) (addr, from string, set, skipNet bool) {
	for _, p := range myCnfFiles {
		f, ok := m.File(p)
		if !ok || !f.Read {
			continue
		}
		keys := make([]string, 0, len(f.Values))
		for k := range f.Values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fileSet := false
		for _, k := range keys {
			v := f.Values[k]
			sec, key, _ := strings.Cut(k, ".")
			if !serverSection(sec) {
				continue
			}
			switch key {
			case "bind-address", "bind_address":
				if !fileSet || (wildcardList(v) && !wildcardList(addr)) {
					addr, from, set, fileSet = v, p, true, true
				}
			case "skip-networking", "skip_networking":
				skipNet = v == "" || v == "1" || strings.EqualFold(v, "on") || strings.EqualFold(v, "true")
			}
		}
	}
	return addr, from, set, skipNet
}

// wildcardList: a comma list is every address if any element is.
func wildcardList(v string) bool {
	for _, a := range strings.Split(v, ",") {
		if allAddresses(a) {
			return true
		}
	}
	return false
}

// MySQLAllAddresses flags the database server bound to every address.
var MySQLAllAddresses = &Check{
	ID:       "CS-HOST-014",
	Title:    "MySQL/MariaDB listens on all addresses",
	Severity: Medium,
	Threat:   []string{"TM §10.2", "TM §4 B9"},
	Rationale: "The cloud database holds every setting and (encrypted or not) secret. A server bound to " +
		"0.0.0.0 or :: is reachable from every network the host is on; only the management servers " +
		"need it (TM §10.2). An unset bind-address means every address on MariaDB and MySQL 8 (default *), " +
		"so silence in the configuration is a finding too. A dedicated database node (no management server " +
		"on it) must accept the management servers over the network; there a wide bind is expected and " +
		"the firewall does the narrowing.",
	Remediation: "Set bind-address to 127.0.0.1 (single host) or the management-network address in the " +
		"[mysqld] (or [mariadb]/[server]) section, restart the database, and firewall 3306 to the management servers.",
	References: []string{"dev-sec mysql-baseline", "MySQL 8.0 manual: bind_address", "CWE-668"},
	Requires:   needMachines,
	Files:      myCnfFiles,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleDatabase, func(m *snapshot.Machine) []Result {
			r := Result{Resource: Resource{Kind: KindListener, Name: "MySQL bind address"}, Expected: "loopback or one management address"}
			dedicated := !m.HasRole(snapshot.RoleManagement)
			wide := func(msg string) []Result {
				if dedicated {
					r.Status, r.Message = Pass, msg+"; accepted on a dedicated database node (the management servers connect over the network): firewall 3306 to them"
				} else {
					r.Status, r.Message = Fail, msg
				}
				return []Result{r}
			}
			if m.ListenersRead {
				var addrs []string
				for _, l := range m.Listeners {
					if l.Port == 3306 {
						addrs = append(addrs, l.Address)
						if allAddresses(l.Address) {
							r.Actual = "listening on " + l.Address
							return wide("the database listens on every address (" + l.Address + ":3306)")
						}
					}
				}
				if len(addrs) > 0 {
					r.Status, r.Actual, r.Message = Pass, "listening on "+strings.Join(addrs, ", "), "the database is not bound to every address"
					return []Result{r}
				}
			}
			addr, from, set, skipNet := bindConfig(m)
			switch {
			case skipNet:
				r.Status, r.Actual, r.Message = Pass, "skip-networking", "the database accepts no TCP connections"
				return []Result{r}
			case set && wildcardList(addr):
				r.Actual = from + ": bind-address=" + show(addr)
				return wide("bind-address in " + from + " opens the database on every address")
			case set:
				r.Status, r.Actual, r.Message = Pass, from+": bind-address="+addr, "the database is not bound to every address"
				return []Result{r}
			}
			r.Actual = "bind-address not set"
			if m.ListenersRead {
				r.Status, r.Message = Pass, "nothing listens on 3306 on this host"
				return []Result{r}
			}
			return wide("no probed configuration file sets bind-address: MariaDB and MySQL 8 then listen on every address")
		})
	},
}
