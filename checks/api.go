package checks

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

var needSettings = []snapshot.Dataset{snapshot.DataSettings}

// integrationZeroOpens are the releases on which integration.api.port=0
// opens a random port and a negative value makes new ServerSocket(-1)
// throw (CVE-2024-39864): 2.x–4.10 (no "<= 0" guard), 4.12.0.0–4.18.2.0
// and 4.19.0.0–4.19.0.1 (the guard was dropped with the ConfigKey,
// ApiServer.java:367@4.12.0.0). 4.11.x disables <= 0
// (ApiServer.java:339-341@4.11.0.0); fixed releases skip null and <= 0
// (ApiServer.java:446-455@4.22.1.0).
func integrationZeroOpens(s *snapshot.Snapshot) bool {
	return inRanges(s, "", "4.10.99.99", "4.12.0.0", "4.18.2.0", "4.19.0.0", "4.19.0.1")
}

// IntegrationPort flags the unauthenticated integration API.
var IntegrationPort = &Check{
	ID:       "CS-API-001",
	Title:    "Unauthenticated integration API port is enabled",
	Severity: Critical,
	Threat:   []string{"TM §10.3", "TM §11.2", "TM §11a.2", "PR Q20"},
	Rationale: "integration.api.port opens a second API listener that performs every command as the " +
		"system/root admin without any authentication or signature. It is meant for tests only; " +
		"anyone who can reach the port owns the cloud. The missing authentication is by design " +
		"(TM §11a.2), so the port being open is the operator finding. The Java default is null on " +
		"4.11, 8096 on 4.12 (a NULL row listens on 8096) and 0 from 4.13; 2.x listened on 8096 even " +
		"without a row. csaudit's settings table starts at 4.11.0.0; older releases are judged from " +
		"the 2.x/3.x source history.",
	Remediation: "Set integration.api.port=0 (`cmk update configuration name=integration.api.port value=0`) " +
		"and restart every management server; 0 disables the port on 4.11.x, 4.18.2.1+ and 4.19.0.2+. " +
		"On 4.12.0.0–4.18.2.0 and 4.19.0.0–4.19.0.1 (and before 4.11) no value is safe: 0 opens a random " +
		"port (CVE-2024-39864) and a negative value makes the listener throw at start-up; upgrade, and " +
		"until then firewall every non-essential port on the management servers. Confirm with " +
		"`ss -ltnp` that nothing but the expected ports listens.",
	References: []string{"server/src/main/java/com/cloud/api/ApiServer.java (IntegrationAPIPort)", "CVE-2024-39864", "CWE-306"},
	Requires:   needSettings,
	Settings:   []string{"integration.api.port"},
	Eval: func(s *snapshot.Snapshot) []Result {
		const name = "integration.api.port"
		res := Result{Resource: SettingRes(name), Expected: "0 (disabled)"}
		zeroOpens := integrationZeroOpens(s)
		if zeroOpens {
			res.Expected = "a release with the CVE-2024-39864 fix (no value is safe on this release)"
		}
		st, ok := s.Setting(name)
		if !ok {
			switch {
			case inRanges(s, "", "2.99.99.99"):
				res.Status, res.Actual = Fail, "(no row)"
				res.Message = releaseName(s) + " starts the unauthenticated integration API on port 8096 when no row exists (ApiServer.init: apiPort = 8096)"
				return []Result{res}
			case inRanges(s, "3.0.0", "3.0.1"):
				res.Status, res.Actual = Manual, "(no row)"
				res.Message = "releases up to 3.0.x changed from \"8096 without a row\" to \"no listener without a row\" (commit e53cfece); check that nothing listens on 8096"
				return []Result{res}
			}
			return []Result{missingSetting(s, name)}
		}
		if st.Secret != nil {
			res.Status, res.Message = Error, "setting is stored as a secret; its value cannot be judged"
			return []Result{res}
		}
		v, null, note := effectiveIn(s, st)
		res.Actual = show(v) + note
		if null {
			res.Status, res.Message = Pass, "integration API disabled (no value: no listener is started)"
			return []Result{res}
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		switch {
		case err != nil:
			res.Status, res.Message = Error, fmt.Sprintf("integration.api.port %q is not a number", show(v))
		case n > 0:
			res.Status, res.Message = Fail, fmt.Sprintf("the unauthenticated integration API is enabled on port %d: any client that reaches it runs commands as root admin", n)
		case n == 0 && zeroOpens:
			res.Status, res.Message = Fail, "on "+releaseName(s)+" the value 0 starts the unauthenticated integration API on a random port (CVE-2024-39864): upgrade to 4.18.2.1/4.19.0.2 or later and firewall the management servers until then"
		case n < 0 && zeroOpens:
			res.Status = Manual
			res.Message = "on " + releaseName(s) + " a negative port makes new ServerSocket() throw IllegalArgumentException, which ApiServer.start() does not catch: the management server may not start; no value is safe here, upgrade to 4.18.2.1/4.19.0.2 or later"
		default:
			res.Status, res.Message = Pass, "integration API disabled"
		}
		return []Result{res}
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
		"this is a hardening recommendation. api.throttling.enabled is a Config.java setting read " +
		"once at start-up (ApiRateLimitServiceImpl.configure), and root admins are never throttled.",
	Remediation: "Set api.throttling.enabled=true and size api.throttling.interval / api.throttling.max " +
		"(defaults 1 s / 25 calls) for your heaviest legitimate client; restart the management servers.",
	References: []string{"server/src/main/java/com/cloud/configuration/Config.java (ApiLimitEnabled)",
		"plugins/api/rate-limit ApiRateLimitServiceImpl.java"},
	Requires: needSettings,
	Settings: []string{"api.throttling.enabled"},
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
	Settings: []string{"api.source.cidr.checks.enabled", "api.allowed.source.cidr.list",
		"enable.account.settings.for.domain", "enable.domain.settings.for.child.domain"},
	Eval: func(s *snapshot.Snapshot) []Result {
		if st, ok := s.Setting("api.source.cidr.checks.enabled"); ok && st.Secret == nil {
			if v, _, _ := effectiveIn(s, st); !isTrue(v) {
				return []Result{{Status: Fail, Resource: SettingRes("api.source.cidr.checks.enabled"),
					Expected: "true", Actual: show(v),
					Message: "source-CIDR checks are disabled: API keys work from any address whatever the allowed list says"}}
			}
		}
		return settingRule{
			name:     "api.allowed.source.cidr.list",
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
		"source-CIDR checks and audit logs. An empty proxy.cidr (or one without a valid CIDR) makes " +
		"CloudStack ignore the headers (ApiServlet.getClientAddress), which is safe (TM §11a.15).",
	Remediation: "Behind a reverse proxy set proxy.cidr to the proxy's exact address(es) (e.g. " +
		"`10.1.2.3/32`) and proxy.header.names to the one header it sets; without a proxy set " +
		"proxy.header.verify=false.",
	References: []string{"server/src/main/java/com/cloud/api/ApiServer.java (useForwardHeader, proxyForwardList)", "CVE-2024-29006"},
	Requires:   needSettings,
	Settings:   []string{"proxy.header.verify", "proxy.cidr"},
	Eval: func(s *snapshot.Snapshot) []Result {
		st, ok := s.Setting("proxy.header.verify")
		if !ok {
			if inRanges(s, "4.11.0.0", "4.18.1.0", "4.19.0.0", "4.19.0.0") {
				return []Result{{Status: Fail, Resource: SettingRes("proxy.header.verify"), Expected: "a release with the CVE-2024-29006 fix",
					Actual: "(setting absent)", Message: releaseName(s) + " trusts X-Forwarded-For from every client (CVE-2024-29006): any client can forge its source address; upgrade to 4.18.1.1/4.19.0.1 or later"}}
			}
			return []Result{missingSetting(s, "proxy.header.verify")}
		}
		v, _, _ := effectiveIn(s, st)
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
		cv, _, _ := effectiveIn(s, cidr)
		r.Actual = show(cv)
		switch w := worldWide(cv); {
		case w != "":
			r.Status, r.Message = Fail, "proxy.header.verify is true and proxy.cidr contains "+w+": any client can forge its source address"
		case validCIDRs(cv) == 0:
			// "".split(",") is [""]; NetUtils.isIpInCidrList skips invalid entries.
			r.Status, r.Message = Pass, "proxy.header.verify is true but proxy.cidr holds no valid CIDR: forwarded headers are ignored (safe; the logs record the proxy's address)"
		default:
			r.Status, r.Message = Pass, "forwarded headers are trusted only from "+show(cv)
		}
		return []Result{r}
	},
}

// validCIDRs counts the entries of a list that parse as a CIDR or an address.
func validCIDRs(list string) int {
	n := 0
	for _, c := range snapshot.CSV(list) {
		if _, err := netip.ParsePrefix(c); err == nil {
			n++
		} else if _, err := netip.ParseAddr(c); err == nil {
			n++
		}
	}
	return n
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
	Settings:   []string{"enforce.post.requests.and.timestamps"},
	Since:      "4.21.0.0",
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
	Settings:    []string{"endpoint.url", "endpointe.url"},
	Eval: func(s *snapshot.Snapshot) []Result {
		name := "endpoint.url"
		if _, ok := s.Setting(name); !ok {
			if _, ok := s.Setting("endpointe.url"); ok {
				name = "endpointe.url" // the key's spelling before 4.17.0.0 (schema-41610to41700.sql:27 renames it)
			}
		}
		return endpointRule(name).eval(s)
	},
}

func endpointRule(name string) settingRule {
	return settingRule{
		name: name, expected: "an https:// URL",
		judge: func(v string) (Status, string) {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "https://") {
				return Pass, name + " uses HTTPS"
			}
			return Fail, name + " is not HTTPS: clients given this address send credentials in the clear"
		},
	}
}
