package reports_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
)

// evil is what a hostile database or host can put in a value: a terminal
// retitle (OSC 0 … BEL), a colour, a C1 CSI, a clear-screen, line breaks,
// a right-to-left override, invalid UTF-8 and markup for every format.
const evil = "a\x1b]0;pwned\x07b\x1b[2J\x1b[31mred\u009b31m\r\nline2\u2028\u202egnp.exe\xff\xfe\xc3<script>alert(1)</script>]]>&amp;|`*_[x](y)"

// unsafeOut reports the first byte sequence in out that must never reach
// an analyst: a control byte other than the writer's own LF (and the tab
// of an indented document), DEL, a C1 control, a bidi control, a line
// separator, or invalid UTF-8.
func unsafeOut(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for i, r := range out {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return fmt.Sprintf("control %U at %d: %s", r, i, strconvQuote(out, i))
		case r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x2028 || r == 0x2029:
			return fmt.Sprintf("bidi control or separator %U at %d: %s", r, i, strconvQuote(out, i))
		}
	}
	return ""
}

func strconvQuote(s string, i int) string {
	lo, hi := max(0, i-20), min(len(s), i+20)
	b, _ := json.Marshal(s[lo:hi])
	return string(b)
}

func TestSanitize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"héllo wörld ✓", "héllo wörld ✓"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"title\x1b]0;x\x07", `title\x1b]0;x\x07`},
		{"a\nb\rc\td", `a\x0ab\x0dc\x09d`},
		{"del\x7f", `del\x7f`},
		{"c1\u009b31m", `c1\u009b31m`},
		{"\u202egnp.exe", `\u202egnp.exe`},
		{"iso\u2066x\u2069", `iso\u2066x\u2069`},
		{"bad\xffbyte", `bad\xffbyte`},
		{"trunc\xc3", `trunc\xc3`},
		{"ok\ufffdreplacement", "ok\ufffdreplacement"},
		{`already \x1b escaped`, `already \x1b escaped`},
		{"nul\x00", `nul\x00`},
	} {
		if got := reports.Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// checkSanitized asserts Sanitize's properties on one input.
func checkSanitized(t *testing.T, in string) {
	out := reports.Sanitize(in)
	if !utf8.ValidString(out) {
		t.Fatalf("Sanitize(%q) = %q: invalid UTF-8", in, out)
	}
	for _, r := range out {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x202e || r == 0x202d || r == 0x2066 || r == 0x2067 || r == 0x2068 || r == 0x2069 || r == 0x202a || r == 0x202b || r == 0x202c || r == 0x200e || r == 0x200f || r == 0x061c || r == 0x2028 || r == 0x2029 {
			t.Fatalf("Sanitize(%q) = %q: contains %U", in, out, r)
		}
	}
	if again := reports.Sanitize(out); again != out {
		t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
	}
	if len(out) > 4*len(in) {
		t.Fatalf("Sanitize(%q) grew %d -> %d bytes (bound 4x)", in, len(in), len(out))
	}
	if utf8.ValidString(in) && !strings.ContainsFunc(in, func(r rune) bool {
		return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x2000 && r <= 0x206f) || r == 0x061c
	}) && out != in {
		t.Fatalf("Sanitize changed safe text %q to %q", in, out)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "plain", evil, "\xff", "\u202e", "\\x1b", "\x1b\\", "\u009b", "\xe2\x80", "\xf4\x90\x80\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkSanitized(t, s) })
}

// hostileReport is a report whose every database- and host-sourced
// string is evil: target, version, sources (error, hint, warnings),
// findings (subject, machine, message, expected, actual, resource) and a
// waiver reason.
func hostileReport(t *testing.T) *reports.Report {
	t.Helper()
	s := &snapshot.Snapshot{Target: "mysql://db" + evil, CloudStackVersion: "4.22" + evil,
		CollectedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC),
		Sources: []snapshot.Source{
			{Kind: "database", Target: "db" + evil, OK: true, Warnings: []string{"warn " + evil}},
			{Kind: "ssh", Target: "host" + evil, OK: false, Error: "probe said " + evil, Hint: "hint " + evil},
		},
		Data: map[snapshot.Dataset]snapshot.Availability{snapshot.DataSettings: {Status: snapshot.Collected}}}
	res := checks.Resource{Kind: "setting", Name: "name" + evil, Machine: "m" + evil}
	fs := []checks.Finding{
		{CheckID: "CS-API-001", Title: "t", Severity: checks.Critical, Status: checks.Fail, Machine: "m" + evil,
			Subject: "setting " + evil, Resource: res, Message: "msg " + evil, Expected: "0" + evil, Actual: "1" + evil, Threat: []string{"TM §10.3"}},
		{CheckID: "CS-AUTH-003", Title: "t", Severity: checks.Critical, Status: checks.Fail, Subject: "user " + evil, Message: evil, Threat: []string{"TM §7"}},
		{CheckID: "CS-API-002", Title: "t", Severity: checks.Low, Status: checks.Error, Subject: "s" + evil, Message: "err " + evil, Threat: []string{"TM §10.11"}},
		{CheckID: "CS-API-003", Title: "t", Severity: checks.Low, Status: checks.Manual, Subject: "s" + evil, Message: "look " + evil, Threat: []string{"TM §10.11"}},
		{CheckID: "CS-API-004", Title: "t", Severity: checks.Low, Status: checks.Skip, Subject: "s" + evil, Message: "skip " + evil, Threat: []string{"TM §10.11"}},
		{CheckID: "CS-API-005", Title: "t", Severity: checks.Low, Status: checks.Pass, Subject: "s" + evil, Message: "pass " + evil, Threat: []string{"TM §10.11"}},
	}
	sel, _, err := checks.Select([]string{"CS-API", "CS-AUTH"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, problems := reports.ParseWaivers("waivers.yaml", []byte("waivers:\n  - check: CS-AUTH-003\n    reason: \"vaulted \\e]0;x\\a \\u202e <b>\"\n    expires: 2099-01-31\n    owner: \"o\\e[2J\"\n"))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	low := checks.Low
	r := reports.Build(s, fs, reports.Options{Selected: sel, FailOn: &low, Waivers: w})
	r.Verbose = true
	return r
}

// TestNoControlByteInAnyFormat renders a report full of escape sequences,
// bidi overrides, invalid UTF-8 and markup in every format: no human
// format lets a control byte, bidi control or invalid byte through, JUnit
// and HTML stay well-formed, the evil value adds no line to any text, and
// JSON keeps the evidence (escaped) for machines.
func TestNoControlByteInAnyFormat(t *testing.T) {
	r := hostileReport(t)
	for _, f := range reports.Formats {
		t.Run(f.Name, func(t *testing.T) {
			var b bytes.Buffer
			if err := reports.Write(&b, f.Name, r); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if bad := unsafeOut(out); bad != "" {
				t.Fatalf("%s output: %s", f.Name, bad)
			}
			if strings.Contains(out, "line2") && f.Name != "json" {
				for _, l := range strings.Split(out, "\n") {
					if strings.HasPrefix(strings.TrimLeft(l, " |"), "line2") {
						t.Errorf("%s: a value's line break started a line of its own: %q", f.Name, l)
					}
				}
			}
			switch f.Name {
			case "json":
				var v struct {
					Findings []struct{ Message string } `json:"findings"`
				}
				if err := json.Unmarshal(b.Bytes(), &v); err != nil {
					t.Fatal(err)
				}
				found := false
				for _, fi := range v.Findings {
					found = found || strings.Contains(fi.Message, "\x1b]0;pwned\x07")
				}
				if !found {
					t.Error("JSON must keep the evidence (JSON-escaped), not the sanitised text")
				}
			case "junit", "html":
				if f.Name == "html" && strings.Contains(out, "<script>alert") {
					t.Fatal("HTML: markup from a value reached the page")
				}
				if f.Name == "junit" {
					d := xml.NewDecoder(strings.NewReader(out))
					for {
						_, err := d.Token()
						if err != nil {
							if err.Error() != "EOF" {
								t.Fatalf("JUnit is not well-formed XML: %v", err)
							}
							break
						}
					}
				}
			case "sarif":
				if !json.Valid(b.Bytes()) {
					t.Fatal("SARIF is not valid JSON")
				}
				if strings.Contains(out, `\u001b`) || strings.Contains(out, `\u0007`) {
					t.Fatal("SARIF carries a raw (JSON-escaped) control character in its text")
				}
			}
		})
	}
	// The report itself is untouched: sanitising works on a copy.
	if !strings.Contains(r.Findings[0].Message, "\x1b") && !strings.Contains(r.Target, "\x1b") {
		t.Error("rendering changed the report")
	}
}
