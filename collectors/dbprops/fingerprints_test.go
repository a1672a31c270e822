package dbprops

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

func TestFingerprintsOfDecryptedKeys(t *testing.T) {
	dir := t.TempDir()
	const mgmtKey, dbKey = "management-key-0123", "database-key-4567"
	props := "db.cloud.username=cloud\ndb.cloud.host=db1\ndb.cloud.encryption.type=file\n" +
		"db.cloud.password=ENC(" + secrets.EncryptV2ForTest("pw", mgmtKey) + ")\n" +
		"db.cloud.encrypt.secret=ENC(" + secrets.EncryptV2ForTest(dbKey, mgmtKey) + ")\n"
	if err := os.WriteFile(filepath.Join(dir, "db.properties"), []byte(props), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "key"), []byte(mgmtKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := FromFile(filepath.Join(dir, "db.properties"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Fingerprints(nil); got != nil {
		t.Errorf("no key, yet fingerprints: %v", got)
	}
	f, _ := snapshot.NewFingerprinter([]byte("audit-fingerprint-key"))
	fps := r.Fingerprints(f)
	if len(fps) != 2 || fps[0].Kind != snapshot.FPManagementKey || fps[1].Kind != snapshot.FPDatabaseKey {
		t.Fatalf("fingerprints = %+v", fps)
	}
	want := f.Add(nil, "", "", dbKey)[0].HMAC
	if fps[1].HMAC != want || !strings.HasPrefix(fps[1].Source, "file ") {
		t.Errorf("database key fingerprint %+v, want HMAC %s", fps[1], want)
	}
}
