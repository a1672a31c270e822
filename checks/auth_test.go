package checks_test

import (
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

const (
	subjEncoders   = "settings user.password.encoders.order/exclude"
	subjAuthExcl   = "setting user.authenticators.exclude"
	subjAdmins     = "admin accounts"
	subjAdmin      = "user admin (id 2, account admin)"
	subjOakAdmin   = "user oakridge-admin (id 11, account oakridge-ops in domain /Partners/Oakridge/)"
	subjPasswords  = "user passwords"
	subjWebshop    = "user webshop (id 19, account nordlys-retail in domain /Customers/)"
	subj2FA        = "setting enable.user.2fa"
	subj2FAOak     = `setting enable.user.2fa for domain "/Partners/Oakridge/" (id 3)`
	subjLDAP1      = "LDAP server ldap01.skylark-hosting.net:636"
	subjLDAP2      = "LDAP server ldap02.skylark-hosting.net:636"
	subjLDAPOak    = "LDAP server dc01.oakridge.local:636 (domain 3)"
	subjSAMLOn     = "setting saml2.enabled"
	subjSAMLSig    = "setting saml2.check.signature"
	subjSAMLSigAlg = "setting saml2.sigalg"
)

const defaultOrder = "PBKDF2,SHA256SALT,MD5,LDAP,SAML2,PLAINTEXT"

func encoders(order, exclude string) func(*snapshot.Snapshot) {
	return all(set("user.password.encoders.order", order), set("user.password.encoders.exclude", exclude))
}

func authenticators(order, exclude string) func(*snapshot.Snapshot) {
	return all(set("user.authenticators.order", order), set("user.authenticators.exclude", exclude))
}

// defaultPassword marks a user as holding the published default password.
func defaultPassword(u *snapshot.User) {
	u.Password = snapshot.PasswordFacts{Scheme: snapshot.SchemeMD5, Evidence: "32 hex digits (unsalted MD5)", DefaultChecked: true, IsDefault: true}
}

var authCases = []checkCase{
	// CS-AUTH-001 password encoders
	{ID: "CS-AUTH-001", Name: "hardened", Exact: true, Want: []expect{pass(subjEncoders, "new and changed passwords are hashed with PBKDF2")}},
	{ID: "CS-AUTH-001", Name: "MD5 first and not excluded", Mutate: encoders("MD5,PBKDF2,SHA256SALT,LDAP,SAML2,PLAINTEXT", "LDAP,PLAINTEXT"),
		Want: []expect{fail(subjEncoders, "new passwords are stored by MD5 as unsalted MD5")}},
	{ID: "CS-AUTH-001", Name: "MD5 first but excluded", Mutate: encoders("MD5,PBKDF2,SHA256SALT,LDAP,SAML2,PLAINTEXT", "MD5,LDAP,PLAINTEXT"),
		Want: []expect{pass(subjEncoders, "hashed with PBKDF2")}},
	{ID: "CS-AUTH-001", Name: "PLAINTEXT first", Mutate: encoders("PLAINTEXT,PBKDF2", "MD5"),
		Want: []expect{fail(subjEncoders, "new passwords are stored by PLAINTEXT as the password in the clear")}},
	{ID: "CS-AUTH-001", Name: "PLAINTEXT not excluded", Mutate: encoders(defaultOrder, "MD5,LDAP"),
		Want: []expect{fail(subjEncoders, "PLAINTEXT not excluded").without("MD5 and")}},
	{ID: "CS-AUTH-001", Name: "MD5 and PLAINTEXT not excluded", Mutate: encoders(defaultOrder, "LDAP"),
		Want: []expect{fail(subjEncoders, "MD5, PLAINTEXT not excluded")}},
	// r1 §2.1: an empty exclude excludes nothing.
	{ID: "CS-AUTH-001", Name: "empty exclude list", Mutate: encoders(defaultOrder, ""),
		Want: []expect{fail(subjEncoders, "user.password.encoders.exclude is empty/NULL, which excludes nothing")}},
	// LDAP's encode() returns the password unchanged (LdapAuthenticator.java:329-331@4.22.1.0).
	{ID: "CS-AUTH-001", Name: "LDAP not excluded", Mutate: encoders(defaultOrder, "MD5,PLAINTEXT"),
		Want: []expect{fail(subjEncoders, "LDAP not excluded")}},
	{ID: "CS-AUTH-001", Name: "every hashing encoder excluded", Mutate: encoders(defaultOrder, "PBKDF2,SHA256SALT,MD5,LDAP,SAML2,PLAINTEXT"),
		Want: []expect{fail(subjEncoders, "no password-storing encoder is usable")}},
	// Old code skipped LDAP as "non-storing"; it stores the password in the clear.
	{ID: "CS-AUTH-001", Name: "LDAP first then PBKDF2", Mutate: encoders("LDAP,PBKDF2,SHA256SALT,MD5,SAML2,PLAINTEXT", "MD5,PLAINTEXT"),
		Want: []expect{fail(subjEncoders, "new passwords are stored by LDAP as the password in the clear")}},
	{ID: "CS-AUTH-001", Name: "SAML2 first stores a random value", Mutate: encoders("SAML2,SHA256SALT,PBKDF2", "MD5,LDAP,PLAINTEXT"),
		Want: []expect{fail(subjEncoders, "new passwords are stored by SAML2 as a random value")}},
	{ID: "CS-AUTH-001", Name: "SHA256SALT first", Mutate: encoders("SHA256SALT,PBKDF2", "MD5,LDAP,PLAINTEXT"),
		Want: []expect{pass(subjEncoders, "hashed with SHA256SALT")}},
	{ID: "CS-AUTH-001", Name: "oauth2 first: changed passwords get nothing (4.19+)", Mutate: encoders("oauth2,PBKDF2", "MD5,LDAP,PLAINTEXT"),
		Want: []expect{fail(subjEncoders, "changed passwords are stored by oauth2")}},
	{ID: "CS-AUTH-001", Name: "upper-case OAUTH2 matches no bean", Mutate: encoders("OAUTH2,PBKDF2", "MD5,LDAP,PLAINTEXT"),
		Want: []expect{pass(subjEncoders, "hashed with PBKDF2")}},
	{ID: "CS-AUTH-001", Name: "blanks around names", Mutate: encoders(" PBKDF2 , SHA256SALT ,MD5", " MD5 , LDAP, PLAINTEXT "),
		Want: []expect{pass(subjEncoders, "hashed with PBKDF2")}},
	// The exclude key's Java default is null (ExtensionRegistry.java:146-148): NULL excludes nothing.
	{ID: "CS-AUTH-001", Name: "exclude NULL excludes nothing", Mutate: nullBoth("user.password.encoders.exclude"),
		Want: []expect{fail(subjEncoders, "excludes nothing: MD5, LDAP and PLAINTEXT are all registered")}},
	{ID: "CS-AUTH-001", Name: "order setting absent", Mutate: drop("user.password.encoders.order"),
		Want: []expect{skip("setting user.password.encoders.order", "has no user.password.encoders.* settings")}},
	{ID: "CS-AUTH-001", Name: "exclude setting absent", Mutate: drop("user.password.encoders.exclude"),
		Want: []expect{skip("setting user.password.encoders.order", "has no user.password.encoders.* settings")}},
	{ID: "CS-AUTH-001", Name: "lower-case exclude names do not exclude in CloudStack",
		Mutate: encoders(defaultOrder, "md5,ldap,plaintext"),
		Want:   []expect{fail(subjEncoders, "MD5, LDAP, PLAINTEXT not excluded")}},

	// CS-AUTH-002 PLAINTEXT authenticator
	{ID: "CS-AUTH-002", Name: "hardened", Exact: true, Want: []expect{pass(subjAuthExcl, "PLAINTEXT authenticator excluded")}},
	{ID: "CS-AUTH-002", Name: "not excluded", Mutate: authenticators(defaultOrder, ""),
		Want: []expect{fail(subjAuthExcl, "excludes nothing: the PLAINTEXT authenticator is enabled")}},
	{ID: "CS-AUTH-002", Name: "other entries excluded only", Mutate: authenticators(defaultOrder, "MD5,SHA256SALT"),
		Want: []expect{fail(subjAuthExcl, "PLAINTEXT authenticator is enabled")}},
	{ID: "CS-AUTH-002", Name: "excluded and not ordered", Mutate: authenticators("PBKDF2,SHA256SALT,LDAP,SAML2", "PLAINTEXT"),
		Want: []expect{pass(subjAuthExcl, "PLAINTEXT")}},
	// Java default null (ExtensionRegistry); only a fresh install writes PLAINTEXT.
	{ID: "CS-AUTH-002", Name: "exclude NULL excludes nothing", Mutate: nullBoth("user.authenticators.exclude"),
		Want: []expect{fail(subjAuthExcl, "is empty/NULL, which excludes nothing")}},
	{ID: "CS-AUTH-002", Name: "order absent, not excluded", Mutate: all(drop("user.authenticators.order"), set("user.authenticators.exclude", "")),
		Want: []expect{fail(subjAuthExcl, "PLAINTEXT authenticator is enabled")}},
	{ID: "CS-AUTH-002", Name: "setting absent", Mutate: drop("user.authenticators.exclude"),
		Want: []expect{skip(subjAuthExcl, "has no setting user.authenticators.exclude")}},
	{ID: "CS-AUTH-002", Name: "left out of the order but not excluded",
		Mutate: authenticators("PBKDF2,SHA256SALT,MD5,LDAP,SAML2", ""),
		Want:   []expect{fail(subjAuthExcl, "PLAINTEXT authenticator is enabled")}},
	{ID: "CS-AUTH-002", Name: "lower-case exclude does not exclude in CloudStack",
		Mutate: authenticators(defaultOrder, "plaintext"),
		Want:   []expect{fail(subjAuthExcl, "PLAINTEXT authenticator is enabled")}},

	// CS-AUTH-003 default admin password
	{ID: "CS-AUTH-003", Name: "hardened", Exact: true,
		Want: []expect{pass(subjAdmins, "no enabled administrator uses the default password")}},
	{ID: "CS-AUTH-003", Name: "root admin with default password", Mutate: user(2, defaultPassword),
		Want: []expect{fail(subjAdmin, "root-admin account admin accepts the published default password")}},
	{ID: "CS-AUTH-003", Name: "domain admin with default password", Mutate: user(11, defaultPassword),
		Want: []expect{fail(subjOakAdmin, "domain-admin account oakridge-admin accepts the published default password")}},
	{ID: "CS-AUTH-003", Name: "disabled admin with default password", Exact: true,
		Mutate: user(2, func(u *snapshot.User) { defaultPassword(u); u.Enabled, u.State = false, "disabled" }),
		Want:   []expect{pass(subjAdmins, "no enabled administrator uses the default password")}},
	{ID: "CS-AUTH-003", Name: "removed admin with default password", Exact: true,
		Mutate: addUser(snapshot.User{ID: 5, Username: "legacy-admin", Account: "admin", AccountType: snapshot.AccountRootAdmin, Domain: "/",
			State: "enabled", Enabled: true, Removed: true, Password: snapshot.PasswordFacts{Scheme: snapshot.SchemeMD5, DefaultChecked: true, IsDefault: true}}),
		Want: []expect{pass(subjAdmins, "no enabled administrator")}},
	{ID: "CS-AUTH-003", Name: "ordinary user is not an admin",
		Mutate: user(7, defaultPassword),
		Want:   []expect{pass(subjAdmins, "no enabled administrator")}},
	{ID: "CS-AUTH-003", Name: "admin hash not verified",
		Mutate: user(3, func(u *snapshot.User) {
			u.Password.DefaultChecked, u.Password.NotChecked = false, "verification bound reached (100 PBKDF2 hashes per audit)"
		}),
		Want: []expect{manual("user mholm (id 3, account admin)", "could not test this admin's password against the default: verification bound reached")}},
	{ID: "CS-AUTH-003", Name: "admin with empty password",
		Mutate: user(4, func(u *snapshot.User) {
			u.Password = snapshot.PasswordFacts{Scheme: snapshot.SchemeEmpty, Evidence: "no password stored", DefaultChecked: true}
		}),
		Want: []expect{pass(subjAdmins, "no enabled administrator")}},
	{ID: "CS-AUTH-003", Name: "two admins with default password",
		Mutate: all(user(2, defaultPassword), user(11, defaultPassword)),
		Want:   []expect{fail(subjAdmin, "published default"), fail(subjOakAdmin, "published default")}},
	{ID: "CS-AUTH-003", Name: "LDAP-sourced domain admin has no local password to test",
		Mutate: user(12, func(u *snapshot.User) { u.AccountType = snapshot.AccountDomainAdmin }),
		Want:   []expect{pass(subjAdmins, "no enabled administrator uses the default password")}},

	// CS-AUTH-004 weak stored hashes
	{ID: "CS-AUTH-004", Name: "hardened", Exact: true,
		Want: []expect{pass(subjPasswords, "no active user has an MD5 or plaintext password")}},
	{ID: "CS-AUTH-004", Name: "unsalted MD5",
		Mutate: user(19, func(u *snapshot.User) {
			u.Password = snapshot.PasswordFacts{Scheme: snapshot.SchemeMD5, Evidence: "32 hex digits (unsalted MD5)"}
		}),
		Want: []expect{fail(subjWebshop, "password stored as unsalted MD5 (32 hex digits (unsalted MD5))")}},
	{ID: "CS-AUTH-004", Name: "plaintext",
		Mutate: user(20, func(u *snapshot.User) {
			u.Password = snapshot.PasswordFacts{Scheme: snapshot.SchemePlaintext, Evidence: "matches no CloudStack hash format"}
		}),
		Want: []expect{fail("user backup-agent (id 20, account nordlys-retail in domain /Customers/)", "password stored as plaintext (matches no CloudStack hash format)")}},
	{ID: "CS-AUTH-004", Name: "disabled user with MD5", Exact: true,
		Mutate: user(19, func(u *snapshot.User) { u.Enabled, u.State, u.Password.Scheme = false, "disabled", snapshot.SchemeMD5 }),
		Want:   []expect{pass(subjPasswords, "no active user")}},
	{ID: "CS-AUTH-004", Name: "removed user with plaintext", Exact: true,
		Mutate: user(20, func(u *snapshot.User) { u.Removed, u.Password.Scheme = true, snapshot.SchemePlaintext }),
		Want:   []expect{pass(subjPasswords, "no active user")}},
	{ID: "CS-AUTH-004", Name: "SHA256SALT is acceptable", Exact: true,
		Mutate: user(20, func(u *snapshot.User) { u.Password = snapshot.PasswordFacts{Scheme: snapshot.SchemeSHA256Salt} }),
		Want:   []expect{pass(subjPasswords, "no active user")}},
	{ID: "CS-AUTH-004", Name: "CloudStack's system user (id 1) keeps the RAND() placeholder",
		Mutate: addUser(snapshot.User{ID: 1, Username: "system", Account: "system", AccountType: snapshot.AccountRootAdmin, Domain: "/",
			State: "enabled", Enabled: true, Source: "UNKNOWN",
			Password: snapshot.PasswordFacts{Scheme: snapshot.SchemePlaintext, Evidence: "matches no CloudStack hash format", DefaultChecked: true}}),
		Want: []expect{pass(subjPasswords, "no active user has an MD5 or plaintext password")}},

	// CS-AUTH-005 enable.user.2fa (+ domain overrides)
	{ID: "CS-AUTH-005", Name: "hardened", Exact: true, Want: []expect{
		pass(subj2FA, "enable.user.2fa is true"), pass(subj2FAOak, "enable.user.2fa is true")}},
	{ID: "CS-AUTH-005", Name: "disabled globally", Mutate: set("enable.user.2fa", "false"),
		Want: []expect{fail(subj2FA, "two-factor authentication is not available to users")}},
	{ID: "CS-AUTH-005", Name: "domain override disables it", Mutate: override("domain", 3, "/Partners/Oakridge/", "enable.user.2fa", "false"),
		Want: []expect{pass(subj2FA, "is true"), fail(subj2FAOak, "two-factor authentication is not available")}},
	{ID: "CS-AUTH-005", Name: "default is off", Mutate: nullBoth("enable.user.2fa"),
		Want: []expect{fail(subj2FA, "not available")}},
	{ID: "CS-AUTH-005", Name: "setting absent", Mutate: drop("enable.user.2fa"),
		Want: []expect{skip(subj2FA, "has no setting enable.user.2fa")}},
	{ID: "CS-AUTH-005", Name: "4.17 predates 2FA", Mutate: version("4.17.2.0"), Exact: true,
		Want: []expect{skip("check CS-AUTH-005", "not applicable: CloudStack 4.17.2.0 predates 4.18.0.0")}},
	{ID: "CS-AUTH-005", Name: "4.18.0.0 has 2FA", Mutate: version("4.18.0.0"),
		Want: []expect{pass(subj2FA, "is true")}},

	// CS-AUTH-006 LDAP without TLS
	{ID: "CS-AUTH-006", Name: "hardened", Exact: true, Want: []expect{
		pass(subjLDAP1, "LDAP uses ldaps:// with a configured trust store"),
		pass(subjLDAP2, "ldaps://"),
		pass(subjLDAPOak, "ldaps://"),
	}},
	{ID: "CS-AUTH-006", Name: "no global trust store", Mutate: null("ldap.truststore"),
		Want: []expect{
			fail(subjLDAP1, "LDAP logins use cleartext ldap://"),
			fail(subjLDAP2, "cleartext"),
			pass(subjLDAPOak, "ldaps://"), // the domain override still applies
		}},
	{ID: "CS-AUTH-006", Name: "no global trust-store password", Mutate: secret("ldap.truststore.password", emptyFacts),
		Want: []expect{fail(subjLDAP1, "cleartext"), fail(subjLDAP2, "cleartext"), pass(subjLDAPOak, "ldaps://")}},
	{ID: "CS-AUTH-006", Name: "trust-store setting absent", Mutate: drop("ldap.truststore"),
		Want: []expect{fail(subjLDAP1, "cleartext"), fail(subjLDAP2, "cleartext"), pass(subjLDAPOak, "ldaps://")}},
	{ID: "CS-AUTH-006", Name: "domain without override falls back to global",
		Mutate: all(dropOverride("domain", 3, "ldap.truststore"), dropOverride("domain", 3, "ldap.truststore.password")),
		Want:   []expect{pass(subjLDAPOak, "ldaps://")}},
	{ID: "CS-AUTH-006", Name: "domain override only, nothing global",
		Mutate: all(null("ldap.truststore"), secret("ldap.truststore.password", emptyFacts)),
		Want:   []expect{fail(subjLDAP1, "cleartext"), fail(subjLDAP2, "cleartext"), pass(subjLDAPOak, "ldaps://")}},
	{ID: "CS-AUTH-006", Name: "domain override password empty",
		Mutate: secretOverride("domain", 3, "/Partners/Oakridge/", "ldap.truststore.password", emptyFacts),
		Want:   []expect{manual(subjLDAPOak, "an LDAP trust store setting is an empty string (not NULL)")}},
	{ID: "CS-AUTH-006", Name: "no LDAP server", Mutate: func(s *snapshot.Snapshot) { s.LDAPServers = nil }, Exact: true,
		Want: []expect{pass("LDAP configuration", "no LDAP server is configured")}},

	// CS-AUTH-007 SAML signature verification
	{ID: "CS-AUTH-007", Name: "hardened", Exact: true, Want: []expect{pass(subjSAMLSig, "SAML responses are signature-checked")}},
	{ID: "CS-AUTH-007", Name: "signature check off", Mutate: set("saml2.check.signature", "false"),
		Want: []expect{fail(subjSAMLSig, "SAML2 is enabled with signature checks off")}},
	{ID: "CS-AUTH-007", Name: "signature check defaults to true", Mutate: nullBoth("saml2.check.signature"),
		Want: []expect{pass(subjSAMLSig, "signature-checked")}},
	{ID: "CS-AUTH-007", Name: "SAML disabled", Mutate: all(set("saml2.enabled", "false"), set("saml2.check.signature", "false")), Exact: true,
		Want: []expect{pass(subjSAMLOn, "SAML2 login is disabled")}},
	{ID: "CS-AUTH-007", Name: "SAML off by default", Mutate: nullBoth("saml2.enabled"),
		Want: []expect{pass(subjSAMLOn, "SAML2 login is disabled")}},
	{ID: "CS-AUTH-007", Name: "SAML plugin absent", Mutate: drop("saml2.enabled"),
		Want: []expect{skip(subjSAMLOn, "has no setting saml2.enabled")}},
	{ID: "CS-AUTH-007", Name: "4.18.2.1 without the setting (CVE-2024-41107)", Mutate: all(version("4.18.2.1"), drop("saml2.check.signature")),
		Want: []expect{fail(subjSAMLSig, "does not verify SAML signatures (CVE-2024-41107)")}},
	{ID: "CS-AUTH-007", Name: "4.19.0.2 without the setting", Mutate: all(version("4.19.0.2"), drop("saml2.check.signature")),
		Want: []expect{fail(subjSAMLSig, "CVE-2024-41107")}},
	{ID: "CS-AUTH-007", Name: "4.5.0.0 without the setting", Mutate: all(version("4.5.0.0"), drop("saml2.check.signature")),
		Want: []expect{fail(subjSAMLSig, "CVE-2024-41107")}},
	{ID: "CS-AUTH-007", Name: "4.18.2.2 without the setting", Mutate: all(version("4.18.2.2"), drop("saml2.check.signature")),
		Want: []expect{manual(subjSAMLSig, "confirm that responses are signature-checked")}},
	{ID: "CS-AUTH-007", Name: "4.19.1.0 without the setting", Mutate: all(version("4.19.1.0"), drop("saml2.check.signature")),
		Want: []expect{manual(subjSAMLSig, "confirm that responses are signature-checked")}},

	// CS-AUTH-008 SAML SHA-1
	{ID: "CS-AUTH-008", Name: "hardened", Exact: true, Want: []expect{pass(subjSAMLSigAlg, "SAML2 signatures use SHA256")}},
	{ID: "CS-AUTH-008", Name: "SHA1", Mutate: set("saml2.sigalg", "SHA1"), Want: []expect{fail(subjSAMLSigAlg, "SAML2 signatures use SHA-1")}},
	{ID: "CS-AUTH-008", Name: "sha1 with blanks", Mutate: set("saml2.sigalg", " sha1 "), Want: []expect{fail(subjSAMLSigAlg, "SHA-1")}},
	{ID: "CS-AUTH-008", Name: "default is SHA1", Mutate: nullBoth("saml2.sigalg"), Want: []expect{fail(subjSAMLSigAlg, "SHA-1")}},
	{ID: "CS-AUTH-008", Name: "SHA512", Mutate: set("saml2.sigalg", "SHA512"), Want: []expect{pass(subjSAMLSigAlg, "use SHA512")}},
	{ID: "CS-AUTH-008", Name: "SAML disabled", Mutate: all(set("saml2.enabled", "false"), set("saml2.sigalg", "SHA1")), Exact: true,
		Want: []expect{pass(subjSAMLOn, "SAML2 login is disabled")}},
	{ID: "CS-AUTH-008", Name: "SAML plugin absent", Mutate: drop("saml2.enabled"),
		Want: []expect{skip(subjSAMLOn, "has no setting saml2.enabled")}},
	{ID: "CS-AUTH-008", Name: "sigalg absent", Mutate: drop("saml2.sigalg"),
		Want: []expect{skip(subjSAMLSigAlg, "has no setting saml2.sigalg")}},
}

func TestAuthChecks(t *testing.T) { runCases(t, authCases) }
