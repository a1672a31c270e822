package checks

// Host checks: SSH, libvirt sockets, QEMU confinement, VNC, the agent's
// JVM, hooks and management-server list on KVM hosts (CS-KVM-*), and
// machine-wide clock, leftover and listener checks (CS-HOST-020+).

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

var sshdFiles = []string{sshdMain, sshdDropIn}

// sshdResults evaluates sshd for CS-KVM-001 (root) and CS-KVM-002 (anyone).
func sshdResults(m *snapshot.Machine, forRoot bool) []Result {
	lines, unknown, _, rs := sshdConfig(m)
	if lines == nil && rs != nil {
		return rs
	}
	key := "PasswordAuthentication"
	if forRoot {
		key = "PermitRootLogin"
	}
	r := Result{Resource: FileKeyRes(sshdMain, key)}
	var bad []string
	for _, sc := range sshdScenarios(lines, forRoot) {
		pw := sshdPasswordLogin(sc.vals)
		if forRoot && sc.vals["permitrootlogin"] == "yes" && pw {
			bad = append(bad, sc.name)
		}
		if !forRoot && pw {
			bad = append(bad, sc.name)
		}
	}
	if forRoot {
		r.Expected = "PermitRootLogin prohibit-password (or no), or no password authentication"
	} else {
		r.Expected = "PasswordAuthentication no, KbdInteractiveAuthentication no (or UsePAM no)"
	}
	r.Actual = strings.Join(bad, ", ")
	switch {
	case len(bad) > 0 && forRoot:
		r.Status, r.Message = Fail, "root may log in with a password ("+strings.Join(bad, "; ")+"; sshd uses the first value it reads)"
	case len(bad) > 0:
		r.Status, r.Message = Fail, "SSH accepts passwords ("+strings.Join(bad, "; ")+")"
	case len(unknown) > 0:
		r.Status, r.Message = Manual, "the probed configuration does not allow it, but sshd also includes "+strings.Join(unknown, ", ")+", which was not audited"
	case forRoot:
		r.Status, r.Actual, r.Message = Pass, "no password login for root", "root cannot log in with a password"
	default:
		r.Status, r.Actual, r.Message = Pass, "no password login", "SSH does not accept passwords"
	}
	return append(rs, r)
}

// RootPasswordSSH flags root password login over SSH.
var RootPasswordSSH = &Check{
	ID:       "CS-KVM-001",
	Title:    "Root may log in over SSH with a password",
	Severity: High,
	Threat:   []string{"TM §10.13"},
	Rationale: "Root on a KVM host controls every VM on it (and host_details may even hold that password). " +
		"CloudStack 4.22 adds hosts with the management server's system key first and uses a password only " +
		"when given (LibvirtServerDiscoverer.java:284-294@4.22.1.0), so `PermitRootLogin prohibit-password` never " +
		"breaks it. sshd takes the first value it reads (drop-ins included first on Debian 12/RHEL 9) and a " +
		"Match block overrides it; Address/Host criteria are assumed to match (worst case). Applies to every " +
		"probed machine.",
	Remediation: "In /etc/ssh/sshd_config.d/00-csaudit.conf (the first file wins) set `PermitRootLogin prohibit-password`, " +
		"`PasswordAuthentication no` and `KbdInteractiveAuthentication no`; put the management server's key " +
		"(~cloud/.ssh/id_rsa.pub) in /root/.ssh/authorized_keys; `sshd -t && systemctl reload sshd`.",
	References: []string{"sshd_config(5): PermitRootLogin, Match, Include", "plugins/hypervisors/kvm/src/main/java/com/cloud/hypervisor/kvm/discoverer/LibvirtServerDiscoverer.java", "CWE-521"},
	Requires:   needMachines,
	Files:      sshdFiles,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, "", func(m *snapshot.Machine) []Result { return sshdResults(m, true) })
	},
}

// PasswordSSH flags password authentication for anyone.
var PasswordSSH = &Check{
	ID:       "CS-KVM-002",
	Title:    "SSH password authentication enabled",
	Severity: Low,
	Threat:   []string{"TM §10.13"},
	Rationale: "Password logins to hypervisors and management servers can be guessed; key-only SSH is the " +
		"CIS/dev-sec baseline. Keyboard-interactive through PAM (UsePAM yes) accepts passwords too.",
	Remediation: "`PasswordAuthentication no` and `KbdInteractiveAuthentication no` in the first sshd_config.d " +
		"drop-in; `sshd -t && systemctl reload sshd`.",
	References: []string{"sshd_config(5)", "CIS Distribution Independent Linux 5.2", "CWE-521"},
	Requires:   needMachines,
	Files:      sshdFiles,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, "", func(m *snapshot.Machine) []Result { return sshdResults(m, false) })
	},
}

const (
	tcpSocketWants  = "/etc/systemd/system/sockets.target.wants/libvirtd-tcp.socket"
	proxySocketWant = "/etc/systemd/system/sockets.target.wants/virtproxyd-tcp.socket"
	tcpSocketMask   = "/etc/systemd/system/libvirtd-tcp.socket"
	proxySocketMask = "/etc/systemd/system/virtproxyd-tcp.socket"
	virtproxydConf  = "/etc/libvirt/virtproxyd.conf"
	vncServerCert   = "/etc/pki/libvirt-vnc/server-cert.pem"
)

// socketEnabled: a wants-link exists and the unit is not masked (a link to /dev/null).
func socketEnabled(m *snapshot.Machine, wants, mask string) bool {
	w, ok := m.File(wants)
	if !ok || !w.Exists {
		return false
	}
	if mk, ok := m.File(mask); ok && mk.Exists && mk.LinkTarget == "/dev/null" {
		return false
	}
	return true
}

// LibvirtTCPSocket flags socket-activated libvirt TCP with auth_tcp none.
var LibvirtTCPSocket = &Check{
	ID:       "CS-KVM-003",
	Title:    "libvirt TCP socket unit enabled with auth_tcp none",
	Severity: Critical,
	Threat:   []string{"TM §10.13", "TM §10.2"},
	Rationale: "With systemd socket activation (libvirt >= 5.6) the listening sockets come from libvirtd-tcp.socket " +
		"or virtproxyd-tcp.socket and listen_tcp is ignored, but auth_tcp still applies. cloudstack-setup-agent " +
		"masks these units and writes auth_tcp=\"none\" (serviceConfig.py L620, L634-651@4.22.1.0): re-enabling the " +
		"TCP socket then gives anyone who reaches 16509 full control of libvirt.",
	Remediation: "`systemctl mask --now libvirtd-tcp.socket virtproxyd-tcp.socket` (what cloudstack-setup-agent does), " +
		"keep listen_tls=1, or rerun `cloudstack-setup-agent -s`.",
	References: []string{"python/lib/cloudutils/serviceConfig.py (libvirtConfigRedhat/Ubuntu)", "libvirtd(8): SYSTEM SOCKET ACTIVATION", "CWE-306"},
	Requires:   needMachines,
	Files:      []string{tcpSocketWants, proxySocketWant, tcpSocketMask, proxySocketMask, lvdConf, virtproxydConf},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			var out []Result
			for _, u := range []struct{ unit, wants, mask, conf string }{
				{"libvirtd-tcp.socket", tcpSocketWants, tcpSocketMask, lvdConf},
				{"virtproxyd-tcp.socket", proxySocketWant, proxySocketMask, virtproxydConf},
			} {
				if !socketEnabled(m, u.wants, u.mask) {
					continue
				}
				auth := "sasl"
				if f, ok := m.File(u.conf); ok && f.Read && f.Values["auth_tcp"] != "" {
					auth = f.Values["auth_tcp"]
				}
				r := Result{Resource: FileRes(u.wants), Expected: "masked, or auth_tcp other than none", Actual: "enabled, auth_tcp=" + auth}
				if strings.EqualFold(auth, "none") {
					r.Status, r.Message = Fail, u.unit+" is enabled and "+u.conf+" has auth_tcp=\"none\": anyone reaching port 16509 controls libvirt"
				} else {
					r.Status, r.Message = Pass, u.unit+" is enabled with auth_tcp="+auth+" (CloudStack expects TLS only)"
				}
				out = append(out, r)
			}
			if len(out) == 0 {
				out = append(out, Result{Status: Pass, Resource: GroupRes("libvirt TCP socket units"), Message: "no libvirt TCP socket unit is enabled"})
			}
			return out
		})
	},
}

// secured reports whether the host has its CloudStack certificate.
func secured(m *snapshot.Machine) bool {
	f, ok := m.File(agentCrt)
	return ok && f.Exists
}

// PlainTCPAfterSecuring flags listen_tcp left on a secured host.
var PlainTCPAfterSecuring = &Check{
	ID:       "CS-KVM-004",
	Title:    "Plain libvirt TCP still on after the host was secured",
	Severity: High,
	Threat:   []string{"TM §10.13"},
	Rationale: "cloudstack-setup-agent -s writes listen_tcp=0, listen_tls=1 on secured hosts (serviceConfig.py " +
		"L607-622@4.22.1.0) and keystore-cert-import reruns it; a host with cloud.crt that still listens on plain " +
		"TCP was set up by hand or predates securing, and migration traffic and libvirt control run unprotected.",
	Remediation: "Set listen_tcp=0 in /etc/libvirt/libvirtd.conf (or rerun `cloudstack-setup-agent -s`), restart " +
		"libvirtd and close 16509 in the firewall.",
	References: []string{"python/lib/cloudutils/serviceConfig.py (configureLibvirtConfig)", "scripts/util/keystore-cert-import", "CWE-319"},
	Requires:   needMachines,
	Files:      []string{agentCrt, lvdConf, "/etc/default/libvirtd", "/etc/sysconfig/libvirtd"},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			if !secured(m) {
				return []Result{{Status: Skip, Resource: FileRes(lvdConf), Message: "not applicable: the host is not secured (no " + agentCrt + "; see CS-HOST-009)"}}
			}
			f, rs := libvirtConf(m)
			if f == nil {
				return rs
			}
			r := Result{Resource: FileKeyRes(lvdConf, "listen_tcp"), Expected: "0 on a secured host", Actual: "listen_tcp=" + show(f.Values["listen_tcp"])}
			tcp16509 := false
			for _, l := range m.Listeners {
				if l.Port == 16509 {
					tcp16509 = true
				}
			}
			if (f.Values["listen_tcp"] == "1" && libvirtListens(m)) || tcp16509 {
				r.Status, r.Message = Fail, "the host is secured but libvirt still listens on plain TCP (16509)"
			} else {
				r.Status, r.Message = Pass, "no plain TCP libvirt listener on the secured host"
			}
			return []Result{r}
		})
	},
}

// QEMUConfinement reports QEMU running unconfined (CloudStack's default).
var QEMUConfinement = &Check{
	ID:       "CS-KVM-005",
	Title:    "QEMU runs without sVirt confinement (security_driver none, SELinux/AppArmor off)",
	Severity: Info,
	Threat:   []string{"TM §9", "TM §10.13", "PR Q9"},
	Rationale: "cloudstack-setup-agent sets security_driver=\"none\", user/group root in qemu.conf, SELinux " +
		"permissive and disables the libvirtd AppArmor profile (serviceConfig.py L527-572, L655-657@4.22.1.0). " +
		"That is CloudStack's deliberate, supported configuration; the threat model disclaims hypervisor " +
		"isolation (TM §9), so this is reported for a person to weigh, never failed.",
	Remediation: "Accepted CloudStack default. If guest-escape containment is required, evaluate running QEMU as " +
		"`qemu` with sVirt/AppArmor; cloudstack-setup-agent does not support it.",
	References: []string{"python/lib/cloudutils/serviceConfig.py", "libvirt: QEMU driver security"},
	Requires:   needMachines,
	Files:      []string{qemuConf, "/etc/selinux/config", "/etc/apparmor.d/disable/usr.sbin.libvirtd"},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			f, rs := readFile(m, qemuConf, Result{Status: Skip, Message: "not applicable: no qemu.conf"})
			if f == nil {
				return rs
			}
			drv, user := f.Values["security_driver"], f.Values["user"]
			se := ""
			if c, ok := m.File("/etc/selinux/config"); ok && c.Read {
				se = c.Values["SELINUX"]
			}
			aa := false
			if d, ok := m.File("/etc/apparmor.d/disable/usr.sbin.libvirtd"); ok && d.Exists {
				aa = true
			}
			facts := fmt.Sprintf("security_driver=%s user=%s SELINUX=%s apparmor libvirtd profile %s", show(drv), orText(user, "(default)"), orText(se, "(none)"), map[bool]string{true: "disabled", false: "not disabled"}[aa])
			r := Result{Resource: FileKeyRes(qemuConf, "security_driver"), Expected: "sVirt (selinux or apparmor) confinement", Actual: facts}
			if strings.EqualFold(drv, "none") || user == "root" || aa {
				r.Status, r.Message = Manual, "QEMU runs unconfined ("+facts+"): CloudStack's default; decide whether guest-escape containment is required"
			} else {
				r.Status, r.Message = Pass, "QEMU is confined ("+facts+")"
			}
			return []Result{r}
		})
	},
}

// VNCTLSSecured flags VNC without TLS on a secured host.
var VNCTLSSecured = &Check{
	ID:       "CS-KVM-006",
	Title:    "VM consoles without TLS on a secured host",
	Severity: Low,
	Threat:   []string{"TM §10.14", "TM §10.13"},
	Rationale: "On secured hosts cloudstack-setup-agent writes vnc_tls=1, vnc_tls_x509_verify=1 and " +
		"vnc_tls_x509_cert_dir=/etc/pki/libvirt-vnc (serviceConfig.py L591-605@4.22.1.0), and keystore-cert-import " +
		"links the certificates there (L119-122). Without it consoles travel in clear between host and console " +
		"proxy; with vnc_tls=1 but no certificate VMs fail to start.",
	Remediation: "Provision host security keys (`cmk provisionCertificate hostid=<id>`), which reruns " +
		"`cloudstack-setup-agent -s`; then stop/start the VMs.",
	References: []string{"python/lib/cloudutils/serviceConfig.py (configure_libvirt_tls)", "scripts/util/keystore-cert-import", "CWE-319"},
	Requires:   needMachines,
	Files:      []string{agentCrt, qemuConf, vncServerCert},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			if !secured(m) {
				return []Result{{Status: Skip, Resource: FileRes(qemuConf), Message: "not applicable: the host is not secured (see CS-HOST-009)"}}
			}
			f, rs := readFile(m, qemuConf, Result{Status: Skip, Message: "not applicable: no qemu.conf"})
			if f == nil {
				return rs
			}
			r := Result{Resource: FileKeyRes(qemuConf, "vnc_tls"), Expected: "1 with the CloudStack certificate", Actual: "vnc_tls=" + show(f.Values["vnc_tls"])}
			c, ok := m.File(vncServerCert)
			switch {
			case f.Values["vnc_tls"] != "1":
				r.Status, r.Message = Fail, "the host is secured but VNC consoles are not encrypted (vnc_tls is not 1)"
			case !ok || !c.Exists || c.Effective() == nil:
				r.Status, r.Message = Fail, "vnc_tls=1 but "+vncServerCert+" is missing or dangling: VMs will not start"
			default:
				r.Status, r.Message = Pass, "VNC consoles use TLS"
			}
			return []Result{r}
		})
	},
}

// VNCListeners flags VM console sockets beyond the host's private address.
var VNCListeners = &Check{
	ID:       "CS-KVM-007",
	Title:    "VM console (VNC) sockets bound beyond the host's private address",
	Severity: Low,
	Threat:   []string{"TM §10.14"},
	Rationale: "CloudStack starts every VM with its VNC listen address set to the host's private IP " +
		"(LibvirtStartCommandWrapper L59 setVncAddr(host private IP), LibvirtVMDef.GraphicDef@4.22.1.0). A VNC " +
		"socket (5900-6100) on every address or another interface belongs to a VM defined outside CloudStack or " +
		"one without a listen address, reachable beyond the console proxy network.",
	Remediation: "Find the domain (`virsh dumpxml`), start VMs through CloudStack, and restrict TCP 5900-6100 to " +
		"the console proxy network.",
	References: []string{"plugins/hypervisors/kvm/src/main/java/com/cloud/hypervisor/kvm/resource/wrapper/LibvirtStartCommandWrapper.java", "CWE-668"},
	Requires:   needMachines,
	Eval: func(s *snapshot.Snapshot) []Result {
		addrs := managementAddresses(s)
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			res := GroupRes("VNC listeners 5900-6100")
			if !m.ListenersRead {
				return []Result{{Status: Skip, Resource: res, Message: "not applicable: listening sockets were not read (audit of a directory tree)"}}
			}
			var wide, other []string
			n := 0
			for _, l := range m.Listeners {
				if l.Port < 5900 || l.Port > 6100 {
					continue
				}
				n++
				switch addrs.classify(l.Address) {
				case "all interfaces":
					wide = append(wide, fmt.Sprintf("%s:%d", l.Address, l.Port))
				case "other":
					other = append(other, fmt.Sprintf("%s:%d", l.Address, l.Port))
				}
			}
			switch {
			case n == 0:
				return []Result{{Status: Pass, Resource: res, Message: "no VNC listener"}}
			case len(wide) > 0:
				return []Result{{Status: Fail, Resource: res, Expected: "the host's private address", Actual: strings.Join(wide, ", "), Message: "VM consoles listen on every address: " + strings.Join(wide, ", ")}}
			case len(other) > 0 && !addrs.known:
				return []Result{{Status: Manual, Resource: res, Actual: strings.Join(other, ", "), Message: "VNC listeners on " + strings.Join(other, ", ") + ": the hosts' private addresses are unknown (database not audited); check they are the private network"}}
			case len(other) > 0:
				return []Result{{Status: Fail, Resource: res, Expected: "the host's private address", Actual: strings.Join(other, ", "), Message: "VM consoles listen on an address that is no host's private IP: " + strings.Join(other, ", ")}}
			}
			return []Result{{Status: Pass, Resource: res, Message: "VM consoles listen only on the private address or loopback"}}
		})
	},
}

// AgentJVM flags JDWP or unauthenticated JMX on the KVM agent.
var AgentJVM = &Check{
	ID:       "CS-KVM-008",
	Title:    "Java remote debugging or unauthenticated JMX on the KVM agent",
	Severity: Critical,
	Threat:   []string{"TM §10.13"},
	Rationale: "The agent runs as root (cloudstack-agent.service has no User=). Its packaged " +
		"/etc/default/cloudstack-agent carries JAVA_DEBUG with address=*:8000 commented out (cloudstack-agent.default " +
		"L26@4.22.1.0); enabled, anyone reaching the port runs code as root on the hypervisor.",
	Remediation: fmt.Sprintf(jvmRemediation, agentUnit.envFile, agentUnit.dropIns, agentUnit.name),
	References:  []string{"packaging/systemd/cloudstack-agent.default", "packaging/systemd/cloudstack-agent.service", "CWE-489"},
	Requires:    needMachines,
	Files:       agentUnit.files(),
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			return append(jvmDebugResults(m, agentUnit, "KVM agent (root)"), jmxResults(m, agentUnit, "KVM agent")...)
		})
	},
}

const (
	agentHooksDir = agentDir + "hooks"
	libvirtHooks  = "/etc/libvirt/hooks"
	libvirtQemuHk = "/etc/libvirt/hooks/qemu"
)

// WritableHooks flags hook scripts others can change.
var WritableHooks = &Check{
	ID:       "CS-KVM-009",
	Title:    "Agent or libvirt hook scripts writable by non-root",
	Severity: High,
	Threat:   []string{"TM §10.13"},
	Rationale: "The agent runs Groovy and shell hooks from agent.hooks.basedir (default /etc/cloudstack/agent/hooks; " +
		"LibvirtKvmAgentHook, new GroovyScriptEngine) inside its root JVM, and libvirtd runs /etc/libvirt/hooks/qemu " +
		"as root (installed by the agent package). Whoever can write them runs code as root on the hypervisor.",
	Remediation: "`chown -R root:root /etc/cloudstack/agent/hooks /etc/libvirt/hooks && chmod -R go-w /etc/cloudstack/agent/hooks /etc/libvirt/hooks`.",
	References:  []string{"plugins/hypervisors/kvm/src/main/java/org/apache/cloudstack/utils/hypervisor/HypervisorUtils.java", "packaging/el8/cloud.spec (%files agent)", "CWE-732"},
	Requires:    needMachines,
	Files:       []string{agentHooksDir, agentHooksDir + "/*", libvirtHooks, libvirtQemuHk},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			var files []*snapshot.File
			for _, p := range []string{agentHooksDir, libvirtHooks, libvirtQemuHk} {
				if f, ok := m.File(p); ok {
					files = append(files, f)
				}
			}
			files = append(files, m.Glob(agentHooksDir+"/*")...)
			var out []Result
			for _, f := range files {
				if hidden(f) {
					out = append(out, cannotRead(f.Path, "tell whether %s exists", f.Error))
					continue
				}
				if !f.Exists {
					continue
				}
				st := f.Effective()
				if st == nil {
					out = append(out, cannotRead(f.Path, "judge", orText(f.Error, "the link target could not be examined")))
					continue
				}
				r := Result{Resource: FileRes(f.Path), Expected: "owned by root, not group/other writable", Actual: statString(st)}
				var why []string
				if st.Owner != "root" {
					why = append(why, "owned by "+st.Owner)
				}
				if perm(st.Mode)&0o022 != 0 {
					why = append(why, "mode "+st.Mode+" lets others write it")
				}
				if f.IsLink() && f.Resolved != "" && !strings.HasPrefix(f.Resolved, "/etc/") && !strings.HasPrefix(f.Resolved, "/usr/") {
					why = append(why, "links to "+f.Resolved+", outside /etc and /usr")
				}
				if len(why) > 0 {
					r.Status, r.Message = Fail, "hook code runs as root but "+strings.Join(why, "; ")
				} else {
					r.Status, r.Message = Pass, "only root can change it"
				}
				out = append(out, r)
			}
			if len(out) == 0 {
				out = append(out, Result{Status: Pass, Resource: GroupRes("hook scripts"), Message: "no hook directories or scripts"})
			}
			return out
		})
	},
}

// AgentUnknownMS flags agent.properties host= entries not in mshost.
var AgentUnknownMS = &Check{
	ID:       "CS-KVM-010",
	Title:    "KVM agent configured for management servers not in the cluster",
	Severity: Low,
	Threat:   []string{"TM §10.1", "TM §4 B5"},
	Rationale: "agent.properties host= is the list of management servers the agent connects to on 8250. An " +
		"address that is no registered management server (mshost.service_ip) is stale configuration at best; " +
		"without the agent key store (CS-HOST-009) whoever holds that address commands the host.",
	Remediation: "Set host= to the management servers (or the load-balancer address), normally written by " +
		"cloudstack-setup-agent -m and indirect.agent.lb updates; restart cloudstack-agent.",
	References: []string{"agent/conf/agent.properties", "CWE-923"},
	Requires:   []snapshot.Dataset{snapshot.DataMachines, snapshot.DataMgmtServers},
	Files:      []string{agentProps},
	Eval: func(s *snapshot.Snapshot) []Result {
		known := map[string]bool{}
		for _, ip := range liveMgmtServers(s) {
			known[ip] = true
		}
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			f, rs := readFile(m, agentProps, Result{Status: Skip, Message: "not applicable: no agent.properties"})
			if f == nil {
				return rs
			}
			r := Result{Resource: FileKeyRes(agentProps, "host"), Expected: "registered management servers", Actual: show(f.Values["host"])}
			var unknown, names []string
			for _, h := range strings.Split(f.Values["host"], ",") {
				h = strings.TrimSpace(h)
				if h == "" {
					continue
				}
				if _, err := netip.ParseAddr(h); err != nil {
					names = append(names, h)
					continue
				}
				if !known[h] {
					unknown = append(unknown, h)
				}
			}
			sort.Strings(unknown)
			switch {
			case len(unknown) > 0:
				r.Status, r.Message = Fail, "the agent connects to "+strings.Join(unknown, ", ")+", which is no registered management server"
			case len(names) > 0:
				r.Status, r.Message = Manual, "the agent connects to "+strings.Join(names, ", ")+" (names or a load balancer): check they resolve to the management servers"
			case f.Values["host"] == "":
				r.Status, r.Message = Manual, "agent.properties has no host= (the agent has never been set up)"
			default:
				r.Status, r.Message = Pass, "the agent connects only to registered management servers"
			}
			return []Result{r}
		})
	},
}

// Clock synchronisation facts (CS-HOST-020).
var (
	clockRunning = []string{"/run/systemd/timesync/synchronized", "/run/chrony/chronyd.pid", "/run/chronyd.pid", "/run/ntpd.pid"}
	clockEnabled = []string{
		"/etc/systemd/system/multi-user.target.wants/chrony.service", "/etc/systemd/system/multi-user.target.wants/chronyd.service",
		"/etc/systemd/system/multi-user.target.wants/ntp.service", "/etc/systemd/system/multi-user.target.wants/ntpd.service",
		"/etc/systemd/system/multi-user.target.wants/ntpsec.service", "/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service",
	}
	clockConfigs = []string{"/etc/chrony/chrony.conf", "/etc/chrony.conf", "/etc/ntp.conf", "/etc/ntpsec/ntp.conf", "/etc/systemd/timesyncd.conf"}
	clockDropIns = "/etc/systemd/timesyncd.conf.d/*.conf"
)

func clockFiles() []string {
	out := append(append(append([]string(nil), clockRunning...), clockEnabled...), clockConfigs...)
	return append(out, clockDropIns)
}

// ClockSync flags machines without time synchronisation.
var ClockSync = &Check{
	ID:       "CS-HOST-020",
	Title:    "No clock synchronisation configured",
	Severity: Low,
	Threat:   []string{"TM §5", "PR Q14"},
	Rationale: "Signed API requests (expires), session timeouts, certificate validity and CA renewal (CS-HOST-002) " +
		"and KVM HA heartbeats all compare clocks across the management servers, database and hosts.",
	Remediation: "Install and enable chrony (`systemctl enable --now chronyd` or `chrony`) with reachable NTP " +
		"servers; keep management servers, database and KVM hosts on the same sources.",
	References: []string{"chrony.conf(5)", "systemd-timesyncd.service(8)"},
	Requires:   needMachines,
	Files:      clockFiles(),
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, "", func(m *snapshot.Machine) []Result {
			res := GroupRes("clock synchronisation")
			exists := func(p string) bool { f, ok := m.File(p); return ok && f.Exists }
			var running, enabled []string
			for _, p := range clockRunning {
				if exists(p) {
					running = append(running, p)
				}
			}
			timesyncd := false
			for _, p := range clockEnabled {
				if exists(p) {
					enabled = append(enabled, p[strings.LastIndex(p, "/")+1:])
					timesyncd = timesyncd || strings.Contains(p, "timesyncd")
				}
			}
			sources := 0
			for _, p := range clockConfigs {
				if f, ok := m.File(p); ok && f.Read {
					for _, d := range f.Directives {
						switch d.Key {
						case "server", "pool", "peer", "refclock", "sourcedir", "ntp":
							sources++
						}
					}
				}
			}
			for _, f := range m.Glob(clockDropIns) {
				for _, d := range f.Directives {
					if d.Key == "ntp" {
						sources++
					}
				}
			}
			if timesyncd {
				sources++ // timesyncd has compiled-in fallback servers
			}
			actual := fmt.Sprintf("running: %s; enabled: %s; %d time sources", orText(strings.Join(running, ", "), "none"), orText(strings.Join(enabled, ", "), "none"), sources)
			r := Result{Resource: res, Expected: "a running time daemon with sources", Actual: actual}
			switch {
			case len(running) > 0 && sources > 0:
				r.Status, r.Message = Pass, "the clock is synchronised ("+strings.Join(running, ", ")+")"
			case len(enabled) > 0 && sources > 0 && !m.ListenersRead:
				r.Status, r.Message = Pass, "a time daemon is enabled with sources ("+strings.Join(enabled, ", ")+"; directory audit: running state not judged)"
			case len(enabled) > 0 || len(running) > 0:
				r.Status, r.Message = Manual, "a time daemon is enabled or running but not shown synchronised with sources ("+actual+"): check `timedatectl` / `chronyc tracking`"
			default:
				r.Status, r.Message = Fail, "no time daemon is enabled or running"
			}
			return []Result{r}
		})
	},
}

const sysconfigMgmt = "/etc/sysconfig/cloudstack-management"

// LeftoverEnvFile reports /etc/sysconfig/cloudstack-management.
var LeftoverEnvFile = &Check{
	ID:       "CS-HOST-021",
	Title:    "Leftover management environment file not used by the unit",
	Severity: Info,
	Threat:   []string{"TM §10.6"},
	Rationale: "The management unit reads EnvironmentFile=/etc/default/cloudstack-management " +
		"(cloudstack-management.service L34@4.22.1.0) and the RPM %post deletes /etc/sysconfig/cloudstack-management " +
		"(packaging/el8/cloud.spec L488-489). A copy left there is not in effect, misleads reviewers, and may still " +
		"hold CLOUD_SECRET_KEY or debug flags.",
	Remediation: "Move anything still needed to /etc/default/cloudstack-management and remove /etc/sysconfig/cloudstack-management.",
	References:  []string{"packaging/systemd/cloudstack-management.service", "packaging/el8/cloud.spec"},
	Requires:    needMachines,
	Files:       []string{sysconfigMgmt, mgmtUnit.dropIns},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleManagement, func(m *snapshot.Machine) []Result {
			f, ok := m.File(sysconfigMgmt)
			if !ok || !f.Exists {
				return []Result{{Status: Pass, Resource: FileRes(sysconfigMgmt), Expected: "absent", Actual: "absent", Message: "no leftover environment file"}}
			}
			for _, d := range m.Glob(mgmtUnit.dropIns) {
				for _, x := range d.Directives {
					if x.Key == "EnvironmentFile" && strings.TrimPrefix(x.Value, "-") == sysconfigMgmt {
						return []Result{{Status: Pass, Resource: FileRes(sysconfigMgmt), Expected: "absent or named by the unit", Actual: "named by " + d.Path, Message: "the file is used through a unit drop-in"}}
					}
				}
			}
			msg := "the file is not read by cloudstack-management.service; remove it"
			if f.Read {
				if sf, ok := f.Secrets["CLOUD_SECRET_KEY"]; ok && sf.Present {
					msg += " (it holds CLOUD_SECRET_KEY)"
				}
				if strings.Contains(f.Values["JAVA_DEBUG"]+f.Values["JAVA_OPTS"], "jdwp") {
					msg += " (it holds a JDWP option)"
				}
			}
			return []Result{{Status: Fail, Resource: FileRes(sysconfigMgmt), Expected: "absent", Actual: "present", Message: msg}}
		})
	},
}

// servicePorts are the CloudStack ports judged by CS-HOST-022, and the
// role whose machine opens them.
var servicePorts = []struct {
	port int
	what string
	role string
}{
	{8250, "agent and system VM port", snapshot.RoleManagement},
	{9090, "cluster servlet", snapshot.RoleManagement},
	{16509, "libvirt TCP", snapshot.RoleKVM},
	{16514, "libvirt TLS", snapshot.RoleKVM},
}

// ServiceListeners flags CloudStack ports on addresses that are neither
// loopback, every address, nor a management/private address.
var ServiceListeners = &Check{
	ID:       "CS-HOST-022",
	Title:    "CloudStack service ports bound to a non-management address",
	Severity: Low,
	Threat:   []string{"TM §10.2", "TM §10.13"},
	Rationale: "8250, 9090 (management servers) and 16509/16514 (KVM hosts) serve peers on the management/private " +
		"network. A socket bound to one specific address that is no management server's service_ip and no host's " +
		"private IP is on another network (public, storage) than CloudStack uses. A wildcard alone is not a " +
		"finding here: 8250 always binds every address (NioServer.java:59-60@4.22.1.0); 9090 and 16509 wildcards " +
		"are CS-MGMT-003/004 and CS-KVM-003/004.",
	Remediation: "Bind the service to the management/private address (cluster.node.IP for 9090, listen_addr in " +
		"libvirtd.conf for 16509/16514) or firewall the port to the management network.",
	References: []string{"utils/src/main/java/com/cloud/utils/nio/NioServer.java", "CWE-668"},
	Requires:   []snapshot.Dataset{snapshot.DataMachines},
	Eval: func(s *snapshot.Snapshot) []Result {
		addrs := managementAddresses(s)
		return eachMachine(s, "", func(m *snapshot.Machine) []Result {
			res := GroupRes("CloudStack service listeners")
			if !m.ListenersRead {
				return []Result{{Status: Skip, Resource: res, Message: "not applicable: listening sockets were not read (audit of a directory tree)"}}
			}
			if !addrs.known {
				return []Result{{Status: Skip, Resource: res, Message: "not audited: the management and host addresses come from the database, which was not audited"}}
			}
			var out []Result
			for _, sp := range servicePorts {
				if !m.HasRole(sp.role) {
					continue
				}
				for _, l := range m.Listeners {
					if l.Port == sp.port && addrs.classify(l.Address) == "other" {
						out = append(out, Result{Status: Fail, Resource: ListenerRes(sp.what, sp.port), Expected: "loopback or a management/private address",
							Actual: l.Address, Message: fmt.Sprintf("the %s listens on %s:%d, which is no management server or host address", sp.what, l.Address, sp.port)})
					}
				}
			}
			if len(out) == 0 {
				out = append(out, Result{Status: Pass, Resource: res, Message: "CloudStack service ports are on loopback, management/private addresses or every address"})
			}
			return out
		})
	},
}
