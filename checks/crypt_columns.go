package checks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// UnencryptedSettingCreds flags credentials kept in settings whose
// category CloudStack does not encrypt.
var UnencryptedSettingCreds = &Check{
	ID:       "CS-CRYPT-007",
	Title:    "Credentials kept in settings CloudStack does not encrypt",
	Severity: Medium,
	Threat:   []string{"TM §10.6"},
	Rationale: "CloudStack encrypts configuration values of the Hidden and Secure categories only " +
		"(ConfigurationVO.isEncrypted). quota.usage.smtp.password and cloudian.admin.password are in " +
		"category Advanced and secstorage.proxy (http://user:pass@host:port) too, so the credentials they " +
		"hold are stored in clear whether or not database encryption is on. This is how CloudStack " +
		"defines these settings, not an operator error; the exposure is real all the same.",
	Remediation: "Use an SMTP relay that needs no authentication or a dedicated low-privilege SMTP " +
		"account, and rotate it; for the secondary-storage proxy allow the SSVMs by address instead of " +
		"credentials; restrict read access to the database and its backups.",
	References: []string{"framework/quota/src/main/java/org/apache/cloudstack/quota/constant/QuotaConfig.java:47@4.22.1.0",
		"plugins/integrations/cloudian/src/main/java/org/apache/cloudstack/cloudian/CloudianConnector.java:44@4.22.1.0",
		"server/src/main/java/com/cloud/configuration/Config.java:642@4.22.1.0 (secstorage.proxy)", "CWE-312"},
	Requires: needSettings,
	Settings: []string{"quota.usage.smtp.password", "cloudian.admin.password", "cloudian.connector.enabled", "secstorage.proxy"},
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		checked := 0
		for _, name := range []string{"quota.usage.smtp.password", "cloudian.admin.password"} {
			st, ok := s.Setting(name)
			if !ok {
				continue
			}
			checked++
			if name == "cloudian.admin.password" {
				if on, _, _ := globalValue(s, "cloudian.connector.enabled", "false"); !isTrue(on) {
					continue
				}
			}
			present := st.Secret != nil && st.Secret.Present || st.Secret == nil && st.Value != nil && strings.TrimSpace(*st.Value) != ""
			if !present {
				continue
			}
			if isSecretCategoryName(st.Category) && st.Secret != nil {
				// An installation that moved the row to Hidden/Secure gets it encrypted.
				if r := secretResult(SettingRes(name), *st.Secret, "the value of "+name); r.Status != Pass {
					out = append(out, r)
				}
				continue
			}
			r := Result{Status: Fail, Resource: SettingRes(name), Expected: "empty", Actual: "set (category " + show(st.Category) + ")",
				Message: name + " holds a password that CloudStack stores in clear regardless of database encryption"}
			if st.Secret != nil && st.Secret.KnownDefault != "" {
				r.Message += " (it equals a published default)"
			}
			out = append(out, r)
		}
		if st, ok := s.Setting("secstorage.proxy"); ok {
			checked++
			v, _ := effective(st, "")
			if st.Secret == nil && hasUserinfo(v) {
				out = append(out, Result{Status: Fail, Resource: SettingRes("secstorage.proxy"), Expected: "no credentials in the URL", Actual: show(v),
					Message: "the secondary-storage proxy URL carries a user name and password, stored in clear regardless of database encryption"})
			}
		}
		if len(out) == 0 {
			if checked == 0 {
				return []Result{missingSetting(s, "quota.usage.smtp.password")}
			}
			out = append(out, Result{Status: Pass, Resource: GroupRes("credential settings CloudStack does not encrypt"), Expected: "empty",
				Message: "no credential is kept in settings that CloudStack stores in clear"})
		}
		return out
	},
}

func isSecretCategoryName(c string) bool {
	return strings.EqualFold(c, "Hidden") || strings.EqualFold(c, "Secure")
}

// hasUserinfo reports a URL with user:password@ (the collector redacts the
// password but keeps the shape).
func hasUserinfo(v string) bool {
	i := strings.Index(v, "://")
	if i < 0 {
		return false
	}
	rest := v[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	at := strings.LastIndex(rest, "@")
	return at > 0 && strings.Contains(rest[:at], ":")
}

// VPNSecrets flags VPN passwords and IPsec pre-shared keys in clear.
var VPNSecrets = &Check{
	ID:       "CS-CRYPT-008",
	Title:    "VPN passwords and IPsec pre-shared keys stored in clear",
	Severity: High,
	Threat:   []string{"TM §10.6", "TM §3.1"},
	Rationale: "vpn_users.password, remote_access_vpn.ipsec_psk and s2s_customer_gateway.ipsec_psk are " +
		"encrypted by CloudStack with the database key (@Encrypt) when database encryption is on. In " +
		"clear, a database reader can join tenants' remote-access VPNs and impersonate their " +
		"site-to-site peers.",
	Remediation: "Enable database encryption (CS-CRYPT-001), then re-create the listed VPN users (cmk remove " +
		"vpnuser / add vpnuser) and reset the gateways' PSKs (updateVpnCustomerGateway) so they are written " +
		"encrypted; treat the old values as exposed.",
	References: []string{"engine/schema/src/main/java/com/cloud/network/VpnUserVO.java:50@4.22.1.0", "engine/schema/src/main/java/com/cloud/network/dao/RemoteAccessVpnVO.java:53@4.22.1.0",
		"engine/schema/src/main/java/com/cloud/network/dao/Site2SiteCustomerGatewayVO.java:56@4.22.1.0", "CWE-312"},
	Requires: []snapshot.Dataset{snapshot.DataVPNSecrets},
	Eval: func(s *snapshot.Snapshot) []Result {
		a := credentialResults(s, snapshot.CredVPNUserPassword, "VPN user password", "")
		b := credentialResults(s, snapshot.CredVPNPSK, "IPsec pre-shared key", "")
		return append(a, b...)
	},
}

// OAuthSecrets flags OAuth2 client secrets, which CloudStack keeps in clear.
var OAuthSecrets = &Check{
	ID:       "CS-CRYPT-009",
	Title:    "OAuth2 client secrets stored in clear (CloudStack does not encrypt them)",
	Severity: Low,
	Threat:   []string{"TM §10.6", "TM §3.2"},
	Rationale: "oauth_provider.secret_key has no @Encrypt annotation (OauthProviderVO, 4.19 to main): " +
		"CloudStack stores OAuth2 client secrets in clear whatever the database encryption setting. " +
		"That is a property of the product, not a misconfiguration; it means database and backup " +
		"access must be protected like the secrets themselves.",
	Remediation: "Restrict read access to the database and its backups; after any exposure rotate the " +
		"client secret at the provider and cmk update oauthprovider id=<id> secretkey=<new>; delete " +
		"providers that are not used.",
	References: []string{"plugins/user-authenticators/oauth2/src/main/java/org/apache/cloudstack/oauth2/vo/OauthProviderVO.java:52@4.22.1.0", "CWE-312"},
	Requires:   []snapshot.Dataset{snapshot.DataOAuth},
	Since:      "4.19.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		for _, c := range s.Credentials {
			if c.Kind != snapshot.CredOAuthSecret || !c.Secret.Present {
				continue
			}
			out = append(out, Result{Status: Fail, Resource: CredentialRes(c), Expected: "protected database access", Actual: "clear text (column not encrypted by CloudStack)",
				Message: "CloudStack does not encrypt this column: the OAuth2 client secret is readable by anyone who reads the database or a backup"})
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("OAuth2 client secrets"), Message: "no OAuth2 client secret is stored"})
		}
		return out
	},
}

// ConsolePasswords flags VM console (VNC) passwords in clear.
var ConsolePasswords = &Check{
	ID:       "CS-CRYPT-010",
	Title:    "VM console (VNC) passwords stored in clear",
	Severity: Medium,
	Threat:   []string{"TM §10.6", "TM §10.14"},
	Rationale: "Each VM's VNC password (vm_instance.vnc_password, @Encrypt) protects its console on the " +
		"hypervisor. With database encryption off they are stored in clear: a database reader who can " +
		"reach a hypervisor's VNC ports (see CS-HOST-012) opens any console.",
	Remediation: "Enable database encryption: cloudstack-migrate-databases re-encrypts configuration, the " +
		"details tables and every @Encrypt column (EncryptionSecretKeyChanger); re-run csaudit to confirm. " +
		"Keep VNC bound to the hypervisor's management address.",
	References: []string{"engine/schema/src/main/java/com/cloud/vm/VMInstanceVO.java:75@4.22.1.0",
		"framework/db/src/main/java/com/cloud/utils/crypt/EncryptionSecretKeyChanger.java:474-492@4.22.1.0", "CWE-312"},
	Requires: []snapshot.Dataset{snapshot.DataConsoleSecret},
	Eval: func(s *snapshot.Snapshot) []Result {
		off := s.DBEncryption != nil && s.DBEncryption.State == snapshot.EncryptionOff
		var out []Result
		total, enc := 0, 0
		for _, c := range s.SecretCounts {
			if c.Location != "vm_instance.vnc_password" {
				continue
			}
			plain, unknown := c.Plaintext, c.Unknown
			if off {
				plain, unknown = plain+unknown, 0
			}
			total += c.Plaintext + c.Encrypted + c.Unknown
			enc += c.Encrypted
			res := GroupRes(fmt.Sprintf("VNC passwords of %s VMs", strings.ToLower(orWord(c.Group, "unknown-type"))))
			switch {
			case plain > 0:
				out = append(out, Result{Status: Fail, Resource: res, Expected: "encrypted", Actual: fmt.Sprintf("%d in clear, %d encrypted", plain, c.Encrypted),
					Message: fmt.Sprintf("%d console passwords are stored in clear", plain)})
			case unknown > 0:
				out = append(out, Result{Status: Manual, Resource: res, Expected: "encrypted", Actual: fmt.Sprintf("%d undecided", unknown),
					Message: fmt.Sprintf("cannot tell whether %d console passwords are encrypted; give csaudit the database key (--db-properties)", unknown)})
			}
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("VNC passwords"), Expected: "encrypted",
				Actual: fmt.Sprintf("%d stored, %d encrypted", total, enc), Message: "no console password is stored in clear"})
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].Resource.Name < out[j].Resource.Name })
		return out
	},
}

func orWord(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// OOBMPasswords flags IPMI/Redfish passwords in clear.
var OOBMPasswords = &Check{
	ID:       "CS-CRYPT-011",
	Title:    "Out-of-band management (IPMI/Redfish) passwords stored in clear",
	Severity: High,
	Threat:   []string{"TM §10.13", "TM §10.6"},
	Rationale: "oobm.password (@Encrypt) is the BMC login CloudStack uses to power hosts on and off. In " +
		"clear it gives a database reader the BMCs: power control, virtual media and the consoles of " +
		"the hypervisors.",
	Remediation: "Enable database encryption (CS-CRYPT-001), rotate the BMC passwords and store them again " +
		"(cmk configure outofbandmanagement hostid=<id> driver=<d> address=<a> port=<p> username=<u> password=<new>).",
	References: []string{"engine/schema/src/main/java/org/apache/cloudstack/outofbandmanagement/OutOfBandManagementVO.java:68@4.22.1.0", "CWE-312"},
	Requires:   []snapshot.Dataset{snapshot.DataOOBM},
	Eval: func(s *snapshot.Snapshot) []Result {
		return credentialResults(s, snapshot.CredOOBMPassword, "BMC password", "")
	},
}

// LBCertKeys flags load-balancer certificate private keys in clear.
var LBCertKeys = &Check{
	ID:       "CS-CRYPT-012",
	Title:    "Load-balancer certificate private keys stored in clear",
	Severity: High,
	Threat:   []string{"TM §10.6"},
	Rationale: "Tenants upload TLS certificates with their private keys for load-balancer rules " +
		"(sslcerts.key, @Encrypt). In clear, a database reader can impersonate the tenants' TLS services.",
	Remediation: "Enable database encryption (CS-CRYPT-001); have the owners issue new keys and re-upload " +
		"(deleteSslCert / uploadSslCert), since the old keys must be considered exposed.",
	References: []string{"engine/schema/src/main/java/com/cloud/network/dao/SslCertVO.java:47,51@4.22.1.0", "CWE-312"},
	Requires:   []snapshot.Dataset{snapshot.DataLBCerts},
	Eval: func(s *snapshot.Snapshot) []Result {
		return credentialResults(s, snapshot.CredLBCertKey, "load-balancer certificate key", "")
	},
}

// VolumePassphrases flags volume encryption passphrases in clear.
var VolumePassphrases = &Check{
	ID:       "CS-CRYPT-013",
	Title:    "Volume encryption passphrases stored in clear",
	Severity: High,
	Threat:   []string{"TM §10.6", "TM §10.12"},
	Rationale: "Encrypted volumes (disk offerings with encrypt=true, 4.18+) are unlocked with a passphrase " +
		"from the passphrase table (@Encrypt). In clear, whoever reads the database can decrypt the " +
		"volumes, which defeats the volume encryption.",
	Remediation: "Enable database encryption (CS-CRYPT-001). Passphrases that were stored in clear must be " +
		"considered exposed: migrate the data to new encrypted volumes.",
	References: []string{"engine/schema/src/main/java/org/apache/cloudstack/secret/PassphraseVO.java:45@4.22.1.0", "CWE-312"},
	Requires:   []snapshot.Dataset{snapshot.DataPassphrases},
	Since:      "4.18.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		return credentialResults(s, snapshot.CredPassphrase, "volume passphrase", ": encrypted volumes can be decrypted by anyone who reads the database")
	},
}
