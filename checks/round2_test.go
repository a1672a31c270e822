package checks_test

import (
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Tables for the second-round database checks (vm.go, auth_policy.go,
// api_more.go, crypt_columns.go, pki_ca.go, lim.go, tpl.go, stor.go, net.go,
// ver_agents.go).

const subjOak = `for domain "/Partners/Oakridge/" (id 3)`

func hostSecured(id int64, v string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		for i := range s.HostSecured {
			if s.HostSecured[i].HostID == id {
				s.HostSecured[i].Value = &v
				return
			}
		}
		panic("fixture has no secured row for host")
	}
}

func dropHostSecured(id int64) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		var keep []snapshot.HostSecured
		for _, h := range s.HostSecured {
			if h.HostID != id {
				keep = append(keep, h)
			}
		}
		s.HostSecured = keep
	}
}

func userSec(id int64, f func(*snapshot.UserSecurity)) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		for i := range s.UserSecurity {
			if s.UserSecurity[i].UserID == id {
				f(&s.UserSecurity[i])
				return
			}
		}
		panic("fixture has no user_security row")
	}
}

func credKind(kind string, f func(*snapshot.StoredCredential)) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		for i := range s.Credentials {
			if s.Credentials[i].Kind == kind {
				f(&s.Credentials[i])
				return
			}
		}
		panic("fixture has no credential of kind " + kind)
	}
}

func plainCred(c *snapshot.StoredCredential)   { c.Secret = plainFacts }
func unknownCred(c *snapshot.StoredCredential) { c.Secret = unknownFacts }

func encryptionOff(s *snapshot.Snapshot) {
	s.DBEncryption = &snapshot.EncryptionFacts{State: snapshot.EncryptionOff, Evidence: "ssh.privatekey: PEM private key header"}
}

var round2Cases = []checkCase{
	// CS-API-007 js.interpretation.enabled
	{ID: "CS-API-007", Name: "hardened", Exact: true, Want: []expect{pass("setting js.interpretation.enabled", "interpretation is disabled")}},
	{ID: "CS-API-007", Name: "enabled", Mutate: set("js.interpretation.enabled", "true"),
		Want: []expect{fail("setting js.interpretation.enabled", "JavaScript rules are interpreted")}},
	{ID: "CS-API-007", Name: "encrypted without key", Mutate: secret("js.interpretation.enabled", encryptedFacts),
		Want: []expect{manual("setting js.interpretation.enabled", "stored encrypted")}},
	{ID: "CS-API-007", Name: "NULL means default false", Mutate: nullBoth("js.interpretation.enabled"),
		Want: []expect{pass("setting js.interpretation.enabled", "disabled")}},
	{ID: "CS-API-007", Name: "absent in 4.21.0.0", Mutate: all(version("4.21.0.0"), drop("js.interpretation.enabled")),
		Want: []expect{skip("setting js.interpretation.enabled", "CVE-2025-59302 gate")}},

	// CS-API-008 Prometheus exporter
	{ID: "CS-API-008", Name: "hardened", Exact: true, Want: []expect{pass("setting prometheus.exporter.allowed.ips", "port 9595, to 10.20.0.40")}},
	{ID: "CS-API-008", Name: "CIDR never matches", Mutate: set("prometheus.exporter.allowed.ips", "10.20.0.40,10.20.0.0/24"),
		Want: []expect{fail("setting prometheus.exporter.allowed.ips", `entries "10.20.0.0/24" never match`)}},
	{ID: "CS-API-008", Name: "blank after comma never matches", Mutate: set("prometheus.exporter.allowed.ips", "10.20.0.40, 10.20.0.41"),
		Want: []expect{fail("setting prometheus.exporter.allowed.ips", `" 10.20.0.41"`)}},
	{ID: "CS-API-008", Name: "disabled", Mutate: set("prometheus.exporter.enable", "false"), Exact: true,
		Want: []expect{pass("setting prometheus.exporter.enable", "exporter is disabled")}},

	// CS-AUTH-009 mandate 2FA
	{ID: "CS-AUTH-009", Name: "hardened", Exact: true, Want: []expect{pass("setting mandate.user.2fa", "mandatory"),
		pass("setting mandate.user.2fa "+subjOak, "mandatory")}},
	{ID: "CS-AUTH-009", Name: "optional globally", Mutate: set("mandate.user.2fa", "false"),
		Want: []expect{fail("setting mandate.user.2fa", "available but optional"), fail("setting mandate.user.2fa "+subjOak, "optional")}},
	{ID: "CS-AUTH-009", Name: "domain override mandates", Mutate: all(set("mandate.user.2fa", "false"), override("domain", 3, "/Partners/Oakridge/", "mandate.user.2fa", "true")),
		Want: []expect{fail("setting mandate.user.2fa", "optional"), pass("setting mandate.user.2fa "+subjOak, "mandatory")}},
	{ID: "CS-AUTH-009", Name: "2FA off everywhere", Mutate: all(set("enable.user.2fa", "false"), dropOverride("domain", 3, "enable.user.2fa")),
		Want: []expect{skip("setting mandate.user.2fa", "not enabled anywhere")}},

	// CS-AUTH-010 admins without 2FA
	{ID: "CS-AUTH-010", Name: "hardened", Exact: true, Want: []expect{pass("admin accounts", "has enrolled")}},
	{ID: "CS-AUTH-010", Name: "domain admin not enrolled", Mutate: userSec(11, func(u *snapshot.UserSecurity) { f := false; u.TwoFactorEnabled = &f }),
		Want: []expect{fail(subjOakAdmin, "has not enrolled")}},
	{ID: "CS-AUTH-010", Name: "disabled admin not counted", Mutate: all(userSec(11, func(u *snapshot.UserSecurity) { f := false; u.TwoFactorEnabled = &f }),
		user(11, func(u *snapshot.User) { u.Enabled = false })), Want: []expect{pass("admin accounts", "has enrolled")}},
	{ID: "CS-AUTH-010", Name: "2FA off everywhere", Mutate: all(set("enable.user.2fa", "false"), dropOverride("domain", 3, "enable.user.2fa")),
		Want: []expect{skip("setting enable.user.2fa", "not enabled anywhere")}},

	// CS-AUTH-011 static PIN
	{ID: "CS-AUTH-011", Name: "hardened", Exact: true, Want: []expect{pass("setting user.2fa.providers.exclude", "staticpin provider is excluded")}},
	{ID: "CS-AUTH-011", Name: "default staticpin", Mutate: all(nullBoth("user.2fa.providers.exclude"), set("user.2fa.default.provider", "staticpin")),
		Want: []expect{fail("setting user.2fa.default.provider", "default to a static PIN")}},
	{ID: "CS-AUTH-011", Name: "admin uses staticpin", Mutate: all(nullBoth("user.2fa.providers.exclude"), userSec(2, func(u *snapshot.UserSecurity) { u.TwoFactorProvider = "staticpin" })),
		Want: []expect{fail(subjAdmin, "uses a static PIN"), pass("setting user.2fa.default.provider", "totp")}},

	// CS-AUTH-012 password policy
	{ID: "CS-AUTH-012", Name: "hardened", Exact: true, Want: []expect{pass("setting password.policy.minimum.length", "at least 14"),
		pass("setting password.policy.minimum.length "+subjOak, "at least 16")}},
	{ID: "CS-AUTH-012", Name: "default length", Mutate: nullBoth("password.policy.minimum.length"),
		Want: []expect{fail("setting password.policy.minimum.length", "shorter than 8 characters are accepted")}},
	{ID: "CS-AUTH-012", Name: "weak domain override", Mutate: override("domain", 3, "/Partners/Oakridge/", "password.policy.minimum.length", "6"),
		Want: []expect{fail("setting password.policy.minimum.length "+subjOak, "shorter than 8")}},
	{ID: "CS-AUTH-012", Name: "custom regex", Mutate: all(set("password.policy.minimum.length", "0"), set("password.policy.regex", "^.{12,}$")),
		Want: []expect{manual("setting password.policy.minimum.length", "regex is customised")}},

	// CS-AUTH-013 lockout
	{ID: "CS-AUTH-013", Name: "hardened", Exact: true, Want: []expect{pass("setting incorrect.login.attempts.allowed", "after 5 failed logins")}},
	{ID: "CS-AUTH-013", Name: "zero", Mutate: set("incorrect.login.attempts.allowed", "0"),
		Want: []expect{fail("setting incorrect.login.attempts.allowed", "no lockout")}},
	{ID: "CS-AUTH-013", Name: "negative", Mutate: set("incorrect.login.attempts.allowed", "-1"),
		Want: []expect{fail("setting incorrect.login.attempts.allowed", "no lockout")}},
	{ID: "CS-AUTH-013", Name: "lax", Mutate: set("incorrect.login.attempts.allowed", "50"),
		Want: []expect{pass("setting incorrect.login.attempts.allowed", "lax")}},
	{ID: "CS-AUTH-013", Name: "unparsable falls back to 5", Mutate: set("incorrect.login.attempts.allowed", "five"),
		Want: []expect{pass("setting incorrect.login.attempts.allowed", "falls back to 5")}},

	// CS-AUTH-014 dormant API keys
	{ID: "CS-AUTH-014", Name: "hardened", Exact: true, Want: []expect{pass("API keys", "no disabled or removed user")}},
	{ID: "CS-AUTH-014", Name: "disabled user with keys", Mutate: all(user(19, func(u *snapshot.User) { u.Enabled = false }),
		userSec(19, func(u *snapshot.UserSecurity) { u.HasAPIKey = true })),
		Want: []expect{fail(subjWebshop, "disabled user webshop still holds")}},
	{ID: "CS-AUTH-014", Name: "removed user with secret key only", Mutate: all(user(19, func(u *snapshot.User) { u.Removed = true }),
		userSec(19, func(u *snapshot.UserSecurity) { u.HasSecretKey = true })),
		Want: []expect{fail(subjWebshop, "removed user webshop")}},
	{ID: "CS-AUTH-014", Name: "enabled user with keys is fine", Mutate: userSec(19, func(u *snapshot.UserSecurity) { u.HasAPIKey = true }),
		Want: []expect{pass("API keys", "no disabled")}},

	// CS-AUTH-015 SAML metadata over HTTP
	{ID: "CS-AUTH-015", Name: "hardened", Exact: true, Want: []expect{pass("setting saml2.idp.metadata.url", "over HTTPS")}},
	{ID: "CS-AUTH-015", Name: "http", Mutate: set("saml2.idp.metadata.url", "http://sso.example.com/md"),
		Want: []expect{fail("setting saml2.idp.metadata.url", "fetched over plain HTTP")}},
	{ID: "CS-AUTH-015", Name: "local file", Mutate: set("saml2.idp.metadata.url", "idp-metadata.xml"),
		Want: []expect{pass("setting saml2.idp.metadata.url", "local file")}},
	{ID: "CS-AUTH-015", Name: "SAML off", Mutate: all(set("saml2.enabled", "false"), set("saml2.idp.metadata.url", "http://x/md")),
		Want: []expect{pass("setting saml2.enabled", "disabled")}},

	// CS-AUTH-016 sample IdP
	{ID: "CS-AUTH-016", Name: "hardened", Exact: true, Want: []expect{pass("setting saml2.idp.metadata.url", "SAML2 uses"), pass("setting saml2.default.idpid", "SAML2 uses")}},
	{ID: "CS-AUTH-016", Name: "default metadata url", Mutate: nullBoth("saml2.idp.metadata.url"),
		Want: []expect{fail("setting saml2.idp.metadata.url", "public sample IdP")}},
	{ID: "CS-AUTH-016", Name: "default idp id", Mutate: set("saml2.default.idpid", "https://openidp.feide.no"),
		Want: []expect{fail("setting saml2.default.idpid", "openidp.feide.no")}},

	// CS-AUTH-017 OAuth2 redirect
	{ID: "CS-AUTH-017", Name: "hardened (disabled)", Exact: true, Want: []expect{pass("setting oauth2.enabled", "disabled")}},
	{ID: "CS-AUTH-017", Name: "http redirect", Mutate: all(set("oauth2.enabled", "true"), func(s *snapshot.Snapshot) { s.OAuthProviders[0].RedirectURI = "http://cloud.example.com/cb" }),
		Want: []expect{fail("oauth-provider google", "returned over plain HTTP")}},
	{ID: "CS-AUTH-017", Name: "localhost http allowed", Mutate: all(set("oauth2.enabled", "true"), func(s *snapshot.Snapshot) { s.OAuthProviders[0].RedirectURI = "http://localhost:8080/cb" }),
		Want: []expect{pass("oauth-provider google", "HTTPS")}},
	{ID: "CS-AUTH-017", Name: "https", Mutate: set("oauth2.enabled", "true"), Want: []expect{pass("oauth-provider google", "HTTPS")}},

	// CS-AUTH-018 domain admins
	{ID: "CS-AUTH-018", Name: "hardened", Exact: true, Want: []expect{pass("domain admins", "no domain has more than 3")}},
	{ID: "CS-AUTH-018", Name: "domain admin in ROOT", Mutate: user(7, func(u *snapshot.User) { u.AccountType = snapshot.AccountDomainAdmin }),
		Want: []expect{fail("domain ROOT", "administer the whole tree: ci-deployer")}},
	{ID: "CS-AUTH-018", Name: "four domain admins", Mutate: func(s *snapshot.Snapshot) {
		for i := 0; i < 3; i++ {
			s.Users = append(s.Users, snapshot.User{ID: int64(100 + i), Username: "da" + string(rune('a'+i)), Account: "oak", AccountType: snapshot.AccountDomainAdmin, Domain: "/Partners/Oakridge/", Enabled: true})
		}
	}, Want: []expect{fail("domain /Partners/Oakridge/", "4 enabled domain admins")}},

	// CS-CONS-002 noVNC source IP
	{ID: "CS-CONS-002", Name: "hardened", Exact: true, Want: []expect{pass("setting novnc.console.sourceip.check.enabled", "is true")}},
	{ID: "CS-CONS-002", Name: "default false", Mutate: nullBoth("novnc.console.sourceip.check.enabled"),
		Want: []expect{fail("setting novnc.console.sourceip.check.enabled", "works from any address")}},

	// CS-CRYPT-007 settings CloudStack does not encrypt
	{ID: "CS-CRYPT-007", Name: "hardened", Exact: true, Want: []expect{pass("credential settings CloudStack does not encrypt", "no credential")}},
	{ID: "CS-CRYPT-007", Name: "smtp password set", Mutate: secret("quota.usage.smtp.password", plainFacts),
		Want: []expect{fail("setting quota.usage.smtp.password", "regardless of database encryption")}},
	{ID: "CS-CRYPT-007", Name: "smtp password set even if ciphertext-shaped", Mutate: secret("quota.usage.smtp.password", encryptedFacts),
		Want: []expect{fail("setting quota.usage.smtp.password", "stores in clear")}},
	{ID: "CS-CRYPT-007", Name: "cloudian ignored while disabled", Mutate: secret("cloudian.admin.password", plainFacts),
		Want: []expect{pass("credential settings CloudStack does not encrypt", "no credential")}},
	{ID: "CS-CRYPT-007", Name: "cloudian enabled", Mutate: all(secret("cloudian.admin.password", plainFacts), set("cloudian.connector.enabled", "true")),
		Want: []expect{fail("setting cloudian.admin.password", "stores in clear")}},
	{ID: "CS-CRYPT-007", Name: "proxy with userinfo", Mutate: set("secstorage.proxy", "http://u:REDACTED@proxy:3128"),
		Want: []expect{fail("setting secstorage.proxy", "user name and password")}},
	{ID: "CS-CRYPT-007", Name: "proxy without userinfo", Mutate: set("secstorage.proxy", "http://proxy:3128"),
		Want: []expect{pass("credential settings CloudStack does not encrypt", "no credential")}},

	// CS-CRYPT-008 VPN
	{ID: "CS-CRYPT-008", Name: "hardened", Exact: true, Want: []expect{pass("VPN user passwords", "no VPN user password is stored in the clear"),
		pass("IPsec pre-shared keys", "no IPsec pre-shared key is stored in the clear")}},
	{ID: "CS-CRYPT-008", Name: "plain psk", Mutate: credKind(snapshot.CredVPNPSK, plainCred),
		Want: []expect{fail("site-to-site customer gateway osl-office (id 1)", "pre-shared key in s2s_customer_gateway.ipsec_psk is stored in the clear")}},
	{ID: "CS-CRYPT-008", Name: "unknown vpn password", Mutate: credKind(snapshot.CredVPNUserPassword, unknownCred),
		Want: []expect{manual("VPN user roadwarrior (id 1)", "cannot tell")}},

	// CS-CRYPT-009 OAuth secrets
	{ID: "CS-CRYPT-009", Name: "hardened", Exact: true, Want: []expect{pass("OAuth2 client secrets", "no OAuth2 client secret is stored")}},
	{ID: "CS-CRYPT-009", Name: "secret stored", Mutate: addCredential(snapshot.StoredCredential{Kind: snapshot.CredOAuthSecret, Owner: "OAuth2 provider google (id 1)", OwnerID: 1,
		Location: "oauth_provider.secret_key", Secret: encryptedFacts}),
		Want: []expect{fail("OAuth2 provider google (id 1)", "CloudStack does not encrypt this column").without("misconfig")}},

	// CS-CRYPT-010 VNC
	{ID: "CS-CRYPT-010", Name: "hardened", Exact: true, Want: []expect{pass("VNC passwords", "no console password")}},
	{ID: "CS-CRYPT-010", Name: "plain user VMs", Mutate: func(s *snapshot.Snapshot) { s.SecretCounts[0].Plaintext, s.SecretCounts[0].Encrypted = 3, 38 },
		Want: []expect{fail("VNC passwords of user VMs", "3 console passwords are stored in clear")}},
	{ID: "CS-CRYPT-010", Name: "unknown", Mutate: func(s *snapshot.Snapshot) { s.SecretCounts[1].Unknown = 2 },
		Want: []expect{manual("VNC passwords of domainrouter VMs", "cannot tell whether 2")}},
	{ID: "CS-CRYPT-010", Name: "unknown with encryption off is clear", Mutate: all(encryptionOff, func(s *snapshot.Snapshot) { s.SecretCounts[1].Unknown = 2 }),
		Want: []expect{fail("VNC passwords of domainrouter VMs", "2 console passwords")}},

	// CS-CRYPT-011..013 credential columns
	{ID: "CS-CRYPT-011", Name: "hardened", Exact: true, Want: []expect{pass("BMC passwords", "no BMC password is stored in the clear")}},
	{ID: "CS-CRYPT-011", Name: "plain", Mutate: credKind(snapshot.CredOOBMPassword, plainCred),
		Want: []expect{fail("out-of-band management of host (host_id 1)", "BMC password in oobm.password is stored in the clear")}},
	{ID: "CS-CRYPT-012", Name: "hardened", Exact: true, Want: []expect{pass("load-balancer certificate keys", "in the clear")}},
	{ID: "CS-CRYPT-012", Name: "plain", Mutate: credKind(snapshot.CredLBCertKey, plainCred),
		Want: []expect{fail("load-balancer certificate webshop-tls (id 1)", "stored in the clear")}},
	{ID: "CS-CRYPT-013", Name: "hardened", Exact: true, Want: []expect{pass("volume passphrases", "in the clear")}},
	{ID: "CS-CRYPT-013", Name: "plain", Mutate: credKind(snapshot.CredPassphrase, plainCred),
		Want: []expect{fail("volume passphrase (id 1)", "encrypted volumes can be decrypted")}},
	{ID: "CS-CRYPT-013", Name: "none stored", Mutate: func(s *snapshot.Snapshot) {
		var keep []snapshot.StoredCredential
		for _, c := range s.Credentials {
			if c.Kind != snapshot.CredPassphrase {
				keep = append(keep, c)
			}
		}
		s.Credentials = keep
	}, Want: []expect{pass("volume passphrases", "no volume passphrase is stored")}},

	// CS-LIM
	{ID: "CS-LIM-001", Name: "hardened", Exact: true, Want: []expect{pass("default resource limits", "no default resource limit is unlimited")}},
	{ID: "CS-LIM-001", Name: "unlimited cpus", Mutate: set("max.account.cpus", "-1"),
		Want: []expect{fail("setting max.account.cpus", "new accounts get an unlimited cpus limit")}},
	{ID: "CS-LIM-001", Name: "unlimited project vms", Mutate: set("max.project.cpus", "-5"),
		Want: []expect{fail("setting max.project.cpus", "new projects get an unlimited")}},
	{ID: "CS-LIM-002", Name: "hardened (root admin unlimited is fine)", Exact: true, Want: []expect{pass("resource limits", "no tenant account")}},
	{ID: "CS-LIM-002", Name: "tenant unlimited", Mutate: func(s *snapshot.Snapshot) { s.ResourceLimits[1].Max = -1 },
		Want: []expect{fail("account nordlys-retail (/Customers/)", "unlimited user_vm")}},
	{ID: "CS-LIM-002", Name: "domain unlimited", Mutate: func(s *snapshot.Snapshot) {
		s.ResourceLimits = append(s.ResourceLimits, snapshot.ResourceLimit{ID: 9, Type: "memory", Max: -1, Tag: "gpu", DomainID: 4, Domain: "/Customers/"})
	}, Want: []expect{fail("domain /Customers/", "unlimited memory (tag gpu)")}},

	// CS-NET
	{ID: "CS-NET-001", Name: "hardened", Exact: true, Want: []expect{pass("setting expose.dns.externally", "is false")}},
	{ID: "CS-NET-001", Name: "zone override true", Mutate: override("zone", 1, "osl1", "expose.dns.externally", "true"),
		Want: []expect{fail(`setting expose.dns.externally for zone "osl1" (id 1)`, "answer DNS")}},
	{ID: "CS-NET-001", Name: "NULL on 4.19.0.0 defaults to true", Mutate: all(version("4.19.0.0"), nullBoth("expose.dns.externally")),
		Want: []expect{fail("setting expose.dns.externally", "answer DNS")}},
	{ID: "CS-NET-001", Name: "NULL on 4.22 defaults to false", Mutate: nullBoth("expose.dns.externally"),
		Want: []expect{pass("setting expose.dns.externally", "is false")}},
	{ID: "CS-NET-002", Name: "hardened", Exact: true, Want: []expect{pass("setting router.version.check", "is true")}},
	{ID: "CS-NET-002", Name: "off", Mutate: set("router.version.check", "false"), Want: []expect{fail("setting router.version.check", "not detected")}},
	{ID: "CS-NET-003", Name: "hardened", Exact: true, Want: []expect{pass("virtual routers", "every live virtual router")}},
	{ID: "CS-NET-003", Name: "old router", Mutate: func(s *snapshot.Snapshot) {
		s.Routers[0].TemplateVersion = "Cloudstack Release 4.19.1 Tue Jul 2 10:00:00 UTC 2024"
	}, Want: []expect{fail("router r-40-VM", "runs template 4.19.1, older than the required 4.22.0")}},
	{ID: "CS-NET-003", Name: "zone override lower", Mutate: all(override("zone", 1, "osl1", "minreq.sysvmtemplate.version", "4.19.0"), func(s *snapshot.Snapshot) {
		s.Routers[0].TemplateVersion = "Cloudstack Release 4.19.1 Tue Jul 2 10:00:00 UTC 2024"
	}), Want: []expect{pass("virtual routers", "every live")}},
	{ID: "CS-NET-003", Name: "unreadable version", Mutate: func(s *snapshot.Snapshot) { s.Routers[0].TemplateVersion = "garbage" },
		Want: []expect{manual("router r-40-VM", "cannot be read")}},

	// CS-PKI-007..010
	{ID: "CS-PKI-007", Name: "hardened", Exact: true, Want: []expect{pass("KVM hosts", "every KVM host")}},
	{ID: "CS-PKI-007", Name: "host not secured", Mutate: hostSecured(2, "false"),
		Want: []expect{fail("hypervisor-host kvm-osl1-a02.skylark-hosting.net", "no CA-issued certificate")}},
	{ID: "CS-PKI-007", Name: "no secured row", Mutate: dropHostSecured(6),
		Want: []expect{manual("hypervisor-host kvm-bgo1-a01.skylark-hosting.net", "has not reported")}},
	{ID: "CS-PKI-008", Name: "hardened", Exact: true, Want: []expect{pass("setting ca.framework.cert.keysize", "2048-bit"), pass("setting ca.framework.cert.signature.algorithm", "SHA256")}},
	{ID: "CS-PKI-008", Name: "1024", Mutate: set("ca.framework.cert.keysize", "1024"), Want: []expect{fail("setting ca.framework.cert.keysize", "1024-bit")}},
	{ID: "CS-PKI-008", Name: "sha1", Mutate: set("ca.framework.cert.signature.algorithm", "SHA1withRSA"),
		Want: []expect{fail("setting ca.framework.cert.signature.algorithm", "SHA1withRSA")}},
	{ID: "CS-PKI-009", Name: "hardened", Exact: true, Want: []expect{pass("setting ca.framework.cert.automatic.renewal", "is true")}},
	{ID: "CS-PKI-009", Name: "cluster override off", Mutate: override("cluster", 1, "osl1-kvm-a", "ca.framework.cert.automatic.renewal", "false"),
		Want: []expect{fail(`setting ca.framework.cert.automatic.renewal for cluster "osl1-kvm-a" (id 1)`, "not renewed")}},
	{ID: "CS-PKI-010", Name: "hardened", Exact: true, Want: []expect{pass("setting ca.framework.cert.validity.period", "valid for 365 days")}},
	{ID: "CS-PKI-010", Name: "five years", Mutate: set("ca.framework.cert.validity.period", "1825"),
		Want: []expect{fail("setting ca.framework.cert.validity.period", "valid for 1825 days")}},
	{ID: "CS-PKI-010", Name: "within alert period", Mutate: set("ca.framework.cert.validity.period", "10"),
		Want: []expect{fail("setting ca.framework.cert.validity.period", "renewal would run continuously")}},

	// CS-SESS-002/003
	{ID: "CS-SESS-002", Name: "hardened", Exact: true, Want: []expect{pass("setting api.sessionkey.cookie.samesite", "Strict")}},
	{ID: "CS-SESS-002", Name: "Null", Mutate: set("api.sessionkey.cookie.samesite", "null"), Want: []expect{fail("setting api.sessionkey.cookie.samesite", "no SameSite")}},
	{ID: "CS-SESS-002", Name: "NoneAndSecure", Mutate: set("api.sessionkey.cookie.samesite", "NoneAndSecure"),
		Want: []expect{fail("setting api.sessionkey.cookie.samesite", "cross-site")}},
	{ID: "CS-SESS-002", Name: "absent in 4.19.0.0", Mutate: all(version("4.19.0.0"), drop("api.sessionkey.cookie.samesite")),
		Want: []expect{skip("setting api.sessionkey.cookie.samesite", "has no setting")}},
	{ID: "CS-SESS-003", Name: "hardened", Exact: true, Want: []expect{pass("setting api.sessionkey.check.locations", "parameter")}},
	{ID: "CS-SESS-003", Name: "cookie alone", Mutate: set("api.sessionkey.check.locations", "cookieorparameter"),
		Want: []expect{fail("setting api.sessionkey.check.locations", "cross-site request forgery")}},

	// CS-STOR
	{ID: "CS-STOR-001", Name: "hardened", Exact: true, Want: []expect{pass("setting secstorage.encrypt.copy", "is true")}},
	{ID: "CS-STOR-001", Name: "off", Mutate: set("secstorage.encrypt.copy", "false"), Want: []expect{fail("setting secstorage.encrypt.copy", "plain HTTP")}},
	{ID: "CS-STOR-001", Name: "no cert domain", Mutate: set("secstorage.ssl.cert.domain", ""),
		Want: []expect{fail("setting secstorage.encrypt.copy", "secstorage.ssl.cert.domain is empty")}},
	{ID: "CS-STOR-002", Name: "hardened", Exact: true, Want: []expect{pass("setting secstorage.allowed.internal.sites", "may download from 10.20.50.0/24")}},
	{ID: "CS-STOR-002", Name: "broad", Mutate: set("secstorage.allowed.internal.sites", "10.0.0.0/8"),
		Want: []expect{fail("setting secstorage.allowed.internal.sites", "broad internal networks: 10.0.0.0/8")}},
	{ID: "CS-STOR-002", Name: "covers management", Mutate: set("secstorage.allowed.internal.sites", "10.20.0.0/24"),
		Want: []expect{fail("setting secstorage.allowed.internal.sites", "management network: 10.20.0.0/24 (contains 10.20.0.21)")}},
	{ID: "CS-STOR-002", Name: "0.0.0.0 dropped by CloudStack", Mutate: set("secstorage.allowed.internal.sites", "0.0.0.0/0"),
		Want: []expect{pass("setting secstorage.allowed.internal.sites", "may not download")}},
	{ID: "CS-STOR-003", Name: "hardened", Exact: true, Want: []expect{pass("setting use.https.to.upload", "is true")}},
	{ID: "CS-STOR-003", Name: "off", Mutate: set("use.https.to.upload", "false"), Want: []expect{fail("setting use.https.to.upload", "plain HTTP")}},
	{ID: "CS-STOR-004", Name: "hardened", Exact: true, Want: []expect{pass("setting extract.url.expiration.interval", "14400 seconds")}},
	{ID: "CS-STOR-004", Name: "a week", Mutate: set("extract.url.expiration.interval", "604800"),
		Want: []expect{fail("setting extract.url.expiration.interval", "168 hours")}},
	{ID: "CS-STOR-004", Name: "never", Mutate: set("extract.url.expiration.interval", "0"),
		Want: []expect{fail("setting extract.url.expiration.interval", "do not expire")}},

	// CS-TPL
	{ID: "CS-TPL-001", Name: "hardened", Exact: true, Want: []expect{pass("public templates", "owned by an admin")}},
	{ID: "CS-TPL-001", Name: "user-owned public", Mutate: func(s *snapshot.Snapshot) {
		s.Templates = append(s.Templates, snapshot.Template{ID: 300, Name: "shop", Type: "USER", Featured: true, AccountID: 19, Account: "nordlys-retail", AccountType: snapshot.AccountUser})
	}, Want: []expect{fail("template shop", "public and featured image owned by user account nordlys-retail")}},
	{ID: "CS-TPL-002", Name: "hardened", Exact: true, Want: []expect{pass("setting allow.public.user.templates", "is false")}},
	{ID: "CS-TPL-002", Name: "default true", Mutate: null("allow.public.user.templates"),
		Want: []expect{fail("setting allow.public.user.templates", "publish")}},
	{ID: "CS-TPL-002", Name: "account override true", Mutate: override("account", 14, "ci-automation", "allow.public.user.templates", "true"),
		Want: []expect{fail(`setting allow.public.user.templates for account "ci-automation" (id 14)`, "publish")}},

	// CS-VER-010
	{ID: "CS-VER-010", Name: "hardened", Exact: true, Want: []expect{pass("agent versions", "run 4.22.1")}},
	{ID: "CS-VER-010", Name: "agent behind", Mutate: func(s *snapshot.Snapshot) { s.Hosts[1].Version = "4.20.1.0" },
		Want: []expect{fail("hypervisor-host kvm-osl1-a02.skylark-hosting.net", "runs 4.20.1, the management servers 4.22.1")}},
	{ID: "CS-VER-010", Name: "mixed management servers", Mutate: func(s *snapshot.Snapshot) { s.ManagementServers[0].Version = "4.22.0.0" },
		Want: []expect{fail("management-server cs-mgmt01.skylark-hosting.net", "mixed versions")}},

	// CS-VM
	{ID: "CS-VM-001", Name: "hardened", Exact: true, Want: []expect{pass("setting enable.additional.vm.configuration", "is false")}},
	{ID: "CS-VM-001", Name: "account override", Mutate: override("account", 14, "ci-automation", "enable.additional.vm.configuration", "true"),
		Want: []expect{fail(`setting enable.additional.vm.configuration for account "ci-automation" (id 14)`, "extraconfig")}},
	{ID: "CS-VM-001", Name: "global", Mutate: set("enable.additional.vm.configuration", "true"),
		Want: []expect{fail("setting enable.additional.vm.configuration", "raw hypervisor configuration")}},
	{ID: "CS-VM-002", Name: "hardened", Exact: true, Want: []expect{pass("setting enable.additional.vm.configuration", "disabled globally")}},
	{ID: "CS-VM-002", Name: "devices allowed", Mutate: all(set("enable.additional.vm.configuration", "true"), set("allow.additional.vm.configuration.list.kvm", "cpu, devices,memtune")),
		Want: []expect{fail("setting allow.additional.vm.configuration.list.kvm", "reach the host: devices")}},
	{ID: "CS-VM-002", Name: "case-sensitive like CloudStack", Mutate: all(set("enable.additional.vm.configuration", "true"), set("allow.additional.vm.configuration.list.kvm", "Devices")),
		Want: []expect{pass("setting allow.additional.vm.configuration.list.kvm", "no host-reaching")}},
	{ID: "CS-VM-002", Name: "xenserver list needs review", Mutate: all(override("account", 14, "ci-automation", "enable.additional.vm.configuration", "true"), set("allow.additional.vm.configuration.list.xenserver", "platform")),
		Want: []expect{manual("setting allow.additional.vm.configuration.list.xenserver", "review")}},
	{ID: "CS-VM-003", Name: "hardened", Exact: true, Want: []expect{pass("user permission settings", "no user permission setting")}},
	{ID: "CS-VM-003", Name: "expunge allowed", Mutate: set("allow.user.expunge.recover.vm", "true"),
		Want: []expect{fail("setting allow.user.expunge.recover.vm", "expunge and recover")}},
	{ID: "CS-VM-003", Name: "domain override", Mutate: override("domain", 3, "/Partners/Oakridge/", "allow.user.view.all.domain.accounts", "true"),
		Want: []expect{fail(`setting allow.user.view.all.domain.accounts `+subjOak, "list every account")}},
}
