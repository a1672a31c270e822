package checks_test

// Known non-findings (TM §11a, threat-model-digest §5): for each one a
// snapshot can express, the hardened snapshot is put into that state and
// every check is run; no check may fail above low, except the operator-duty
// check the TM names for that state (listed in duty, with its §10 ref).

import (
	"testing"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

func TestKnownNonFindings(t *testing.T) {
	cases := []struct {
		tm     string
		name   string
		mutate func(*snapshot.Snapshot)
		// duty lists checks allowed to fail above low: the operator duty
		// the TM says to report instead of a product flaw.
		duty []string
	}{
		{"TM §11a.1", "strictness false is reported as the §10.1 duty only",
			set("ca.plugin.root.auth.strictness", "false"), []string{"CS-PKI-005"}},
		{"TM §11a.2", "integration port closed: its lack of authentication is by design", set("integration.api.port", "0"), nil},
		{"TM §11a.5", "Root CA private key stored (encrypted) on the management database", nil, nil},
		{"TM §11a.6", "self-signed Root CA", func(s *snapshot.Snapshot) {
			if s.RootCA != nil && s.RootCA.Certificate != nil {
				s.RootCA.Certificate.Issuer = s.RootCA.Certificate.Subject
			}
		}, nil},
		{"TM §11a.7", "expired agent certificates accepted (shipped default)", set("ca.plugin.root.allow.expired.cert", "true"), nil},
		{"TM §11a.15", "forwarded header honoured only from a narrow proxy.cidr", set("proxy.cidr", "10.20.0.10/32"), nil},
		{"TM §11a.15", "verify on with an empty proxy.cidr (headers ignored)", set("proxy.cidr", ""), nil},
		{"TM §11a.15", "verify off", set("proxy.header.verify", "false"), nil},
		{"PR Q18", "2FA off is a deployment choice", all(set("enable.user.2fa", "false"), dropOverride("domain", 3, "enable.user.2fa")), nil},
		{"PR Q22", "API throttling off (shipped default)", set("api.throttling.enabled", "false"), nil},
	}
	// Not expressible in a snapshot, so nothing can fire on them:
	// §11a.3 (HMAC-SHA1 signatures), §11a.4 (constant-time comparison),
	// §11a.8 (test/dev credentials), §11a.9–12 (guest code, root-admin
	// powers, list* load, decompression), §11a.13 (vendored libraries),
	// §11a.14 (download links), §11a.16 (session fixation).
	for _, tc := range cases {
		t.Run(tc.tm+"/"+tc.name, func(t *testing.T) {
			s := loadHardened(t)
			if tc.mutate != nil {
				tc.mutate(s)
			}
			for _, f := range checks.Run(s, checks.Registry) {
				if f.Status != checks.Fail || f.Severity <= checks.Low {
					continue
				}
				allowed := false
				for _, id := range tc.duty {
					allowed = allowed || id == f.CheckID
				}
				if !allowed {
					t.Errorf("known non-finding reported: %s %s %s on %s: %s", f.CheckID, f.Severity, f.Status, f.Subject, f.Message)
				}
			}
		})
	}
}
