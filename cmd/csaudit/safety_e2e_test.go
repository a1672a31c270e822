package main

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/csaudit/csaudit/reports"
)

// Never clean by accident, never audit only to fail at writing, never
// print a hostile value raw: the CLI ends of issue 10.

// rawControl returns a description of the first byte in out that must not
// reach a terminal (anything below 0x20 but LF and tab, DEL, C1, bidi
// controls, invalid UTF-8), or "".
func rawControl(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for i, r := range out {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x061c || r == 0x200e || r == 0x200f ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x2028 || r == 0x2029:
			lo, hi := max(0, i-30), min(len(out), i+30)
			b, _ := json.Marshal(out[lo:hi])
			return string(b)
		}
	}
	return ""
}

func TestEmptySnapshotIsUsageError(t *testing.T) {
	p := filepath.Join(t.TempDir(), "empty.json")
	if err := os.WriteFile(p, []byte(`{"schema_version":"1"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, nil, "--snapshot", p)
	if code != 2 || !strings.Contains(stderr, "no sources and no data") || !strings.Contains(stderr, "hint:") || strings.Contains(out, "audit complete") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
}

// A run whose selected checks all lack their source checked nothing: exit
// 3, said on stderr and in every format, and the summary counts it.
func TestNothingEvaluatedExit3(t *testing.T) {
	snap := writeSnap(t, nil) // database only
	for _, f := range reports.Formats {
		code, out, stderr := runCLI(t, nil, "--snapshot", snap, "--checks", "CS-HOST-001", "--format", f.Name)
		if code != 3 || !strings.Contains(stderr, "none of the 1 selected checks could be evaluated") {
			t.Fatalf("%s: exit %d\nstderr:\n%s", f.Name, code, stderr)
		}
		switch f.Name {
		case "table":
			if !strings.Contains(out, "1 checks (0 evaluated, 1 not evaluated)") || !strings.Contains(out, "AUDIT INCOMPLETE: no selected check could be evaluated") {
				t.Errorf("table:\n%s", out)
			}
		case "json":
			var r struct {
				Summary struct {
					Evaluated, NotEvaluated int  `json:"-"`
					E                       int  `json:"evaluated"`
					N                       int  `json:"not_evaluated"`
					Complete                bool `json:"complete"`
				}
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil || r.Summary.E != 0 || r.Summary.N != 1 || r.Summary.Complete {
				t.Errorf("json summary %+v (%v)", r.Summary, err)
			}
		default:
			if !strings.Contains(out, "none of the 1 selected checks could be evaluated") && !strings.Contains(out, "AUDIT INCOMPLETE: no selected check could be evaluated") {
				t.Errorf("%s does not say nothing was evaluated:\n%s", f.Name, out)
			}
		}
	}
	// With the database checks selected too, the run is judged as usual.
	if code, out, _ := runCLI(t, nil, "--snapshot", snap, "--checks", "CS-HOST-001,CS-API-001"); code != 0 || !strings.Contains(out, "(1 evaluated, 1 not evaluated)") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestTimeoutValidated(t *testing.T) {
	for _, v := range []string{"0", "0s", "-1s", "soon"} {
		code, _, stderr := runCLI(t, nil, "--db", "csaudit@tcp(127.0.0.1:1)/cloud", "--timeout", v)
		if code != 2 || !strings.Contains(stderr, "timeout") {
			t.Errorf("--timeout %s: exit %d\n%s", v, code, stderr)
		}
	}
}

// silentListener accepts on 127.0.0.1 and counts connections; it never
// answers. A test that must not connect asserts the count stays 0.
func silentListener(t *testing.T) (addr string, accepted *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted = new(atomic.Int32)
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String(), accepted
}

// Every output path is checked before any connection: exit 2 naming the
// path, with a hint, and the database is never contacted.
func TestOutputPathsCheckedFirst(t *testing.T) {
	addr, accepted := silentListener(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing", "dir", "r.json")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"-o in a missing directory", []string{"-o", missing, "--format", "json"}, missing},
		{"-o is a directory", []string{"-o", dir}, dir + ": is a directory"},
		{"-o under a file", []string{"-o", filepath.Join(file, "r.json")}, "is not a directory"},
		{"--save-snapshot in a missing directory", []string{"--save-snapshot", missing}, "--save-snapshot " + missing},
		{"--output-dir under a file", []string{"--output-dir", filepath.Join(file, "out"), "--format", "json,sarif"}, "--output-dir"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			args := append([]string{"--db", "csaudit@tcp(" + addr + ")/cloud", "--timeout", "20s"}, tc.args...)
			code, out, stderr := runCLI(t, nil, args...)
			if code != 2 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "csaudit: hint:") || out != "" {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
			}
			if strings.Contains(stderr, ".csaudit-") {
				t.Errorf("error names a temporary file:\n%s", stderr)
			}
			if n := accepted.Load(); n != 0 || time.Since(start) > 5*time.Second {
				t.Fatalf("the database was contacted (%d connections, %s) before the output path was checked", n, time.Since(start))
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Error("a failed -o created directories")
	}
}

// --output-dir NEW --save-snapshot NEW/s.json: the directory is created
// first, both the snapshot and every report are written.
func TestOutputDirHoldsSnapshot(t *testing.T) {
	db := needDB(t, "modern", "hardened")
	out := filepath.Join(t.TempDir(), "new", "reports")
	code, stdout, stderr := runCLI(t, map[string]string{"CSAUDIT_DB_PASSWORD": "csaudit-test-pw"},
		"--db", srv.DSN(db), "--output-dir", out, "--save-snapshot", filepath.Join(out, "s.json"), "--format", "json,html,sarif")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, f := range []string{"s.json", "csaudit.json", "csaudit.html", "csaudit.sarif"} {
		if fi, err := os.Stat(filepath.Join(out, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// The saved snapshot audits again to the same result.
	if code, _, stderr := runCLI(t, nil, "--snapshot", filepath.Join(out, "s.json")); code != 0 {
		t.Fatalf("re-audit of the saved snapshot: exit %d\n%s", code, stderr)
	}
}

// evilSQL is a value full of escape sequences (OSC retitle, clear screen,
// C1 CSI), line breaks, a bidi override and markup for every format.
const evilSQL = "CONCAT('8096', CHAR(27), ']0;pwned', CHAR(7), CHAR(27), '[2J', CHAR(13), CHAR(10), 'line2 ', _utf8mb4 X'C29B', '31m ', _utf8mb4 X'E280AE', 'gnp.exe <script>alert(1)</script> ]]> | `x` *y*')"

// A database full of escape sequences and markup: every format the CLI
// writes, and its standard error, carries no raw control byte.
func TestHostileDatabaseAllFormats(t *testing.T) {
	db := needDB(t, "modern", "weak")
	hostile := db + "_hostile"
	if err := srv.Load(hostile, "../../testdata/sql/modern/schema.sql", "../../testdata/sql/modern/weak.sql"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"UPDATE configuration SET value = CONCAT('http://', " + evilSQL + ") WHERE name = 'endpoint.url'",
		"UPDATE configuration SET value = " + evilSQL + " WHERE name = 'ca.plugin.root.auth.strictness'",
		"UPDATE user SET username = " + evilSQL + " WHERE id = 2",
		"UPDATE account SET account_name = " + evilSQL + " WHERE id = 2",
	} {
		if err := srv.Exec(hostile, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	dir := t.TempDir()
	var names []string
	for _, f := range reports.Formats {
		names = append(names, f.Name)
	}
	code, stdout, stderr := runCLI(t, map[string]string{"CSAUDIT_DB_PASSWORD": "csaudit-test-pw"},
		"--db", srv.DSN(hostile), "--output-dir", dir, "--format", strings.Join(names, ","), "--verbose")
	if code != 1 {
		md, _ := os.ReadFile(filepath.Join(dir, "csaudit.md"))
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s\nreport:\n%s", code, stdout, stderr, md)
	}
	if bad := rawControl(stderr); bad != "" {
		t.Errorf("stderr: raw control near %s", bad)
	}
	for _, f := range reports.Formats {
		b, err := os.ReadFile(filepath.Join(dir, reports.FileName(f.Name)))
		if err != nil {
			t.Fatal(err)
		}
		if bad := rawControl(string(b)); bad != "" {
			t.Errorf("%s: raw control near %s", f.Name, bad)
		}
		if !strings.Contains(string(b), "pwned") {
			t.Errorf("%s: the hostile value is not reported at all (the test proves nothing)", f.Name)
		}
		if f.Name == "html" && strings.Contains(string(b), "<script>alert") {
			t.Errorf("html: markup from the database reached the page")
		}
	}
	// The table on standard output, too.
	_, table, _ := runCLI(t, map[string]string{"CSAUDIT_DB_PASSWORD": "csaudit-test-pw"}, "--db", srv.DSN(hostile))
	if bad := rawControl(table); bad != "" || !strings.Contains(table, `\x1b]0;pwned\x07`) {
		t.Errorf("table: raw control near %s\n%s", bad, table)
	}
}
