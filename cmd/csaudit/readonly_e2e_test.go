package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// generalLogLine is one entry of MariaDB's general query log: connection
// id, command, argument (a continuation line of a long query matches not).
var generalLogLine = regexp.MustCompile(`^(?:\d{6}\s+[\d:]+)?\s+(\d+) (Connect|Query|Prepare|Execute|Init DB|Quit|Field List)\t?(.*)$`)

// readStatement lists the statement forms a read-only session may send.
var readStatement = regexp.MustCompile(`^(SELECT|SHOW|SET SESSION TRANSACTION READ ONLY|SET TRANSACTION READ ONLY|START TRANSACTION READ ONLY|SET NAMES|SET AUTOCOMMIT|SET SESSION (SQL_MODE|TIME_ZONE|MAX_EXECUTION_TIME|MAX_STATEMENT_TIME)|COMMIT|ROLLBACK|DESCRIBE|EXPLAIN)\b`)

// TestFullAuditOnlyReads runs a whole audit through the CLI, every format
// at once and the snapshot saved, against a real MariaDB with its general
// query log on: every statement of every csaudit session is a read.
func TestFullAuditOnlyReads(t *testing.T) {
	db := needDB(t, "modern", "weak")
	before, _ := os.ReadFile(srv.GeneralLogPath())
	if err := srv.GeneralLog(true); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	code, _, stderr := runCLI(t, map[string]string{"CSAUDIT_DB_PASSWORD": "csaudit-test-pw"},
		"--db", srv.DSN(db), "--format", "table,json,sarif,junit,markdown,html", "--output-dir", dir, "--save-snapshot", dir+"/s.json")
	if err := srv.GeneralLog(false); err != nil {
		t.Fatal(err)
	}
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	after, err := os.ReadFile(srv.GeneralLogPath())
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]bool{}
	statements, sessions := 0, 0
	for _, line := range strings.Split(string(after[len(before):]), "\n") {
		m := generalLogLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		id, cmd, arg := m[1], m[2], strings.TrimSpace(m[3])
		switch cmd {
		case "Connect":
			if strings.HasPrefix(arg, "csaudit@") {
				ours[id] = true
				sessions++
			}
		case "Query", "Prepare", "Execute":
			if !ours[id] {
				continue
			}
			statements++
			if !readStatement.MatchString(strings.ToUpper(arg)) {
				t.Errorf("csaudit session %s sent a statement that is not a read: %s", id, arg)
			}
		}
	}
	if sessions == 0 || statements < 10 {
		t.Fatalf("general log shows %d csaudit sessions and %d statements: the test proves nothing\n%s", sessions, statements, after[len(before):])
	}
	t.Logf("%d csaudit sessions, %d statements, all reads", sessions, statements)
}
