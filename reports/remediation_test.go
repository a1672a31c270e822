package reports_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
)

func TestRemediationScript(t *testing.T) {
	snap, err := snapshot.Load(filepath.Join("..", "testdata", "snapshots", "modern-weak.json"))
	if err != nil {
		t.Fatal(err)
	}
	fs := checks.Run(snap, checks.Registry)
	perm, _ := checks.Lookup("CS-HOST-001")
	res := checks.FileRes("/etc/cloudstack/management/db.properties")
	res.Machine = "mgmt1"
	fs = append(fs, checks.Finding{CheckID: perm.ID, Title: perm.Title, Severity: perm.Severity, Status: checks.Fail, Machine: "mgmt1",
		Resource: res, Subject: res.String(), Expected: "0640 root:cloud or stricter (TM §10.6)", Actual: "0644 root:root", Message: "readable by all"})
	// Text from the audited systems cannot escape its comment or quotes.
	evil := checks.Resource{Kind: checks.KindSetting, Name: "consoleproxy.sslEnabled", Scope: "zone", ScopeID: 7, ScopeName: "Z'; rm -rf / #\n$(reboot)"}
	fs = append(fs, checks.Finding{CheckID: "CS-CONS-001", Title: "t", Severity: checks.Medium, Status: checks.Fail, Resource: evil,
		Subject: evil.String(), Message: "bad\nrm -rf /"})
	r := reports.Build(snap, fs, reports.Options{Tool: reports.Tool{Name: "csaudit", Version: "test"}, Selected: checks.Registry})
	var b bytes.Buffer
	if err := reports.WriteRemediation(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	p := filepath.Join(t.TempDir(), "fix.sh")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if o, err := exec.Command("sh", "-n", p).CombinedOutput(); err != nil {
		t.Fatalf("sh -n: %v %s\n%s", err, o, out)
	}
	for _, want := range []string{
		"#!/bin/sh\n",
		"cmk update configuration name='integration.api.port' value='-1'\n",
		"cmk update configuration name='user.password.encoders.exclude' value='MD5,LDAP,PLAINTEXT'\n",
		`  cmk update configuration name='consoleproxy.sslEnabled' value='true' zoneid="$ZONE_1_UUID"` + "\n",
		"# zone \"Zone1\" (database id 1)\nZONE_1_UUID=''\n",
		"# on host mgmt1\n# ssh root@mgmt1 ",
		"if on_host 'mgmt1'; then\n",
		"  chown root:cloud '/etc/cloudstack/management/db.properties'\n  chmod 0640 '/etc/cloudstack/management/db.properties'\n",
		"# CS-AUTH-003 (critical) Administrator account uses the default password\n",
		"# TODO: Log in as each listed user and change the password",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("script lacks %q", want)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		trim := strings.TrimSpace(l)
		if strings.Contains(l, "rm -rf") && !strings.HasPrefix(trim, "#") && !strings.HasPrefix(trim, "echo '") {
			t.Errorf("audited text reached a command: %s", l)
		}
	}
	// Idempotent: each command sets a state; nothing appends, toggles or deletes.
	for _, bad := range []string{">>", "rm ", "sed -i", "mv ", "chmod +", "chmod -", "value=!"} {
		for _, l := range strings.Split(out, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "#") && strings.Contains(l, bad) && !strings.Contains(l, "echo '") {
				t.Errorf("non-idempotent command %q: %s", bad, l)
			}
		}
	}
}
