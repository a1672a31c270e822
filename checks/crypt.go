package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// secretName matches settings whose value is a credential or key. Category
// Hidden also holds ordinary flags (init, kvm.snapshot.enabled) and public
// material (ssh.publickey), which are not judged.
var secretName = regexp.MustCompile(`(?i)(password|passwd|secret|privatekey|private\.key|\.key|\.iv|psk|stats\.auth|credentials?)$`)

var publicName = regexp.MustCompile(`(?i)(public\.?key|certificate|principal)$`)

// isSecretSetting reports whether a setting holds a real secret that
// CloudStack encrypts: category Hidden or Secure (the categories
// DBEncryptionUtil covers), excluding public material, and for Hidden only
// names that denote a secret.
func isSecretSetting(st *snapshot.Setting) bool {
	if st.Secret == nil || publicName.MatchString(st.Name) {
		return false
	}
	switch {
	case strings.EqualFold(st.Category, "Secure"):
		return true
	case strings.EqualFold(st.Category, "Hidden"):
		return secretName.MatchString(st.Name)
	}
	return false
}

// SecretsUnencrypted flags Hidden/Secure secrets kept in clear.
var SecretsUnencrypted = &Check{
	ID:       "CS-CRYPT-001",
	Title:    "Secret settings stored unencrypted (database encryption off)",
	Severity: High,
	Threat:   []string{"TM §10.6", "TM §3.1", "TM §11a.5", "PR Q15"},
	Rationale: "CloudStack encrypts Hidden and Secure settings (the Root CA private key, the system-VM " +
		"SSH key, SMTP/LDAP passwords, console-proxy keys) with the database key only when " +
		"db.cloud.encryption.type is file, env or web. With it off they sit in clear in MySQL, so " +
		"anyone with read access to the database or a backup can mint agent certificates and log " +
		"into every system VM.",
	Remediation: "Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file " +
		"(and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each " +
		"listed setting so it is written encrypted, and rotate the secrets that were exposed " +
		"(regenerate ssh.privatekey, the Root CA, passwords).",
	References: []string{"utils/src/main/java/com/cloud/utils/crypt/DBEncryptionUtil.java", "CWE-312"},
	Requires:   needSettings,
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		enc := 0
		for i := range s.Settings {
			st := &s.Settings[i]
			if !isSecretSetting(st) || !st.Secret.Present {
				continue
			}
			r := secretResult(SettingRes(st.Name), *st.Secret, "the value of "+st.Name)
			if r.Status == Pass {
				enc++
				continue
			}
			out = append(out, r)
		}
		encGlobal := enc
		secretNames := map[string]bool{}
		for i := range s.Settings {
			if isSecretSetting(&s.Settings[i]) {
				secretNames[s.Settings[i].Name] = true
			}
		}
		for _, o := range s.ScopedSettings {
			if o.Secret == nil || !o.Secret.Present || !(secretNames[o.Name] || secretName.MatchString(o.Name)) {
				continue
			}
			r := secretResult(OverrideRes(o), *o.Secret, "the value of "+o.Name)
			if r.Status == Pass {
				enc++
				continue
			}
			out = append(out, r)
		}
		if len(out) == 0 {
			msg := fmt.Sprintf("%d secret settings are stored encrypted", encGlobal)
			if n := enc - encGlobal; n > 0 {
				msg += fmt.Sprintf(", and %d scoped overrides", n)
			}
			if enc == 0 {
				msg = "no secret setting holds a value"
			}
			out = append(out, Result{Status: Pass, Resource: GroupRes("secret settings"), Expected: "encrypted",
				Actual: fmt.Sprintf("%d encrypted", enc), Message: msg})
		} else if s.DBEncryption != nil && s.DBEncryption.State == snapshot.EncryptionOff {
			out = append(out, Result{Status: Fail, Resource: Resource{Kind: KindDatabase, Name: "encryption"}, Expected: "db.cloud.encryption.type file, env or web",
				Actual: "off", Message: "database encryption is off: nothing CloudStack stores is encrypted (" + s.DBEncryption.Evidence + ")"})
		}
		return out
	},
}

// HAProxyStats flags the published HAProxy stats credentials.
var HAProxyStats = &Check{
	ID:       "CS-CRYPT-002",
	Title:    "Virtual-router HAProxy stats page uses the published default credentials",
	Severity: Medium,
	Threat:   []string{"TM §4 B9", "TM §10.6"},
	Rationale: "network.loadbalancer.haproxy.stats.auth protects the HAProxy statistics page of every " +
		"load-balancing virtual router. Its shipped value admin1:AdMiN123 is public, so anyone who " +
		"reaches the stats port learns and can disturb tenants' load balancers.",
	Remediation: "Set network.loadbalancer.haproxy.stats.auth to a unique `user:long-random-password`, or " +
		"network.loadbalancer.haproxy.stats.visibility=disabled, and re-apply load-balancer rules.",
	References: []string{"server/src/main/java/com/cloud/configuration/Config.java (NetworkLBHaproxyStatsAuth)", "CWE-1393"},
	Requires:   needSettings,
	Eval: func(s *snapshot.Snapshot) []Result {
		const name = "network.loadbalancer.haproxy.stats.auth"
		st, ok := s.Setting(name)
		if !ok {
			return []Result{missingSetting(s, name)}
		}
		if vis, ok := s.Setting("network.loadbalancer.haproxy.stats.visibility"); ok && vis.Secret == nil {
			if v, _ := effective(vis, "global"); strings.EqualFold(strings.TrimSpace(v), "disabled") {
				return []Result{{Status: Pass, Resource: SettingRes(vis.Name), Actual: "disabled", Message: "the HAProxy stats page is disabled"}}
			}
		}
		r := Result{Resource: SettingRes(name), Expected: "not the published default"}
		switch {
		case st.Secret == nil:
			v, _ := effective(st, "")
			if v == "admin1:AdMiN123" {
				r.Status, r.Actual, r.Message = Fail, "published default", "the HAProxy stats page accepts the published default credentials"
			} else {
				r.Status, r.Actual, r.Message = Pass, "changed", "stats credentials differ from the default"
			}
		case st.Secret.KnownDefault != "":
			r.Status, r.Actual, r.Message = Fail, "published default", "the HAProxy stats page accepts the published default credentials ("+st.Secret.KnownDefault+")"
		case !st.Secret.Present:
			r.Status, r.Actual, r.Message = Manual, "empty", "no stats credentials are stored; check what the virtual routers use"
		case st.Secret.Encoding == snapshot.Plaintext, st.Secret.Decrypted:
			r.Status, r.Actual, r.Message = Pass, "changed", "stats credentials differ from the default"
		default:
			r.Status, r.Actual = Manual, "encrypted"
			r.Message = "the value is encrypted, so csaudit cannot compare it with the default; check it is not admin1:AdMiN123 in Global Settings"
		}
		return []Result{r}
	},
}

// SystemVMPassword flags system VMs keeping the template password.
var SystemVMPassword = &Check{
	ID:       "CS-CRYPT-003",
	Title:    "System VMs keep the template's default password",
	Severity: Medium,
	Threat:   []string{"TM §4 B9", "TM §10.14"},
	Rationale: "With system.vm.random.password=false every console proxy, secondary-storage VM and " +
		"virtual router keeps the well-known root password of the system-VM template, usable at " +
		"their consoles.",
	Remediation: "Set system.vm.random.password=true and restart the management servers, then recreate " +
		"(destroy) the system VMs and restart networks with cleanup so they boot with the random password.",
	References: []string{"server/src/main/java/com/cloud/configuration/Config.java (SystemVMRandomPassword)", "CWE-1393"},
	Requires:   needSettings,
	Eval: boolRule("system.vm.random.password", true, "false",
		"system VMs use the template's default root password", false).eval,
}

// credentialRule builds the eval for a kind of stored credential.
func credentialEval(kind, what string) func(*snapshot.Snapshot) []Result {
	return func(s *snapshot.Snapshot) []Result {
		var out []Result
		n, enc := 0, 0
		for _, c := range s.Credentials {
			if c.Kind != kind || !c.Secret.Present {
				continue
			}
			n++
			r := secretResult(CredentialRes(c), c.Secret, what+" in "+c.Location)
			if r.Status == Pass {
				enc++
				continue
			}
			out = append(out, r)
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes(what + "s"), Expected: "encrypted",
				Actual: fmt.Sprintf("%d stored, %d encrypted", n, enc), Message: fmt.Sprintf("no %s is stored in the clear", what)})
		}
		return out
	}
}

// HostCredentials flags hypervisor credentials in clear.
var HostCredentials = &Check{
	ID:       "CS-CRYPT-004",
	Title:    "Hypervisor host credentials stored in clear",
	Severity: High,
	Threat:   []string{"TM §10.13", "TM §10.6"},
	Rationale: "host_details keeps the login (often root) CloudStack used to add each hypervisor host. " +
		"With database encryption off it is plaintext: a database reader gets root on the hypervisors.",
	Remediation: "Enable database encryption (see CS-CRYPT-001), then change each host's password on the " +
		"host and store the new one encrypted (updateHostPassword); prefer key-based host addition.",
	References: []string{"CWE-312", "CloudStack admin guide: hosts (changing host password)"},
	Requires:   []snapshot.Dataset{snapshot.DataHostCreds},
	Eval:       credentialEval(snapshot.CredHostPassword, "host password"),
}

// APISecretKeys flags API secret keys in clear.
var APISecretKeys = &Check{
	ID:       "CS-CRYPT-005",
	Title:    "API secret keys stored in clear",
	Severity: High,
	Threat:   []string{"TM §10.9", "TM §10.6"},
	Rationale: "A user's API secret key signs API requests as that user. CloudStack encrypts it with " +
		"the database key; stored in clear, every key (root admins' included) is usable by anyone who " +
		"reads the user table or a backup.",
	Remediation: "Enable database encryption (CS-CRYPT-001), then regenerate the listed users' keys " +
		"(registerUserKeys / 'Generate keys' in the UI) and update the clients that use them.",
	References: []string{"engine/schema/src/main/java/com/cloud/user/UserVO.java (@Encrypt secret_key)", "CWE-312"},
	Requires:   []snapshot.Dataset{snapshot.DataAPIKeys},
	Eval:       credentialEval(snapshot.CredAPISecretKey, "API secret key"),
}

// VCenterCredentials flags vCenter passwords in clear.
var VCenterCredentials = &Check{
	ID:       "CS-CRYPT-006",
	Title:    "VMware vCenter credentials stored in clear",
	Severity: High,
	Threat:   []string{"TM §10.13", "TM §10.6"},
	Rationale: "vmware_data_center keeps the vCenter account CloudStack manages VMware with; in clear " +
		"it hands a database reader the vCenter.",
	Remediation: "Enable database encryption (CS-CRYPT-001), rotate the vCenter password and update it " +
		"with updateVmwareDc.",
	References: []string{"plugins/hypervisors/vmware VmwareDatacenterVO (@Encrypt password)", "CWE-312"},
	Requires:   []snapshot.Dataset{snapshot.DataVCenterCreds},
	Eval:       credentialEval(snapshot.CredVCenterPassword, "vCenter password"),
}
