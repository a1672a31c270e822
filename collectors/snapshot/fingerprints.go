package snapshot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
)

// Secret fingerprints. With an operator-supplied key (--fingerprint-key),
// collectors record a keyed HMAC-SHA256 of key material they handle in
// memory — never the value and never a plain hash, which could be checked
// against guesses by anyone holding the snapshot. Two snapshots taken with
// the same key can be compared ('csaudit compare') to find key material
// shared between installations (PR Q33: reuse across staging and
// production is a documented misuse). Without the key a fingerprint says
// nothing about the secret.

// Fingerprint kinds.
const (
	FPDatabaseKey   = "database-key"   // db.cloud.encrypt.secret, decrypted from db.properties
	FPManagementKey = "management-key" // the key file / CLOUD_SECRET_KEY protecting db.properties
	FPEncryptionKey = "security.encryption.key"
	FPEncryptionIV  = "security.encryption.iv"
	FPRootCAKey     = "root-ca-private-key" // ca.plugin.root.private.key
)

// Fingerprint is the keyed fingerprint of one piece of key material.
type Fingerprint struct {
	Kind string `json:"kind"`
	// Source says where the material was read ("db.properties file
	// /etc/cloudstack/management/db.properties", "configuration").
	Source string `json:"source"`
	// HMAC is hex HMAC-SHA256(key, "csaudit-secret-fp-v1" NUL value). The
	// kind is not part of it, so one secret reused in two roles matches.
	HMAC string `json:"hmac"`
	// KeyID identifies the fingerprint key (HMAC of a fixed label), so
	// fingerprints made with different keys are not compared by mistake.
	KeyID string `json:"key_id"`
}

// Fingerprinter computes fingerprints with one key. A nil Fingerprinter
// computes none, so collectors can call it unconditionally.
type Fingerprinter struct{ key []byte }

// MinFingerprintKey is the shortest key accepted, in bytes.
const MinFingerprintKey = 16

// NewFingerprinter returns a Fingerprinter for key (at least 16 bytes).
func NewFingerprinter(key []byte) (*Fingerprinter, error) {
	if len(key) < MinFingerprintKey {
		return nil, errors.New("the fingerprint key must be at least 16 bytes")
	}
	return &Fingerprinter{key: append([]byte(nil), key...)}, nil
}

func (f *Fingerprinter) mac(label string, v []byte) string {
	m := hmac.New(sha256.New, f.key)
	m.Write([]byte(label))
	m.Write([]byte{0})
	m.Write(v)
	return hex.EncodeToString(m.Sum(nil))
}

// KeyID identifies the key without revealing it.
func (f *Fingerprinter) KeyID() string { return f.mac("csaudit-key-id-v1", nil)[:16] }

// Add appends the fingerprint of secret to list; nothing when f is nil or
// the secret is empty.
func (f *Fingerprinter) Add(list []Fingerprint, kind, source, secret string) []Fingerprint {
	if f == nil || secret == "" {
		return list
	}
	return append(list, Fingerprint{Kind: kind, Source: source, HMAC: f.mac("csaudit-secret-fp-v1", []byte(secret)), KeyID: f.KeyID()})
}
