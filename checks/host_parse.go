package checks

// Host checks: readers of probed configuration shared by the management,
// KVM and machine-wide checks (JVM options, sshd_config, sudoers) and
// address classification.

import (
	"fmt"
	"net/netip"
	"path"
	"sort"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// javaVars are the environment variables whose words reach the JVM: the
// units' ExecStart uses $JAVA_DEBUG $JAVA_OPTS (cloudstack-management.service
// L38, cloudstack-agent.service L32 @4.22.1.0); the JVM itself reads the
// last three from any environment.
var javaVars = []string{"JAVA_DEBUG", "JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}

// jvmUnit names a Java service's environment file and unit drop-ins.
type jvmUnit struct {
	name    string // cloudstack-management
	envFile string // /etc/default/cloudstack-management
	dropIns string // /etc/systemd/system/cloudstack-management.service.d/*.conf
}

var (
	mgmtUnit  = jvmUnit{"cloudstack-management", "/etc/default/cloudstack-management", "/etc/systemd/system/cloudstack-management.service.d/*.conf"}
	usageUnit = jvmUnit{"cloudstack-usage", "/etc/default/cloudstack-usage", "/etc/systemd/system/cloudstack-usage.service.d/*.conf"}
	agentUnit = jvmUnit{"cloudstack-agent", "/etc/default/cloudstack-agent", "/etc/systemd/system/cloudstack-agent.service.d/*.conf"}
)

func (u jvmUnit) files() []string { return []string{u.envFile, u.dropIns} }

// jvmWord is one JVM option word and where it was set.
type jvmWord struct{ word, from string }

// jvmWords returns the option words of a unit's JVM: drop-in Environment=
// lines first, the EnvironmentFile over them (systemd reads files later),
// and drop-in ExecStart= lines verbatim. present is false when neither the
// environment file nor a drop-in exists; errs are unreadable sources.
func jvmWords(m *snapshot.Machine, u jvmUnit) (words []jvmWord, present bool, errs []Result) {
	vars := map[string]jvmWord{}
	var exec []jvmWord
	for _, f := range m.Glob(u.dropIns) {
		if !f.Exists {
			continue
		}
		present = true
		if !f.Read {
			errs = append(errs, cannotRead(f.Path, "read", f.Error))
			continue
		}
		for _, d := range f.Directives {
			switch d.Key {
			case "Environment":
				k, v, _ := strings.Cut(d.Value, "=")
				vars[k] = jvmWord{v, fmt.Sprintf("%s:%d", f.Path, d.Line)}
			case "ExecStart":
				exec = append(exec, jvmWord{d.Value, fmt.Sprintf("%s:%d", f.Path, d.Line)})
			}
		}
	}
	if f, ok := m.File(u.envFile); ok && (f.Exists || hidden(f)) {
		present = true
		if !f.Read {
			errs = append(errs, cannotRead(u.envFile, "read", f.Error))
		} else {
			for k, v := range f.Values {
				vars[k] = jvmWord{v, u.envFile}
			}
		}
	}
	for _, k := range javaVars {
		if v, ok := vars[k]; ok {
			for _, w := range strings.Fields(v.word) {
				words = append(words, jvmWord{w, v.from + " " + k})
			}
		}
	}
	for _, e := range exec {
		for _, w := range strings.Fields(e.word) {
			words = append(words, jvmWord{w, e.from + " ExecStart"})
		}
	}
	return words, present, errs
}

// jdwp is a parsed JDWP agent option.
type jdwp struct {
	from     string
	server   bool
	address  string
	loopback bool // listens on loopback only
	bad      bool // could not be parsed
}

// parseJDWP finds -agentlib:jdwp=, -Xrunjdwp: and -agentpath:...jdwp...=
// words. A bare port binds loopback on JDK 9+ (JDK-8041435; CloudStack 4.22
// needs Java 17/21).
func parseJDWP(words []jvmWord) []jdwp {
	var out []jdwp
	for _, w := range words {
		var opts string
		switch {
		case strings.HasPrefix(w.word, "-agentlib:jdwp="):
			opts = strings.TrimPrefix(w.word, "-agentlib:jdwp=")
		case strings.HasPrefix(w.word, "-Xrunjdwp:"):
			opts = strings.TrimPrefix(w.word, "-Xrunjdwp:")
		case strings.HasPrefix(w.word, "-agentpath:") && strings.Contains(w.word, "jdwp"):
			_, opts, _ = strings.Cut(w.word, "=")
		case w.word == "-agentlib:jdwp":
			out = append(out, jdwp{from: w.from, bad: true})
			continue
		default:
			continue
		}
		j := jdwp{from: w.from}
		for _, kv := range strings.Split(opts, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				j.bad = true
				continue
			}
			switch k {
			case "server":
				j.server = v == "y"
			case "address":
				j.address = v
			}
		}
		host, _, hasHost := cutLast(j.address, ":")
		switch {
		case j.address == "":
			j.loopback = false
		case !hasHost:
			j.loopback = true
		default:
			j.loopback = host != "*" && localHost(host)
		}
		out = append(out, j)
	}
	return out
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// jmx is what -Dcom.sun.management.jmxremote.* words say.
type jmx struct {
	port, from   string
	auth, ssl    bool
	host         string
	remote       bool
	authFrom     string
	sslExplicit  bool
	authExplicit bool
}

func parseJMX(words []jvmWord) jmx {
	j := jmx{auth: true, ssl: true}
	for _, w := range words {
		k, v, ok := strings.Cut(w.word, "=")
		if !ok || !strings.HasPrefix(k, "-Dcom.sun.management.jmxremote.") {
			continue
		}
		switch strings.TrimPrefix(k, "-Dcom.sun.management.jmxremote.") {
		case "port", "rmi.port":
			if j.port == "" {
				j.port, j.from, j.remote = v, w.from, true
			}
		case "authenticate":
			j.auth, j.authExplicit, j.authFrom = strings.EqualFold(v, "true"), true, w.from
		case "ssl":
			j.ssl, j.sslExplicit = strings.EqualFold(v, "true"), true
		case "host":
			j.host = v
		}
	}
	return j
}

// jvmDebugResults judges JDWP for a unit (CS-MGMT-001, CS-MGMT-008, CS-KVM-008).
func jvmDebugResults(m *snapshot.Machine, u jvmUnit, who string) []Result {
	words, present, errs := jvmWords(m, u)
	if len(errs) > 0 {
		return errs
	}
	res := Resource{Kind: KindFile, Path: u.envFile, Key: "JDWP"}
	if !present {
		return []Result{{Status: Pass, Resource: res, Expected: "no JDWP agent", Actual: "absent", Message: "no " + u.envFile + " or drop-in (the unit's environment is empty)"}}
	}
	var out []Result
	for _, j := range parseJDWP(words) {
		r := Result{Resource: res, Expected: "no JDWP agent", Actual: "address=" + show(j.address) + " (" + j.from + ")"}
		switch {
		case j.bad:
			r.Status, r.Message = Fail, "cannot parse the JDWP option in "+j.from+": treat it as a debugger attached to the "+who
		case !j.server:
			r.Status, r.Message = Fail, "the "+who+" dials out to a debugger at "+show(j.address)+" ("+j.from+"): whoever runs that debugger controls the JVM"
		case j.loopback:
			r.Status, r.Message = Fail, "JDWP listens on loopback ("+j.address+", "+j.from+"): any local user can attach and run code as the "+who
		default:
			r.Status, r.Message = Fail, "JDWP listens on "+orText(j.address, "a random port")+" ("+j.from+"): anyone who reaches it runs code as the "+who
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return []Result{{Status: Pass, Resource: res, Expected: "no JDWP agent", Actual: "none", Message: "no JDWP agent in the " + who + "'s JVM options"}}
	}
	return out
}

// jmxResults judges remote JMX for a unit (CS-MGMT-002, CS-MGMT-008, CS-KVM-008).
func jmxResults(m *snapshot.Machine, u jvmUnit, who string) []Result {
	words, present, errs := jvmWords(m, u)
	if len(errs) > 0 {
		return errs
	}
	res := Resource{Kind: KindFile, Path: u.envFile, Key: "JMX"}
	r := Result{Resource: res, Expected: "no remote JMX, or authenticated and TLS"}
	j := parseJMX(words)
	switch {
	case !present || !j.remote:
		r.Status, r.Actual, r.Message = Pass, "no jmxremote.port", "remote JMX is off for the "+who
	case !j.auth:
		r.Status, r.Actual, r.Message = Fail, "port "+j.port+" authenticate=false", "remote JMX on port "+j.port+" without authentication ("+j.authFrom+"): anyone who reaches it runs code as the "+who
	case !j.ssl:
		r.Status, r.Actual, r.Message = Fail, "port "+j.port+" ssl=false", "remote JMX on port "+j.port+" sends its credentials in clear ("+j.from+")"
	default:
		r.Status, r.Actual, r.Message = Pass, "port "+j.port+" authenticated, TLS", "remote JMX requires authentication and TLS"
	}
	return []Result{r}
}

// sshdLine is one effective sshd_config line with its Match context.
type sshdLine struct {
	snapshot.Directive
	file, match string
}

const (
	sshdMain   = "/etc/ssh/sshd_config"
	sshdDropIn = "/etc/ssh/sshd_config.d/*.conf"
)

// sshdConfig flattens sshd_config with its Include files in place (only
// the probed drop-in directory can be followed; others are returned as
// unknown) and Match context carried on.
func sshdConfig(m *snapshot.Machine) (lines []sshdLine, unknown []string, f *snapshot.File, rs []Result) {
	f, rs = readFile(m, sshdMain, Result{Status: Skip, Message: "not applicable: no " + sshdMain + " (no OpenSSH server)"})
	if f == nil {
		return nil, nil, nil, rs
	}
	match := ""
	var walk func(file *snapshot.File, depth int)
	walk = func(file *snapshot.File, depth int) {
		for _, d := range file.Directives {
			switch d.Key {
			case "match":
				match = d.Value
				if strings.EqualFold(strings.TrimSpace(d.Value), "all") {
					match = ""
				}
				continue
			case "include":
				for _, pat := range strings.Fields(d.Value) {
					if !strings.HasPrefix(pat, "/") {
						pat = "/etc/ssh/" + pat
					}
					if depth >= 16 {
						unknown = append(unknown, pat+" (nested too deep)")
						continue
					}
					if pat == sshdDropIn || strings.HasPrefix(pat, "/etc/ssh/sshd_config.d/") {
						var inc []*snapshot.File
						for _, g := range m.Glob(sshdDropIn) {
							if ok, _ := path.Match(pat, g.Path); ok {
								inc = append(inc, g)
							}
						}
						sort.Slice(inc, func(i, j int) bool { return inc[i].Path < inc[j].Path })
						for _, g := range inc {
							if !g.Read {
								rs = append(rs, cannotRead(g.Path, "read", g.Error))
								continue
							}
							walk(g, depth+1)
						}
						continue
					}
					unknown = append(unknown, pat)
				}
				continue
			}
			lines = append(lines, sshdLine{d, file.Path, match})
		}
	}
	walk(f, 0)
	return lines, unknown, f, rs
}

// sshdDefaults are OpenSSH's defaults (sshd_config(5), OpenSSH >= 7.0).
var sshdDefaults = map[string]string{
	"permitrootlogin": "prohibit-password", "passwordauthentication": "yes",
	"kbdinteractiveauthentication": "yes", "usepam": "no", "authenticationmethods": "any",
}

func sshdKey(k string) string {
	if k == "challengeresponseauthentication" {
		return "kbdinteractiveauthentication"
	}
	return k
}

// sshdScenario is the effective value set under one Match context.
type sshdScenario struct {
	name string
	vals map[string]string
}

// sshdScenarios returns the global values and, for every Match block that
// may apply (to root when forRoot), the values with that block's
// overrides (first value wins in each).
func sshdScenarios(lines []sshdLine, forRoot bool) []sshdScenario {
	global := map[string]string{}
	blocks := map[string]map[string]string{}
	var order []string
	for _, l := range lines {
		k := sshdKey(l.Key)
		if l.match == "" {
			if _, ok := global[k]; !ok {
				global[k] = strings.ToLower(l.Value)
			}
			continue
		}
		b, ok := blocks[l.match]
		if !ok {
			b = map[string]string{}
			blocks[l.match] = b
			order = append(order, l.match)
		}
		if _, ok := b[k]; !ok {
			b[k] = strings.ToLower(l.Value)
		}
	}
	withDefaults := func(v map[string]string) map[string]string {
		out := map[string]string{}
		for k, d := range sshdDefaults {
			out[k] = d
		}
		for k, x := range v {
			out[k] = x
		}
		return out
	}
	out := []sshdScenario{{"global", withDefaults(global)}}
	for _, mt := range order {
		if forRoot && !matchMayApplyToRoot(mt) {
			continue
		}
		v := withDefaults(global)
		for k, x := range blocks[mt] {
			v[k] = x
		}
		out = append(out, sshdScenario{"Match " + mt, v})
	}
	return out
}

// matchMayApplyToRoot decides User/Group criteria for root; the others
// (Address, Host, LocalAddress, LocalPort) may match: worst case.
func matchMayApplyToRoot(criteria string) bool {
	f := strings.Fields(criteria)
	for i := 0; i+1 < len(f); i += 2 {
		k, v := strings.ToLower(f[i]), f[i+1]
		switch k {
		case "user", "group":
			if !patternListMatches(v, "root") {
				return false
			}
		}
	}
	return true
}

// patternListMatches is ssh's comma pattern list with ! negation.
func patternListMatches(list, name string) bool {
	hit := false
	for _, p := range strings.Split(list, ",") {
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		if ok, _ := path.Match(p, name); ok {
			if neg {
				return false
			}
			hit = true
		}
	}
	return hit
}

// sshdPasswordLogin reports whether a scenario lets a password log in
// (PasswordAuthentication, or keyboard-interactive through PAM), given
// AuthenticationMethods.
func sshdPasswordLogin(v map[string]string) bool {
	pw := v["passwordauthentication"] == "yes"
	kbd := v["kbdinteractiveauthentication"] == "yes" && v["usepam"] == "yes"
	if !pw && !kbd {
		return false
	}
	am := v["authenticationmethods"]
	if am == "" || am == "any" {
		return true
	}
	for _, list := range strings.Fields(am) {
		only := true
		for _, meth := range strings.Split(list, ",") {
			meth, _, _ = strings.Cut(meth, ":")
			if meth != "password" && meth != "keyboard-interactive" {
				only = false
			}
		}
		if only {
			return true
		}
	}
	return false
}

// addressSet is the addresses a machine's CloudStack services should use:
// loopback, the management servers' service IPs and the hosts' private IPs.
type addressSet struct {
	known bool
	addrs map[string]bool
}

func managementAddresses(s *snapshot.Snapshot) addressSet {
	a := addressSet{addrs: map[string]bool{}}
	if s.Availability(snapshot.DataMgmtServers).Status == snapshot.Collected {
		a.known = true
		for _, ms := range s.ManagementServers {
			if !ms.Removed {
				a.addrs[ms.ServiceIP] = true
			}
		}
	}
	if s.Availability(snapshot.DataHosts).Status == snapshot.Collected {
		a.known = true
		for _, h := range s.Hosts {
			if !h.Removed && h.PrivateIP != "" {
				a.addrs[h.PrivateIP] = true
			}
		}
	}
	return a
}

// classify says where a listener address points: "loopback", "all
// interfaces", "management" (a known service/private address) or "other".
func (a addressSet) classify(addr string) string {
	switch {
	case allAddresses(addr):
		return "all interfaces"
	case localHost(addr):
		return "loopback"
	}
	if ip, err := netip.ParseAddr(addr); err == nil && a.addrs[ip.Unmap().String()] {
		return "management"
	}
	if a.addrs[addr] {
		return "management"
	}
	return "other"
}

// liveMgmtServers counts mshost rows that are not removed.
func liveMgmtServers(s *snapshot.Snapshot) []string {
	var out []string
	for _, ms := range s.ManagementServers {
		if !ms.Removed {
			out = append(out, ms.ServiceIP)
		}
	}
	return out
}
