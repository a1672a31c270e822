package checks

// Host checks: the management and usage servers' JVMs, cluster port,
// sudo rule and the cloud user's home (CS-MGMT-*).

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

const jvmRemediation = "Comment out JAVA_DEBUG (and remove -agentlib:jdwp/-Xrunjdwp and -Dcom.sun.management.jmxremote.port " +
	"from JAVA_OPTS, JAVA_TOOL_OPTIONS) in %s and any %s, then " +
	"`systemctl daemon-reload && systemctl restart %s`. If debugging is unavoidable, use address=127.0.0.1:8000 " +
	"for the session only."

// MgmtJDWP flags Java remote debugging on the management server.
var MgmtJDWP = &Check{
	ID:       "CS-MGMT-001",
	Title:    "Java remote debugging (JDWP) enabled on the management server",
	Severity: Critical,
	Threat:   []string{"TM §10.2", "TM §10.6", "TM §4 B9"},
	Rationale: "A JDWP agent in the management server's JVM executes whatever a connected debugger sends, " +
		"without authentication, as the cloud user, which holds db.properties, the key and sudo rights. The " +
		"packaged /etc/default/cloudstack-management ships JAVA_DEBUG=\"-agentlib:jdwp=transport=dt_socket," +
		"address=*:8000,server=y,suspend=n\" commented out (cloudstack-management.default L29@4.22.1.0): " +
		"uncommenting it opens port 8000 on every address. Even a loopback-only agent makes every local user cloud.",
	Remediation: fmt.Sprintf(jvmRemediation, mgmtUnit.envFile, mgmtUnit.dropIns, mgmtUnit.name),
	References:  []string{"packaging/systemd/cloudstack-management.default", "packaging/systemd/cloudstack-management.service", "JDK-8041435", "CWE-489"},
	Requires:    needMachines,
	Files:       mgmtUnit.files(),
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			return jvmDebugResults(m, mgmtUnit, "management server (user cloud)")
		})
	},
}

// MgmtJMX flags remote JMX without authentication or TLS.
var MgmtJMX = &Check{
	ID:       "CS-MGMT-002",
	Title:    "Remote JMX enabled on the management server without authentication or TLS",
	Severity: Critical,
	Threat:   []string{"TM §10.2", "TM §4 B9"},
	Rationale: "-Dcom.sun.management.jmxremote.port opens remote JMX; with authenticate=false anyone who " +
		"reaches it loads MBeans (javax.management.loading) and runs code in the management server; with " +
		"ssl=false the JMX password crosses the network in clear. CloudStack never enables remote JMX itself " +
		"(no jmxremote.port in packaging/ @4.22.1.0); the packaged JAVA_OPTS sets -Dcom.sun.management.jmxremote=false.",
	Remediation: "Remove -Dcom.sun.management.jmxremote.port/.authenticate=false/.ssl=false from the JVM options; if " +
		"remote JMX is required set authenticate=true with password/access files (0600 cloud), ssl=true and " +
		"jmxremote.host=127.0.0.1 or a management address, then restart the service.",
	References: []string{"packaging/systemd/cloudstack-management.default", "Java Monitoring and Management Guide: remote JMX", "CWE-306"},
	Requires:   needMachines,
	Files:      mgmtUnit.files(),
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			return jmxResults(m, mgmtUnit, "management server")
		})
	},
}

// clusterAdvisory is the advisory of the unauthenticated cluster servlet.
const clusterAdvisory = "CVE-2024-38346"

// clusterAffected reports whether the release is affected by
// CVE-2024-38346 per the embedded advisory data.
func clusterAffected(s *snapshot.Snapshot) (affected bool, known bool, why string) {
	if s.CloudStackVersion == "" {
		return false, false, "the CloudStack version is unknown (database not audited)"
	}
	v, err := parse.ParseVersion(s.CloudStackVersion)
	if err != nil {
		return false, false, "cannot parse version " + s.CloudStackVersion
	}
	as, err := EmbeddedAdvisories()
	if err != nil {
		return false, false, "embedded advisory table unreadable: " + err.Error()
	}
	for _, a := range as.list {
		if a.CVE == clusterAdvisory {
			hit, _ := a.affects(v)
			return hit, true, ""
		}
	}
	return false, false, clusterAdvisory + " is not in the embedded advisory table"
}

// clusterPort is cluster.servlet.port (ClusterServiceServletAdapter.java:128, default 9090).
func clusterPort(f *snapshot.File) int {
	if f != nil {
		if n, err := strconv.Atoi(strings.TrimSpace(f.Values["cluster.servlet.port"])); err == nil && n > 0 {
			return n
		}
	}
	return 9090
}

// ClusterPortCVE flags the cluster servlet reachable on affected releases.
var ClusterPortCVE = &Check{
	ID:       "CS-MGMT-003",
	Title:    "Cluster service port reachable on a release affected by CVE-2024-38346",
	Severity: Critical,
	Threat:   []string{"TM §10.2", "TM §11.9"},
	Rationale: "Up to 4.18.2.0 and on 4.19.0.0-4.19.0.1 the cluster servlet (cluster.servlet.port, 9090) binds " +
		"every address with plain HTTP and no authentication (ClusterServiceServletContainer, new ServerSocket(port) " +
		"@4.19.0.0): anyone who reaches it executes commands on the management server and its agents. Fixed " +
		"releases bind cluster.node.IP and require a management-server certificate (setNeedClientAuth).",
	Remediation: "Upgrade to 4.18.2.1+/4.19.0.2+ (current: the latest patch release of a supported line). Until then " +
		"allow TCP 9090 only from the other management servers (mshost.service_ip) on the host firewall.",
	References: []string{"https://cloudstack.apache.org/security.html (CVE-2024-38346)", "framework/cluster/src/main/java/com/cloud/cluster/ClusterServiceServletContainer.java", "CWE-306"},
	Requires:   needMachines,
	Files:      []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		affected, known, why := clusterAffected(s)
		peers := strings.Join(liveMgmtServers(s), ", ")
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, _ := m.File(dbPropPath)
			port := clusterPort(f)
			res := ListenerRes("cluster servlet", port)
			switch {
			case !known:
				return []Result{{Status: Skip, Resource: res, Message: "not audited: " + why}}
			case !affected:
				return []Result{{Status: Pass, Resource: res, Expected: "a fixed release", Actual: s.CloudStackVersion, Message: "CloudStack " + s.CloudStackVersion + " is fixed (port " + strconv.Itoa(port) + " requires a management-server certificate); see CS-MGMT-004"}}
			case !m.ListenersRead:
				return []Result{{Status: Manual, Resource: res, Message: fmt.Sprintf("CloudStack %s is affected by %s and sockets were not read: verify port %d is firewalled to the peer management servers (%s)", s.CloudStackVersion, clusterAdvisory, port, orText(peers, "unknown"))}}
			}
			for _, l := range m.Listeners {
				if l.Port == port && !localHost(l.Address) {
					return []Result{{Status: Fail, Resource: res, Expected: "not reachable, or a fixed release", Actual: "listening on " + l.Address,
						Message: fmt.Sprintf("CloudStack %s is affected by %s and the unauthenticated cluster servlet listens on %s:%d", s.CloudStackVersion, clusterAdvisory, l.Address, port)}}
				}
			}
			return []Result{{Status: Manual, Resource: res, Message: fmt.Sprintf("CloudStack %s is affected by %s; nothing listens on %d right now (is the management server running?): upgrade", s.CloudStackVersion, clusterAdvisory, port)}}
		})
	},
}

// ClusterBind flags the cluster servlet bound beyond cluster.node.IP.
var ClusterBind = &Check{
	ID:       "CS-MGMT-004",
	Title:    "Cluster servlet bound to all addresses or to an address other than the management address",
	Severity: Low,
	Threat:   []string{"TM §10.2", "TM §4 B9"},
	Rationale: "On fixed releases the cluster servlet binds db.properties cluster.node.IP (default 127.0.0.1 when " +
		"unset; it must be a local address, ClusterManagerImpl.java:1163-1175@4.22.1.0) and requires a " +
		"management certificate. Peers dial the mshost.service_ip of this server, so cluster.node.IP should be " +
		"that address: a wider bind only widens the TLS surface, and 127.0.0.1 with several management servers " +
		"keeps the cluster from forming.",
	Remediation: "Set cluster.node.IP in db.properties to this server's management address (its mshost.service_ip) and restart.",
	References:  []string{"client/conf/db.properties.in (L18-21)", "framework/cluster/src/main/java/com/cloud/cluster/ClusterManagerImpl.java"},
	Requires:    needMachines,
	Files:       []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		affected, known, why := clusterAffected(s)
		addrs := managementAddresses(s)
		live := liveMgmtServers(s)
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, rs := dbProps(m)
			if f == nil {
				return rs
			}
			port := clusterPort(f)
			ip, set := f.Values["cluster.node.IP"]
			ip = strings.TrimSpace(ip)
			if !set {
				ip = "127.0.0.1"
			}
			r := Result{Resource: FileKeyRes(dbPropPath, "cluster.node.IP"), Expected: "this server's mshost.service_ip", Actual: orText(ip, "(empty)")}
			switch {
			case !known:
				r.Status, r.Message = Skip, "not audited: "+why
				return []Result{r}
			case affected:
				r.Status, r.Message = Skip, "not applicable: the release is affected by "+clusterAdvisory+" (CS-MGMT-003)"
				return []Result{r}
			}
			if m.ListenersRead {
				for _, l := range m.Listeners {
					if l.Port == port && allAddresses(l.Address) {
						r.Status, r.Message = Fail, fmt.Sprintf("the cluster servlet listens on every address (%s:%d)", l.Address, port)
						return []Result{r}
					}
				}
			}
			switch {
			case ip == "" || allAddresses(ip):
				r.Status, r.Message = Fail, "cluster.node.IP is empty or a wildcard: the cluster servlet binds every address"
			case localHost(ip) && len(live) > 1:
				r.Status, r.Message = Fail, fmt.Sprintf("cluster.node.IP is %s but %d management servers are registered: peers cannot reach this one", ip, len(live))
			case localHost(ip):
				r.Status, r.Message = Pass, "the cluster servlet binds loopback (single management server)"
			case addrs.known && addrs.classify(ip) != "management":
				r.Status, r.Message = Fail, "cluster.node.IP "+ip+" is not a management server's service_ip ("+strings.Join(live, ", ")+"): peers dial service_ip"
			default:
				r.Status, r.Message = Pass, "the cluster servlet binds the management address "+ip
			}
			return []Result{r}
		})
	},
}

// sudoersFiles returns the sudoers files sudo reads (it skips names in
// sudoers.d that contain a dot or end in ~).
func sudoersFiles(m *snapshot.Machine) []*snapshot.File {
	var out []*snapshot.File
	if f, ok := m.File("/etc/sudoers"); ok && (f.Exists || hidden(f)) {
		out = append(out, f)
	}
	for _, f := range m.Glob("/etc/sudoers.d/*") {
		base := f.Path[strings.LastIndex(f.Path, "/")+1:]
		if strings.Contains(base, ".") || strings.HasSuffix(base, "~") || strings.Contains(base, "*") {
			continue
		}
		out = append(out, f)
	}
	return out
}

// shellCommands give a shell: a rule with any of them is unrestricted.
var shellCommands = []string{"ALL", "/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash", "/usr/bin/env", "/bin/su", "/usr/bin/su", "sudoedit"}

// sudoRule is one parsed sudoers user specification for the cloud user.
type sudoRule struct {
	file, line string
	cmds       []string
}

// cloudSudoRules parses Cmnd_Alias/User_Alias and returns the rules
// whose user list names cloud, %cloud or ALL.
func cloudSudoRules(files []*snapshot.File) []sudoRule {
	cmnd := map[string][]string{}
	users := map[string][]string{}
	var out []sudoRule
	split := func(v string) []string {
		var o []string
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				o = append(o, x)
			}
		}
		return o
	}
	for _, f := range files {
		for _, d := range f.Directives {
			if d.Key != "rule" {
				continue
			}
			l := d.Value
			fields := strings.Fields(l)
			if len(fields) == 0 || strings.HasPrefix(fields[0], "Defaults") {
				continue
			}
			if fields[0] == "Cmnd_Alias" || fields[0] == "User_Alias" {
				for _, def := range strings.Split(strings.TrimSpace(strings.TrimPrefix(l, fields[0])), ":") {
					name, val, ok := strings.Cut(def, "=")
					if !ok {
						continue
					}
					if fields[0] == "Cmnd_Alias" {
						cmnd[strings.TrimSpace(name)] = split(val)
					} else {
						users[strings.TrimSpace(name)] = split(val)
					}
				}
				continue
			}
			if fields[0] == "Host_Alias" || fields[0] == "Runas_Alias" {
				continue
			}
			who, rest, ok := strings.Cut(l, " ")
			if !ok || !strings.Contains(rest, "=") {
				continue
			}
			match := false
			for _, u := range split(who) {
				names := []string{u}
				if al, ok := users[u]; ok {
					names = al
				}
				for _, n := range names {
					if n == "cloud" || n == "%cloud" || n == "ALL" {
						match = true
					}
				}
			}
			if !match {
				continue
			}
			_, spec, _ := strings.Cut(rest, "=")
			spec = strings.TrimSpace(spec)
			if strings.HasPrefix(spec, "(") {
				if i := strings.Index(spec, ")"); i >= 0 {
					spec = spec[i+1:]
				}
			}
			// Tags: NOPASSWD: SETENV: ... (words ending in ':').
			for {
				spec = strings.TrimSpace(spec)
				i := strings.Index(spec, ":")
				if i <= 0 {
					break
				}
				tag := strings.TrimSpace(spec[:i])
				if tag == "" || strings.ToUpper(tag) != tag || strings.ContainsAny(tag, " /,=()") {
					break
				}
				spec = spec[i+1:]
			}
			var cmds []string
			for _, c := range split(spec) {
				if al, ok := cmnd[c]; ok {
					cmds = append(cmds, al...)
					continue
				}
				cmds = append(cmds, c)
			}
			out = append(out, sudoRule{file: fmt.Sprintf("%s:%d", f.Path, d.Line), line: l, cmds: cmds})
		}
	}
	return out
}

// CloudSudo flags an unrestricted sudo rule for the cloud user.
var CloudSudo = &Check{
	ID:       "CS-MGMT-006",
	Title:    "The cloud user has unrestricted sudo",
	Severity: Medium,
	Threat:   []string{"TM §10.6", "PR Q24"},
	Rationale: "CloudStack's packaged rule is `cloud ALL=(root) NOPASSWD:CLOUDSTACK` with a fixed Cmnd_Alias " +
		"(mkdir, mount, umount, cp, chmod, keytool, touch, find, df, ls, qemu-img; server/conf/cloudstack-sudoers.in " +
		"L21-25 at every release 4.11-4.22). cp, chmod and mount already allow escalation, but `ALL` (what some " +
		"old guides and the 2013 template used) also removes the audit trail of a fixed list.",
	Remediation: "Replace the rule with the packaged one: `Cmnd_Alias CLOUDSTACK = /bin/mkdir, /bin/mount, /bin/umount, " +
		"/bin/cp, /bin/chmod, /usr/bin/keytool, /bin/keytool, /bin/touch, /bin/find, /bin/df, /bin/ls, /bin/qemu-img, " +
		"/usr/bin/qemu-img`, `Defaults:cloud !requiretty`, `cloud ALL=(root) NOPASSWD:CLOUDSTACK` in /etc/sudoers.d/cloudstack (0440 root).",
	References: []string{"server/conf/cloudstack-sudoers.in", "CWE-250"},
	Requires:   needMachines,
	Files:      []string{"/etc/sudoers", "/etc/sudoers.d/*"},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			files := sudoersFiles(m)
			var readable []*snapshot.File
			var unread []string
			for _, f := range files {
				if f.Read {
					readable = append(readable, f)
				} else {
					unread = append(unread, f.Path+": "+orText(f.Error, "content not read"))
				}
			}
			res := GroupRes("sudo rules for cloud")
			var out []Result
			for _, r := range cloudSudoRules(readable) {
				for _, c := range r.cmds {
					base := strings.Fields(c)
					if len(base) > 0 && contains(shellCommands, base[0]) {
						out = append(out, Result{Status: Fail, Resource: FileRes(r.file[:strings.LastIndex(r.file, ":")]), Expected: "the packaged CLOUDSTACK command list",
							Actual: r.line, Message: "the cloud user may run " + c + " as root (" + r.file + ")"})
						break
					}
				}
			}
			switch {
			case len(out) > 0:
				return out
			case len(unread) > 0:
				msg := "cannot read " + strings.Join(unread, "; ")
				if permissionProblem(msg) {
					msg += " (run the probe as root or with --sudo, or check `sudo -l -U cloud`)"
				}
				return []Result{{Status: Manual, Resource: res, Message: msg}}
			case len(readable) == 0:
				return []Result{{Status: Pass, Resource: res, Message: "no sudoers files: the cloud user has no sudo rule"}}
			}
			return []Result{{Status: Pass, Resource: res, Expected: "the packaged CLOUDSTACK command list", Message: "no unrestricted sudo rule for cloud (the packaged list still allows escalation through cp/chmod/mount by design)"}}
		})
	},
}

// CloudHome flags the cloud user's home or ~/.ssh open to others.
var CloudHome = &Check{
	ID:       "CS-MGMT-007",
	Title:    "The cloud user's home or ~/.ssh accessible to other users",
	Severity: Medium,
	Threat:   []string{"TM §10.6"},
	Rationale: "The cloud user's home holds .ssh/id_rsa, the root key of every system VM and of KVM hosts added " +
		"with the system key. The packages create it 0770 cloud:cloud (RPM %dir %attr(0770,cloud,cloud); the " +
		"Debian postinst chmods 0770 and chgrps cloud); ssh-keygen makes .ssh 0700. An authorized_keys file " +
		"lets someone log in as cloud (its shell is /bin/sh).",
	Remediation: "`chmod 0770 ~cloud && chgrp cloud ~cloud && chmod 0700 ~cloud/.ssh && chown cloud:cloud ~cloud/.ssh`; " +
		"remove ~cloud/.ssh/authorized_keys unless a login as cloud is intended.",
	References: []string{"packaging/el8/cloud.spec (%files management)", "debian/cloudstack-management.postinst", "CWE-732"},
	Requires:   needMachines,
	Files:      []string{snapshot.CloudHome, snapshot.CloudHome + "/.ssh", snapshot.CloudHome + "/.ssh/authorized_keys"},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			if m.CloudUser == nil {
				return []Result{{Status: Skip, Resource: Resource{Kind: KindAccount, Name: "cloud", Label: "system user"}, Message: "not applicable: no 'cloud' user in /etc/passwd"}}
			}
			home := strings.TrimSuffix(m.CloudUser.Home, "/")
			var out []Result
			for _, d := range []struct {
				p      string
				max    uint64
				owners []string
				group  string
			}{{home, 0o770, []string{"cloud", "root"}, "cloud"}, {home + "/.ssh", 0o700, []string{"cloud"}, ""}} {
				f, ok := m.File(d.p)
				if hidden(f) {
					out = append(out, cannotRead(d.p, "tell whether %s exists", f.Error))
					continue
				}
				if !ok || !f.Exists {
					continue
				}
				if why, bad := broken(f, true); bad {
					out = append(out, cannotRead(d.p, "judge", why))
					continue
				}
				st := f.Effective()
				r := Result{Resource: FileRes(d.p), Expected: fmt.Sprintf("%04o %s", d.max, d.owners[0]), Actual: statString(st)}
				var why []string
				if extra := perm(st.Mode) &^ d.max; extra != 0 {
					why = append(why, fmt.Sprintf("mode %s allows %04o beyond %04o", st.Mode, extra, d.max))
				}
				if !contains(d.owners, st.Owner) {
					why = append(why, "owned by "+st.Owner)
				}
				if d.group != "" && perm(st.Mode)&0o070 != 0 && st.Group != d.group && st.Group != "root" {
					why = append(why, "group "+st.Group+" may enter it")
				}
				if len(why) > 0 {
					r.Status, r.Message = Fail, strings.Join(why, "; ")
				} else {
					r.Status, r.Message = Pass, "only the cloud user (and its group) can enter it"
				}
				out = append(out, r)
			}
			ak := home + "/.ssh/authorized_keys"
			if f, ok := m.File(ak); ok && f.Exists {
				out = append(out, Result{Status: Fail, Resource: FileRes(ak), Expected: "absent", Actual: "present", Message: "someone can log in over SSH as the cloud user"})
			}
			if len(out) == 0 {
				out = append(out, Result{Status: Skip, Resource: FileRes(home), Message: "not applicable: the cloud user's home does not exist"})
			}
			return out
		})
	},
}

// UsageJVM flags JDWP or unauthenticated JMX on the usage server.
var UsageJVM = &Check{
	ID:       "CS-MGMT-008",
	Title:    "Java remote debugging or unauthenticated JMX on the usage server",
	Severity: High,
	Threat:   []string{"TM §10.2", "TM §10.6"},
	Rationale: "The usage server runs as cloud with the database credentials of db.properties. Its packaged " +
		"/etc/default/cloudstack-usage carries a commented JAVA_DEBUG with address=8001 (cloudstack-usage.default " +
		"L25@4.22.1.0); enabled, a debugger runs code as cloud.",
	Remediation: fmt.Sprintf(jvmRemediation, usageUnit.envFile, usageUnit.dropIns, usageUnit.name),
	References:  []string{"packaging/systemd/cloudstack-usage.default", "CWE-489"},
	Requires:    needMachines,
	Files:       usageUnit.files(),
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			return append(jvmDebugResults(m, usageUnit, "usage server (user cloud)"), jmxResults(m, usageUnit, "usage server")...)
		})
	},
}

// KeyReceiverListening flags the one-shot key receiver open now.
var KeyReceiverListening = &Check{
	ID:       "CS-MGMT-009",
	Title:    "Management key receiver (port 8097) is listening",
	Severity: High,
	Threat:   []string{"TM §10.6"},
	Rationale: "With db.cloud.encryption.type=web the management server blocks at start on a plain TCP socket " +
		"on 8097 (EncryptionSecretKeyChecker.java:100-101@4.22.1.0, all addresses) and takes the key from the " +
		"first client. A listener on 8097 now means a server waiting for its key: whoever connects first " +
		"supplies it.",
	Remediation: "Send the key now from the administrator's host (or stop the service), then switch to " +
		"db.cloud.encryption.type=file or env; firewall 8097 to the sending host.",
	References: []string{"utils/src/main/java/com/cloud/utils/crypt/EncryptionSecretKeyChecker.java", "CWE-306"},
	Requires:   needMachines,
	Files:      []string{dbPropPath},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			res := ListenerRes("key receiver", 8097)
			if !m.ListenersRead {
				return []Result{{Status: Skip, Resource: res, Message: "not applicable: listening sockets were not read (audit of a directory tree)"}}
			}
			t := ""
			if f, ok := m.File(dbPropPath); ok && f.Read {
				t, _ = encryptionType(f)
			}
			for _, l := range m.Listeners {
				if l.Port == 8097 {
					msg := "a process listens on " + l.Address + ":8097"
					if t == "web" {
						msg += ": the management server waits for its key; the first client to connect supplies it"
					} else {
						msg += " (db.cloud.encryption.type is " + show(t) + ", so it is not CloudStack's key receiver: identify it)"
					}
					return []Result{{Status: Fail, Resource: res, Expected: "not listening", Actual: "listening on " + l.Address, Message: msg}}
				}
			}
			return []Result{{Status: Pass, Resource: res, Expected: "not listening", Actual: "not listening", Message: "nothing listens on 8097"}}
		})
	},
}
