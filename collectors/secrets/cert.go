package secrets

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// CertificateFacts parses the first PEM certificate in text and returns its
// public facts. Certificates are public; only facts are kept anyway.
func CertificateFacts(text string) (*snapshot.Certificate, error) {
	rest := []byte(text)
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, errors.New("no PEM certificate found")
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(c.Raw)
		f := &snapshot.Certificate{
			Subject:            c.Subject.String(),
			Issuer:             c.Issuer.String(),
			DNSNames:           c.DNSNames,
			NotBefore:          c.NotBefore.UTC(),
			NotAfter:           c.NotAfter.UTC(),
			KeyAlgorithm:       c.PublicKeyAlgorithm.String(),
			SignatureAlgorithm: c.SignatureAlgorithm.String(),
			SHA256:             hex.EncodeToString(sum[:]),
		}
		switch k := c.PublicKey.(type) {
		case *rsa.PublicKey:
			f.KeyBits = k.N.BitLen()
		case *ecdsa.PublicKey:
			f.KeyBits = k.Curve.Params().BitSize
		case ed25519.PublicKey:
			f.KeyBits = 256
		}
		return f, nil
	}
}
