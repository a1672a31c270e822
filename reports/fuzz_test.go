package reports_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/reports"
)

// FuzzWaivers: any waiver file parses without a panic; every accepted
// waiver names a check and an expiry; problems carry a line (>= 0) and a
// message; a file with problems is not used as if it were clean; lint and
// parse agree on whether the file is valid.
func FuzzWaivers(f *testing.F) {
	f.Add([]byte("waivers:\n  - check: CS-AUTH-003\n    reason: \"vaulted\"\n    expires: 2027-01-31\n    owner: secops\n"))
	f.Add([]byte("waivers:\n  - check: CS-CRYPT\n    machine: \"mgmt*\"\n    reason: old\n    expires: 2026-10-01\n"))
	f.Add([]byte("waivers: [{check: CS-API-001, fingerprint: abc, reason: x, expires: 2030-01-01}]\n"))
	f.Add([]byte("\x1b]0;x\x07: [\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, problems := reports.ParseWaivers("w.yaml", b)
		for _, p := range problems {
			if p.Line < 0 || p.Msg == "" {
				t.Fatalf("problem %+v", p)
			}
		}
		if len(problems) == 0 && w != nil {
			for _, e := range w.Entries {
				if e.Check == "" || e.Expires == "" {
					t.Fatalf("accepted waiver without check or expiry: %+v", e)
				}
				if _, err := time.Parse("2006-01-02", e.Expires); err != nil {
					t.Fatalf("accepted expiry %q: %v", e.Expires, err)
				}
			}
		}
		_, lintProblems := reports.LintWaivers(b, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
		if len(problems) > 0 && len(lintProblems) == 0 {
			t.Fatalf("parse found %v, lint found nothing", problems)
		}
	})
}

// FuzzBaseline: any baseline file parses or fails without a panic, and
// its error is bounded and quotes no raw control byte.
func FuzzBaseline(f *testing.F) {
	f.Add([]byte(`{"schema_version":"2.0","target":"x","collected_at":"2026-11-23T12:00:00Z","selection":{"checks":[],"min_severity":"info"},"findings":[{"check_id":"CS-API-001","status":"fail","severity":"critical","fingerprint":"ab","subject":"s"}]}`))
	f.Add([]byte(`{"schema_version":"1.0","findings":null}`))
	f.Add([]byte("\xff\x1b[2J"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := reports.ParseBaseline("b.json", bytes.NewReader(b))
		if err != nil {
			if e := err.Error(); len(e) > 1024+4*len(b) {
				t.Fatalf("unbounded error (%d bytes)", len(e))
			}
			// Whatever it quotes, stderr shows it through the sanitiser.
			if s := reports.Sanitize(err.Error()); strings.ContainsAny(s, "\x1b\x07\n") {
				t.Fatalf("sanitised error %q", s)
			}
		}
	})
}
