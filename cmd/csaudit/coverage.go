package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/csaudit/csaudit/checks"
)

// The threat-model coverage table (docs/coverage.md), generated from the
// registry: every TM §5a knob, §10 operator duty and §11 misuse pattern
// (threat-model-digest.md §2-§4) with the checks that cover it, found by
// their Threat references and declared Settings plus the curated mapping
// below, or what a person has to look at when no check can.

// tmItem is one row of the coverage table.
type tmItem struct {
	ref   string // threat reference a check's Threat may carry ("TM §10.1"); "" for knobs
	title string
	// settings are configuration names: a check citing TM §5a and
	// declaring one in Check.Settings covers the item.
	settings []string
	// also are checks covering the item without naming it (curated).
	also []string
	// manual is what a person must look at: the part no check can see.
	manual string
}

var tmKnobs = []tmItem{
	{title: "ca.plugin.root.auth.strictness", settings: []string{"ca.plugin.root.auth.strictness"}, also: []string{"CS-PKI-005"}},
	{title: "ca.plugin.root.allow.expired.cert", settings: []string{"ca.plugin.root.allow.expired.cert"}, also: []string{"CS-PKI-006"}},
	{title: "ca.plugin.root.issuer.dn", settings: []string{"ca.plugin.root.issuer.dn"}, manual: "informational (the self-signed CA's subject); nothing to judge"},
	{title: "ca.framework.cert.management.custom.san", settings: []string{"ca.framework.cert.management.custom.san"}, manual: "informational: the host names in the management-server certificate"},
	{title: "ca.plugin.root.private.key (stored encrypted)", settings: []string{"ca.plugin.root.private.key"}, also: []string{"CS-CRYPT-001"}},
	{title: "proxy.header.verify", settings: []string{"proxy.header.verify"}, also: []string{"CS-API-004"}},
	{title: "proxy.header.names", settings: []string{"proxy.header.names"}, also: []string{"CS-API-004"}, manual: "that the names are only those the proxy sets"},
	{title: "proxy.cidr", settings: []string{"proxy.cidr"}, also: []string{"CS-API-004"}, manual: "that the CIDR is exactly the real proxy's addresses"},
	{title: "enable.user.2fa", settings: []string{"enable.user.2fa"}, also: []string{"CS-AUTH-005"}},
	{title: "mandate.user.2fa", settings: []string{"mandate.user.2fa"}, also: []string{"CS-AUTH-005"}},
	{title: "security.encryption.key, security.encryption.iv", settings: []string{"security.encryption.key", "security.encryption.iv"}, also: []string{"CS-CRYPT-001"},
		manual: "different in every environment: run `csaudit compare` on two installations' reports taken with the same --fingerprint-key"},
	{title: "user.password.encoders.order", settings: []string{"user.password.encoders.order"}, also: []string{"CS-AUTH-001"}},
	{title: "user.password.encoders.exclude", settings: []string{"user.password.encoders.exclude"}, also: []string{"CS-AUTH-001"}},
	{title: "enforce.post.requests.and.timestamps", settings: []string{"enforce.post.requests.and.timestamps"}, also: []string{"CS-API-005"}},
	{title: "integration.api.port", settings: []string{"integration.api.port"}, also: []string{"CS-API-001", "CS-HOST-013"}},
	{title: "api.throttling.enabled (+ interval, max, cachesize)", settings: []string{"api.throttling.enabled", "api.throttling.interval", "api.throttling.max", "api.throttling.cachesize"}, also: []string{"CS-API-002"}},
	{title: "https.enable (server.properties)", also: []string{"CS-HOST-007", "CS-DRIFT-002"}, manual: "whether a TLS-terminating proxy fronts port 8080"},
	{title: "hypervisor plugins enabled", manual: "informational: list the hypervisor types of zones and clusters; unused plugins are not connected"},
	{title: "LDAP / SAML2 / OAuth2 enablement", settings: []string{"saml2.enabled", "oauth2.enabled"}, also: []string{"CS-AUTH-006", "CS-AUTH-007", "CS-AUTH-008"},
		manual: "informational: each enabled IdP is trusted (B6); csaudit judges the wiring (TLS, signatures), not the IdP"},
}

var tmDuties = []tmItem{
	{ref: "TM §10.1", title: "keep CA strictness on; consider refusing expired certs"},
	{ref: "TM §10.2", title: "limit reachability of 8250, 9090 and the database port", manual: "network ACLs and firewalls outside the hosts: check that 8250, 9090 and 3306 are reachable only from the intended peers"},
	{ref: "TM §10.3", title: "disable the integration port 8096 or bind it locally"},
	{ref: "TM §10.4", title: "serve the API/UI over TLS; 8080 only behind a TLS proxy", manual: "whether a TLS proxy fronts 8080"},
	{ref: "TM §10.5", title: "behind a reverse proxy: verify headers, exact proxy.cidr", manual: "that proxy.cidr matches the real proxy"},
	{ref: "TM §10.6", title: "protect key material, the encrypted database, the Root CA key and the cloud user's home"},
	{ref: "TM §10.7", title: "keep password encoders at safe defaults"},
	{ref: "TM §10.8", title: "turn on 2FA for administrators, ideally for everyone"},
	{ref: "TM §10.9", title: "rotate API secret keys on staff change or compromise", manual: "no rotation timestamps exist: review who holds API keys after staff changes"},
	{ref: "TM §10.10", title: "treat uploaded templates/ISOs as untrusted", manual: "the scanning/quarantine process for user templates and ISOs before they are made public or featured"},
	{ref: "TM §10.11", title: "apply per-account resource limits", manual: "whether the limits are tight enough is policy"},
	{ref: "TM §10.12", title: "configure storage-layer encryption where data at rest must be encrypted", manual: "storage-layer encryption (Ceph, LUKS, vSphere): CloudStack does not encrypt guest volumes"},
	{ref: "TM §10.13", title: "secure every agent host (keystore, agent user, libvirt)", manual: "root account hygiene and hypervisor credential policy on each host"},
	{ref: "TM §10.14", title: "restrict console-proxy URLs; short token lifetime", manual: "that console URLs are not logged, pasted or published (csaudit does not scan logs for tokens)"},
	{ref: "TM §10.15", title: "review API call logs for anomalies", manual: "that API/event logs (event-bus plugin) are collected and reviewed"},
}

var tmMisuse = []tmItem{
	{ref: "TM §11.1", title: "agent port 8250 world-reachable with strictness false", manual: "whether 8250 is reachable from outside the management network"},
	{ref: "TM §11.2", title: "integration API 8096 reachable publicly"},
	{ref: "TM §11.3", title: "plain-HTTP API on 8080 exposed without a TLS proxy"},
	{ref: "TM §11.4", title: "proxy.header.verify=true with a proxy.cidr broader than the proxy"},
	{ref: "TM §11.5", title: "MD5/PLAINTEXT dropped from the encoder exclude list or moved first"},
	{ref: "TM §11.6", title: "too many domain admins", manual: "count the Domain Admin accounts per domain against your policy"},
	{ref: "TM §11.7", title: "console URLs pasted into screenshots, tickets or chat", manual: "organisational: console URLs are bearer credentials; train staff and scrub tickets"},
	{ref: "TM §11.8", title: "the same security.encryption.key in environments of different trust", also: []string{"CS-HOST-006"},
		manual: "across installations only: audit each with the same --fingerprint-key and run `csaudit compare A.json B.json`"},
	{ref: "TM §11.9", title: "strictness false in a multi-node management cluster"},
	{ref: "TM §11.10", title: "relying on the hypervisor to stop oversized templates", manual: "per-account template and secondary-storage limits"},
}

var tmOther = []tmItem{
	{ref: "PR Q14", title: "keep client and management-server clocks in sync (signature expiry)", manual: "NTP/chrony on management servers and API clients"},
	{ref: "PR Q13", title: "the four logical networks (management, public, guest, storage) exist", manual: "informational: the traffic types of each zone's physical networks"},
}

// covering returns the registered checks covering it, in ID order.
func covering(it tmItem, reg []*checks.Check) []string {
	var ids []string
	for _, c := range reg {
		hit := it.ref != "" && slices.Contains(c.Threat, it.ref)
		// A knob is covered by a check citing TM §5a that reads it (a
		// check merely reading a setting, e.g. as an advisory's
		// precondition, does not enforce it).
		hit = hit || slices.Contains(c.Threat, "TM §5a") && slices.ContainsFunc(it.settings, func(s string) bool { return slices.Contains(c.Settings, s) })
		hit = hit || slices.Contains(it.also, c.ID)
		if hit {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// coverageMarkdown renders docs/coverage.md from the registry.
func coverageMarkdown(reg []*checks.Check) string {
	var b strings.Builder
	var gaps []string
	b.WriteString("# Threat-model coverage\n\n" +
		"Generated from the check registry by `make golden` (test `TestGoldenCoverage` in cmd/csaudit); do not\n" +
		"edit. Every configuration knob (TM §5a), operator duty (TM §10) and misuse pattern (TM §11) of the\n" +
		"threat-model digest, with the checks that cover it (by their threat references, the settings they\n" +
		"declare, and a curated mapping in `cmd/csaudit/coverage.go`), and what a person has to look at\n" +
		"where no check can see.\n")
	section := func(title string, items []tmItem) {
		fmt.Fprintf(&b, "\n## %s\n\n| item | checks | for a person to look at |\n|---|---|---|\n", title)
		for _, it := range items {
			name := it.title
			if it.ref != "" {
				name = it.ref + " " + it.title
			}
			ids := covering(it, reg)
			cs := strings.Join(ids, ", ")
			if cs == "" {
				cs = "none"
				gaps = append(gaps, fmt.Sprintf("- %s: %s", name, orText(it.manual, "no check yet and no manual note: add one")))
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", name, cs, it.manual)
		}
	}
	section("Configuration knobs (TM §5a)", tmKnobs)
	section("Operator duties (TM §10)", tmDuties)
	section("Misuse patterns (TM §11)", tmMisuse)
	section("Other operator duties (TM §5, PR)", tmOther)
	b.WriteString("\n## Gaps: items no check covers\n\n")
	if len(gaps) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString(strings.Join(gaps, "\n") + "\n")
	}
	// Checks outside the table: their references name none of its items.
	var loose []string
	for _, c := range reg {
		in := false
		for _, items := range [][]tmItem{tmKnobs, tmDuties, tmMisuse, tmOther} {
			for _, it := range items {
				if slices.Contains(covering(it, []*checks.Check{c}), c.ID) {
					in = true
				}
			}
		}
		if !in {
			loose = append(loose, fmt.Sprintf("- %s %s (%s)", c.ID, c.Title, strings.Join(c.Threat, ", ")))
		}
	}
	b.WriteString("\n## Checks tied to no item above\n\n")
	if len(loose) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString(strings.Join(loose, "\n") + "\n")
	}
	fmt.Fprintf(&b, "\n%d checks; %d of %d items covered by at least one check.\n", len(reg), len(tmKnobs)+len(tmDuties)+len(tmMisuse)+len(tmOther)-len(gaps), len(tmKnobs)+len(tmDuties)+len(tmMisuse)+len(tmOther))
	return b.String()
}

func orText(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
