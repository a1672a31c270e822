package probe

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Machine reduces a parsed probe run to the facts kept in the snapshot.
// Secret values (passwords, passphrases, keys) become SecretFacts here.
func Machine(out *Output, name, via, root string) snapshot.Machine {
	m := snapshot.Machine{Name: name, Via: via, Root: root, ProbeVersion: strconv.Itoa(Version), ListenersRead: true}
	m.Warnings = append(m.Warnings, out.Warnings...)
	files := map[string]*snapshot.File{}
	var order []string
	file := func(p string) *snapshot.File {
		if f, ok := files[p]; ok {
			return f
		}
		f := &snapshot.File{Path: p}
		files[p] = f
		order = append(order, p)
		return f
	}
	home := ""
	warn := func(r Record, f string, a ...any) {
		m.Warnings = append(m.Warnings, fmt.Sprintf("line %d (%s): %s", r.Line, r.Path, fmt.Sprintf(f, a...)))
	}
	for _, r := range out.Records {
		switch r.Type {
		case "N":
			file(r.Path).Exists = false
		case "S":
			st, err := parseStat(r.Fields)
			if err != nil {
				warn(r, "%v", err)
				continue
			}
			f := file(r.Path)
			f.Exists, f.Stat = true, st
		case "T":
			f := file(r.Path)
			if len(r.Fields) < 2 {
				warn(r, "malformed link record")
				continue
			}
			f.LinkTarget = r.Fields[0]
			if len(r.Fields) == 2 && r.Fields[1] == "-" {
				f.Error = "dangling symbolic link"
				continue
			}
			st, err := parseStat(r.Fields[1:])
			if err != nil {
				warn(r, "%v", err)
				continue
			}
			f.Target = st
		case "E":
			file(r.Path).Error = r.Fields[0]
		case "W":
			file(r.Path).Resolved = r.Fields[0]
		case "C":
			data, truncated, err := decodeContent(r)
			if err != nil {
				warn(r, "content is not valid base64")
				continue
			}
			f := file(r.Path)
			f.Read, f.Truncated = true, truncated
			reduceContent(&m, f, data, home)
		case "K":
			file(r.Path).Key = &snapshot.KeyFacts{Format: r.Fields[0], Encrypted: r.Fields[1]}
		case "V":
			n, err := strconv.Atoi(r.Fields[0])
			if err != nil {
				warn(r, "bad length")
				continue
			}
			sf := snapshot.SecretFacts{Present: n > 0, Length: n, Encoding: snapshot.Plaintext, Evidence: "key file content"}
			if n == 0 {
				sf.Encoding, sf.Evidence = snapshot.Empty, "empty key file"
			}
			if r.Fields[1] == "yes" {
				sf.KnownDefault = secrets.KnownDefault(secrets.DefaultAdminPassword)
			}
			f := file(r.Path)
			f.Read, f.Secret = true, &sf
		case "U":
			home = ""
			uid, err1 := strconv.Atoi(r.Fields[0])
			gid, err2 := strconv.Atoi(r.Fields[1])
			if err1 != nil || err2 != nil {
				warn(r, "bad cloud user entry")
				continue
			}
			m.CloudUser = &snapshot.CloudUser{UID: uid, GID: gid, Home: r.Fields[2]}
			home = r.Fields[2]
		case "L":
			a, p, err := parseListener(r.Fields[0])
			if err != nil {
				m.Warnings = append(m.Warnings, fmt.Sprintf("line %d: bad socket entry", r.Line))
				continue
			}
			m.Listeners = append(m.Listeners, snapshot.Listener{Address: a.String(), Port: p})
		case "LX":
			m.ListenersRead = false
		}
	}
	for _, p := range order {
		m.Files = append(m.Files, *files[p])
	}
	sort.Slice(m.Listeners, func(i, j int) bool {
		a, b := m.Listeners[i], m.Listeners[j]
		if a.Port != b.Port {
			return a.Port < b.Port
		}
		return a.Address < b.Address
	})
	m.Listeners = dedupListeners(m.Listeners)
	m.Roles = roles(&m)
	return m
}

func dedupListeners(ls []snapshot.Listener) []snapshot.Listener {
	var out []snapshot.Listener
	for i, l := range ls {
		if i == 0 || l != ls[i-1] {
			out = append(out, l)
		}
	}
	return out
}

func parseStat(f []string) (*snapshot.FileStat, error) {
	if len(f) != 7 {
		return nil, fmt.Errorf("stat record has %d fields", len(f))
	}
	mode, err := strconv.ParseUint(f[1], 8, 32)
	uid, err2 := strconv.Atoi(f[2])
	gid, err3 := strconv.Atoi(f[4])
	size, err4 := strconv.ParseInt(f[6], 10, 64)
	if err != nil || err2 != nil || err3 != nil || err4 != nil || mode > 07777 {
		return nil, fmt.Errorf("malformed stat record")
	}
	return &snapshot.FileStat{Type: f[0], Mode: fmt.Sprintf("%04o", mode), UID: uid, Owner: f[3], GID: gid, Group: f[5], Size: size}, nil
}

// reduceContent keeps the public facts of a file's content, parsed as its
// snapshot.ProbedPaths entry says (never guessed from the file name).
func reduceContent(m *snapshot.Machine, f *snapshot.File, data []byte, home string) {
	p := f.Path
	entry, ok := snapshot.LookupProbed(p, home)
	if !ok {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%s: content of a path that is not in the probe table; ignored", p))
		return
	}
	switch entry.Parser {
	case snapshot.ParseOSRelease:
		kv, _ := parse.KeyValue(data)
		m.OS = kv["PRETTY_NAME"]
	case snapshot.ParseProperties:
		kv, err := parse.Properties(data)
		if err != nil {
			f.Error = err.Error()
			return
		}
		keep(f, kv)
	case snapshot.ParseCert:
		c, err := secrets.CertificateFacts(string(data))
		if err != nil {
			f.CertError = err.Error()
			return
		}
		f.Certificate = c
	case snapshot.ParseINI:
		keep(f, parse.INI(data))
	case snapshot.ParseEnv:
		kv, bad := parse.KeyValue(data)
		if len(bad) > 0 {
			m.Warnings = append(m.Warnings, fmt.Sprintf("%s: unparsed %s", p, strings.Join(bad, ", ")))
		}
		keep(f, kv)
	case snapshot.ParseSSHD:
		f.Directives = keywordLines(data, true)
	case snapshot.ParseLines:
		f.Directives = keywordLines(data, true)
	case snapshot.ParseSudoers:
		f.Directives = sudoersLines(data)
	case snapshot.ParseUnit:
		f.Directives = unitLines(f, data)
	default:
		m.Warnings = append(m.Warnings, fmt.Sprintf("%s: no parser for its content", p))
	}
}

// logicalLines splits content into lines with their numbers, joining
// backslash continuations.
func logicalLines(data []byte) (lines []string, nums []int) {
	cur, start := "", 0
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimRight(l, "\r")
		if cur == "" {
			start = i + 1
		}
		if strings.HasSuffix(l, "\\") {
			cur += strings.TrimSuffix(l, "\\") + " "
			continue
		}
		lines, nums = append(lines, cur+l), append(nums, start)
		cur = ""
	}
	if cur != "" {
		lines, nums = append(lines, cur), append(nums, start)
	}
	return lines, nums
}

// keywordLines reads "Keyword args" / "Keyword=args" lines (sshd_config,
// chrony, ntp, timesyncd): # comments and blank lines dropped, keywords
// lower-cased when fold is set, arguments redacted.
func keywordLines(data []byte, fold bool) []snapshot.Directive {
	var out []snapshot.Directive
	lines, nums := logicalLines(data)
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, ";") || strings.HasPrefix(l, "[") {
			continue
		}
		k, v := l, ""
		if j := strings.IndexAny(l, " \t="); j >= 0 {
			k, v = l[:j], strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l[j:]), "="))
		}
		if fold {
			k = strings.ToLower(k)
		}
		out = append(out, snapshot.Directive{Line: nums[i], Key: k, Value: secrets.RedactCredentials(v)})
	}
	return out
}

// sudoersLines keeps the rule and alias lines of a sudoers file (comments
// dropped; #include/@include kept as key "include").
func sudoersLines(data []byte) []snapshot.Directive {
	var out []snapshot.Directive
	lines, nums := logicalLines(data)
	for i, l := range lines {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
			continue
		case strings.HasPrefix(l, "#include") || strings.HasPrefix(l, "@include"):
			out = append(out, snapshot.Directive{Line: nums[i], Key: "include", Value: strings.TrimSpace(strings.SplitN(l, " ", 2)[len(strings.SplitN(l, " ", 2))-1])})
			continue
		case strings.HasPrefix(l, "#"):
			continue
		}
		if j := strings.Index(l, " #"); j >= 0 {
			l = strings.TrimSpace(l[:j])
		}
		out = append(out, snapshot.Directive{Line: nums[i], Key: "rule", Value: l})
	}
	return out
}

// unitLines keeps Environment=, EnvironmentFile= and ExecStart= of a
// systemd unit drop-in; assignments of secret-named variables are reduced
// to secret facts (the value never leaves the reducer).
func unitLines(f *snapshot.File, data []byte) []snapshot.Directive {
	var out []snapshot.Directive
	lines, nums := logicalLines(data)
	for i, l := range lines {
		l = strings.TrimSpace(l)
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		switch k {
		case "Environment":
			// One directive per assignment: "NAME=value".
			for _, a := range splitUnitWords(strings.TrimSpace(v)) {
				name, val, _ := strings.Cut(a, "=")
				if secrets.IsSecretKey(name) {
					if f.Secrets == nil {
						f.Secrets = map[string]snapshot.SecretFacts{}
					}
					f.Secrets[name] = secrets.ClassifyProperty(val)
					out = append(out, snapshot.Directive{Line: nums[i], Key: k, Value: name + "=(secret)"})
					continue
				}
				out = append(out, snapshot.Directive{Line: nums[i], Key: k, Value: name + "=" + secrets.RedactCredentials(val)})
			}
		case "EnvironmentFile", "ExecStart":
			out = append(out, snapshot.Directive{Line: nums[i], Key: k, Value: secrets.RedactCredentials(strings.TrimSpace(v))})
		}
	}
	return out
}

// splitUnitWords splits an Environment= value into assignments, honouring
// double and single quotes (systemd.exec(5)).
func splitUnitWords(v string) []string {
	var out []string
	var cur strings.Builder
	quote := byte(0)
	in := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote, in = c, true
		case quote == 0 && (c == ' ' || c == '\t'):
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		case c == '\\' && quote == '"' && i+1 < len(v):
			i++
			cur.WriteByte(v[i])
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// keep stores non-secret values and reduces secret ones to facts.
func keep(f *snapshot.File, kv map[string]string) {
	for k, v := range kv {
		if secrets.IsSecretKey(k) {
			if f.Secrets == nil {
				f.Secrets = map[string]snapshot.SecretFacts{}
			}
			f.Secrets[k] = secrets.ClassifyProperty(v)
			continue
		}
		if f.Values == nil {
			f.Values = map[string]string{}
		}
		f.Values[k] = secrets.RedactCredentials(v)
	}
}

func roles(m *snapshot.Machine) []string {
	var r []string
	if f, ok := m.File("/etc/cloudstack/management/db.properties"); ok && f.Exists {
		r = append(r, snapshot.RoleManagement)
	}
	if f, ok := m.File("/etc/cloudstack/agent/agent.properties"); ok && f.Exists {
		r = append(r, snapshot.RoleKVM)
	}
	db := false
	for _, f := range m.Files {
		if e, ok := snapshot.LookupProbed(f.Path, ""); ok && e.Parser == snapshot.ParseINI {
			for k := range f.Values {
				if strings.HasPrefix(k, "mysqld.") || strings.HasPrefix(k, "mariadb.") {
					db = true
				}
			}
		}
	}
	for _, l := range m.Listeners {
		if l.Port == 3306 {
			db = true
		}
	}
	if db {
		r = append(r, snapshot.RoleDatabase)
	}
	return r
}

// DBProps returns db.properties entries and the management key from a
// dbprops-mode run. The values are secret: the caller uses them in memory
// only (to connect), never in the snapshot or output.
func DBProps(out *Output) (map[string]string, string, error) {
	var props map[string]string
	key := ""
	for _, r := range out.Records {
		switch {
		case r.Type == "E":
			return nil, "", fmt.Errorf("%s: %s", r.Path, r.Fields[0])
		case r.Type == "N" && strings.HasSuffix(r.Path, "db.properties"):
			return nil, "", fmt.Errorf("%s does not exist", r.Path)
		case r.Type != "C":
			continue
		}
		data, _, err := decodeContent(r)
		if err != nil {
			return nil, "", fmt.Errorf("%s: bad content encoding", r.Path)
		}
		if strings.HasSuffix(r.Path, "db.properties") {
			if props, err = parse.Properties(data); err != nil {
				return nil, "", err
			}
		} else {
			k, _, _ := strings.Cut(string(data), "\n")
			key = strings.TrimRight(k, "\r")
		}
	}
	if props == nil {
		return nil, "", fmt.Errorf("no db.properties content received")
	}
	return props, key, nil
}
