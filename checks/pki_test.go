package checks_test

import (
	"testing"
	"time"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

const (
	subjKeystore1   = "keystore row 1 (CPVMCertificate, *.cs.skylark-hosting.net)"
	subjNoRealhost  = "console and storage VM certificates"
	subjRootCA      = "Root CA CN=ca.cloudstack.apache.org"
	subjRootCASet   = "setting ca.plugin.root.ca.certificate"
	subjStrict      = "setting ca.plugin.root.auth.strictness"
	subjExpired     = "setting ca.plugin.root.allow.expired.cert"
	subjConsole     = "setting consoleproxy.sslEnabled"
	subjConsoleDom  = "setting consoleproxy.url.domain"
	subjConsoleBgo  = `setting consoleproxy.sslEnabled for zone "bgo1" (id 2)`
	subjConsoleOsl  = `setting consoleproxy.sslEnabled for zone "osl1" (id 1)`
	subjCookie      = "setting enable.secure.session.cookie"
	subjKeystoreTbl = "keystore table"
)

// rootCAValidFor sets the Root CA to expire d after the collection time.
func rootCAValidFor(d time.Duration) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { s.RootCA.Certificate.NotAfter = s.CollectedAt.Add(d) }
}

func rootCACert(f func(*snapshot.Certificate)) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { f(s.RootCA.Certificate) }
}

// rootCAEncrypted is what the collector records when the certificate row is
// ciphertext: facts about the stored value, no certificate.
func rootCAEncrypted(s *snapshot.Snapshot) {
	s.RootCA = &snapshot.RootCA{Stored: snapshot.SecretFacts{Present: true, Encoding: snapshot.Encrypted,
		Evidence: "shape of CloudStack V2 (AES-GCM) ciphertext; not decrypted", Length: 2536}}
}

func keystoreKey(id int64, f snapshot.SecretFacts) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		for i := range s.Keystore {
			if s.Keystore[i].ID == id {
				s.Keystore[i].Key = f
				return
			}
		}
		panic("no keystore row")
	}
}

var realhostRow = snapshot.KeystoreEntry{ID: 3, Name: "CPVMCertificate", DomainSuffix: "realhostip.com",
	Certificate: &snapshot.Certificate{Subject: "CN=*.realhostip.com,OU=Domain Control Validated", Issuer: "CN=Go Daddy Secure Certification Authority",
		DNSNames: []string{"*.realhostip.com"}, KeyAlgorithm: "RSA", KeyBits: 2048, SignatureAlgorithm: "SHA1-RSA"},
	Key: snapshot.SecretFacts{Present: true, Encoding: snapshot.Encrypted, Evidence: "shape of CloudStack V1 (Jasypt) ciphertext; not decrypted", Length: 1752}}

var pkiCases = []checkCase{
	// CS-PKI-001 keystore private keys
	{ID: "CS-PKI-001", Name: "hardened", Exact: true, Want: []expect{pass(subjKeystore1, "the private key is encrypted (shape of CloudStack V2")}},
	{ID: "CS-PKI-001", Name: "key in the clear", Mutate: keystoreKey(1, snapshot.SecretFacts{Present: true, Encoding: snapshot.Plaintext, Evidence: "PEM PRIVATE KEY in the clear", Length: 1704}),
		Want: []expect{fail(subjKeystore1, "the private key is stored in the clear (PEM PRIVATE KEY in the clear)")}},
	{ID: "CS-PKI-001", Name: "undecidable", Mutate: keystoreKey(1, unknownFacts),
		Want: []expect{manual(subjKeystore1, "cannot tell whether the private key is encrypted")}},
	{ID: "CS-PKI-001", Name: "row without domain suffix",
		Mutate: func(s *snapshot.Snapshot) { s.Keystore[0].DomainSuffix = ""; s.Keystore[0].Key = plainFacts },
		Want:   []expect{fail("keystore row 1 (CPVMCertificate)", "stored in the clear")}},
	{ID: "CS-PKI-001", Name: "empty keystore", Mutate: func(s *snapshot.Snapshot) { s.Keystore = nil }, Exact: true,
		Want: []expect{pass(subjKeystoreTbl, "no private key is stored in the keystore table")}},

	// CS-PKI-002 realhostip.com
	{ID: "CS-PKI-002", Name: "hardened", Exact: true, Want: []expect{pass(subjNoRealhost, "no trace of realhostip.com")}},
	{ID: "CS-PKI-002", Name: "console domain", Mutate: set("consoleproxy.url.domain", "*.realhostip.com"),
		Want: []expect{fail("setting consoleproxy.url.domain", "consoleproxy.url.domain points at the retired realhostip.com domain")}},
	{ID: "CS-PKI-002", Name: "storage domain, upper case", Mutate: set("secstorage.ssl.cert.domain", "REALHOSTIP.COM"),
		Want: []expect{fail("setting secstorage.ssl.cert.domain", "retired realhostip.com domain")}},
	{ID: "CS-PKI-002", Name: "keystore row", Mutate: func(s *snapshot.Snapshot) { s.Keystore = append(s.Keystore, realhostRow) },
		Want: []expect{fail("keystore row 3 (CPVMCertificate, realhostip.com)", "the keystore holds the publicly known realhostip.com certificate/key")}},
	{ID: "CS-PKI-002", Name: "certificate names only",
		Mutate: func(s *snapshot.Snapshot) {
			r := realhostRow
			r.DomainSuffix = ""
			s.Keystore = append(s.Keystore, r)
		},
		Want: []expect{fail("keystore row 3 (CPVMCertificate)", "realhostip.com certificate/key")}},
	{ID: "CS-PKI-002", Name: "keystore unreadable", Mutate: dataset(snapshot.DataKeystore, snapshot.Failed, "reading table keystore: Error 1142"),
		Want: []expect{errorf(subjKeystoreTbl, "keystore could not be read: reading table keystore: Error 1142")}},
	// secstorage.secure.copy.cert is never read by CloudStack (UploadMonitorImpl only logs it; r1 §2.8).
	{ID: "CS-PKI-002", Name: "legacy secure.copy.cert row is not judged", Exact: true,
		Mutate: func(s *snapshot.Snapshot) {
			v := "realhostip"
			s.Settings = append(s.Settings, snapshot.Setting{Name: "secstorage.secure.copy.cert", Category: "Hidden", Value: &v})
		},
		Want: []expect{pass(subjNoRealhost, "no trace of realhostip.com")}},
	{ID: "CS-PKI-002", Name: "encrypt.copy without a storage domain falls back to realhostip.com",
		Mutate: set("secstorage.ssl.cert.domain", ""),
		Want:   []expect{fail("setting secstorage.ssl.cert.domain", "extract and upload URLs use <ip>.realhostip.com")}},
	{ID: "CS-PKI-002", Name: "no storage domain, copy encryption off", Exact: true,
		Mutate: all(set("secstorage.ssl.cert.domain", ""), set("secstorage.encrypt.copy", "false")),
		Want:   []expect{pass(subjNoRealhost, "no trace")}},
	{ID: "CS-PKI-002", Name: "zone console domain realhostip.com under a clean global (4.22+)",
		Mutate: override("zone", 2, "bgo1", "consoleproxy.url.domain", "*.realhostip.com"),
		Want:   []expect{fail(`setting consoleproxy.url.domain for zone "bgo1" (id 2)`, "for zone bgo1 points at the retired realhostip.com domain")}},
	{ID: "CS-PKI-002", Name: "zone console domain before 4.22 is never read", Exact: true,
		Mutate: all(version("4.20.1.0"), scope("consoleproxy.url.domain", "Global"), override("zone", 2, "bgo1", "consoleproxy.url.domain", "*.realhostip.com")),
		Want:   []expect{pass(subjNoRealhost, "no trace")}},
	{ID: "CS-PKI-002", Name: "settings absent", Mutate: all(drop("consoleproxy.url.domain"), drop("secstorage.ssl.cert.domain")),
		Want: []expect{pass(subjNoRealhost, "no trace of realhostip.com")}},

	// CS-PKI-003 Root CA expiry, judged at collected_at
	{ID: "CS-PKI-003", Name: "hardened", Exact: true, Want: []expect{pass(subjRootCA, "valid until 2031-03-02")}},
	{ID: "CS-PKI-003", Name: "expires in 29 days", Mutate: rootCAValidFor(29 * 24 * time.Hour),
		Want: []expect{fail(subjRootCA, "the Root CA expires in 29 days (2026-12-22)")}},
	{ID: "CS-PKI-003", Name: "expires in 31 days", Mutate: rootCAValidFor(31 * 24 * time.Hour),
		Want: []expect{pass(subjRootCA, "valid until 2026-12-24")}},
	{ID: "CS-PKI-003", Name: "expires in exactly 30 days", Mutate: rootCAValidFor(30 * 24 * time.Hour),
		Want: []expect{pass(subjRootCA, "valid until 2026-12-23")}},
	{ID: "CS-PKI-003", Name: "expired", Mutate: rootCAValidFor(-24 * time.Hour),
		Want: []expect{fail(subjRootCA, "the Root CA expired on 2026-11-22")}},
	{ID: "CS-PKI-003", Name: "judged at collection time, not now", Mutate: at("2031-02-20"),
		Want: []expect{fail(subjRootCA, "the Root CA expires in 9 days (2031-03-02)")}},
	{ID: "CS-PKI-003", Name: "audit long ago", Mutate: at("2021-06-01"),
		Want: []expect{pass(subjRootCA, "valid until 2031-03-02")}},
	{ID: "CS-PKI-003", Name: "not yet valid", Mutate: at("2021-03-01"),
		Want: []expect{fail(subjRootCA, "the Root CA is not yet valid")}},
	{ID: "CS-PKI-003", Name: "encrypted certificate", Mutate: rootCAEncrypted,
		Want: []expect{manual(subjRootCASet, "the Root CA certificate is stored encrypted")}},
	{ID: "CS-PKI-003", Name: "no Root CA", Mutate: func(s *snapshot.Snapshot) { s.RootCA = nil },
		Want: []expect{skip(subjRootCASet, "not applicable: no Root CA certificate is stored")}},
	{ID: "CS-PKI-003", Name: "empty Root CA row", Mutate: func(s *snapshot.Snapshot) { s.RootCA = &snapshot.RootCA{Stored: emptyFacts} },
		Want: []expect{skip(subjRootCASet, "no Root CA certificate is stored")}},
	{ID: "CS-PKI-003", Name: "unparseable certificate",
		Mutate: func(s *snapshot.Snapshot) {
			s.RootCA.Certificate, s.RootCA.ParseError = nil, "x509: malformed certificate"
		},
		Want: []expect{errorf(subjRootCASet, "the Root CA certificate could not be parsed: x509: malformed certificate")}},
	{ID: "CS-PKI-003", Name: "4.10 predates the CA framework", Mutate: version("4.10.0.0"),
		Want: []expect{skip("check CS-PKI-003", "predates 4.11.0.0")}},

	// CS-PKI-004 Root CA strength
	{ID: "CS-PKI-004", Name: "hardened", Exact: true, Want: []expect{pass(subjRootCA, "Root CA key and signature are strong")}},
	{ID: "CS-PKI-004", Name: "1024-bit RSA", Mutate: rootCACert(func(c *snapshot.Certificate) { c.KeyBits = 1024 }),
		Want: []expect{fail(subjRootCA, "the Root CA is weak: 1024-bit RSA key")}},
	{ID: "CS-PKI-004", Name: "2048-bit RSA is enough", Mutate: rootCACert(func(c *snapshot.Certificate) { c.KeyBits = 2048 }),
		Want: []expect{pass(subjRootCA, "strong")}},
	{ID: "CS-PKI-004", Name: "SHA-1 signature", Mutate: rootCACert(func(c *snapshot.Certificate) { c.SignatureAlgorithm = "SHA1-RSA" }),
		Want: []expect{fail(subjRootCA, "the Root CA is weak: SHA1-RSA signature")}},
	{ID: "CS-PKI-004", Name: "MD5 signature", Mutate: rootCACert(func(c *snapshot.Certificate) { c.SignatureAlgorithm = "MD5-RSA" }),
		Want: []expect{fail(subjRootCA, "MD5-RSA signature")}},
	{ID: "CS-PKI-004", Name: "weak key and signature",
		Mutate: rootCACert(func(c *snapshot.Certificate) { c.KeyBits, c.SignatureAlgorithm = 1024, "SHA1-RSA" }),
		Want:   []expect{fail(subjRootCA, "the Root CA is weak: 1024-bit RSA key, SHA1-RSA signature")}},
	{ID: "CS-PKI-004", Name: "P-256 ECDSA",
		Mutate: rootCACert(func(c *snapshot.Certificate) {
			c.KeyAlgorithm, c.KeyBits, c.SignatureAlgorithm = "ECDSA", 256, "ECDSA-SHA256"
		}),
		Want: []expect{pass(subjRootCA, "strong")}},
	{ID: "CS-PKI-004", Name: "P-224 ECDSA",
		Mutate: rootCACert(func(c *snapshot.Certificate) {
			c.KeyAlgorithm, c.KeyBits, c.SignatureAlgorithm = "ECDSA", 224, "ECDSA-SHA256"
		}),
		Want: []expect{fail(subjRootCA, "the Root CA is weak: 224-bit EC key")}},
	{ID: "CS-PKI-004", Name: "encrypted certificate", Mutate: rootCAEncrypted,
		Want: []expect{manual(subjRootCASet, "stored encrypted")}},
	{ID: "CS-PKI-004", Name: "no Root CA", Mutate: func(s *snapshot.Snapshot) { s.RootCA = nil },
		Want: []expect{skip(subjRootCASet, "no Root CA certificate is stored")}},

	// CS-PKI-005 strictness
	{ID: "CS-PKI-005", Name: "hardened", Exact: true, Want: []expect{pass(subjStrict, "ca.plugin.root.auth.strictness is true")}},
	{ID: "CS-PKI-005", Name: "not strict, two live management servers", Mutate: set("ca.plugin.root.auth.strictness", "false"),
		Want: []expect{fail(subjStrict, "client certificates are not required on the agent port: any host that reaches 8250 can register as an agent; with 2 live management servers a certificate-less host can also join as a peer")}},
	{ID: "CS-PKI-005", Name: "not strict, one server up",
		Mutate: all(set("ca.plugin.root.auth.strictness", "false"), func(s *snapshot.Snapshot) { s.ManagementServers[1].State = "Down" }),
		Want:   []expect{fail(subjStrict, "any host that reaches 8250 can register as an agent").without("peer")}},
	{ID: "CS-PKI-005", Name: "not strict, second server removed",
		Mutate: all(set("ca.plugin.root.auth.strictness", "false"), func(s *snapshot.Snapshot) { s.ManagementServers[1].Removed = true }),
		Want:   []expect{fail(subjStrict, "register as an agent").without("peer")}},
	{ID: "CS-PKI-005", Name: "default is not strict", Mutate: nullBoth("ca.plugin.root.auth.strictness"),
		Want: []expect{fail(subjStrict, "client certificates are not required")}},
	{ID: "CS-PKI-005", Name: "setting absent", Mutate: drop("ca.plugin.root.auth.strictness"),
		Want: []expect{skip(subjStrict, "has no setting ca.plugin.root.auth.strictness")}},

	// CS-PKI-006 expired certificates
	{ID: "CS-PKI-006", Name: "hardened", Exact: true, Want: []expect{pass(subjExpired, "ca.plugin.root.allow.expired.cert is false")}},
	{ID: "CS-PKI-006", Name: "allowed", Mutate: set("ca.plugin.root.allow.expired.cert", "true"),
		Want: []expect{fail(subjExpired, "expired agent and peer certificates are still accepted")}},
	{ID: "CS-PKI-006", Name: "default allows", Mutate: nullBoth("ca.plugin.root.allow.expired.cert"),
		Want: []expect{fail(subjExpired, "still accepted")}},
	{ID: "CS-PKI-006", Name: "setting absent", Mutate: drop("ca.plugin.root.allow.expired.cert"),
		Want: []expect{skip(subjExpired, "has no setting ca.plugin.root.allow.expired.cert")}},
}

var consoleCases = []checkCase{
	// CS-CONS-001 console proxy TLS (+ zone overrides)
	{ID: "CS-CONS-001", Name: "hardened", Exact: true, Want: []expect{
		pass(subjConsole, "console sessions use TLS"),
		pass(subjConsoleOsl, "zone osl1: console sessions use TLS"),
		pass(subjConsoleBgo, "zone bgo1: console sessions use TLS"),
	}},
	{ID: "CS-CONS-001", Name: "zone override turns TLS off though global is on",
		Mutate: override("zone", 2, "bgo1", "consoleproxy.sslEnabled", "false"),
		Want: []expect{
			pass(subjConsole, "console sessions use TLS"),
			fail(subjConsoleBgo, "console sessions and their access tokens travel over plain HTTP"),
		}},
	{ID: "CS-CONS-001", Name: "global off", Mutate: set("consoleproxy.sslEnabled", "false"),
		Want: []expect{fail(subjConsole, "travel over plain HTTP")}},
	{ID: "CS-CONS-001", Name: "default off", Mutate: nullBoth("consoleproxy.sslEnabled"),
		Want: []expect{fail(subjConsole, "plain HTTP")}},
	{ID: "CS-CONS-001", Name: "TLS on without console domain", Mutate: set("consoleproxy.url.domain", ""),
		Want: []expect{fail(subjConsole, "consoleproxy.url.domain is empty, so CloudStack disables console TLS"),
			fail(subjConsoleOsl, "zone osl1: consoleproxy.url.domain is empty"), fail(subjConsoleBgo, "zone bgo1: consoleproxy.url.domain is empty")}},
	{ID: "CS-CONS-001", Name: "console domain NULL", Mutate: nullBoth("consoleproxy.url.domain"),
		Want: []expect{fail(subjConsole, "consoleproxy.url.domain is empty"),
			fail(subjConsoleOsl, "consoleproxy.url.domain is empty"), fail(subjConsoleBgo, "consoleproxy.url.domain is empty")}},
	// 4.22.0.0+: url.domain is zone-scoped; an empty zone value turns that zone's TLS off (r1 §2.13).
	{ID: "CS-CONS-001", Name: "zone with an empty console domain",
		Mutate: override("zone", 2, "bgo1", "consoleproxy.url.domain", ""),
		Want: []expect{pass(subjConsole, "console sessions use TLS"), pass(subjConsoleOsl, "TLS"),
			fail(subjConsoleBgo, "zone bgo1: consoleproxy.url.domain is empty")}},
	// ≤4.11.0.0 ignores sslEnabled: an empty domain means plain HTTP even with no sslEnabled row.
	{ID: "CS-CONS-001", Name: "4.11.0.0 ignores sslEnabled: empty domain is plain HTTP",
		Mutate: all(version("4.11.0.0"), drop("consoleproxy.sslEnabled"), set("consoleproxy.url.domain", "")),
		Want: []expect{fail(subjConsoleDom, "consoleproxy.url.domain is empty"),
			skip(subjConsoleOsl, "never reads this row"), skip(subjConsoleBgo, "never reads this row")}},
	{ID: "CS-CONS-001", Name: "4.11.0.0 with a domain is TLS whatever sslEnabled says",
		Mutate: all(version("4.11.0.0"), set("consoleproxy.sslEnabled", "false")),
		Want: []expect{pass(subjConsoleDom, "console sessions use TLS"),
			skip(subjConsoleOsl, "never reads this row"), skip(subjConsoleBgo, "never reads this row")}},
	// Before 4.22.0.0 zone rows are never read: a zone "false" must not fail.
	{ID: "CS-CONS-001", Name: "4.20: zone rows are not read",
		Mutate: all(version("4.20.1.0"), scope("consoleproxy.sslEnabled", "Global"), scope("consoleproxy.url.domain", "Global"),
			override("zone", 2, "bgo1", "consoleproxy.sslEnabled", "false")),
		Want: []expect{pass(subjConsole, "TLS"), skip(subjConsoleBgo, "never reads this row"), skip(subjConsoleOsl, "never reads this row")}},
	{ID: "CS-CONS-001", Name: "override with NULL value",
		Mutate: func(s *snapshot.Snapshot) {
			for i := range s.ScopedSettings {
				if o := &s.ScopedSettings[i]; o.Name == "consoleproxy.sslEnabled" && o.ScopeID == 1 {
					o.Value = nil
				}
			}
		},
		// A NULL zone row falls back to the global value (ConfigKey.valueIn).
		Want: []expect{pass(subjConsoleOsl, "zone osl1: console sessions use TLS")}},
	{ID: "CS-CONS-001", Name: "setting absent", Mutate: drop("consoleproxy.sslEnabled"),
		Want: []expect{skip(subjConsole, "has no setting consoleproxy.sslEnabled")}},

	// CS-SESS-001 secure session cookie
	{ID: "CS-SESS-001", Name: "hardened", Exact: true, Want: []expect{pass(subjCookie, "enable.secure.session.cookie is true")}},
	{ID: "CS-SESS-001", Name: "off", Mutate: set("enable.secure.session.cookie", "false"),
		Want: []expect{fail(subjCookie, "the session cookie can be sent over plain HTTP")}},
	{ID: "CS-SESS-001", Name: "default off", Mutate: nullBoth("enable.secure.session.cookie"),
		Want: []expect{fail(subjCookie, "plain HTTP")}},
	{ID: "CS-SESS-001", Name: "setting absent", Mutate: drop("enable.secure.session.cookie"),
		Want: []expect{skip(subjCookie, "has no setting enable.secure.session.cookie")}},
}

func TestPKIChecks(t *testing.T)     { runCases(t, pkiCases) }
func TestConsoleChecks(t *testing.T) { runCases(t, consoleCases) }
