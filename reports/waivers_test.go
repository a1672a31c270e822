package reports

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/checks"
)

func TestParseWaiversValid(t *testing.T) {
	const file = `# accepted risks
waivers:
  - check: cs-api-001            # lower case is fine
    subject: "setting integration.api.port"
    reason: "lab only"
    expires: 2027-03-31
    owner: ops
    ticket: OPS-12
  - check: CS-CRYPT
    machine: "mgmt[0-9]*"
    reason: >
      folded
      reason
    expires: "2026-12-01"
`
	w, problems := ParseWaivers("w.yaml", []byte(file))
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	if len(w.Entries) != 2 {
		t.Fatalf("entries %+v", w.Entries)
	}
	a, b := w.Entries[0], w.Entries[1]
	if a.Check != "CS-API-001" || a.Line != 3 || a.Owner != "ops" || a.Ticket != "OPS-12" || a.Expires != "2027-03-31" {
		t.Errorf("first entry %+v", a)
	}
	if b.Line != 9 || b.Reason != "folded reason" || b.machine == nil || !b.machine.MatchString("mgmt1") || b.machine.MatchString("db1") {
		t.Errorf("second entry %+v", b)
	}
	if w, p := ParseWaivers("w.yaml", []byte("waivers:\n")); len(p) != 0 || len(w.Entries) != 0 {
		t.Errorf("an empty list is valid: %v", p)
	}
	if w, p := ParseWaivers("w.yaml", []byte("waivers: []\n")); len(p) != 0 || len(w.Entries) != 0 {
		t.Errorf("[] is valid: %v", p)
	}
}

func TestParseWaiversProblems(t *testing.T) {
	cases := []struct {
		name, file string
		want       []string // "LINE: substring"
	}{
		{"empty", "", []string{"0: the file is empty"}},
		{"syntax", "waivers:\n  - check: [\n", []string{": not valid YAML"}},
		{"not a mapping", "- a\n- b\n", []string{"1: expected a mapping"}},
		{"no list", "other: 1\n", []string{`1: unknown top-level key "other"`, "1: no 'waivers:' list"}},
		{"list is a string", "waivers: everything\n", []string{"1: 'waivers' must be a list"}},
		{"entry not a mapping", "waivers:\n  - CS-API-001\n", []string{"2: a waiver must be a mapping"}},
		{"missing everything", "waivers:\n  - owner: me\n", []string{"2: missing check", "2: missing reason", "2: missing expires"}},
		{"unknown check", "waivers:\n  - check: CS-NOPE-001\n    reason: r\n    expires: 2027-01-01\n", []string{`2: check "CS-NOPE-001" matches no check`}},
		{"unknown prefix", "waivers:\n  - check: CS-AP\n    reason: r\n    expires: 2027-01-01\n", []string{`2: check "CS-AP" matches no check`}},
		{"bad date", "waivers:\n  - check: CS-API\n    reason: r\n    expires: 31/03/2027\n", []string{`4: expires "31/03/2027" is not a date`}},
		{"timestamp not date", "waivers:\n  - check: CS-API\n    reason: r\n    expires: 2027-03-31T00:00:00Z\n", []string{"4: expires"}},
		{"empty reason", "waivers:\n  - check: CS-API\n    reason: \"  \"\n    expires: 2027-01-01\n", []string{"2: missing reason"}},
		{"bad glob", "waivers:\n  - check: CS-API\n    subject: \"setting [abc\"\n    reason: r\n    expires: 2027-01-01\n", []string{"3: subject \"setting [abc\" is not a valid glob: unterminated"}},
		{"bad range", "waivers:\n  - check: CS-API\n    machine: \"h[z-a]\"\n    reason: r\n    expires: 2027-01-01\n", []string{"3: machine \"h[z-a]\" is not a valid glob"}},
		{"empty glob", "waivers:\n  - check: CS-API\n    subject: \"\"\n    reason: r\n    expires: 2027-01-01\n", []string{"3: subject is empty"}},
		{"typo key", "waivers:\n  - check: CS-API\n    subjet: x\n    reason: r\n    expires: 2027-01-01\n", []string{`3: unknown key "subjet"`}},
		{"twice", "waivers:\n  - check: CS-API\n    reason: r\n    reason: s\n    expires: 2027-01-01\n", []string{"4: reason is given twice"}},
		{"list value", "waivers:\n  - check: [CS-API]\n    reason: r\n    expires: 2027-01-01\n", []string{"2: check must be a single value"}},
		{"two documents", "waivers: []\n---\nwaivers: []\n", []string{"2: only one YAML document"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, problems := ParseWaivers("w.yaml", []byte(c.file))
			var got []string
			for _, p := range problems {
				got = append(got, strings.TrimPrefix(p.String(), "line "))
			}
			if len(problems) == 0 {
				t.Fatalf("no problem found; entries %+v", w.Entries)
			}
			for _, want := range c.want {
				found := false
				for _, p := range problems {
					line, msg, _ := strings.Cut(want, ": ")
					if (line == "" || line == strconv.Itoa(p.Line)) && strings.Contains(p.Msg, msg) {
						found = true
					}
				}
				if !found {
					t.Errorf("want problem %q, got %q", want, got)
				}
			}
			if len(w.Entries) != 0 && c.name != "two documents" {
				t.Errorf("an invalid entry was kept: %+v", w.Entries)
			}
		})
	}
}

func TestLintWaiversPastDates(t *testing.T) {
	file := "waivers:\n  - check: CS-API\n    reason: r\n    expires: 2026-11-22\n  - check: CS-PKI\n    reason: r\n    expires: 2026-11-23\n  - check: CS-NOPE\n    reason: r\n    expires: 2020-01-01\n"
	now := time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)
	n, problems := LintWaivers([]byte(file), now)
	if n != 3 || len(problems) != 3 {
		t.Fatalf("%d entries, problems %v", n, problems)
	}
	if problems[0].Line != 2 || !strings.Contains(problems[0].Msg, "2026-11-22, which is in the past") {
		t.Errorf("yesterday: %v", problems[0])
	}
	// expires is inclusive: a waiver expiring today is still in force.
	if problems[1].Line != 8 || problems[2].Line != 8 {
		t.Errorf("want both problems of the third entry (unknown check, past date), got %v", problems)
	}
}

func TestGlob(t *testing.T) {
	cases := []struct {
		glob  string
		match []string
		miss  []string
	}{
		{"setting integration.api.port", []string{"setting integration.api.port"}, []string{"setting integrationXapi.port", "setting integration.api.port2"}},
		{"setting * for domain \"/Engineering/\"*", []string{`setting ldap.bind.password for domain "/Engineering/" (id 2)`}, []string{"setting ldap.bind.password"}},
		{"/etc/cloudstack/*", []string{"/etc/cloudstack/management/db.properties"}, []string{"/etc/passwd"}},
		{"mgmt?", []string{"mgmt1"}, []string{"mgmt10", "mgmt"}},
		{"kvm[0-2][!3]", []string{"kvm01", "kvm22"}, []string{"kvm03", "kvm31"}},
		{`a\*b`, []string{"a*b"}, []string{"axb"}},
		{"[]x]", []string{"]", "x"}, []string{"y"}},
		{"(id 2)", []string{"(id 2)"}, []string{"id 2"}},
	}
	for _, c := range cases {
		re, err := compileGlob(c.glob)
		if err != nil {
			t.Fatalf("%q: %v", c.glob, err)
		}
		for _, s := range c.match {
			if !re.MatchString(s) {
				t.Errorf("%q should match %q (%s)", c.glob, s, re)
			}
		}
		for _, s := range c.miss {
			if re.MatchString(s) {
				t.Errorf("%q should not match %q (%s)", c.glob, s, re)
			}
		}
	}
	for _, bad := range []string{"[abc", `abc\`, "[z-a]"} {
		if _, err := compileGlob(bad); err == nil {
			t.Errorf("%q should be rejected", bad)
		}
	}
}

// gateFixture is a small audit: two failures of different severities on
// the database, one on a host, a pass, and an error-free run.
func gateFindings() []checks.Finding {
	return []checks.Finding{
		{CheckID: "CS-API-001", Title: "port", Severity: checks.Critical, Status: checks.Fail, Subject: "setting integration.api.port", Message: "open", Threat: []string{"TM §10.3"}},
		{CheckID: "CS-API-002", Title: "throttle", Severity: checks.Low, Status: checks.Fail, Subject: "setting api.throttling.enabled", Message: "off"},
		{CheckID: "CS-AUTH-003", Title: "default pw", Severity: checks.Critical, Status: checks.Fail, Machine: "mgmt1", Subject: "/etc/cloudstack/management/db.properties", Message: "world-readable"},
		{CheckID: "CS-PKI-006", Title: "expired certs", Severity: checks.Info, Status: checks.Pass, Subject: "setting ca.plugin.root.allow.expired.cert"},
	}
}

func mustWaivers(t *testing.T, file string) *Waivers {
	t.Helper()
	w, problems := ParseWaivers("w.yaml", []byte(file))
	if len(problems) > 0 {
		t.Fatalf("%v", problems)
	}
	return w
}

func TestWaiversGate(t *testing.T) {
	s, _ := sample()
	s.CollectedAt = time.Date(2027, 3, 31, 23, 59, 59, 0, time.UTC) // last second of the expiry day
	low := checks.Low
	w := mustWaivers(t, `waivers:
  - check: CS-API-001
    subject: "setting integration.*"
    reason: lab
    expires: 2027-03-31
    owner: ops
  - check: CS-AUTH
    machine: "mgmt*"
    reason: rebuild planned
    expires: 2027-03-30
  - check: CS-PKI
    reason: nothing fails here
    expires: 2028-01-01
`)
	r := Build(s, gateFindings(), Options{FailOn: &low, Waivers: w, Selected: selectIDs(t, "CS-API", "CS-AUTH", "CS-PKI")})
	byID := map[string]Finding{}
	for _, f := range r.Findings {
		byID[f.CheckID] = f
	}
	api := byID["CS-API-001"]
	if api.Status != checks.Fail || api.Waived == nil || api.Waived.Reason != "lab" || api.Waived.Owner != "ops" || api.Gating {
		t.Errorf("waived failure: %+v", api)
	}
	if auth := byID["CS-AUTH-003"]; auth.Waived != nil || !auth.Gating {
		t.Errorf("the expired waiver must not apply: %+v", auth)
	}
	if thr := byID["CS-API-002"]; thr.Waived != nil || !thr.Gating {
		t.Errorf("unwaived failure must gate: %+v", thr)
	}
	sum := r.Summary
	if sum.Fail != 3 || sum.Waived != 1 || sum.Gating != 2 || sum.ExpiredWaivers != 1 || sum.UnmatchedWaivers != 1 || sum.ExitCode != ExitFailures {
		t.Errorf("summary %+v", sum)
	}
	states := []string{}
	for _, e := range r.Waivers.Entries {
		states = append(states, e.State+"/"+strconv.Itoa(e.Matched))
	}
	if got := strings.Join(states, " "); got != "active/1 expired/1 unmatched/0" {
		t.Errorf("waiver states %s", got)
	}

	// One second later the first waiver has expired too.
	s.CollectedAt = s.CollectedAt.Add(time.Second)
	r = Build(s, gateFindings(), Options{FailOn: &low, Waivers: w})
	if r.Summary.Waived != 0 || r.Summary.ExpiredWaivers != 2 || r.Summary.Gating != 3 {
		t.Errorf("after expiry: %+v", r.Summary)
	}

	// Waiving every failure exits 0; errors still exit 3.
	all := mustWaivers(t, "waivers:\n  - check: CS\n    reason: all\n    expires: 2099-12-31\n")
	if r := Build(s, gateFindings(), Options{FailOn: &low, Waivers: all}); r.Summary.ExitCode != ExitClean || r.Summary.Waived != 3 {
		t.Errorf("all waived: %+v", r.Summary)
	}
	withErr := append(gateFindings(), checks.Finding{CheckID: "CS-VER-001", Severity: checks.High, Status: checks.Error, Subject: "check CS-VER-001"})
	if r := Build(s, withErr, Options{FailOn: &low, Waivers: all}); r.Summary.ExitCode != ExitIncomplete {
		t.Errorf("waivers cannot hide an incomplete audit: %+v", r.Summary)
	}
}

func selectIDs(t *testing.T, pats ...string) []*checks.Check {
	t.Helper()
	sel, _, err := checks.Select(pats, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sel
}
