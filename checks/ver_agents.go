package checks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// versionCore is major.minor.patch of a version string ("" if unparsable).
func versionCore(v string) string {
	pv, err := parse.ParseVersion(strings.TrimSpace(v))
	if err != nil || strings.TrimSpace(v) == "" {
		return ""
	}
	p := strings.Split(pv.String(), ".")
	if len(p) > 3 {
		p = p[:3]
	}
	return strings.Join(p, ".")
}

// AgentVersions flags KVM agents and management servers on differing versions.
var AgentVersions = &Check{
	ID:       "CS-VER-010",
	Title:    "KVM agents or management servers run another version",
	Severity: Low,
	Threat:   []string{"TM §10.2", "TM §13"},
	Rationale: "Each KVM agent reports its version (host.version) and each management server its own " +
		"(mshost.version). After an upgrade, agents left behind keep the old release's bugs and fixes " +
		"missing; management servers of a cluster on different versions are unsupported.",
	Remediation: "Upgrade cloudstack-agent on the listed hosts (and cloudstack-management on the listed " +
		"servers) to the release of the management servers and restart the services.",
	References: []string{"setup/db/create-schema.sql (host.version, mshost.version)"},
	Requires:   []snapshot.Dataset{snapshot.DataMgmtServers, snapshot.DataHosts},
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		seen := map[string][]string{}
		for _, m := range s.ManagementServers {
			if m.Removed || !strings.EqualFold(m.State, "Up") {
				continue
			}
			if c := versionCore(m.Version); c != "" {
				seen[c] = append(seen[c], m.Name)
			}
		}
		if len(seen) == 0 {
			return []Result{{Status: Skip, Resource: GroupRes("management servers"), Message: "not applicable: no running management server reports a version"}}
		}
		vers := make([]string, 0, len(seen))
		for v := range seen {
			vers = append(vers, v)
		}
		sort.Slice(vers, func(i, j int) bool { return parse.MustVersion(vers[i]).Less(parse.MustVersion(vers[j])) })
		ref := vers[len(vers)-1]
		if len(vers) > 1 {
			for _, m := range s.ManagementServers {
				if c := versionCore(m.Version); !m.Removed && strings.EqualFold(m.State, "Up") && c != "" && c != ref {
					out = append(out, Result{Status: Fail, Resource: MgmtServerRes(m), Expected: ref, Actual: show(m.Version),
						Message: fmt.Sprintf("the management cluster runs mixed versions: this server runs %s, others %s", c, ref)})
				}
			}
		}
		n := 0
		for _, h := range s.Hosts {
			if h.Removed || !strings.EqualFold(h.Type, "Routing") || !strings.EqualFold(h.HypervisorType, "KVM") {
				continue
			}
			c := versionCore(h.Version)
			if c == "" {
				continue
			}
			n++
			if c != ref {
				out = append(out, Result{Status: Fail, Resource: HypervisorHostRes(h), Expected: ref, Actual: show(h.Version),
					Message: fmt.Sprintf("the KVM agent runs %s, the management servers %s", c, ref)})
			}
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("agent versions"), Expected: ref,
				Actual: fmt.Sprintf("%d KVM agents", n), Message: "management servers and KVM agents run " + ref})
		}
		return out
	},
}
