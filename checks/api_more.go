package checks

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// JSInterpretation flags JavaScript rule interpretation enabled.
var JSInterpretation = &Check{
	ID:       "CS-API-007",
	Title:    "JavaScript rule interpretation enabled",
	Severity: Low,
	Threat:   []string{"TM §6", "TM §11a.10"},
	Rationale: "js.interpretation.enabled (since 4.20.2.0, absent in 4.21.0.0) gates every feature that " +
		"runs administrator-supplied JavaScript on the management server: quota tariff activation rules, " +
		"secondary-storage selectors, host and storage tag rules. Only root admins write those rules, so " +
		"this is hardening (TM §11a.10); the gate was introduced for CVE-2025-59302. The " +
		"setting is Hidden (encrypted like a secret) and not dynamic up to 4.22.1.0.",
	Remediation: "cmk update configuration name=js.interpretation.enabled value=false, then restart the " +
		"management servers (updateConfiguration encrypts the Hidden value itself).",
	References: []string{"api/src/main/java/com/cloud/server/ManagementService.java:111-116@4.22.1.0", "CVE-2025-59302"},
	Requires:   needSettings,
	Settings:   []string{"js.interpretation.enabled"},
	Since:      "4.20.2.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		if !hasSetting(s, "js.interpretation.enabled") {
			return []Result{{Status: Skip, Resource: SettingRes("js.interpretation.enabled"),
				Message: "not applicable: " + releaseName(s) + " has no js.interpretation.enabled setting (the CVE-2025-59302 gate; see CS-VER-002)"}}
		}
		v, actual, stop := globalValue(s, "js.interpretation.enabled", "false")
		if stop != nil {
			return []Result{*stop}
		}
		r := Result{Resource: SettingRes("js.interpretation.enabled"), Expected: "false", Actual: actual}
		if isTrue(v) {
			r.Status, r.Message = Fail, "administrator-supplied JavaScript rules are interpreted on the management server"
		} else {
			r.Status, r.Message = Pass, "JavaScript rule interpretation is disabled"
		}
		return []Result{r}
	},
}

// PrometheusExporter flags the Prometheus exporter with an allow-list that
// cannot work.
var PrometheusExporter = &Check{
	ID:       "CS-API-008",
	Title:    "Prometheus exporter allow-list ineffective",
	Severity: Low,
	Threat:   []string{"TM §10.2", "TM §4 B1"},
	Rationale: "With prometheus.exporter.enable=true the management server serves metrics over plain " +
		"HTTP on every interface (port prometheus.exporter.port, default 9595) to the addresses in " +
		"prometheus.exporter.allowed.ips. The check is an exact string match of the peer address against " +
		"each comma-separated item (PrometheusExporterServerImpl:54): CIDRs, blanks around items or " +
		"0.0.0.0 never match, so such an item gives no access and hints at a misunderstanding.",
	Remediation: "cmk update configuration name=prometheus.exporter.allowed.ips value=<ip1>,<ip2> (plain " +
		"addresses, comma, no blanks); firewall the exporter port to the Prometheus servers.",
	References: []string{"plugins/integrations/prometheus/src/main/java/org/apache/cloudstack/metrics/PrometheusExporterServerImpl.java:54,81@4.22.1.0"},
	Requires:   needSettings,
	Settings:   []string{"prometheus.exporter.enable", "prometheus.exporter.allowed.ips", "prometheus.exporter.port"},
	Eval: func(s *snapshot.Snapshot) []Result {
		on, actual, stop := globalValue(s, "prometheus.exporter.enable", "false")
		if stop != nil {
			return []Result{*stop}
		}
		if !isTrue(on) {
			return []Result{{Status: Pass, Resource: SettingRes("prometheus.exporter.enable"), Expected: "false, or exact allowed IPs", Actual: actual,
				Message: "the Prometheus exporter is disabled"}}
		}
		ips, ipsActual, stop := globalValue(s, "prometheus.exporter.allowed.ips", "127.0.0.1")
		if stop != nil {
			return []Result{*stop}
		}
		port, _, _ := globalValue(s, "prometheus.exporter.port", "9595")
		r := Result{Resource: SettingRes("prometheus.exporter.allowed.ips"), Expected: "plain IP addresses", Actual: ipsActual}
		var bad, good []string
		for _, item := range strings.Split(ips, ",") {
			switch {
			case item == "":
			case strings.ContainsAny(item, "/ \t") || item == "0.0.0.0" || item == "::":
				bad = append(bad, fmt.Sprintf("%q", item))
			default:
				good = append(good, item)
			}
		}
		switch {
		case len(bad) > 0:
			r.Status, r.Message = Fail, fmt.Sprintf("entries %s never match (exact-address match only)", strings.Join(bad, ", "))
		case len(good) == 0:
			r.Status, r.Message = Pass, "the exporter is enabled but no address is allowed"
		default:
			r.Status, r.Message = Pass, fmt.Sprintf("metrics are served over plain HTTP on every interface, port %s, to %s", show(port), strings.Join(good, ", "))
		}
		return []Result{r}
	},
}

// SameSiteCookie flags the session cookie without a SameSite restriction.
var SameSiteCookie = &Check{
	ID:       "CS-SESS-002",
	Title:    "Session cookie sent without SameSite restriction",
	Severity: Low,
	Threat:   []string{"TM §10.4", "PR Q32"},
	Rationale: "api.sessionkey.cookie.samesite (4.18.2.5, 4.19.2.0 and later) sets the SameSite attribute " +
		"of the sessionkey cookie: Lax (default) or Strict keep browsers from sending it on cross-site " +
		"requests; Null drops the attribute and NoneAndSecure allows cross-site use (ApiServlet).",
	Remediation: "cmk update configuration name=api.sessionkey.cookie.samesite value=Lax (or Strict).",
	References:  []string{"server/src/main/java/com/cloud/api/ApiServer.java:342@4.22.1.0", "server/src/main/java/com/cloud/api/ApiServlet.java:448-462@4.22.1.0", "CWE-1275"},
	Requires:    needSettings,
	Settings:    []string{"api.sessionkey.cookie.samesite"},
	Since:       "4.18.2.5",
	Eval: settingRule{name: "api.sessionkey.cookie.samesite", codeDefault: "Lax", expected: "Lax or Strict",
		judge: func(v string) (Status, string) {
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "null":
				return Fail, "the session cookie has no SameSite attribute"
			case "noneandsecure":
				return Fail, "the session cookie is sent on cross-site requests (SameSite=None)"
			case "strict":
				return Pass, "the session cookie is SameSite=Strict"
			}
			return Pass, "the session cookie is SameSite=Lax"
		}}.eval,
}

// SessionKeyLocations flags the session key accepted from the cookie alone.
var SessionKeyLocations = &Check{
	ID:       "CS-SESS-003",
	Title:    "API session key accepted from the cookie alone",
	Severity: Medium,
	Threat:   []string{"TM §10.4", "TM §4 B1"},
	Rationale: "api.sessionkey.check.locations decides where the session key must be: with " +
		"CookieOrParameter a request carrying only the browser's cookie is authenticated " +
		"(HttpUtils.validateSessionKey), so any site the user visits can make the browser call the API " +
		"(CSRF). CookieAndParameter (default) and ParameterOnly require the key as a parameter.",
	Remediation: "cmk update configuration name=api.sessionkey.check.locations value=CookieAndParameter.",
	References:  []string{"server/src/main/java/com/cloud/api/ApiServer.java:351@4.22.1.0", "utils/src/main/java/com/cloud/utils/HttpUtils.java:124-165@4.22.1.0", "CWE-352"},
	Requires:    needSettings,
	Settings:    []string{"api.sessionkey.check.locations"},
	Since:       "4.18.2.5",
	Eval: settingRule{name: "api.sessionkey.check.locations", codeDefault: "CookieAndParameter", expected: "CookieAndParameter or ParameterOnly",
		judge: func(v string) (Status, string) {
			if strings.EqualFold(strings.TrimSpace(v), "CookieOrParameter") {
				return Fail, "a request carrying only the session cookie is authenticated (cross-site request forgery)"
			}
			return Pass, "the session key must be sent as a request parameter"
		}}.eval,
}

// NoVNCSourceIP flags the noVNC console without source-address binding.
var NoVNCSourceIP = &Check{
	ID:       "CS-CONS-002",
	Title:    "Console URL not bound to the requesting address",
	Severity: Low,
	Threat:   []string{"TM §10.14", "TM §11.7"},
	Rationale: "With novnc.console.sourceip.check.enabled=false (default) a console URL works from any " +
		"address until it expires, so a leaked or logged URL opens the VM's console for someone else. " +
		"Enabling it binds the URL to the client address the management server saw; clients behind " +
		"changing NAT then fail, and the address must be right (see CS-API-004).",
	Remediation: "cmk update configuration name=novnc.console.sourceip.check.enabled value=true, then restart " +
		"the management servers and the console proxy VMs.",
	References: []string{"server/src/main/java/com/cloud/consoleproxy/ConsoleProxyManager.java:56@4.22.1.0"},
	Requires:   needSettings,
	Settings:   []string{"novnc.console.sourceip.check.enabled"},
	Since:      "4.15.1.0",
	Eval: boolRule("novnc.console.sourceip.check.enabled", true, "false",
		"a leaked console URL works from any address", false).eval,
}
