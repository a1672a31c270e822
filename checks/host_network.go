package checks

// Host checks: listening sockets.

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// integrationPort returns the configured integration port from the
// database (cross-source), else 8096.
func integrationPort(s *snapshot.Snapshot) (int, string) {
	if st, ok := s.Setting("integration.api.port"); ok && st.Value != nil {
		if n, err := strconv.Atoi(strings.TrimSpace(*st.Value)); err == nil && n > 0 {
			return n, "integration.api.port in the database"
		}
	}
	return 8096, "the conventional integration port"
}

// IntegrationListening flags the integration API socket.
var IntegrationListening = &Check{
	ID:       "CS-HOST-013",
	Title:    "Unauthenticated integration API port is listening",
	Severity: Critical,
	Threat:   []string{"TM §10.3", "TM §11.2", "PR Q20"},
	Rationale: "A listener on the integration port (8096, or integration.api.port from the database) on a " +
		"management server is the unauthenticated root-admin API; binding to a non-loopback address " +
		"exposes it to the network.",
	Remediation: "Set integration.api.port to 0 (or -1 on releases affected by CVE-2024-39864) and restart " +
		"the management server; until then block the port on the host firewall.",
	References: []string{"server/src/main/java/com/cloud/api/ApiServer.java", "CWE-306"},
	Requires:   needMachines,
	Settings:   []string{"integration.api.port"},
	Eval: func(s *snapshot.Snapshot) []Result {
		port, from := integrationPort(s)
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			subj := ListenerRes("", port)
			if !m.ListenersRead {
				return []Result{{Status: Skip, Resource: subj, Message: "not applicable: listening sockets were not read (audit of a directory tree)"}}
			}
			for _, l := range m.Listeners {
				if l.Port == port {
					scope := "on " + l.Address
					if a, err := netip.ParseAddr(l.Address); err == nil && a.IsLoopback() {
						scope += " (loopback only, still open to every local user)"
					}
					return []Result{{Status: Fail, Resource: subj, Expected: "not listening", Actual: "listening " + scope,
						Message: fmt.Sprintf("the unauthenticated integration API listens %s (port from %s)", scope, from)}}
				}
			}
			return []Result{{Status: Pass, Resource: subj, Expected: "not listening", Actual: "not listening", Message: "nothing listens on the integration port"}}
		})
	},
}
