package checks

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

var needMachines = []snapshot.Dataset{snapshot.DataMachines}

// Management server and agent paths.
const (
	mgmtDir    = "/etc/cloudstack/management/"
	agentDir   = "/etc/cloudstack/agent/"
	dbPropPath = mgmtDir + "db.properties"
	srvPropPth = mgmtDir + "server.properties"
	keyPath    = mgmtDir + "key"
	agentProps = agentDir + "agent.properties"
)

// eachMachine runs f on every probed machine with the role (all when "");
// a machine that could not be probed yields an error result.
func eachMachine(s *snapshot.Snapshot, role string, f func(m *snapshot.Machine) []Result) []Result {
	var out []Result
	for i := range s.Machines {
		m := &s.Machines[i]
		if m.Error != "" {
			out = append(out, Result{Status: Error, Machine: m.Name, Resource: HostRes(m.Name), Message: "the host could not be probed: " + m.Error, NotEvaluated: m.Source})
			continue
		}
		if role != "" && !m.HasRole(role) {
			continue
		}
		rs := f(m)
		for j := range rs {
			rs[j].Machine = m.Name
		}
		out = append(out, rs...)
	}
	if len(out) == 0 {
		what := "probed machine"
		if role != "" {
			what = role
		}
		out = append(out, Result{Status: Skip, Resource: GroupRes("hosts"), Message: fmt.Sprintf("not applicable: no %s was probed", what)})
	}
	return out
}

// readFile returns a file whose content the check needs; otherwise the
// results to report instead: absent when the file does not exist, an error
// when it exists but its content could not be read.
func readFile(m *snapshot.Machine, path string, absent Result) (*snapshot.File, []Result) {
	f, ok := m.File(path)
	if !ok || !f.Exists {
		absent.Resource = FileRes(path)
		return nil, []Result{absent}
	}
	if !f.Read {
		why := f.Error
		if why == "" {
			why = "content not read"
		}
		return nil, []Result{{Status: Error, Resource: FileRes(path), Message: "cannot read " + path + ": " + why + " (run the probe as root or with --sudo)"}}
	}
	return f, nil
}

// hidden reports a path the probe could not see (a parent directory not
// searchable): neither present nor absent.
func hidden(f *snapshot.File) bool { return f != nil && !f.Exists && f.Error != "" }

func perm(mode string) uint64 { v, _ := strconv.ParseUint(mode, 8, 32); return v }

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
	{agentDir + "cloud.key", 0o600, "root", nil, "keystore-cert-import"},
	{agentDir + "cloud.crt", 0o600, "root", nil, "keystore-cert-import"},
	{agentDir + "cloud.ca.crt", 0o600, "root", nil, "keystore-cert-import"},
	{agentDir + "cloud.csr", 0o600, "root", nil, "keystore-setup"},
	{"/root/.ssh/id_rsa.cloud", 0o600, "root", nil, "LibvirtModifySshKeysCommandWrapper"},
}

// judgeStat compares a stat with a rule and says what is wrong.
func judgeStat(st *snapshot.FileStat, max uint64, owner string, groups []string) []string {
	var why []string
	p := perm(st.Mode)
	if extra := p &^ max; extra != 0 {
		why = append(why, fmt.Sprintf("mode %s allows %04o beyond %04o", st.Mode, extra, max))
	}
	if st.Owner != owner {
		why = append(why, fmt.Sprintf("owned by %s, not %s", st.Owner, owner))
	}
	if p&0o070 != 0 && len(groups) > 0 && !contains(groups, st.Group) {
		why = append(why, fmt.Sprintf("group %s may read it (want %s)", st.Group, strings.Join(groups, " or ")))
	}
	return why
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func statString(st *snapshot.FileStat) string {
	return fmt.Sprintf("%s %s:%s", st.Mode, st.Owner, st.Group)
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
		"lets other local users take them. Symbolic links are judged by their target.",
	Remediation: "For each listed file: `chown root:cloud FILE && chmod 0640 FILE` on management servers " +
		"(db.properties, server.properties, key, cloud.jks), `chown root:root FILE && chmod 0600 FILE` " +
		"for /etc/cloudstack/agent/* and /root/.ssh/id_rsa.cloud, `chmod 0440` for the sudoers file.",
	References: []string{"host-hardening.md summary table", "CWE-732"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, "", func(m *snapshot.Machine) []Result {
			var out []Result
			for _, r := range fileRules {
				f, ok := m.File(r.path)
				if hidden(f) {
					out = append(out, Result{Status: Error, Resource: FileRes(r.path), Message: "cannot tell whether " + r.path + " exists: " + f.Error + " (run as root or with --sudo)"})
					continue
				}
				if !ok || !f.Exists {
					continue
				}
				st := f.Effective()
				if st == nil {
					out = append(out, Result{Status: Error, Resource: FileRes(r.path), Message: "cannot stat " + r.path + ": " + f.Error})
					continue
				}
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
			if len(out) == 0 {
				out = append(out, Result{Status: Skip, Resource: GroupRes("CloudStack files"), Message: "not applicable: no CloudStack management or agent files on this host"})
			}
			return out
		})
	},
}

// AgentCertExpiry flags an expired host certificate.
var AgentCertExpiry = &Check{
	ID:       "CS-HOST-002",
	Title:    "KVM host certificate expired or about to expire",
	Severity: High,
	Threat:   []string{"TM §10.1", "TM §10.13"},
	Rationale: "/etc/cloudstack/agent/cloud.crt authenticates the agent to the management server and " +
		"secures libvirt TLS migration. Once expired, the host disconnects when strictness is on, " +
		"or keeps working only because expired certificates are accepted (TM §11a.7).",
	Remediation: "Renew the host certificate with `cmk provisionCertificate hostid=<id>` (or enable " +
		"ca.framework.cert.automatic.renewal) and check the new expiry with " +
		"`openssl x509 -enddate -noout -in /etc/cloudstack/agent/cloud.crt`.",
	References: []string{"scripts/util/keystore-cert-import", "CWE-298"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			const p = agentDir + "cloud.crt"
			f, rs := readFile(m, p, Result{Status: Skip, Message: "not applicable: the host has no certificate (see CS-HOST-009)"})
			if f == nil {
				return rs
			}
			if f.Certificate == nil {
				return []Result{{Status: Error, Resource: FileRes(p), Message: "cannot parse the certificate: " + f.CertError}}
			}
			c := f.Certificate
			res := Result{Resource: FileRes(p), Expected: "valid for more than 30 days", Actual: "not after " + c.NotAfter.Format(time.DateOnly)}
			switch left := c.NotAfter.Sub(s.CollectedAt); {
			case left < 0:
				res.Status, res.Message = Fail, "the host certificate expired on "+c.NotAfter.Format(time.DateOnly)
			case left < NearExpiry:
				res.Status, res.Message = Fail, fmt.Sprintf("the host certificate expires in %d days", int(left.Hours()/24))
			default:
				res.Status, res.Message = Pass, "valid until "+c.NotAfter.Format(time.DateOnly)
			}
			return []Result{res}
		})
	},
}

// dbProps returns a management server's parsed db.properties.
func dbProps(m *snapshot.Machine) (*snapshot.File, []Result) {
	return readFile(m, dbPropPath, Result{Status: Error, Message: "management server without " + dbPropPath})
}

func encryptionType(f *snapshot.File) string {
	return strings.ToLower(strings.TrimSpace(f.Values["db.cloud.encryption.type"]))
}

// EncryptionNone flags db.cloud.encryption.type none or missing.
var EncryptionNone = &Check{
	ID:       "CS-HOST-003",
	Title:    "Database encryption disabled in db.properties",
	Severity: High,
	Threat:   []string{"TM §10.6", "TM §3.1"},
	Rationale: "db.cloud.encryption.type selects where the management key comes from (file, env, web). " +
		"With none or no value, DBEncryptionUtil stores every Hidden/Secure setting, host password " +
		"and API secret key in clear, and db.properties passwords are not encrypted either.",
	Remediation: "Run `cloudstack-setup-databases ... -e file -m <new management key> -k <new database key>` " +
		"(or cloudstack-migrate-databases on an existing installation) so db.properties gets " +
		"db.cloud.encryption.type=file and ENC(...) values, then restart the management server.",
	References: []string{"utils/src/main/java/com/cloud/utils/crypt/EncryptionSecretKeyChecker.java", "CWE-312"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := dbProps(m)
			if f == nil {
				return rs
			}
			t := encryptionType(f)
			r := Result{Resource: FileKeyRes(dbPropPath, "db.cloud.encryption.type"), Expected: "file, env or web", Actual: show(t)}
			switch t {
			case "file", "env", "web":
				r.Status, r.Message = Pass, "database encryption is on ("+t+")"
			case "", "none":
				r.Status, r.Message = Fail, "database encryption is off: CloudStack stores all its secrets in clear"
			default:
				r.Status, r.Message = Fail, "unknown encryption type "+show(t)+": the management server refuses to start"
			}
			return []Result{r}
		})
	},
}

// dbSecretKeys are the db.properties entries CloudStack encrypts (the
// db.simulator.* block of the template is developer-only, TM §11a.8).
var dbSecretKeys = []string{"db.cloud.password", "db.usage.password", "db.cloud.encrypt.secret", "db.cloud.keyStorePassword", "db.cloud.trustStorePassword"}

// DBPasswordsClear flags db.properties secrets not in ENC(...).
var DBPasswordsClear = &Check{
	ID:       "CS-HOST-004",
	Title:    "Database passwords in db.properties not encrypted",
	Severity: High,
	Threat:   []string{"TM §10.6", "PR Q15"},
	Rationale: "CloudStack decrypts a db.properties value only when it is written ENC(...); anything else " +
		"is used as is. A clear db.cloud.password gives full access to the database, and a clear " +
		"db.cloud.encrypt.secret is the key to every encrypted value in it.",
	Remediation: "Encrypt the values with the management key (`java -cp /usr/share/cloudstack-common/lib/cloudstack-utils.jar " +
		"com.cloud.utils.crypt.EncryptionCLI -i <value> -p <management key>`), write them as ENC(...), " +
		"set db.cloud.encryption.type=file, and rotate the database password that was exposed.",
	References: []string{"EncryptionSecretKeyChecker.decryptPropertyIfNeeded", "CWE-256"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := dbProps(m)
			if f == nil {
				return rs
			}
			var out []Result
			for _, k := range dbSecretKeys {
				sf, ok := f.Secrets[k]
				if !ok || !sf.Present {
					continue
				}
				r := Result{Resource: FileKeyRes(dbPropPath, k), Expected: "ENC(...)", Actual: string(sf.Encoding)}
				if sf.Encoding == snapshot.Plaintext {
					r.Status, r.Message = Fail, k+" is stored in clear ("+sf.Evidence+")"
				} else {
					r.Status, r.Message = Pass, k+" is ENC(...)"
				}
				out = append(out, r)
			}
			if len(out) == 0 {
				out = append(out, Result{Status: Pass, Resource: FileRes(dbPropPath), Message: "no database password is set in db.properties"})
			}
			return out
		})
	},
}

func localHost(h string) bool {
	h = strings.Trim(strings.ToLower(strings.TrimSpace(h)), "[]")
	if h == "" || h == "localhost" || strings.HasPrefix(h, "localhost.") {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.IsLoopback()
}

// RemoteDBWithoutTLS flags a remote database reached in clear.
var RemoteDBWithoutTLS = &Check{
	ID:       "CS-HOST-005",
	Title:    "Remote management database reached without TLS",
	Severity: Medium,
	Threat:   []string{"TM §10.2", "TM §10.6"},
	Rationale: "db.cloud.useSSL defaults to false: when the database runs on another host, the database " +
		"password and every value CloudStack reads (decrypted secrets excepted) cross the network in clear.",
	Remediation: "Enable TLS on the database server and set db.cloud.useSSL=true (and db.usage.useSSL) with " +
		"db.cloud.trustStore/db.cloud.trustStorePassword, or keep the database on a dedicated, " +
		"isolated management network.",
	References: []string{"framework/db/src/main/java/com/cloud/utils/db/TransactionLegacy.java", "CWE-319"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := dbProps(m)
			if f == nil {
				return rs
			}
			host := f.Values["db.cloud.host"]
			r := Result{Resource: FileKeyRes(dbPropPath, "db.cloud.useSSL"), Expected: "true when db.cloud.host is remote",
				Actual: fmt.Sprintf("db.cloud.host=%s db.cloud.useSSL=%s", show(host), show(f.Values["db.cloud.useSSL"]))}
			params := strings.ToLower(f.Values["db.cloud.url.params"])
			tls := isTrue(f.Values["db.cloud.useSSL"]) || strings.Contains(params, "usessl=true") || strings.Contains(params, "sslmode=required") || strings.Contains(params, "sslmode=verify")
			switch {
			case localHost(host):
				r.Status, r.Message = Pass, "the database is on this host"
			case tls:
				r.Status, r.Message = Pass, "the connection to "+host+" uses TLS"
			default:
				r.Status, r.Message = Fail, "the database at "+host+" is reached without TLS: credentials and data cross the network in clear"
			}
			return []Result{r}
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
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			var out []Result
			for _, p := range []string{keyPath, "/etc/cloudstack/usage/key"} {
				f, ok := m.File(p)
				if !ok || !f.Exists {
					continue
				}
				if f.Secret == nil {
					out = append(out, Result{Status: Error, Resource: FileRes(p), Message: "cannot read " + p + ": " + orText(f.Error, "content not read") + " (run as root or with --sudo)"})
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

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// srvProps returns server.properties, or a result.
func srvProps(m *snapshot.Machine) (*snapshot.File, []Result) {
	return readFile(m, srvPropPth, Result{Status: Skip, Message: "not applicable: no server.properties (releases before 4.11 configure Tomcat instead)"})
}

// PlainHTTP flags the API/UI served without TLS.
var PlainHTTP = &Check{
	ID:       "CS-HOST-007",
	Title:    "API and UI served over plain HTTP (HTTPS disabled)",
	Severity: Medium,
	Threat:   []string{"TM §10.4", "TM §11.3", "PR Q32"},
	Rationale: "With https.enable=false the management server serves the UI and API on port 8080 only; " +
		"passwords, session cookies and signed API requests cross the network in clear and can be " +
		"replayed within their expiry. Production must use 8443 with TLS or a TLS-terminating proxy " +
		"in front of 8080 (PR Q32); with such a proxy, waive this finding.",
	Remediation: "Create a keystore (`keytool -importkeystore ...` into /etc/cloudstack/management/cloud.jks), " +
		"set https.enable=true, https.port=8443, https.keystore and a non-default https.keystore.password " +
		"in server.properties, restart, and restrict 8080 to the local host or the proxy.",
	References: []string{"client/src/main/java/org/apache/cloudstack/ServerDaemon.java", "CWE-319"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := srvProps(m)
			if f == nil {
				return rs
			}
			r := Result{Resource: FileKeyRes(srvPropPth, "https.enable"), Expected: "true", Actual: show(f.Values["https.enable"])}
			if !isTrue(f.Values["https.enable"]) {
				r.Status, r.Message = Fail, "HTTPS is disabled: the UI and API are served over plain HTTP on port "+orText(f.Values["http.port"], "8080")
				return []Result{r}
			}
			ks := f.Values["https.keystore"]
			if kf, ok := m.File(ks); ks != "" && ok && !kf.Exists {
				r.Status, r.Message = Fail, "https.enable is true but the keystore "+ks+" does not exist, so only HTTP is served"
				return []Result{r}
			}
			r.Status, r.Message = Pass, "HTTPS is enabled"
			return []Result{r}
		})
	},
}

// keystorePasswords are the properties that hold key store passwords.
var keystorePasswords = []struct{ path, key string }{
	{srvPropPth, "https.keystore.password"},
	{agentProps, "keystore.passphrase"},
	{dbPropPath, "db.cloud.keyStorePassphrase"},
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

// AgentWithoutKeystore flags a KVM agent that trusts any server.
var AgentWithoutKeystore = &Check{
	ID:       "CS-HOST-009",
	Title:    "KVM agent without a key store trusts any management server",
	Severity: High,
	Threat:   []string{"TM §10.1", "TM §10.13", "TM §4 B5"},
	Rationale: "Without /etc/cloudstack/agent/cloud.jks the agent connects to port 8250 with a trust-all " +
		"manager (Link.initClientSSLContext): anyone who can redirect its traffic poses as the " +
		"management server and commands the hypervisor. The host is also not 'secured' for the CA framework.",
	Remediation: "Secure the host: `cmk provisionCertificate hostid=<id>` (or re-add it) so the agent gets " +
		"cloud.jks, cloud.key and cloud.crt, then check listHosts shows it secured.",
	References: []string{"utils/src/main/java/com/cloud/utils/nio/Link.java (TrustAllManager)", "CWE-295"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			const p = agentDir + "cloud.jks"
			f, ok := m.File(p)
			r := Result{Resource: FileRes(p), Expected: "present"}
			if hidden(f) {
				r.Status, r.Message = Error, "cannot tell whether the key store exists: "+f.Error
				return []Result{r}
			}
			if ok && f.Exists {
				r.Status, r.Actual, r.Message = Pass, "present", "the agent has its key store"
			} else {
				r.Status, r.Actual, r.Message = Fail, "missing", "the agent has no key store and accepts any server certificate on port 8250"
			}
			return []Result{r}
		})
	},
}

func libvirtConf(m *snapshot.Machine) (*snapshot.File, []Result) {
	return readFile(m, "/etc/libvirt/libvirtd.conf", Result{Status: Skip, Message: "not applicable: no libvirtd.conf"})
}

// libvirtListens reports whether libvirtd is configured or seen to listen
// on the network (--listen in its defaults file, or a socket on 16509/16514).
func libvirtListens(m *snapshot.Machine) bool {
	for _, p := range []string{"/etc/default/libvirtd", "/etc/sysconfig/libvirtd"} {
		if f, ok := m.File(p); ok && f.Read {
			for _, k := range []string{"LIBVIRTD_ARGS", "libvirtd_opts"} {
				v := " " + f.Values[k] + " "
				if strings.Contains(v, "--listen") || strings.Contains(v, " -l ") {
					return true
				}
			}
		}
	}
	for _, l := range m.Listeners {
		if l.Port == 16509 || l.Port == 16514 {
			return true
		}
	}
	return false
}

// LibvirtTCPNoAuth flags unauthenticated libvirt TCP.
var LibvirtTCPNoAuth = &Check{
	ID:       "CS-HOST-010",
	Title:    "libvirt listens on TCP without authentication",
	Severity: Critical,
	Threat:   []string{"TM §10.13", "TM §10.2"},
	Rationale: "listen_tcp=1 with auth_tcp=\"none\" lets anyone who reaches port 16509 control libvirt, " +
		"i.e. every VM on the host and root on the host itself. CloudStack's secured hosts use TLS " +
		"(listen_tls=1) instead.",
	Remediation: "In /etc/libvirt/libvirtd.conf set listen_tcp=0 (or auth_tcp=\"sasl\" with credentials), " +
		"keep listen_tls=1 with the CloudStack certificates, and restart libvirtd.",
	References: []string{"python/lib/cloudutils/serviceConfig.py (configureLibvirtConfig)", "CWE-306"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			f, rs := libvirtConf(m)
			if f == nil {
				return rs
			}
			tcp, auth := f.Values["listen_tcp"], f.Values["auth_tcp"]
			r := Result{Resource: FileKeyRes("/etc/libvirt/libvirtd.conf", "listen_tcp/auth_tcp"), Expected: "listen_tcp=0, or auth_tcp other than none",
				Actual: fmt.Sprintf("listen_tcp=%s auth_tcp=%s", show(tcp), show(auth))}
			open := tcp == "1" && strings.EqualFold(auth, "none")
			switch {
			case open && libvirtListens(m):
				r.Status, r.Message = Fail, "libvirt accepts unauthenticated TCP connections: anyone reaching port 16509 controls the host"
			case open:
				r.Status, r.Message = Fail, "libvirtd.conf allows unauthenticated TCP; it takes effect as soon as libvirtd runs with --listen or socket activation"
			default:
				r.Status, r.Message = Pass, "no unauthenticated TCP access to libvirt"
			}
			return []Result{r}
		})
	},
}

// LibvirtTLSNoCerts flags libvirt TLS without certificates.
var LibvirtTLSNoCerts = &Check{
	ID:       "CS-HOST-011",
	Title:    "libvirt TLS enabled without certificates",
	Severity: Medium,
	Threat:   []string{"TM §10.13"},
	Rationale: "When libvirtd listens with listen_tls=1 (the default) it needs /etc/pki/libvirt/servercert.pem, " +
		"private/serverkey.pem and /etc/pki/CA/cacert.pem, which keystore-cert-import links to the " +
		"CloudStack host certificate. Without them secured live migration fails and operators fall " +
		"back to unauthenticated TCP.",
	Remediation: "Provision the host certificate (`cmk provisionCertificate hostid=<id>`), which links the " +
		"libvirt certificate files, and restart libvirtd.",
	References: []string{"scripts/util/keystore-cert-import", "CloudStack admin guide: hosts, Securing Process"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			f, rs := libvirtConf(m)
			if f == nil {
				return rs
			}
			tls := f.Values["listen_tls"]
			r := Result{Resource: FileKeyRes("/etc/libvirt/libvirtd.conf", "listen_tls"), Expected: "certificates present when TLS listens", Actual: "listen_tls=" + show(tls)}
			if tls == "0" || !libvirtListens(m) {
				r.Status, r.Message = Pass, "libvirt does not listen with TLS"
				return []Result{r}
			}
			var missing []string
			for _, p := range []string{"/etc/pki/libvirt/servercert.pem", "/etc/pki/libvirt/private/serverkey.pem", "/etc/pki/CA/cacert.pem"} {
				if cf, ok := m.File(p); !ok || !cf.Exists || (cf.LinkTarget != "" && cf.Target == nil) {
					missing = append(missing, p)
				}
			}
			if len(missing) > 0 {
				r.Status, r.Message = Fail, "libvirt listens with TLS but lacks "+strings.Join(missing, ", ")
			} else {
				r.Status, r.Message = Pass, "libvirt TLS certificates are in place"
			}
			return []Result{r}
		})
	},
}

func allAddresses(a string) bool {
	a = strings.Trim(strings.TrimSpace(a), "\"[]")
	return a == "0.0.0.0" || a == "::" || a == "*" || a == ""
}

// VNCAllAddresses flags VNC consoles on every interface.
var VNCAllAddresses = &Check{
	ID:       "CS-HOST-012",
	Title:    "VM consoles (VNC) listen on all host addresses",
	Severity: Low,
	Threat:   []string{"TM §10.14", "TM §10.13"},
	Rationale: "cloudstack-setup-agent sets vnc_listen=\"0.0.0.0\" so the console proxy can reach VM " +
		"consoles; each VM's VNC port is then open on every host interface, protected only by the VM's " +
		"VNC password. Hardening: limit who can reach the VNC range.",
	Remediation: "Restrict TCP 5900-6100 on the host firewall to the console proxy VMs' network (or bind " +
		"vnc_listen to the management/private interface address) and consider vnc_tls=1.",
	References: []string{"python/lib/cloudutils/serviceConfig.py", "CWE-668"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			const p = "/etc/libvirt/qemu.conf"
			f, rs := readFile(m, p, Result{Status: Skip, Message: "not applicable: no qemu.conf"})
			if f == nil {
				return rs
			}
			v, set := f.Values["vnc_listen"]
			res := Result{Resource: FileKeyRes(p, "vnc_listen"), Expected: "a specific address", Actual: show(v)}
			switch {
			case set && allAddresses(v) && f.Values["vnc_tls"] == "1" && f.Values["vnc_tls_x509_verify"] == "1":
				res.Status, res.Message = Pass, "VNC consoles listen on every address but require TLS client certificates"
			case set && allAddresses(v):
				res.Status, res.Message = Fail, "VNC consoles listen on every address"
				if f.Values["vnc_tls"] == "1" {
					res.Message += " (with TLS but without client-certificate verification)"
				}
			default:
				res.Status, res.Message = Pass, "VNC consoles listen on loopback or a specific address"
				if !set {
					res.Actual = "(default 127.0.0.1)"
				}
			}
			return []Result{res}
		})
	},
}

// integrationPort returns the configured integration port from the
// database (cross-source), else 8096.
func integrationPort(s *snapshot.Snapshot) (int, string) {
	if st, ok := s.Setting("integration.api.port"); ok && st.Value != nil {
		if n, err := strconv.Atoi(strings.TrimSpace(*st.Value)); err == nil && n > 0 {
			return n, "integration.api.port in the database"
		}
	}
	return 8096, "the conventional integration port"
}

// IntegrationListening flags the integration API socket.
var IntegrationListening = &Check{
	ID:       "CS-HOST-013",
	Title:    "Unauthenticated integration API port is listening",
	Severity: Critical,
	Threat:   []string{"TM §10.3", "TM §11.2", "PR Q20"},
	Rationale: "A listener on the integration port (8096, or integration.api.port from the database) on a " +
		"management server is the unauthenticated root-admin API; binding to a non-loopback address " +
		"exposes it to the network.",
	Remediation: "Set integration.api.port to 0 (or -1 on releases affected by CVE-2024-39864) and restart " +
		"the management server; until then block the port on the host firewall.",
	References: []string{"server/src/main/java/com/cloud/api/ApiServer.java", "CWE-306"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		port, from := integrationPort(s)
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			subj := ListenerRes("", port)
			if !m.ListenersRead {
				return []Result{{Status: Skip, Resource: subj, Message: "not applicable: listening sockets were not read (audit of a directory tree)"}}
			}
			for _, l := range m.Listeners {
				if l.Port == port {
					scope := "on " + l.Address
					if a, err := netip.ParseAddr(l.Address); err == nil && a.IsLoopback() {
						scope += " (loopback only, still open to every local user)"
					}
					return []Result{{Status: Fail, Resource: subj, Expected: "not listening", Actual: "listening " + scope,
						Message: fmt.Sprintf("the unauthenticated integration API listens %s (port from %s)", scope, from)}}
				}
			}
			return []Result{{Status: Pass, Resource: subj, Expected: "not listening", Actual: "not listening", Message: "nothing listens on the integration port"}}
		})
	},
}

// MySQLAllAddresses flags the database server bound to every address.
var MySQLAllAddresses = &Check{
	ID:       "CS-HOST-014",
	Title:    "MySQL/MariaDB listens on all addresses",
	Severity: Medium,
	Threat:   []string{"TM §10.2", "TM §4 B9"},
	Rationale: "The cloud database holds every setting and (encrypted or not) secret. A server bound to " +
		"0.0.0.0 or :: is reachable from every network the host is on; only the management servers " +
		"need it (TM §10.2).",
	Remediation: "Set bind-address to 127.0.0.1 (single host) or the management-network address in the " +
		"[mysqld] section, restart the database, and firewall 3306 to the management servers.",
	References: []string{"dev-sec mysql-baseline", "CWE-668"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleDatabase, func(m *snapshot.Machine) []Result {
			r := Result{Resource: Resource{Kind: KindListener, Name: "MySQL bind address"}, Expected: "loopback or one management address"}
			if m.ListenersRead {
				for _, l := range m.Listeners {
					if l.Port == 3306 {
						r.Actual = "listening on " + l.Address
						if allAddresses(l.Address) {
							r.Status, r.Message = Fail, "the database listens on every address ("+l.Address+":3306)"
							return []Result{r}
						}
					}
				}
			}
			for _, f := range m.Files {
				if v, ok := f.Values["mysqld.bind-address"]; ok && f.Read {
					r.Actual = f.Path + ": bind-address=" + show(v)
					if allAddresses(v) {
						r.Status, r.Message = Fail, "bind-address in "+f.Path+" opens the database on every address"
						return []Result{r}
					}
				}
			}
			r.Status, r.Message = Pass, "the database is not bound to every address"
			if r.Actual == "" {
				r.Actual = "no wildcard listener or bind-address"
			}
			return []Result{r}
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
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			if m.CloudUser == nil {
				return []Result{{Status: Error, Resource: Resource{Kind: KindAccount, Name: "cloud", Label: "system user"}, Message: "the management server has no 'cloud' user in /etc/passwd"}}
			}
			p := strings.TrimSuffix(m.CloudUser.Home, "/") + "/.ssh/id_rsa"
			f, ok := m.File(p)
			if hidden(f) {
				return []Result{{Status: Error, Resource: FileRes(p), Message: "cannot tell whether the key exists: " + f.Error + " (run as root or with --sudo)"}}
			}
			if !ok || !f.Exists {
				return []Result{{Status: Skip, Resource: FileRes(p), Message: "not applicable: the cloud user has no SSH private key"}}
			}
			st := f.Effective()
			if st == nil {
				return []Result{{Status: Error, Resource: FileRes(p), Message: "cannot stat " + p + ": " + f.Error}}
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

// EncryptionWeb flags the key-over-the-network mode.
var EncryptionWeb = &Check{
	ID:       "CS-HOST-016",
	Title:    "Management key delivered over the network (encryption type web)",
	Severity: Medium,
	Threat:   []string{"TM §10.6"},
	Rationale: "With db.cloud.encryption.type=web the management server opens a plain TCP listener on port " +
		"8097 at start and takes the key from whoever connects first: no TLS, no authentication.",
	Remediation: "Switch to db.cloud.encryption.type=file (key file 0640 root:cloud) or env " +
		"(CLOUD_SECRET_KEY from a root-only environment file); if web is required, allow 8097 only from " +
		"the host that sends the key.",
	References: []string{"utils/src/main/java/com/cloud/utils/crypt/EncryptionSecretKeyChecker.java", "CWE-319"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := dbProps(m)
			if f == nil {
				return rs
			}
			r := Result{Resource: FileKeyRes(dbPropPath, "db.cloud.encryption.type"), Expected: "file or env", Actual: show(encryptionType(f))}
			if encryptionType(f) == "web" {
				r.Status, r.Message = Fail, "the management key is received in clear on TCP port 8097 at every start"
			} else {
				r.Status, r.Message = Pass, "the management key is not received over the network"
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
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			var out []Result
			for _, p := range envFiles {
				f, ok := m.File(p)
				if !ok || !f.Exists {
					continue
				}
				if !f.Read {
					out = append(out, Result{Status: Error, Resource: FileRes(p), Message: "cannot read " + p + ": " + orText(f.Error, "content not read")})
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

// EncryptionMismatch compares the database with db.properties.
var EncryptionMismatch = &Check{
	ID:       "CS-HOST-019",
	Title:    "Database contents contradict the encryption configured in db.properties",
	Severity: Medium,
	Threat:   []string{"TM §10.6", "TM §3.1"},
	Rationale: "Cross-check of the two sources: db.properties says whether CloudStack encrypts, the " +
		"database shows whether its secrets are ciphertext. Encryption configured but clear secrets " +
		"in the database means rows written before encryption was enabled (still readable by any " +
		"DB reader); the reverse means the management server cannot read its own secrets.",
	Remediation: "Run cloudstack-migrate-databases to re-encrypt the existing rows with the configured " +
		"database key, then rotate the secrets that were stored in clear.",
	References: []string{"setup/bindir/cloud-migrate-databases.in", "CWE-312"},
	Requires:   []snapshot.Dataset{snapshot.DataMachines, snapshot.DataSettings},
	Eval: func(s *snapshot.Snapshot) []Result {
		db := s.DBEncryption
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := dbProps(m)
			if f == nil {
				return rs
			}
			t := encryptionType(f)
			on := t == "file" || t == "env" || t == "web"
			r := Result{Resource: FileKeyRes(dbPropPath, "vs database"), Expected: "consistent"}
			state := snapshot.EncryptionUnknown
			if db != nil {
				state = db.State
			}
			r.Actual = fmt.Sprintf("db.properties %s, database secrets %s", orText(t, "none"), state)
			switch {
			case state == snapshot.EncryptionUnknown:
				r.Status, r.Message = Skip, "not applicable: the database gives no evidence of its encryption state"
			case on && state == snapshot.EncryptionOff:
				r.Status, r.Message = Fail, "encryption is configured but the database holds secrets in clear ("+db.Evidence+"): rows written before encryption was enabled"
			case !on && state == snapshot.EncryptionOn:
				r.Status, r.Message = Fail, "the database holds ciphertext but db.properties disables encryption: this server cannot read its secrets"
			default:
				r.Status, r.Message = Pass, "db.properties and the database agree"
			}
			return []Result{r}
		})
	},
}
