package mysqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

func parseTime(v string) *time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04:05.999999", time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return &t
		}
	}
	return nil
}

func (r *reader) readVersion(ctx context.Context) {
	const d = snapshot.DataVersion
	if !r.has("version", "version") {
		r.absent(d, "version", "")
		return
	}
	order := ""
	if r.has("version", "id") {
		order = " ORDER BY `id`"
	}
	rows, err := r.query(ctx, selectFrom("version", r.pick("version", "version", "step", "updated"), order))
	if err != nil {
		r.failed(d, "version", err)
		return
	}
	cur := ""
	for _, row := range rows {
		v := snapshot.VersionRow{Version: strings.TrimSpace(str(row["version"])), Step: str(row["step"]), Updated: parseTime(str(row["updated"]))}
		r.s.VersionHistory = append(r.s.VersionHistory, v)
		// CloudStack's VersionDaoImpl: the newest row whose step is Complete.
		if !r.has("version", "step") || strings.EqualFold(v.Step, "Complete") {
			cur = v.Version
		}
	}
	if cur == "" {
		r.s.SetData(d, snapshot.Failed, fmt.Sprintf("table version has %d rows but none with step 'Complete' (upgrade in progress or failed)", len(rows)))
		return
	}
	r.s.CloudStackVersion = cur
	if _, err := parse.ParseVersion(cur); err != nil {
		r.s.SetData(d, snapshot.Failed, "unparseable version: "+err.Error())
		return
	}
	r.s.SetData(d, snapshot.Collected, "")
}

// rawKeySettings hold base64 key material of a known decoded length.
var rawKeySettings = map[string]int{"security.encryption.key": 16, "security.encryption.iv": 16, "security.hash.key": 16} // KeysManagerImpl.java:65-85@4.22.1.0: 128-bit random keys

func (r *reader) readSettings(ctx context.Context) {
	const d = snapshot.DataSettings
	cols := r.pick("configuration", "category", "instance", "component", "name", "value", "default_value", "scope", "is_dynamic")
	rows, err := r.query(ctx, selectFrom("configuration", cols, " ORDER BY `name`"))
	if err != nil {
		r.failed(d, "configuration", err)
		r.s.SetData(snapshot.DataRootCA, snapshot.Failed, "configuration could not be read")
		return
	}
	r.tryDefaultKey(rows)
	seen := map[string]int{}
	var bad []string
	for _, row := range rows {
		name := str(row["name"])
		st := snapshot.Setting{
			Name: name, Category: str(row["category"]), Instance: str(row["instance"]),
			Component: str(row["component"]), ScopeRaw: str(row["scope"]),
		}
		if sc, err := parse.Scope(st.ScopeRaw); err == nil {
			st.Scope = sc
		} else {
			bad = append(bad, name+": "+err.Error())
		}
		if dyn := row["is_dynamic"]; dyn.Valid {
			b := dyn.String == "1" || strings.EqualFold(dyn.String, "true")
			st.Dynamic = &b
		}
		value := str(row["value"])
		// With the database key (from db.properties) an encrypted value is
		// decrypted here, in memory, to judge it; only facts are kept.
		clear, decrypted := r.decrypt(value)
		r.fingerprint(name, value, clear, decrypted)
		if name == "ca.plugin.root.ca.certificate" {
			r.rootCA(value, clear, decrypted)
		}
		if secrets.ReduceSetting(name, st.Category) {
			f := secrets.Classify(value, secrets.Hint{RawKeyBytes: rawKeySettings[name]})
			if decrypted {
				// Judged like a clear value, then forgotten: only facts stay.
				f.Encoding, f.Evidence, f.Decrypted = snapshot.Encrypted, "decrypts with "+r.keyName(), true
				if d := secrets.KnownDefault(clear); d != "" {
					f.KnownDefault = d
				}
			}
			clear = ""
			st.Secret = &f
		} else {
			if v := ptr(row["value"]); v != nil {
				red := secrets.RedactCredentials(*v)
				st.Value = &red
			}
			if v := ptr(row["default_value"]); v != nil {
				red := secrets.RedactCredentials(*v)
				st.Default = &red
			}
		}
		keepNonSecretHiddenFlag(&st, value, clear, decrypted) // hidden_flags.go
		// Early schemas keyed configuration by (instance, name): keep the DEFAULT row.
		if i, dup := seen[name]; dup {
			if !strings.EqualFold(st.Instance, "DEFAULT") {
				continue
			}
			r.s.Settings[i] = st
			continue
		}
		seen[name] = len(r.s.Settings)
		r.s.Settings = append(r.s.Settings, st)
	}
	r.s.SetData(d, snapshot.Collected, "")
	if len(bad) > 0 {
		// The values are still usable; the odd scopes are recorded for the reader.
		r.s.SetData(d, snapshot.Collected, "unrecognised scope on "+strings.Join(bad, "; "))
	}
	if _, ok := r.s.Data[snapshot.DataRootCA]; !ok {
		r.s.SetData(snapshot.DataRootCA, snapshot.Absent, "this release has no ca.plugin.root.ca.certificate setting (CA framework appeared in 4.11)")
	}
}

// classify reduces a DBEncryptionUtil-stored value to facts, confirming
// encryption by decryption when the database key is known.
func (r *reader) classify(v string) snapshot.SecretFacts {
	f := secrets.Classify(v, secrets.Hint{})
	if clear, ok := r.decrypt(v); ok {
		f.Encoding, f.Evidence, f.Decrypted = snapshot.Encrypted, "decrypts with "+r.keyName(), true
		f.KnownDefault = secrets.KnownDefault(clear)
	}
	return f
}

// decrypt tries the database key (given, or the published default once
// proven) on a stored value.
func (r *reader) decrypt(v string) (string, bool) {
	if r.o.DBKey == "" || v == "" {
		return "", false
	}
	pt, err := secrets.Decrypt(v, r.o.DBKey)
	return pt, err == nil
}

func (r *reader) keyName() string {
	if r.s.DBEncryption != nil && r.s.DBEncryption.DefaultKey && r.o.DBKey == secrets.DefaultDBKey {
		return "the published default database key"
	}
	return "the database key"
}

// maxDefaultKeyTrials bounds the published-default-key test: a few
// ciphertexts, each one AES-GCM open and 1000 MD5 rounds at most.
const maxDefaultKeyTrials = 4

// tryDefaultKey tries the published default database key "password" of
// cloudstack-setup-databases on a few stored ciphertexts, in memory. V2
// (AES-GCM) is authenticated, so one success proves the key; a V1
// (PBEWithMD5AndDES) success counts only when it yields printable text,
// and then every V1 value tried must decrypt. When proven and no key was
// given, the rest of the collection decrypts with it, so the values are
// judged like clear ones (and reduced to facts at once).
func (r *reader) tryDefaultKey(rows []row) {
	tried, v1, v2 := 0, 0, 0
	for _, row := range rows {
		if tried == maxDefaultKeyTrials {
			break
		}
		name, value := str(row["name"]), str(row["value"])
		if !secrets.ReduceSetting(name, str(row["category"])) || value == "" {
			continue
		}
		if f := secrets.Classify(value, secrets.Hint{RawKeyBytes: rawKeySettings[name]}); f.Encoding != snapshot.Encrypted {
			continue
		}
		tried++
		pt, ver, err := secrets.DecryptVersion(value, secrets.DefaultDBKey)
		switch {
		case err != nil:
		case ver == 2:
			v2++
		case printableText(pt):
			v1++
		}
		pt = ""
	}
	if tried == 0 {
		return
	}
	f := &snapshot.EncryptionFacts{State: snapshot.EncryptionUnknown, DefaultKeyTried: true}
	f.DefaultKey = v2 > 0 || (v1 > 0 && v1 == tried)
	f.DefaultKeyEvidence = fmt.Sprintf("%d of %d stored ciphertexts tried decrypt with the published default key (%d AES-GCM, %d PBEWithMD5AndDES)", v1+v2, tried, v2, v1)
	r.s.DBEncryption = f
	if f.DefaultKey && r.o.DBKey == "" {
		r.o.DBKey = secrets.DefaultDBKey
	}
}

func printableText(s string) bool {
	for _, c := range s {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return s != ""
}

func (r *reader) rootCA(stored, clear string, decrypted bool) {
	text := stored
	if decrypted {
		text = clear
	}
	ca := &snapshot.RootCA{Stored: secrets.Classify(stored, secrets.Hint{})}
	if decrypted {
		ca.Stored.Encoding, ca.Stored.Evidence, ca.Stored.Decrypted = snapshot.Encrypted, "decrypts with "+r.keyName(), true
	}
	if strings.Contains(text, "-----BEGIN CERTIFICATE-----") {
		cert, err := secrets.CertificateFacts(text)
		if err != nil {
			ca.ParseError = err.Error()
		}
		ca.Certificate = cert
		if !decrypted {
			// A certificate is public: say so instead of "plaintext secret".
			ca.Stored.Evidence = "PEM certificate"
		}
	}
	r.s.RootCA = ca
	r.s.SetData(snapshot.DataRootCA, snapshot.Collected, "")
}

// scopeTables maps override tables to their scope, key column and the
// table/column naming the scoped entity.
var scopeTables = []struct {
	table, scope, fk, nameTable, nameCol string
}{
	{"data_center_details", "zone", "dc_id", "data_center", "name"},
	{"cluster_details", "cluster", "cluster_id", "cluster", "name"},
	{"storage_pool_details", "storagepool", "pool_id", "storage_pool", "name"},
	{"image_store_details", "imagestore", "store_id", "image_store", "name"},
	{"domain_details", "domain", "domain_id", "domain", "path"},
	{"account_details", "account", "account_id", "account", "account_name"},
}

func (r *reader) readScopedSettings(ctx context.Context) {
	const d = snapshot.DataScopedSettings
	if a := r.s.Availability(snapshot.DataSettings); a.Status != snapshot.Collected {
		r.s.SetData(d, snapshot.Failed, "global settings could not be read")
		return
	}
	secret, category := map[string]bool{}, map[string]string{}
	for _, st := range r.s.Settings {
		secret[st.Name], category[st.Name] = st.Secret != nil, st.Category
	}
	var missing, failed []string
	for _, t := range scopeTables {
		if !r.has(t.table, t.fk, "name", "value") {
			missing = append(missing, t.table)
			continue
		}
		nameSel, join := "NULL", ""
		if r.has(t.nameTable, "id", t.nameCol) {
			nameSel = "e.`" + t.nameCol + "`"
			join = " LEFT JOIN `" + t.nameTable + "` e ON e.`id` = d.`" + t.fk + "`"
		}
		q := "SELECT d.`" + t.fk + "` AS sid, " + nameSel + " AS sname, d.`name` AS name, d.`value` AS value FROM `" +
			t.table + "` d JOIN `configuration` c ON c.`name` = d.`name`" + join + " ORDER BY d.`name`, d.`" + t.fk + "`"
		rows, err := r.query(ctx, q)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", t.table, err))
			continue
		}
		for _, row := range rows {
			id, _ := strconv.ParseInt(str(row["sid"]), 10, 64)
			o := snapshot.ScopedSetting{Scope: t.scope, ScopeID: id, ScopeName: str(row["sname"]), Name: str(row["name"])}
			if secret[o.Name] || secrets.ReduceSetting(o.Name, category[o.Name]) {
				// ResourceDetailsDaoBase stores the row encrypted when the
				// global row is Hidden/Secure (from 4.20; raw before).
				v := str(row["value"])
				f := secrets.Classify(v, secrets.Hint{RawKeyBytes: rawKeySettings[o.Name]})
				if clear, ok := r.decrypt(v); ok {
					f.Encoding, f.Evidence, f.Decrypted = snapshot.Encrypted, "decrypts with "+r.keyName(), true
					f.KnownDefault = secrets.KnownDefault(clear)
				}
				o.Secret = &f
			} else if v := ptr(row["value"]); v != nil {
				red := secrets.RedactCredentials(*v)
				o.Value = &red
			}
			r.s.ScopedSettings = append(r.s.ScopedSettings, o)
		}
	}
	switch {
	case len(failed) > 0:
		r.s.SetData(d, snapshot.Failed, "reading overrides: "+strings.Join(failed, "; "))
	case len(missing) == len(scopeTables):
		r.s.SetData(d, snapshot.Absent, "no scoped-settings tables exist in this schema")
	case len(missing) > 0:
		r.s.SetData(d, snapshot.Collected, "tables not in this schema: "+strings.Join(missing, ", "))
	default:
		r.s.SetData(d, snapshot.Collected, "")
	}
}

func atoi64(v string) int64 { n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64); return n }

func (r *reader) readMgmtServers(ctx context.Context) {
	const d = snapshot.DataMgmtServers
	if !r.has("mshost", "id") {
		r.absent(d, "mshost", "")
		return
	}
	rows, err := r.query(ctx, selectFrom("mshost", r.pick("mshost", "id", "msid", "name", "state", "version", "service_ip", "service_port", "removed"), " ORDER BY `id`"))
	if err != nil {
		r.failed(d, "mshost", err)
		return
	}
	for _, row := range rows {
		r.s.ManagementServers = append(r.s.ManagementServers, snapshot.ManagementServer{
			ID: atoi64(str(row["id"])), MSID: str(row["msid"]), Name: str(row["name"]), State: str(row["state"]),
			Version: str(row["version"]), ServiceIP: str(row["service_ip"]),
			ServicePort: int(atoi64(str(row["service_port"]))), Removed: row["removed"].Valid,
		})
	}
	r.s.SetData(d, snapshot.Collected, "")
}

func (r *reader) readHosts(ctx context.Context) {
	const d = snapshot.DataHosts
	if !r.has("host", "id") {
		r.absent(d, "host", "")
		return
	}
	cols := r.pick("host", "id", "name", "type", "status", "resource_state", "hypervisor_type", "hypervisor_version",
		"private_ip_address", "version", "data_center_id", "cluster_id", "removed")
	rows, err := r.query(ctx, selectFrom("host", cols, " ORDER BY `id`"))
	if err != nil {
		r.failed(d, "host", err)
		return
	}
	for _, row := range rows {
		r.s.Hosts = append(r.s.Hosts, snapshot.Host{
			ID: atoi64(str(row["id"])), Name: str(row["name"]), Type: str(row["type"]), Status: str(row["status"]),
			ResourceState: str(row["resource_state"]), HypervisorType: str(row["hypervisor_type"]),
			HypervisorVersion: str(row["hypervisor_version"]), PrivateIP: str(row["private_ip_address"]),
			Version: str(row["version"]), ZoneID: atoi64(str(row["data_center_id"])),
			ClusterID: atoi64(str(row["cluster_id"])), Removed: row["removed"].Valid,
		})
	}
	r.s.SetData(d, snapshot.Collected, "")
}

func (r *reader) readHostCredentials(ctx context.Context) {
	const d = snapshot.DataHostCreds
	if !r.has("host_details", "host_id", "name", "value") {
		r.absent(d, "host_details", "")
		return
	}
	nameSel, join := "NULL AS hname, NULL AS hremoved", ""
	if r.has("host", "id", "name", "removed") {
		nameSel, join = "h.`name` AS hname, h.`removed` AS hremoved", " LEFT JOIN `host` h ON h.`id` = d.`host_id`"
	}
	rows, err := r.query(ctx, "SELECT d.`host_id` AS hid, "+nameSel+", d.`value` AS value FROM `host_details` d"+join+" WHERE d.`name` = 'password' ORDER BY d.`host_id`")
	if err != nil {
		r.failed(d, "host_details", err)
		return
	}
	for _, row := range rows {
		owner := fmt.Sprintf("host %s (id %s)", str(row["hname"]), str(row["hid"]))
		if row["hremoved"].Valid {
			owner += ", removed"
		}
		r.s.Credentials = append(r.s.Credentials, snapshot.StoredCredential{
			Kind: snapshot.CredHostPassword, Owner: owner, OwnerID: atoi64(str(row["hid"])), Location: "host_details.value (name='password')",
			Secret: r.classify(str(row["value"])),
		})
	}
	r.s.SetData(d, snapshot.Collected, "")
}

func (r *reader) readVCenter(ctx context.Context) {
	const d = snapshot.DataVCenterCreds
	if !r.has("vmware_data_center", "id", "password") {
		r.absent(d, "vmware_data_center", "4.2")
		return
	}
	rows, err := r.query(ctx, selectFrom("vmware_data_center", r.pick("vmware_data_center", "id", "name", "vcenter_host", "password", "removed"), " ORDER BY `id`"))
	if err != nil {
		r.failed(d, "vmware_data_center", err)
		return
	}
	for _, row := range rows {
		r.s.Credentials = append(r.s.Credentials, snapshot.StoredCredential{
			Kind:     snapshot.CredVCenterPassword,
			Owner:    fmt.Sprintf("VMware datacenter %s (vCenter %s, id %s)", str(row["name"]), str(row["vcenter_host"]), str(row["id"])),
			OwnerID:  atoi64(str(row["id"])),
			Location: "vmware_data_center.password",
			Secret:   r.classify(str(row["password"])),
		})
	}
	r.s.SetData(d, snapshot.Collected, "")
}

func (r *reader) readKeystore(ctx context.Context) {
	const d = snapshot.DataKeystore
	if !r.has("keystore", "id") {
		r.absent(d, "keystore", "")
		return
	}
	rows, err := r.query(ctx, selectFrom("keystore", r.pick("keystore", "id", "name", "certificate", "key", "domain_suffix"), " ORDER BY `id`"))
	if err != nil {
		r.failed(d, "keystore", err)
		return
	}
	for _, row := range rows {
		k := snapshot.KeystoreEntry{ID: atoi64(str(row["id"])), Name: str(row["name"]), DomainSuffix: str(row["domain_suffix"]),
			Key: r.classify(str(row["key"]))}
		if c := str(row["certificate"]); strings.Contains(c, "-----BEGIN CERTIFICATE-----") {
			cert, err := secrets.CertificateFacts(c)
			if err != nil {
				k.CertError = err.Error()
			}
			k.Certificate = cert
		}
		r.s.Keystore = append(r.s.Keystore, k)
	}
	r.s.SetData(d, snapshot.Collected, "")
}

func (r *reader) readLDAP(ctx context.Context) {
	const d = snapshot.DataLDAP
	if !r.has("ldap_configuration", "hostname", "port") {
		r.absent(d, "ldap_configuration", "4.2")
		return
	}
	rows, err := r.query(ctx, selectFrom("ldap_configuration", r.pick("ldap_configuration", "hostname", "port", "domain_id"), " ORDER BY `id`"))
	if err != nil {
		r.failed(d, "ldap_configuration", err)
		return
	}
	for _, row := range rows {
		l := snapshot.LDAPServer{Hostname: str(row["hostname"]), Port: int(atoi64(str(row["port"])))}
		if v := row["domain_id"]; v.Valid {
			id := atoi64(v.String)
			l.DomainID = &id
		}
		r.s.LDAPServers = append(r.s.LDAPServers, l)
	}
	r.s.SetData(d, snapshot.Collected, "")
}

// applyEncryptionState records what the stored values say about database
// encryption. Encryption is a fact per value: each secret keeps its own
// encoding. The database-wide state is "off" only when no value at all is
// ciphertext and a key CloudStack itself writes through DBEncryptionUtil
// (ssh.privatekey, the Root CA key, security.encryption.key) is in the
// clear; then values whose shape alone was ambiguous are plaintext too. A
// single row left in the clear beside real ciphertexts changes nothing else.
func (r *reader) applyEncryptionState() {
	st := &snapshot.EncryptionFacts{State: snapshot.EncryptionUnknown, Evidence: "no key written by CloudStack itself was found"}
	if prev := r.s.DBEncryption; prev != nil {
		st.DefaultKeyTried, st.DefaultKey, st.DefaultKeyEvidence = prev.DefaultKeyTried, prev.DefaultKey, prev.DefaultKeyEvidence
	}
	var all []*snapshot.SecretFacts
	for i := range r.s.Settings {
		if f := r.s.Settings[i].Secret; f != nil && secrets.IsSecretSetting(r.s.Settings[i].Name, r.s.Settings[i].Category) {
			all = append(all, f)
		}
	}
	for i := range r.s.ScopedSettings {
		if f := r.s.ScopedSettings[i].Secret; f != nil {
			all = append(all, f)
		}
	}
	for i := range r.s.Credentials {
		all = append(all, &r.s.Credentials[i].Secret)
	}
	for i := range r.s.Keystore {
		all = append(all, &r.s.Keystore[i].Key)
	}
	for _, f := range all {
		switch {
		case !f.Present:
		case f.Encoding == snapshot.Encrypted:
			st.Ciphertexts++
		case f.Encoding == snapshot.Plaintext:
			st.Plaintexts++
		}
	}
	// Encrypted non-secrets (init, ssh.publickey) are evidence too.
	for i := range r.s.Settings {
		if f := r.s.Settings[i].Secret; f != nil && f.Present && f.Encoding == snapshot.Encrypted &&
			!secrets.IsSecretSetting(r.s.Settings[i].Name, r.s.Settings[i].Category) {
			st.Ciphertexts++
		}
	}
	clearKey := ""
	for _, name := range []string{"ssh.privatekey", "ca.plugin.root.private.key", "security.encryption.key"} {
		if s, ok := r.s.Setting(name); ok && s.Secret != nil && s.Secret.Present && s.Secret.Encoding == snapshot.Plaintext {
			clearKey = name + ": " + s.Secret.Evidence
			break
		}
	}
	switch {
	case st.Ciphertexts > 0:
		st.State = snapshot.EncryptionOn
		st.Evidence = fmt.Sprintf("%d stored secret values are ciphertext", st.Ciphertexts)
		if st.Plaintexts > 0 {
			st.Evidence += fmt.Sprintf("; %d are in the clear and are judged one by one", st.Plaintexts)
		}
	case clearKey != "":
		st.State, st.Evidence = snapshot.EncryptionOff, clearKey+"; no stored value is ciphertext"
	}
	if st.DefaultKey {
		st.Evidence += "; they decrypt with the published default key"
	}
	r.s.DBEncryption = st
	if st.State != snapshot.EncryptionOff {
		return
	}
	why := "database encryption is off (" + st.Evidence + ")"
	for _, f := range all {
		*f = secrets.Plain(*f, why)
	}
	for i := range r.s.Settings {
		if f := r.s.Settings[i].Secret; f != nil {
			*f = secrets.Plain(*f, why)
		}
	}
}

// datasetTables declares, per dataset, every table and column the reader
// may query for it. A test holds the reader's has/pick/selectFrom calls and
// the scoped-settings table list against it, and it against the schema
// query's table list (watched), so a table removed here fails the test.
var datasetTables = map[snapshot.Dataset]map[string][]string{
	snapshot.DataVersion:  {"version": {"version", "id", "step", "updated"}},
	snapshot.DataSettings: {"configuration": {"category", "instance", "component", "name", "value", "default_value", "scope", "is_dynamic"}},
	snapshot.DataRootCA:   {"configuration": {"name", "value"}},
	snapshot.DataScopedSettings: {
		"configuration":        {"name"},
		"data_center_details":  {"dc_id", "name", "value"},
		"data_center":          {"id", "name"},
		"cluster_details":      {"cluster_id", "name", "value"},
		"cluster":              {"id", "name"},
		"storage_pool_details": {"pool_id", "name", "value"},
		"storage_pool":         {"id", "name"},
		"image_store_details":  {"store_id", "name", "value"},
		"image_store":          {"id", "name"},
		"domain_details":       {"domain_id", "name", "value"},
		"domain":               {"id", "path"},
		"account_details":      {"account_id", "name", "value"},
		"account":              {"id", "account_name"},
	},
	snapshot.DataMgmtServers: {"mshost": {"id", "msid", "name", "state", "version", "service_ip", "service_port", "removed"}},
	snapshot.DataHosts: {"host": {"id", "name", "type", "status", "resource_state", "hypervisor_type", "hypervisor_version",
		"private_ip_address", "version", "data_center_id", "cluster_id", "removed"}},
	snapshot.DataHostCreds: {"host_details": {"host_id", "name", "value"}, "host": {"id", "name", "removed"}},
	snapshot.DataUsers: {
		"user":    {"id", "username", "password", "account_id", "state", "removed", "source", "secret_key"},
		"account": {"id", "account_name", "type", "account_type", "state", "removed", "domain_id"},
		"domain":  {"id", "path"},
	},
	snapshot.DataAPIKeys:      {"user": {"secret_key"}, "api_keypair": {"id", "user_id", "name", "secret_key", "removed"}},
	snapshot.DataVCenterCreds: {"vmware_data_center": {"id", "name", "vcenter_host", "password", "removed"}},
	snapshot.DataKeystore:     {"keystore": {"id", "name", "certificate", "key", "domain_suffix"}},
	snapshot.DataLDAP:         {"ldap_configuration": {"id", "hostname", "port", "domain_id"}},
}
