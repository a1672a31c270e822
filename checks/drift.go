package checks

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Drift: the management servers of one installation should run the same
// release with the same security configuration. A server left behind by a
// rolling upgrade, or one whose server.properties / db.properties was
// edited by hand, weakens the whole cluster: clients and agents are served
// by whichever server they reach.

// liveMgmtRows returns the mshost rows that are Up and not removed.
func liveMgmtRows(s *snapshot.Snapshot) []snapshot.ManagementServer {
	var out []snapshot.ManagementServer
	for _, m := range s.ManagementServers {
		if !m.Removed && strings.EqualFold(m.State, "Up") {
			out = append(out, m)
		}
	}
	return out
}

// VersionDrift flags live management servers on different releases.
var VersionDrift = &Check{
	ID:       "CS-DRIFT-001",
	Title:    "Management servers run different CloudStack versions",
	Severity: Medium,
	Threat:   []string{"TM §13"},
	Rationale: "Security fixes only protect the servers that run them: during a rolling upgrade, or " +
		"after one failed, a live management server (mshost.version) on an older release keeps " +
		"serving the API, agents and cluster peers with the unfixed code. The advisory checks judge " +
		"the version table, which records the newest schema, not the laggard.",
	Remediation: "Upgrade every management server to the same release (the one in the version table), " +
		"or stop and remove the servers that are not upgraded.",
	References: []string{"https://docs.cloudstack.apache.org/en/latest/upgrading/"},
	Requires:   []snapshot.Dataset{snapshot.DataMgmtServers},
	Eval: func(s *snapshot.Snapshot) []Result {
		live := liveMgmtRows(s)
		if len(live) == 0 {
			return []Result{{Status: Skip, Resource: GroupRes("management server versions"), Message: "not applicable: no live management server in mshost"}}
		}
		// The newest version any live server runs is the target.
		var newest parse.Version
		newestRaw := ""
		for _, m := range live {
			if v, err := parse.ParseVersion(m.Version); err == nil && (newestRaw == "" || newest.Less(v)) {
				newest, newestRaw = v, m.Version
			}
		}
		var out []Result
		for _, m := range live {
			r := Result{Resource: Resource{Kind: KindMgmtServer, Name: m.Name, ID: m.ID}, Expected: newestRaw, Actual: show(m.Version)}
			v, err := parse.ParseVersion(m.Version)
			switch {
			case err != nil:
				r.Status, r.Message = Manual, fmt.Sprintf("management server %s reports version %q, which csaudit cannot compare; check it runs %s", m.Name, m.Version, newestRaw)
			case v.Less(newest):
				r.Status, r.Message = Fail, fmt.Sprintf("management server %s runs %s while %s is the newest release among the %d live servers", m.Name, m.Version, newestRaw, len(live))
			default:
				continue
			}
			out = append(out, r)
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("management server versions"), Expected: "one version", Actual: newestRaw,
				Message: fmt.Sprintf("all %d live management servers run %s", len(live), newestRaw)})
		}
		return out
	},
}

// driftKeys are the security-relevant properties compared across
// management servers: their values, and for secrets how they are stored.
var (
	serverPropsDrift = []string{"bind.interface", "http.enable", "https.enable", "https.keystore", "request.content.size", "request.max.form.keys", "session.timeout"}
	dbPropsDrift     = []string{"db.cloud.encryption.type", "db.cloud.encryptor.version", "db.cloud.keyStore", "db.cloud.trustStore", "db.cloud.url.params", "db.cloud.useSSL", "db.usage.url.params"}
)

// fileDrift compares properties of one file across the probed management
// servers. Values are compared as stored; for secret keys only the
// storage (encrypted, plaintext, ...) is compared, never a value.
func fileDrift(path string, keys []string) func(*snapshot.Snapshot) []Result {
	return func(s *snapshot.Snapshot) []Result {
		type seen struct {
			name string
			f    *snapshot.File
		}
		var ms []seen
		for i := range s.Machines {
			m := &s.Machines[i]
			if m.Error != "" || !m.HasRole(snapshot.RoleManagement) {
				continue
			}
			if f, ok := m.File(path); ok && f.Exists && f.Read {
				ms = append(ms, seen{m.Name, f})
			}
		}
		group := GroupRes(path + " across management servers")
		live := 0
		if s.Availability(snapshot.DataMgmtServers).Status == snapshot.Collected {
			live = len(liveMgmtRows(s))
		}
		if len(ms) < 2 {
			switch {
			case live > len(ms):
				return []Result{{Status: Manual, Resource: group, Expected: fmt.Sprintf("%s read on all %d live management servers", path, live), Actual: fmt.Sprintf("read on %d", len(ms)),
					Message: fmt.Sprintf("%s was read on %d of the %d live management servers; probe them all (--ssh-discover) to compare their settings", path, len(ms), live)}}
			case len(ms) == 0:
				return []Result{{Status: Skip, Resource: group, Message: "not applicable: " + path + " was not read on any management server"}}
			}
			return []Result{{Status: Pass, Resource: group, Message: fmt.Sprintf("one management server (%s) in this installation: nothing to compare", ms[0].name)}}
		}
		var out []Result
		for _, k := range keys {
			vals := map[string][]string{} // rendered value -> machines
			for _, m := range ms {
				v, ok := m.f.Values[k]
				switch sf, secret := m.f.Secrets[k]; {
				case secret:
					v = "(" + string(sf.Encoding) + " secret)"
				case !ok:
					v = "(not set)"
				}
				vals[v] = append(vals[v], m.name)
			}
			if len(vals) < 2 {
				continue
			}
			var parts []string
			for v, names := range vals {
				parts = append(parts, fmt.Sprintf("%s on %s", show(v), strings.Join(names, ", ")))
			}
			sort.Strings(parts)
			out = append(out, Result{Status: Fail, Resource: FileKeyRes(path, k), Expected: "the same value on every management server",
				Actual:  fmt.Sprintf("%d different values", len(vals)),
				Message: fmt.Sprintf("%s differs between management servers: %s", k, strings.Join(parts, "; "))})
		}
		if len(out) == 0 {
			names := make([]string, len(ms))
			for i, m := range ms {
				names[i] = m.name
			}
			slices.Sort(names)
			out = append(out, Result{Status: Pass, Resource: group,
				Message: fmt.Sprintf("%s: %s agree on %s", path, strings.Join(names, ", "), strings.Join(keys, ", "))})
		}
		return out
	}
}

// ServerPropsDrift flags server.properties security settings that differ
// between management servers.
var ServerPropsDrift = &Check{
	ID:       "CS-DRIFT-002",
	Title:    "server.properties security settings differ between management servers",
	Severity: Medium,
	Threat:   []string{"TM §10.4", "PR Q32"},
	Rationale: "Clients and load balancers reach whichever management server answers. If one server " +
		"serves plain HTTP, binds to all addresses or keeps sessions longer than the others, the " +
		"cluster is as weak as that server, and per-server checks that pass on the audited one say " +
		"nothing about its peers.",
	Remediation: "Give every management server the same security settings in " +
		"/etc/cloudstack/management/server.properties (https.enable, http.enable, bind.interface, " +
		"session.timeout, https.keystore, request limits) and restart cloudstack-management.",
	References: []string{"https://docs.cloudstack.apache.org/en/latest/adminguide/management.html"},
	Requires:   []snapshot.Dataset{snapshot.DataMachines},
	Files:      []string{"/etc/cloudstack/management/server.properties"},
	Eval:       fileDrift("/etc/cloudstack/management/server.properties", serverPropsDrift),
}

// DBPropsDrift flags db.properties security settings that differ between
// management servers.
var DBPropsDrift = &Check{
	ID:       "CS-DRIFT-003",
	Title:    "db.properties security settings differ between management servers",
	Severity: Medium,
	Threat:   []string{"TM §10.6"},
	Rationale: "Every management server holds the database credentials and the key protecting the " +
		"database's secrets. One server with TLS to the database off (db.cloud.useSSL), a different " +
		"encryption type, or its password stored in the clear exposes what the others protect.",
	Remediation: "Make /etc/cloudstack/management/db.properties agree on every management server: " +
		"db.cloud.encryption.type, db.cloud.useSSL and the key/trust stores, with passwords stored " +
		"ENC(...) everywhere; restart cloudstack-management after the change.",
	References: []string{"https://docs.cloudstack.apache.org/en/latest/installguide/management-server/"},
	Requires:   []snapshot.Dataset{snapshot.DataMachines},
	Files:      []string{"/etc/cloudstack/management/db.properties"},
	Eval:       fileDrift("/etc/cloudstack/management/db.properties", append(dbPropsDrift, "db.cloud.password", "db.usage.password", "db.cloud.encrypt.secret")),
}
