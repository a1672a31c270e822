package parse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/magiconair/properties"
)

// Properties parses a Java .properties file (db.properties,
// server.properties, agent.properties) without ${} expansion. Errors never
// quote the content, which may hold secrets.
func Properties(b []byte) (map[string]string, error) {
	l := &properties.Loader{Encoding: properties.UTF8, DisableExpansion: true}
	p, err := l.LoadBytes(b)
	if err != nil {
		return nil, errors.New("malformed .properties content")
	}
	out := make(map[string]string, p.Len())
	for _, k := range p.Keys() {
		v, _ := p.Get(k)
		out[k] = v
	}
	return out, nil
}

// KeyValue parses "key = value" files: libvirtd.conf and qemu.conf
// (quoted strings, numbers, # comments), shell environment files
// (KEY=value, optional export) and their quoting. Lists ([...]) are kept as
// text. Lines that are neither are reported by number only.
func KeyValue(b []byte) (map[string]string, []string) {
	out := map[string]string{}
	var bad []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" || strings.ContainsAny(k, " \t\"'") {
			bad = append(bad, fmt.Sprintf("line %d", n))
			continue
		}
		out[k] = unquote(stripComment(strings.TrimSpace(v)))
	}
	return out, bad
}

// INI parses my.cnf-style files into "section.key" entries; keys without a
// value (skip-name-resolve) map to "". !include lines are ignored.
func INI(b []byte) map[string]string {
	out := map[string]string{}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "", strings.HasPrefix(line, "#"), strings.HasPrefix(line, ";"), strings.HasPrefix(line, "!"):
			continue
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.ToLower(strings.TrimSpace(line[1 : len(line)-1]))
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		k = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(k)), "_", "-")
		out[section+"."+k] = unquote(stripComment(strings.TrimSpace(v)))
	}
	return out
}

func stripComment(v string) string {
	if strings.HasPrefix(v, "\"") || strings.HasPrefix(v, "'") {
		q := v[0]
		if i := strings.IndexByte(v[1:], q); i >= 0 {
			return v[:i+2]
		}
		return v
	}
	if i := strings.Index(v, " #"); i >= 0 {
		return strings.TrimSpace(v[:i])
	}
	return v
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}
