package checks

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// isSecretSetting reports whether a reduced setting holds a secret that
// CloudStack encrypts: Secure/Hidden rows whose value is a credential or
// key (secrets.IsSecretSetting decides, for collectors and checks alike).
// Public material (ssh.publickey, the Root CA certificate) and Hidden flags
// are encrypted at rest too but are not judged as credentials.
func isSecretSetting(st *snapshot.Setting) bool {
	return st.Secret != nil && secrets.EncryptedCategory(st.Category) && secrets.IsSecretSetting(st.Name, st.Category)
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
		// Each value is judged on its own: one row left in the clear says
		// nothing about the ciphertexts beside it.
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
			if o.Secret == nil || !o.Secret.Present || !secretNames[o.Name] {
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
			// Only when no stored value at all is ciphertext.
			out = append(out, Result{Status: Fail, Resource: Resource{Kind: KindDatabase, Name: "encryption"}, Expected: "db.cloud.encryption.type file, env or web",
				Actual: "off", Message: "database encryption is off: no value CloudStack stores is encrypted (" + s.DBEncryption.Evidence + ")"})
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
	Settings:   []string{"network.loadbalancer.haproxy.stats.auth", "network.loadbalancer.haproxy.stats.visibility"},
	Eval: func(s *snapshot.Snapshot) []Result {
		const name = "network.loadbalancer.haproxy.stats.auth"
		st, ok := s.Setting(name)
		if !ok {
			return []Result{missingSetting(s, name)}
		}
		if vis, ok := s.Setting("network.loadbalancer.haproxy.stats.visibility"); ok && vis.Secret == nil {
			if v, _, _ := effectiveIn(s, vis); strings.EqualFold(strings.TrimSpace(v), "disabled") {
				return []Result{{Status: Pass, Resource: SettingRes(vis.Name), Actual: "disabled", Message: "the HAProxy stats page is disabled"}}
			}
		}
		r := Result{Resource: SettingRes(name), Expected: "not the published default"}
		switch {
		case st.Secret == nil:
			// A NULL row takes the Java default, which is the published one.
			v, _, _ := effectiveIn(s, st)
			if v == "admin1:AdMiN123" {
				r.Status, r.Actual, r.Message = Fail, "published default", "the HAProxy stats page accepts the published default credentials"
			} else {
				r.Status, r.Actual, r.Message = Pass, "changed", "stats credentials differ from the default"
			}
		case st.Secret.KnownDefault != "":
			how := ""
			if st.Secret.Decrypted {
				how = "; decrypted in memory with the database key"
			}
			r.Status, r.Actual, r.Message = Fail, "published default", "the HAProxy stats page accepts the published default credentials ("+st.Secret.KnownDefault+how+")"
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
	Severity: Low,
	Threat:   []string{"TM §4 B9", "TM §10.14"},
	Rationale: "With system.vm.random.password=false every console proxy, secondary-storage VM and " +
		"virtual router keeps the well-known root password of the system-VM template. It is usable " +
		"at the VM console only (hypervisor console or the console proxy, which already need " +
		"hypervisor or root-admin access); SSH into system VMs is key-only (sshd_config " +
		"PasswordAuthentication no, port 3922), hence low.",
	Remediation: "Set system.vm.random.password=true and restart the management servers, then recreate " +
		"(destroy) the system VMs and restart networks with cleanup so they boot with the random password.",
	References: []string{"server/src/main/java/com/cloud/configuration/Config.java (SystemVMRandomPassword)", "CWE-1393"},
	Requires:   needSettings,
	Settings:   []string{"system.vm.random.password"},
	Eval: boolRule("system.vm.random.password", true, "false",
		"system VMs use the template's default root password", false).eval,
}

// credentialEval is the eval for a kind of stored credential.
func credentialEval(kind, what string) func(*snapshot.Snapshot) []Result {
	return func(s *snapshot.Snapshot) []Result { return credentialResults(s, kind, what, "") }
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

// DefaultDBKey flags database secrets encrypted with the published key.
var DefaultDBKey = &Check{
	ID:       "CS-CRYPT-030",
	Title:    "Database secrets encrypted with the published default key",
	Severity: Critical,
	Threat:   []string{"TM §10.6", "TM §3.1", "PR Q15"},
	Rationale: "cloudstack-setup-databases encrypts database secrets with the key given by -k " +
		"(--database-secretkey), whose default is the published string \"password\" " +
		"(setup/bindir/cloud-setup-databases.in). csaudit tries that key, in memory, on a few stored " +
		"ciphertexts (V2 AES-GCM and V1 PBEWithMD5AndDES); when they decrypt, the encryption protects " +
		"nothing: anyone with the database or a backup decrypts the Root CA key, the system-VM SSH key, " +
		"host and vCenter passwords and API secret keys.",
	Remediation: "Re-encrypt the database with a strong secret: stop the management servers, run " +
		"`cloudstack-migrate-databases -m <new db.properties key> -d <new database key>` (or set up with " +
		"`cloudstack-setup-databases ... -k <long random key>`), keep the key only in the key file/env, " +
		"then rotate the exposed secrets (Root CA, ssh.privatekey, host/vCenter passwords, API keys).",
	References: []string{"setup/bindir/cloud-setup-databases.in (--database-secretkey default)", "CWE-1394", "CWE-321"},
	Requires:   needSettings,
	Eval: func(s *snapshot.Snapshot) []Result {
		r := Result{Resource: Resource{Kind: KindDatabase, Name: "encryption key"}, Expected: "not the published default key"}
		e := s.DBEncryption
		switch {
		case e == nil || !e.DefaultKeyTried:
			r.Status, r.Actual, r.Message = Pass, "no ciphertext", "no stored value is ciphertext, so no key was tried (see CS-CRYPT-001 for values in the clear)"
		case e.DefaultKey:
			r.Status, r.Actual = Fail, "published default key"
			r.Message = "database secrets decrypt with the published default key \"password\": " + e.DefaultKeyEvidence
		default:
			r.Status, r.Actual, r.Message = Pass, "not the default", "stored ciphertexts do not decrypt with the published default key ("+e.DefaultKeyEvidence+")"
		}
		return []Result{r}
	},
}
