package checks

// The settings contract: every setting name a check reads is declared in
// its Settings field, exists in the settings table for every release the
// check applies to (Since or 4.11.0.0 … 4.22.1.0), and every code default a
// check still assumes equals the table's Java default.

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// lastCheckedRelease is the newest release the table test holds names to.
const lastCheckedRelease = "4.22.1.0"

// settingWindows are names a check reads only on part of its range, with
// the table's own first/last release (the test verifies them against the
// table, so they are data, not a free pass).
var settingWindows = map[string][2]string{
	"CS-API-004/proxy.header.verify":                            {"4.18.2.0", "main"}, // absent in 4.19.0.0 too (backport)
	"CS-API-004/proxy.cidr":                                     {"4.18.2.0", "main"},
	"CS-API-006/endpoint.url":                                   {"4.17.0.0", "main"},
	"CS-API-006/endpointe.url":                                  {"4.11.0.0", "4.16.1.1"},
	"CS-AUTH-007/saml2.check.signature":                         {"4.18.2.5", "main"},
	"CS-API-003/enable.account.settings.for.domain":             {"4.16.0.0", "main"},
	"CS-API-003/enable.domain.settings.for.child.domain":        {"4.16.0.0", "main"},
	"CS-VM-003/allow.user.view.all.domain.accounts":             {"4.13.0.0", "main"},
	"CS-VM-003/allow.user.list.available.ips.on.shared.network": {"4.18.1.0", "main"},
	"CS-VM-003/account.allow.expose.host.hostname":              {"4.15.0.0", "main"},
	"CS-VM-003/allow.domain.admins.to.create.tagged.offerings":  {"4.18.0.0", "main"},
}

// preconditionReaders are the advisory checks: they read each setting
// only when an advisory whose precondition it is affects the release, and
// only if the release has it (an absent setting leaves the precondition
// unknown). Their Settings are held to the preconditions table by
// TestAdvisoryCheckSettings; here only that each name exists in the
// settings table at all.
var preconditionReaders = map[string]bool{
	"CS-VER-002": true, "CS-VER-003": true, "CS-VER-004": true, "CS-VER-005": true, "CS-VER-006": true,
}

// pendingSettings are checks in files this change does not own whose
// database reads are not yet declared; the owners add them (report h9a).
var pendingSettings = map[string][]string{}

var hardenedBytes = sync.OnceValues(func() ([]byte, error) {
	return os.ReadFile(filepath.Join("..", "testdata", "snapshots", "hardened.json"))
})

func hardenedSnapshot(t *testing.T) *snapshot.Snapshot {
	t.Helper()
	b, err := hardenedBytes()
	if err != nil {
		t.Fatal(err)
	}
	s, err := snapshot.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// lookupVariants are snapshots that drive each check through its branches:
// the hardened one, each table release, and each boolean flipped.
func lookupVariants(t *testing.T) []*snapshot.Snapshot {
	var out []*snapshot.Snapshot
	base := hardenedSnapshot(t)
	out = append(out, base)
	for _, r := range append(Settings().ReleaseOrder[:len(Settings().ReleaseOrder)-1], "2.2.14", "4.9.0") {
		s := hardenedSnapshot(t)
		s.CloudStackVersion = r
		out = append(out, s)
	}
	// CS-AUTH-011 reads the default provider only when staticpin is live.
	s0 := hardenedSnapshot(t)
	for i := range s0.Settings {
		if s0.Settings[i].Name == "user.2fa.providers.exclude" {
			s0.Settings[i].Value, s0.Settings[i].Default = nil, nil
		}
	}
	out = append(out, s0)
	// Branches that need a missing or scoped row.
	s := hardenedSnapshot(t)
	s.Settings = slices.DeleteFunc(s.Settings, func(st snapshot.Setting) bool { return st.Name == "endpoint.url" })
	out = append(out, s)
	s = hardenedSnapshot(t)
	v := "0.0.0.0/0"
	s.ScopedSettings = append(s.ScopedSettings, snapshot.ScopedSetting{Scope: "domain", ScopeID: 3, Name: "api.allowed.source.cidr.list", Value: &v})
	on := "true"
	for i := range s.Settings {
		if s.Settings[i].Name == "enable.account.settings.for.domain" {
			s.Settings[i].Value = &on
		}
	}
	out = append(out, s)
	for i := range base.Settings {
		st := base.Settings[i]
		if st.Value == nil || (*st.Value != "true" && *st.Value != "false" && *st.Value != "disabled") {
			continue
		}
		s := hardenedSnapshot(t)
		v := "true"
		if *st.Value == "true" {
			v = "false"
		}
		s.Settings[i].Value = &v
		out = append(out, s)
	}
	return out
}

func TestSettingsDeclared(t *testing.T) {
	var mu sync.Mutex
	for _, c := range Registry {
		read := map[string]bool{}
		for _, s := range lookupVariants(t) {
			s.Lookups = func(name string) { mu.Lock(); read[name] = true; mu.Unlock() }
			func() {
				defer func() { _ = recover() }()
				c.Eval(s)
			}()
		}
		declared := append(slices.Clone(c.Settings), pendingSettings[c.ID]...)
		var missing []string
		for name := range read {
			if !slices.Contains(declared, name) {
				missing = append(missing, name)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s reads settings it does not declare in Settings: %s", c.ID, strings.Join(missing, ", "))
		}
		for _, name := range c.Settings {
			if !read[name] && !preconditionReaders[c.ID] {
				t.Errorf("%s declares setting %s but no variant made Eval read it", c.ID, name)
			}
		}
	}
	for id := range pendingSettings {
		if c, ok := Lookup(id); ok && len(c.Settings) > 0 {
			t.Errorf("%s now declares Settings: drop it from pendingSettings", id)
		}
	}
}

func TestSettingsInTable(t *testing.T) {
	tab := Settings()
	for _, c := range Registry {
		from := TableFirstRelease
		if c.Since != "" && parse.MustVersion(TableFirstRelease).Less(parse.MustVersion(c.Since)) {
			from = c.Since
		}
		for _, name := range append(slices.Clone(c.Settings), pendingSettings[c.ID]...) {
			sp, ok := tab.Lookup(name)
			if !ok {
				t.Errorf("%s reads %s, which no release in the settings table declares", c.ID, name)
				continue
			}
			if preconditionReaders[c.ID] {
				continue
			}
			lo, hi := from, lastCheckedRelease
			if w, ok := settingWindows[c.ID+"/"+name]; ok {
				if w[0] != sp.First || w[1] != sp.Last {
					t.Errorf("%s/%s: window %v disagrees with the table (first %s, last %s)", c.ID, name, w, sp.First, sp.Last)
				}
				lo, hi = w[0], w[1]
				if hi == "main" {
					hi = lastCheckedRelease
				}
				if parse.MustVersion(lo).Less(parse.MustVersion(from)) {
					lo = from
				}
			}
			for _, r := range tab.ReleaseOrder {
				if r == "main" || parse.MustVersion(r).Less(parse.MustVersion(lo)) || parse.MustVersion(hi).Less(parse.MustVersion(r)) {
					continue
				}
				if !sp.DeclaredAt(r) && !slices.Contains(sp.AbsentIn, r) {
					t.Errorf("%s reads %s, which %s does not declare (table: %s–%s)", c.ID, name, r, sp.First, sp.Last)
				}
			}
		}
	}
	for key := range settingWindows {
		id, name, _ := strings.Cut(key, "/")
		c, ok := Lookup(id)
		if !ok || !slices.Contains(c.Settings, name) {
			t.Errorf("settingWindows has %s, which that check does not declare", key)
		}
	}
}

// TestCodeDefaultsMatchTable holds every code default a check passes
// (effective, settingRule.codeDefault) against the table's Java default at
// each release the check applies to.
func TestCodeDefaultsMatchTable(t *testing.T) {
	var mu sync.Mutex
	type seen struct{ name, def, release string }
	var got []seen
	release := ""
	defaultHook = func(name, def string) { mu.Lock(); got = append(got, seen{name, def, release}); mu.Unlock() }
	defer func() { defaultHook = nil }()
	for _, r := range Settings().ReleaseOrder {
		if r == "main" {
			continue
		}
		release = r
		for _, c := range Registry {
			s := hardenedSnapshot(t)
			s.CloudStackVersion = r
			for i := range s.Settings {
				s.Settings[i].Value, s.Settings[i].Default = nil, nil // drive the default path
			}
			func() {
				defer func() { _ = recover() }()
				c.Eval(s)
			}()
		}
	}
	for _, g := range got {
		sp, ok := Settings().Lookup(g.name)
		if !ok || !sp.DeclaredAt(g.release) {
			continue
		}
		d, _ := sp.DefaultAt(g.release)
		want := ""
		if d != nil {
			want = *d
		}
		if g.def != want {
			t.Errorf("a check assumes %s defaults to %q at %s; the table says %q", g.name, g.def, g.release, want)
		}
	}
}

// TestTableFacts pins facts the checks rely on, as the table states them.
func TestTableFacts(t *testing.T) {
	def := func(name, rel string) string {
		sp, ok := Settings().Lookup(name)
		if !ok {
			t.Fatalf("table has no %s", name)
		}
		d, _ := sp.DefaultAt(rel)
		if d == nil {
			return "<null>"
		}
		return *d
	}
	for _, c := range []struct{ name, rel, want string }{
		{"integration.api.port", "4.11.3.0", "<null>"},
		{"integration.api.port", "4.12.0.0", "8096"},
		{"integration.api.port", "4.22.1.1", "0"},
		{"user.authenticators.exclude", "4.22.1.0", "<null>"},
		{"user.password.encoders.exclude", "4.15.0.0", "<null>"},
		{"network.loadbalancer.haproxy.stats.auth", "4.20.0.0", "admin1:AdMiN123"},
		{"ca.plugin.root.auth.strictness", "4.22.1.0", "false"},
	} {
		if got := def(c.name, c.rel); got != c.want {
			t.Errorf("%s at %s: default %q, want %q", c.name, c.rel, got, c.want)
		}
	}
	cp, _ := Settings().Lookup("consoleproxy.url.domain")
	if sc := cp.ScopesAt("4.21.0.0"); !slices.Equal(sc, []string{"Global"}) {
		t.Errorf("consoleproxy.url.domain scope at 4.21.0.0 = %v", sc)
	}
	if sc := cp.ScopesAt("4.22.1.1"); !slices.Equal(sc, []string{"Zone"}) {
		t.Errorf("consoleproxy.url.domain scope at 4.22.1.1 = %v", sc)
	}
	ep, _ := Settings().Lookup("endpointe.url")
	if ep.DeclaredAt("4.17.0.0") || !ep.DeclaredAt("4.16.1.1") {
		t.Error("endpointe.url must end at 4.16.1.1 (renamed to endpoint.url in 4.17.0.0)")
	}
	if src, _ := Settings().Source["commits"].(map[string]any); src["4.22.1.0"] != "348ce953a99246a756b527994f7745a7be038234" {
		t.Errorf("table provenance lost: commits[4.22.1.0] = %v", src["4.22.1.0"])
	}
}

// TestSeverityFixes pins severities changed on review.
func TestSeverityFixes(t *testing.T) {
	if c, _ := Lookup("CS-CRYPT-003"); c.Severity != Low {
		t.Errorf("CS-CRYPT-003 severity %s, want low (console-only password; SSH is key-only)", c.Severity)
	}
	if c, _ := Lookup("CS-API-001"); strings.Contains(c.Remediation, "use -1") {
		t.Error("CS-API-001 must not recommend -1: a negative port aborts the listener on the affected releases")
	}
}

// TestRequiresAreCollected: every dataset a check requires is one a
// collector fills (the database collector's list, or the machines probe).
func TestRequiresAreCollected(t *testing.T) {
	filled := append(slices.Clone(snapshot.DatabaseDatasets), snapshot.DataMachines)
	for _, c := range Registry {
		for _, d := range c.Requires {
			if !slices.Contains(filled, d) {
				t.Errorf("%s requires dataset %s, which no collector fills", c.ID, d)
			}
		}
	}
}
