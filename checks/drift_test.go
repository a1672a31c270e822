package checks_test

import (
	"encoding/json"
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// secondMgmt adds a probed copy of the fixture's management server as
// mgmt2, changed by f (its files are deep copies).
func secondMgmt(f func(m *snapshot.Machine)) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		for _, m := range s.Machines {
			if !m.HasRole(snapshot.RoleManagement) {
				continue
			}
			b, _ := json.Marshal(m)
			var c snapshot.Machine
			_ = json.Unmarshal(b, &c)
			c.Name = "mgmt2"
			if f != nil {
				f(&c)
			}
			s.Machines = append(s.Machines, c)
			return
		}
		panic("fixture has no management server machine")
	}
}

func fileValue(path, key, v string) func(*snapshot.Machine) {
	return func(m *snapshot.Machine) {
		f, ok := m.File(path)
		if !ok {
			panic("no " + path)
		}
		if v == "" {
			delete(f.Values, key)
			return
		}
		if f.Values == nil {
			f.Values = map[string]string{}
		}
		f.Values[key] = v
	}
}

const (
	serverProps = "/etc/cloudstack/management/server.properties"
	dbProps     = "/etc/cloudstack/management/db.properties"
)

func TestDriftChecks(t *testing.T) { runCases(t, driftCases) }

var driftCases = []checkCase{
	{ID: "CS-DRIFT-001", Name: "hardened: both servers on 4.22.1.1", Exact: true,
		Want: []expect{pass("management server versions", "all 2 live management servers run 4.22.1.1")}},
	{ID: "CS-DRIFT-001", Name: "one server left behind", Mutate: func(s *snapshot.Snapshot) { s.ManagementServers[1].Version = "4.22.1.0" },
		Want: []expect{fail("management-server cs-mgmt02.skylark-hosting.net", "management server cs-mgmt02.skylark-hosting.net runs 4.22.1.0 while 4.22.1.1 is the newest release among the 2 live servers")}},
	{ID: "CS-DRIFT-001", Name: "a removed server does not count", Mutate: func(s *snapshot.Snapshot) {
		s.ManagementServers[1].Version, s.ManagementServers[1].Removed = "4.19.0.0", true
	}, Want: []expect{pass("management server versions", "all 1 live management servers run 4.22.1.1")}},
	{ID: "CS-DRIFT-001", Name: "unparseable version", Mutate: func(s *snapshot.Snapshot) { s.ManagementServers[1].Version = "" },
		Want: []expect{manual("management-server cs-mgmt02.skylark-hosting.net", "which csaudit cannot compare")}},

	{ID: "CS-DRIFT-002", Name: "hardened: one of two servers probed",
		Want: []expect{manual(serverProps+" across management servers", "was read on 1 of the 2 live management servers")}},
	{ID: "CS-DRIFT-002", Name: "two servers agree", Mutate: secondMgmt(nil), Exact: true,
		Want: []expect{pass(serverProps+" across management servers", "10.1.1.10, mgmt2 agree on bind.interface")}},
	{ID: "CS-DRIFT-002", Name: "one server serves plain HTTP", Mutate: secondMgmt(fileValue(serverProps, "https.enable", "false")),
		Want: []expect{fail(serverProps+" https.enable", "https.enable differs between management servers: false on mgmt2; true on 10.1.1.10")}},
	{ID: "CS-DRIFT-002", Name: "a key set on one server only", Mutate: secondMgmt(fileValue(serverProps, "session.timeout", "600")),
		Want: []expect{fail(serverProps+" session.timeout", "(not set) on 10.1.1.10; 600 on mgmt2")}},
	{ID: "CS-DRIFT-002", Name: "single live server", Mutate: func(s *snapshot.Snapshot) { s.ManagementServers = s.ManagementServers[:1] },
		Want: []expect{pass(serverProps+" across management servers", "one management server (10.1.1.10) in this installation")}},

	{ID: "CS-DRIFT-003", Name: "hardened: one of two servers probed",
		Want: []expect{manual(dbProps+" across management servers", "was read on 1 of the 2 live management servers")}},
	{ID: "CS-DRIFT-003", Name: "two servers agree", Mutate: secondMgmt(nil), Exact: true,
		Want: []expect{pass(dbProps+" across management servers", "agree on db.cloud.encryption.type")}},
	{ID: "CS-DRIFT-003", Name: "TLS to the database off on one server", Mutate: secondMgmt(fileValue(dbProps, "db.cloud.useSSL", "true")),
		Want: []expect{fail(dbProps+" db.cloud.useSSL", "db.cloud.useSSL differs between management servers: false on 10.1.1.10; true on mgmt2")}},
	{ID: "CS-DRIFT-003", Name: "password in the clear on one server", Mutate: secondMgmt(func(m *snapshot.Machine) {
		f, _ := m.File(dbProps)
		f.Secrets["db.cloud.password"] = snapshot.SecretFacts{Present: true, Encoding: snapshot.Plaintext}
	}), Want: []expect{fail(dbProps+" db.cloud.password", "(plaintext secret) on mgmt2")}},
	{ID: "CS-DRIFT-003", Name: "no management server probed", Mutate: func(s *snapshot.Snapshot) { s.Machines = s.Machines[1:]; s.ManagementServers = nil },
		Want: []expect{skip(dbProps+" across management servers", "was not read on any management server")}},
}
