package checks_test

import (
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

const (
	subjSecrets      = "secret settings"
	subjSSHKey       = "setting ssh.privatekey"
	subjStatsAuth    = "setting network.loadbalancer.haproxy.stats.auth"
	subjStatsVis     = "setting network.loadbalancer.haproxy.stats.visibility"
	subjSysVMPass    = "setting system.vm.random.password"
	subjHostPws      = "host passwords"
	subjHostA01      = "host kvm-osl1-a01.skylark-hosting.net (id 1)"
	subjAPIKeys      = "API secret keys"
	subjAdminKey     = "user admin (id 2)"
	subjVCenters     = "vCenter passwords"
	subjVCenterOwner = "VMware datacenter osl1-vmw (vCenter vcsa01.skylark-hosting.net, id 1)"
)

var (
	pemKeyFacts = snapshot.SecretFacts{Present: true, Encoding: snapshot.Plaintext, Evidence: "PEM RSA PRIVATE KEY in the clear", Length: 3243}
	dbOff       = func(s *snapshot.Snapshot) {
		s.DBEncryption = &snapshot.EncryptionFacts{State: snapshot.EncryptionOff, Evidence: "ssh.privatekey: PEM RSA PRIVATE KEY in the clear"}
	}
	haproxyVisible = set("network.loadbalancer.haproxy.stats.visibility", "global")
	vcenter        = func(f snapshot.SecretFacts) func(*snapshot.Snapshot) {
		return addCredential(snapshot.StoredCredential{Kind: snapshot.CredVCenterPassword, Owner: subjVCenterOwner,
			Location: "vmware_data_center.password", Secret: f})
	}
)

var cryptCases = []checkCase{
	// CS-CRYPT-001 Hidden/Secure settings
	{ID: "CS-CRYPT-001", Name: "hardened", Exact: true, Want: []expect{pass(subjSecrets, "11 secret settings are stored encrypted")}},
	{ID: "CS-CRYPT-001", Name: "database encryption off", Mutate: all(secret("ssh.privatekey", pemKeyFacts), dbOff),
		Want: []expect{fail(subjSSHKey, "the value of ssh.privatekey is stored in the clear (PEM RSA PRIVATE KEY in the clear)"),
			fail("database encryption", "database encryption is off: no value CloudStack stores is encrypted (ssh.privatekey: PEM RSA PRIVATE KEY in the clear)")}},
	// Encryption is a fact per value: one clear row beside ciphertexts is that row only.
	{ID: "CS-CRYPT-001", Name: "one clear Hidden row beside ciphertexts", Exact: true,
		Mutate: all(secret("ssh.privatekey", pemKeyFacts), func(s *snapshot.Snapshot) {
			s.DBEncryption = &snapshot.EncryptionFacts{State: snapshot.EncryptionOn, Evidence: "10 stored secret values are ciphertext; 1 are in the clear", Ciphertexts: 10, Plaintexts: 1}
		}),
		Want: []expect{fail(subjSSHKey, "the value of ssh.privatekey is stored in the clear")}},
	// A secret by what it holds (r1 §2.12): public material and names are not judged.
	{ID: "CS-CRYPT-001", Name: "OpenSSH public key in the clear is not a secret", Exact: true,
		Mutate: secret("ssh.publickey", snapshot.SecretFacts{Present: true, Encoding: snapshot.Plaintext, Evidence: "OpenSSH key in the clear", Length: 400}),
		Want:   []expect{pass(subjSecrets, "secret settings are stored encrypted")}},
	{ID: "CS-CRYPT-001", Name: "Secure LDAP principal (a DN) is not a secret", Exact: true,
		Mutate: all(secret("ldap.bind.principal", plainFacts), func(s *snapshot.Snapshot) { setting(s, "ldap.bind.principal").Category = "Secure" }),
		Want:   []expect{pass(subjSecrets, "secret settings are stored encrypted")}},
	{ID: "CS-CRYPT-001", Name: "unknown Secure row is treated as a secret",
		Mutate: func(s *snapshot.Snapshot) {
			f := plainFacts
			s.Settings = append(s.Settings, snapshot.Setting{Name: "plugin.example.token", Category: "Secure", Secret: &f})
		},
		Want: []expect{fail("setting plugin.example.token", "stored in the clear")}},
	{ID: "CS-CRYPT-001", Name: "one clear value though encryption is on", Mutate: secret("user.password.reset.smtp.password", plainFacts),
		Want: []expect{fail("setting user.password.reset.smtp.password", "stored in the clear (not Base64, so not CloudStack ciphertext)").without("database encryption is off")}},
	{ID: "CS-CRYPT-001", Name: "Secure category decides even for an innocent name",
		Mutate: func(s *snapshot.Snapshot) {
			s.Settings = append(s.Settings, snapshot.Setting{Name: "outofbandmanagement.sync.poolsize", Category: "Secure", Scope: "Global", ScopeRaw: "1", Secret: &plainFacts})
		},
		Want: []expect{fail("setting outofbandmanagement.sync.poolsize", "stored in the clear")}},
	{ID: "CS-CRYPT-001", Name: "secret domain override in the clear",
		Mutate: secretOverride("domain", 3, "/Partners/Oakridge/", "ldap.bind.password", plainFacts),
		Want:   []expect{fail(`setting ldap.bind.password for domain "/Partners/Oakridge/" (id 3)`, "stored in the clear")}},
	{ID: "CS-CRYPT-001", Name: "undecidable encoding", Mutate: secret("ldap.bind.password", unknownFacts),
		Want: []expect{manual("setting ldap.bind.password", "cannot tell whether the value of ldap.bind.password is encrypted (ambiguous Base64 of 24 bytes)")}},
	{ID: "CS-CRYPT-001", Name: "public key in the clear is not a secret", Mutate: secret("ssh.publickey", plainFacts), Exact: true,
		Want: []expect{pass(subjSecrets, "11 secret settings")}},
	{ID: "CS-CRYPT-001", Name: "Hidden flag in the clear is not a secret", Mutate: secret("kvm.snapshot.enabled", plainFacts), Exact: true,
		Want: []expect{pass(subjSecrets, "11 secret settings")}},
	{ID: "CS-CRYPT-001", Name: "empty secret is not counted", Mutate: secret("security.singlesignon.key", emptyFacts), Exact: true,
		Want: []expect{pass(subjSecrets, "10 secret settings are stored encrypted")}},
	{ID: "CS-CRYPT-001", Name: "no secret holds a value",
		Mutate: func(s *snapshot.Snapshot) {
			for i := range s.Settings {
				if s.Settings[i].Secret != nil {
					s.Settings[i].Secret = &emptyFacts
				}
			}
			for i := range s.ScopedSettings {
				if s.ScopedSettings[i].Secret != nil {
					s.ScopedSettings[i].Secret = &emptyFacts
				}
			}
		},
		Exact: true, Want: []expect{pass(subjSecrets, "no secret setting holds a value")}},

	// CS-CRYPT-030 published default database key
	{ID: "CS-CRYPT-030", Name: "hardened: no key tried", Exact: true,
		Want: []expect{pass("database encryption key", "no key was tried")}},
	{ID: "CS-CRYPT-030", Name: "ciphertexts do not decrypt with the default", Exact: true,
		Mutate: func(s *snapshot.Snapshot) {
			s.DBEncryption.DefaultKeyTried, s.DBEncryption.DefaultKeyEvidence = true, "0 of 4 stored ciphertexts tried decrypt"
		},
		Want: []expect{pass("database encryption key", "do not decrypt with the published default key")}},
	{ID: "CS-CRYPT-030", Name: "ciphertexts decrypt with password",
		Mutate: func(s *snapshot.Snapshot) {
			s.DBEncryption.DefaultKeyTried, s.DBEncryption.DefaultKey = true, true
			s.DBEncryption.DefaultKeyEvidence = "4 of 4 stored ciphertexts tried decrypt with the published default key (4 AES-GCM, 0 PBEWithMD5AndDES)"
		},
		Want: []expect{fail("database encryption key", `decrypt with the published default key "password": 4 of 4`)}},

	// CS-CRYPT-002 HAProxy stats credentials
	{ID: "CS-CRYPT-002", Name: "decrypted with the default key and equal to the published default",
		Mutate: all(haproxyVisible, secret("network.loadbalancer.haproxy.stats.auth", snapshot.SecretFacts{Present: true, Encoding: snapshot.Encrypted,
			Evidence: "decrypts with the published default database key", Decrypted: true, Length: 64, KnownDefault: "HAProxy stats default credentials"})),
		Want: []expect{fail(subjStatsAuth, "decrypted in memory")}},
	{ID: "CS-CRYPT-002", Name: "hardened: stats page disabled", Exact: true,
		Want: []expect{pass(subjStatsVis, "the HAProxy stats page is disabled")}},
	{ID: "CS-CRYPT-002", Name: "visibility spelled loosely", Mutate: set("network.loadbalancer.haproxy.stats.visibility", " Disabled "),
		Want: []expect{pass(subjStatsVis, "disabled")}},
	{ID: "CS-CRYPT-002", Name: "encrypted credentials cannot be compared", Mutate: haproxyVisible,
		Want: []expect{manual(subjStatsAuth, "the value is encrypted, so csaudit cannot compare it with the default")}},
	{ID: "CS-CRYPT-002", Name: "visibility setting absent", Mutate: drop("network.loadbalancer.haproxy.stats.visibility"),
		Want: []expect{manual(subjStatsAuth, "the value is encrypted")}},
	{ID: "CS-CRYPT-002", Name: "published default", Mutate: all(haproxyVisible, secret("network.loadbalancer.haproxy.stats.auth", haproxyFacts)),
		Want: []expect{fail(subjStatsAuth, "the HAProxy stats page accepts the published default credentials (HAProxy stats default credentials")}},
	{ID: "CS-CRYPT-002", Name: "own credentials in the clear", Mutate: all(haproxyVisible, secret("network.loadbalancer.haproxy.stats.auth", plainFacts)),
		Want: []expect{pass(subjStatsAuth, "stats credentials differ from the default")}},
	{ID: "CS-CRYPT-002", Name: "nothing stored", Mutate: all(haproxyVisible, secret("network.loadbalancer.haproxy.stats.auth", emptyFacts)),
		Want: []expect{manual(subjStatsAuth, "no stats credentials are stored")}},
	{ID: "CS-CRYPT-002", Name: "undecidable encoding", Mutate: all(haproxyVisible, secret("network.loadbalancer.haproxy.stats.auth", unknownFacts)),
		Want: []expect{manual(subjStatsAuth, "cannot compare it with the default")}},
	{ID: "CS-CRYPT-002", Name: "non-secret row with the default", Mutate: all(haproxyVisible, set("network.loadbalancer.haproxy.stats.auth", "admin1:AdMiN123")),
		Want: []expect{fail(subjStatsAuth, "accepts the published default credentials")}},
	{ID: "CS-CRYPT-002", Name: "non-secret row, NULL value, default stored",
		Mutate: all(haproxyVisible, func(s *snapshot.Snapshot) {
			st := setting(s, "network.loadbalancer.haproxy.stats.auth")
			d := "admin1:AdMiN123"
			st.Secret, st.Value, st.Default = nil, nil, &d
		}),
		Want: []expect{fail(subjStatsAuth, "published default")}},
	{ID: "CS-CRYPT-002", Name: "non-secret row, changed", Mutate: all(haproxyVisible, set("network.loadbalancer.haproxy.stats.auth", "lbstats:Vq7-rT2m-9xKp")),
		Want: []expect{pass(subjStatsAuth, "differ from the default")}},
	{ID: "CS-CRYPT-002", Name: "setting absent", Mutate: drop("network.loadbalancer.haproxy.stats.auth"),
		Want: []expect{skip(subjStatsAuth, "has no setting network.loadbalancer.haproxy.stats.auth")}},

	// CS-CRYPT-003 system.vm.random.password
	{ID: "CS-CRYPT-003", Name: "hardened", Exact: true, Want: []expect{pass(subjSysVMPass, "system.vm.random.password is true")}},
	{ID: "CS-CRYPT-003", Name: "off", Mutate: set("system.vm.random.password", "false"),
		Want: []expect{fail(subjSysVMPass, "system VMs use the template's default root password")}},
	{ID: "CS-CRYPT-003", Name: "default is off", Mutate: nullBoth("system.vm.random.password"),
		Want: []expect{fail(subjSysVMPass, "default root password")}},
	{ID: "CS-CRYPT-003", Name: "setting absent", Mutate: drop("system.vm.random.password"),
		Want: []expect{skip(subjSysVMPass, "has no setting system.vm.random.password")}},

	// CS-CRYPT-004 host credentials
	{ID: "CS-CRYPT-004", Name: "hardened", Exact: true, Want: []expect{pass(subjHostPws, "no host password is stored in the clear")}},
	{ID: "CS-CRYPT-004", Name: "one host password in the clear",
		Mutate: credential(snapshot.CredHostPassword, subjHostA01, func(c *snapshot.StoredCredential) { c.Secret = plainFacts }),
		Want:   []expect{fail(subjHostA01, "host password in host_details.value (name='password') is stored in the clear (not Base64")}},
	{ID: "CS-CRYPT-004", Name: "undecidable",
		Mutate: credential(snapshot.CredHostPassword, subjHostA01, func(c *snapshot.StoredCredential) { c.Secret = unknownFacts }),
		Want:   []expect{manual(subjHostA01, "cannot tell whether host password")}},
	{ID: "CS-CRYPT-004", Name: "empty password is not judged", Exact: true,
		Mutate: credential(snapshot.CredHostPassword, subjHostA01, func(c *snapshot.StoredCredential) { c.Secret = emptyFacts }),
		Want:   []expect{pass(subjHostPws, "no host password is stored in the clear")}},
	{ID: "CS-CRYPT-004", Name: "other kinds do not count", Exact: true,
		Mutate: credential(snapshot.CredAPISecretKey, subjAdminKey, func(c *snapshot.StoredCredential) { c.Secret = plainFacts }),
		Want:   []expect{pass(subjHostPws, "no host password")}},

	// CS-CRYPT-005 API secret keys
	{ID: "CS-CRYPT-005", Name: "hardened", Exact: true, Want: []expect{pass(subjAPIKeys, "no API secret key is stored in the clear")}},
	{ID: "CS-CRYPT-005", Name: "key in the clear",
		Mutate: credential(snapshot.CredAPISecretKey, subjAdminKey, func(c *snapshot.StoredCredential) { c.Secret = plainFacts }),
		Want:   []expect{fail(subjAdminKey, "API secret key in user.secret_key is stored in the clear")}},
	{ID: "CS-CRYPT-005", Name: "key pair table row undecidable",
		Mutate: addCredential(snapshot.StoredCredential{Kind: snapshot.CredAPISecretKey, Owner: "API key pair terraform (id 3, user id 7)",
			Location: "api_keypair.secret_key", Secret: unknownFacts}),
		Want: []expect{manual("API key pair terraform (id 3, user id 7)", "cannot tell whether API secret key in api_keypair.secret_key is encrypted")}},

	// CS-CRYPT-006 vCenter credentials
	{ID: "CS-CRYPT-006", Name: "hardened: KVM only", Exact: true, Want: []expect{pass(subjVCenters, "no vCenter password is stored in the clear")}},
	{ID: "CS-CRYPT-006", Name: "encrypted vCenter password", Mutate: vcenter(encryptedFacts), Exact: true,
		Want: []expect{pass(subjVCenters, "no vCenter password is stored in the clear")}},
	{ID: "CS-CRYPT-006", Name: "vCenter password in the clear", Mutate: vcenter(plainFacts),
		Want: []expect{fail(subjVCenterOwner, "vCenter password in vmware_data_center.password is stored in the clear")}},
	{ID: "CS-CRYPT-006", Name: "undecidable", Mutate: vcenter(unknownFacts),
		Want: []expect{manual(subjVCenterOwner, "cannot tell whether vCenter password")}},
}

func TestCryptChecks(t *testing.T) { runCases(t, cryptCases) }

var decryptedCases = []checkCase{
	{ID: "CS-CRYPT-002", Name: "encrypted but decrypted with the database key", Exact: true,
		Mutate: all(set("network.loadbalancer.haproxy.stats.visibility", "global"),
			secret("network.loadbalancer.haproxy.stats.auth", snapshot.SecretFacts{Present: true, Encoding: snapshot.Encrypted, Evidence: "decrypts with the database key", Length: 64, Decrypted: true})),
		Want: []expect{pass("setting network.loadbalancer.haproxy.stats.auth", "differ from the default")}},
	{ID: "CS-CRYPT-002", Name: "decrypted default",
		Mutate: all(set("network.loadbalancer.haproxy.stats.visibility", "global"),
			secret("network.loadbalancer.haproxy.stats.auth", snapshot.SecretFacts{Present: true, Encoding: snapshot.Encrypted, Length: 64, Decrypted: true, KnownDefault: "HAProxy stats default credentials"})),
		Want: []expect{fail("setting network.loadbalancer.haproxy.stats.auth", "published default credentials")}},
}

func TestDecryptedSecrets(t *testing.T) { runCases(t, decryptedCases) }
