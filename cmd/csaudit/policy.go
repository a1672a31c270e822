package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/probe"
	"github.com/csaudit/csaudit/reports"
)

// Site policy files (--policy, 'csaudit policy lint') and the config file
// (--config). Both are YAML, validated with line numbers like waivers.

const policyHint = "'csaudit policy lint FILE' checks a policy file; README.md, section 'Site policy and config file', shows the format"

var (
	siteIDRE   = regexp.MustCompile(`^SITE-[0-9]{3}$`)
	octalRE    = regexp.MustCompile(`^0?[0-7]{3}$`)
	policyKeys = []string{"id", "title", "severity", "rationale", "remediation", "setting", "file"}
	settingKey = []string{"name", "scope", "scope_id", "equals", "not_equals"}
	fileKeys   = []string{"path", "role", "max_mode", "owner", "group", "key", "equals", "not_equals"}
	scopes     = []string{"global", "zone", "cluster", "domain", "account", "storagepool", "imagestore"}
)

type problems []reports.Problem

func (p *problems) add(line int, f string, a ...any) {
	*p = append(*p, reports.Problem{Line: line, Msg: fmt.Sprintf(f, a...)})
}

// yamlRoot decodes one YAML document and returns its top-level mapping.
func yamlRoot(data []byte, what string, ps *problems) *yaml.Node {
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			ps.add(0, "the file is empty: expected %s", what)
		} else {
			ps.add(0, "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		return nil
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		ps.add(root.Line, "expected %s", what)
		return nil
	}
	return root
}

// fields checks a mapping's keys against known ones and returns the
// values by key.
func fields(n *yaml.Node, known []string, what string, ps *problems) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		ps.add(n.Line, "%s must be a mapping", what)
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(known, k.Value):
			ps.add(k.Line, "%s: unknown key %q (known: %s)", what, k.Value, strings.Join(known, ", "))
		case out[k.Value] != nil:
			ps.add(k.Line, "%s: %s is given twice", what, k.Value)
		default:
			out[k.Value] = v
		}
	}
	return out
}

func scalar(v *yaml.Node, key string, ps *problems) string {
	if v == nil {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		ps.add(v.Line, "%s must be a single value", key)
		return ""
	}
	return v.Value
}

func list(v *yaml.Node, key string, ps *problems) []string {
	if v == nil {
		return nil
	}
	if v.Kind == yaml.ScalarNode {
		return []string{v.Value}
	}
	if v.Kind != yaml.SequenceNode {
		ps.add(v.Line, "%s must be a value or a list of values", key)
		return nil
	}
	var out []string
	for _, x := range v.Content {
		out = append(out, scalar(x, key, ps))
	}
	return out
}

// parsePolicy reads a policy file: a top-level 'checks:' list of rules.
func parsePolicy(data []byte) ([]checks.PolicyRule, problems) {
	var ps problems
	root := yamlRoot(data, "a mapping with a 'checks:' list at the top level", &ps)
	if root == nil {
		return nil, ps
	}
	top := fields(root, []string{"checks"}, "policy file", &ps)
	lst := top["checks"]
	if lst == nil || lst.Kind != yaml.SequenceNode {
		ps.add(root.Line, "no 'checks:' list")
		return nil, ps
	}
	var rules []checks.PolicyRule
	seen := map[string]int{}
	for _, item := range lst.Content {
		f := fields(item, policyKeys, "check", &ps)
		r := checks.PolicyRule{ID: scalar(f["id"], "id", &ps), Title: scalar(f["title"], "title", &ps),
			Rationale: scalar(f["rationale"], "rationale", &ps), Remediation: scalar(f["remediation"], "remediation", &ps)}
		switch {
		case r.ID == "":
			ps.add(item.Line, "check has no id (SITE-NNN)")
		case !siteIDRE.MatchString(r.ID):
			ps.add(f["id"].Line, "id %q: site checks are SITE-NNN (three digits), e.g. SITE-001", r.ID)
		case seen[r.ID] > 0:
			ps.add(f["id"].Line, "id %s is used twice (first on line %d)", r.ID, seen[r.ID])
		default:
			seen[r.ID] = f["id"].Line
		}
		if r.Title == "" {
			ps.add(item.Line, "%s: title is missing", r.ID)
		}
		if r.Remediation == "" {
			ps.add(item.Line, "%s: remediation is missing (say how to fix it)", r.ID)
		}
		if sev := scalar(f["severity"], "severity", &ps); sev == "" {
			ps.add(item.Line, "%s: severity is missing", r.ID)
		} else if s, err := checks.ParseSeverity(sev); err != nil {
			ps.add(f["severity"].Line, "%s: %v", r.ID, err)
		} else {
			r.Severity = s
		}
		switch {
		case f["setting"] != nil && f["file"] != nil:
			ps.add(item.Line, "%s: give either setting or file, not both", r.ID)
		case f["setting"] != nil:
			r.Setting = parseSettingExpect(f["setting"], r.ID, &ps)
		case f["file"] != nil:
			r.File = parseFileExpect(f["file"], r.ID, &ps)
		default:
			ps.add(item.Line, "%s: no expectation: give setting: or file:", r.ID)
		}
		rules = append(rules, r)
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	return rules, ps
}

func parseSettingExpect(n *yaml.Node, id string, ps *problems) *checks.SettingExpect {
	f := fields(n, settingKey, id+" setting", ps)
	e := &checks.SettingExpect{Name: scalar(f["name"], "name", ps), Scope: scalar(f["scope"], "scope", ps),
		Equals: list(f["equals"], "equals", ps), NotEquals: list(f["not_equals"], "not_equals", ps)}
	if e.Name == "" {
		ps.add(n.Line, "%s: setting needs a name", id)
	}
	if e.Scope == "" {
		e.Scope = checks.ScopeGlobal
	} else if !slices.Contains(scopes, e.Scope) {
		ps.add(f["scope"].Line, "%s: unknown scope %q (known: %s)", id, e.Scope, strings.Join(scopes, ", "))
	}
	if v := scalar(f["scope_id"], "scope_id", ps); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || e.Scope == checks.ScopeGlobal {
			ps.add(f["scope_id"].Line, "%s: scope_id must be a positive database id, with a scope other than global", id)
		}
		e.ScopeID = n
	}
	if len(e.Equals) == 0 && len(e.NotEquals) == 0 {
		ps.add(n.Line, "%s: setting needs equals or not_equals", id)
	}
	return e
}

func parseFileExpect(n *yaml.Node, id string, ps *problems) *checks.FileExpect {
	f := fields(n, fileKeys, id+" file", ps)
	e := &checks.FileExpect{Path: scalar(f["path"], "path", ps), Role: scalar(f["role"], "role", ps),
		MaxMode: scalar(f["max_mode"], "max_mode", ps), Owner: scalar(f["owner"], "owner", ps), Group: scalar(f["group"], "group", ps),
		Key: scalar(f["key"], "key", ps), Equals: list(f["equals"], "equals", ps), NotEquals: list(f["not_equals"], "not_equals", ps)}
	switch {
	case e.Path == "":
		ps.add(n.Line, "%s: file needs a path", id)
	case !strings.HasPrefix(e.Path, "/") && !strings.HasPrefix(e.Path, "~cloud/"):
		ps.add(f["path"].Line, "%s: path %q must be absolute", id, e.Path)
	case !probed(e.Path):
		ps.add(f["path"].Line, "%s: the probe does not collect %s; site checks can judge only the files csaudit probes", id, e.Path)
	}
	if e.MaxMode != "" && !octalRE.MatchString(e.MaxMode) {
		ps.add(f["max_mode"].Line, "%s: max_mode %q is not an octal mode such as 0640", id, e.MaxMode)
	}
	if e.MaxMode != "" && len(e.MaxMode) == 3 {
		e.MaxMode = "0" + e.MaxMode
	}
	hasStat := e.MaxMode != "" || e.Owner != "" || e.Group != ""
	hasKey := e.Key != ""
	switch {
	case hasStat && hasKey:
		ps.add(n.Line, "%s: judge either the file's mode/owner/group or a key's value, not both", id)
	case hasKey && len(e.Equals) == 0 && len(e.NotEquals) == 0:
		ps.add(n.Line, "%s: key needs equals or not_equals", id)
	case !hasKey && (len(e.Equals) > 0 || len(e.NotEquals) > 0):
		ps.add(n.Line, "%s: equals/not_equals need a key", id)
	case !hasStat && !hasKey:
		ps.add(n.Line, "%s: file needs max_mode, owner, group, or key with equals", id)
	}
	return e
}

// probed reports whether the probe script names the path (or, for paths
// it builds in a loop, its directory and its file name).
func probed(path string) bool {
	p := strings.TrimPrefix(path, "~cloud/")
	if strings.Contains(probe.Script, p) {
		return true
	}
	i := strings.LastIndexByte(p, '/')
	return i > 0 && strings.Contains(probe.Script, p[:i]) && regexp.MustCompile(`\b`+regexp.QuoteMeta(p[i+1:])+`\b`).MatchString(probe.Script)
}

// loadPolicy reads --policy into checks.
func loadPolicy(path string) ([]*checks.Check, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr(policyHint, "--policy: %v", err)
	}
	rules, ps := parsePolicy(data)
	if len(ps) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "--policy %s is invalid (%d problem(s)):", path, len(ps))
		for _, p := range ps {
			b.WriteString("\n    " + problemLine(path, p))
		}
		return nil, usageErr(policyHint, "%s", b.String())
	}
	out := make([]*checks.Check, 0, len(rules))
	for _, r := range rules {
		out = append(out, checks.PolicyCheck(r))
	}
	return out, nil
}

// cmdPolicy is 'csaudit policy lint FILE': exit 0 when valid, 2 otherwise.
func cmdPolicy(args []string, e env) error {
	const use = "usage: csaudit policy lint FILE"
	if len(args) == 0 || args[0] != "lint" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stdout, use)
			return nil
		}
		return usageErr(use, "policy needs the subcommand lint")
	}
	if len(args) != 2 {
		return usageErr(use, "policy lint takes exactly one file")
	}
	path := args[1]
	data, err := os.ReadFile(path) // #nosec G703 -- the operator names the file to lint, read with their own rights
	if err != nil {
		return usageErr("", "policy lint: %v", err)
	}
	rules, ps := parsePolicy(data)
	for _, p := range ps {
		fmt.Fprintln(e.stdout, problemLine(path, p))
	}
	if len(ps) > 0 {
		return usageErr("", "%s: %d problem(s) in %d check(s)", path, len(ps), len(rules))
	}
	fmt.Fprintf(e.stdout, "%s: %d site check(s), no problems\n", path, len(rules))
	return nil
}

// applyConfig sets, from a --config file, every flag the command line did
// not set: the file is a mapping of flag names (without --) to values or
// lists of values.
func applyConfig(fs *pflag.FlagSet, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return usageErr("", "--config: %v", err)
	}
	var ps problems
	root := yamlRoot(data, "a mapping of flag names to values", &ps)
	type setting struct {
		name string
		vals []string
		line int
	}
	var sets []setting
	if root != nil {
		seen := map[string]bool{}
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			f := fs.Lookup(k.Value)
			switch {
			case k.Value == "config":
				ps.add(k.Line, "config cannot name another config file")
			case f == nil:
				ps.add(k.Line, "unknown flag %q (a key is a flag name without --, e.g. fail-on)", k.Value)
			case seen[k.Value]:
				ps.add(k.Line, "%s is given twice", k.Value)
			default:
				seen[k.Value] = true
				sets = append(sets, setting{k.Value, list(v, k.Value, &ps), k.Line})
			}
		}
	}
	for _, s := range sets {
		if fs.Changed(s.name) {
			continue // the command line overrides the file
		}
		for _, v := range s.vals {
			if err := fs.Set(s.name, v); err != nil {
				ps.add(s.line, "%s: %v", s.name, err)
			}
		}
	}
	if len(ps) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "--config %s is invalid (%d problem(s)):", path, len(ps))
		for _, p := range ps {
			b.WriteString("\n    " + problemLine(path, p))
		}
		return usageErr("the file maps flag names to values, e.g. 'fail-on: high' or 'checks: [CS-API, CS-AUTH]'", "%s", b.String())
	}
	return nil
}
