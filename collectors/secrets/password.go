package secrets

import (
	"crypto/md5" // #nosec G501 -- CloudStack compatibility: reading what CloudStack stores, never protecting anything new (unsalted MD5 user passwords)
	"crypto/pbkdf2"
	"crypto/sha1" // #nosec G505 -- CloudStack compatibility: reading what CloudStack stores, never protecting anything new (PBKDF2-HMAC-SHA1 hashes)
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// DefaultAdminPassword is the password CloudStack's install gives the admin
// user; it is public, so it may appear in code.
const DefaultAdminPassword = "password"

// MaxPBKDF2Rounds bounds the work spent verifying one PBKDF2 hash; a stored
// hash claiming more rounds is not verified.
const MaxPBKDF2Rounds = 1_000_000

// ClassifyPassword reduces a stored user.password to its scheme. The formats
// are those of CloudStack's user authenticators (cloudstack-facts.md):
// PBKDF2 "b64salt:b64dk:rounds", SHA256SALT "b64salt:b64hash", MD5 32 hex
// digits, PLAINTEXT the password itself.
func ClassifyPassword(stored string) snapshot.PasswordFacts {
	switch {
	case stored == "":
		return snapshot.PasswordFacts{Scheme: snapshot.SchemeEmpty, Evidence: "no password stored"}
	case isPBKDF2(stored):
		r, _ := strconv.Atoi(stored[strings.LastIndexByte(stored, ':')+1:])
		return snapshot.PasswordFacts{Scheme: snapshot.SchemePBKDF2, Rounds: r, Evidence: "salt:hash:rounds layout"}
	case isSHA256Salt(stored):
		return snapshot.PasswordFacts{Scheme: snapshot.SchemeSHA256Salt, Evidence: "salt:hash layout with a 32-byte digest"}
	case isMD5(stored):
		return snapshot.PasswordFacts{Scheme: snapshot.SchemeMD5, Evidence: "32 hex digits"}
	default:
		return snapshot.PasswordFacts{Scheme: snapshot.SchemePlaintext, Evidence: "matches no CloudStack hash format"}
	}
}

// IsDefault tests whether stored is the published default admin password in
// the scheme it was classified as. ok is false when it cannot be tested
// within bounds (reason says why).
func IsDefault(stored string, pf snapshot.PasswordFacts) (isDefault, ok bool, reason string) {
	cand := DefaultAdminPassword
	switch pf.Scheme {
	case snapshot.SchemeEmpty:
		return false, true, ""
	case snapshot.SchemePlaintext:
		return subtle.ConstantTimeCompare([]byte(stored), []byte(cand)) == 1, true, ""
	case snapshot.SchemeMD5:
		sum := md5.Sum([]byte(cand)) // #nosec G401 -- checks a candidate against CloudStack's own MD5 hash
		return strings.EqualFold(stored, hex.EncodeToString(sum[:])), true, ""
	case snapshot.SchemeSHA256Salt:
		parts := strings.Split(stored, ":")
		salt, err1 := base64.StdEncoding.DecodeString(parts[0])
		want, err2 := base64.StdEncoding.DecodeString(parts[1])
		if err1 != nil || err2 != nil {
			return false, false, "hash is not valid Base64"
		}
		h := sha256.New()
		h.Write([]byte(cand))
		h.Write(salt)
		return subtle.ConstantTimeCompare(h.Sum(nil), want) == 1, true, ""
	case snapshot.SchemePBKDF2:
		parts := strings.Split(stored, ":")
		salt, err1 := base64.StdEncoding.DecodeString(parts[0])
		want, err2 := base64.StdEncoding.DecodeString(parts[1])
		if err1 != nil || err2 != nil || len(want) == 0 {
			return false, false, "hash is not valid Base64"
		}
		if pf.Rounds <= 0 || pf.Rounds > MaxPBKDF2Rounds {
			return false, false, "PBKDF2 round count outside the verified bound"
		}
		dk, err := pbkdf2.Key(sha1.New, latin1(cand), salt, pf.Rounds, len(want))
		if err != nil {
			return false, false, "PBKDF2 parameters rejected"
		}
		return subtle.ConstantTimeCompare(dk, want) == 1, true, ""
	}
	return false, false, "unknown scheme"
}

// latin1 turns characters into 8-bit bytes, as BouncyCastle's
// PKCS5PasswordToBytes does.
func latin1(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = append(b, byte(r)) // #nosec G115 -- truncation to 8 bits is the point: BouncyCastle PKCS5PasswordToBytes does the same
	}
	return string(b)
}

func isPBKDF2(s string) bool {
	p := strings.Split(s, ":")
	if len(p) != 3 {
		return false
	}
	if _, err := strconv.Atoi(p[2]); err != nil {
		return false
	}
	return isB64(p[0]) && isB64(p[1])
}

func isSHA256Salt(s string) bool {
	p := strings.Split(s, ":")
	if len(p) != 2 || !isB64(p[0]) {
		return false
	}
	h, err := base64.StdEncoding.DecodeString(p[1])
	return err == nil && len(h) == sha256.Size
}

func isMD5(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func isB64(s string) bool {
	if s == "" {
		return false
	}
	_, err := base64.StdEncoding.DecodeString(s)
	return err == nil
}
