package checks

// Host checks: owners, modes and contents of secret-bearing files.

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// fileRule is one row of the expected owner/mode table.
type fileRule struct {
	path   string
	max    uint64   // the loosest acceptable permission bits
	owner  string   // required owner
	groups []string // acceptable groups when group bits are set
	ref    string   // where the expectation comes from, shown in Expected
}

// fileRules: host-hardening.md summary and PR Q15 (0640 root:cloud for the
// management secrets), the agent keystore scripts (0600 root), sudoers 0440.
var fileRules = []fileRule{
	{dbPropPath, 0o640, "root", []string{"cloud", "root"}, "PR Q15"},
	{srvPropPth, 0o640, "root", []string{"cloud", "root"}, "packaging"},
	{keyPath, 0o640, "root", []string{"cloud", "root"}, "PR Q15"},
	{mgmtDir + "cloud.jks", 0o640, "root", []string{"cloud", "root"}, "PR Q15"},
	{"/etc/cloudstack/usage/db.properties", 0o640, "root", []string{"cloud", "root"}, "PR Q15"},
	{"/etc/cloudstack/usage/key", 0o640, "root", []string{"cloud", "root"}, "PR Q15"},
	{"/etc/sudoers.d/cloudstack", 0o440, "root", []string{"root"}, "packaging"},
	{"/etc/sudoers.d/cloudstack-management", 0o440, "root", []string{"root"}, "packaging"},
	{agentProps, 0o600, "root", nil, "keystore-setup"},
	{agentDir + "cloud.jks", 0o600, "root", nil, "keystore-setup"},
	// keystore-cert-import chmods the key 0750 and (through the
	// /etc/pki/libvirt links) chgrps it to qemu.conf's group, since
	// 4.18.0.0 (scripts/util/keystore-cert-import L125-129, L147-149).
	{agentDir + "cloud.key", 0o750, "root", qemuGroups, "keystore-cert-import"},
	{"/root/.ssh/id_rsa.cloud", 0o600, "root", nil, "LibvirtModifySshKeysCommandWrapper"},
}

// qemuGroups may own the agent key (QEMU reads it for TLS); qemu.conf's
// group is added per machine.
var qemuGroups = []string{"root", "qemu", "kvm", "libvirt-qemu"}

// fileRulePaths is the rules' paths as snapshot.ProbedPaths entries (a
// sudoers.d file is the /etc/sudoers.d/* entry).
func fileRulePaths(rules []fileRule, extra ...string) []string {
	var out []string
	for _, p := range append(ruleList(rules), extra...) {
		if e, ok := snapshot.LookupProbed(p, ""); ok {
			p = e.Path
		}
		if !contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func ruleList(rules []fileRule) []string {
	var out []string
	for _, r := range rules {
		out = append(out, r.path)
	}
	return out
}

// rulesFor returns the rules with qemu.conf's group accepted for the key.
func rulesFor(m *snapshot.Machine, rules []fileRule) []fileRule {
	g := ""
	if f, ok := m.File(qemuConf); ok && f.Read {
		g = f.Values["group"]
	}
	if g == "" {
		return rules
	}
	out := make([]fileRule, len(rules))
	copy(out, rules)
	for i := range out {
		if contains(out[i].groups, "qemu") && !contains(out[i].groups, g) {
			out[i].groups = append(append([]string(nil), out[i].groups...), g)
		}
	}
	return out
}

// judgeRules is CS-HOST-001 and CS-HOST-023: each rule's file, judged by
// its effective stat; broken paths are errors, never passes.
func judgeRules(m *snapshot.Machine, rules []fileRule) []Result {
	var out []Result
	for _, r := range rulesFor(m, rules) {
		f, ok := m.File(r.path)
		if hidden(f) {
			out = append(out, cannotRead(r.path, "tell whether %s exists", f.Error))
			continue
		}
		if !ok || !f.Exists {
			continue
		}
		if why, bad := broken(f, false); bad {
			out = append(out, cannotRead(r.path, "judge", why))
			continue
		}
		st := f.Effective()
		exp := fmt.Sprintf("%04o %s", r.max, r.owner)
		if len(r.groups) > 0 {
			exp += ":" + r.groups[0]
		}
		res := Result{Resource: FileRes(r.path), Expected: exp + " or stricter (" + r.ref + ")", Actual: statString(st)}
		if why := judgeStat(st, r.max, r.owner, r.groups); len(why) > 0 {
			res.Status, res.Message = Fail, strings.Join(why, "; ")
		} else {
			res.Status, res.Message = Pass, "owner and mode are as expected"
		}
		out = append(out, res)
	}
	return out
}

// publicRules are the agent's public certificate files: not secret, but a
// writable or foreign-owned one lets a local user swap the host's trust.
var publicRules = []fileRule{
	{agentDir + "cloud.crt", 0o754, "root", nil, "keystore-cert-import"},
	{agentDir + "cloud.ca.crt", 0o754, "root", nil, "keystore-cert-import"},
	{agentDir + "cloud.csr", 0o644, "root", nil, "keystore-setup"},
}

// PublicCertFiles checks the public certificate files of the agent.
var PublicCertFiles = &Check{
	ID:       "CS-HOST-023",
	Title:    "KVM agent certificate files writable or owned by others",
	Severity: Low,
	Threat:   []string{"TM §10.13", "TM §10.1"},
	Rationale: "cloud.crt, cloud.ca.crt and cloud.csr are public (keystore-cert-import sets 0750 with " +
		"qemu.conf's group since 4.18.0.0, keystore-setup 0600 for the CSR); reading them reveals nothing. " +
		"Only write access or a foreign owner matters: it lets a local user replace the CA the host trusts.",
	Remediation: "`chown root FILE && chmod go-w FILE` for /etc/cloudstack/agent/cloud.crt, cloud.ca.crt and cloud.csr.",
	References:  []string{"scripts/util/keystore-cert-import (L147-149 @4.22.1.0)", "CWE-732"},
	Requires:    needMachines,
	Files:       fileRulePaths(publicRules, qemuConf),
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			out := judgeRules(m, publicRules)
			if len(out) == 0 {
				out = append(out, Result{Status: Skip, Resource: GroupRes("agent certificates"), Message: "not applicable: the host has no agent certificate files"})
			}
			return out
		})
	},
}

// FilePermissions checks owner and mode of the secret-bearing files.
var FilePermissions = &Check{
	ID:       "CS-HOST-001",
	Title:    "CloudStack secret files looser than their expected owner and mode",
	Severity: High,
	Threat:   []string{"TM §10.6", "TM §10.13", "PR Q15"},
	Rationale: "db.properties and the key file unlock every secret in the database; server.properties " +
		"and the keystores hold TLS keys and passwords; the agent's key store, key and certificates " +
		"authenticate the host on port 8250. The maintainers expect 0640 root:cloud for the management " +
		"files (PR Q15) and CloudStack's keystore scripts set 0600 root on the agent's; anything looser " +
		"lets other local users take them; keystore-cert-import sets the agent key 0750 with QEMU's group " +
		"since 4.18.0.0, which is accepted. Symbolic links are judged by their target; a link that leaves the " +
		"audited tree, or a FIFO, device or directory in a file's place, is an error.",
	Remediation: "For each listed file: `chown root:cloud FILE && chmod 0640 FILE` on management servers " +
		"(db.properties, server.properties, key, cloud.jks), `chown root:root FILE && chmod 0600 FILE` " +
		"for /etc/cloudstack/agent/agent.properties, cloud.jks and /root/.ssh/id_rsa.cloud, " +
		"`chown root FILE && chmod 0750 FILE` (group root or qemu.conf's group) for /etc/cloudstack/agent/cloud.key, " +
		"`chmod 0440` for the sudoers file.",
	References: []string{"host-hardening.md summary table", "CWE-732"},
	Requires:   needMachines,
	Files:      fileRulePaths(fileRules, qemuConf),
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, "", func(m *snapshot.Machine) []Result {
			out := judgeRules(m, fileRules)
			if len(out) == 0 {
				out = append(out, Result{Status: Skip, Resource: GroupRes("CloudStack files"), Message: "not applicable: no CloudStack management or agent files on this host"})
			}
			return out
		})
	},
}

// DefaultKeyFile flags the published default management key.
var DefaultKeyFile = &Check{
	ID:       "CS-HOST-006",
	Title:    "Management key file holds the published default",
	Severity: Critical,
	Threat:   []string{"TM §10.6", "TM §11.8"},
	Rationale: "cloudstack-setup-databases uses `password` as management key unless -m is given. That " +
		"key decrypts the ENC(...) values in db.properties, including the database key, so every " +
		"encrypted secret in the database is readable by anyone who knows the default.",
	Remediation: "Re-encrypt with a new random management key (cloudstack-migrate-databases, or " +
		"cloudstack-setup-databases with -m/-k), store it in the key file with mode 0640 root:cloud, " +
		"restart the management server, and rotate the secrets.",
	References: []string{"setup/bindir/cloud-setup-databases.in", "CWE-1394"},
	Requires:   needMachines,
	Files:      []string{keyPath, "/etc/cloudstack/usage/key"},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			var out []Result
			for _, p := range []string{keyPath, "/etc/cloudstack/usage/key"} {
				f, ok := m.File(p)
				if !ok || !f.Exists {
					continue
				}
				if f.Secret == nil {
					out = append(out, cannotRead(p, "read", f.Error))
					continue
				}
				r := Result{Resource: FileRes(p), Expected: "a random key", Actual: fmt.Sprintf("%d characters", f.Secret.Length)}
				switch {
				case f.Secret.KnownDefault != "":
					r.Status, r.Message, r.Actual = Fail, "the key file holds the published default `password`", "published default"
				case !f.Secret.Present:
					r.Status, r.Message = Fail, "the key file is empty: CloudStack refuses to start with encryption type file"
				default:
					r.Status, r.Message = Pass, "the key is not the published default"
				}
				out = append(out, r)
			}
			if len(out) == 0 {
				out = append(out, Result{Status: Skip, Resource: FileRes(keyPath), Message: "not applicable: no key file (encryption type is not file)"})
			}
			return out
		})
	},
}

// keystorePasswords are the properties that hold key store passwords.
var keystorePasswords = []struct{ path, key string }{
	{srvPropPth, "https.keystore.password"},
	{agentProps, "keystore.passphrase"},
	{dbPropPath, "db.cloud.keyStorePassword"},
}

// DefaultKeystorePassword flags vmops.com.
var DefaultKeystorePassword = &Check{
	ID:       "CS-HOST-008",
	Title:    "Key store protected by the published default password",
	Severity: Medium,
	Threat:   []string{"TM §10.6", "TM §10.13"},
	Rationale: "CloudStack's templates and code use `vmops.com` as key store password. A key store " +
		"copied off a host (a backup, a readable file) then yields its private key to anyone.",
	Remediation: "Change the key store password (`keytool -storepasswd` and `-keypasswd`) and update the " +
		"property, preferably as ENC(...); for agents, re-run provisionCertificate so a random " +
		"keystore.passphrase is generated.",
	References: []string{"utils/src/main/java/org/apache/cloudstack/utils/security/KeyStoreUtils.java (DEFAULT_KS_PASSPHRASE)", "CWE-1393"},
	Requires:   needMachines,
	Files:      []string{srvPropPth, agentProps, dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, "", func(m *snapshot.Machine) []Result {
			var out []Result
			for _, kp := range keystorePasswords {
				f, ok := m.File(kp.path)
				if !ok || !f.Read {
					continue
				}
				sf, ok := f.Secrets[kp.key]
				if !ok || !sf.Present {
					continue
				}
				r := Result{Resource: FileKeyRes(kp.path, kp.key), Expected: "not vmops.com"}
				if sf.KnownDefault != "" {
					r.Status, r.Actual, r.Message = Fail, "published default", kp.key+" is the published default key store password"
				} else {
					r.Status, r.Actual, r.Message = Pass, string(sf.Encoding), kp.key+" is not the published default"
				}
				out = append(out, r)
			}
			if len(out) == 0 {
				out = append(out, Result{Status: Skip, Resource: GroupRes("key store passwords"), Message: "not applicable: no key store password configured on this host"})
			}
			return out
		})
	},
}

// CloudSSHKey flags the cloud user's key readable by others.
var CloudSSHKey = &Check{
	ID:       "CS-HOST-015",
	Title:    "The cloud user's SSH private key is readable by others",
	Severity: High,
	Threat:   []string{"TM §10.6"},
	Rationale: "~cloud/.ssh/id_rsa is the passphrase-less key of ssh.privatekey: it logs in as root to every " +
		"system VM and virtual router (port 3922) and to KVM hosts added with the system key. " +
		"CloudStack rewrites it without chmod, so it must be checked to be 0600 cloud.",
	Remediation: "`chown cloud:cloud ~cloud/.ssh/id_rsa && chmod 0600 ~cloud/.ssh/id_rsa && chmod 0700 ~cloud/.ssh`; " +
		"if it was readable by others, regenerate the key pair (ssh.privatekey) and restart the system VMs.",
	References: []string{"server/src/main/java/com/cloud/server/ConfigurationServerImpl.java (updateKeyPairs)", "CWE-732"},
	Requires:   needMachines,
	Files:      []string{snapshot.CloudHome + "/.ssh/id_rsa"},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			if m.CloudUser == nil {
				return []Result{{Status: Error, Resource: Resource{Kind: KindAccount, Name: "cloud", Label: "system user"}, Message: "the management server has no 'cloud' user in /etc/passwd"}}
			}
			p := strings.TrimSuffix(m.CloudUser.Home, "/") + "/.ssh/id_rsa"
			f, ok := m.File(p)
			if hidden(f) {
				return []Result{cannotRead(p, "tell whether the key %s exists", f.Error)}
			}
			if !ok || !f.Exists {
				return []Result{{Status: Skip, Resource: FileRes(p), Message: "not applicable: the cloud user has no SSH private key"}}
			}
			st := f.Effective()
			if st == nil {
				return []Result{cannotRead(p, "stat", f.Error)}
			}
			r := Result{Resource: FileRes(p), Expected: "0600 cloud", Actual: statString(st)}
			why := judgeStat(st, 0o600, "cloud", nil)
			if len(why) > 0 {
				r.Status, r.Message = Fail, strings.Join(why, "; ")
				if f.Key != nil && f.Key.Encrypted == "no" {
					r.Message += "; the key has no passphrase, so a reader gets root on every system VM"
				}
			} else {
				r.Status, r.Message = Pass, "only the cloud user can read the key"
			}
			return []Result{r}
		})
	},
}

var envFiles = []string{"/etc/default/cloudstack-management", "/etc/sysconfig/cloudstack-management"}

// SecretKeyEnvReadable flags CLOUD_SECRET_KEY in a readable file.
var SecretKeyEnvReadable = &Check{
	ID:       "CS-HOST-017",
	Title:    "CLOUD_SECRET_KEY kept in a file others can read",
	Severity: High,
	Threat:   []string{"TM §10.6"},
	Rationale: "With db.cloud.encryption.type=env the management key comes from CLOUD_SECRET_KEY, usually set " +
		"in the unit's EnvironmentFile. Those files ship 0644: whoever reads it decrypts db.properties " +
		"and the database secrets.",
	Remediation: "`chmod 0600` (root) the environment file that holds CLOUD_SECRET_KEY, or move the key to a " +
		"root-only drop-in (systemctl edit cloudstack-management, Environment=), and rotate the key.",
	References: []string{"packaging/systemd/cloudstack-management.service (EnvironmentFile)", "CWE-732"},
	Requires:   needMachines,
	Files:      envFiles,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			var out []Result
			for _, p := range envFiles {
				f, ok := m.File(p)
				if !ok || !f.Exists {
					continue
				}
				if !f.Read {
					out = append(out, cannotRead(p, "read", f.Error))
					continue
				}
				sf, has := f.Secrets["CLOUD_SECRET_KEY"]
				st := f.Effective()
				if !has || !sf.Present || st == nil {
					continue
				}
				r := Result{Resource: FileRes(p), Expected: "0600 root", Actual: statString(st)}
				if why := judgeStat(st, 0o600, "root", nil); len(why) > 0 {
					r.Status, r.Message = Fail, "CLOUD_SECRET_KEY is set in a file others can read: "+strings.Join(why, "; ")
				} else {
					r.Status, r.Message = Pass, "CLOUD_SECRET_KEY is in a root-only file"
				}
				out = append(out, r)
			}
			if len(out) == 0 {
				out = append(out, Result{Status: Pass, Resource: GroupRes("environment files"), Message: "no CLOUD_SECRET_KEY in the management server's environment files"})
			}
			return out
		})
	},
}

// LegacyKeystore flags the pre-4.11 keystore file.
var LegacyKeystore = &Check{
	ID:       "CS-HOST-018",
	Title:    "Leftover legacy management keystore (cloudmanagementserver.keystore)",
	Severity: Medium,
	Threat:   []string{"TM §10.6", "TM §10.1"},
	Rationale: "Releases before the CA framework kept the port-8250 key pair in " +
		"cloudmanagementserver.keystore with the published password vmops.com. A leftover copy hands " +
		"out a private key that peers may still trust.",
	Remediation: "Once every host is secured by the CA framework, remove " +
		"/etc/cloudstack/management/cloudmanagementserver.keystore (keep an offline backup) and restart.",
	References: []string{"utils/src/main/java/com/cloud/utils/nio/Link.java", "CWE-798"},
	Requires:   needMachines,
	Files:      []string{mgmtDir + "cloudmanagementserver.keystore"},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			const p = mgmtDir + "cloudmanagementserver.keystore"
			if f, ok := m.File(p); ok && f.Exists {
				return []Result{{Status: Fail, Resource: FileRes(p), Expected: "absent", Actual: "present", Message: "the legacy keystore (password vmops.com) is still on disk"}}
			}
			return []Result{{Status: Pass, Resource: FileRes(p), Expected: "absent", Actual: "absent", Message: "no legacy keystore"}}
		})
	},
}
