package mysqldb

import (
	"database/sql"
	"testing"

	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

func ns(v string) sql.NullString { return sql.NullString{String: v, Valid: true} }

// The published default key "password" is proven from the database alone
// and then decrypts the rest, so HAProxy's default credentials show.
func TestDefaultKeyProven(t *testing.T) {
	enc := secrets.EncryptV2ForTest("admin1:AdMiN123", secrets.DefaultDBKey)
	rows := []row{
		{"name": ns("network.loadbalancer.haproxy.stats.auth"), "category": ns("Secure"), "value": ns(enc)},
		{"name": ns("init"), "category": ns("Hidden"), "value": ns(secrets.EncryptV1ForTest("true", secrets.DefaultDBKey, [8]byte{1, 2, 3, 4, 5, 6, 7, 8}))},
	}
	r := &reader{s: &snapshot.Snapshot{}}
	r.tryDefaultKey(rows)
	if r.s.DBEncryption == nil || !r.s.DBEncryption.DefaultKey || r.o.DBKey != secrets.DefaultDBKey {
		t.Fatalf("default key not proven: %+v", r.s.DBEncryption)
	}
	f := r.classify(enc)
	if !f.Decrypted || f.KnownDefault == "" {
		t.Errorf("value not judged after decryption: %+v", f)
	}
	r.applyEncryptionState()
	if !r.s.DBEncryption.DefaultKey || !r.s.DBEncryption.DefaultKeyTried {
		t.Errorf("default-key facts lost: %+v", r.s.DBEncryption)
	}
}

func TestDefaultKeyNotClaimedForOtherKeys(t *testing.T) {
	rows := []row{{"name": ns("ssh.privatekey"), "category": ns("Hidden"), "value": ns(secrets.EncryptV2ForTest("-----BEGIN RSA PRIVATE KEY-----x", "a-strong-key"))}}
	r := &reader{s: &snapshot.Snapshot{}}
	r.tryDefaultKey(rows)
	if r.s.DBEncryption == nil || !r.s.DBEncryption.DefaultKeyTried || r.s.DBEncryption.DefaultKey || r.o.DBKey != "" {
		t.Fatalf("wrong default-key facts: %+v (key set: %v)", r.s.DBEncryption, r.o.DBKey != "")
	}
}

// One clear Hidden row beside real ciphertexts must not turn them into
// "stored in the clear": encryption is a fact per value.
func TestEncryptionPerValue(t *testing.T) {
	pem := secrets.Classify("-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----", secrets.Hint{})
	ct := secrets.Classify(secrets.EncryptV2ForTest("s3cret-value", "k"), secrets.Hint{})
	r := &reader{s: &snapshot.Snapshot{Settings: []snapshot.Setting{
		{Name: "ssh.privatekey", Category: "Hidden", Secret: &pem},
		{Name: "ldap.bind.password", Category: "Secure", Secret: &ct},
	}}}
	r.applyEncryptionState()
	if r.s.DBEncryption.State != snapshot.EncryptionOn {
		t.Errorf("state %q, want on (%s)", r.s.DBEncryption.State, r.s.DBEncryption.Evidence)
	}
	if got := r.s.Settings[1].Secret.Encoding; got != snapshot.Encrypted {
		t.Errorf("ciphertext re-marked %s", got)
	}
	// Only when nothing is ciphertext is encryption off database-wide.
	r = &reader{s: &snapshot.Snapshot{Settings: []snapshot.Setting{{Name: "ssh.privatekey", Category: "Hidden", Secret: &pem}}}}
	r.applyEncryptionState()
	if r.s.DBEncryption.State != snapshot.EncryptionOff {
		t.Errorf("state %q, want off", r.s.DBEncryption.State)
	}
}
