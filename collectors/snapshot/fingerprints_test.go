package snapshot

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestFingerprinter(t *testing.T) {
	k1, _ := NewFingerprinter([]byte("0123456789abcdef-key-one"))
	k2, _ := NewFingerprinter([]byte("0123456789abcdef-key-two"))
	const secret = "s3cr3t-management-key"
	a := k1.Add(nil, FPManagementKey, "file db.properties", secret)
	b := k1.Add(nil, FPDatabaseKey, "other site", secret)
	c := k2.Add(nil, FPManagementKey, "file db.properties", secret)
	if len(a) != 1 || len(b) != 1 || len(c) != 1 {
		t.Fatalf("want one fingerprint each: %v %v %v", a, b, c)
	}
	if a[0].HMAC != b[0].HMAC {
		t.Error("the same secret under the same key must match whatever its kind")
	}
	if a[0].HMAC == c[0].HMAC || a[0].KeyID == c[0].KeyID {
		t.Error("different keys must give different fingerprints and key ids")
	}
	if other := k1.Add(nil, FPManagementKey, "x", secret+"x"); other[0].HMAC == a[0].HMAC {
		t.Error("different secrets matched")
	}
	plain := sha256.Sum256([]byte(secret))
	if a[0].HMAC == hex.EncodeToString(plain[:]) || len(a[0].HMAC) != 64 || len(a[0].KeyID) != 16 {
		t.Errorf("fingerprint %+v is a plain hash or malformed", a[0])
	}
	var nilF *Fingerprinter
	if got := nilF.Add(nil, FPManagementKey, "x", secret); got != nil {
		t.Error("a nil fingerprinter recorded something")
	}
	if got := k1.Add(nil, FPManagementKey, "x", ""); got != nil {
		t.Error("an empty secret was fingerprinted")
	}
	if _, err := NewFingerprinter([]byte("short")); err == nil {
		t.Error("a short key was accepted")
	}
	// The secret never reaches the saved snapshot.
	s := &Snapshot{SchemaVersion: SchemaVersion, Fingerprints: a}
	var buf bytes.Buffer
	if err := s.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), secret) || !strings.Contains(buf.String(), a[0].HMAC) {
		t.Errorf("saved snapshot: %s", buf.String())
	}
	back, err := Decode(&buf)
	if err != nil || len(back.Fingerprints) != 1 || back.Fingerprints[0] != a[0] {
		t.Errorf("round trip: %v %+v", err, back)
	}
}
