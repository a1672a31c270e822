package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// KeystorePrivateKeys flags private keys in clear in the keystore table.
var KeystorePrivateKeys = &Check{
	ID:       "CS-PKI-001",
	Title:    "Private keys stored in clear in the keystore table",
	Severity: High,
	Threat:   []string{"TM §10.6", "TM §10.14"},
	Rationale: "The keystore table holds the TLS key pairs of the console proxy and secondary-storage " +
		"VMs. A key stored in clear lets any database reader impersonate those services and read " +
		"console sessions and uploads.",
	Remediation: "Enable database encryption (CS-CRYPT-001), then upload a new certificate and key " +
		"(uploadCustomCertificate) so the row is rewritten encrypted, and revoke the old certificate.",
	References: []string{"CWE-312", "CWE-321"},
	Requires:   []snapshot.Dataset{snapshot.DataKeystore},
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		for _, k := range s.Keystore {
			if !k.Key.Present {
				continue
			}
			out = append(out, secretResult(KeystoreRes(k), k.Key, "the private key"))
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("keystore table"), Message: "no private key is stored in the keystore table"})
		}
		return out
	},
}

// realhost matches realhostip.com.
func realhost(v string) bool { return strings.Contains(strings.ToLower(v), "realhostip") }

// RealHostIP flags the realhostip.com certificate and domain.
var RealHostIP = &Check{
	ID:       "CS-PKI-002",
	Title:    "realhostip.com certificate or domain in use",
	Severity: High,
	Threat:   []string{"TM §10.14", "TM §10.4"},
	Rationale: "Old releases shipped a certificate and private key for *.realhostip.com inside the " +
		"product, so everyone holds that key, and the realhostip.com DNS service was retired in 2014. " +
		"Console and storage VM sessions using it are open to interception. CloudStack uses " +
		"consoleproxy.url.domain (per zone from 4.22.0.0) and secstorage.ssl.cert.domain; with " +
		"secstorage.encrypt.copy=true and an empty secstorage.ssl.cert.domain, extract and upload URLs " +
		"fall back to <ip>.realhostip.com (UploadMonitorImpl.generateCopyUrl). The legacy row " +
		"secstorage.secure.copy.cert is only logged, never used, and is not judged.",
	Remediation: "Obtain a certificate for your own wildcard domain, upload it with uploadCustomCertificate, " +
		"set consoleproxy.url.domain (and its zone values) and secstorage.ssl.cert.domain to that domain, " +
		"delete the realhostip.com rows from the keystore table, and restart the system VMs.",
	References: []string{"CWE-321", "cloudstack-facts.md §3.2a", "server/src/main/java/com/cloud/storage/upload/UploadMonitorImpl.java (generateCopyUrl)"},
	Requires:   needSettings,
	Settings:   []string{"consoleproxy.url.domain", "secstorage.ssl.cert.domain", "secstorage.encrypt.copy"},
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		for _, name := range []string{"consoleproxy.url.domain", "secstorage.ssl.cert.domain"} {
			st, ok := s.Setting(name)
			if !ok || st.Secret != nil {
				continue
			}
			if v, _, _ := effectiveIn(s, st); realhost(v) {
				out = append(out, Result{Status: Fail, Resource: SettingRes(name), Expected: "your own domain", Actual: show(v),
					Message: name + " points at the retired realhostip.com domain"})
			}
			read, _ := readOverrides(s, name)
			for _, o := range read {
				if o.Value != nil && realhost(*o.Value) {
					out = append(out, Result{Status: Fail, Resource: OverrideRes(o), Expected: "your own domain", Actual: show(*o.Value),
						Message: fmt.Sprintf("%s for %s %s points at the retired realhostip.com domain", name, o.Scope, orText(o.ScopeName, fmt.Sprint(o.ScopeID)))})
				}
			}
		}
		if enc, ok := s.Setting("secstorage.encrypt.copy"); ok && enc.Secret == nil {
			if v, _, _ := effectiveIn(s, enc); isTrue(v) {
				if d, ok := s.Setting("secstorage.ssl.cert.domain"); ok && d.Secret == nil && strings.TrimSpace(first(effectiveIn(s, d))) == "" {
					out = append(out, Result{Status: Fail, Resource: SettingRes("secstorage.ssl.cert.domain"), Expected: "your own domain",
						Actual:  "(empty) with secstorage.encrypt.copy=true",
						Message: "secstorage.encrypt.copy is true but secstorage.ssl.cert.domain is empty: extract and upload URLs use <ip>.realhostip.com"})
				}
			}
		}
		switch a := s.Availability(snapshot.DataKeystore); a.Status {
		case snapshot.Collected:
			for _, k := range s.Keystore {
				bad := realhost(k.DomainSuffix) || realhost(k.Name)
				if k.Certificate != nil {
					bad = bad || realhost(k.Certificate.Subject) || realhost(strings.Join(k.Certificate.DNSNames, ","))
				}
				if bad {
					out = append(out, Result{Status: Fail, Resource: KeystoreRes(k), Expected: "no realhostip.com material",
						Actual: "realhostip.com", Message: "the keystore holds the publicly known realhostip.com certificate/key"})
				}
			}
		case snapshot.Failed:
			out = append(out, Result{Status: Error, Resource: GroupRes("keystore table"), Message: "keystore could not be read: " + a.Reason})
		}
		if len(out) == 0 {
			msg := "no trace of realhostip.com in settings or the keystore table"
			if a := s.Availability(snapshot.DataKeystore); a.Status != snapshot.Collected {
				msg = "no trace of realhostip.com in settings (keystore table not read: " + a.Reason + ")"
			}
			out = append(out, Result{Status: Pass, Resource: GroupRes("console and storage VM certificates"), Message: msg})
		}
		return out
	},
}

// first returns the first of effectiveIn's results.
func first(v string, _ bool, _ string) string { return v }

// NearExpiry is how far ahead certificate expiry is reported.
const NearExpiry = 30 * 24 * time.Hour

func rootCA(s *snapshot.Snapshot) (*snapshot.Certificate, []Result) {
	subj := SettingRes("ca.plugin.root.ca.certificate")
	ca := s.RootCA
	switch {
	case ca == nil || !ca.Stored.Present:
		return nil, []Result{{Status: Skip, Resource: subj, Message: "not applicable: no Root CA certificate is stored (CA framework unused or not initialised)"}}
	case ca.Certificate != nil:
		return ca.Certificate, nil
	case ca.Stored.Encoding == snapshot.Encrypted:
		return nil, []Result{{Status: Manual, Resource: subj, Actual: "encrypted",
			Message: "the Root CA certificate is stored encrypted; check it with `cmk list cacertificate` or decrypt it with the database key"}}
	default:
		why := ca.ParseError
		if why == "" {
			why = "stored as " + string(ca.Stored.Encoding) + " but no certificate could be read from it (" + ca.Stored.Evidence + ")"
		}
		return nil, []Result{{Status: Error, Resource: subj, Message: "the Root CA certificate could not be parsed: " + why}}
	}
}

// RootCAExpiry flags an expired or expiring Root CA.
var RootCAExpiry = &Check{
	ID:       "CS-PKI-003",
	Title:    "Root CA certificate expired or about to expire",
	Severity: High,
	Threat:   []string{"TM §5a", "TM §10.1"},
	Rationale: "The CA framework's Root CA signs the certificates of agents, system VMs and management " +
		"servers on ports 8250 and 9090. Once it expires new certificates cannot be trusted and " +
		"operators are pushed to relax strictness or accept expired certificates.",
	Remediation: "Plan a Root CA rotation: generate a new Root CA (clear the ca.plugin.root.* rows and " +
		"restart per the CA framework guide, or configure your own CA), then re-provision host " +
		"certificates with provisionCertificate.",
	References: []string{"plugins/ca/root-ca RootCAProvider.java", "CWE-298"},
	Requires:   []snapshot.Dataset{snapshot.DataRootCA},
	Since:      "4.11.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		cert, rs := rootCA(s)
		if cert == nil {
			return rs
		}
		r := Result{Resource: Resource{Kind: KindCertificate, Name: "Root CA", Label: cert.Subject}, Expected: "valid for more than 30 days",
			Actual: "not after " + cert.NotAfter.Format(time.DateOnly)}
		at := s.CollectedAt
		switch {
		case at.After(cert.NotAfter):
			r.Status, r.Message = Fail, fmt.Sprintf("the Root CA expired on %s", cert.NotAfter.Format(time.DateOnly))
		case cert.NotAfter.Sub(at) < NearExpiry:
			r.Status, r.Message = Fail, fmt.Sprintf("the Root CA expires in %d days (%s)", int(cert.NotAfter.Sub(at).Hours()/24), cert.NotAfter.Format(time.DateOnly))
		case at.Before(cert.NotBefore):
			r.Status, r.Message = Fail, "the Root CA is not yet valid (clock or certificate wrong)"
		default:
			r.Status, r.Message = Pass, fmt.Sprintf("valid until %s", cert.NotAfter.Format(time.DateOnly))
		}
		return []Result{r}
	},
}

// RootCAWeak flags a weak Root CA key or signature.
var RootCAWeak = &Check{
	ID:       "CS-PKI-004",
	Title:    "Root CA uses a weak key or signature algorithm",
	Severity: Medium,
	Threat:   []string{"TM §5a", "TM §10.1"},
	Rationale: "A Root CA key below 2048 bits (RSA) or 256 bits (EC), or a SHA-1/MD5 signature, can be " +
		"forged or factored with affordable effort; whoever does can mint agent and peer certificates.",
	Remediation: "Set ca.framework.cert.keysize to 2048 or more (the Root CA uses twice that) and " +
		"ca.framework.cert.signature.algorithm=SHA256withRSA, then rotate the Root CA.",
	References: []string{"CWE-326", "CWE-327"},
	Requires:   []snapshot.Dataset{snapshot.DataRootCA},
	Since:      "4.11.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		cert, rs := rootCA(s)
		if cert == nil {
			return rs
		}
		r := Result{Resource: Resource{Kind: KindCertificate, Name: "Root CA", Label: cert.Subject}, Expected: "RSA ≥ 2048 or EC ≥ 256, SHA-256 or better",
			Actual: fmt.Sprintf("%s %d bits, %s", cert.KeyAlgorithm, cert.KeyBits, cert.SignatureAlgorithm)}
		var why []string
		switch cert.KeyAlgorithm {
		case "RSA", "DSA":
			if cert.KeyBits < 2048 {
				why = append(why, fmt.Sprintf("%d-bit %s key", cert.KeyBits, cert.KeyAlgorithm))
			}
		case "ECDSA":
			if cert.KeyBits < 256 {
				why = append(why, fmt.Sprintf("%d-bit EC key", cert.KeyBits))
			}
		}
		if sa := strings.ToUpper(cert.SignatureAlgorithm); strings.Contains(sa, "SHA1") || strings.Contains(sa, "MD5") || strings.Contains(sa, "MD2") {
			why = append(why, cert.SignatureAlgorithm+" signature")
		}
		if len(why) > 0 {
			r.Status, r.Message = Fail, "the Root CA is weak: "+strings.Join(why, ", ")
		} else {
			r.Status, r.Message = Pass, "Root CA key and signature are strong"
		}
		return []Result{r}
	},
}

// Strictness flags agent/peer client certificates not required.
var Strictness = &Check{
	ID:       "CS-PKI-005",
	Title:    "Agent and peer connections do not require a CA-signed client certificate",
	Severity: High,
	Threat:   []string{"TM §10.1", "TM §11.1", "TM §11.9", "TM §11a.1", "PR Q12"},
	Rationale: "With ca.plugin.root.auth.strictness=false the management server asks for but does not " +
		"require a Root-CA-signed client certificate on the agent port 8250 (and peer links), so any " +
		"host that reaches it can register as an agent or peer. New installs are strict; upgrades " +
		"from releases before the CA framework keep false until the operator switches it (PR Q12). " +
		"This is an operator finding (TM §11a.1), not a product flaw.",
	Remediation: "Secure every host first (provisionCertificate for each KVM host and system VM, check " +
		"that listHosts shows them secured), then set ca.plugin.root.auth.strictness=true and restart " +
		"the management servers.",
	References: []string{"plugins/ca/root-ca RootCAProvider.java (createSSLEngine)", "CWE-295"},
	Requires:   []snapshot.Dataset{snapshot.DataSettings, snapshot.DataMgmtServers},
	Settings:   []string{"ca.plugin.root.auth.strictness"},
	Since:      "4.11.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		live := 0
		for _, m := range s.ManagementServers {
			if !m.Removed && strings.EqualFold(m.State, "Up") {
				live++
			}
		}
		msg := "client certificates are not required on the agent port: any host that reaches 8250 can register as an agent"
		if live > 1 {
			msg += fmt.Sprintf("; with %d live management servers a certificate-less host can also join as a peer (TM §11.9)", live)
		}
		return boolRule("ca.plugin.root.auth.strictness", true, "false", msg, false).eval(s)
	},
}

// ExpiredCerts flags expired client certificates accepted.
var ExpiredCerts = &Check{
	ID:       "CS-PKI-006",
	Title:    "Expired agent certificates accepted",
	Severity: Info,
	Threat:   []string{"TM §10.1", "TM §11a.7", "PR Q12"},
	Rationale: "ca.plugin.root.allow.expired.cert=true (the default, kept on purpose for rotation lag) " +
		"lets certificates past their validity keep working. The maintainers call tightening it " +
		"hardening (TM §11a.7); it is reported for information only.",
	Remediation: "Once certificate auto-renewal is reliable (ca.framework.cert.automatic.renewal=true), " +
		"set ca.plugin.root.allow.expired.cert=false.",
	References: []string{"plugins/ca/root-ca RootCAProvider.java (rootCAAllowExpiredCert)"},
	Requires:   needSettings,
	Settings:   []string{"ca.plugin.root.allow.expired.cert"},
	Since:      "4.11.0.0",
	Eval: boolRule("ca.plugin.root.allow.expired.cert", false, "true",
		"expired agent and peer certificates are still accepted", false).eval,
}

// ConsoleTLS flags the console proxy without TLS.
var ConsoleTLS = &Check{
	ID:       "CS-CONS-001",
	Title:    "Console proxy serves consoles without TLS",
	Severity: Medium,
	Threat:   []string{"TM §10.14", "TM §10.4"},
	Rationale: "Console URLs carry a bearer token and the console stream carries everything typed, " +
		"passwords included. An empty consoleproxy.url.domain always means plain HTTP/WS consoles " +
		"(\"Empty console proxy domain, explicitly disabling SSL\"). From 4.1.0 to 4.11.0.0 " +
		"consoleproxy.sslEnabled is ignored (TLS iff the domain is set); before and from 4.11.1.0 both are needed; " +
		"from 4.22.0.0 both are zone-scoped and combined per zone (ConsoleProxyManagerImpl.isSslEnabled), " +
		"before that zone rows are never read.",
	Remediation: "Upload a wildcard certificate for your console domain (uploadCustomCertificate), set " +
		"consoleproxy.url.domain=*.console.example.com and consoleproxy.sslEnabled=true (globally and, " +
		"from 4.22.0.0, in every zone that overrides either), then restart the console proxy VMs.",
	References: []string{"server/src/main/java/com/cloud/consoleproxy/ConsoleProxyManager.java (ConsoleProxySslEnabled, ConsoleProxyUrlDomain)", "CWE-319"},
	Requires:   []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings:   []string{"consoleproxy.sslEnabled", "consoleproxy.url.domain"},
	Eval: func(s *snapshot.Snapshot) []Result {
		const sslName, domName = "consoleproxy.sslEnabled", "consoleproxy.url.domain"
		dom, ok := s.Setting(domName)
		if !ok {
			return []Result{missingSetting(s, domName)}
		}
		if dom.Secret != nil {
			return []Result{{Status: Error, Resource: SettingRes(domName), Message: "setting is stored as a secret; its value cannot be judged"}}
		}
		domV, _, _ := effectiveIn(s, dom)
		sslKnown, sslV := false, ""
		if st, ok := s.Setting(sslName); ok && st.Secret == nil {
			sslKnown = true
			sslV, _, _ = effectiveIn(s, st)
		}
		// 4.1.0–4.11.0.0: _sslEnabled starts true (commit 17a94b20, 2013-01-17, to
		// ConsoleProxyManagerImpl.java:232@4.11.0.0) and the setting can only set it true;
		// 2.x–4.0 start false and honour it, as 4.11.1.0+ do.
		ignoresSSL := inRanges(s, "4.1.0", "4.11.0.0")
		judge := func(ssl, domain string) (Status, string) {
			switch {
			case strings.TrimSpace(domain) == "":
				return Fail, "consoleproxy.url.domain is empty, so CloudStack disables console TLS: console sessions and their access tokens travel over plain HTTP"
			case !ignoresSSL && !isTrue(ssl):
				return Fail, "consoleproxy.sslEnabled is not true: console sessions and their access tokens travel over plain HTTP"
			}
			return Pass, "console sessions use TLS with " + show(domain)
		}
		expected := "consoleproxy.sslEnabled=true and consoleproxy.url.domain set"
		if ignoresSSL {
			expected = "consoleproxy.url.domain set (" + releaseName(s) + " ignores consoleproxy.sslEnabled)"
		} else if !sslKnown {
			return []Result{missingSetting(s, sslName)}
		}
		g := Result{Resource: SettingRes(sslName), Expected: expected, Actual: fmt.Sprintf("sslEnabled=%s url.domain=%s", show(sslV), show(domV))}
		if ignoresSSL {
			g.Resource = SettingRes(domName)
			g.Actual = "url.domain=" + show(domV)
		}
		g.Status, g.Message = judge(sslV, domV)
		out := []Result{g}
		// Zone rows: read only where the keys are zone-scoped (4.22.0.0+).
		type zone struct {
			name     string
			ssl, dom *string
		}
		zones := map[int64]*zone{}
		var ids []int64
		for _, name := range []string{sslName, domName} {
			read, unread := readOverrides(s, name)
			out = append(out, unread...)
			for _, o := range read {
				if o.Scope != "zone" {
					continue
				}
				z := zones[o.ScopeID]
				if z == nil {
					z = &zone{name: o.ScopeName}
					zones[o.ScopeID] = z
					ids = append(ids, o.ScopeID)
				}
				if name == sslName {
					z.ssl = o.Value
				} else {
					z.dom = o.Value
				}
			}
		}
		slices.Sort(ids)
		for _, id := range ids {
			z := zones[id]
			ssl, d := sslV, domV
			if z.ssl != nil {
				ssl = *z.ssl
			}
			if z.dom != nil {
				d = *z.dom
			}
			r := Result{Resource: Resource{Kind: KindSetting, Name: sslName, Scope: "zone", ScopeID: id, ScopeName: z.name},
				Expected: expected, Actual: fmt.Sprintf("sslEnabled=%s url.domain=%s", show(ssl), show(d))}
			r.Status, r.Message = judge(ssl, d)
			r.Message = "zone " + orText(z.name, fmt.Sprint(id)) + ": " + r.Message
			out = append(out, r)
		}
		return out
	},
}

// SecureCookie flags the session cookie without the Secure flag.
var SecureCookie = &Check{
	ID:       "CS-SESS-001",
	Title:    "Session cookie not marked Secure",
	Severity: Low,
	Threat:   []string{"TM §10.4", "PR Q32"},
	Rationale: "With enable.secure.session.cookie=false the UI session cookie lacks the Secure flag, so " +
		"a browser sends it over plain HTTP too (e.g. one http:// link), where it can be captured and " +
		"replayed. Production should serve the UI over TLS only (PR Q32).",
	Remediation: "Serve the UI over HTTPS only and set enable.secure.session.cookie=true; restart the " +
		"management servers.",
	References: []string{"server/src/main/java/com/cloud/api/ApiServer.java (EnableSecureSessionCookie)", "CWE-614"},
	Requires:   needSettings,
	Settings:   []string{"enable.secure.session.cookie"},
	Eval: boolRule("enable.secure.session.cookie", true, "false",
		"the session cookie can be sent over plain HTTP", false).eval,
}
