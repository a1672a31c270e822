package checks

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

var needSettings = []snapshot.Dataset{snapshot.DataSettings}

// IntegrationPort flags the unauthenticated integration API.
var IntegrationPort = &Check{
	ID:       "CS-API-001",
	Title:    "Unauthenticated integration API port is enabled",
	Severity: Critical,
	Threat:   []string{"TM §10.3", "TM §11.2", "TM §11a.2", "PR Q20"},
	Rationale: "integration.api.port opens a second API listener that performs every command as the " +
		"system/root admin without any authentication or signature. It is meant for tests only; " +
		"anyone who can reach the port owns the cloud. The missing authentication is by design " +
		"(TM §11a.2), so the port being open is the operator finding.",
	Remediation: "Set the global setting integration.api.port to 0 (Infrastructure > Global Settings, " +
		"or `cmk update configuration name=integration.api.port value=0`) and restart every " +
		"management server; on releases up to 4.18.2.0 and 4.19.0.1, where 0 opens a random port " +
		"(CVE-2024-39864), use -1 and upgrade. Confirm nothing listens on 8096 (`ss -ltnp | grep 8096`).",
	References: []string{"server/src/main/java/com/cloud/api/ApiServer.java (IntegrationAPIPort)", "CWE-306"},
	Requires:   needSettings,
	Eval: func(s *snapshot.Snapshot) []Result {
		const name = "integration.api.port"
		if st, ok := s.Setting(name); ok && st.Secret == nil && st.Value == nil && st.Default == nil {
			// NULL with no default column (early releases): no listener is started.
			return []Result{{Status: Pass, Resource: SettingRes(name), Expected: "0 (disabled)", Actual: "NULL",
				Message: "integration API disabled (no value stored)"}}
		}
		// Releases up to 4.18.2.0 and 4.19.0.1 open a random port for 0 (CVE-2024-39864).
		zeroOpens := inRanges(s, "", "4.18.2.0", "4.19.0.0", "4.19.0.1")
		expected := "0 (disabled)"
		if zeroOpens {
			expected = "a negative value (0 opens a random port on this release)"
		}
		return settingRule{
			name: name, codeDefault: "0", expected: expected,
			judge: func(v string) (Status, string) {
				n, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil {
					return Error, fmt.Sprintf("integration.api.port %q is not a number", show(v))
				}
				switch {
				case n > 0:
					return Fail, fmt.Sprintf("the unauthenticated integration API is enabled on port %d: any client that reaches it runs commands as root admin", n)
				case n == 0 && zeroOpens:
					return Fail, "on " + releaseName(s) + " the value 0 starts the unauthenticated integration API on a random port (CVE-2024-39864): set a negative value or upgrade to 4.18.2.1/4.19.0.2 or later"
				}
				return Pass, "integration API disabled"
			},
		}.eval(s)
	},
}

// Throttling flags API throttling off.
var Throttling = &Check{
	ID:       "CS-API-002",
	Title:    "API request throttling is disabled",
	Severity: Low,
	Threat:   []string{"TM §10.11", "PR Q22"},
	Rationale: "api.throttling.* and per-account resource limits are CloudStack's whole defence " +
		"against API flooding by an authenticated account (PR Q22). Throttling ships disabled; " +
		"this is a hardening recommendation.",
	Remediation: "Set api.throttling.enabled=true and size api.throttling.interval / api.throttling.max " +
		"(defaults 1 s / 25 calls) for your heaviest legitimate client; restart the management servers.",
	References: []string{"server/src/main/java/com/cloud/configuration/Config.java (ApiLimitEnabled)"},
	Requires:   needSettings,
	Eval: boolRule("api.throttling.enabled", true, "false",
		"API throttling is off: one account can flood the API without limit", false).eval,
}

// SourceCIDR flags API access allowed from everywhere.
var SourceCIDR = &Check{
	ID:       "CS-API-003",
	Title:    "API accepts requests from any source address",
	Severity: Low,
	Threat:   []string{"TM §4 B1", "TM §10.2"},
	Rationale: "api.allowed.source.cidr.list (global, overridable per account) limits where API keys " +
		"and sessions may be used from; the default 0.0.0.0/0,::/0 lets a stolen key be used " +
		"from anywhere. The list is enforced only while api.source.cidr.checks.enabled is true.",
	Remediation: "Set api.allowed.source.cidr.list to the networks your users and automation call from " +
		"(e.g. `10.0.0.0/8,192.168.0.0/16`), per account where needed, and keep " +
		"api.source.cidr.checks.enabled=true.",
	References: []string{"api/src/main/java/org/apache/cloudstack/config/ApiServiceConfiguration.java"},
	Requires:   []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Eval: func(s *snapshot.Snapshot) []Result {
		if st, ok := s.Setting("api.source.cidr.checks.enabled"); ok && st.Secret == nil {
			if v, _ := effective(st, "true"); !isTrue(v) {
				return []Result{{Status: Fail, Resource: SettingRes("api.source.cidr.checks.enabled"),
					Expected: "true", Actual: show(v),
					Message: "source-CIDR checks are disabled: API keys work from any address whatever the allowed list says"}}
			}
		}
		return settingRule{
			name: "api.allowed.source.cidr.list", codeDefault: "0.0.0.0/0,::/0",
			expected: "only the networks API clients use", overrides: true,
			judge: func(v string) (Status, string) {
				if w := worldWide(v); w != "" {
					return Fail, "API access is allowed from every address (" + w + ")"
				}
				return Pass, "API access limited to " + show(v)
			},
		}.eval(s)
	},
}

// worldWide returns the first CIDR in list that covers (nearly) the whole
// address space, or "".
func worldWide(list string) string {
	for _, c := range snapshot.CSV(list) {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			continue
		}
		if (p.Addr().Is4() && p.Bits() < 8) || (p.Addr().Is6() && p.Bits() < 16) {
			return c
		}
	}
	return ""
}

// ProxyHeaders flags forwarded client-IP headers trusted from anywhere.
var ProxyHeaders = &Check{
	ID:       "CS-API-004",
	Title:    "Forwarded client-IP headers trusted without a proxy allow-list",
	Severity: Medium,
	Threat:   []string{"TM §10.5", "TM §11.4", "TM §11a.15", "PR Q17"},
	Rationale: "With proxy.header.verify=true CloudStack takes the client address from a forwarded " +
		"header when the connection comes from proxy.cidr. A world-wide proxy.cidr (or a release " +
		"without proxy.cidr, CVE-2024-29006) lets any client forge its source address, defeating " +
		"source-CIDR checks and audit logs. An empty proxy.cidr makes the switch do nothing.",
	Remediation: "Behind a reverse proxy set proxy.cidr to the proxy's exact address(es) (e.g. " +
		"`10.1.2.3/32`) and proxy.header.names to the one header it sets; without a proxy set " +
		"proxy.header.verify=false.",
	References: []string{"server/src/main/java/com/cloud/api/ApiServer.java (useForwardHeader, proxyForwardList)", "CVE-2024-29006"},
	Requires:   needSettings,
	Eval: func(s *snapshot.Snapshot) []Result {
		st, ok := s.Setting("proxy.header.verify")
		if !ok {
			if inRanges(s, "4.11.0.0", "4.18.1.0", "4.19.0.0", "4.19.0.0") {
				return []Result{{Status: Fail, Resource: SettingRes("proxy.header.verify"), Expected: "a release with the CVE-2024-29006 fix",
					Actual: "(setting absent)", Message: releaseName(s) + " trusts X-Forwarded-For from every client (CVE-2024-29006): any client can forge its source address; upgrade to 4.18.1.1/4.19.0.1 or later"}}
			}
			return []Result{missingSetting(s, "proxy.header.verify")}
		}
		v, _ := effective(st, "false")
		if !isTrue(v) {
			return []Result{{Status: Pass, Resource: SettingRes("proxy.header.verify"), Expected: "false, or true with a narrow proxy.cidr",
				Actual: show(v), Message: "forwarded client-IP headers are ignored"}}
		}
		r := Result{Resource: SettingRes("proxy.cidr"), Expected: "the reverse proxy's address(es)"}
		cidr, ok := s.Setting("proxy.cidr")
		if !ok {
			r.Status, r.Actual = Fail, "(setting absent)"
			r.Message = "proxy.header.verify is true and this release has no proxy.cidr: forwarded headers are trusted from every client (CVE-2024-29006)"
			return []Result{r}
		}
		cv, _ := effective(cidr, "")
		r.Actual = show(cv)
		switch w := worldWide(cv); {
		case w != "":
			r.Status, r.Message = Fail, "proxy.header.verify is true and proxy.cidr contains "+w+": any client can forge its source address"
		case len(snapshot.CSV(cv)) == 0:
			r.Status, r.Message = Fail, "proxy.header.verify is true but proxy.cidr is empty: forwarded headers are ignored, so the setting does nothing and the logs record the proxy's address"
		default:
			r.Status, r.Message = Pass, "forwarded headers are trusted only from "+show(cv)
		}
		return []Result{r}
	},
}

// EnforcePost flags GET/untimestamped API requests accepted.
var EnforcePost = &Check{
	ID:       "CS-API-005",
	Title:    "API does not require POST and expiring signatures",
	Severity: Low,
	Threat:   []string{"TM §5a", "TM §6"},
	Rationale: "With enforce.post.requests.and.timestamps=false signed API URLs without an expiry " +
		"stay valid forever and state-changing commands are accepted over GET, so a logged or " +
		"leaked URL can be replayed. Turning it on is hardening.",
	Remediation: "Set enforce.post.requests.and.timestamps=true after checking that your API clients " +
		"send POST with signatureversion=3 and expires; restart the management servers.",
	References: []string{"server/src/main/java/com/cloud/api/ApiServer.java (EnforcePostRequestsAndTimestamps)"},
	Requires:   needSettings,
	Eval: boolRule("enforce.post.requests.and.timestamps", true, "false",
		"signed API requests without expiry and over GET are accepted: leaked URLs can be replayed", false).eval,
}

// EndpointURL flags a plain-HTTP API endpoint.
var EndpointURL = &Check{
	ID:       "CS-API-006",
	Title:    "API endpoint URL handed to other components is plain HTTP",
	Severity: Info,
	Threat:   []string{"TM §10.4", "PR Q32"},
	Rationale: "endpoint.url is the API address CloudStack gives to other components and users " +
		"(e.g. CKS clusters). An http:// URL sends API keys and signed requests in the clear unless " +
		"a TLS proxy rewrites it.",
	Remediation: "Set endpoint.url to the HTTPS address of the API, e.g. `https://cloud.example.com/client/api`.",
	References:  []string{"api/src/main/java/org/apache/cloudstack/config/ApiServiceConfiguration.java (ApiServletPath)"},
	Requires:    needSettings,
	Eval: func(s *snapshot.Snapshot) []Result {
		name := "endpoint.url"
		if _, ok := s.Setting(name); !ok {
			if _, ok := s.Setting("endpointe.url"); ok {
				name = "endpointe.url" // the key's historic spelling before 4.18
			}
		}
		return endpointRule(name).eval(s)
	},
}

func endpointRule(name string) settingRule {
	return settingRule{
		name: name, codeDefault: "http://localhost:8080/client/api", expected: "an https:// URL",
		judge: func(v string) (Status, string) {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "https://") {
				return Pass, name + " uses HTTPS"
			}
			return Fail, name + " is not HTTPS: clients given this address send credentials in the clear"
		},
	}
}
