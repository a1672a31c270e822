package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/checks"
)

// The catalogue commands: csaudit checks and csaudit explain.

func cmdChecks(args []string, e env) error {
	fs := newFlagSet("checks", e)
	format := fs.StringP("format", "f", "table", "")
	if help, err := parseFlags(fs, args, e); help || err != nil {
		return err
	}
	if err := noArgs("checks", fs.Args()); err != nil {
		return err
	}
	switch *format {
	case "table":
		for _, c := range checks.Registry {
			fmt.Fprintf(e.stdout, "%-12s %-8s %s [%s]\n", c.ID, c.Severity, c.Title, strings.Join(c.Threat, ", "))
		}
		return nil
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(catalogue())
	case "markdown":
		fmt.Fprint(e.stdout, checks.MarkdownTable())
		return nil
	}
	return usageErr("formats: table, json, markdown", "checks --format: unknown format %q", *format)
}

type checkDoc struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Severity    string   `json:"severity"`
	Domain      string   `json:"domain"`
	Threat      []string `json:"threat"`
	Rationale   string   `json:"rationale"`
	Remediation string   `json:"remediation"`
	References  []string `json:"references"`
	Requires    []string `json:"requires"`
	Since       string   `json:"since,omitempty"`
	// Settings and Files are the configuration names and probed paths the
	// check reads (held to the settings table and the probe by tests).
	Settings []string `json:"settings,omitempty"`
	Files    []string `json:"files,omitempty"`
	// Compliance maps framework IDs to the controls the check evidences.
	Compliance checks.Mapping `json:"compliance"`
}

func docOf(c *checks.Check) checkDoc {
	d := checkDoc{ID: c.ID, Title: c.Title, Severity: c.Severity.String(), Domain: c.Domain(), Threat: c.Threat,
		Rationale: c.Rationale, Remediation: c.Remediation, References: c.References, Since: c.Since,
		Compliance: checks.Compliance(c.ID), Settings: c.Settings, Files: c.Files}
	for _, r := range c.Requires {
		d.Requires = append(d.Requires, string(r))
	}
	return d
}

func catalogue() []checkDoc {
	out := make([]checkDoc, 0, len(checks.Registry))
	for _, c := range checks.Registry {
		out = append(out, docOf(c))
	}
	return out
}

func cmdExplain(args []string, e env) error {
	if len(args) != 1 {
		return usageErr("for example: csaudit explain CS-API-001", "explain takes exactly one check ID")
	}
	c, ok := checks.Lookup(args[0])
	if !ok {
		return usageErr("'csaudit checks' lists the IDs", "unknown check %q", args[0])
	}
	d := docOf(c)
	fmt.Fprintf(e.stdout, "%s  %s\n\n", d.ID, d.Title)
	fmt.Fprintf(e.stdout, "Severity:     %s\nThreat model: %s\nNeeds:        %s\n", d.Severity, strings.Join(d.Threat, ", "), strings.Join(d.Requires, ", "))
	if d.Since != "" {
		fmt.Fprintf(e.stdout, "Applies from: CloudStack %s\n", d.Since)
	}
	fmt.Fprintf(e.stdout, "\nWhy it matters:\n%s\n\nHow to fix:\n%s\n", indent(c.Rationale), indent(c.Remediation))
	if len(d.References) > 0 {
		fmt.Fprintf(e.stdout, "\nReferences:\n")
		for _, r := range d.References {
			fmt.Fprintf(e.stdout, "    %s\n", r)
		}
	}
	return nil
}

func indent(s string) string {
	var b strings.Builder
	line := "   "
	for _, w := range strings.Fields(s) {
		if len(line)+1+len(w) > 92 {
			b.WriteString(line + "\n")
			line = "   "
		}
		line += " " + w
	}
	b.WriteString(line)
	return b.String()
}
