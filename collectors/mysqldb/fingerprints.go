package mysqldb

import (
	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// fingerprinted are the configuration rows whose key material is
// fingerprinted (with --fingerprint-key) when its clear text is known.
var fingerprinted = map[string]string{
	"security.encryption.key":    snapshot.FPEncryptionKey,
	"security.encryption.iv":     snapshot.FPEncryptionIV,
	"ca.plugin.root.private.key": snapshot.FPRootCAKey,
}

// fingerprint records the keyed fingerprint of a configuration secret:
// its decrypted value, or the stored value when that is in the clear.
func (r *reader) fingerprint(name, stored, clear string, decrypted bool) {
	kind, ok := fingerprinted[name]
	if !ok || r.o.Fingerprinter == nil {
		return
	}
	v := clear
	if !decrypted {
		if f := secrets.Classify(stored, secrets.Hint{RawKeyBytes: rawKeySettings[name]}); f.Encoding != snapshot.Plaintext {
			return // encrypted and the database key is not known: nothing to fingerprint
		}
		v = stored
	}
	r.s.Fingerprints = r.o.Fingerprinter.Add(r.s.Fingerprints, kind, "configuration "+name, v)
}
