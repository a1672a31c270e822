package checks

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// scopedBool is a Domain-scoped boolean's value for one domain: the domain
// override when it has a value, else the global value.
func scopedValue(s *snapshot.Snapshot, name, codeDefault string, domainID int64) string {
	for _, o := range s.Overrides(name) {
		if o.Scope == "domain" && o.ScopeID == domainID && o.Value != nil {
			return *o.Value
		}
	}
	if st, ok := s.Setting(name); ok && st.Secret == nil {
		v, _ := effective(st, codeDefault)
		return v
	}
	return codeDefault
}

// domainScopes lists the domains (id, path) that override any of names.
func domainScopes(s *snapshot.Snapshot, names ...string) []snapshot.ScopedSetting {
	var out []snapshot.ScopedSetting
	seen := map[int64]bool{}
	for _, n := range names {
		for _, o := range s.Overrides(n) {
			if o.Scope == "domain" && !seen[o.ScopeID] {
				seen[o.ScopeID] = true
				out = append(out, snapshot.ScopedSetting{Scope: "domain", ScopeID: o.ScopeID, ScopeName: o.ScopeName, Name: names[0]})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ScopeID < out[j].ScopeID })
	return out
}

// TwoFactorNotMandatory flags 2FA available but not mandatory.
var TwoFactorNotMandatory = &Check{
	ID:       "CS-AUTH-009",
	Title:    "Two-factor authentication enabled but not mandatory",
	Severity: Info,
	Threat:   []string{"TM §10.8", "PR Q18"},
	Rationale: "With enable.user.2fa=true users may enrol a second factor; only mandate.user.2fa=true " +
		"(Domain scope, default false) makes them. Otherwise users who never enrol still log in with a " +
		"password alone. Whether to mandate 2FA is policy (PR Q18); this is a recommendation.",
	Remediation: "cmk update configuration name=mandate.user.2fa value=true (globally, or with " +
		"domainid=<id> for the listed domains); users then enrol at their next login.",
	References: []string{"server/src/main/java/com/cloud/user/AccountManagerImpl.java:364,372@4.22.1.0 (enable.user.2fa, mandate.user.2fa)"},
	Requires:   []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings:   []string{"enable.user.2fa", "mandate.user.2fa"},
	Since:      "4.18.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		if !hasSetting(s, "mandate.user.2fa") {
			return []Result{missingSetting(s, "mandate.user.2fa")}
		}
		var out []Result
		judge := func(res Resource, enable, mandate string) {
			if !isTrue(enable) {
				return
			}
			r := Result{Resource: res, Expected: "true", Actual: show(mandate)}
			if isTrue(mandate) {
				r.Status, r.Message = Pass, "two-factor authentication is mandatory"
			} else {
				r.Status, r.Message = Fail, "two-factor authentication is available but optional: users who do not enrol log in with a password alone"
			}
			out = append(out, r)
		}
		en, _, _ := globalValue(s, "enable.user.2fa", "false")
		ma, _, _ := globalValue(s, "mandate.user.2fa", "false")
		judge(SettingRes("mandate.user.2fa"), en, ma)
		for _, d := range domainScopes(s, "mandate.user.2fa", "enable.user.2fa") {
			judge(OverrideRes(d), scopedValue(s, "enable.user.2fa", "false", d.ScopeID), scopedValue(s, "mandate.user.2fa", "false", d.ScopeID))
		}
		if len(out) == 0 {
			return []Result{{Status: Skip, Resource: SettingRes("mandate.user.2fa"),
				Message: "not applicable: two-factor authentication is not enabled anywhere (see CS-AUTH-005)"}}
		}
		return out
	},
}

// passwordLogin reports a user who logs in with a password CloudStack
// checks (native or LDAP; SAML2 and OAuth2 users log in at their IdP).
func passwordLogin(u snapshot.User) bool {
	switch strings.ToUpper(u.Source) {
	case "SAML2", "SAML2DISABLED", "OAUTH2":
		return false
	}
	return u.Enabled && !u.Removed && !systemUser(u)
}

func domainIDByPath(s *snapshot.Snapshot) map[string]int64 {
	m := map[string]int64{}
	for _, o := range s.ScopedSettings {
		if o.Scope == "domain" && o.ScopeName != "" {
			m[o.ScopeName] = o.ScopeID
		}
	}
	return m
}

// AdminsWithout2FA flags administrators not enrolled in 2FA.
var AdminsWithout2FA = &Check{
	ID:       "CS-AUTH-010",
	Title:    "Administrators not enrolled in two-factor authentication",
	Severity: Low,
	Threat:   []string{"TM §10.8", "PR Q18"},
	Rationale: "Where enable.user.2fa is true, each user decides whether to enrol (user.is_user_2fa_enabled). " +
		"Root and domain administrators should: their password alone otherwise controls the cloud or a " +
		"domain (PR Q18: 'at least for admins').",
	Remediation: "Have each listed administrator enrol (UI: user menu > Configure 2FA; API setupUserTwoFactorAuthentication), " +
		"or set mandate.user.2fa=true so enrolment is forced at the next login.",
	References: []string{"engine/schema/src/main/resources/META-INF/db/schema-41720to41800.sql (user.is_user_2fa_enabled, 4.18.0.0)"},
	Requires:   []snapshot.Dataset{snapshot.DataUsers, snapshot.DataUserSecurity, snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings:   []string{"enable.user.2fa"},
	Since:      "4.18.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		if !hasSetting(s, "enable.user.2fa") {
			return []Result{missingSetting(s, "enable.user.2fa")}
		}
		if !anyTrue(s, "enable.user.2fa", "false") {
			return []Result{{Status: Skip, Resource: SettingRes("enable.user.2fa"),
				Message: "not applicable: two-factor authentication is not enabled anywhere (see CS-AUTH-005)"}}
		}
		sec := map[int64]snapshot.UserSecurity{}
		for _, u := range s.UserSecurity {
			sec[u.UserID] = u
		}
		doms := domainIDByPath(s)
		var out []Result
		n := 0
		for _, u := range s.Users {
			if !isAdmin(u) || !passwordLogin(u) {
				continue
			}
			dom, ok := doms[u.Domain]
			if !ok {
				dom = -1
			}
			if !isTrue(scopedValue(s, "enable.user.2fa", "false", dom)) {
				continue
			}
			n++
			us, ok := sec[u.ID]
			switch {
			case !ok:
				continue
			case us.TwoFactorEnabled == nil:
				return []Result{{Status: Skip, Resource: GroupRes("admin accounts"), Message: "not applicable: this schema has no user.is_user_2fa_enabled column"}}
			case !*us.TwoFactorEnabled:
				out = append(out, Result{Status: Fail, Resource: UserRes(u), Expected: "enrolled", Actual: "not enrolled",
					Message: fmt.Sprintf("%s %s has not enrolled a second factor", u.AccountType, u.Username)})
			}
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("admin accounts"), Expected: "enrolled",
				Actual: fmt.Sprintf("%d administrators where 2FA is enabled", n), Message: "every administrator where 2FA is enabled has enrolled"})
		}
		return out
	},
}

// StaticPIN flags the static-PIN second factor.
var StaticPIN = &Check{
	ID:       "CS-AUTH-011",
	Title:    "Static PIN used as the second factor",
	Severity: Low,
	Threat:   []string{"TM §10.8"},
	Rationale: "The staticpin 2FA provider compares a fixed number the user chose once " +
		"(StaticPinUserTwoFactorAuthenticator): it does not change, so it is a second password rather " +
		"than a second factor. TOTP is the default; staticpin should not be the default provider and " +
		"administrators should not use it.",
	Remediation: "cmk update configuration name=user.2fa.default.provider value=totp (and per domain); add " +
		"staticpin to user.2fa.providers.exclude (not dynamic: restart); have the listed users re-enrol with TOTP.",
	References: []string{"plugins/user-two-factor-authenticators/static-pin/src/main/java/org/apache/cloudstack/auth/StaticPinUserTwoFactorAuthenticator.java@4.22.1.0",
		"server/src/main/java/com/cloud/user/AccountManagerImpl.java:387@4.22.1.0 (user.2fa.default.provider)"},
	Requires: []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings, snapshot.DataUsers, snapshot.DataUserSecurity},
	Settings: []string{"user.2fa.default.provider", "user.2fa.providers.order", "user.2fa.providers.exclude"},
	Since:    "4.18.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		order, _, stop := globalValue(s, "user.2fa.providers.order", "totp,staticpin")
		if stop != nil {
			return []Result{*stop}
		}
		exclude, _, _ := globalValue(s, "user.2fa.providers.exclude", "")
		active := registryList(order, exclude, []string{"totp", "staticpin"})
		if !strings.Contains(","+strings.Join(active, ",")+",", ",staticpin,") {
			return []Result{{Status: Pass, Resource: SettingRes("user.2fa.providers.exclude"), Expected: "staticpin excluded", Actual: show(exclude),
				Message: "the staticpin provider is excluded"}}
		}
		out := settingRule{name: "user.2fa.default.provider", codeDefault: "totp", expected: "totp", overrides: true,
			judge: func(v string) (Status, string) {
				if strings.EqualFold(strings.TrimSpace(v), "staticpin") {
					return Fail, "new enrolments default to a static PIN"
				}
				return Pass, "the default second factor is " + show(v)
			}}.eval(s)
		for _, us := range s.UserSecurity {
			u, ok := userByID(s)[us.UserID]
			if !ok || !isAdmin(u) || !passwordLogin(u) || !strings.EqualFold(us.TwoFactorProvider, "staticpin") {
				continue
			}
			out = append(out, Result{Status: Fail, Resource: UserRes(u), Expected: "totp", Actual: "staticpin",
				Message: fmt.Sprintf("%s %s uses a static PIN as second factor", u.AccountType, u.Username)})
		}
		return out
	},
}

// WeakPasswordPolicy flags a password policy that allows short passwords.
var WeakPasswordPolicy = &Check{
	ID:       "CS-AUTH-012",
	Title:    "Password policy allows short passwords",
	Severity: Low,
	Threat:   []string{"TM §10.7"},
	Rationale: "The password policy (Domain scope, since 4.18) defaults to no minimum length, no " +
		"character classes and the regex '.+': any one-character password is accepted. The policy is " +
		"applied when a password is set or changed, so existing passwords are not affected by a change.",
	Remediation: "cmk update configuration name=password.policy.minimum.length value=12 (at least 8; per " +
		"domain with domainid=<id>), and the character-class minimums your policy requires.",
	References: []string{"server/src/main/java/com/cloud/user/PasswordPolicy.java:26-81@4.22.1.0", "NIST SP 800-63B §5.1.1"},
	Requires:   []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings:   []string{"password.policy.minimum.length", "password.policy.regex"},
	Since:      "4.18.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		if !hasSetting(s, "password.policy.minimum.length") {
			return []Result{missingSetting(s, "password.policy.minimum.length")}
		}
		judge := func(res Resource, lenV, regex string) Result {
			r := Result{Resource: res, Expected: "minimum length >= 8", Actual: fmt.Sprintf("minimum.length=%s regex=%s", show(lenV), show(regex))}
			n, err := strconv.ParseInt(strings.TrimSpace(lenV), 10, 64)
			rx := strings.TrimSpace(regex)
			switch {
			case err != nil:
				r.Status, r.Message = Error, "password.policy.minimum.length is not an integer"
			case n >= 8:
				r.Status, r.Message = Pass, fmt.Sprintf("passwords need at least %d characters (12 recommended)", n)
			case rx != "" && rx != ".+" && rx != ".*":
				r.Status, r.Message = Manual, "the minimum length is below 8 but password.policy.regex is customised; check that the regex enforces the length"
			default:
				r.Status, r.Message = Fail, fmt.Sprintf("passwords shorter than 8 characters are accepted (minimum.length %d, regex %s); a change applies to passwords set from then on", n, show(rx))
			}
			return r
		}
		lv, _, stop := globalValue(s, "password.policy.minimum.length", "0")
		if stop != nil {
			return []Result{*stop}
		}
		rx, _, _ := globalValue(s, "password.policy.regex", ".+")
		out := []Result{judge(SettingRes("password.policy.minimum.length"), lv, rx)}
		for _, d := range domainScopes(s, "password.policy.minimum.length", "password.policy.regex") {
			d.Name = "password.policy.minimum.length"
			out = append(out, judge(OverrideRes(d), scopedValue(s, d.Name, "0", d.ScopeID), scopedValue(s, "password.policy.regex", ".+", d.ScopeID)))
		}
		return out
	},
}

// LoginLockout flags failed-login lockout disabled.
var LoginLockout = &Check{
	ID:       "CS-AUTH-013",
	Title:    "Failed-login lockout disabled",
	Severity: Medium,
	Threat:   []string{"TM §10.7", "TM §10.11"},
	Rationale: "incorrect.login.attempts.allowed (default 5) disables a user after that many failed " +
		"logins; a value of 0 or less turns the lockout off (Config.java:892), leaving passwords open to " +
		"unlimited guessing through the login API.",
	Remediation: "cmk update configuration name=incorrect.login.attempts.allowed value=5, then restart the " +
		"management servers (not dynamic).",
	References: []string{"server/src/main/java/com/cloud/configuration/Config.java:888-895@4.22.1.0", "CWE-307"},
	Requires:   needSettings,
	Settings:   []string{"incorrect.login.attempts.allowed"},
	Eval: settingRule{name: "incorrect.login.attempts.allowed", codeDefault: "5", expected: "1 to 10",
		judge: func(v string) (Status, string) {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			switch {
			case err != nil:
				// AccountManagerImpl: NumbersUtil.parseInt(value, 5).
				return Pass, "the value is not an integer, so CloudStack falls back to 5 attempts"
			case n <= 0:
				return Fail, "no lockout: failed logins never disable a user, so passwords can be guessed without limit"
			case n > 10:
				return Pass, fmt.Sprintf("users are disabled after %d failed logins (lax; 5 recommended)", n)
			}
			return Pass, fmt.Sprintf("users are disabled after %d failed logins", n)
		}}.eval,
}

// DormantAPIKeys flags disabled or removed users still holding API keys.
var DormantAPIKeys = &Check{
	ID:       "CS-AUTH-014",
	Title:    "Disabled or removed users still hold API keys",
	Severity: Low,
	Threat:   []string{"TM §10.9"},
	Rationale: "Disabling or removing a user does not delete its API key pair. CloudStack rejects " +
		"signed requests of disabled users and accounts (ApiServer.verifyRequest), so the keys are " +
		"dormant rather than live; but re-enabling the user revives them, and they stay in the database " +
		"and its backups.",
	Remediation: "Delete users that are gone for good (cmk delete user id=<id>); otherwise regenerate the " +
		"keys (cmk register userkeys id=<id>) before re-enabling the user and discard the old ones.",
	References: []string{"server/src/main/java/com/cloud/api/ApiServer.java:1091@4.22.1.0 (disabled users rejected)"},
	Requires:   []snapshot.Dataset{snapshot.DataUsers, snapshot.DataUserSecurity},
	Eval: func(s *snapshot.Snapshot) []Result {
		users := userByID(s)
		var out []Result
		for _, us := range s.UserSecurity {
			u, ok := users[us.UserID]
			if !ok || (u.Enabled && !u.Removed) || !(us.HasAPIKey || us.HasSecretKey) {
				continue
			}
			state := "disabled"
			if u.Removed {
				state = "removed"
			}
			out = append(out, Result{Status: Fail, Resource: UserRes(u), Expected: "no API keys", Actual: state + ", API keys present",
				Message: fmt.Sprintf("%s user %s still holds an API key pair", state, u.Username)})
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("API keys"), Expected: "no API keys on disabled or removed users",
				Message: "no disabled or removed user holds API keys"})
		}
		return out
	},
}

// SAMLMetadataHTTP flags IdP metadata fetched over plain HTTP.
var SAMLMetadataHTTP = &Check{
	ID:       "CS-AUTH-015",
	Title:    "SAML2 IdP metadata fetched over plain HTTP",
	Severity: High,
	Threat:   []string{"TM §5a", "TM §3.2"},
	Rationale: "saml2.idp.metadata.url is loaded with an HTTP metadata provider when it starts with " +
		"'http', else as a local file (SAML2AuthManagerImpl). The metadata carries the IdP's signing " +
		"certificate: fetched over http:// an on-path attacker can replace it with their own and then " +
		"sign SAML responses for any user.",
	Remediation: "cmk update configuration name=saml2.idp.metadata.url value=https://<idp>/metadata (or a " +
		"local file path readable by the cloud user).",
	References: []string{"plugins/user-authenticators/saml2/src/main/java/org/apache/cloudstack/saml/SAML2AuthManagerImpl.java:375-386@4.22.1.0", "CWE-319"},
	Requires:   needSettings,
	Settings:   []string{"saml2.enabled", "saml2.idp.metadata.url"},
	Eval: func(s *snapshot.Snapshot) []Result {
		if on, rs := samlEnabled(s); !on {
			return rs
		}
		return settingRule{name: "saml2.idp.metadata.url", codeDefault: "https://openidp.feide.no/simplesaml/saml2/idp/metadata.php", expected: "https:// or a local file",
			judge: func(v string) (Status, string) {
				v = strings.TrimSpace(v)
				switch {
				case strings.HasPrefix(v, "http://"):
					return Fail, "the IdP metadata (and its signing certificate) is fetched over plain HTTP"
				case strings.HasPrefix(v, "https://"):
					return Pass, "the IdP metadata is fetched over HTTPS"
				}
				return Pass, "the IdP metadata is read from a local file"
			}}.eval(s)
	},
}

// SAMLSampleIdP flags SAML2 pointed at the shipped public demo IdP.
var SAMLSampleIdP = &Check{
	ID:       "CS-AUTH-016",
	Title:    "SAML2 enabled with the shipped sample IdP",
	Severity: Medium,
	Threat:   []string{"TM §3.2", "TM §5a"},
	Rationale: "saml2.idp.metadata.url and saml2.default.idpid default to openidp.feide.no, a public " +
		"demonstration IdP. With SAML2 enabled and these defaults kept, logins are delegated to an " +
		"identity provider the operator does not control.",
	Remediation: "Set saml2.idp.metadata.url and saml2.default.idpid to the organisation's IdP, or " +
		"saml2.enabled=false.",
	References: []string{"plugins/user-authenticators/saml2/src/main/java/org/apache/cloudstack/saml/SAML2AuthManager.java:58,61@4.22.1.0"},
	Requires:   needSettings,
	Settings:   []string{"saml2.enabled", "saml2.idp.metadata.url", "saml2.default.idpid"},
	Eval: func(s *snapshot.Snapshot) []Result {
		if on, rs := samlEnabled(s); !on {
			return rs
		}
		var out []Result
		for _, k := range []struct{ name, def string }{
			{"saml2.idp.metadata.url", "https://openidp.feide.no/simplesaml/saml2/idp/metadata.php"},
			{"saml2.default.idpid", "https://openidp.feide.no"},
		} {
			out = append(out, settingRule{name: k.name, codeDefault: k.def, expected: "the organisation's IdP",
				judge: func(v string) (Status, string) {
					if strings.EqualFold(urlHost(v), "openidp.feide.no") {
						return Fail, "SAML2 logins use the public sample IdP openidp.feide.no"
					}
					return Pass, "SAML2 uses " + show(v)
				}}.eval(s)...)
		}
		return out
	},
}

// urlHost returns the host of scheme://[user@]host[:port]/..., or v itself.
func urlHost(v string) string {
	v = strings.TrimSpace(v)
	i := strings.Index(v, "://")
	if i < 0 {
		return v
	}
	h := v[i+3:]
	if j := strings.IndexAny(h, "/?#"); j >= 0 {
		h = h[:j]
	}
	if j := strings.LastIndex(h, "@"); j >= 0 {
		h = h[j+1:]
	}
	if strings.HasPrefix(h, "[") {
		if j := strings.Index(h, "]"); j > 0 {
			return h[1:j]
		}
	}
	if j := strings.LastIndex(h, ":"); j >= 0 {
		h = h[:j]
	}
	return h
}

func localHTTP(u string) bool {
	h := strings.ToLower(urlHost(u))
	return h == "localhost" || h == "127.0.0.1" || h == "::1"
}

// OAuthRedirectHTTP flags OAuth2 providers redirecting over plain HTTP.
var OAuthRedirectHTTP = &Check{
	ID:       "CS-AUTH-017",
	Title:    "OAuth2 provider redirect URI over plain HTTP",
	Severity: Medium,
	Threat:   []string{"TM §3.2", "TM §10.4"},
	Rationale: "The OAuth2 authorization code comes back to CloudStack on the provider's redirect_uri. " +
		"Over http:// it crosses the network in clear and can be replayed to log in as the user.",
	Remediation: "cmk update oauthprovider id=<id> redirecturi=https://<ui-host>/... and register the same " +
		"URI at the provider.",
	References: []string{"engine/schema/src/main/resources/META-INF/db/schema-41810to41900.sql:231 (oauth_provider)",
		"plugins/user-authenticators/oauth2/src/main/java/org/apache/cloudstack/oauth2/OAuth2AuthManager.java:32@4.22.1.0", "RFC 6749 §3.1.2.1"},
	Requires: []snapshot.Dataset{snapshot.DataOAuth, snapshot.DataSettings},
	Settings: []string{"oauth2.enabled"},
	Since:    "4.19.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		v, actual, stop := globalValue(s, "oauth2.enabled", "false")
		if stop != nil {
			return []Result{*stop}
		}
		if !isTrue(v) {
			return []Result{{Status: Pass, Resource: SettingRes("oauth2.enabled"), Actual: actual, Message: "OAuth2 login is disabled"}}
		}
		var out []Result
		for _, p := range s.OAuthProviders {
			if p.Removed || !p.Enabled {
				continue
			}
			r := Result{Resource: OAuthProviderRes(p), Expected: "https://", Actual: show(p.RedirectURI)}
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(p.RedirectURI)), "http://") && !localHTTP(p.RedirectURI) {
				r.Status, r.Message = Fail, "the OAuth2 authorization code is returned over plain HTTP"
			} else {
				r.Status, r.Message = Pass, "the redirect URI uses HTTPS"
			}
			out = append(out, r)
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("OAuth2 providers"), Message: "no OAuth2 provider is enabled"})
		}
		return out
	},
}

// domainAdminThreshold is csaudit's default limit of domain admins per domain.
const domainAdminThreshold = 3

// DomainAdminCount reports domains with many domain administrators.
var DomainAdminCount = &Check{
	ID:       "CS-AUTH-018",
	Title:    "Many domain administrators in one domain",
	Severity: Info,
	Threat:   []string{"TM §11.6"},
	Rationale: "A domain admin controls every account, VM and network of its domain and subdomains; " +
		"one in the ROOT domain administers the whole tree short of global settings. Keeping their " +
		"number small limits what one phished password gives away. The threshold (3) is csaudit's " +
		"default, a policy choice.",
	Remediation: "Review with cmk list accounts accounttype=2 listall=true; demote or disable the domain " +
		"admins that are not needed.",
	References: []string{"TM §11.6 (domain admin scope)"},
	Requires:   []snapshot.Dataset{snapshot.DataUsers},
	Eval: func(s *snapshot.Snapshot) []Result {
		per := map[string][]string{}
		for _, u := range s.Users {
			if u.AccountType == snapshot.AccountDomainAdmin && u.Enabled && !u.Removed {
				per[u.Domain] = append(per[u.Domain], u.Username)
			}
		}
		doms := make([]string, 0, len(per))
		for d := range per {
			doms = append(doms, d)
		}
		sort.Strings(doms)
		var out []Result
		for _, d := range doms {
			names := per[d]
			shown := names
			if len(shown) > 10 {
				shown = append(slices.Clone(shown[:10]), fmt.Sprintf("and %d more", len(names)-10))
			}
			res := Resource{Kind: KindDomain, Name: d}
			if d == "" || d == "/" || d == "ROOT" {
				res.Name = "ROOT"
				out = append(out, Result{Status: Fail, Resource: res, Expected: "no domain admins in ROOT", Actual: fmt.Sprintf("%d", len(names)),
					Message: fmt.Sprintf("domain admins in the ROOT domain administer the whole tree: %s", strings.Join(shown, ", "))})
				continue
			}
			if len(names) > domainAdminThreshold {
				out = append(out, Result{Status: Fail, Resource: res, Expected: fmt.Sprintf("at most %d", domainAdminThreshold), Actual: fmt.Sprintf("%d", len(names)),
					Message: fmt.Sprintf("%d enabled domain admins (%s); %d is csaudit's default threshold", len(names), strings.Join(shown, ", "), domainAdminThreshold)})
			}
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("domain admins"), Expected: fmt.Sprintf("at most %d per domain", domainAdminThreshold),
				Message: fmt.Sprintf("no domain has more than %d domain admins and none is in ROOT", domainAdminThreshold)})
		}
		return out
	},
}
