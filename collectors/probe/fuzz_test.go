package probe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseBounded: probe output from a hostile host never crashes the
// parser; warnings are bounded in number and size; every record it keeps
// has a known type; the reduced machine facts keep no line break in a
// name, owner or path (a value cannot add lines to any report).
func FuzzParseBounded(f *testing.F) {
	f.Add([]byte("CSAUDIT-PROBE-BEGIN 1\nS\t/x\tregular file\t644\t0\troot\t0\troot\t1\nCSAUDIT-PROBE-END 1 1\n"))
	f.Add([]byte("CSAUDIT-PROBE-BEGIN 1\nS\t/x\x1b]0;t\x07\tregular file\t644\t0\tro\xffot\t0\troot\t1\nZZ\tgarbage\nCSAUDIT-PROBE-END 1 2\n"))
	f.Add([]byte("CSAUDIT-PROBE-BEGIN 1\n" + strings.Repeat("bad\n", 1000) + "CSAUDIT-PROBE-END 1 1000\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := Parse(b)
		if err != nil {
			if len(err.Error()) > 1024 {
				t.Fatalf("unbounded error (%d bytes): %.120q", len(err.Error()), err.Error())
			}
			return
		}
		total := 0
		for _, w := range out.Warnings {
			total += len(w)
		}
		if total > 64<<10+len(b) {
			t.Fatalf("warnings total %d bytes for %d bytes of input", total, len(b))
		}
		for _, r := range out.Records {
			if _, ok := fieldCount[r.Type]; !ok {
				t.Fatalf("record of unknown type %q kept", r.Type)
			}
		}
		m := Machine(out, "fuzz", "local", "/")
		for _, fl := range m.Files {
			if strings.ContainsAny(fl.Path, "\n") {
				t.Fatalf("path with a line break: %q", fl.Path)
			}
			if fl.Stat != nil && (strings.ContainsAny(fl.Stat.Owner+fl.Stat.Group, "\n") || !utf8.ValidString(fl.Stat.Mode)) {
				t.Fatalf("stat %+v", fl.Stat)
			}
		}
	})
}
