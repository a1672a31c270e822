package checks_test

import (
	"fmt"
	"testing"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Sizes of the synthetic large installation.
const (
	benchSettings    = 5_000
	benchOverrides   = 20_000
	benchUsers       = 50_000
	benchCredentials = 10_000
	benchHosts       = 2_000
)

// largeSnapshot grows the hardened fixture into a big, still hardened,
// installation. Overrides are spread over the settings the checks read per
// scope (so the per-override paths are exercised) and over unrelated ones.
func largeSnapshot(tb testing.TB) *snapshot.Snapshot {
	tb.Helper()
	s := loadHardened(tb)
	str := func(v string) *string { return &v }
	for i := len(s.Settings); i < benchSettings; i++ {
		s.Settings = append(s.Settings, snapshot.Setting{
			Name: fmt.Sprintf("zz.synthetic.setting.%05d", i), Category: "Advanced", Instance: "DEFAULT",
			Component: "management-server", Value: str(fmt.Sprint(i)), Default: str("0"), Scope: "Global", ScopeRaw: "1",
		})
	}
	for i := len(s.ScopedSettings); i < benchOverrides; i++ {
		var o snapshot.ScopedSetting
		switch i % 5 {
		case 0:
			o = snapshot.ScopedSetting{Scope: "zone", Name: "consoleproxy.sslEnabled", Value: str("true")}
		case 1:
			o = snapshot.ScopedSetting{Scope: "account", Name: "api.allowed.source.cidr.list", Value: str(fmt.Sprintf("10.%d.%d.0/24", i/256%256, i%256))}
		case 2:
			o = snapshot.ScopedSetting{Scope: "domain", Name: "enable.user.2fa", Value: str("true")}
		case 3:
			o = snapshot.ScopedSetting{Scope: "domain", Name: "ldap.truststore", Value: str("/etc/cloudstack/management/ldap-truststore.jks")}
		default:
			o = snapshot.ScopedSetting{Scope: "cluster", Name: "cpu.overprovisioning.factor", Value: str("2.0")}
		}
		o.ScopeID, o.ScopeName = int64(1000+i), fmt.Sprintf("%s-%05d", o.Scope, i)
		s.ScopedSettings = append(s.ScopedSettings, o)
	}
	for i := len(s.Users); i < benchUsers; i++ {
		u := snapshot.User{ID: int64(1000 + i), Username: fmt.Sprintf("user%05d", i), Account: fmt.Sprintf("acct%04d", i/20),
			AccountType: snapshot.AccountUser, Domain: fmt.Sprintf("/Customers/c%03d/", i%500), State: "enabled", Enabled: true,
			Source: "UNKNOWN", Password: snapshot.PasswordFacts{Scheme: snapshot.SchemePBKDF2, Rounds: 100000}}
		if i%50 == 0 {
			// At most two domain admins per domain (CS-AUTH-018 counts them).
			u.Domain = fmt.Sprintf("/Customers/c%03d/", i/50%500)
			u.AccountType = snapshot.AccountDomainAdmin
			u.Password.DefaultChecked = true
		}
		s.Users = append(s.Users, u)
	}
	kinds := []string{snapshot.CredHostPassword, snapshot.CredAPISecretKey, snapshot.CredVCenterPassword}
	for i := len(s.Credentials); i < benchCredentials; i++ {
		s.Credentials = append(s.Credentials, snapshot.StoredCredential{Kind: kinds[i%3], Owner: fmt.Sprintf("owner %d", i),
			Location: "synthetic", Secret: encryptedFacts})
	}
	for i := len(s.Hosts); i < benchHosts; i++ {
		s.Hosts = append(s.Hosts, snapshot.Host{ID: int64(1000 + i), Name: fmt.Sprintf("kvm-%04d", i), Type: "Routing", Status: "Up",
			ResourceState: "Enabled", HypervisorType: "KVM", PrivateIP: fmt.Sprintf("10.%d.%d.%d", 40+i/65536, i/256%256, i%256), ZoneID: int64(1 + i%2)})
		s.HostSecured = append(s.HostSecured, snapshot.HostSecured{HostID: int64(1000 + i), Value: str("true")})
	}
	s.Normalize()
	return s
}

func benchRun(b *testing.B, s *snapshot.Snapshot) {
	checks.Run(s, checks.Registry) // warm the advisory table outside the timer
	var n int
	for b.Loop() {
		n = len(checks.Run(s, checks.Registry))
	}
	b.ReportMetric(float64(n), "findings/op")
}

// BenchmarkRun runs every check over a large installation.
func BenchmarkRun(b *testing.B) { benchRun(b, largeSnapshot(b)) }

// BenchmarkRunHardened is the baseline: the plain hardened fixture.
func BenchmarkRunHardened(b *testing.B) { benchRun(b, loadHardened(b)) }

// TestLargeSnapshotStillHardened keeps the benchmark honest: growing the
// fixture must not introduce failures (it is the same installation, bigger).
func TestLargeSnapshotStillHardened(t *testing.T) {
	if testing.Short() {
		t.Skip("large snapshot")
	}
	s := largeSnapshot(t)
	if len(s.Users) != benchUsers || len(s.ScopedSettings) != benchOverrides || len(s.Settings) != benchSettings ||
		len(s.Credentials) != benchCredentials || len(s.Hosts) != benchHosts {
		t.Fatalf("sizes: %d settings, %d overrides, %d users, %d credentials, %d hosts",
			len(s.Settings), len(s.ScopedSettings), len(s.Users), len(s.Credentials), len(s.Hosts))
	}
	for _, f := range checks.Run(s, checks.Registry) {
		if _, known := hardenedExceptions[f.CheckID]; !known && f.Status != checks.Pass {
			t.Errorf("%s %s %q: %s", f.CheckID, f.Status, f.Subject, f.Message)
		}
	}
}
