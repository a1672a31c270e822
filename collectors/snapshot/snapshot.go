// Package snapshot defines the data that collectors gather and checks read.
//
// A Snapshot is plain data: it round-trips through JSON unchanged, holds no
// secret values (secrets are reduced to SecretFacts inside the collectors),
// and records for every dataset whether it was collected, is absent in this
// CloudStack release, or could not be read. It imports only the standard
// library so that every other package may depend on it.
package snapshot

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// SchemaVersion is the version of the Snapshot JSON layout. It changes when a
// field is removed or its meaning changes; adding a field does not change it.
const SchemaVersion = "1"

// Snapshot is everything csaudit knows about one CloudStack installation.
type Snapshot struct {
	SchemaVersion     string    `json:"schema_version"`
	CollectedAt       time.Time `json:"collected_at"`
	Target            string    `json:"target"`
	CloudStackVersion string    `json:"cloudstack_version,omitempty"`
	// VersionHistory lists the rows of the `version` table, oldest first.
	VersionHistory []VersionRow `json:"version_history,omitempty"`

	// Data records, per dataset, whether it was collected.
	Data map[Dataset]Availability `json:"data"`
	// Schema lists the columns found for each table the collector looked at.
	Schema map[string][]string `json:"schema,omitempty"`

	// DBEncryption is what the stored secrets say about database encryption
	// (db.cloud.encryption.type), judged without the key.
	DBEncryption *EncryptionFacts `json:"db_encryption,omitempty"`

	Settings          []Setting          `json:"settings,omitempty"`
	ScopedSettings    []ScopedSetting    `json:"scoped_settings,omitempty"`
	ManagementServers []ManagementServer `json:"management_servers,omitempty"`
	Hosts             []Host             `json:"hosts,omitempty"`
	Users             []User             `json:"users,omitempty"`
	Credentials       []StoredCredential `json:"credentials,omitempty"`
	Keystore          []KeystoreEntry    `json:"keystore,omitempty"`
	RootCA            *RootCA            `json:"root_ca,omitempty"`
	LDAPServers       []LDAPServer       `json:"ldap_servers,omitempty"`
	ExtraData
	// DBServer is the MySQL/MariaDB server holding the cloud database.
	DBServer *DBServer `json:"db_server,omitempty"`
	// Machines are the management servers and hosts probed over SSH or locally.
	Machines []Machine `json:"machines,omitempty"`
	// Fingerprints are keyed fingerprints of key material (--fingerprint-key).
	Fingerprints []Fingerprint `json:"fingerprints,omitempty"`

	Sources []Source `json:"sources"`

	// Lookups, when set, is called with every name Setting and Overrides
	// are asked for. Tests use it to hold each check to the settings it
	// declares; it is never serialised.
	Lookups func(name string) `json:"-"`
}

// Dataset names one kind of collected data. Checks declare the datasets they
// need; Run skips or errors a check whose data is missing.
type Dataset string

// The datasets read from the management database.
const (
	DataVersion        Dataset = "version"
	DataSettings       Dataset = "settings"
	DataScopedSettings Dataset = "scoped_settings"
	DataMgmtServers    Dataset = "management_servers"
	DataHosts          Dataset = "hosts"
	DataUsers          Dataset = "users"
	DataHostCreds      Dataset = "host_credentials"
	DataAPIKeys        Dataset = "api_keys"
	DataVCenterCreds   Dataset = "vcenter_credentials" // #nosec G101 -- a dataset name, not a credential
	DataKeystore       Dataset = "keystore"
	DataRootCA         Dataset = "root_ca"
	DataLDAP           Dataset = "ldap_configuration"
)

// DatabaseDatasets is every dataset the database collector fills, in a fixed order.
var DatabaseDatasets = []Dataset{
	DataVersion, DataSettings, DataScopedSettings, DataMgmtServers, DataHosts,
	DataUsers, DataHostCreds, DataAPIKeys, DataVCenterCreds, DataKeystore,
	DataRootCA, DataLDAP,
	DataHostSecured, DataUserSecurity, DataOAuth, DataVPNSecrets, DataConsoleSecret, DataOOBM,
	DataLBCerts, DataPassphrases, DataResLimits, DataTemplates, DataRouters,
	DataDBServer, DataDBAccounts,
}

// DataStatus says whether a dataset could be collected.
type DataStatus string

const (
	// Collected: the data was read; an empty list means there is none.
	Collected DataStatus = "collected"
	// Absent: this CloudStack release predates the data (table or column
	// missing). Checks that need it are not applicable.
	Absent DataStatus = "absent"
	// Failed: the data should exist but could not be read (permission,
	// query error, unparseable content). Checks that need it error.
	Failed DataStatus = "failed"
	// NotCollected: the source that provides it was not requested.
	NotCollected DataStatus = "not_collected"
)

// Availability is the state of one dataset.
type Availability struct {
	Status DataStatus `json:"status"`
	Reason string     `json:"reason,omitempty"`
	// Source is the label (Source.Label) of the failed source that
	// should have provided the data; set only with status failed when the
	// whole source failed, so reports can summarise it once.
	Source string `json:"source,omitempty"`
}

// Availability returns the state of dataset d; a dataset never mentioned is
// NotCollected.
func (s *Snapshot) Availability(d Dataset) Availability {
	if a, ok := s.Data[d]; ok {
		return a
	}
	return Availability{Status: NotCollected, Reason: "no source providing " + string(d) + " was audited"}
}

// SetData records the availability of dataset d.
func (s *Snapshot) SetData(d Dataset, st DataStatus, reason string) {
	if s.Data == nil {
		s.Data = map[Dataset]Availability{}
	}
	s.Data[d] = Availability{Status: st, Reason: reason}
}

// VersionRow is one row of the `version` table.
type VersionRow struct {
	Version string     `json:"version"`
	Step    string     `json:"step,omitempty"`
	Updated *time.Time `json:"updated,omitempty"`
}

// Source records one requested source of data and whether it worked. Each
// collector returns its own Source beside its data; Merge collects them.
type Source struct {
	Kind   string `json:"kind"`
	Target string `json:"target"`
	OK     bool   `json:"ok"`
	Error  string `json:"error,omitempty"`
	Hint   string `json:"hint,omitempty"`
	// Warnings are problems that did not stop the source.
	Warnings []string `json:"warnings,omitempty"`
	// DurationMS is how long the source took to read, in milliseconds.
	DurationMS int64 `json:"duration_ms,omitempty"`
}

// Label names the source in messages: "database mysql://cloud@db:3306/cloud".
func (s Source) Label() string { return s.Kind + " " + s.Target }

// HostPart is what a host collector returns for one machine: the
// machine's facts and the source record of reading them.
type HostPart struct {
	Machine
	Source Source
}

// Merge adds a collector's part (its own datasets, lists and facts) to s.
// Parts never overlap: each dataset has one collector.
func (s *Snapshot) Merge(p *Snapshot) {
	if p == nil {
		return
	}
	if s.Data == nil {
		s.Data = map[Dataset]Availability{}
	}
	for d, a := range p.Data {
		s.Data[d] = a
	}
	if s.Schema == nil && len(p.Schema) > 0 {
		s.Schema = map[string][]string{}
	}
	for t, cols := range p.Schema {
		s.Schema[t] = cols
	}
	if p.CloudStackVersion != "" {
		s.CloudStackVersion = p.CloudStackVersion
	}
	if s.Target == "" {
		s.Target = p.Target
	}
	if p.DBEncryption != nil {
		s.DBEncryption = p.DBEncryption
	}
	if p.RootCA != nil {
		s.RootCA = p.RootCA
	}
	if p.DBServer != nil {
		s.DBServer = p.DBServer
	}
	s.VersionHistory = append(s.VersionHistory, p.VersionHistory...)
	s.Settings = append(s.Settings, p.Settings...)
	s.ScopedSettings = append(s.ScopedSettings, p.ScopedSettings...)
	s.ManagementServers = append(s.ManagementServers, p.ManagementServers...)
	s.Hosts = append(s.Hosts, p.Hosts...)
	s.Users = append(s.Users, p.Users...)
	s.Credentials = append(s.Credentials, p.Credentials...)
	s.Keystore = append(s.Keystore, p.Keystore...)
	s.LDAPServers = append(s.LDAPServers, p.LDAPServers...)
	s.ExtraData.merge(&p.ExtraData)
	s.Machines = append(s.Machines, p.Machines...)
	s.Fingerprints = append(s.Fingerprints, p.Fingerprints...)
	s.Sources = append(s.Sources, p.Sources...)
}

// FailDatasets marks the datasets ds failed because source src failed,
// except those already recorded as absent or failed.
func (s *Snapshot) FailDatasets(ds []Dataset, src Source) {
	for _, d := range ds {
		if a, ok := s.Data[d]; ok && a.Status != Collected {
			continue
		}
		if s.Data == nil {
			s.Data = map[Dataset]Availability{}
		}
		s.Data[d] = Availability{Status: Failed, Reason: "the " + src.Kind + " source failed: " + src.Error, Source: src.Label()}
	}
}

// Encoding says how a secret is stored.
type Encoding string

const (
	Encrypted Encoding = "encrypted"
	Plaintext Encoding = "plaintext"
	Unknown   Encoding = "unknown"
	Empty     Encoding = "empty"
)

// SecretFacts replace a secret value: what can be said about it without
// keeping it.
type SecretFacts struct {
	Present  bool     `json:"present"`
	Encoding Encoding `json:"encoding"`
	// Evidence says why Encoding was decided (e.g. "PEM private key header").
	Evidence string `json:"evidence,omitempty"`
	// KnownDefault names the published default the value equals, if any.
	KnownDefault string `json:"known_default,omitempty"`
	Length       int    `json:"length"`
	// Decrypted is set when the collector decrypted the value in memory
	// with the database key, so KnownDefault was judged on the clear text.
	Decrypted bool `json:"decrypted,omitempty"`
}

// Database encryption states.
const (
	EncryptionOn      = "on"
	EncryptionOff     = "off"
	EncryptionUnknown = "unknown"
)

// EncryptionFacts say whether CloudStack encrypts database secrets.
type EncryptionFacts struct {
	State    string `json:"state"`
	Evidence string `json:"evidence"`
	// Ciphertexts and Plaintexts count the stored secret values judged
	// encrypted and in the clear: encryption is a fact per value, and
	// State is "off" only when no value is ciphertext.
	Ciphertexts int `json:"ciphertexts,omitempty"`
	Plaintexts  int `json:"plaintexts,omitempty"`
	// DefaultKeyTried is set when stored ciphertexts were tried (in
	// memory, a bounded number) with the published default database key
	// "password" of cloudstack-setup-databases; DefaultKey is the answer
	// and DefaultKeyEvidence says how many decrypted with which encryptor.
	DefaultKeyTried    bool   `json:"default_key_tried,omitempty"`
	DefaultKey         bool   `json:"default_key,omitempty"`
	DefaultKeyEvidence string `json:"default_key_evidence,omitempty"`
}

// Setting is one row of the global `configuration` table.
type Setting struct {
	Name      string `json:"name"`
	Category  string `json:"category,omitempty"`
	Instance  string `json:"instance,omitempty"`
	Component string `json:"component,omitempty"`
	// Value is nil when the column is NULL or when the setting is secret
	// (then Secret holds the facts).
	Value *string `json:"value,omitempty"`
	// Default is nil when NULL or when this schema has no default_value column.
	Default *string `json:"default,omitempty"`
	// Scope is the normalised scope list ("Global", "Domain,Account");
	// ScopeRaw is the column as stored (a name before 4.21, a bitmask after).
	Scope    string       `json:"scope,omitempty"`
	ScopeRaw string       `json:"scope_raw,omitempty"`
	Dynamic  *bool        `json:"dynamic,omitempty"`
	Secret   *SecretFacts `json:"secret,omitempty"`
}

// Effective returns the value CloudStack uses: the stored value, else the
// default. ok is false when neither is known (or the setting is secret).
func (st *Setting) Effective() (v string, ok bool) {
	if st.Value != nil {
		return *st.Value, true
	}
	if st.Secret == nil && st.Default != nil {
		return *st.Default, true
	}
	return "", false
}

// ScopedSetting is an override of a setting for one zone, cluster, domain,
// account, storage pool or image store.
type ScopedSetting struct {
	Scope     string       `json:"scope"`
	ScopeID   int64        `json:"scope_id"`
	ScopeName string       `json:"scope_name,omitempty"`
	Name      string       `json:"name"`
	Value     *string      `json:"value,omitempty"`
	Secret    *SecretFacts `json:"secret,omitempty"`
}

// ManagementServer is one row of `mshost`.
type ManagementServer struct {
	ID          int64  `json:"id"`
	MSID        string `json:"msid,omitempty"`
	Name        string `json:"name"`
	State       string `json:"state"`
	Version     string `json:"version,omitempty"`
	ServiceIP   string `json:"service_ip"`
	ServicePort int    `json:"service_port,omitempty"`
	Removed     bool   `json:"removed"`
}

// Host is one row of `host`.
type Host struct {
	ID                int64  `json:"id"`
	Name              string `json:"name"`
	Type              string `json:"type"`
	Status            string `json:"status,omitempty"`
	ResourceState     string `json:"resource_state,omitempty"`
	HypervisorType    string `json:"hypervisor_type,omitempty"`
	HypervisorVersion string `json:"hypervisor_version,omitempty"`
	PrivateIP         string `json:"private_ip,omitempty"`
	Version           string `json:"version,omitempty"`
	ZoneID            int64  `json:"zone_id,omitempty"`
	ClusterID         int64  `json:"cluster_id,omitempty"`
	Removed           bool   `json:"removed"`
}

// Password schemes of `user.password`.
const (
	SchemePBKDF2     = "pbkdf2"
	SchemeSHA256Salt = "sha256salt"
	SchemeMD5        = "md5"
	SchemePlaintext  = "plaintext"
	SchemeEmpty      = "empty"
	// SchemeExternal: an LDAP/SAML/OAuth user whose stored value is not
	// used for login.
	SchemeExternal = "external"
)

// Account types, normalised.
const (
	AccountUser          = "user"
	AccountRootAdmin     = "root-admin"
	AccountDomainAdmin   = "domain-admin"
	AccountResourceAdmin = "resource-admin"
	AccountProject       = "project"
)

// PasswordFacts describe a stored user password without keeping it.
type PasswordFacts struct {
	Scheme   string `json:"scheme"`
	Evidence string `json:"evidence,omitempty"`
	Rounds   int    `json:"rounds,omitempty"`
	// DefaultChecked is true when the hash was tested against the published
	// default admin password; IsDefault is the answer.
	DefaultChecked bool   `json:"default_checked"`
	IsDefault      bool   `json:"is_default"`
	NotChecked     string `json:"not_checked,omitempty"`
}

// User is one CloudStack user with its account and domain.
type User struct {
	ID          int64         `json:"id"`
	Username    string        `json:"username"`
	Account     string        `json:"account"`
	AccountType string        `json:"account_type"`
	Domain      string        `json:"domain,omitempty"`
	State       string        `json:"state,omitempty"`
	Enabled     bool          `json:"enabled"`
	Removed     bool          `json:"removed"`
	Source      string        `json:"source,omitempty"`
	Password    PasswordFacts `json:"password"`
}

// Credential kinds.
const (
	CredHostPassword    = "host-password"
	CredAPISecretKey    = "api-secret-key"
	CredVCenterPassword = "vcenter-password"
)

// StoredCredential is a credential CloudStack keeps in the database.
type StoredCredential struct {
	Kind  string `json:"kind"`
	Owner string `json:"owner"`
	// OwnerID is the id of the row that holds the credential (host,
	// user, key pair, VMware datacenter): its stable identity.
	OwnerID  int64       `json:"owner_id,omitempty"`
	Location string      `json:"location"`
	Secret   SecretFacts `json:"secret"`
}

// Certificate holds public facts of an X.509 certificate.
type Certificate struct {
	Subject            string    `json:"subject"`
	Issuer             string    `json:"issuer"`
	DNSNames           []string  `json:"dns_names,omitempty"`
	NotBefore          time.Time `json:"not_before"`
	NotAfter           time.Time `json:"not_after"`
	KeyAlgorithm       string    `json:"key_algorithm"`
	KeyBits            int       `json:"key_bits,omitempty"`
	SignatureAlgorithm string    `json:"signature_algorithm"`
	SHA256             string    `json:"sha256"`
}

// KeystoreEntry is one row of the legacy `keystore` table.
type KeystoreEntry struct {
	ID           int64        `json:"id"`
	Name         string       `json:"name"`
	DomainSuffix string       `json:"domain_suffix,omitempty"`
	Certificate  *Certificate `json:"certificate,omitempty"`
	CertError    string       `json:"cert_error,omitempty"`
	Key          SecretFacts  `json:"key"`
}

// RootCA is the CA framework's root certificate (stored in configuration).
type RootCA struct {
	// Stored says how ca.plugin.root.ca.certificate is kept.
	Stored      SecretFacts  `json:"stored"`
	Certificate *Certificate `json:"certificate,omitempty"`
	ParseError  string       `json:"parse_error,omitempty"`
}

// LDAPServer is one row of `ldap_configuration`.
type LDAPServer struct {
	Hostname string `json:"hostname"`
	Port     int    `json:"port"`
	DomainID *int64 `json:"domain_id,omitempty"`
}

// Setting returns the global setting called name.
func (s *Snapshot) Setting(name string) (*Setting, bool) {
	if s.Lookups != nil {
		s.Lookups(name)
	}
	for i := range s.Settings {
		if s.Settings[i].Name == name {
			return &s.Settings[i], true
		}
	}
	return nil, false
}

// Overrides returns the scoped overrides of setting name, in stored order.
func (s *Snapshot) Overrides(name string) []ScopedSetting {
	if s.Lookups != nil {
		s.Lookups(name)
	}
	var out []ScopedSetting
	for _, o := range s.ScopedSettings {
		if o.Name == name {
			out = append(out, o)
		}
	}
	return out
}

// Normalize sorts lists into a stable order so saved snapshots compare equal.
func (s *Snapshot) Normalize() {
	sort.SliceStable(s.Settings, func(i, j int) bool { return s.Settings[i].Name < s.Settings[j].Name })
	sort.SliceStable(s.ScopedSettings, func(i, j int) bool {
		a, b := s.ScopedSettings[i], s.ScopedSettings[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Scope != b.Scope {
			return a.Scope < b.Scope
		}
		return a.ScopeID < b.ScopeID
	})
}

// Save writes s as indented JSON.
func (s *Snapshot) Save(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// Decode reads a snapshot, rejecting unknown fields and other schema versions.
func Decode(r io.Reader) (*Snapshot, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("decoding snapshot: %w", err)
	}
	if s.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("snapshot schema_version %q is not supported (this csaudit reads %q)", s.SchemaVersion, SchemaVersion)
	}
	return &s, nil
}

// Load reads a snapshot file.
func Load(path string) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// CSV splits a comma-separated setting value into trimmed, non-empty items.
func CSV(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
