package mysqldb

import (
	"testing"

	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

func TestFingerprintConfigurationSecrets(t *testing.T) {
	f, _ := snapshot.NewFingerprinter([]byte("audit-fingerprint-key"))
	const dbKey = "database-key-4567"
	r := &reader{o: Options{DBKey: dbKey, Fingerprinter: f}, s: &snapshot.Snapshot{}}
	stored := secrets.EncryptV2ForTest("c2VjcmV0LWtleS0xMjM0NQ==", dbKey)
	clear, ok := r.decrypt(stored)
	if !ok {
		t.Fatal("test value does not decrypt")
	}
	r.fingerprint("security.encryption.key", stored, clear, ok)
	r.fingerprint("some.other.setting", stored, clear, ok)     // not key material
	r.fingerprint("security.encryption.iv", stored, "", false) // encrypted, key unknown: nothing
	if len(r.s.Fingerprints) != 1 || r.s.Fingerprints[0].Kind != snapshot.FPEncryptionKey ||
		r.s.Fingerprints[0].HMAC != f.Add(nil, "", "", clear)[0].HMAC {
		t.Fatalf("fingerprints = %+v", r.s.Fingerprints)
	}
	// Without --fingerprint-key nothing is recorded.
	r2 := &reader{o: Options{DBKey: dbKey}, s: &snapshot.Snapshot{}}
	r2.fingerprint("security.encryption.key", stored, clear, ok)
	if len(r2.s.Fingerprints) != 0 {
		t.Fatal("fingerprint without a key")
	}
}
