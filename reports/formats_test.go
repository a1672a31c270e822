package reports_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
	"github.com/csaudit/csaudit/reports/reportstest"
)

const hostile = "<script>alert(1)</script> | ]]> `x` *y* [z](http://evil.example/) \x1b[31m"

// fixture is an audit with every status, a host finding, a waiver, an
// expired waiver, a baseline and text that tries to break every format.
func fixture(t *testing.T, minSev checks.Severity) *reports.Report {
	t.Helper()
	s := &snapshot.Snapshot{Target: "mysql://csaudit@db1.example.com:3306/cloud", CloudStackVersion: "4.22.0.0",
		CollectedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC),
		Sources:     []snapshot.Source{{Kind: "database", Target: "mysql://csaudit@db1.example.com:3306/cloud", OK: true}},
		Data:        map[snapshot.Dataset]snapshot.Availability{snapshot.DataSettings: {Status: snapshot.Collected}}}
	fs := []checks.Finding{
		{CheckID: "CS-API-001", Title: "Unauthenticated integration API port is enabled", Severity: checks.Critical, Status: checks.Fail,
			Subject: "setting integration.api.port", Message: "port 8096 open", Expected: "0", Actual: "8096", Threat: []string{"TM §10.3"}},
		{CheckID: "CS-API-002", Title: "API request throttling is disabled", Severity: checks.Low, Status: checks.Fail,
			Subject: "setting api.throttling.enabled", Message: hostile, Threat: []string{"TM §10.11"}},
		{CheckID: "CS-API-006", Title: "API endpoint URL handed to other components is plain HTTP", Severity: checks.Info, Status: checks.Fail,
			Subject: "setting endpoint.url", Message: "http", Threat: []string{"TM §10.4"}},
		{CheckID: "CS-AUTH-003", Title: "Administrator account uses the default password", Severity: checks.Critical, Status: checks.Fail,
			Subject: "user admin (id 2, account admin)", Message: "default password", Threat: []string{"TM §7"}},
		{CheckID: "CS-CRYPT-001", Title: "Secret settings stored unencrypted", Severity: checks.High, Status: checks.Fail,
			Subject: `setting ldap.bind.password for domain "/Engineering/" (id 2)`, Message: "in the clear", Threat: []string{"TM §10.6"}},
		{CheckID: "CS-CRYPT-004", Title: "Hypervisor host credentials stored in clear", Severity: checks.High, Status: checks.Fail,
			Machine: "mgmt1.example.com", Subject: "/etc/cloudstack/management/db.properties", Message: "world-readable", Threat: []string{"TM §10.13"}},
		{CheckID: "CS-PKI-003", Title: "Root CA certificate expired or about to expire", Severity: checks.High, Status: checks.Manual,
			Subject: "Root CA CN=ca", Message: "stored encrypted: check its expiry by hand", Threat: []string{"TM §5a"}},
		{CheckID: "CS-VER-001", Title: "CloudStack release line is end of life", Severity: checks.High, Status: checks.Error,
			Subject: "check CS-VER-001", Message: "version unreadable", Threat: []string{"TM §10.2"}},
		{CheckID: "CS-AUTH-007", Title: "SAML2 login without signature verification", Severity: checks.High, Status: checks.Skip,
			Subject: "setting saml2.enabled", Message: "not applicable: " + hostile, Threat: []string{"TM §5a"}},
		{CheckID: "CS-PKI-006", Title: "Expired agent certificates accepted", Severity: checks.Info, Status: checks.Pass,
			Subject: "setting ca.plugin.root.allow.expired.cert", Message: "rejected", Threat: []string{"TM §10.1"}},
	}
	sel, desel, err := checks.Select([]string{"CS-API", "CS-AUTH", "CS-CRYPT", "CS-PKI", "CS-VER"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, problems := reports.ParseWaivers("waivers.yaml", []byte(`waivers:
  - check: CS-AUTH-003
    reason: "break-glass account, vaulted <b>"
    expires: 2027-01-31
    owner: "secops"
    ticket: "SEC-7"
  - check: CS-CRYPT
    machine: "mgmt*"
    reason: "old"
    expires: 2026-10-01
`))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	// The baseline already knows CS-API-001 and a CS-SESS failure now gone.
	var prev bytes.Buffer
	prevFs := []checks.Finding{fs[0], {CheckID: "CS-API-005", Title: "API does not require POST", Severity: checks.Low, Status: checks.Fail, Subject: "setting enforce.post.requests.and.timestamps"}}
	if err := reports.WriteJSON(&prev, reports.Build(s, prevFs, reports.Options{Selected: sel})); err != nil {
		t.Fatal(err)
	}
	base, err := reports.ParseBaseline("previous.json", &prev)
	if err != nil {
		t.Fatal(err)
	}
	low := checks.Low
	return reports.Build(s, fs, reports.Options{Tool: reports.Tool{Name: "csaudit", Version: "0.0.0-test"},
		Selected: sel, Deselected: desel, MinSeverity: minSev, FailOn: &low, Waivers: w, Baseline: base})
}

func render(t *testing.T, format string, r *reports.Report) string {
	t.Helper()
	var a, b bytes.Buffer
	if err := reports.Write(&a, format, r); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	if err := reports.Write(&b, format, r); err != nil || a.String() != b.String() {
		t.Fatalf("%s output is not deterministic", format)
	}
	return a.String()
}

type jsonFinding struct {
	CheckID     string `json:"check_id"`
	Status      string
	Severity    string
	Machine     string
	Subject     string
	Fingerprint string
	Gating      bool
	Baseline    string
	Waived      *struct{ Reason, Expires string }
}

// TestFormatsAgree renders one audit in every format and checks that each
// shows the same findings, with the same waiver and baseline marks, at
// every --min-severity.
func TestFormatsAgree(t *testing.T) {
	for _, minSev := range []checks.Severity{checks.Info, checks.Medium, checks.Critical} {
		t.Run(minSev.String(), func(t *testing.T) {
			r := fixture(t, minSev)
			out := map[string]string{}
			for _, f := range reports.FormatNames() {
				out[f] = render(t, f, r)
			}

			reportstest.Report(t, []byte(out["json"]))
			var doc struct {
				Summary  reports.Summary
				Findings []jsonFinding
			}
			reportstest.Decode(t, []byte(out["json"]), &doc)
			if doc.Summary.Total != 10 || doc.Summary.Fail != 6 || doc.Summary.Waived != 1 || doc.Summary.ExpiredWaivers != 1 ||
				doc.Summary.New != 5 || doc.Summary.Existing != 1 || doc.Summary.Fixed != 1 || doc.Summary.ExitCode != 3 {
				t.Fatalf("summary %+v", doc.Summary)
			}
			var fails []jsonFinding
			for _, f := range doc.Findings {
				sev, _ := checks.ParseSeverity(f.Severity)
				if sev < minSev && f.Status != "error" {
					t.Errorf("%s %s shown below --min-severity %s", f.CheckID, f.Severity, minSev)
				}
				if f.Status == "fail" {
					fails = append(fails, f)
				}
			}

			// SARIF: one result per failure shown, same fingerprints and marks.
			reportstest.SARIF(t, []byte(out["sarif"]))
			var log struct {
				Runs []struct {
					Tool struct {
						Driver struct {
							Rules []struct {
								ID         string
								Properties map[string]any
							}
						}
					}
					Results []struct {
						RuleID              string
						Level               string
						PartialFingerprints map[string]string
						BaselineState       string
						Suppressions        []struct{ Kind, Status, Justification string }
						Locations           []struct {
							PhysicalLocation struct {
								ArtifactLocation struct{ URI string }
								Region           struct{ StartLine int }
							}
						}
					}
					Invocations []struct {
						ExecutionSuccessful        bool
						ExitCode                   int
						ToolExecutionNotifications []struct{ Level string }
					}
				}
			}
			reportstest.Decode(t, []byte(out["sarif"]), &log)
			run := log.Runs[0]
			if len(run.Results) != len(fails) {
				t.Fatalf("SARIF has %d results, JSON %d failures", len(run.Results), len(fails))
			}
			for i, res := range run.Results {
				f := fails[i]
				if res.RuleID != f.CheckID || res.PartialFingerprints["csauditFinding/v2"] != f.Fingerprint {
					t.Errorf("result %d %s/%v differs from JSON %s/%s", i, res.RuleID, res.PartialFingerprints, f.CheckID, f.Fingerprint)
				}
				if (len(res.Suppressions) == 1) != (f.Waived != nil) {
					t.Errorf("%s: suppressions %v, waived %v", f.CheckID, res.Suppressions, f.Waived)
				}
				if want := map[string]string{"new": "new", "existing": "unchanged"}[f.Baseline]; res.BaselineState != want {
					t.Errorf("%s: baselineState %q for %q", f.CheckID, res.BaselineState, f.Baseline)
				}
				loc := res.Locations[0].PhysicalLocation
				if loc.Region.StartLine != 1 || !regexp.MustCompile(`^(cloudstack/db1\.example\.com|hosts/mgmt1\.example\.com)/[A-Za-z0-9._~%/-]+$`).MatchString(loc.ArtifactLocation.URI) {
					t.Errorf("%s: location %+v", f.CheckID, loc)
				}
			}
			var ruleIDs []string
			for _, rule := range run.Tool.Driver.Rules {
				ruleIDs = append(ruleIDs, rule.ID)
				if rule.Properties["security-severity"] == nil || !slices.Contains(anyStrings(rule.Properties["tags"]), "security") {
					t.Errorf("rule %s properties %v", rule.ID, rule.Properties)
				}
			}
			if !sort.StringsAreSorted(ruleIDs) || len(ruleIDs) != len(r.Selection.Checks) {
				t.Errorf("rules %v", ruleIDs)
			}
			if inv := run.Invocations[0]; inv.ExecutionSuccessful || inv.ExitCode != 3 || len(inv.ToolExecutionNotifications) == 0 {
				t.Errorf("invocation %+v", inv)
			}
			if regexp.MustCompile(`(?i)vulnerab`).MatchString(out["sarif"]) {
				t.Error("SARIF calls a configuration finding a vulnerability")
			}

			// JUnit: one testcase per finding shown, mapped by status.
			var suites struct {
				Tests    int `xml:"tests,attr"`
				Failures int `xml:"failures,attr"`
				Errors   int `xml:"errors,attr"`
				Skipped  int `xml:"skipped,attr"`
				Suites   []struct {
					Name  string `xml:"name,attr"`
					Cases []struct {
						Name      string    `xml:"name,attr"`
						Classname string    `xml:"classname,attr"`
						Failure   *struct{} `xml:"failure"`
						Error     *struct{} `xml:"error"`
						Skipped   *struct {
							Message string `xml:"message,attr"`
						} `xml:"skipped"`
						SystemOut string `xml:"system-out"`
					} `xml:"testcase"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal([]byte(out["junit"]), &suites); err != nil {
				t.Fatalf("JUnit is not XML: %v", err)
			}
			want := map[string]int{}
			for _, f := range doc.Findings {
				switch {
				case f.Status == "fail" && f.Waived == nil:
					want["failure"]++
				case f.Status == "error":
					want["error"]++
				case f.Status == "skip" || f.Status == "manual":
					want["skipped"]++
				}
			}
			if suites.Tests != len(doc.Findings) || suites.Failures != want["failure"] || suites.Errors != want["error"] || suites.Skipped != want["skipped"] {
				t.Errorf("JUnit counts %d/%d/%d/%d, want %d/%v", suites.Tests, suites.Failures, suites.Errors, suites.Skipped, len(doc.Findings), want)
			}
			for _, s := range suites.Suites {
				for _, c := range s.Cases {
					if c.Classname == "CS-AUTH-003" && (c.Failure != nil || !strings.Contains(c.SystemOut, "WAIVED until 2027-01-31")) {
						t.Errorf("a waived failure is a passed testcase with a note: %+v", c)
					}
					if c.Classname == "CS-PKI-003" && (c.Skipped == nil || !strings.HasPrefix(c.Skipped.Message, "manual: ")) {
						t.Errorf("manual maps to skipped with 'manual:': %+v", c)
					}
				}
			}

			// Markdown, HTML and table list every failure shown.
			for _, format := range []string{"markdown", "html", "table"} {
				for _, f := range fails {
					if !strings.Contains(out[format], f.CheckID) {
						t.Errorf("%s lacks failure %s", format, f.CheckID)
					}
				}
			}
			if n := strings.Count(out["html"], "<tr data-order="); n != len(doc.Findings) {
				t.Errorf("HTML has %d finding rows, JSON %d findings", n, len(doc.Findings))
			}
			for _, format := range []string{"markdown", "html"} {
				if strings.Contains(out[format], "<script>alert") || strings.Contains(out[format], "vaulted <b>") {
					t.Errorf("%s carries unescaped markup from the data", format)
				}
			}
		})
	}
}

func anyStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func TestHTMLIsSelfContained(t *testing.T) {
	out := render(t, "html", fixture(t, checks.Info))
	for _, bad := range []string{"<link", " src=", "url(", "@import", "http-equiv=\"refresh\""} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML references an external resource: %q", bad)
		}
	}
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`).FindStringSubmatch(out)
	if csp == nil {
		t.Fatal("no Content-Security-Policy")
	}
	policy := html.UnescapeString(csp[1])
	if !strings.HasPrefix(policy, "default-src 'none';") {
		t.Fatalf("CSP is not restrictive: %s", policy)
	}
	// The inline script and style are exactly what the CSP hashes allow.
	script := regexp.MustCompile(`(?s)<script>(.*)</script>`).FindStringSubmatch(out)
	style := regexp.MustCompile(`(?s)<style>(.*)</style>`).FindStringSubmatch(out)
	if script == nil || style == nil || !strings.Contains(policy, "script-src "+reportstest.CSPHash(script[1])+";") || !strings.Contains(policy, "style-src "+reportstest.CSPHash(style[1])+";") {
		t.Error("inline script or style does not match the CSP hashes")
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("hostile text is not shown escaped")
	}
	for _, want := range []string{"waived until 2027-01-31", ">new<", "Fixed since the baseline", "CS-API-005", "expired"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	out := render(t, "markdown", fixture(t, checks.Info))
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| `CS-API-002`") {
			if strings.Count(line, " | ")+2 != 5 || !strings.Contains(line, `\[z\](http://evil.example/)`) || strings.Contains(line, "\x1b") {
				t.Errorf("hostile row breaks the table: %q", line)
			}
			return
		}
	}
	t.Errorf("no CS-API-002 row:\n%s", out)
}

// ArtifactURI is built from the resource alone: rewording a subject
// changes nothing.
func TestArtifactURI(t *testing.T) {
	const target = "mysql://csaudit@db1.example.com:3306/cloud"
	zone := checks.Resource{Kind: checks.KindSetting, Name: "consoleproxy.sslEnabled", Scope: "zone", ScopeID: 1, ScopeName: "Zone1"}
	cases := []struct {
		id   string
		res  checks.Resource
		want string
	}{
		{"CS-API-001", checks.SettingRes("integration.api.port"), "cloudstack/db1.example.com/settings/integration.api.port"},
		{"CS-CONS-001", zone, "cloudstack/db1.example.com/settings/consoleproxy.sslEnabled/zone-1"},
		{"CS-AUTH-001", checks.GroupRes("settings user.password.encoders.order/exclude"), "cloudstack/db1.example.com/groups/settings-user.password.encoders.order-exclude"},
		{"CS-AUTH-003", checks.Resource{Kind: checks.KindUser, Name: "admin", ID: 2, Label: "account admin"}, "cloudstack/db1.example.com/users/admin-2"},
		{"CS-PKI-002", checks.Resource{Kind: checks.KindKeystoreRow, Name: "CPVMCertificate", ID: 1}, "cloudstack/db1.example.com/keystore/CPVMCertificate-1"},
		{"CS-VER-002", checks.AdvisoryRes("CVE-2025-22828"), "cloudstack/db1.example.com/advisories/CVE-2025-22828"},
		{"CS-CRYPT-001", checks.Resource{Kind: checks.KindDatabase, Name: "encryption"}, "cloudstack/db1.example.com/database/encryption"},
		{"CS-VER-001", checks.CheckRes("CS-VER-001"), "cloudstack/db1.example.com/checks/CS-VER-001"},
		{"CS-HOST-001", checks.Resource{Kind: checks.KindFile, Machine: "mgmt1", Path: "/etc/cloudstack/management/db.properties"}, "hosts/mgmt1/etc/cloudstack/management/db.properties"},
		{"CS-HOST-002", checks.Resource{Kind: checks.KindFile, Machine: "kvm 2", Path: "/var/lib/my file"}, "hosts/kvm%202/var/lib/my%20file"},
		{"CS-HOST-004", checks.Resource{Kind: checks.KindFile, Machine: "mgmt1", Path: "/etc/cloudstack/management/db.properties", Key: "db.cloud.password"}, "hosts/mgmt1/etc/cloudstack/management/db.properties"},
		{"CS-HOST-013", checks.Resource{Kind: checks.KindListener, Machine: "mgmt1", Port: 8096}, "hosts/mgmt1/listeners/CS-HOST-013"},
		{"CS-HOST-014", checks.Resource{Kind: checks.KindHost, Name: "db1", Machine: "db1"}, "hosts/db1"},
		{"CS-HOST-001", checks.Resource{Kind: checks.KindFile, Machine: "m", Path: "/../etc/./x"}, "hosts/m/etc/x"},
	}
	for _, c := range cases {
		f := checks.Finding{CheckID: c.id, Machine: c.res.Machine, Subject: "any words at all", Resource: c.res}
		if got := reports.ArtifactURI(target, f); got != c.want {
			t.Errorf("%s %+v: got %q, want %q", c.id, c.res, got, c.want)
		}
	}
}

func TestFileNames(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range reports.FormatNames() {
		name := reports.FileName(f)
		if seen[name] {
			t.Errorf("%s: file name %s used twice", f, name)
		}
		seen[name] = true
	}
	want := map[string]string{"table": "csaudit.txt", "json": "csaudit.json", "sarif": "csaudit.sarif", "junit": "csaudit.xml", "markdown": "csaudit.md", "html": "csaudit.html", "remediation": "csaudit.sh"}
	for f, name := range want {
		if reports.FileName(f) != name {
			t.Errorf("%s: %s, want %s", f, reports.FileName(f), name)
		}
	}
	if len(want) != len(reports.Formats) {
		t.Errorf("a format was added without a file name: %v", reports.FormatNames())
	}
}

func TestSchemaVersionMatches(t *testing.T) {
	var s struct {
		Properties struct {
			SchemaVersion struct {
				Const string `json:"const"`
			} `json:"schema_version"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(reports.JSONSchema, &s); err != nil {
		t.Fatal(err)
	}
	if s.Properties.SchemaVersion.Const != reports.SchemaVersion {
		t.Fatalf("schema file is for %q, reports write %q", s.Properties.SchemaVersion.Const, reports.SchemaVersion)
	}
}

// The closed schema really rejects an undocumented field: the validation
// above proves something.
func TestSchemaRejectsUndocumented(t *testing.T) {
	var b bytes.Buffer
	if err := reports.WriteJSON(&b, fixture(t, checks.Info)); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	reportstest.Decode(t, b.Bytes(), &doc)
	doc["findings"].([]any)[0].(map[string]any)["secret_value"] = "x"
	bad, _ := json.Marshal(doc)
	ft := &fakeT{}
	reportstest.Report(ft, bad)
	if !ft.failed {
		t.Fatal("an undocumented finding field passed the schema")
	}
}

type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Fatalf(string, ...any) { f.failed = true }

// The vendored SARIF schema really checks: a result with a level outside
// SARIF's enumeration, or a region line 0, is rejected.
func TestSARIFSchemaRejects(t *testing.T) {
	var b bytes.Buffer
	if err := reports.WriteSARIF(&b, fixture(t, checks.Info)); err != nil {
		t.Fatal(err)
	}
	for _, mutate := range []func(res map[string]any){
		func(res map[string]any) { res["level"] = "severe" },
		func(res map[string]any) {
			res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["region"] = map[string]any{"startLine": 0}
		},
	} {
		var doc map[string]any
		reportstest.Decode(t, b.Bytes(), &doc)
		res := doc["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
		mutate(res)
		bad, _ := json.Marshal(doc)
		ft := &fakeT{}
		reportstest.SARIF(ft, bad)
		if !ft.failed {
			t.Errorf("invalid SARIF passed: %v", res)
		}
	}
}
