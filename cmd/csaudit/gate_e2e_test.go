package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/mysqldb/mysqltest"
	"github.com/csaudit/csaudit/reports/reportstest"
)

// TestEndToEndFormatsAndGate audits each weak fixture database on a real
// MariaDB into every format at once and checks, as a new user would, that
// SARIF, JUnit, Markdown, HTML and the table agree with the JSON report
// finding for finding, that SARIF and JSON pass their schemas, that no
// output leaks a secret, and that the gate behaves: every failure waived
// until a future date exits 0, the same waivers expired exit 1 and say so,
// and a run against its own report as baseline exits 0.
func TestEndToEndFormatsAndGate(t *testing.T) {
	for _, era := range []string{"early", "v4", "modern"} {
		t.Run(era, func(t *testing.T) {
			db := needDB(t, era, "weak")
			env := map[string]string{"CSAUDIT_DB_PASSWORD": mysqltest.Password}
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			code, stdout, stderr := runCLI(t, env, "--db", srv.DSN(db), "--format", "json,sarif,junit,markdown,html,table", "--output-dir", out)
			if code != 1 || stdout != "" {
				t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
			}
			read := func(name string) string {
				b, err := os.ReadFile(filepath.Join(out, name))
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
			files := map[string]string{}
			for _, n := range []string{"csaudit.json", "csaudit.sarif", "csaudit.xml", "csaudit.md", "csaudit.html", "csaudit.txt"} {
				files[n] = read(n)
			}
			secrets := secretsIn(t, db)
			for n, text := range files {
				noLeak(t, n, text, secrets)
			}
			reportstest.Report(t, []byte(files["csaudit.json"]))
			reportstest.SARIF(t, []byte(files["csaudit.sarif"]))

			var rep struct {
				Summary struct {
					Fail, Total int
				}
				Findings []struct {
					CheckID     string `json:"check_id"`
					Status      string
					Subject     string
					Fingerprint string
				}
			}
			if err := json.Unmarshal([]byte(files["csaudit.json"]), &rep); err != nil {
				t.Fatal(err)
			}
			failsByCheck := map[string]int{}
			var failPrints []string
			for _, f := range rep.Findings {
				if f.Status == "fail" {
					failsByCheck[f.CheckID]++
					failPrints = append(failPrints, f.CheckID+" "+f.Fingerprint)
				}
			}
			if len(failPrints) != rep.Summary.Fail || rep.Summary.Fail == 0 {
				t.Fatalf("%d failures listed, summary says %d", len(failPrints), rep.Summary.Fail)
			}

			// SARIF: the same failures, in the same order, same fingerprints.
			var log struct {
				Runs []struct {
					Results []struct {
						RuleID              string
						PartialFingerprints map[string]string
					}
				}
			}
			if err := json.Unmarshal([]byte(files["csaudit.sarif"]), &log); err != nil {
				t.Fatal(err)
			}
			var sarifPrints []string
			for _, r := range log.Runs[0].Results {
				sarifPrints = append(sarifPrints, r.RuleID+" "+r.PartialFingerprints["csauditFinding/v2"])
			}
			if strings.Join(sarifPrints, "\n") != strings.Join(failPrints, "\n") {
				t.Errorf("SARIF results differ from JSON failures:\nSARIF %v\nJSON  %v", sarifPrints, failPrints)
			}

			// JUnit: one testcase per finding; failures per check match.
			var ju struct {
				Tests    int `xml:"tests,attr"`
				Failures int `xml:"failures,attr"`
				Suites   []struct {
					Cases []struct {
						Classname string    `xml:"classname,attr"`
						Failure   *struct{} `xml:"failure"`
					} `xml:"testcase"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal([]byte(files["csaudit.xml"]), &ju); err != nil {
				t.Fatal(err)
			}
			junitFails := map[string]int{}
			for _, s := range ju.Suites {
				for _, c := range s.Cases {
					if c.Failure != nil {
						junitFails[c.Classname]++
					}
				}
			}
			if ju.Tests != len(rep.Findings) || ju.Failures != rep.Summary.Fail || fmt.Sprint(junitFails) != fmt.Sprint(failsByCheck) {
				t.Errorf("JUnit %d tests, failures %v; JSON %d findings, failures %v", ju.Tests, junitFails, len(rep.Findings), failsByCheck)
			}

			// Markdown and HTML: a row per failure of each check. The
			// Markdown failure tables come before every other section.
			md := files["csaudit.md"]
			for _, next := range []string{"\n### Could not", "\n### Needs a person", "\n<details>", "\n### Waivers", "\n### Baseline"} {
				if i := strings.Index(md, next); i >= 0 {
					md = md[:i]
				}
			}
			for id, n := range failsByCheck {
				if got := strings.Count(md, "\n| `"+id+"` |"); got != n {
					t.Errorf("Markdown shows %d rows for %s, JSON %d failures", got, id, n)
				}
			}
			if got := strings.Count(files["csaudit.html"], `data-status="fail" data-rank="0" data-sev="`); got != rep.Summary.Fail {
				t.Errorf("HTML has %d failure rows, JSON %d", got, rep.Summary.Fail)
			}
			if !strings.Contains(files["csaudit.txt"], fmt.Sprintf("Failures (%d)", rep.Summary.Fail)) {
				t.Errorf("table does not list %d failures", rep.Summary.Fail)
			}

			// The gate.
			if code, _, stderr := runCLI(t, env, "--db", srv.DSN(db), "--waivers", waiverFile("all-future.yaml")); code != 0 {
				t.Errorf("every failure waived until 2099: exit %d: %s", code, stderr)
			}
			code, table, stderr := runCLI(t, env, "--db", srv.DSN(db), "--waivers", waiverFile("all-expired.yaml"))
			if code != 1 || !strings.Contains(stderr, "expired on 2020-12-31") || !strings.Contains(table, "EXPIRED on 2020-12-31") {
				t.Errorf("expired waivers: exit %d, stderr %s", code, stderr)
			}
			if code, _, stderr := runCLI(t, env, "--db", srv.DSN(db), "--baseline", filepath.Join(out, "csaudit.json")); code != 0 {
				t.Errorf("against its own report as baseline: exit %d: %s", code, stderr)
			}
		})
	}
}
