package probe

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/probe.sh")

// TestGeneratedScriptGolden pins the script that actually runs (probe.sh
// with the generated path list) so reviewers see every change to it.
func TestGeneratedScriptGolden(t *testing.T) {
	golden := filepath.Join("..", "..", "testdata", "golden", "probe.sh")
	if *update {
		if err := os.WriteFile(golden, []byte(Script), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./collectors/probe/ -run Golden -update)", err)
	}
	if string(want) != Script {
		t.Fatal("the generated probe script differs from testdata/golden/probe.sh; review and rerun with -update")
	}
	if strings.Contains(Script, "#@") {
		t.Fatal("a marker was left unreplaced")
	}
}

// TestEveryTablePathInScript: each contract row has its probe call and
// its audited-path pattern in the generated script, once.
func TestEveryTablePathInScript(t *testing.T) {
	for _, p := range snapshot.ProbedPaths {
		arg := "'" + p.Path + "'"
		if strings.HasPrefix(p.Path, snapshot.CloudHome) {
			arg = `"$CH"`
			if rest := strings.TrimPrefix(p.Path, snapshot.CloudHome); rest != "" {
				arg += "'" + rest + "'"
			}
		}
		call := op(p) + " " + arg + "\n"
		if p.IsGlob() {
			call = "gl " + call
		}
		if n := strings.Count(Script, "\t"+call); n != 1 {
			t.Errorf("%s: probe call %q appears %d times in the script", p.Path, strings.TrimSpace(call), n)
		}
	}
}

func TestTableIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range snapshot.ProbedPaths {
		if seen[p.Path] {
			t.Errorf("%s listed twice", p.Path)
		}
		seen[p.Path] = true
		if p.Collect&snapshot.CollectContent != 0 && p.Parser == snapshot.ParseNone {
			t.Errorf("%s: content collected without a parser", p.Path)
		}
		if p.Collect&snapshot.CollectContent == 0 && p.Parser != snapshot.ParseNone {
			t.Errorf("%s: a parser without content", p.Path)
		}
		if p.Collect&(snapshot.CollectKey|snapshot.CollectSecret) != 0 && !p.Secret {
			t.Errorf("%s: key or secret facts must be marked Secret", p.Path)
		}
	}
}
