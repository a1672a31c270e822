package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/csaudit/csaudit/collectors"
)

// The orchestrator examples under deploy/ parse as YAML, and every csaudit
// command in them parses with csaudit's real flag sets (audit and merge),
// with a valid --shard once the orchestrator's variables are filled in.

// deployVars stand for what the orchestrator fills in.
var deployVars = []struct{ re, with string }{
	{`\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)`, "3"},
	{`\$SHARDS`, "8"},
	{`\{\{ shard \}\}`, "2"},
	{`\{\{ shards \}\}`, "4"},
}

func fill(s string) string {
	for _, v := range deployVars {
		s = regexp.MustCompile(v.re).ReplaceAllString(s, v.with)
	}
	return s
}

// shellWords splits a /bin/sh command line into words: blanks separate,
// quotes group, and ';' ends a command.
func shellWords(s string) [][]string {
	var cmds [][]string
	var cur []string
	var w strings.Builder
	in := false
	var q rune
	flush := func() {
		if in {
			cur = append(cur, w.String())
			w.Reset()
			in = false
		}
	}
	for _, r := range s {
		switch {
		case q != 0 && r == q:
			q = 0
		case q != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			q, in = r, true
		case r == ';':
			flush()
			cmds = append(cmds, cur)
			cur = nil
		case r == ' ' || r == '\t' || r == '\n':
			flush()
		default:
			w.WriteRune(r)
			in = true
		}
	}
	flush()
	return append(cmds, cur)
}

// collectCommands walks a YAML document for csaudit command lines: k8s
// container args run by /bin/sh -c, Ansible command argv lists and shell
// strings.
func collectCommands(n *yaml.Node, out *[][]string) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			switch {
			case k == "argv" && v.Kind == yaml.SequenceNode:
				var argv []string
				for _, a := range v.Content {
					argv = append(argv, fill(a.Value))
				}
				*out = append(*out, argv)
				continue
			case (k == "ansible.builtin.shell" || k == "args") && v.Kind == yaml.ScalarNode:
				*out = append(*out, shellWords(fill(v.Value))...)
				continue
			case k == "args" && v.Kind == yaml.SequenceNode:
				for _, a := range v.Content {
					*out = append(*out, shellWords(fill(a.Value))...)
				}
				continue
			}
			collectCommands(v, out)
		}
		return
	}
	for _, c := range n.Content {
		collectCommands(c, out)
	}
}

func TestDeployExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "deploy", "*", "*.y*ml"))
	if err != nil || len(files) < 2 {
		t.Fatalf("deploy examples: %v %v", files, err)
	}
	e := env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, now: time.Now}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		var cmds [][]string
		docs := 0
		for {
			var n yaml.Node
			if err := dec.Decode(&n); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			docs++
			collectCommands(&n, &cmds)
		}
		audits, merges := 0, 0
		scratch := t.TempDir()
		for _, c := range cmds {
			if len(c) == 0 || c[0] != "csaudit" {
				continue
			}
			args := c[1:]
			if len(args) > 0 && args[0] == "merge" {
				merges++
				if _, _, err := parseMerge(args[1:], e); err != nil {
					t.Errorf("%s: csaudit %s: %v", f, strings.Join(args, " "), err)
				}
				continue
			}
			audits++
			// Output paths are checked before any connection: point them
			// into a scratch tree that has the examples' directories.
			args = slices.Clone(args)
			for i := 0; i+1 < len(args); i++ {
				switch args[i] {
				case "-o", "--output", "--save-snapshot":
					args[i+1] = filepath.Join(scratch, args[i+1])
					if err := os.MkdirAll(filepath.Dir(args[i+1]), 0o755); err != nil {
						t.Fatal(err)
					}
				case "--output-dir":
					args[i+1] = filepath.Join(scratch, args[i+1])
				}
			}
			p, _, err := parseAudit(args, e)
			if err != nil {
				t.Errorf("%s: csaudit %s: %v", f, strings.Join(args, " "), err)
				continue
			}
			if p.h.shard == "" {
				t.Errorf("%s: the audit command does not shard: %v", f, args)
			} else if _, err := collectors.ParseShard(p.h.shard); err != nil {
				t.Errorf("%s: %v", f, err)
			}
			if !p.h.discover && len(p.h.ssh) == 0 && p.h.sshHosts == "" {
				t.Errorf("%s: the audit command names no hosts: %v", f, args)
			}
			if p.o.format != "json" {
				t.Errorf("%s: shard reports must be --format json (merge reads them), got %q", f, p.o.format)
			}
		}
		if audits != 1 || merges != 1 {
			t.Errorf("%s: %d audit and %d merge commands, want one of each (documents: %d)", f, audits, merges, docs)
		}
	}
}
