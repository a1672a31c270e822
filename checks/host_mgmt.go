package checks

// Host checks: the management server's db.properties and server.properties.

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

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
