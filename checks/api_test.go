package checks_test

import (
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

const (
	subjAPIPort   = "setting integration.api.port"
	subjThrottle  = "setting api.throttling.enabled"
	subjCIDR      = "setting api.allowed.source.cidr.list"
	subjCIDRCheck = "setting api.source.cidr.checks.enabled"
	subjCIDRCI    = `setting api.allowed.source.cidr.list for account "ci-automation" (id 14)`
	subjCIDROak   = `setting api.allowed.source.cidr.list for account "oakridge-ops" (id 21)`
	subjProxyCIDR = "setting proxy.cidr"
	subjProxyVer  = "setting proxy.header.verify"
	subjPost      = "setting enforce.post.requests.and.timestamps"
	subjEndpoint  = "setting endpoint.url"
)

var apiCases = []checkCase{
	// CS-API-001 integration.api.port
	{ID: "CS-API-001", Name: "hardened", Want: []expect{pass(subjAPIPort, "integration API disabled")}, Exact: true},
	{ID: "CS-API-001", Name: "port 8096", Mutate: set("integration.api.port", "8096"),
		Want: []expect{fail(subjAPIPort, "the unauthenticated integration API is enabled on port 8096")}},
	{ID: "CS-API-001", Name: "port with blanks", Mutate: set("integration.api.port", " 8096 "),
		Want: []expect{fail(subjAPIPort, "enabled on port 8096")}},
	{ID: "CS-API-001", Name: "negative port disables on a fixed release", Mutate: set("integration.api.port", "-1"),
		Want: []expect{pass(subjAPIPort, "integration API disabled")}},
	{ID: "CS-API-001", Name: "not a number", Mutate: set("integration.api.port", "80a"),
		Want: []expect{errorf(subjAPIPort, `integration.api.port "80a" is not a number`)}},
	{ID: "CS-API-001", Name: "empty value", Mutate: set("integration.api.port", ""),
		Want: []expect{errorf(subjAPIPort, `"(empty)" is not a number`)}},
	{ID: "CS-API-001", Name: "NULL value, stored default 8096",
		Mutate: all(null("integration.api.port"), func(s *snapshot.Snapshot) { v := "8096"; setting(s, "integration.api.port").Default = &v }),
		Want:   []expect{fail(subjAPIPort, "enabled on port 8096")}},
	{ID: "CS-API-001", Name: "NULL value and default use the Java default 0", Mutate: nullBoth("integration.api.port"),
		Want: []expect{pass(subjAPIPort, "integration API disabled")}},
	// Version logic (r1 §2.2); each case failed on the old "≤4.18.2.0: use -1" logic.
	{ID: "CS-API-001", Name: "4.12.0.0: NULL row takes the Java default 8096",
		Mutate: all(version("4.12.0.0"), nullBoth("integration.api.port")),
		Want:   []expect{fail(subjAPIPort, "enabled on port 8096")}},
	{ID: "CS-API-001", Name: "4.11.2.0: 0 disables (<= 0 guard)",
		Mutate: version("4.11.2.0"), Want: []expect{pass(subjAPIPort, "integration API disabled")}},
	{ID: "CS-API-001", Name: "4.11.0.0: NULL is Java null, no listener",
		Mutate: all(version("4.11.0.0"), nullBoth("integration.api.port")), Want: []expect{pass(subjAPIPort, "no listener is started")}},
	{ID: "CS-API-001", Name: "4.15.0.0: negative is no safe workaround",
		Mutate: all(version("4.15.0.0"), set("integration.api.port", "-1")),
		Want:   []expect{manual(subjAPIPort, "no value is safe here")}},
	{ID: "CS-API-001", Name: "4.19.0.2: negative disables",
		Mutate: all(version("4.19.0.2"), set("integration.api.port", "-1")), Want: []expect{pass(subjAPIPort, "integration API disabled")}},
	{ID: "CS-API-001", Name: "4.9.0: 0 opens a random port",
		Mutate: version("4.9.0"), Want: []expect{fail(subjAPIPort, "random port")}},
	{ID: "CS-API-001", Name: "2.2.14: no row still listens on 8096",
		Mutate: all(version("2.2.14"), drop("integration.api.port")), Want: []expect{fail(subjAPIPort, "on port 8096 when no row exists")}},
	{ID: "CS-API-001", Name: "setting absent", Mutate: drop("integration.api.port"),
		Want: []expect{skip(subjAPIPort, "not applicable: CloudStack 4.22.1.1 has no setting integration.api.port")}},
	{ID: "CS-API-001", Name: "stored as secret", Mutate: secret("integration.api.port", encryptedFacts),
		Want: []expect{errorf(subjAPIPort, "stored as a secret")}},
	{ID: "CS-API-001", Name: "port 0 on a release hit by CVE-2024-39864",
		Mutate: version("4.18.2.0"),
		Want:   []expect{fail(subjAPIPort, "CVE-2024-39864")}},

	// CS-API-002 api.throttling.enabled
	{ID: "CS-API-002", Name: "hardened", Want: []expect{pass(subjThrottle, "api.throttling.enabled is true")}, Exact: true},
	{ID: "CS-API-002", Name: "disabled", Mutate: set("api.throttling.enabled", "false"),
		Want: []expect{fail(subjThrottle, "API throttling is off")}},
	{ID: "CS-API-002", Name: "upper case TRUE", Mutate: set("api.throttling.enabled", "TRUE"),
		Want: []expect{pass(subjThrottle, "is true")}},
	{ID: "CS-API-002", Name: "yes is not true for Java", Mutate: set("api.throttling.enabled", "yes"),
		Want: []expect{fail(subjThrottle, "API throttling is off")}},
	{ID: "CS-API-002", Name: "NULL value, stored default false", Mutate: null("api.throttling.enabled"),
		Want: []expect{fail(subjThrottle, "API throttling is off")}},
	{ID: "CS-API-002", Name: "NULL value and default", Mutate: nullBoth("api.throttling.enabled"),
		Want: []expect{fail(subjThrottle, "API throttling is off")}},
	{ID: "CS-API-002", Name: "setting absent", Mutate: drop("api.throttling.enabled"),
		Want: []expect{skip(subjThrottle, "has no setting api.throttling.enabled")}},

	// CS-API-003 api.allowed.source.cidr.list (+ account overrides)
	{ID: "CS-API-003", Name: "hardened", Exact: true, Want: []expect{
		pass(subjCIDR, "API access limited to 10.20.0.0/16,172.18.40.0/22,fd5e:2a17:c0de::/48"),
		pass(subjCIDRCI, "API access limited to 10.20.30.0/24"),
		pass(subjCIDROak, "API access limited to 10.44.0.0/16"),
	}},
	{ID: "CS-API-003", Name: "global default allows the world", Mutate: set("api.allowed.source.cidr.list", "0.0.0.0/0,::/0"),
		Want: []expect{fail(subjCIDR, "API access is allowed from every address (0.0.0.0/0)")}},
	{ID: "CS-API-003", Name: "IPv6 world only", Mutate: set("api.allowed.source.cidr.list", "10.20.0.0/16,::/0"),
		Want: []expect{fail(subjCIDR, "(::/0)")}},
	{ID: "CS-API-003", Name: "IPv4 /7 counts as world", Mutate: set("api.allowed.source.cidr.list", "10.0.0.0/7"),
		Want: []expect{fail(subjCIDR, "(10.0.0.0/7)")}},
	{ID: "CS-API-003", Name: "IPv4 /8 is narrow enough", Mutate: set("api.allowed.source.cidr.list", "10.0.0.0/8"),
		Want: []expect{pass(subjCIDR, "API access limited to 10.0.0.0/8")}},
	{ID: "CS-API-003", Name: "IPv6 /15 counts as world", Mutate: set("api.allowed.source.cidr.list", "fc00::/15"),
		Want: []expect{fail(subjCIDR, "(fc00::/15)")}},
	{ID: "CS-API-003", Name: "IPv6 /16 is narrow enough", Mutate: set("api.allowed.source.cidr.list", "fd5e::/16"),
		Want: []expect{pass(subjCIDR, "API access limited to fd5e::/16")}},
	{ID: "CS-API-003", Name: "NULL value, stored default", Mutate: null("api.allowed.source.cidr.list"),
		Want: []expect{fail(subjCIDR, "allowed from every address (0.0.0.0/0)")}},
	{ID: "CS-API-003", Name: "NULL value and default use code default", Mutate: nullBoth("api.allowed.source.cidr.list"),
		Want: []expect{fail(subjCIDR, "allowed from every address (0.0.0.0/0)")}},
	{ID: "CS-API-003", Name: "account override opens the world though global is narrow",
		Mutate: override("account", 14, "ci-automation", "api.allowed.source.cidr.list", "0.0.0.0/0"),
		Want: []expect{
			pass(subjCIDR, "API access limited to 10.20.0.0/16"),
			fail(subjCIDRCI, "API access is allowed from every address (0.0.0.0/0)"),
		}},
	{ID: "CS-API-003", Name: "override without account name",
		Mutate: override("account", 33, "", "api.allowed.source.cidr.list", "::/0"),
		Want:   []expect{fail("setting api.allowed.source.cidr.list for account 33", "(::/0)")}},
	{ID: "CS-API-003", Name: "override with NULL value",
		Mutate: func(s *snapshot.Snapshot) {
			s.ScopedSettings = append(s.ScopedSettings, snapshot.ScopedSetting{Scope: "account", ScopeID: 40, ScopeName: "lab", Name: "api.allowed.source.cidr.list"})
		},
		Want: []expect{skip(`setting api.allowed.source.cidr.list for account "lab" (id 40)`, "override has no value; the global value applies")}},
	{ID: "CS-API-003", Name: "source-CIDR checks disabled", Mutate: set("api.source.cidr.checks.enabled", "false"), Exact: true,
		Want: []expect{fail(subjCIDRCheck, "source-CIDR checks are disabled")}},
	{ID: "CS-API-003", Name: "source-CIDR checks default to true", Mutate: nullBoth("api.source.cidr.checks.enabled"),
		Want: []expect{pass(subjCIDR, "API access limited to")}},
	{ID: "CS-API-003", Name: "release without the checks switch", Mutate: drop("api.source.cidr.checks.enabled"),
		Want: []expect{pass(subjCIDR, "API access limited to")}},
	{ID: "CS-API-003", Name: "setting absent", Mutate: drop("api.allowed.source.cidr.list"),
		Want: []expect{skip(subjCIDR, "has no setting api.allowed.source.cidr.list")}},

	// Account-scoped key: domain rows are read only with both inheritance flags (r1 §2.3).
	{ID: "CS-API-003", Name: "domain row of an account-scoped key is never read by default",
		Mutate: override("domain", 3, "/Partners/Oakridge/", "api.allowed.source.cidr.list", "0.0.0.0/0"),
		Want:   []expect{skip(`setting api.allowed.source.cidr.list for domain "/Partners/Oakridge/" (id 3)`, "domain rows are read only with")}},
	{ID: "CS-API-003", Name: "domain row is read with both inheritance flags",
		Mutate: all(override("domain", 3, "/Partners/Oakridge/", "api.allowed.source.cidr.list", "0.0.0.0/0"),
			set("enable.account.settings.for.domain", "true"), set("enable.domain.settings.for.child.domain", "true")),
		Want: []expect{fail(`setting api.allowed.source.cidr.list for domain "/Partners/Oakridge/" (id 3)`, "allowed from every address")}},

	// CS-API-004 proxy.header.verify / proxy.cidr
	{ID: "CS-API-004", Name: "hardened", Exact: true,
		Want: []expect{pass(subjProxyCIDR, "forwarded headers are trusted only from 10.20.0.10/32,10.20.0.11/32")}},
	{ID: "CS-API-004", Name: "headers not used", Mutate: set("proxy.header.verify", "false"), Exact: true,
		Want: []expect{pass(subjProxyVer, "forwarded client-IP headers are ignored")}},
	{ID: "CS-API-004", Name: "verify defaults to false", Mutate: nullBoth("proxy.header.verify"),
		Want: []expect{pass(subjProxyVer, "ignored")}},
	{ID: "CS-API-004", Name: "world-wide proxy.cidr", Mutate: set("proxy.cidr", "0.0.0.0/0"),
		Want: []expect{fail(subjProxyCIDR, "proxy.header.verify is true and proxy.cidr contains 0.0.0.0/0: any client can forge its source address")}},
	{ID: "CS-API-004", Name: "one world-wide entry among narrow ones", Mutate: set("proxy.cidr", "10.20.0.10/32,::/0"),
		Want: []expect{fail(subjProxyCIDR, "proxy.cidr contains ::/0")}},
	// Empty proxy.cidr: headers ignored, safe (ApiServlet.getClientAddress; r1 §2.5, TM §11a.15).
	{ID: "CS-API-004", Name: "empty proxy.cidr", Mutate: set("proxy.cidr", ""), Exact: true,
		Want: []expect{pass(subjProxyCIDR, "forwarded headers are ignored")}},
	{ID: "CS-API-004", Name: "blank list", Mutate: set("proxy.cidr", " , "), Exact: true,
		Want: []expect{pass(subjProxyCIDR, "holds no valid CIDR")}},
	{ID: "CS-API-004", Name: "only invalid entries are ignored by NetUtils", Mutate: set("proxy.cidr", "proxy.example.com"), Exact: true,
		Want: []expect{pass(subjProxyCIDR, "holds no valid CIDR")}},
	{ID: "CS-API-004", Name: "proxy.cidr NULL uses empty default", Mutate: nullBoth("proxy.cidr"), Exact: true,
		Want: []expect{pass(subjProxyCIDR, "forwarded headers are ignored")}},
	{ID: "CS-API-004", Name: "release without proxy.cidr", Mutate: drop("proxy.cidr"),
		Want: []expect{fail(subjProxyCIDR, "(CVE-2024-29006)")}},
	{ID: "CS-API-004", Name: "setting absent", Mutate: drop("proxy.header.verify"),
		Want: []expect{skip(subjProxyVer, "has no setting proxy.header.verify")}},
	{ID: "CS-API-004", Name: "release before the CVE-2024-29006 fix trusts headers from everyone",
		Mutate: all(version("4.18.1.0"), drop("proxy.header.verify"), drop("proxy.cidr"), drop("proxy.header.names")),
		Want:   []expect{fail(subjProxyVer, "CVE-2024-29006")}},

	// CS-API-005 enforce.post.requests.and.timestamps
	{ID: "CS-API-005", Name: "hardened", Exact: true, Want: []expect{pass(subjPost, "enforce.post.requests.and.timestamps is true")}},
	{ID: "CS-API-005", Name: "disabled", Mutate: set("enforce.post.requests.and.timestamps", "false"),
		Want: []expect{fail(subjPost, "leaked URLs can be replayed")}},
	{ID: "CS-API-005", Name: "default is false", Mutate: nullBoth("enforce.post.requests.and.timestamps"),
		Want: []expect{fail(subjPost, "leaked URLs can be replayed")}},
	{ID: "CS-API-005", Name: "setting absent", Mutate: drop("enforce.post.requests.and.timestamps"),
		Want: []expect{skip(subjPost, "has no setting enforce.post.requests.and.timestamps")}},

	// CS-API-006 endpoint.url
	{ID: "CS-API-006", Name: "hardened", Exact: true, Want: []expect{pass(subjEndpoint, "endpoint.url uses HTTPS")}},
	{ID: "CS-API-006", Name: "pre-4.18 spelling endpointe.url",
		Mutate: func(s *snapshot.Snapshot) {
			v := "http://cloud.skylark-hosting.net:8080/client/api"
			setting(s, "endpoint.url").Name = "endpointe.url"
			setting(s, "endpointe.url").Value = &v
		},
		Want: []expect{fail("setting endpointe.url", "endpointe.url is not HTTPS")}},
	{ID: "CS-API-006", Name: "plain http", Mutate: set("endpoint.url", "http://cloud.skylark-hosting.net/client/api"),
		Want: []expect{fail(subjEndpoint, "endpoint.url is not HTTPS")}},
	{ID: "CS-API-006", Name: "upper-case scheme and blanks", Mutate: set("endpoint.url", "  HTTPS://cloud.skylark-hosting.net/client/api"),
		Want: []expect{pass(subjEndpoint, "uses HTTPS")}},
	{ID: "CS-API-006", Name: "stored default", Mutate: null("endpoint.url"),
		Want: []expect{fail(subjEndpoint, "not HTTPS")}},
	{ID: "CS-API-006", Name: "code default", Mutate: nullBoth("endpoint.url"),
		Want: []expect{fail(subjEndpoint, "not HTTPS")}},
	{ID: "CS-API-006", Name: "setting absent", Mutate: drop("endpoint.url"),
		Want: []expect{skip(subjEndpoint, "has no setting endpoint.url")}},
}

func TestAPIChecks(t *testing.T) { runCases(t, apiCases) }
