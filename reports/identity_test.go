package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

func zoneFinding(id int64, name string) checks.Finding {
	res := checks.Resource{Kind: checks.KindSetting, Name: "consoleproxy.url.domain", Scope: "zone", ScopeID: id, ScopeName: name}
	return checks.Finding{CheckID: "CS-CONS-001", Severity: checks.High, Status: checks.Fail, Resource: res, Subject: res.String(), Message: "realhostip.com"}
}

// A waiver written for one zone-scoped setting matches only that zone,
// whatever the zone is called.
func TestWaiverMatchesOneZone(t *testing.T) {
	w := mustWaivers(t, `waivers:
  - check: CS-CONS-001
    kind: setting
    name: consoleproxy.url.domain
    scope: zone
    scope_id: 3
    reason: lab zone
    expires: 2099-01-01
`)
	s, _ := sample()
	fs := []checks.Finding{zoneFinding(3, "Lab"), zoneFinding(4, "Prod"), zoneFinding(30, "Lab")}
	r := Build(s, fs, Options{Selected: selectIDs(t, "CS-CONS"), Waivers: w})
	waived := map[int64]bool{}
	for _, f := range r.Findings {
		waived[f.Resource.ScopeID] = f.Waived != nil
	}
	if !waived[3] || waived[4] || waived[30] {
		t.Fatalf("waived by zone id: %v, want only zone 3", waived)
	}
	// The subject glob of a scheme-1 waiver still works, and a fingerprint
	// pins one finding.
	fp := Fingerprint("CS-CONS-001", zoneFinding(4, "other name").Resource)
	w = mustWaivers(t, "waivers:\n  - check: CS-CONS\n    fingerprint: "+fp+"\n    reason: r\n    expires: 2099-01-01\n")
	r = Build(s, fs, Options{Selected: selectIDs(t, "CS-CONS"), Waivers: w})
	for _, f := range r.Findings {
		if (f.Waived != nil) != (f.Resource.ScopeID == 4) {
			t.Errorf("zone %d waived=%v by fingerprint of zone 4", f.Resource.ScopeID, f.Waived != nil)
		}
	}
}

func TestWaiverResourceKeysValidated(t *testing.T) {
	for _, c := range []struct{ entry, want string }{
		{"scope_id: zone3", "scope_id \"zone3\" is not a positive integer"},
		{"scope_id: 0", "not a positive integer"},
		{"fingerprint: abc", "is not 32 hex digits"},
		{"name: \"\"", "name is empty"},
		{"path: \"[\"", "not a valid glob"},
	} {
		_, problems := ParseWaivers("w.yaml", []byte("waivers:\n  - check: CS-API-001\n    "+c.entry+"\n    reason: r\n    expires: 2099-01-01\n"))
		if len(problems) != 1 || !strings.Contains(problems[0].Msg, c.want) || problems[0].Line != 3 {
			t.Errorf("%s: problems %v, want one on line 3 containing %q", c.entry, problems, c.want)
		}
	}
}

// A parse warning on a host file shows in the table and in SARIF; a failed
// source is summarised once, not as one error row per check.
func TestWarningsAndFailedSourcesShown(t *testing.T) {
	s, _ := sample()
	s.Sources = append(s.Sources,
		snapshot.Source{Kind: "ssh", Target: "root@kvm1:22", OK: true, Warnings: []string{"/etc/libvirt/qemu.conf: unparsed line 7"}},
		snapshot.Source{Kind: "ssh", Target: "root@kvm2:22", Error: "connection refused", Hint: "is sshd running?"})
	var fs []checks.Finding
	for _, id := range []string{"CS-HOST-001", "CS-HOST-002", "CS-HOST-009"} {
		fs = append(fs, checks.Finding{CheckID: id, Severity: checks.High, Status: checks.Error, Machine: "kvm2",
			Resource: checks.HostRes("kvm2"), Subject: "host kvm2", Message: "the host could not be probed: connection refused",
			NotEvaluated: "ssh root@kvm2:22"})
	}
	r := Build(s, fs, Options{Selected: selectIDs(t, "CS-HOST")})
	var table bytes.Buffer
	if err := WriteTable(&table, r); err != nil {
		t.Fatal(err)
	}
	out := table.String()
	for _, want := range []string{
		"ssh source root@kvm2:22 failed: connection refused; 3 checks not evaluated",
		"hint: is sshd running?",
		"Warnings",
		"ssh root@kvm1:22: /etc/libvirt/qemu.conf: unparsed line 7",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "could not be probed") != 0 {
		t.Errorf("the failed host is repeated per check:\n%s", out)
	}
	var sarif bytes.Buffer
	if err := WriteSARIF(&sarif, r); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Invocations []struct {
				Notes []struct {
					Level   string
					Message struct{ Text string }
				} `json:"toolExecutionNotifications"`
			}
		}
	}
	if err := json.Unmarshal(sarif.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var levels []string
	for _, n := range log.Runs[0].Invocations[0].Notes {
		levels = append(levels, n.Level+": "+n.Message.Text)
	}
	got := strings.Join(levels, "\n")
	if !strings.Contains(got, "warning: ssh root@kvm1:22: /etc/libvirt/qemu.conf: unparsed line 7") ||
		strings.Count(got, "kvm2") != 1 || !strings.Contains(got, "3 checks not evaluated") {
		t.Errorf("SARIF notifications:\n%s", got)
	}
	var junit, md, html bytes.Buffer
	for _, w := range []struct {
		b *bytes.Buffer
		f Writer
	}{{&junit, WriteJUnit}, {&md, WriteMarkdown}, {&html, WriteHTML}} {
		if err := w.f(w.b, r); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(w.b.String(), "unparsed line 7") || !strings.Contains(w.b.String(), "3 checks not evaluated") {
			t.Errorf("a format lacks the warning or the failed-source summary:\n%s", w.b.String())
		}
	}
	if !strings.Contains(junit.String(), "<system-err>") {
		t.Error("JUnit puts warnings in system-err")
	}
}
