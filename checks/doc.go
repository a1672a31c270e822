package checks

import (
	"fmt"
	"strings"
)

// MarkdownTable renders the catalogue as the Markdown table kept in README.md.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| ID | Severity | Title | Threat model |\n|---|---|---|---|\n")
	for _, c := range Registry {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.ID, c.Severity, c.Title, strings.Join(c.Threat, ", "))
	}
	return b.String()
}
