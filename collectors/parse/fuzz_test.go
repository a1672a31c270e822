package parse

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// Property fuzzing of the parsers that read what hosts and databases say.

// FuzzProperties: what Properties accepts it reproduces — writing the map
// back as escaped key=value lines and parsing again gives the same map.
func FuzzProperties(f *testing.F) {
	for _, s := range []string{"a=b\n", "db.cloud.password=ENC(x)\n# c\n! c\nk = v\\\n  w\n", "a\\=b=c\\nd", "x:y\n\\u0041=\\t", "=\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Properties(b)
		if err != nil {
			if strings.Contains(err.Error(), string(b)) && len(b) > 3 {
				t.Fatalf("error quotes the content: %v", err)
			}
			return
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&out, "%s=%s\n", escapeProp(k, true), escapeProp(m[k], false))
		}
		again, err := Properties([]byte(out.String()))
		if err != nil {
			t.Fatalf("re-parse of %q: %v", out.String(), err)
		}
		if len(again) != len(m) {
			t.Fatalf("round trip: %d keys, then %d (%q)", len(m), len(again), out.String())
		}
		for k, v := range m {
			if again[k] != v {
				t.Fatalf("round trip of %q: %q, then %q", k, v, again[k])
			}
		}
	})
}

// escapeProp writes s as .properties text that reads back as s.
func escapeProp(s string, key bool) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\f':
			b.WriteString(`\f`)
		case (key || i == 0) && (r == ' ' || r == '=' || r == ':' || r == '#' || r == '!'):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FuzzKeyValueINI: keys are trimmed and non-empty, bad lines are reported
// by number only (never their content), INI keys carry their section.
func FuzzKeyValueINI(f *testing.F) {
	f.Add([]byte("listen_tcp = 1\nauth_tcp = \"none\" # x\nexport A='b'\nbad line\n[mysqld]\nbind_address=0.0.0.0\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, bad := KeyValue(b)
		for k := range m {
			if k == "" || k != strings.TrimSpace(k) || strings.ContainsAny(k, " \t\"'\n") {
				t.Fatalf("KeyValue key %q", k)
			}
		}
		for _, l := range bad {
			var n int
			if _, err := fmt.Sscanf(l, "line %d", &n); err != nil || n < 1 || l != fmt.Sprintf("line %d", n) {
				t.Fatalf("bad-line note %q is not 'line N'", l)
			}
		}
		for k := range INI(b) {
			if !strings.Contains(k, ".") || strings.Contains(k, "_") || strings.ContainsAny(k, "\n") || k != strings.ToLower(k) {
				t.Fatalf("INI key %q", k)
			}
		}
	})
}

// FuzzScopeProperties: an accepted scope is "" or known names in bit
// order, and normalising it again changes nothing.
func FuzzScopeProperties(f *testing.F) {
	for _, s := range []string{"1", "192", "255", "256", "Global", "zone", " Account ", "", "0", "-1"} {
		f.Add(s)
	}
	known := map[string]int{}
	for i, n := range scopeBits {
		known[n] = i
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Scope(s)
		if err != nil {
			// The error quotes the value (%q): bounded, no raw control byte.
			if e := err.Error(); len(e) > 64+4*len(s) || strings.ContainsFunc(e, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				t.Fatalf("error %q", e)
			}
			return
		}
		if out == "" {
			return
		}
		prev := -1
		for _, n := range strings.Split(out, ",") {
			i, ok := known[n]
			if !ok || i <= prev {
				t.Fatalf("Scope(%q) = %q: unknown or out of order", s, out)
			}
			prev = i
		}
		if !strings.Contains(out, ",") {
			if again, err := Scope(out); err != nil || again != out {
				t.Fatalf("Scope(Scope(%q)) = %q, %v; want %q", s, again, err, out)
			}
		}
	})
}

// FuzzVersionOrder: comparison is antisymmetric and consistent with the
// round trip.
func FuzzVersionOrder(f *testing.F) {
	f.Add("4.22.0.0", "4.9.3.1")
	f.Add("4.0.0-incubating", "4.0.0")
	f.Add("2.2.14.20120210102939", "3.0")
	f.Fuzz(func(t *testing.T, a, b string) {
		va, err1 := ParseVersion(a)
		vb, err2 := ParseVersion(b)
		if err1 != nil || err2 != nil {
			return
		}
		if va.Compare(vb) != -vb.Compare(va) {
			t.Fatalf("Compare(%q,%q)=%d but Compare(%q,%q)=%d", a, b, va.Compare(vb), b, a, vb.Compare(va))
		}
		if va.Less(vb) != (va.Compare(vb) < 0) {
			t.Fatalf("Less disagrees with Compare for %q, %q", a, b)
		}
	})
}
