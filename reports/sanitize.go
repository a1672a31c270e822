package reports

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/csaudit/csaudit/checks"
)

// Sanitize is the one output sanitiser: every human format (table,
// Markdown, HTML, JUnit, SARIF message text) and every line csaudit writes
// to standard error passes database and host text through it. It returns
// s as one line of valid UTF-8 that a terminal, an XML parser or a browser
// shows literally:
//
//   - C0 controls, DEL and the line and paragraph separators become
//     \xNN (or \uNNNN), so no escape sequence, bell or line break gets out;
//   - C1 controls (U+0080–U+009F) and the bidirectional overrides and
//     isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069)
//     become \uNNNN, so text cannot reorder itself on screen;
//   - each byte that is not part of valid UTF-8 becomes \xNN.
//
// Backslashes are left alone, so Sanitize is idempotent. Every input byte
// becomes at most 4 output bytes.
func Sanitize(s string) string {
	if safeString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// clean is Sanitize, under the name the writers have always used.
func clean(s string) string { return Sanitize(s) }

// unsafeRune reports the runes beyond C0 that Sanitize escapes.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls (CSI, OSC, NEL, …)
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // ALM, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}

func safeString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return safeSlow(s[i:])
		}
	}
	return true
}

// safeSlow is safeString past the first non-ASCII or control byte: valid UTF-8 with no rune that
// Sanitize would escape.
func safeSlow(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || unsafeRune(r) {
			return false
		}
	}
	return true
}

// forHumans returns a copy of r in which every string taken from the
// audited systems (targets, sources, findings, waivers, baseline) has been
// through Sanitize. Human writers render the copy, so no value reaches
// them raw and no value can add a line to their text; the JSON writer
// renders r itself (encoding/json escapes every control character). Check
// definitions are the program's own text and are shared, not copied.
func (r *Report) forHumans() *Report {
	if r.sanitized {
		return r
	}
	v := reflect.New(reflect.TypeOf(*r)).Elem()
	v.Set(reflect.ValueOf(*r))
	sanitizeValue(v)
	out := v.Addr().Interface().(*Report)
	out.sanitized = true
	return out
}

var checkPtrType = reflect.TypeOf((*checks.Check)(nil))

// sanitizeValue replaces, in place, every exported string reachable from
// v by its sanitised form, copying slices, maps and pointed-to structs on
// the way so the original is never changed.
func sanitizeValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); !safeString(s) {
				v.SetString(Sanitize(s))
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if t.Field(i).IsExported() {
				sanitizeValue(v.Field(i))
			}
		}
	case reflect.Pointer:
		if v.IsNil() || v.Type() == checkPtrType || !v.CanSet() {
			return
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(v.Elem())
		sanitizeValue(c.Elem())
		v.Set(c)
	case reflect.Slice:
		if v.IsNil() || !v.CanSet() || v.Type().Elem() == checkPtrType {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := 0; i < c.Len(); i++ {
			sanitizeValue(c.Index(i))
		}
		v.Set(c)
	case reflect.Map:
		if v.IsNil() || !v.CanSet() {
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			k := reflect.New(v.Type().Key()).Elem()
			k.Set(iter.Key())
			sanitizeValue(k)
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(iter.Value())
			sanitizeValue(e)
			c.SetMapIndex(k, e)
		}
		v.Set(c)
	}
}

// SanitizingWriter returns a writer that passes each line written to it
// through Sanitize, keeping the line breaks: csaudit's standard error goes
// through one, so a source error or hint from a hostile host cannot send
// an escape sequence to the terminal. Each Write should hold whole lines
// (fmt.Fprintf writes once per call).
func SanitizingWriter(w io.Writer) io.Writer { return sanitizingWriter{w} }

type sanitizingWriter struct{ w io.Writer }

func (s sanitizingWriter) Write(p []byte) (int, error) {
	lines := strings.Split(string(p), "\n")
	for i, l := range lines {
		lines[i] = Sanitize(l)
	}
	if _, err := io.WriteString(s.w, strings.Join(lines, "\n")); err != nil {
		return 0, err
	}
	return len(p), nil
}
