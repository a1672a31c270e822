package mysqldb_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/collectors/mysqldb"
	"github.com/csaudit/csaudit/collectors/mysqldb/mysqltest"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// fixtureDBKey is the database key hardened.sql encrypts with (testdata/sql/README.md).
const fixtureDBKey = "csaudit-fixture-dbkey-7Qm2"

// collectFixture loads one era fixture and reads it, with the database key or without.
func collectFixture(t *testing.T, era, variant, dbKey string) *snapshot.Snapshot {
	t.Helper()
	needServer(t)
	db := "fx_" + era + "_" + variant
	if err := srv.Load(db, mysqltest.Fixture(era, variant)...); err != nil {
		t.Fatal(err)
	}
	s := &snapshot.Snapshot{SchemaVersion: snapshot.SchemaVersion, CollectedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	part, src := mysqldb.Collect(context.Background(), mysqldb.Options{DSN: srv.DSN(db), Password: mysqltest.Password, QueryTimeout: 30 * time.Second, DBKey: dbKey})
	if !src.OK {
		t.Fatalf("collecting %s: %s", db, src.Error)
	}
	s.Merge(part)
	return s
}

// Every dataset the database collector knows must really be read on the
// newest fixture: a reader that silently never runs (wrong table or column
// name, missing fixture table) shows up here as absent or failed.
func TestModernFixtureCollectsEveryDataset(t *testing.T) {
	for _, variant := range []string{"weak", "hardened"} {
		s := collectFixture(t, "modern", variant, "")
		for _, d := range snapshot.DatabaseDatasets {
			if d == snapshot.DataDBAccounts {
				// Needs the optional grant on mysql.*; the fixture user has
				// none (server_integration_test covers it with the grant).
				if a := s.Availability(d); a.Status != snapshot.NotCollected || !strings.Contains(a.Reason, "GRANT SELECT ON mysql.user") {
					t.Errorf("modern/%s %s: %+v, want not collected with the GRANT to run", variant, d, a)
				}
				continue
			}
			if a := s.Availability(d); a.Status != snapshot.Collected {
				t.Errorf("modern/%s %s: %+v, want collected", variant, d, a)
			}
		}
	}
}

// Tables an era did not have stay absent there (checks skip), the others are collected.
func TestFixtureDatasetAvailabilityPerEra(t *testing.T) {
	second := []snapshot.Dataset{snapshot.DataOAuth, snapshot.DataVPNSecrets, snapshot.DataConsoleSecret, snapshot.DataOOBM,
		snapshot.DataLBCerts, snapshot.DataPassphrases, snapshot.DataResLimits, snapshot.DataTemplates, snapshot.DataRouters}
	absent := map[string][]snapshot.Dataset{
		// 3.0.2: no OAuth2 (4.19), OOBM (4.9), LB certificates (4.3), passphrases (4.18).
		"early": {snapshot.DataOAuth, snapshot.DataOOBM, snapshot.DataLBCerts, snapshot.DataPassphrases},
		"v4":    {snapshot.DataOAuth, snapshot.DataPassphrases},
	}
	for _, era := range []string{"early", "v4"} {
		s := collectFixture(t, era, "weak", "")
		for _, d := range second {
			want := snapshot.Collected
			if slices.Contains(absent[era], d) {
				want = snapshot.Absent
			}
			if a := s.Availability(d); a.Status != want {
				t.Errorf("%s %s: %+v, want %s", era, d, a, want)
			}
		}
	}
}

type credKey struct{ kind, location string }

func credsByKind(s *snapshot.Snapshot) map[credKey][]snapshot.StoredCredential {
	out := map[credKey][]snapshot.StoredCredential{}
	for _, c := range s.Credentials {
		k := credKey{c.Kind, c.Location}
		out[k] = append(out[k], c)
	}
	return out
}

// The second-round credential columns: clear in weak, encrypted in hardened
// (confirmed by decryption with the key), removed rows left out.
func TestFixtureSecondRoundCredentials(t *testing.T) {
	want := map[string][]credKey{
		"early": {{snapshot.CredVPNUserPassword, "vpn_users.password"}, {snapshot.CredVPNPSK, "remote_access_vpn.ipsec_psk"}},
		"v4": {{snapshot.CredVPNUserPassword, "vpn_users.password"}, {snapshot.CredVPNPSK, "remote_access_vpn.ipsec_psk"},
			{snapshot.CredVPNPSK, "s2s_customer_gateway.ipsec_psk"}, {snapshot.CredOOBMPassword, "oobm.password"}, {snapshot.CredLBCertKey, "sslcerts.key"}},
		"modern": {{snapshot.CredVPNUserPassword, "vpn_users.password"}, {snapshot.CredVPNPSK, "remote_access_vpn.ipsec_psk"},
			{snapshot.CredVPNPSK, "s2s_customer_gateway.ipsec_psk"}, {snapshot.CredOOBMPassword, "oobm.password"}, {snapshot.CredLBCertKey, "sslcerts.key"},
			{snapshot.CredPassphrase, "passphrase.passphrase"}, {snapshot.CredOAuthSecret, "oauth_provider.secret_key"}},
	}
	for _, era := range []string{"early", "v4", "modern"} {
		weak := credsByKind(collectFixture(t, era, "weak", ""))
		hard := credsByKind(collectFixture(t, era, "hardened", fixtureDBKey))
		for _, k := range want[era] {
			w := weak[k]
			// One live row each; the removed site-to-site gateway is not read.
			if len(w) != 1 || !w[0].Secret.Present || w[0].Secret.Encoding != snapshot.Plaintext {
				t.Errorf("%s weak %v: %+v, want one clear value", era, k, w)
			}
			h := hard[k]
			if k.kind == snapshot.CredOAuthSecret {
				// hardened removes the provider (CloudStack never encrypts the column).
				if len(h) != 0 {
					t.Errorf("%s hardened %v: %+v, want none (provider removed)", era, k, h)
				}
				continue
			}
			if len(h) != 1 || h[0].Secret.Encoding != snapshot.Encrypted || h[0].Secret.Evidence != "decrypts with the database key" {
				t.Errorf("%s hardened %v: %+v, want one value that decrypts with the key", era, k, h)
			}
		}
		// sslcerts.password is NULL in the fixtures: read, but not present.
		for _, c := range weak[credKey{snapshot.CredLBCertKey, "sslcerts.password"}] {
			if c.Secret.Present {
				t.Errorf("%s sslcerts.password: %+v, want empty", era, c)
			}
		}
	}
	// Before 4.2 remote_access_vpn had no id column: the row is keyed by vpn_server_addr_id.
	early := credsByKind(collectFixture(t, "early", "weak", ""))
	if c := early[credKey{snapshot.CredVPNPSK, "remote_access_vpn.ipsec_psk"}]; len(c) != 1 || c[0].OwnerID != 7 {
		t.Errorf("early remote-access VPN PSK: %+v, want owner id 7 (vpn_server_addr_id)", c)
	}
	// A clear volume passphrase is Base64 of 48 random bytes, which has the
	// shape of ciphertext: the reader must call it plaintext on its own
	// evidence, not only because database encryption is off.
	modern := credsByKind(collectFixture(t, "modern", "weak", ""))
	if c := modern[credKey{snapshot.CredPassphrase, "passphrase.passphrase"}]; len(c) != 1 || c[0].Secret.Evidence != "Base64 of raw key material of the expected length" {
		t.Errorf("modern clear passphrase: %+v", c)
	}
}

func TestFixtureConsoleLimitsTemplatesRouters(t *testing.T) {
	for _, era := range []string{"early", "v4", "modern"} {
		for _, variant := range []string{"weak", "hardened"} {
			s := collectFixture(t, era, variant, fixtureDBKey)
			// Four live VMs (SSVM, CPVM, router, user VM); the expunging one is not counted.
			n := 0
			for _, c := range s.SecretCounts {
				if c.Location != "vm_instance.vnc_password" {
					continue
				}
				n += c.Plaintext + c.Encrypted + c.Unknown + c.Empty
				if variant == "weak" && c.Plaintext != 1 || variant == "hardened" && c.Encrypted != 1 {
					t.Errorf("%s/%s VNC passwords of %s VMs: %+v", era, variant, c.Group, c)
				}
			}
			if n != 4 {
				t.Errorf("%s/%s: %d VNC passwords counted, want 4: %+v", era, variant, n, s.SecretCounts)
			}
			// Public, live templates: system-owned builtin, admin-owned, jdoe's (private in hardened).
			var names []string
			for _, tp := range s.Templates {
				names = append(names, tp.Name+"/"+tp.AccountType)
			}
			wantT := 3
			if variant == "hardened" {
				wantT = 2
			}
			if len(s.Templates) != wantT {
				t.Errorf("%s/%s public templates %v, want %d", era, variant, names, wantT)
			}
			if variant == "weak" && !slices.Contains(names, "jdoe-webapp-image/"+snapshot.AccountUser) {
				t.Errorf("%s weak: jdoe's public template missing or owner type wrong: %v", era, names)
			}
			if len(s.Routers) != 1 || s.Routers[0].Name != "r-3-VM" || s.Routers[0].TemplateVersion == "" {
				t.Errorf("%s/%s routers: %+v", era, variant, s.Routers)
			}
			if era == "modern" && (len(s.Routers) != 1 || s.Routers[0].SoftwareVersion == "") {
				t.Errorf("modern software_version not read: %+v", s.Routers)
			}
			unlimited := 0
			for _, l := range s.ResourceLimits {
				if l.Max < 0 {
					unlimited++
				}
			}
			// weak: jdoe user_vm, /Engineering/ cpu, admin user_vm, ROOT cpu; hardened fixes the first two.
			wantU := 4
			if variant == "hardened" {
				wantU = 2
			}
			if len(s.ResourceLimits) != 5 || unlimited != wantU {
				t.Errorf("%s/%s resource limits: %+v, want 5 rows, %d unlimited", era, variant, s.ResourceLimits, wantU)
			}
		}
	}
	s := collectFixture(t, "modern", "weak", "")
	if len(s.OAuthProviders) != 1 || s.OAuthProviders[0].Provider != "google" || !s.OAuthProviders[0].Enabled || s.OAuthProviders[0].Removed {
		t.Errorf("modern OAuth2 providers: %+v", s.OAuthProviders)
	}
}
