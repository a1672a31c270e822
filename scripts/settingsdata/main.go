// Command settingsdata compacts the shared CloudStack settings table
// (cloudstack-settings.json: every global setting per release, extracted
// from apache/cloudstack at the release commits) into the subset csaudit
// embeds in checks/data/cloudstack-settings.json. It keeps, per setting,
// what the checks and their tests rely on, and the table's provenance.
//
//	go run ./scripts/settingsdata /work/shared/data/cloudstack-settings.json > checks/data/cloudstack-settings.json
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

type full struct {
	Source struct {
		Repo        string            `json:"repo"`
		Commits     map[string]string `json:"commits"`
		HeadVersion string            `json:"head_version"`
		Generated   string            `json:"generated"`
		Extractor   string            `json:"extractor"`
	} `json:"source"`
	ReleaseOrder []string `json:"release_order"`
	Settings     []struct {
		Name       string                                `json:"name"`
		DeclaredIn string                                `json:"declared_in"`
		Kind       string                                `json:"kind"`
		Category   string                                `json:"category"`
		Type       *string                               `json:"type"`
		Scope      []string                              `json:"scope"`
		Dynamic    *bool                                 `json:"dynamic"`
		First      string                                `json:"first_release"`
		Last       string                                `json:"last_release"`
		AbsentIn   []string                              `json:"absent_in"`
		Defaults   map[string]*string                    `json:"default_by_release"`
		Changes    map[string]map[string]json.RawMessage `json:"changes_by_release"`
		FirstStart map[string]struct {
			Value *string `json:"value"`
		} `json:"first_start_value_by_release"`
	} `json:"settings"`
}

// Setting is one compacted row; field names are documented in checks/data/README.md.
type Setting struct {
	Name       string              `json:"name"`
	Kind       string              `json:"kind"`
	Category   string              `json:"category"`
	Type       string              `json:"type,omitempty"`
	First      string              `json:"first"`
	Last       string              `json:"last"`
	AbsentIn   []string            `json:"absent_in,omitempty"`
	Defaults   map[string]*string  `json:"default"`
	Scopes     map[string][]string `json:"scope"`
	Categories map[string]string   `json:"category_changes,omitempty"`
	Dynamic    *bool               `json:"dynamic,omitempty"`
	DeclaredIn string              `json:"declared_in"`
	FirstStart map[string]*string  `json:"first_start,omitempty"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: settingsdata cloudstack-settings.json")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var f full
	if err := json.Unmarshal(b, &f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var out []Setting
	for _, s := range f.Settings {
		c := Setting{Name: s.Name, Kind: s.Kind, Category: s.Category, First: s.First, Last: s.Last,
			AbsentIn: s.AbsentIn, Defaults: s.Defaults, Dynamic: s.Dynamic, DeclaredIn: s.DeclaredIn,
			Scopes: map[string][]string{}}
		if s.Type != nil {
			c.Type = *s.Type
		}
		if raw, ok := s.Changes["scope"]; ok {
			for rel, v := range raw {
				var sc []string
				_ = json.Unmarshal(v, &sc) // null: no scope column value (sql-only row)
				c.Scopes[rel] = sc
			}
		} else {
			c.Scopes[s.First] = s.Scope
		}
		if raw, ok := s.Changes["category"]; ok {
			c.Categories = map[string]string{}
			for rel, v := range raw {
				var cat string
				_ = json.Unmarshal(v, &cat)
				c.Categories[rel] = cat
			}
		}
		if len(s.FirstStart) > 0 {
			c.FirstStart = map[string]*string{}
			for rel, v := range s.FirstStart {
				c.FirstStart[rel] = v.Value
			}
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	var w bytes.Buffer
	src, _ := json.Marshal(map[string]any{
		"repo": f.Source.Repo, "commits": f.Source.Commits, "head_version": f.Source.HeadVersion,
		"generated": f.Source.Generated, "extractor": f.Source.Extractor,
		"compacted_by": "scripts/settingsdata (csaudit); see checks/data/README.md",
	})
	rel, _ := json.Marshal(f.ReleaseOrder)
	fmt.Fprintf(&w, "{\n\"source\": %s,\n\"release_order\": %s,\n\"settings\": [\n", src, rel)
	for i, s := range out {
		line, err := json.Marshal(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		sep := ","
		if i == len(out)-1 {
			sep = ""
		}
		fmt.Fprintf(&w, "%s%s\n", line, sep)
	}
	w.WriteString("]\n}\n")
	os.Stdout.Write(w.Bytes())
}
