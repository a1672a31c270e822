package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// fpSnap saves a snapshot whose fingerprints are those of secrets under key.
func fpSnap(t *testing.T, target, key string, secrets map[string]string) string {
	t.Helper()
	f, err := snapshot.NewFingerprinter([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return writeSnap(t, func(s *snapshot.Snapshot) {
		s.Target = target
		for _, kind := range []string{snapshot.FPDatabaseKey, snapshot.FPEncryptionKey, snapshot.FPRootCAKey} {
			s.Fingerprints = f.Add(s.Fingerprints, kind, "test "+kind, secrets[kind])
		}
	})
}

func TestCompare(t *testing.T) {
	const key = "a-32-byte-fingerprint-key-000000"
	staging := fpSnap(t, "mysql://csaudit@staging-db:3306/cloud", key, map[string]string{
		snapshot.FPDatabaseKey: "staging-db-key", snapshot.FPEncryptionKey: "shared-console-key", snapshot.FPRootCAKey: "staging-ca"})
	prod := fpSnap(t, "mysql://csaudit@prod-db:3306/cloud", key, map[string]string{
		snapshot.FPDatabaseKey: "prod-db-key", snapshot.FPEncryptionKey: "shared-console-key", snapshot.FPRootCAKey: "prod-ca"})
	other := fpSnap(t, "mysql://csaudit@lab-db:3306/cloud", key, map[string]string{
		snapshot.FPDatabaseKey: "lab-db-key", snapshot.FPEncryptionKey: "lab-console-key"})
	otherKey := fpSnap(t, "mysql://csaudit@prod-db:3306/cloud", "another-fingerprint-key-11111111", map[string]string{
		snapshot.FPEncryptionKey: "shared-console-key"})
	none := writeSnap(t, nil)

	code, out, stderr := runCLI(t, nil, "compare", staging, prod)
	if code != 1 || !strings.Contains(out, "1 secret(s) shared between mysql://csaudit@staging-db:3306/cloud and mysql://csaudit@prod-db:3306/cloud") ||
		!strings.Contains(out, "security.encryption.key (test security.encryption.key) in mysql://csaudit@staging-db:3306/cloud = security.encryption.key") ||
		strings.Contains(out, "shared-console-key") {
		t.Fatalf("shared: exit %d\n%s%s", code, out, stderr)
	}
	if code, out, _ := runCLI(t, nil, "compare", staging, other); code != 0 || !strings.Contains(out, "no key material shared: 3 fingerprints") {
		t.Fatalf("distinct: exit %d\n%s", code, out)
	}
	for name, args := range map[string][]string{
		"different keys":  {"compare", staging, otherKey},
		"no fingerprints": {"compare", staging, none},
		"one file":        {"compare", staging},
		"missing file":    {"compare", staging, "/nonexistent.json"},
	} {
		if code, _, stderr := runCLI(t, nil, args...); code != 2 || !strings.Contains(stderr, "csaudit: error: ") {
			t.Errorf("%s: exit %d, %s", name, code, stderr)
		}
	}
	// A JSON report of a snapshot carries its fingerprints and compares too.
	rep := filepath.Join(t.TempDir(), "prod-report.json")
	if code, _, stderr := runCLI(t, nil, "--snapshot", prod, "--checks", "CS-VER-001", "-f", "json", "-o", rep); code != 0 {
		t.Fatalf("report: exit %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(rep); !strings.Contains(string(b), `"fingerprints"`) {
		t.Fatal("report lacks fingerprints")
	}
	if code, out, _ := runCLI(t, nil, "compare", staging, rep); code != 1 || !strings.Contains(out, "1 secret(s) shared") {
		t.Fatalf("report input: exit %d\n%s", code, out)
	}
}

func TestFingerprintKeyFlag(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.key")
	if err := os.WriteFile(short, []byte("tiny\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.key")
	if err := os.WriteFile(good, []byte("0123456789abcdef0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		"with --snapshot": {"--snapshot", writeSnap(t, nil), "--fingerprint-key", good},
		"missing file":    {"--local", "--root", dir, "--fingerprint-key", filepath.Join(dir, "none")},
		"short key":       {"--local", "--root", dir, "--fingerprint-key", short},
	}
	for name, args := range cases {
		if code, _, stderr := runCLI(t, nil, args...); code != 2 || !strings.Contains(stderr, "fingerprint-key") || strings.Contains(stderr, "tiny") {
			t.Errorf("%s: exit %d, %s", name, code, stderr)
		}
	}
	if f, err := fingerprinter(good); err != nil || f == nil {
		t.Fatalf("good key: %v", err)
	}
	f1, _ := fingerprinter(good)
	f2, _ := snapshot.NewFingerprinter([]byte("0123456789abcdef0123456789abcdef"))
	if f1.KeyID() != f2.KeyID() {
		t.Error("the trailing newline became part of the key")
	}
}
