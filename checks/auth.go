package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// encoderStores says what each registered UserAuthenticator's encode()
// stores for a password (r1 §2.1): PBKDF2/SHA256SALT salted hashes, MD5 an
// unsalted hash, PLAINTEXT and LDAP the password itself
// (PlainTextUserAuthenticator.java:59-61, LdapAuthenticator.java:329-331),
// SAML2 a random id (SAML2UserAuthenticator.java:64-66); oauth2 returns
// null and is skipped (OAuth2UserAuthenticator.java:88-90).
var encoderStores = map[string]string{
	"PBKDF2": "strong", "SHA256SALT": "strong", "MD5": "unsalted MD5", "PLAINTEXT": "the password in the clear",
	"LDAP": "the password in the clear", "SAML2": "a random value (local password lost)", "oauth2": "",
}

// registeredAuthenticators are the UserAuthenticator beans in registration
// order; both registries (encoders and authenticators) hold all of them.
// 4.19.0.0 adds the OAuth2 plugin, whose bean name is lower-case "oauth2"
// (spring-oauth2-context.xml:29-31); names match case-sensitively, so the
// "OAUTH2" that 4.19 appends to user.authenticators.order matches nothing.
func registeredAuthenticators(s *snapshot.Snapshot) []string {
	l := []string{"PBKDF2", "SHA256SALT", "MD5", "LDAP", "SAML2", "PLAINTEXT"}
	if !inRanges(s, "", "4.18.99.99") {
		l = append(l, "oauth2")
	}
	return l
}

// PasswordEncoders flags weak password hashing for new passwords.
var PasswordEncoders = &Check{
	ID:       "CS-AUTH-001",
	Title:    "Weak password encoders (MD5, LDAP, PLAINTEXT) enabled",
	Severity: High,
	Threat:   []string{"TM §10.7", "TM §11.5", "PR Q19"},
	Rationale: "CloudStack hashes a new user's password with the first encoder in the effective list " +
		"(user.password.encoders.order minus user.password.encoders.exclude, unnamed encoders appended) " +
		"whose encode() gives a value, and a changed password with the first encoder of the list " +
		"(4.14+). MD5 is unsalted; PLAINTEXT and LDAP store the password itself. The exclude key has " +
		"no Java default (null): an empty or NULL exclude excludes nothing, so MD5, LDAP and PLAINTEXT " +
		"are all live; only a fresh install writes MD5,LDAP,PLAINTEXT.",
	Remediation: "Set user.password.encoders.exclude=MD5,LDAP,PLAINTEXT (exact names, upper case) and keep " +
		"PBKDF2 first in user.password.encoders.order (default PBKDF2,SHA256SALT,MD5,LDAP,SAML2,PLAINTEXT); " +
		"restart every management server (the keys are not dynamic), then have affected users change " +
		"their passwords.",
	References: []string{"PR Q19 (apache/cloudstack#13293)", "framework/spring/lifecycle ExtensionRegistry.java", "CWE-916"},
	Requires:   needSettings,
	Settings:   []string{"user.password.encoders.order", "user.password.encoders.exclude"},
	Eval: func(s *snapshot.Snapshot) []Result {
		ord, ok1 := s.Setting("user.password.encoders.order")
		exc, ok2 := s.Setting("user.password.encoders.exclude")
		if !ok1 || !ok2 {
			return []Result{{Status: Skip, Resource: SettingRes("user.password.encoders.order"),
				Message: "not applicable: " + releaseName(s) + " has no user.password.encoders.* settings; stored hashes are judged by CS-AUTH-004"}}
		}
		order, _, _ := effectiveIn(s, ord)
		exclude, _, _ := effectiveIn(s, exc)
		// CloudStack matches names exactly and appends unnamed encoders.
		active := registryList(order, exclude, registeredAuthenticators(s))
		create := ""
		for _, e := range active {
			if encoderStores[e] != "" {
				create = e
				break
			}
		}
		change := create
		if len(active) > 0 && !inRanges(s, "", "4.13.99.99") {
			change = active[0] // updateUser: _userPasswordEncoders.get(0)
		}
		var weak []string
		for _, e := range []string{"MD5", "LDAP", "PLAINTEXT"} {
			if slices.Contains(active, e) {
				weak = append(weak, e)
			}
		}
		r := Result{Resource: GroupRes("settings user.password.encoders.order/exclude"),
			Expected: "PBKDF2 or SHA256SALT first; MD5, LDAP and PLAINTEXT excluded",
			Actual:   fmt.Sprintf("order=%s exclude=%s", show(order), show(exclude))}
		strong := func(e string) bool { return encoderStores[e] == "strong" }
		switch {
		case create == "":
			r.Status, r.Message = Fail, "no password-storing encoder is usable: every encoder is excluded"
		case !strong(create):
			r.Status, r.Message = Fail, fmt.Sprintf("new passwords are stored by %s as %s", create, encoderStores[create])
		case !strong(change):
			what := encoderStores[change]
			if what == "" {
				what = "nothing (its encode() returns null)"
			}
			r.Status, r.Message = Fail, fmt.Sprintf("changed passwords are stored by %s, the first encoder, as %s", change, what)
		case len(weak) > 0:
			r.Status = Fail
			r.Message = fmt.Sprintf("%s not excluded: the weak encoder(s) remain registered and hash or store passwords if the order changes", strings.Join(weak, ", "))
			if strings.TrimSpace(exclude) == "" {
				r.Message = "user.password.encoders.exclude is empty/NULL, which excludes nothing: MD5, LDAP and PLAINTEXT are all registered"
			}
		default:
			r.Status, r.Message = Pass, "new and changed passwords are hashed with "+create
		}
		return []Result{r}
	},
}

// PlaintextAuthenticator flags the PLAINTEXT authenticator left enabled.
var PlaintextAuthenticator = &Check{
	ID:       "CS-AUTH-002",
	Title:    "PLAINTEXT authenticator enabled",
	Severity: Medium,
	Threat:   []string{"TM §10.7", "PR Q19"},
	Rationale: "user.authenticators.order/exclude govern how logins are verified. With the PLAINTEXT " +
		"authenticator enabled a login succeeds when the typed password equals the stored value, so " +
		"anyone who has read a stored hash from the database or a backup can log in with the hash " +
		"itself. The exclude key has no Java default (null): an empty or NULL value excludes nothing, " +
		"so PLAINTEXT is live; only a fresh install writes PLAINTEXT. Leaving it out of the order does " +
		"not disable it (unnamed authenticators are appended).",
	Remediation: "Set user.authenticators.exclude=PLAINTEXT (exact, upper case; the value a fresh install " +
		"writes) and restart every management server (the key is not dynamic).",
	References: []string{"server/src/main/java/com/cloud/server/ConfigurationServerImpl.java (excluded plaintext authenticator)",
		"framework/spring/lifecycle ExtensionRegistry.java"},
	Requires: needSettings,
	Settings: []string{"user.authenticators.exclude"},
	Eval: func(s *snapshot.Snapshot) []Result {
		exc, ok := s.Setting("user.authenticators.exclude")
		if !ok {
			return []Result{missingSetting(s, "user.authenticators.exclude")}
		}
		exclude, _, note := effectiveIn(s, exc)
		r := Result{Resource: SettingRes("user.authenticators.exclude"), Expected: "contains PLAINTEXT (exactly, upper case)", Actual: show(exclude) + note}
		switch {
		case slices.Contains(splitRegistry(exclude), "PLAINTEXT"):
			r.Status, r.Message = Pass, "PLAINTEXT authenticator excluded"
		case strings.TrimSpace(exclude) == "":
			r.Status, r.Message = Fail, "user.authenticators.exclude is empty/NULL, which excludes nothing: the PLAINTEXT authenticator is enabled and a stored password hash works as the password"
		default:
			r.Status, r.Message = Fail, "the PLAINTEXT authenticator is enabled: a stored password hash works as the password"
		}
		return []Result{r}
	},
}

// systemUser is CloudStack's internal user 1 "system": its password is a
// RAND() placeholder and it cannot log in.
func systemUser(u snapshot.User) bool { return u.ID == 1 && u.Username == "system" }

func isAdmin(u snapshot.User) bool {
	return u.AccountType == snapshot.AccountRootAdmin || u.AccountType == snapshot.AccountDomainAdmin
}

// active reports an enabled, not removed user that can log in with a
// password CloudStack stores (LDAP, SAML and OAuth users log in elsewhere).
func active(u snapshot.User) bool {
	return u.Enabled && !u.Removed && !systemUser(u) && u.Password.Scheme != snapshot.SchemeExternal && !externalSource(u.Source)
}

func externalSource(src string) bool {
	switch strings.ToUpper(src) {
	case "LDAP", "SAML2", "SAML2DISABLED", "OAUTH2":
		return true
	}
	return false
}

// DefaultAdminPassword flags admins that still use the installation default.
var DefaultAdminPassword = &Check{
	ID:       "CS-AUTH-003",
	Title:    "Administrator account uses the default password",
	Severity: Critical,
	Threat:   []string{"TM §4 B1", "TM §7"},
	Rationale: "CloudStack installs the root admin `admin` with the published password `password`. " +
		"An enabled root-admin or domain-admin account that still accepts it gives any network peer " +
		"that reaches the UI full control of the cloud or of a domain.",
	Remediation: "Log in as each listed user and change the password (UI: user > Change password; API: " +
		"updateUser id=<id> password=<new>), or disable the account; then enable 2FA for admins.",
	References: []string{"CWE-1393", "CWE-798"},
	Requires:   []snapshot.Dataset{snapshot.DataUsers},
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		n := 0
		for _, u := range s.Users {
			if !active(u) || !isAdmin(u) {
				continue
			}
			n++
			switch {
			case !u.Password.DefaultChecked:
				if u.Password.Scheme == snapshot.SchemeEmpty {
					continue
				}
				out = append(out, Result{Status: Manual, Resource: UserRes(u), Expected: "not the default password",
					Actual:  "not verified (" + u.Password.Scheme + ")",
					Message: "could not test this admin's password against the default: " + u.Password.NotChecked + "; try logging in with admin/password"})
			case u.Password.IsDefault:
				out = append(out, Result{Status: Fail, Resource: UserRes(u), Expected: "not the default password",
					Actual:  "default password (" + u.Password.Scheme + ")",
					Message: fmt.Sprintf("%s account %s accepts the published default password", u.AccountType, u.Username)})
			}
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("admin accounts"), Expected: "not the default password",
				Actual: fmt.Sprintf("%d enabled admin accounts tested", n), Message: "no enabled administrator uses the default password"})
		}
		return out
	},
}

// WeakPasswordHashes flags users whose stored password is unsalted MD5 or plaintext.
var WeakPasswordHashes = &Check{
	ID:       "CS-AUTH-004",
	Title:    "User passwords stored as unsalted MD5 or plaintext",
	Severity: High,
	Threat:   []string{"TM §10.7", "TM §11.5", "PR Q19"},
	Rationale: "Each user keeps the format of the encoder that last hashed the password. Unsalted " +
		"MD5 falls to lookup tables and plaintext needs no cracking: whoever reads the user table " +
		"(a DB user, a backup, a dump sent for support) gets working passwords.",
	Remediation: "Make PBKDF2 the first usable encoder (CS-AUTH-001), then have each listed user " +
		"change the password (or reset it with updateUser); disable accounts that are no longer used.",
	References: []string{"CWE-916", "CWE-256"},
	Requires:   []snapshot.Dataset{snapshot.DataUsers},
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		n := 0
		for _, u := range s.Users {
			if !active(u) {
				continue
			}
			n++
			if sch := u.Password.Scheme; sch == snapshot.SchemeMD5 || sch == snapshot.SchemePlaintext {
				what := "unsalted MD5"
				if sch == snapshot.SchemePlaintext {
					what = "plaintext"
				}
				out = append(out, Result{Status: Fail, Resource: UserRes(u), Expected: "PBKDF2 or SHA256SALT",
					Actual: sch, Message: "password stored as " + what + " (" + u.Password.Evidence + ")"})
			}
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("user passwords"), Expected: "PBKDF2 or SHA256SALT",
				Actual: fmt.Sprintf("%d active users", n), Message: "no active user has an MD5 or plaintext password"})
		}
		return out
	},
}

// TwoFactor recommends 2FA.
var TwoFactor = &Check{
	ID:       "CS-AUTH-005",
	Title:    "Two-factor authentication not enabled",
	Severity: Info,
	Threat:   []string{"TM §10.8", "PR Q18"},
	Rationale: "enable.user.2fa (global, overridable per domain) lets users enrol a TOTP or static-PIN " +
		"second factor; mandate.user.2fa forces it. Running without 2FA is a deployment choice " +
		"(PR Q18), so this is a recommendation: without it, a phished or guessed password is enough.",
	Remediation: "Set enable.user.2fa=true (globally or for the domains that need it) and, where policy " +
		"requires, mandate.user.2fa=true; at least administrators should enrol.",
	References: []string{"server/src/main/java/com/cloud/user/AccountManagerImpl.java (enableUserTwoFactorAuthentication)"},
	Requires:   []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Since:      "4.18.0.0",
	Settings:   []string{"enable.user.2fa"},
	Eval: boolRule("enable.user.2fa", true, "false",
		"two-factor authentication is not available to users", true).eval,
}

// LDAPWithoutTLS flags LDAP binds in the clear.
var LDAPWithoutTLS = &Check{
	ID:       "CS-AUTH-006",
	Title:    "LDAP authentication without TLS",
	Severity: High,
	Threat:   []string{"TM §5a", "TM §3.2"},
	Rationale: "CloudStack uses ldaps:// only when ldap.truststore and ldap.truststore.password are both " +
		"set (for the domain, else globally); otherwise every LDAP login sends the user's password " +
		"and the bind password in the clear to the directory (LdapConfiguration.getSSLStatus).",
	Remediation: "Import the directory's CA into a JKS trust store readable by the cloud user and set " +
		"ldap.truststore=<path> and ldap.truststore.password=<password> (per domain if the LDAP link is " +
		"per domain); use the LDAPS port (636) in the LDAP configuration.",
	References: []string{"plugins/user-authenticators/ldap/src/main/java/org/apache/cloudstack/ldap/LdapConfiguration.java", "CWE-319"},
	Requires:   []snapshot.Dataset{snapshot.DataLDAP, snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings:   []string{"ldap.truststore", "ldap.truststore.password"},
	Eval: func(s *snapshot.Snapshot) []Result {
		if len(s.LDAPServers) == 0 {
			return []Result{{Status: Pass, Resource: GroupRes("LDAP configuration"), Message: "no LDAP server is configured"}}
		}
		var out []Result
		for _, l := range s.LDAPServers {
			var dom int64 = -1
			if l.DomainID != nil {
				dom = *l.DomainID
			}
			ts, e1 := present(s, "ldap.truststore", dom)
			tp, e2 := present(s, "ldap.truststore.password", dom)
			r := Result{Resource: Resource{Kind: KindLDAPServer, Name: fmt.Sprintf("%s:%d", l.Hostname, l.Port)}, Expected: "ldap.truststore and ldap.truststore.password set"}
			if dom >= 0 {
				r.Resource.Scope, r.Resource.ScopeID = "domain", dom
			}
			r.Actual = fmt.Sprintf("truststore %s, truststore password %s", setWord(ts), setWord(tp))
			switch {
			case ts && tp:
				r.Status, r.Message = Pass, "LDAP uses ldaps:// with a configured trust store"
			case e1 || e2:
				// An empty (not NULL) domain value is still non-null to
				// LdapConfiguration.getSSLStatus, so ldaps:// is attempted with it.
				r.Status = Manual
				r.Message = "an LDAP trust store setting is an empty string (not NULL): CloudStack then attempts ldaps:// with an empty trust store or password; check that LDAP logins work over TLS and set both values"
			default:
				r.Status, r.Message = Fail, "LDAP logins use cleartext ldap://: passwords cross the network unencrypted"
			}
			out = append(out, r)
		}
		return out
	},
}

func setWord(b bool) string {
	if b {
		return "set"
	}
	return "unset"
}

// present says whether setting name has a non-empty value for domain dom
// (an override, which CloudStack prefers) or globally. emptyOverride is set
// when the domain row exists but is empty.
func present(s *snapshot.Snapshot, name string, dom int64) (set, emptyOverride bool) {
	if dom >= 0 {
		for _, o := range s.Overrides(name) {
			if o.Scope != "domain" || o.ScopeID != dom {
				continue
			}
			switch {
			case o.Secret != nil && o.Secret.Present, o.Value != nil && strings.TrimSpace(*o.Value) != "":
				return true, false
			case o.Secret != nil, o.Value != nil:
				return false, true
			}
			break // NULL: the global value applies
		}
	}
	st, ok := s.Setting(name)
	if !ok {
		return false, false
	}
	if st.Secret != nil {
		return st.Secret.Present, false
	}
	if st.Value != nil && strings.TrimSpace(*st.Value) == "" {
		// LdapConfiguration.getSSLStatus tests != null: "" counts as set.
		return false, true
	}
	return st.Value != nil && !strings.EqualFold(*st.Value, "null"), false
}

// inRanges reports whether the snapshot's version lies in one of the
// inclusive ranges given as lo, hi pairs ("" = unbounded below).
func inRanges(s *snapshot.Snapshot, bounds ...string) bool {
	v, err := parse.ParseVersion(s.CloudStackVersion)
	if err != nil {
		return false
	}
	for i := 0; i+1 < len(bounds); i += 2 {
		if (bounds[i] == "" || !v.Less(parse.MustVersion(bounds[i]))) && !parse.MustVersion(bounds[i+1]).Less(v) {
			return true
		}
	}
	return false
}

// saml41107 are the releases that ignore SAML signatures (CVE-2024-41107).
func saml41107(s *snapshot.Snapshot) bool {
	return inRanges(s, "4.5.0.0", "4.18.2.1", "4.19.0.0", "4.19.0.2")
}

func samlEnabled(s *snapshot.Snapshot) (bool, []Result) {
	st, ok := s.Setting("saml2.enabled")
	if !ok {
		return false, []Result{missingSetting(s, "saml2.enabled")}
	}
	if v, _, _ := effectiveIn(s, st); !isTrue(v) {
		return false, []Result{{Status: Pass, Resource: SettingRes("saml2.enabled"), Actual: show(v), Message: "SAML2 login is disabled"}}
	}
	return true, nil
}

// SAMLSignature flags SAML responses accepted without signature checks.
var SAMLSignature = &Check{
	ID:       "CS-AUTH-007",
	Title:    "SAML2 login without signature verification",
	Severity: High,
	Threat:   []string{"TM §5a", "TM §3.2"},
	Rationale: "When saml2.enabled=true, CloudStack must verify the IdP's signature on every SAML " +
		"response. With saml2.check.signature=false, or on releases affected by CVE-2024-41107, " +
		"anyone can forge a response and log in as any SAML user.",
	Remediation: "Set saml2.check.signature=true and restart (it is not dynamic); upgrade releases " +
		"affected by CVE-2024-41107 (fixed in 4.18.2.2 and 4.19.1.0) or set saml2.enabled=false until then.",
	References: []string{"plugins/user-authenticators/saml2/src/main/java/org/apache/cloudstack/saml/SAML2AuthManager.java", "CVE-2024-41107", "CWE-347"},
	Requires:   needSettings,
	Settings:   []string{"saml2.enabled", "saml2.check.signature"},
	Eval: func(s *snapshot.Snapshot) []Result {
		on, rs := samlEnabled(s)
		if !on {
			return rs
		}
		r := Result{Resource: SettingRes("saml2.check.signature"), Expected: "true"}
		st, ok := s.Setting("saml2.check.signature")
		if !ok {
			r.Actual = "(setting absent)"
			if saml41107(s) {
				r.Status, r.Message = Fail, "SAML2 is enabled on a release that does not verify SAML signatures (CVE-2024-41107)"
			} else {
				r.Status, r.Message = Manual, "SAML2 is enabled and this release has no saml2.check.signature setting; confirm that responses are signature-checked"
			}
			return []Result{r}
		}
		v, _, _ := effectiveIn(s, st)
		r.Actual = show(v)
		if isTrue(v) {
			r.Status, r.Message = Pass, "SAML responses are signature-checked"
		} else {
			r.Status, r.Message = Fail, "SAML2 is enabled with signature checks off: forged SAML responses log in as any user"
		}
		return []Result{r}
	},
}

// SAMLSHA1 flags SHA-1 SAML signatures.
var SAMLSHA1 = &Check{
	ID:       "CS-AUTH-008",
	Title:    "SAML2 signatures use SHA-1",
	Severity: Low,
	Threat:   []string{"TM §5a", "TM §3.2"},
	Rationale: "saml2.sigalg selects the signature algorithm of SAML requests; its default SHA1 is " +
		"deprecated for signatures and rejected by some IdPs. This is hardening.",
	Remediation: "Set saml2.sigalg=SHA256 (or stronger) and make the IdP expect it.",
	References:  []string{"plugins/user-authenticators/saml2/src/main/java/org/apache/cloudstack/saml/SAML2AuthManager.java (saml2.sigalg)", "CWE-328"},
	Requires:    needSettings,
	Settings:    []string{"saml2.enabled", "saml2.sigalg"},
	Eval: func(s *snapshot.Snapshot) []Result {
		if on, rs := samlEnabled(s); !on {
			return rs
		}
		return settingRule{name: "saml2.sigalg", expected: "SHA256 or stronger",
			judge: func(v string) (Status, string) {
				if strings.EqualFold(strings.TrimSpace(v), "SHA1") {
					return Fail, "SAML2 signatures use SHA-1"
				}
				return Pass, "SAML2 signatures use " + show(v)
			}}.eval(s)
	},
}
