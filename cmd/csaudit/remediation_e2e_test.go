package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/mysqldb/mysqltest"
)

// The remediation script, demonstrated on the real MariaDB test server:
// audit the weak demo database, write the script, check it parses (sh -n),
// apply the SQL equivalent of each cmk setting command it lists (the test
// stands in for the management server, which cmk would ask), re-audit: the
// setting failures it listed are gone.
func TestRemediationScriptFixesSettings(t *testing.T) {
	if srv == nil {
		_, why := mysqltest.Available()
		t.Skip("no MariaDB server: " + why)
	}
	db := "modern_weak_remediation"
	if err := srv.Load(db, mysqltest.Fixture("modern", "weak")...); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CSAUDIT_DB_PASSWORD": mysqltest.Password}
	dir := t.TempDir()
	script := filepath.Join(dir, "fix.sh")
	if code, _, stderr := runCLI(t, env, "--db", srv.DSN(db), "-f", "remediation", "-o", script); code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("sh", "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("sh -n: %v: %s\n%s", err, out, b)
	}
	noLeak(t, "remediation script", string(b), secretsIn(t, db))

	cmd := regexp.MustCompile(`(?m)^\s*cmk update configuration name='([^']+)' value='([^']*)'(?: ([a-z]+)="\$([A-Z]+)_([0-9]+)_UUID")?$`)
	tables := map[string][2]string{"ZONE": {"data_center_details", "dc_id"}, "DOMAIN": {"domain_details", "domain_id"},
		"ACCOUNT": {"account_details", "account_id"}, "CLUSTER": {"cluster_details", "cluster_id"}}
	scopes := map[string]string{"ZONE": "zone", "DOMAIN": "domain", "ACCOUNT": "account", "CLUSTER": "cluster"}
	type key struct{ name, scope, id string }
	fixed := map[key]bool{}
	var sql strings.Builder
	for _, m := range cmd.FindAllStringSubmatch(string(b), -1) {
		name, value, kind, id := m[1], strings.ReplaceAll(m[2], "'", "''"), m[4], m[5]
		if kind == "" {
			fmt.Fprintf(&sql, "UPDATE configuration SET value='%s' WHERE name='%s';\n", value, name)
			fixed[key{name, "global", ""}] = true
			continue
		}
		tb, ok := tables[kind]
		if !ok {
			t.Fatalf("unexpected scope %s in %s", kind, m[0])
		}
		fmt.Fprintf(&sql, "UPDATE %s SET value='%s' WHERE name='%s' AND %s=%s;\n", tb[0], value, name, tb[1], id)
		fixed[key{name, scopes[kind], id}] = true
	}
	if len(fixed) < 10 {
		t.Fatalf("only %d setting commands in the script:\n%s", len(fixed), b)
	}
	if err := srv.Exec(db, sql.String()); err != nil {
		t.Fatal(err)
	}

	_, out, stderr := runCLI(t, env, "--db", srv.DSN(db), "-f", "json")
	var r struct {
		Findings []struct {
			CheckID  string `json:"check_id"`
			Status   string
			Resource struct {
				Kind, Name, Scope string
				ScopeID           int64 `json:"scope_id"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	for _, f := range r.Findings {
		if f.Status != "fail" {
			continue
		}
		res := f.Resource
		id := ""
		if res.ScopeID != 0 {
			id = fmt.Sprint(res.ScopeID)
		}
		if res.Kind == "setting" && fixed[key{res.Name, res.Scope, id}] {
			t.Errorf("%s still fails on setting %s (%s %s) after the script's change", f.CheckID, res.Name, res.Scope, id)
		}
		if f.CheckID == "CS-AUTH-001" {
			t.Errorf("CS-AUTH-001 still fails after the encoder settings were changed")
		}
	}
	t.Logf("applied %d setting changes from the script", len(fixed))
}
