package checks

// The settings table: every global setting CloudStack declares, per release
// (4.11.0.0 … 4.22.1.0 and main), embedded from checks/data (provenance in
// checks/data/README.md). Checks take the Java default of the audited
// release from it, and its scope per release decides which scoped override
// rows CloudStack reads at all.

import (
	_ "embed"
	"encoding/json"
	"slices"
	"sort"
	"sync"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

//go:embed data/cloudstack-settings.json
var settingsJSON []byte

// SettingSpec is one row of the settings table. Maps keyed by release hold
// the value from that release on, until the next key.
type SettingSpec struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"` // ConfigKey, Config.java or sql
	Category string `json:"category"`
	Type     string `json:"type,omitempty"`
	// First and Last are the first and last releases that declare it
	// ("main" = the development head); AbsentIn lists releases between
	// them that do not (backport ordering).
	First    string   `json:"first"`
	Last     string   `json:"last"`
	AbsentIn []string `json:"absent_in,omitempty"`
	// Defaults is the Java default; a nil value is Java null.
	Defaults   map[string]*string  `json:"default"`
	Scopes     map[string][]string `json:"scope"`
	Categories map[string]string   `json:"category_changes,omitempty"`
	Dynamic    *bool               `json:"dynamic,omitempty"`
	DeclaredIn string              `json:"declared_in"`
	// FirstStart is what ConfigurationServerImpl writes on the first start
	// (only where the row exists), e.g. user.authenticators.exclude=PLAINTEXT.
	FirstStart map[string]*string `json:"first_start,omitempty"`
}

// SettingsTable is the embedded table.
type SettingsTable struct {
	Source       map[string]any `json:"source"`
	ReleaseOrder []string       `json:"release_order"`
	Settings     []*SettingSpec `json:"settings"`
	byName       map[string]*SettingSpec
}

// TableFirstRelease is the oldest release the table covers; older releases
// (2.x, 3.x, 4.0–4.10) are a gap in it.
const TableFirstRelease = "4.11.0.0"

var settingsTable = sync.OnceValues(func() (*SettingsTable, error) {
	var t SettingsTable
	if err := json.Unmarshal(settingsJSON, &t); err != nil {
		return nil, err
	}
	t.byName = map[string]*SettingSpec{}
	for _, s := range t.Settings {
		t.byName[s.Name] = s
	}
	return &t, nil
})

// Settings returns the embedded settings table (it panics if the embedded
// file is broken, which a test rules out).
func Settings() *SettingsTable {
	t, err := settingsTable()
	if err != nil {
		panic("embedded settings table: " + err.Error())
	}
	return t
}

// Lookup returns the row for name.
func (t *SettingsTable) Lookup(name string) (*SettingSpec, bool) {
	s, ok := t.byName[name]
	return s, ok
}

// relVersion orders release keys; "main" is after every release.
func relVersion(r string) parse.Version {
	if r == "main" {
		return parse.MustVersion("999.0.0.0")
	}
	return parse.MustVersion(r)
}

// atRelease returns the value of a per-release map in force at release v
// (the newest key not after v); ok is false when v predates every key.
func atRelease[T any](m map[string]T, v parse.Version) (val T, ok bool) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return relVersion(keys[i]).Less(relVersion(keys[j])) })
	for _, k := range keys {
		if v.Less(relVersion(k)) {
			break
		}
		val, ok = m[k], true
	}
	return val, ok
}

// DeclaredAt reports whether release declares the setting. A patch release
// the table does not list (4.18.2.3, 4.22.1.1) is judged by the nearest
// listed release before it.
func (sp *SettingSpec) DeclaredAt(release string) bool {
	v, err := parse.ParseVersion(release)
	if err != nil {
		return false
	}
	if v.Less(relVersion(sp.First)) || relVersion(sp.Last).Less(nearestListed(v)) {
		return false
	}
	return !slices.Contains(sp.AbsentIn, nearestListed(v).Raw)
}

// nearestListed maps a release to the newest table release not after it.
func nearestListed(v parse.Version) parse.Version {
	best := parse.MustVersion(TableFirstRelease)
	for _, r := range Settings().ReleaseOrder {
		if rv := relVersion(r); !v.Less(rv) && best.Less(rv) {
			best = rv
		}
	}
	if best.Raw == "999.0.0.0" {
		best.Raw = "main"
	}
	return best
}

// DefaultAt returns the Java default at release (nil = Java null). For a
// release before the table (a gap), the oldest known default is returned
// with gap set.
func (sp *SettingSpec) DefaultAt(release string) (def *string, gap bool) {
	v, err := parse.ParseVersion(release)
	if err != nil || v.Less(parse.MustVersion(TableFirstRelease)) {
		d, _ := atRelease(sp.Defaults, relVersion(sp.First))
		return d, true
	}
	d, ok := atRelease(sp.Defaults, v)
	if !ok {
		d, _ = atRelease(sp.Defaults, relVersion(sp.First))
	}
	return d, false
}

// ScopesAt returns the ConfigKey scopes at release (nil for a row without
// a declared scope, i.e. global only).
func (sp *SettingSpec) ScopesAt(release string) []string {
	v, err := parse.ParseVersion(release)
	if err != nil {
		v = relVersion(sp.First)
	}
	sc, _ := atRelease(sp.Scopes, v)
	return sc
}

// tableDefault returns the default of name at the snapshot's release and
// whether it is known; gap is set for releases before the table.
func tableDefault(s *snapshot.Snapshot, name string) (def *string, known, gap bool) {
	sp, ok := Settings().Lookup(name)
	if !ok {
		return nil, false, false
	}
	d, gap := sp.DefaultAt(s.CloudStackVersion)
	return d, true, gap
}

// effectiveIn returns a setting's value as CloudStack resolves it at the
// snapshot's release: the stored value, else the stored default_value
// (ConfigDepot rewrites it to the Java default on every start), else the
// Java default of that release from the settings table. null reports Java
// null (no value at all); note says where the value came from.
func effectiveIn(s *snapshot.Snapshot, st *snapshot.Setting) (v string, null bool, note string) {
	if st.Value != nil {
		return *st.Value, false, ""
	}
	if st.Default != nil {
		return *st.Default, false, " (default)"
	}
	d, known, gap := tableDefault(s, st.Name)
	switch {
	case !known:
		return "", true, " (NULL, no default)"
	case gap:
		note = " (Java default assumed from " + TableFirstRelease + ": csaudit's settings table does not cover " + s.CloudStackVersion + ")"
	default:
		note = " (Java default)"
	}
	if d == nil {
		return "", true, " (NULL: Java default is null)"
	}
	return *d, false, note
}

// scopeOfTable maps a snapshot override scope to the ConfigKey scope name.
var scopeOfTable = map[string]string{
	"zone": "Zone", "cluster": "Cluster", "storagepool": "StoragePool", "imagestore": "ImageStore",
	"domain": "Domain", "account": "Account", "managementserver": "ManagementServer",
}

// keyScopes returns the scopes of setting name at the snapshot's release:
// the settings table's, else the configuration.scope column.
//
// CloudStack's valueIn follows the Java ConfigKey's scope, so the table
// (per release) comes first; the column is the fallback for settings or
// releases the table does not cover.
func keyScopes(s *snapshot.Snapshot, name string) []string {
	if sp, ok := Settings().Lookup(name); ok {
		if v, err := parse.ParseVersion(s.CloudStackVersion); err == nil && !v.Less(parse.MustVersion(TableFirstRelease)) {
			return sp.ScopesAt(s.CloudStackVersion)
		}
	}
	if st, ok := s.Setting(name); ok && st.Scope != "" {
		return snapshot.CSV(st.Scope)
	}
	return nil
}

// overrideRead says whether CloudStack reads override o at all, and if not
// why. A row in a details table is read only when the key carries that
// scope (ConfigKey.valueIn); domain rows of an Account-scoped key only when
// enable.account.settings.for.domain and enable.domain.settings.for.child.domain
// are both true (AccountDetailsDaoImpl, 4.16.0.0+); no store exists for
// ManagementServer scope (ConfigDepotImpl.getScopedStorage).
func overrideRead(s *snapshot.Snapshot, o snapshot.ScopedSetting) (bool, string) {
	want := scopeOfTable[o.Scope]
	if want == "" || want == "ManagementServer" {
		return false, "CloudStack has no " + o.Scope + " settings store"
	}
	scopes := keyScopes(s, o.Name)
	if slices.Contains(scopes, want) {
		return true, ""
	}
	if want == "Domain" && slices.Contains(scopes, "Account") && !inRanges(s, "", "4.15.99.99") {
		if flagOn(s, "enable.account.settings.for.domain") && flagOn(s, "enable.domain.settings.for.child.domain") {
			return true, ""
		}
		return false, o.Name + " is account-scoped; its domain rows are read only with enable.account.settings.for.domain and enable.domain.settings.for.child.domain both true"
	}
	sc := "global only"
	if len(scopes) > 0 {
		sc = joinScopes(scopes)
	}
	return false, "on " + releaseName(s) + " " + o.Name + " is not " + o.Scope + "-scoped (" + sc + "), so CloudStack never reads this row"
}

func joinScopes(sc []string) string {
	out := ""
	for i, x := range sc {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}

// flagOn reads a boolean setting with its effective value.
func flagOn(s *snapshot.Snapshot, name string) bool {
	st, ok := s.Setting(name)
	if !ok || st.Secret != nil {
		return false
	}
	v, _, _ := effectiveIn(s, st)
	return isTrue(v)
}

// readOverrides returns the overrides of name that CloudStack reads, and
// skip results for those it never reads.
func readOverrides(s *snapshot.Snapshot, name string) (read []snapshot.ScopedSetting, unread []Result) {
	for _, o := range s.Overrides(name) {
		if ok, why := overrideRead(s, o); ok {
			read = append(read, o)
		} else {
			unread = append(unread, Result{Status: Skip, Resource: OverrideRes(o), Message: "not applicable: " + why})
		}
	}
	return read, unread
}
