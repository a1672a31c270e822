package secrets

import (
	"crypto/cipher"
	"crypto/des"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"testing"
)

// EncryptV1 mirrors Jasypt PBEWithMD5AndDES for tests.
func EncryptV1(pt, password string) string {
	salt := make([]byte, 8)
	rand.Read(salt)
	t := md5.Sum(append([]byte(password), salt...))
	for i := 1; i < 1000; i++ {
		t = md5.Sum(t[:])
	}
	b, _ := des.NewCipher(t[:8])
	pad := 8 - len(pt)%8
	data := []byte(pt)
	for i := 0; i < pad; i++ {
		data = append(data, byte(pad))
	}
	ct := make([]byte, len(data))
	cipher.NewCBCEncrypter(b, t[8:16]).CryptBlocks(ct, data)
	return base64.StdEncoding.EncodeToString(append(salt, ct...))
}

func TestDecrypt(t *testing.T) {
	for name, enc := range map[string]func(string, string) string{"v1": EncryptV1, "v2": EncryptV2ForTest} {
		c := enc("db-secret-value", "mgmt-key")
		if pt, err := Decrypt(c, "mgmt-key"); err != nil || pt != "db-secret-value" {
			t.Errorf("%s: %q %v", name, pt, err)
		}
		if _, err := Decrypt(c, "wrong-key"); err == nil {
			t.Errorf("%s: wrong key accepted", name)
		}
		if pt, err := DecryptProperty("ENC("+c+")", "mgmt-key"); err != nil || pt != "db-secret-value" {
			t.Errorf("%s property: %v", name, err)
		}
	}
	if pt, _ := DecryptProperty("plain", "k"); pt != "plain" {
		t.Error("plain property changed")
	}
	if _, err := Decrypt("!!", "k"); err != ErrDecrypt {
		t.Error("garbage accepted")
	}
}

// Ciphertexts from testdata/sql/*/hardened.sql, made by an independent
// implementation (see testdata/sql/README.md) under the fixture DB key.
func TestDecryptFixtureCiphertext(t *testing.T) {
	const key = "csaudit-fixture-dbkey-7Qm2"
	cases := map[string]string{
		"yI2F/IvNvh5vIWRUyZw4H8ZWdzAYaYiB5YlKUNiDCtQ=":                     "=BZGEGamyF-ni%-T@3p@", // early, V1
		"VR3TnsjzlvW9r9re8nF1MWCeOnValzp2208AZsQofro=":                     "yHc=ea+BBR2PD%MdYj7G", // v4, V1
		"3Kq21oZ3/CaRoY5zgAc61wdiOgtKO0eoZLHFa1dMrReXU2t62BkdRNv3sVv9FnvM": "BP2KGvwDD+sp!sR@%XVc", // modern, V2
	}
	for c, want := range cases {
		if got, err := Decrypt(c, key); err != nil || got != want {
			t.Errorf("Decrypt(%.12s…) = %q, %v", c, got, err)
		}
	}
}
