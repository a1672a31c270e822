package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/csaudit/csaudit/checks"
)

// SARIF 2.1.0 output for code-scanning dashboards. Every selected check is a
// rule; every failure shown is a result. csaudit's findings are operator
// findings about a deployment's configuration, never product defects, and
// the output says so in those words.

// SecuritySeverity maps a csaudit severity to the numeric
// "security-severity" score (0.0–10.0) code-scanning dashboards rank by:
// critical 9.5, high 8.0, medium 5.5, low 3.0, info 1.0.
var SecuritySeverity = map[checks.Severity]string{
	checks.Critical: "9.5", checks.High: "8.0", checks.Medium: "5.5", checks.Low: "3.0", checks.Info: "1.0",
}

// sarifLevel maps a severity to a SARIF level: critical and high are
// "error", medium "warning", low and info "note".
func sarifLevel(s checks.Severity) string {
	switch {
	case s >= checks.High:
		return "error"
	case s == checks.Medium:
		return "warning"
	default:
		return "note"
	}
}

const sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool          `json:"tool"`
	AutomationDetails sarifAutomation    `json:"automationDetails"`
	Invocations       []sarifInvocation  `json:"invocations"`
	Results           []sarifResult      `json:"results"`
	Properties        sarifRunProperties `json:"properties"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifText          `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
	Precision        string   `json:"precision"`
	Severity         string   `json:"csaudit-severity"`
	Threat           []string `json:"threat"`
	References       []string `json:"references,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	ExitCode            int                 `json:"exitCode"`
	ExitCodeDescription string              `json:"exitCodeDescription"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level          string        `json:"level"`
	Message        sarifText     `json:"message"`
	AssociatedRule *sarifRuleRef `json:"associatedRule,omitempty"`
	Locations      []sarifLoc    `json:"locations,omitempty"`
}

type sarifRuleRef struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Kind                string             `json:"kind"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLoc         `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	BaselineState       string             `json:"baselineState,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          sarifResultProps   `json:"properties"`
}

type sarifLoc struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

type sarifResultProps struct {
	Severity string   `json:"csaudit-severity"`
	Machine  string   `json:"machine,omitempty"`
	Subject  string   `json:"subject"`
	Expected string   `json:"expected,omitempty"`
	Actual   string   `json:"actual,omitempty"`
	Gating   bool     `json:"gating"`
	Waived   *Waiver  `json:"waived,omitempty"`
	Baseline string   `json:"baseline,omitempty"`
	Threat   []string `json:"threat"`
	// On an aggregated result: how many failures it stands for, how many
	// of them gate, are waived or are new, and the resource kind.
	Count        int    `json:"count,omitempty"`
	GatingCount  int    `json:"gating_count,omitempty"`
	WaivedCount  int    `json:"waived_count,omitempty"`
	NewCount     int    `json:"new_count,omitempty"`
	ResourceKind string `json:"resource_kind,omitempty"`
}

type sarifRunProperties struct {
	Target            string          `json:"target"`
	CloudStackVersion string          `json:"cloudstack_version"`
	CollectedAt       string          `json:"collected_at"`
	ReportSchema      string          `json:"report_schema_version"`
	Selection         Selection       `json:"selection"`
	Summary           Summary         `json:"summary"`
	Waivers           *WaiverReport   `json:"waivers,omitempty"`
	Baseline          *BaselineReport `json:"baseline,omitempty"`
	// Aggregated is set when the failures exceeded SARIFMaxResults.
	Aggregated *sarifAggregation `json:"aggregated,omitempty"`
}

// sarifAggregation says that, and how, results were aggregated.
type sarifAggregation struct {
	Failures     int    `json:"failures"`
	Results      int    `json:"results"`
	Limit        int    `json:"limit"`
	MaxLocations int    `json:"max_locations"`
	FullList     string `json:"full_list"`
}

// WriteSARIF writes the report as a SARIF 2.1.0 log with one run.
func WriteSARIF(w io.Writer, r *Report) error {
	r = r.forHumans()
	rules := make([]*checks.Check, 0, len(r.Checks))
	rules = append(rules, r.Checks...)
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	index := map[string]int{}
	driver := sarifDriver{Name: r.Tool.Name, Version: r.Tool.Version, InformationURI: "https://github.com/csaudit/csaudit", Rules: []sarifRule{}}
	if driver.Name == "" {
		driver.Name = "csaudit"
	}
	for i, c := range rules {
		index[c.ID] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(c))
	}
	host := targetHost(r.Target)
	run := sarifRun{
		Tool:              sarifTool{Driver: driver},
		AutomationDetails: sarifAutomation{ID: "csaudit/" + host + "/"},
		Results:           []sarifResult{},
		Properties: sarifRunProperties{Target: r.Target, CloudStackVersion: r.CloudStackVersion,
			CollectedAt: r.CollectedAt.Format("2006-01-02T15:04:05Z07:00"), ReportSchema: r.SchemaVersion,
			Selection: r.Selection, Summary: r.Summary, Waivers: r.Waivers, Baseline: r.Baseline},
	}
	inv := sarifInvocation{ExecutionSuccessful: r.Summary.Complete, ExitCode: r.Summary.ExitCode,
		ExitCodeDescription: exitDescription(r.Summary), Notifications: []sarifNotification{}}
	failed, warned := r.sourceNotes()
	if r.Summary.NothingEvaluated() {
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "error", Message: sarifText{Text: exitDescription(r.Summary)}})
	}
	for _, n := range failed {
		msg := n.Headline()
		if n.Hint != "" {
			msg += " (hint: " + n.Hint + ")"
		}
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "error", Message: sarifText{Text: msg}})
	}
	for _, n := range warned {
		for _, w := range n.Warnings {
			inv.Notifications = append(inv.Notifications, sarifNotification{Level: "warning",
				Message: sarifText{Text: fmt.Sprintf("%s %s: %s", n.Kind, n.Target, w)}})
		}
	}
	var fails []Finding
	for _, f := range r.Findings {
		if r.summarised(f) {
			continue // the failed source's notification stands for it
		}
		switch f.Status {
		case checks.Error, checks.Manual:
			// Not results: an error is the tool failing to evaluate, a
			// manual finding a question for a person.
			lvl, what := "error", "could not be evaluated"
			if f.Status == checks.Manual {
				lvl, what = "note", "needs a person"
			}
			n := sarifNotification{Level: lvl, Message: sarifText{Text: fmt.Sprintf("%s %s: %s: %s", f.CheckID, what, subjectOf(f), f.Message)},
				Locations: []sarifLoc{locationOf(r, f, host)}}
			if i, ok := index[f.CheckID]; ok {
				n.AssociatedRule = &sarifRuleRef{ID: f.CheckID, Index: i}
			}
			inv.Notifications = append(inv.Notifications, n)
		case checks.Fail:
			fails = append(fails, f)
		}
	}
	if len(fails) <= SARIFMaxResults {
		for _, f := range fails {
			run.Results = append(run.Results, sarifResultOf(r, f, host, index))
		}
	} else {
		run.Results = sarifAggregate(r, fails, host, index)
		run.Properties.Aggregated = &sarifAggregation{Failures: len(fails), Results: len(run.Results), Limit: SARIFMaxResults,
			MaxLocations: SARIFMaxLocations, FullList: "the JSON report (--format json) lists every failure"}
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "warning", Message: sarifText{Text: fmt.Sprintf(
			"%d failures exceed the %d results per run that code scanning shows: results are aggregated per check and resource kind "+
				"(up to %d locations each, with the count); the JSON report (--format json) lists every failure", len(fails), SARIFMaxResults, SARIFMaxLocations)}})
	}
	run.Invocations = []sarifInvocation{inv}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}})
}

func exitDescription(s Summary) string {
	switch s.ExitCode {
	case ExitIncomplete:
		if s.NothingEvaluated() {
			return fmt.Sprintf("audit incomplete: none of the %d selected checks could be evaluated (no source they need was audited)", s.Checks)
		}
		return "audit incomplete: a source failed or a check could not be evaluated"
	case ExitFailures:
		return fmt.Sprintf("%d failing configuration finding(s) at or above --fail-on", s.Gating)
	default:
		return "audit complete; no gating failure"
	}
}

func sarifRuleOf(c *checks.Check) sarifRule {
	threat := strings.Join(c.Threat, ", ")
	text := fmt.Sprintf("%s\n\nRemediation: %s\n\nThreat model: %s", c.Rationale, c.Remediation, threat)
	md := fmt.Sprintf("**Why it matters.** %s\n\n**Remediation.** %s\n\n**Threat model:** %s", mdEscape(c.Rationale), mdEscape(c.Remediation), mdEscape(threat))
	if len(c.References) > 0 {
		text += "\n\nReferences: " + strings.Join(c.References, "; ")
		md += "\n\n**References:** " + mdEscape(strings.Join(c.References, "; "))
	}
	text += "\n\nThis is an operator finding about the deployment's configuration."
	md += "\n\n_This is an operator finding about the deployment's configuration._"
	tags := []string{"security", "configuration", "cloudstack", strings.ToLower(c.Domain())}
	return sarifRule{
		ID: c.ID, Name: ruleName(c.Title),
		ShortDescription:     sarifText{Text: c.Title},
		FullDescription:      sarifText{Text: c.Rationale},
		Help:                 sarifText{Text: text, Markdown: md},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(c.Severity)},
		Properties: sarifRuleProps{Tags: tags, SecuritySeverity: SecuritySeverity[c.Severity], Precision: "high",
			Severity: c.Severity.String(), Threat: c.Threat, References: c.References},
	}
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

// ruleName is the title in PascalCase, SARIF's convention for rule names.
func ruleName(title string) string {
	var b strings.Builder
	for _, w := range nonWord.Split(title, -1) {
		if w == "" {
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func sarifResultOf(r *Report, f Finding, host string, index map[string]int) sarifResult {
	msg := f.Message
	if msg == "" {
		msg = f.Title
	}
	if f.Expected != "" || f.Actual != "" {
		msg = strings.TrimRight(msg, ".") + fmt.Sprintf(". Expected: %s; actual: %s.", orDash(f.Expected), orDash(f.Actual))
	}
	i, ok := index[f.CheckID]
	if !ok {
		i = -1
	}
	res := sarifResult{
		RuleID: f.CheckID, RuleIndex: i, Kind: "fail", Level: sarifLevel(f.Severity),
		Message:             sarifText{Text: msg},
		Locations:           []sarifLoc{locationOf(r, f, host)},
		PartialFingerprints: map[string]string{"csauditFinding/v2": f.Fingerprint},
		Properties: sarifResultProps{Severity: f.Severity.String(), Machine: f.Machine, Subject: f.Subject,
			Expected: f.Expected, Actual: f.Actual, Gating: f.Gating, Waived: f.Waived, Baseline: f.Baseline, Threat: f.Threat},
	}
	switch f.Baseline {
	case BaselineNew:
		res.BaselineState = "new"
	case BaselineExisting:
		res.BaselineState = "unchanged"
	}
	if f.Waived != nil {
		j := fmt.Sprintf("waived until %s: %s", f.Waived.Expires, f.Waived.Reason)
		if f.Waived.Owner != "" {
			j += " (owner: " + f.Waived.Owner + ")"
		}
		if f.Waived.Ticket != "" {
			j += " [" + f.Waived.Ticket + "]"
		}
		res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: j}}
	}
	return res
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func subjectOf(f Finding) string {
	if f.Machine != "" {
		return f.Machine + ": " + f.Subject
	}
	return f.Subject
}

func locationOf(r *Report, f Finding, host string) sarifLoc {
	uri := ArtifactURI(r.Target, f.Finding)
	kind := "resource"
	if f.Resource.Key != "" {
		kind = "property"
	}
	return sarifLoc{
		PhysicalLocation: &sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}, Region: sarifRegion{StartLine: 1}},
		LogicalLocations: []sarifLogical{{Name: f.Subject, FullyQualifiedName: logicalName(uri, f.Resource), Kind: kind}},
	}
}

// logicalName is the artifact URI, plus the property for a key in a file.
func logicalName(uri string, res checks.Resource) string {
	if res.Kind == checks.KindFile && res.Key != "" {
		return uri + "#" + res.Key
	}
	return uri
}

// targetHost is the host of a target such as mysql://u@db1:3306/cloud.
func targetHost(target string) string {
	if u, err := url.Parse(target); err == nil && u.Hostname() != "" {
		return slug(u.Hostname())
	}
	if s := slug(target); s != "" {
		return s
	}
	return "unknown"
}

var slugRE = regexp.MustCompile(`[^A-Za-z0-9._~]+`)

// slug keeps URI-unreserved characters and turns every other run into "-".
func slug(s string) string {
	return strings.Trim(slugRE.ReplaceAllString(s, "-"), "-")
}

// kindSegments name the path segment each resource kind is filed under.
var kindSegments = map[string]string{
	checks.KindSetting: "settings", checks.KindUser: "users", checks.KindAccount: "accounts",
	checks.KindDomain: "domains", checks.KindHost: "hosts", checks.KindListener: "listeners",
	checks.KindKeystoreRow: "keystore", checks.KindCertificate: "certificates", checks.KindCredential: "credentials",
	checks.KindVersion: "version", checks.KindAdvisory: "advisories", checks.KindLDAPServer: "ldap",
	checks.KindDatabase: "database", checks.KindDBAccount: "database-accounts", checks.KindCheck: "checks",
	checks.KindGroup: "groups",
}

// ArtifactURI is the stable, readable relative URI a finding is filed
// under in SARIF (code-scanning uploads need a physical location), built
// from the finding's resource, never from its prose:
//
//	hosts/<machine>/<path>                                 a file on a host
//	cloudstack/<target-host>/settings/<name>[/<scope>-<id>] a setting value
//	cloudstack/<target-host>/<kind>/<name>[-<id>]           other database resources
//	hosts/<machine>/<kind>/<name>[-<id>]                    other host resources
func ArtifactURI(target string, f checks.Finding) string {
	res := f.Resource
	machine := res.Machine
	if machine == "" {
		machine = f.Machine
	}
	base := "cloudstack/" + targetHost(target)
	if machine != "" {
		base = "hosts/" + url.PathEscape(machine)
	}
	if res.Path != "" {
		var segs []string
		for _, s := range strings.Split(strings.Trim(res.Path, "/"), "/") {
			if s != "" && s != "." && s != ".." {
				segs = append(segs, url.PathEscape(s))
			}
		}
		if len(segs) > 0 {
			return base + "/" + strings.Join(segs, "/")
		}
	}
	seg, ok := kindSegments[res.Kind]
	if !ok {
		seg = strings.ToLower(checkDomain(f.CheckID))
		if seg == "" {
			seg = "findings"
		}
	}
	name := slug(res.Name)
	if res.ID != 0 {
		name = strings.Trim(name+"-"+fmt.Sprint(res.ID), "-")
	}
	if name == "" {
		name = slug(f.CheckID)
	}
	if res.Kind == checks.KindHost {
		return base
	}
	p := base + "/" + seg + "/" + name
	if res.Scope != "" && res.Scope != checks.ScopeGlobal {
		p += "/" + slug(res.Scope)
		if res.ScopeID != 0 {
			p += "-" + fmt.Sprint(res.ScopeID)
		}
	}
	return p
}

func checkDomain(id string) string {
	p := strings.Split(id, "-")
	if len(p) != 3 {
		return ""
	}
	return p[1]
}

// GitHub code scanning shows at most 5,000 results per run (and rejects a
// run over 25,000) and keeps at most 1,000 locations per result.
const (
	SARIFMaxResults   = 5000
	SARIFMaxLocations = 1000
)

// sarifAggregate turns failures into one result per check and resource
// kind, highest severity first (the findings' order), each with up to
// SARIFMaxLocations locations and the count of failures it stands for.
func sarifAggregate(r *Report, fails []Finding, host string, index map[string]int) []sarifResult {
	type key struct{ check, kind string }
	var order []key
	groups := map[key][]Finding{}
	for _, f := range fails {
		k := key{f.CheckID, f.Resource.Kind}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
	}
	out := make([]sarifResult, 0, len(order))
	for _, k := range order {
		fs := groups[k]
		first := fs[0]
		i, ok := index[k.check]
		if !ok {
			i = -1
		}
		props := sarifResultProps{Severity: first.Severity.String(), Subject: fmt.Sprintf("%d %s resources", len(fs), k.kind),
			Threat: first.Threat, Count: len(fs), ResourceKind: k.kind}
		locs := make([]sarifLoc, 0, min(len(fs), SARIFMaxLocations))
		for j, f := range fs {
			if j < SARIFMaxLocations {
				locs = append(locs, locationOf(r, f, host))
			}
			if f.Gating {
				props.GatingCount++
			}
			if f.Waived != nil {
				props.WaivedCount++
			}
			if f.Baseline == BaselineNew {
				props.NewCount++
			}
		}
		props.Gating = props.GatingCount > 0
		msg := fmt.Sprintf("%s: %d failures on %s resources (aggregated: this run has more than %d failures); %d locations shown; the JSON report lists every failure. First: %s: %s",
			first.Title, len(fs), k.kind, SARIFMaxResults, len(locs), subjectOf(first), first.Message)
		res := sarifResult{RuleID: k.check, RuleIndex: i, Kind: "fail", Level: sarifLevel(first.Severity),
			Message: sarifText{Text: msg}, Locations: locs,
			PartialFingerprints: map[string]string{"csauditAggregate/v1": Fingerprint(k.check, checks.Resource{Kind: "aggregate", Name: k.kind})},
			Properties:          props}
		if props.WaivedCount == len(fs) {
			res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted",
				Justification: fmt.Sprintf("all %d failures are waived", len(fs))}}
		}
		out = append(out, res)
	}
	return out
}
