package reports_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
	"github.com/csaudit/csaudit/reports/reportstest"
)

// A database with 30,000 users storing plaintext passwords: SARIF stays
// within GitHub's limits (at most 5,000 results shown per run, 25,000
// accepted, 1,000 locations per result, 10 MB gzipped) and says it
// aggregated and where the full list is; JUnit lists them per check.
func TestLargeDeploymentWithinLimits(t *testing.T) {
	snap, err := snapshot.Load(filepath.Join("..", "testdata", "snapshots", "hardened.json"))
	if err != nil {
		t.Fatal(err)
	}
	const n = 30000
	for i := range n {
		snap.Users = append(snap.Users, snapshot.User{ID: int64(1000 + i), Username: fmt.Sprintf("user%05d", i),
			Account: fmt.Sprintf("acct%05d", i), AccountType: "user", Domain: "/Customers/", State: "enabled", Enabled: true,
			Password: snapshot.PasswordFacts{Scheme: snapshot.SchemePlaintext, Evidence: "matches no CloudStack hash format"}})
	}
	fs := checks.Run(snap, checks.Registry)
	low := checks.Low
	r := reports.Build(snap, fs, reports.Options{Tool: reports.Tool{Name: "csaudit", Version: "test"}, Selected: checks.Registry, FailOn: &low})
	if r.Summary.Fail < n {
		t.Fatalf("only %d failures", r.Summary.Fail)
	}

	var b bytes.Buffer
	if err := reports.WriteSARIF(&b, r); err != nil {
		t.Fatal(err)
	}
	reportstest.SARIF(t, b.Bytes())
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(b.Bytes())
	zw.Close()
	if gz.Len() > 10<<20 {
		t.Errorf("SARIF is %d bytes gzipped (> 10 MB)", gz.Len())
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID     string            `json:"ruleId"`
				Locations  []json.RawMessage `json:"locations"`
				Properties struct {
					Count int `json:"count"`
				} `json:"properties"`
			} `json:"results"`
			Properties struct {
				Aggregated *struct {
					Failures int    `json:"failures"`
					FullList string `json:"full_list"`
				} `json:"aggregated"`
			} `json:"properties"`
			Invocations []struct {
				Notifications []struct {
					Message struct{ Text string } `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) > reports.SARIFMaxResults {
		t.Errorf("%d results (> %d)", len(run.Results), reports.SARIFMaxResults)
	}
	if a := run.Properties.Aggregated; a == nil || a.Failures != r.Summary.Fail || !strings.Contains(a.FullList, "JSON") {
		t.Errorf("run does not say it aggregated: %+v", a)
	}
	said := false
	for _, nt := range run.Invocations[0].Notifications {
		said = said || strings.Contains(nt.Message.Text, "aggregated")
	}
	if !said {
		t.Error("no notification says the results were aggregated")
	}
	total := 0
	for _, res := range run.Results {
		total += res.Properties.Count
		if len(res.Locations) > reports.SARIFMaxLocations {
			t.Errorf("%s: %d locations", res.RuleID, len(res.Locations))
		}
		if res.RuleID == "CS-AUTH-004" && (res.Properties.Count < n || len(res.Locations) != reports.SARIFMaxLocations) {
			t.Errorf("CS-AUTH-004: count %d, %d locations", res.Properties.Count, len(res.Locations))
		}
	}
	if total != r.Summary.Fail {
		t.Errorf("aggregated counts add up to %d, want %d", total, r.Summary.Fail)
	}
	sarifSize := b.Len()
	b.Reset()
	if err := reports.WriteJUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	var ju struct {
		Tests int `xml:"tests,attr"`
		Suite []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &ju); err != nil {
		t.Fatal(err)
	}
	if ju.Tests > len(checks.Registry)+10 {
		t.Errorf("JUnit has %d test cases for %d checks", ju.Tests, len(checks.Registry))
	}
	found := false
	for _, s := range ju.Suite {
		for _, c := range s.Cases {
			if strings.HasPrefix(c.Name, "CS-AUTH-004 ") && c.Failure != nil && strings.Contains(c.Failure.Text, "user user00000") &&
				strings.Contains(c.Failure.Text, "more; the JSON report") {
				found = true
			}
		}
	}
	if !found {
		t.Error("JUnit lacks the CS-AUTH-004 case listing its failures")
	}
	t.Logf("SARIF %d bytes (%d gzipped), %d results; JUnit %d bytes, %d cases", sarifSize, gz.Len(), len(run.Results), b.Len(), ju.Tests)
}
