package checks

// Host checks: the management server's db.properties and server.properties.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// dbProps returns a management server's parsed db.properties.
func dbProps(m *snapshot.Machine) (*snapshot.File, []Result) {
	return readFile(m, dbPropPath, Result{Status: Error, Message: "management server without " + dbPropPath})
}

// encryptionType is db.cloud.encryption.type as CloudStack reads it:
// compared case-sensitively (EncryptionSecretKeyChecker.check,
// EncryptionSecretKeyChecker.java:63-121@4.22.1.0); set is false when the
// key is missing (= none), an empty or other value makes startup fail.
func encryptionType(f *snapshot.File) (t string, set bool) {
	t, set = f.Values["db.cloud.encryption.type"]
	return t, set
}

// encryptionOn: file, env and web turn encryption on.
func encryptionOn(t string) bool { return t == "file" || t == "env" || t == "web" }

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
	Files:      []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := dbProps(m)
			if f == nil {
				return rs
			}
			t, set := encryptionType(f)
			r := Result{Resource: FileKeyRes(dbPropPath, "db.cloud.encryption.type"), Expected: "file, env or web", Actual: show(t)}
			if !set {
				r.Actual = "(not set)"
			}
			switch {
			case encryptionOn(t):
				r.Status, r.Message = Pass, "database encryption is on ("+t+")"
			case !set || t == "none":
				r.Status, r.Message = Fail, "database encryption is off: CloudStack stores all its secrets in clear"
			default:
				r.Status, r.Message = Fail, "invalid encryption type "+show(t)+" (CloudStack compares file, env, web and none case-sensitively): the management server refuses to start"
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
	Files:      []string{dbPropPath},
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

// jdbcTLS reports whether JDBC URL parameters ask for TLS (MySQL
// Connector/J useSSL=true / sslMode=REQUIRED|VERIFY_CA|VERIFY_IDENTITY).
func jdbcTLS(params string) bool {
	p := strings.ToLower(params)
	return strings.Contains(p, "usessl=true") || strings.Contains(p, "sslmode=required") || strings.Contains(p, "sslmode=verify") ||
		strings.Contains(p, "requiressl=true")
}

// uriHosts returns the hosts of a jdbc:mysql[:variant]://h1[:p],h2/db URI.
func uriHosts(uri string) []string {
	_, rest, ok := strings.Cut(uri, "://")
	if !ok {
		return nil
	}
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	var out []string
	for _, h := range strings.Split(rest, ",") {
		h = strings.TrimSpace(h)
		if strings.HasPrefix(h, "[") {
			if j := strings.Index(h, "]"); j > 0 {
				h = h[1:j]
			}
		} else if j := strings.LastIndex(h, ":"); j > 0 && strings.Count(h, ":") == 1 {
			h = h[:j]
		}
		if h != "" {
			out = append(out, h)
		}
	}
	return out
}

// RemoteDBWithoutTLS flags a remote database reached in clear.
var RemoteDBWithoutTLS = &Check{
	ID:       "CS-HOST-005",
	Title:    "Remote management database reached without TLS",
	Severity: Medium,
	Threat:   []string{"TM §10.2", "TM §10.6"},
	Rationale: "db.cloud.useSSL defaults to false: when the database runs on another host, the database " +
		"password and every value CloudStack reads (decrypted secrets excepted) cross the network in clear. " +
		"From 4.19 a non-empty db.cloud.uri (db.usage.uri for the usage database) is used verbatim and " +
		"overrides db.cloud.host, port and url.params (TransactionLegacy.getConnectionUriAndDriver), so " +
		"TLS must then be asked for in the URI itself.",
	Remediation: "Enable TLS on the database server and set db.cloud.useSSL=true with db.cloud.trustStore/" +
		"db.cloud.trustStorePassword (the usage database uses the same db.cloud.useSSL); when db.cloud.uri " +
		"or db.usage.uri is set, add `useSSL=true&sslMode=VERIFY_CA` to that URI instead. Or keep the " +
		"database on a dedicated, isolated management network.",
	References: []string{"framework/db/src/main/java/com/cloud/utils/db/TransactionLegacy.java (getConnectionUriAndDriver)", "CWE-319"},
	Requires:   needMachines,
	Files:      []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := dbProps(m)
			if f == nil {
				return rs
			}
			var out []Result
			for _, schema := range []string{"cloud", "usage"} {
				uriKey := "db." + schema + ".uri"
				uri := strings.TrimSpace(f.Values[uriKey])
				var hosts []string
				var tls bool
				var actual string
				key := "db.cloud.useSSL"
				if schema == "usage" {
					key = "db.usage.host"
				}
				if uri != "" {
					key, hosts, tls = uriKey, uriHosts(uri), jdbcTLS(uri)
					actual = uriKey + " (overrides host, port and url.params)"
				} else {
					h := f.Values["db."+schema+".host"]
					if h == "" && schema == "usage" {
						continue
					}
					hosts = []string{h}
					tls = isTrue(f.Values["db.cloud.useSSL"]) || jdbcTLS(f.Values["db."+schema+".url.params"])
					actual = fmt.Sprintf("db.%s.host=%s db.cloud.useSSL=%s", schema, show(h), show(f.Values["db.cloud.useSSL"]))
				}
				var remote []string
				for _, h := range hosts {
					if !localHost(h) {
						remote = append(remote, h)
					}
				}
				r := Result{Resource: FileKeyRes(dbPropPath, key), Expected: "TLS when the database is remote", Actual: actual}
				switch {
				case len(remote) == 0:
					r.Status, r.Message = Pass, "the "+schema+" database is on this host"
				case tls:
					r.Status, r.Message = Pass, "the connection to "+strings.Join(remote, ", ")+" uses TLS"
				default:
					r.Status, r.Message = Fail, "the "+schema+" database at "+strings.Join(remote, ", ")+" is reached without TLS: credentials and data cross the network in clear"
				}
				out = append(out, r)
			}
			return out
		})
	},
}

// srvProps returns server.properties, or a result.
func srvProps(m *snapshot.Machine) (*snapshot.File, []Result) {
	return readFile(m, srvPropPth, Result{Status: Skip, Message: "not applicable: no server.properties (releases before 4.11 configure Tomcat instead)"})
}

// webServer is what server.properties and the listeners say about the
// management server's Jetty connectors (ServerDaemon.java:133-256@4.22.1.0).
type webServer struct {
	httpsOn, httpsAsked bool
	httpOn              bool   // HTTP connector on (http.enable, default true since 4.12; forced on when both are off)
	httpPort            string // http.port, default 8080
	bind                string // bind.interface, "" = all addresses
	loopback            bool   // HTTP reachable only from this host (bind.interface or listeners)
	keystoreMissing     string
	seen                string // what the listeners showed, for Actual
}

func webServerOf(m *snapshot.Machine, f *snapshot.File) webServer {
	w := webServer{httpPort: orText(f.Values["http.port"], "8080"), bind: strings.TrimSpace(f.Values["bind.interface"])}
	w.httpsAsked = isTrue(f.Values["https.enable"])
	w.httpsOn = w.httpsAsked
	if ks := f.Values["https.keystore"]; w.httpsOn && ks == mgmtDir+"cloud.jks" {
		if kf, ok := m.File(ks); ok && !kf.Exists && !hidden(kf) {
			w.httpsOn, w.keystoreMissing = false, ks
		}
	}
	he, set := f.Values["http.enable"]
	w.httpOn = !set || isTrue(he) || !w.httpsOn
	w.loopback = w.bind != "" && localHost(w.bind)
	if m.ListenersRead {
		port, _ := strconv.Atoi(w.httpPort)
		var addrs []string
		wide := false
		for _, l := range m.Listeners {
			if l.Port == port {
				addrs = append(addrs, l.Address)
				if !localHost(l.Address) {
					wide = true
				}
			}
		}
		switch {
		case len(addrs) == 0:
			w.httpOn, w.seen = false, "nothing listens on "+w.httpPort
		case !wide:
			w.loopback, w.seen = true, "listening on "+strings.Join(addrs, ", ")
		default:
			w.loopback, w.seen = false, "listening on "+strings.Join(addrs, ", ")
		}
	}
	return w
}

// PlainHTTP flags the API/UI served without TLS.
var PlainHTTP = &Check{
	ID:       "CS-HOST-007",
	Title:    "API and UI served over plain HTTP (HTTPS disabled)",
	Severity: Medium,
	Threat:   []string{"TM §10.4", "TM §11.3", "PR Q32"},
	Rationale: "With https.enable=false (or a missing keystore) the management server serves the UI and API " +
		"on port 8080 only; passwords, session cookies and signed API requests cross the network in clear " +
		"and can be replayed within their expiry. Production must use 8443 with TLS or a TLS-terminating " +
		"proxy in front of 8080 (PR Q32): with bind.interface on loopback (or only loopback listeners on " +
		"8080) that proxy is the only client, and this passes. Plain HTTP still served next to HTTPS " +
		"(http.enable, default true since 4.12) is CS-MGMT-005.",
	Remediation: "Create a keystore (`keytool -importkeystore ...` into /etc/cloudstack/management/cloud.jks), " +
		"set https.enable=true, https.port=8443, https.keystore and a non-default https.keystore.password " +
		"in server.properties, restart; or put a TLS proxy in front and set bind.interface=127.0.0.1.",
	References: []string{"client/src/main/java/org/apache/cloudstack/ServerDaemon.java", "CWE-319"},
	Requires:   needMachines,
	Files:      []string{srvPropPth, mgmtDir + "cloud.jks"},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := srvProps(m)
			if f == nil {
				return rs
			}
			w := webServerOf(m, f)
			r := Result{Resource: FileKeyRes(srvPropPth, "https.enable"), Expected: "true, or HTTP only to a local TLS proxy", Actual: show(f.Values["https.enable"])}
			if w.bind != "" {
				r.Actual += " bind.interface=" + w.bind
			}
			switch {
			case w.httpsOn:
				r.Status, r.Message = Pass, "HTTPS is enabled"
				if w.httpOn && !w.loopback {
					r.Message += " (plain HTTP is still served on port " + w.httpPort + ", see CS-MGMT-005)"
				}
			case w.loopback:
				r.Status, r.Message = Pass, "HTTP is served only on loopback ("+orText(w.seen, "bind.interface="+w.bind)+"): a local TLS proxy in front terminates TLS"
			case w.keystoreMissing != "":
				r.Status, r.Message = Fail, "https.enable is true but the keystore "+w.keystoreMissing+" does not exist, so only HTTP is served"
			default:
				r.Status, r.Message = Fail, "HTTPS is disabled: the UI and API are served over plain HTTP on port "+w.httpPort
			}
			return []Result{r}
		})
	},
}

// HTTPAlongsideHTTPS flags the plain connector left on next to HTTPS.
var HTTPAlongsideHTTPS = &Check{
	ID:       "CS-MGMT-005",
	Title:    "Plain HTTP still served on all addresses while HTTPS is enabled",
	Severity: Low,
	Threat:   []string{"TM §10.4", "TM §11.3", "PR Q32"},
	Rationale: "http.enable defaults to true (ServerDaemon.java:135@4.22.1.0, server.properties.in L26; the key " +
		"does not exist before 4.12 and HTTP is then always on), and bind.interface unset means every address " +
		"(ServerDaemon.java:133). With HTTPS enabled, port 8080 still accepts logins and API calls in clear " +
		"unless it is bound to loopback for a local proxy.",
	Remediation: "Set http.enable=false in server.properties (4.12+), or bind.interface=127.0.0.1 behind a " +
		"TLS proxy (bind.interface applies to HTTPS too); restart the management server.",
	References: []string{"client/src/main/java/org/apache/cloudstack/ServerDaemon.java", "client/conf/server.properties.in", "CWE-319"},
	Requires:   needMachines,
	Files:      []string{srvPropPth, mgmtDir + "cloud.jks"},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := srvProps(m)
			if f == nil {
				return rs
			}
			w := webServerOf(m, f)
			r := Result{Resource: FileKeyRes(srvPropPth, "http.enable"), Expected: "false, or bound to loopback", Actual: "http.enable=" + show(f.Values["http.enable"]) + " bind.interface=" + orText(w.bind, "(all)")}
			if w.seen != "" {
				r.Actual += "; " + w.seen
			}
			switch {
			case !w.httpsOn:
				r.Status, r.Message = Skip, "not applicable: HTTPS is not enabled (CS-HOST-007)"
			case !w.httpOn:
				r.Status, r.Message = Pass, "only HTTPS is served"
			case w.loopback:
				r.Status, r.Message = Pass, "plain HTTP is served only on loopback (a local proxy)"
			default:
				r.Status, r.Message = Fail, "HTTPS is enabled but plain HTTP is still served on port "+w.httpPort+" on "+orText(w.bind, "every address")
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
	Files:      []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := dbProps(m)
			if f == nil {
				return rs
			}
			t, _ := encryptionType(f)
			r := Result{Resource: FileKeyRes(dbPropPath, "db.cloud.encryption.type"), Expected: "file or env", Actual: show(t)}
			if t == "web" {
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
	Files:      []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		db := s.DBEncryption
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := dbProps(m)
			if f == nil {
				return rs
			}
			t, _ := encryptionType(f)
			on := encryptionOn(t)
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
