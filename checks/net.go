package checks

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// exposeDNSDefault is the code default of expose.dns.externally for the
// audited release: true from 4.13.1.0 through 4.18.1.x and in 4.19.0.x,
// false from 4.18.2.0 and 4.19.1.0.
func exposeDNSDefault(s *snapshot.Snapshot) string {
	if inRanges(s, "4.13.1.0", "4.18.1.999", "4.19.0.0", "4.19.0.999") {
		return "true"
	}
	return "false"
}

// RouterDNSExposed flags virtual-router DNS/DHCP served on the public interface.
var RouterDNSExposed = &Check{
	ID:       "CS-NET-001",
	Title:    "Virtual-router DNS and DHCP exposed on the public interface",
	Severity: Medium,
	Threat:   []string{"TM §10.2", "TM §7"},
	Rationale: "expose.dns.externally (Zone scope) lets the virtual routers answer DNS (and DHCP/bootp) " +
		"on their public interface, making them open resolvers usable for amplification and leaking " +
		"guest names. The default was true from 4.13.1.0 and became false in 4.18.2.0/4.19.1.0; " +
		"upgraded installations keep a stored true.",
	Remediation: "cmk update configuration name=expose.dns.externally value=false [zoneid=<id>], then " +
		"restart the networks' routers.",
	References: []string{"server/src/main/java/com/cloud/network/router/VirtualNetworkApplianceManager.java:82@4.22.1.0", "CWE-406"},
	Requires:   []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings:   []string{"expose.dns.externally"},
	Since:      "4.13.1.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		return boolRule("expose.dns.externally", false, exposeDNSDefault(s),
			"virtual routers answer DNS on their public interface", true).eval(s)
	},
}

// RouterVersionCheck flags the router version check disabled.
var RouterVersionCheck = &Check{
	ID:       "CS-NET-002",
	Title:    "Virtual-router version check disabled",
	Severity: Low,
	Threat:   []string{"TM §10.2"},
	Rationale: "router.version.check (default true) makes CloudStack refuse to manage virtual routers " +
		"whose template is older than minreq.sysvmtemplate.version; disabled, outdated routers " +
		"missing security fixes keep running unnoticed.",
	Remediation: "cmk update configuration name=router.version.check value=true, then restart the " +
		"management servers.",
	References: []string{"server/src/main/java/com/cloud/network/router/VirtualNetworkApplianceManager.java:78@4.22.1.0"},
	Requires:   needSettings,
	Settings:   []string{"router.version.check"},
	Eval: boolRule("router.version.check", true, "true",
		"outdated virtual-router templates are not detected", false).eval,
}

// routerVersion reproduces CloudStackVersion.trimRouterVersion: the third
// blank-separated token of template_version, else "0".
func routerVersion(tv string) string {
	t := strings.Split(tv, " ")
	if len(t) >= 3 {
		if _, err := parse.ParseVersion(t[2]); err == nil && t[2] != "" && t[2][0] >= '0' && t[2][0] <= '9' {
			return t[2]
		}
	}
	return "0"
}

// OutdatedRouters flags virtual routers running an older template than required.
var OutdatedRouters = &Check{
	ID:       "CS-NET-003",
	Title:    "Virtual routers run a template older than required",
	Severity: Medium,
	Threat:   []string{"TM §10.2", "TM §13"},
	Rationale: "Each upgrade sets minreq.sysvmtemplate.version (Zone scope) to the system-VM template of " +
		"the release; routers whose template_version is lower still run the old template and its " +
		"unpatched software until they are restarted with cleanup (listRouters reports " +
		"requiresupgrade, DomainRouterJoinDaoImpl:104-107).",
	Remediation: "Register the release's systemvm template, then cmk restart network id=<id> cleanup=true " +
		"(or upgradeRouterTemplate per zone, cluster or account) for the listed routers.",
	References: []string{"server/src/main/java/com/cloud/api/query/dao/DomainRouterJoinDaoImpl.java:104-107@4.22.1.0",
		"engine/api/src/main/java/org/apache/cloudstack/engine/orchestration/service/NetworkOrchestrationService.java:71-79@4.22.1.0"},
	Requires: []snapshot.Dataset{snapshot.DataRouters, snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings: []string{"minreq.sysvmtemplate.version"},
	Eval: func(s *snapshot.Snapshot) []Result {
		glob, _, stop := globalValue(s, "minreq.sysvmtemplate.version", "4.10.0")
		if stop != nil {
			return []Result{*stop}
		}
		zoneMin := map[int64]string{}
		for _, o := range s.Overrides("minreq.sysvmtemplate.version") {
			if o.Scope == "zone" && o.Value != nil {
				zoneMin[o.ScopeID] = *o.Value
			}
		}
		var out []Result
		for _, rt := range s.Routers {
			need := glob
			if z, ok := zoneMin[rt.ZoneID]; ok {
				need = z
			}
			have := routerVersion(rt.TemplateVersion)
			r := Result{Resource: RouterRes(rt), Expected: ">= " + show(need), Actual: show(rt.TemplateVersion)}
			hv, err1 := parse.ParseVersion(have)
			nv, err2 := parse.ParseVersion(strings.TrimSpace(need))
			switch {
			case have == "0" || err1 != nil:
				r.Status, r.Message = Manual, "the router's template version cannot be read; check it with listRouters"
			case err2 != nil:
				r.Status, r.Message = Error, "minreq.sysvmtemplate.version is not a version ("+show(need)+")"
			case hv.Less(nv):
				r.Status, r.Message = Fail, fmt.Sprintf("router in zone %d runs template %s, older than the required %s", rt.ZoneID, have, strings.TrimSpace(need))
			default:
				continue
			}
			out = append(out, r)
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("virtual routers"), Expected: ">= " + show(glob),
				Actual: fmt.Sprintf("%d routers", len(s.Routers)), Message: "every live virtual router runs the required template or newer"})
		}
		return out
	},
}
