// Package secrets reduces secret values to facts. Collectors pass every
// secret they read through this package and keep only the returned facts;
// no function here returns, logs or wraps the value it was given.
package secrets

import (
	"encoding/base64"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Published defaults that CloudStack ships or documents. Names, not values,
// enter the snapshot.
var publishedDefaults = []struct{ value, name string }{
	{"admin1:AdMiN123", "HAProxy stats default credentials (Config.java NetworkLBHaproxyStatsAuth)"},
	{"password", "cloudstack-setup-databases default key / default admin password"},
	{"vmops.com", "CloudStack default keystore passphrase (KeyStoreUtils.DEFAULT_KS_PASSPHRASE)"},
}

// KnownDefault returns the name of the published default v equals, or "".
func KnownDefault(v string) string {
	for _, d := range publishedDefaults {
		if v == d.value {
			return d.name
		}
	}
	return ""
}

// Hint narrows what a secret should look like in the clear, so that a value
// which could be either ciphertext or plaintext can be decided.
type Hint struct {
	// RawKeyBytes is the decoded length of the plaintext when it is
	// base64 key material (16 for security.encryption.key/iv).
	RawKeyBytes int
}

// Classify reduces a value that CloudStack stores through DBEncryptionUtil
// (Hidden/Secure settings, host passwords, API secret keys) to facts.
// Encrypted values are a bare Base64 token of CloudStack's V1 (Jasypt
// PBEWithMD5AndDES: 8-byte salt + DES blocks) or V2 (AES-GCM: 12-byte nonce +
// ciphertext + 16-byte tag) layout. Plaintext is claimed only on evidence.
func Classify(value string, h Hint) snapshot.SecretFacts {
	f := snapshot.SecretFacts{Present: value != "", Length: len(value)}
	if value == "" {
		f.Encoding = snapshot.Empty
		return f
	}
	if d := KnownDefault(value); d != "" {
		f.Encoding, f.KnownDefault, f.Evidence = snapshot.Plaintext, d, "equals a published default"
		return f
	}
	if strings.Contains(value, "-----BEGIN ") {
		f.Encoding, f.Evidence = snapshot.Plaintext, "PEM "+pemLabel(value)+" in the clear"
		return f
	}
	if strings.HasPrefix(value, "ssh-") || strings.HasPrefix(value, "ecdsa-sha2-") {
		f.Encoding, f.Evidence = snapshot.Plaintext, "OpenSSH key in the clear"
		return f
	}
	raw, err := base64.StdEncoding.DecodeString(value)
	if err != nil {
		f.Encoding, f.Evidence = snapshot.Plaintext, "not Base64, so not CloudStack ciphertext"
		return f
	}
	n := len(raw)
	if h.RawKeyBytes > 0 && n == h.RawKeyBytes {
		f.Encoding, f.Evidence = snapshot.Plaintext, "Base64 of raw key material of the expected length"
		return f
	}
	v1 := n >= 16 && (n-8)%8 == 0
	v2 := n >= 12+16+1
	switch {
	case !v1 && !v2:
		f.Encoding, f.Evidence = snapshot.Plaintext, "too short to be CloudStack ciphertext"
	case printable(raw):
		// Ciphertext is uniformly random; text that decodes to printable
		// ASCII is almost certainly encoded plaintext.
		f.Encoding, f.Evidence = snapshot.Plaintext, "Base64 of printable text, not ciphertext"
	case v2 && !v1:
		f.Encoding, f.Evidence = snapshot.Encrypted, "shape of CloudStack V2 (AES-GCM) ciphertext; not decrypted"
	case v1 && !v2:
		f.Encoding, f.Evidence = snapshot.Encrypted, "shape of CloudStack V1 (Jasypt) ciphertext; not decrypted"
	default:
		f.Encoding, f.Evidence = snapshot.Encrypted, "shape of CloudStack ciphertext; not decrypted"
	}
	return f
}

// Plain marks a value as plaintext because database encryption is known to be
// off, keeping the other facts.
func Plain(f snapshot.SecretFacts, why string) snapshot.SecretFacts {
	if f.Present && f.Encoding != snapshot.Plaintext {
		f.Encoding, f.Evidence = snapshot.Plaintext, why
	}
	return f
}

func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// pemLabel returns the label of the first PEM block ("RSA PRIVATE KEY").
func pemLabel(v string) string {
	i := strings.Index(v, "-----BEGIN ")
	rest := v[i+len("-----BEGIN "):]
	j := strings.Index(rest, "-----")
	if j <= 0 || j > 40 {
		return "block"
	}
	return rest[:j]
}

// IsPrivateKeyPEM reports whether a value holds a PEM private key.
func IsPrivateKeyPEM(v string) bool {
	return strings.Contains(v, "-----BEGIN ") && strings.Contains(v, "PRIVATE KEY-----")
}

// ClassifyProperty reduces a value from a CloudStack .properties or
// environment file. CloudStack decrypts a property only when it has the
// form ENC(...) (EncryptionSecretKeyChecker.decryptPropertyIfNeeded);
// anything else is used as is, i.e. stored in the clear.
func ClassifyProperty(v string) snapshot.SecretFacts {
	f := snapshot.SecretFacts{Present: v != "", Length: len(v)}
	switch {
	case v == "":
		f.Encoding = snapshot.Empty
	case strings.HasPrefix(v, "ENC(") && strings.HasSuffix(v, ")") && len(v) > 5:
		f.Encoding, f.Evidence = snapshot.Encrypted, "ENC(...) value; not decrypted"
	default:
		f.Encoding, f.Evidence = snapshot.Plaintext, "not in ENC(...) form, so CloudStack uses it as is"
		if d := KnownDefault(v); d != "" {
			f.KnownDefault = d
		}
	}
	return f
}
