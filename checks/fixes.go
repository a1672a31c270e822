package checks

// Remediation values: for the checks whose fix is a setting value, the
// value that fixes it, so that 'csaudit -f remediation' can write the
// command. Settings whose right value is the operator's choice (a proxy
// address, a certificate domain, a new password) are not here: the script
// writes a TODO for them. A test holds every entry against the registry
// and the check's Settings.

// SettingFix is the value that fixes a failing setting.
type SettingFix struct {
	Value string
	// Note is said in the script above the command (a restart, a
	// precondition).
	Note string
}

// SettingFixes maps check ID and setting name to the fixing value.
var SettingFixes = map[string]map[string]SettingFix{
	// -1, not 0: any value <= 0 skips the listener on fixed releases
	// (server/.../api/ApiServer.java:446@4.22.1.0), while 0 opened a random
	// port up to 4.18.2.0 and 4.19.0.1 (CVE-2024-39864).
	"CS-API-001": {"integration.api.port": {"-1", "restart every management server; -1 disables the port on every release (0 opened a random port up to 4.18.2.0 and 4.19.0.1, CVE-2024-39864)"}},
	"CS-API-002": {"api.throttling.enabled": {"true", "size api.throttling.interval/api.throttling.max for your heaviest client; restart the management servers"}},
	"CS-API-005": {"enforce.post.requests.and.timestamps": {"true", "first check that API clients send POST with signatureversion=3 and expires; restart the management servers"}},
	"CS-AUTH-001": {
		"user.password.encoders.order":   {"PBKDF2,SHA256SALT,MD5,LDAP,SAML2,PLAINTEXT", "then have the listed users change their passwords"},
		"user.password.encoders.exclude": {"MD5,LDAP,PLAINTEXT", ""},
	},
	"CS-AUTH-002":  {"user.authenticators.exclude": {"PLAINTEXT", "if the setting already excludes other authenticators, keep them: PLAINTEXT,<the others>"}},
	"CS-AUTH-005":  {"enable.user.2fa": {"true", "administrators should then enrol; set mandate.user.2fa=true where policy requires"}},
	"CS-AUTH-007":  {"saml2.check.signature": {"true", "not dynamic: restart the management servers"}},
	"CS-AUTH-008":  {"saml2.sigalg": {"SHA256", "make the IdP expect SHA-256 signatures"}},
	"CS-CONS-001":  {"consoleproxy.sslEnabled": {"true", "first upload a certificate for your console domain (uploadCustomCertificate) and set consoleproxy.url.domain; then restart the console proxy VMs"}},
	"CS-CRYPT-003": {"system.vm.random.password": {"true", "restart the management servers, then recreate the system VMs"}},
	"CS-PKI-005":   {"ca.plugin.root.auth.strictness": {"true", "first secure every host (provisionCertificate; listHosts shows them secured); restart the management servers"}},
	"CS-PKI-006":   {"ca.plugin.root.allow.expired.cert": {"false", "once certificate auto-renewal is reliable (ca.framework.cert.automatic.renewal=true)"}},
	"CS-SESS-001":  {"enable.secure.session.cookie": {"true", "serve the UI over HTTPS only; restart the management servers"}},
}

// GroupSettingFixes lists, for checks whose failure is about several
// settings together (not one setting resource), the settings to set, in
// order.
var GroupSettingFixes = map[string][]string{
	"CS-AUTH-001": {"user.password.encoders.order", "user.password.encoders.exclude"},
}

// FileModeChecks are the checks whose failing file findings are fixed by
// the owner and mode in the finding's Expected ("0640 root:cloud ...").
var FileModeChecks = map[string]bool{"CS-HOST-001": true, "CS-HOST-015": true, "CS-HOST-017": true}
