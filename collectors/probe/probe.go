// Package probe holds csaudit's one fixed host probe (probe.sh, a reviewed
// read-only POSIX shell script) and the strict parser of its output. The
// same script runs over SSH and locally; its output is reduced to facts
// here, so secret file contents never reach the snapshot.
package probe

import (
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// template is probe.sh with its #@ markers; Script is what runs.
//
//go:embed probe.sh
var template string

// Script is the probe, sent as one command's standard input to /bin/sh -s:
// probe.sh with the path list generated from snapshot.ProbedPaths.
var Script = Generate(template, snapshot.ProbedPaths)

// safePath is what a ProbedPaths entry may contain, so that it can be
// single-quoted into the script as is.
var safePath = regexp.MustCompile(`^(/|~cloud)[A-Za-z0-9._/*+-]*$`)

// op is the probe function that collects what an entry asks for.
func op(p snapshot.ProbedPath) string {
	switch {
	case p.Collect&snapshot.CollectSecret != 0:
		return "sf"
	case p.Collect&snapshot.CollectKey != 0:
		return "kf"
	case p.Collect&(snapshot.CollectContent|snapshot.CollectCert) != 0 && p.Secret:
		return "cs"
	case p.Collect&(snapshot.CollectContent|snapshot.CollectCert) != 0:
		return "ct"
	case p.Dir:
		return "sd"
	default:
		return "sa"
	}
}

// Generate fills the markers of the probe template from the table: the
// probe calls (#@PATHS, #@CLOUDHOME for "~cloud/..." entries), the
// audited-path patterns (#@AUDITED, #@AUDITEDHOME) and the glob cap.
// It panics on a path that is not safe to quote (a programming error).
func Generate(tmpl string, paths []snapshot.ProbedPath) string {
	var calls, home, aud, audHome []string
	for _, p := range paths {
		if !safePath.MatchString(p.Path) || strings.Contains(p.Path, "/../") {
			panic("probe: unsafe ProbedPaths entry " + p.Path)
		}
		arg := "'" + p.Path + "'"
		pat := "'" + p.Path + "'"
		if p.IsGlob() {
			dir, base, _ := strings.Cut(p.Path, "/*")
			pat = "'" + dir + "'/*" + base
		}
		inHome := p.Path == snapshot.CloudHome || strings.HasPrefix(p.Path, snapshot.CloudHome+"/")
		if inHome {
			rest := strings.TrimPrefix(p.Path, snapshot.CloudHome)
			arg = `"$CH"` + quoteRest(rest)
			pat = `"$CH"` + quoteRest(rest)
			if p.IsGlob() {
				dir, base, _ := strings.Cut(rest, "/*")
				pat = `"$CH"` + quoteRest(dir) + "/*" + base
			}
		}
		call := op(p) + " " + arg
		if p.IsGlob() {
			call = "gl " + op(p) + " " + arg
		}
		if inHome {
			home = append(home, call)
			audHome = append(audHome, pat)
		} else {
			calls = append(calls, call)
			aud = append(aud, pat)
		}
	}
	caseArm := func(pats []string) string {
		if len(pats) == 0 {
			return "''/nothing) return 0 ;;"
		}
		return strings.Join(pats, " | ") + ") return 0 ;;"
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(tmpl, "\n") {
		body := strings.TrimLeft(line, "\t")
		indent := line[:len(line)-len(body)]
		var repl []string
		switch strings.TrimRight(body, "\n") {
		case "#@PATHS":
			repl = calls
		case "#@CLOUDHOME":
			repl = home
		case "#@AUDITED":
			repl = []string{caseArm(aud)}
		case "#@AUDITEDHOME":
			repl = []string{caseArm(audHome)}
		default:
			b.WriteString(strings.Replace(line, "#@GLOBCAP", strconv.Itoa(snapshot.GlobCap), 1))
			continue
		}
		for _, r := range repl {
			b.WriteString(indent + r + "\n")
		}
	}
	return b.String()
}

func quoteRest(rest string) string {
	if rest == "" {
		return ""
	}
	return "'" + rest + "'"
}

// Version is the output format this parser reads.
const Version = 1

// Modes of the probe.
const (
	ModeAudit   = "audit"
	ModeDBProps = "dbprops"
)

// MaxOutput bounds the probe output read from a host.
const MaxOutput = 16 << 20

var rootRE = regexp.MustCompile(`^/([A-Za-z0-9._+-]+(/[A-Za-z0-9._+-]+)*)?/?$`)

// ValidRoot checks a --root directory: absolute, plain characters, no "..".
// It is passed to the script as an argument, never spliced into it.
func ValidRoot(root string) error {
	if !rootRE.MatchString(root) {
		return fmt.Errorf("root %q must be an absolute path of letters, digits and ._+-", root)
	}
	for _, p := range strings.Split(root, "/") {
		if p == ".." || p == "." {
			return fmt.Errorf("root %q must not contain . or .. components", root)
		}
	}
	return nil
}

// Command is the remote command line: the script arrives on standard input;
// root and mode are validated constants of this run, single-quoted.
func Command(root, mode string, sudo bool) (string, error) {
	if err := ValidRoot(root); err != nil {
		return "", err
	}
	if mode != ModeAudit && mode != ModeDBProps {
		return "", fmt.Errorf("unknown probe mode %q", mode)
	}
	cmd := "/bin/sh -s -- '" + root + "' '" + mode + "'"
	if sudo {
		cmd = "sudo -n " + cmd
	}
	return cmd, nil
}

// Record is one line of probe output.
type Record struct {
	Type   string
	Path   string
	Fields []string
	Line   int
}

// Output is a parsed probe run.
type Output struct {
	Records []Record
	// Warnings are records that could not be read; the rest still counts.
	Warnings []string
}

// fieldCount is the number of fields after type and path per record type
// (-1: variable, checked by the reducer).
var fieldCount = map[string]int{
	"S": 7, "T": -1, "N": 0, "E": 1, "C": 2, "K": 2, "V": 2, "U": 3, "W": 1, "L": 0, "LX": 0,
}

// ErrNoProbeOutput means the markers were not found at all.
var ErrNoProbeOutput = errors.New("no csaudit probe output found (is /bin/sh available, or did sudo ask for a password?)")

// short bounds host text quoted in an error: a hostile host must not be
// able to make an error line of any length.
func short(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

// Parse reads probe output. Anything before the begin marker and after the
// end marker (banners, MOTD, shell rc noise) is ignored; between them every
// line must be a well-formed record, and the end marker's count must match,
// so a truncated or tampered stream is an error, never a shorter clean list.
func Parse(b []byte) (*Output, error) {
	lines := strings.Split(string(b), "\n")
	start := -1
	for i, l := range lines {
		l = strings.TrimRight(l, "\r")
		if strings.HasPrefix(l, "CSAUDIT-PROBE-ERROR ") {
			return nil, fmt.Errorf("probe refused to run: %s", short(strings.TrimPrefix(l, "CSAUDIT-PROBE-ERROR ")))
		}
		if strings.HasPrefix(l, "CSAUDIT-PROBE-BEGIN ") {
			v := strings.TrimPrefix(l, "CSAUDIT-PROBE-BEGIN ")
			if v != strconv.Itoa(Version) {
				return nil, fmt.Errorf("probe output format %q, this csaudit reads %d", short(v), Version)
			}
			start = i + 1
			break
		}
	}
	if start < 0 {
		return nil, ErrNoProbeOutput
	}
	out := &Output{}
	for i := start; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r")
		if strings.HasPrefix(l, "CSAUDIT-PROBE-END ") {
			f := strings.Fields(strings.TrimPrefix(l, "CSAUDIT-PROBE-END "))
			if len(f) != 2 || f[0] != strconv.Itoa(Version) {
				return nil, fmt.Errorf("malformed end marker on line %d", i+1)
			}
			n, err := strconv.Atoi(f[1])
			if err != nil || n != len(out.Records)+len(out.Warnings) {
				return nil, fmt.Errorf("probe output incomplete: end marker counts %q records, %d received", short(f[1]), len(out.Records)+len(out.Warnings))
			}
			return out, nil
		}
		f := strings.Split(l, "\t")
		want, known := fieldCount[f[0]]
		switch {
		case !known:
			out.Warnings = append(out.Warnings, fmt.Sprintf("line %d: unknown record type", i+1))
			continue
		case f[0] == "L" || f[0] == "LX":
			if len(f) != 2 {
				out.Warnings = append(out.Warnings, fmt.Sprintf("line %d: malformed %s record", i+1, f[0]))
				continue
			}
			out.Records = append(out.Records, Record{Type: f[0], Fields: f[1:], Line: i + 1})
			continue
		case len(f) < 2 || !strings.HasPrefix(f[1], "/") || (want >= 0 && len(f) != want+2):
			out.Warnings = append(out.Warnings, fmt.Sprintf("line %d: malformed %s record", i+1, f[0]))
			continue
		}
		out.Records = append(out.Records, Record{Type: f[0], Path: f[1], Fields: f[2:], Line: i + 1})
	}
	return nil, errors.New("probe output incomplete: no end marker (connection dropped, output cap reached, or the probe was killed)")
}

// decodeContent decodes a C record's base64 payload.
func decodeContent(r Record) (data []byte, truncated bool, err error) {
	data, err = base64.StdEncoding.DecodeString(r.Fields[1])
	return data, r.Fields[0] == "1", err
}

// parseListener decodes a /proc/net/tcp local_address ("0100007F:1F90").
func parseListener(s string) (netip.Addr, int, error) {
	a, p, ok := strings.Cut(s, ":")
	if !ok {
		return netip.Addr{}, 0, errors.New("no port")
	}
	port, err := strconv.ParseUint(p, 16, 16)
	if err != nil {
		return netip.Addr{}, 0, err
	}
	raw, err := hex.DecodeString(a)
	if err != nil || (len(raw) != 4 && len(raw) != 16) {
		return netip.Addr{}, 0, errors.New("bad address")
	}
	// The kernel prints each 32-bit word in host (little-endian) order.
	for i := 0; i < len(raw); i += 4 {
		raw[i], raw[i+1], raw[i+2], raw[i+3] = raw[i+3], raw[i+2], raw[i+1], raw[i]
	}
	addr, _ := netip.AddrFromSlice(raw)
	return addr.Unmap(), int(port), nil
}
