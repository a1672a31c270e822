package checks

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// DefaultLimitsUnlimited flags default resource limits set to unlimited.
var DefaultLimitsUnlimited = &Check{
	ID:       "CS-LIM-001",
	Title:    "Default account, project or domain resource limits unlimited",
	Severity: Low,
	Threat:   []string{"TM §10.11", "TM §11.10", "PR Q22", "TM §11a.12"},
	Rationale: "max.account.*, max.project.* and max.domain.* (VMs, IPs, volumes, snapshots, templates, " +
		"CPUs, memory, storage, ...) are the limits new accounts, projects and domains get. A negative " +
		"value means unlimited (ResourceLimitManagerImpl; Resource.RESOURCE_UNLIMITED=-1), so one tenant " +
		"can exhaust shared capacity. Root-admin accounts are never limited; that is not a finding.",
	Remediation: "cmk update configuration name=<max.account.cpus|...> value=<n> (not dynamic: restart); " +
		"adjust single accounts with updateResourceLimit.",
	References: []string{"server/src/main/java/com/cloud/configuration/Config.java:1184-1395@4.22.1.0", "server/src/main/java/com/cloud/resourcelimit/ResourceLimitManagerImpl.java:397-430@4.22.1.0", "CWE-770"},
	Requires:   needSettings,
	Settings:   limitSettings,
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		n := 0
		for _, name := range limitSettings {
			st, ok := s.Setting(name)
			if !ok || st.Secret != nil {
				continue
			}
			n++
			v, _, note := effectiveIn(s, st)
			if x, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && x < 0 {
				out = append(out, Result{Status: Fail, Resource: SettingRes(st.Name), Expected: ">= 0", Actual: show(v) + note,
					Message: "new " + limitOwner(st.Name) + "s get an unlimited " + strings.SplitN(st.Name, ".", 3)[2] + " limit"})
			}
		}
		if n == 0 {
			return []Result{missingSetting(s, "max.account.cpus")}
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("default resource limits"), Expected: ">= 0",
				Actual: fmt.Sprintf("%d settings", n), Message: "no default resource limit is unlimited"})
		}
		return out
	},
}

// limitSettings are the default resource limits every release since
// 4.11.0.0 declares (Config.java): accounts, projects and domains.
var limitSettings = func() []string {
	var out []string
	for _, owner := range []string{"account", "project", "domain"} {
		for _, r := range []string{"user.vms", "public.ips", "volumes", "snapshots", "templates", "networks", "vpcs",
			"cpus", "memory", "primary.storage", "secondary.storage"} {
			out = append(out, "max."+owner+"."+r)
		}
	}
	return out
}()

func limitOwner(name string) string { return strings.SplitN(name, ".", 3)[1] }

// UnlimitedOwners reports accounts and domains with unlimited resource limits.
var UnlimitedOwners = &Check{
	ID:       "CS-LIM-002",
	Title:    "Accounts or domains with unlimited resource limits",
	Severity: Info,
	Threat:   []string{"TM §10.11", "PR Q22"},
	Rationale: "resource_limit rows override the defaults per account or domain; max=-1 is unlimited. " +
		"Tenant accounts and non-ROOT domains without limits can exhaust shared capacity. Root-admin " +
		"accounts and the ROOT domain are left out (they are never limited in practice).",
	Remediation: "cmk update resourcelimit account=<a> domainid=<d> resourcetype=<n> max=<m> (or domainid " +
		"only for a domain) for the listed owners.",
	References: []string{"api/src/main/java/com/cloud/configuration/Resource.java@4.22.1.0 (RESOURCE_UNLIMITED)"},
	Requires:   []snapshot.Dataset{snapshot.DataResLimits},
	Eval: func(s *snapshot.Snapshot) []Result {
		type owner struct {
			res   Resource
			types []string
		}
		owners := map[string]*owner{}
		for _, l := range s.ResourceLimits {
			if l.Max >= 0 || l.Removed {
				continue
			}
			var key string
			var res Resource
			switch {
			case l.AccountID != 0:
				if l.AccountType == snapshot.AccountRootAdmin {
					continue
				}
				key, res = fmt.Sprintf("a%d", l.AccountID), AccountRes(orWord(l.Account, fmt.Sprint(l.AccountID)), l.AccountID, l.Domain)
			case l.DomainID != 0 && l.DomainID != 1:
				key, res = fmt.Sprintf("d%d", l.DomainID), DomainRes(orWord(l.Domain, fmt.Sprint(l.DomainID)), l.DomainID)
			default:
				continue
			}
			o, ok := owners[key]
			if !ok {
				o = &owner{res: res}
				owners[key] = o
			}
			t := l.Type
			if l.Tag != "" {
				t += " (tag " + l.Tag + ")"
			}
			o.types = append(o.types, t)
		}
		keys := make([]string, 0, len(owners))
		for k := range owners {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []Result
		for _, k := range keys {
			o := owners[k]
			out = append(out, Result{Status: Fail, Resource: o.res, Expected: "limited", Actual: "unlimited: " + strings.Join(o.types, ", "),
				Message: "unlimited " + strings.Join(o.types, ", ")})
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("resource limits"), Message: "no tenant account or domain has an unlimited resource limit"})
		}
		return out
	},
}
