package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/checks"
)

func TestInlineCode(t *testing.T) {
	for in, want := range map[string]string{
		"run `cmk update configuration name=x value=<y>` now": "run <code>cmk update configuration name=x value=&lt;y&gt;</code> now",
		"no code <b>":     "no code &lt;b&gt;",
		"unpaired ` tick": "unpaired ` tick",
		"`a` and `b & c`": "<code>a</code> and <code>b &amp; c</code>",
	} {
		if got := string(inlineCode(in)); got != want {
			t.Errorf("inlineCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHTMLFixBesideFindingAndCards(t *testing.T) {
	s, fs := sample()
	var sel []*checks.Check
	for _, id := range []string{"CS-API-001", "CS-API-002"} {
		c, _ := checks.Lookup(id)
		sel = append(sel, c)
	}
	r := Build(s, fs, Options{Selected: sel})
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`<details class="fix"><summary>how to fix</summary><p>Set integration.api.port=0`,
		"<code>cmk update configuration name=integration.api.port value=0</code>",
		`<div class="card" data-filter="fail">`, `<div class="card" data-filter="gating">`,
		`<section id="compliance">`, "@page{size:A4",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(out, "`cmk update") {
		t.Error("HTML shows Markdown backticks literally")
	}
}
