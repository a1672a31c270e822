package secrets

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des" // #nosec G502 -- Jasypt PBEWithMD5AndDES, CloudStack's v1 encryption: decrypt only
	"crypto/md5" // #nosec G501 -- Jasypt PBEWithMD5AndDES key derivation: decrypt only
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"unicode/utf8"
)

// ErrDecrypt means a value could not be decrypted with the given key by
// either of CloudStack's encryptors. It never carries the value.
var ErrDecrypt = errors.New("value cannot be decrypted with this key (neither V2 AES-GCM nor V1 PBEWithMD5AndDES)")

// Decrypt decrypts a CloudStack ciphertext (Base64, no ENC() wrapper) with
// password the way CloudStackEncryptor does without a configured version:
// V2 (AES-256-GCM, key = SHA-256(password)) first, then V1 (Jasypt
// PBEWithMD5AndDES, 1000 MD5 rounds, 8-byte salt). The result lives only in
// memory; callers must not store or print it.
func Decrypt(ciphertext, password string) (string, error) {
	pt, _, err := DecryptVersion(ciphertext, password)
	return pt, err
}

// DecryptVersion is Decrypt that also says which encryptor succeeded: 2
// for V2 (AES-GCM, authenticated: a wrong key never passes) or 1 for V1
// (PBEWithMD5AndDES: a wrong key passes the padding and UTF-8 checks
// rarely, but can).
func DecryptVersion(ciphertext, password string) (string, int, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(ciphertext))
	if err != nil {
		return "", 0, ErrDecrypt
	}
	if pt, err := decryptV2(raw, password); err == nil {
		return pt, 2, nil
	}
	if pt, err := decryptV1(raw, password); err == nil {
		return pt, 1, nil
	}
	return "", 0, ErrDecrypt
}

// EncryptV1ForTest encrypts like CloudStack's V1 (Jasypt PBEWithMD5AndDES)
// encryptor with the given 8-byte salt. Tests only.
func EncryptV1ForTest(plain, password string, salt [8]byte) string {
	t := md5.Sum(append([]byte(password), salt[:]...)) // #nosec G401 -- test helper reproducing Jasypt PBEWithMD5AndDES
	for i := 1; i < 1000; i++ {
		t = md5.Sum(t[:]) // #nosec G401 -- test helper reproducing Jasypt PBEWithMD5AndDES
	}
	b, _ := des.NewCipher(t[:8]) // #nosec G405 -- test helper reproducing Jasypt PBEWithMD5AndDES
	pad := des.BlockSize - len(plain)%des.BlockSize
	pt := append([]byte(plain), bytes.Repeat([]byte{byte(pad)}, pad)...)
	ct := make([]byte, len(pt))
	cipher.NewCBCEncrypter(b, t[8:16]).CryptBlocks(ct, pt)
	return base64.StdEncoding.EncodeToString(append(salt[:], ct...))
}

// DefaultDBKey is the database encryption secret cloudstack-setup-databases
// uses when none is given: its -k/--database-secretkey default
// (setup/bindir/cloud-setup-databases.in:633@4.22.1.0).
const DefaultDBKey = "password"

// DecryptProperty decrypts an ENC(...) property value; other values are
// returned unchanged, as CloudStack uses them.
func DecryptProperty(v, key string) (string, error) {
	if strings.HasPrefix(v, "ENC(") && strings.HasSuffix(v, ")") {
		return Decrypt(v[4:len(v)-1], key)
	}
	return v, nil
}

func decryptV2(raw []byte, password string) (string, error) {
	if len(raw) < 12+16 {
		return "", ErrDecrypt
	}
	k := sha256.Sum256([]byte(password))
	b, err := aes.NewCipher(k[:])
	if err != nil {
		return "", err
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		return "", err
	}
	pt, err := g.Open(nil, raw[:12], raw[12:], nil)
	if err != nil {
		return "", ErrDecrypt
	}
	return string(pt), nil
}

func decryptV1(raw []byte, password string) (string, error) {
	if len(raw) < 16 || (len(raw)-8)%des.BlockSize != 0 {
		return "", ErrDecrypt
	}
	salt, ct := raw[:8], raw[8:]
	t := md5.Sum(append([]byte(password), salt...)) // #nosec G401 -- Jasypt PBEWithMD5AndDES key derivation (decrypt only)
	for i := 1; i < 1000; i++ {
		t = md5.Sum(t[:]) // #nosec G401 -- Jasypt iterations, as above
	}
	b, err := des.NewCipher(t[:8]) // #nosec G405 -- Jasypt PBEWithMD5AndDES: decrypt only
	if err != nil {
		return "", err
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(b, t[8:16]).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad < 1 || pad > des.BlockSize || pad > len(pt) {
		return "", ErrDecrypt
	}
	for _, c := range pt[len(pt)-pad:] {
		if int(c) != pad {
			return "", ErrDecrypt
		}
	}
	pt = pt[:len(pt)-pad]
	// A wrong key passes the padding check 1 time in 256: demand UTF-8 text.
	if !utf8.Valid(pt) {
		return "", ErrDecrypt
	}
	return string(pt), nil
}

// EncryptV2ForTest encrypts like CloudStack's V2 encryptor. It exists for
// tests that build ENC(...) fixtures; csaudit itself never encrypts.
func EncryptV2ForTest(plain, password string) string {
	k := sha256.Sum256([]byte(password))
	b, _ := aes.NewCipher(k[:])
	g, _ := cipher.NewGCM(b)
	nonce := make([]byte, 12)
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(g.Seal(nonce, nonce, []byte(plain), nil))
}
