package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// v2 encrypts like CloudStack's AeadBase64Encryptor (AES-GCM, key = SHA-256(password)).
func v2(t testing.TB, plain string) string {
	k := sha256.Sum256([]byte("db-key"))
	b, _ := aes.NewCipher(k[:])
	g, _ := cipher.NewGCM(b)
	nonce := make([]byte, 12)
	rand.Read(nonce)
	return base64.StdEncoding.EncodeToString(g.Seal(nonce, nonce, []byte(plain), nil))
}

func TestClassify(t *testing.T) {
	random16 := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef"))
	v1 := base64.StdEncoding.EncodeToString(append([]byte{1, 2, 3, 4, 5, 6, 7, 8}, make([]byte, 24)...))
	cases := []struct {
		name, value string
		hint        Hint
		want        snapshot.Encoding
		evidence    string
		def         bool
	}{
		{"empty", "", Hint{}, snapshot.Empty, "", false},
		{"haproxy default", "admin1:AdMiN123", Hint{}, snapshot.Plaintext, "published default", true},
		{"default password", "password", Hint{}, snapshot.Plaintext, "published default", true},
		{"pem key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", Hint{}, snapshot.Plaintext, "RSA PRIVATE KEY", false},
		{"ssh public", "ssh-rsa AAAAB3Nza", Hint{}, snapshot.Plaintext, "OpenSSH", false},
		{"not base64", "P@ss word!", Hint{}, snapshot.Plaintext, "not Base64", false},
		{"too short", "c2VjcmV0MTI=", Hint{}, snapshot.Plaintext, "too short", false},
		{"raw key by hint", random16, Hint{RawKeyBytes: 16}, snapshot.Plaintext, "raw key material", false},
		{"printable", base64.StdEncoding.EncodeToString([]byte("this is a long plaintext secret value!!")), Hint{}, snapshot.Plaintext, "printable", false},
		{"v2 ciphertext", v2(t, "s3cret-host-password"), Hint{}, snapshot.Encrypted, "ciphertext", false},
		{"v1 shape", v1, Hint{}, snapshot.Encrypted, "ciphertext", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := Classify(c.value, c.hint)
			if f.Encoding != c.want || !strings.Contains(f.Evidence, c.evidence) || (f.KnownDefault != "") != c.def || f.Length != len(c.value) {
				t.Fatalf("Classify = %+v, want %s with evidence %q (default %v)", f, c.want, c.evidence, c.def)
			}
			if c.value != "" && !c.def && (strings.Contains(f.Evidence, c.value) || strings.Contains(f.KnownDefault, c.value)) {
				t.Fatalf("facts contain the value: %+v", f)
			}
		})
	}
}

func TestPasswords(t *testing.T) {
	// Real formats, computed here: PBKDF2-HMAC-SHA1 and SHA256SALT of "password".
	cases := []struct {
		stored, scheme string
		isDefault      bool
	}{
		{"", snapshot.SchemeEmpty, false},
		{"5f4dcc3b5aa765d61d8327deb882cf99", snapshot.SchemeMD5, true},
		{"0d107d09f5bbe40cade3de5c71e9e9b7", snapshot.SchemeMD5, false},
		{"password", snapshot.SchemePlaintext, true},
		{"Winter2026!", snapshot.SchemePlaintext, false},
		{sha256salt("password"), snapshot.SchemeSHA256Salt, true},
		{sha256salt("other"), snapshot.SchemeSHA256Salt, false},
		{pbkdf2Hash(t, "password", 1000), snapshot.SchemePBKDF2, true},
		{pbkdf2Hash(t, "other", 1000), snapshot.SchemePBKDF2, false},
	}
	for _, c := range cases {
		pf := ClassifyPassword(c.stored)
		if pf.Scheme != c.scheme {
			t.Errorf("ClassifyPassword(%.12q…) = %s, want %s", c.stored, pf.Scheme, c.scheme)
			continue
		}
		def, ok, why := IsDefault(c.stored, pf)
		if !ok || def != c.isDefault {
			t.Errorf("IsDefault(%s) = %v, %v (%s), want %v", c.scheme, def, ok, why, c.isDefault)
		}
	}
	// Unbounded round counts are refused, not computed.
	huge := strings.TrimSuffix(pbkdf2Hash(t, "password", 1000), "1000") + "999999999"
	if _, ok, why := IsDefault(huge, ClassifyPassword(huge)); ok || !strings.Contains(why, "bound") {
		t.Errorf("huge rounds: ok=%v why=%q", ok, why)
	}
}

func sha256salt(pw string) string {
	salt := make([]byte, 32)
	rand.Read(salt)
	h := sha256.Sum256(append([]byte(pw), salt...))
	return base64.StdEncoding.EncodeToString(salt) + ":" + base64.StdEncoding.EncodeToString(h[:])
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"", "password", "admin1:AdMiN123", "-----BEGIN X-----", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "a:b:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		fs := Classify(v, Hint{RawKeyBytes: 16})
		if fs.Length != len(v) || (v != "" && fs.Encoding == snapshot.Empty) {
			t.Fatalf("bad facts %+v", fs)
		}
		if len(v) >= 6 && fs.KnownDefault == "" && strings.Contains(fs.Evidence, v) {
			t.Fatalf("facts leak the value")
		}
		pf := ClassifyPassword(v)
		if pf.Scheme == "" {
			t.Fatal("no scheme")
		}
		if pf.Scheme != snapshot.SchemePBKDF2 || pf.Rounds <= 10000 {
			IsDefault(v, pf)
		}
	})
}

func TestSecretNames(t *testing.T) {
	for name, want := range map[string]bool{
		"ldap.bind.password": true, "security.hash.key": true, "ssh.privatekey": true, "system.vm.password": true,
		"db.cloud.password": true, "db.cloud.encrypt.secret": true, "keystore.passphrase": true, "CLOUD_SECRET_KEY": true,
		"db.cloud.keyStorePassword": true, "network.loadbalancer.haproxy.stats.auth": true,
		"system.vm.random.password": false, "ssh.publickey": false, "ca.plugin.root.public.key": false,
		"ca.plugin.root.ca.certificate": false, "ldap.bind.principal": false, "password.policy.minimum.length": false,
		"user.password.encoders.order": false, "log.hide.password": false, "db.cloud.keyStore": false,
		"password.encryption.type": false, "kvm.public.network.device": false,
	} {
		if got := IsSecretName(name); got != want {
			t.Errorf("IsSecretName(%q) = %v, want %v", name, got, want)
		}
	}
	for _, c := range []struct {
		name, cat string
		want      bool
	}{
		{"init", "Hidden", false}, {"ldap.bind.principal", "Secure", false}, {"plugin.x.token", "Secure", true},
		{"kvm.snapshot.enabled", "Hidden", false}, {"cloudian.admin.password", "Advanced", true}, {"host", "Advanced", false},
	} {
		if got := IsSecretSetting(c.name, c.cat); got != c.want {
			t.Errorf("IsSecretSetting(%q, %q) = %v, want %v", c.name, c.cat, got, c.want)
		}
	}
}

func TestDecryptVersion(t *testing.T) {
	if pt, v, err := DecryptVersion(EncryptV2ForTest("x", "k"), "k"); err != nil || v != 2 || pt != "x" {
		t.Errorf("V2: %q %d %v", pt, v, err)
	}
	if pt, v, err := DecryptVersion(EncryptV1ForTest("hello", "k", [8]byte{9}), "k"); err != nil || v != 1 || pt != "hello" {
		t.Errorf("V1: %q %d %v", pt, v, err)
	}
	if _, _, err := DecryptVersion(EncryptV2ForTest("x", "k"), DefaultDBKey); err == nil {
		t.Error("wrong key decrypted V2")
	}
}
