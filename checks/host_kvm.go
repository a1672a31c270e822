package checks

// Host checks: the KVM agent, its certificates, libvirt and QEMU.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// CA framework settings that govern automatic renewal of host
// certificates (CAManager.java:59-79@4.22.1.0, Cluster scope, dynamic).
const (
	caAlertPeriod = "ca.framework.cert.expiry.alert.period"
	caAutoRenew   = "ca.framework.cert.automatic.renewal"
)

// renewalPolicy returns the alert period in days and whether automatic
// renewal is on (global values; cluster overrides are not matched to hosts).
func renewalPolicy(s *snapshot.Snapshot) (days int, auto bool, known bool) {
	days, auto = 15, true
	if st, ok := s.Setting(caAlertPeriod); ok {
		v, _ := effective(st, "15")
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
			days = n
		}
		known = true
	}
	if st, ok := s.Setting(caAutoRenew); ok {
		v, _ := effective(st, "true")
		auto = isTrue(v)
		known = true
	}
	return days, auto, known
}

// AgentCertExpiry flags an expired host certificate, or one inside the
// renewal window without automatic renewal.
var AgentCertExpiry = &Check{
	ID:       "CS-HOST-002",
	Title:    "KVM host certificate expired, or due without automatic renewal",
	Severity: Medium,
	Threat:   []string{"TM §10.1", "TM §10.13"},
	Rationale: "/etc/cloudstack/agent/cloud.crt authenticates the agent to the management server and " +
		"secures libvirt TLS migration. CloudStack's CA background task renews a connected host's " +
		"certificate once it is within ca.framework.cert.expiry.alert.period days (default 15) of expiry when " +
		"ca.framework.cert.automatic.renewal is true (the default; CAManagerImpl.java:298-371@4.22.1.0). " +
		"So a certificate inside that window is CloudStack's job while renewal is on; it is a finding when it " +
		"expired, or when renewal is off. Once expired, the host disconnects when strictness is on, or keeps " +
		"working only because expired certificates are accepted (TM §11a.7).",
	Remediation: "Renew the host certificate with `cmk provisionCertificate hostid=<id>` (or set " +
		"ca.framework.cert.automatic.renewal=true) and check the new expiry with " +
		"`openssl x509 -enddate -noout -in /etc/cloudstack/agent/cloud.crt`; a host that is not Up is not renewed.",
	References: []string{"scripts/util/keystore-cert-import", "server/src/main/java/org/apache/cloudstack/ca/CAManagerImpl.java (CABackgroundTask)", "CWE-298"},
	Requires:   needMachines,
	Settings:   []string{caAlertPeriod, caAutoRenew},
	Files:      []string{agentCrt},
	Eval: func(s *snapshot.Snapshot) []Result {
		days, auto, known := renewalPolicy(s)
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			f, rs := readFile(m, agentCrt, Result{Status: Skip, Message: "not applicable: the host has no certificate (see CS-HOST-009)"})
			if f == nil {
				return rs
			}
			if f.Certificate == nil {
				return []Result{{Status: Error, Resource: FileRes(agentCrt), Message: "cannot parse the certificate: " + f.CertError}}
			}
			c := f.Certificate
			window := time.Duration(days) * 24 * time.Hour
			res := Result{Resource: FileRes(agentCrt), Expected: fmt.Sprintf("valid, renewed automatically within %d days of expiry", days), Actual: "not after " + c.NotAfter.Format(time.DateOnly)}
			policy := fmt.Sprintf("%s=%d, %s=%t", caAlertPeriod, days, caAutoRenew, auto)
			if !known {
				policy = "CloudStack defaults (15 days, automatic renewal on; settings not audited)"
			}
			left := c.NotAfter.Sub(s.CollectedAt)
			leftDays := int(left.Hours() / 24)
			switch {
			case left < 0:
				res.Status, res.Message = Fail, "the host certificate expired on "+c.NotAfter.Format(time.DateOnly)
				if auto {
					res.Message += "; automatic renewal did not replace it (is the host Up and connected?)"
				}
			case left < window && auto:
				res.Status, res.Message = Manual, fmt.Sprintf("the host certificate expires in %d days, inside CloudStack's renewal window (%s): the CA task should renew it within the hour; verify the host is Up and the new expiry", leftDays, policy)
			case left < window:
				res.Status, res.Message = Fail, fmt.Sprintf("the host certificate expires in %d days and automatic renewal is off (%s)", leftDays, policy)
			case left < NearExpiry && !auto:
				res.Status, res.Message = Pass, fmt.Sprintf("valid until %s (%d days); automatic renewal is off, renew it before then", c.NotAfter.Format(time.DateOnly), leftDays)
			default:
				res.Status, res.Message = Pass, "valid until "+c.NotAfter.Format(time.DateOnly)
			}
			return []Result{res}
		})
	},
}

// AgentWithoutKeystore flags a KVM agent that trusts any server.
var AgentWithoutKeystore = &Check{
	ID:       "CS-HOST-009",
	Title:    "KVM agent without a key store trusts any management server",
	Severity: High,
	Threat:   []string{"TM §10.1", "TM §10.13", "TM §4 B5"},
	Rationale: "Without /etc/cloudstack/agent/cloud.jks the agent connects to port 8250 with a trust-all " +
		"manager (Link.initClientSSLContext): anyone who can redirect its traffic poses as the " +
		"management server and commands the hypervisor. The host is also not 'secured' for the CA framework.",
	Remediation: "Secure the host: `cmk provisionCertificate hostid=<id>` (or re-add it) so the agent gets " +
		"cloud.jks, cloud.key and cloud.crt, then check listHosts shows it secured.",
	References: []string{"utils/src/main/java/com/cloud/utils/nio/Link.java (TrustAllManager)", "CWE-295"},
	Requires:   needMachines,
	Files:      []string{agentDir + "cloud.jks"},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			const p = agentDir + "cloud.jks"
			f, ok := m.File(p)
			r := Result{Resource: FileRes(p), Expected: "present"}
			if hidden(f) {
				return []Result{cannotRead(p, "tell whether the key store %s exists", f.Error)}
			}
			if ok && f.Exists {
				r.Status, r.Actual, r.Message = Pass, "present", "the agent has its key store"
			} else {
				r.Status, r.Actual, r.Message = Fail, "missing", "the agent has no key store and accepts any server certificate on port 8250"
			}
			return []Result{r}
		})
	},
}

// libvirtFiles are read to tell whether libvirtd listens on the network.
var libvirtFiles = []string{lvdConf, "/etc/default/libvirtd", "/etc/sysconfig/libvirtd"}

var libvirtTLSFiles = []string{"/etc/pki/libvirt/servercert.pem", "/etc/pki/libvirt/private/serverkey.pem", "/etc/pki/CA/cacert.pem"}

func libvirtConf(m *snapshot.Machine) (*snapshot.File, []Result) {
	return readFile(m, "/etc/libvirt/libvirtd.conf", Result{Status: Skip, Message: "not applicable: no libvirtd.conf"})
}

// libvirtListens reports whether libvirtd is configured or seen to listen
// on the network (--listen in its defaults file, or a socket on 16509/16514).
func libvirtListens(m *snapshot.Machine) bool {
	for _, p := range []string{"/etc/default/libvirtd", "/etc/sysconfig/libvirtd"} {
		if f, ok := m.File(p); ok && f.Read {
			for _, k := range []string{"LIBVIRTD_ARGS", "libvirtd_opts"} {
				v := " " + f.Values[k] + " "
				if strings.Contains(v, "--listen") || strings.Contains(v, " -l ") {
					return true
				}
			}
		}
	}
	for _, l := range m.Listeners {
		if l.Port == 16509 || l.Port == 16514 {
			return true
		}
	}
	return false
}

// LibvirtTCPNoAuth flags unauthenticated libvirt TCP.
var LibvirtTCPNoAuth = &Check{
	ID:       "CS-HOST-010",
	Title:    "libvirt listens on TCP without authentication",
	Severity: Critical,
	Threat:   []string{"TM §10.13", "TM §10.2"},
	Rationale: "listen_tcp=1 with auth_tcp=\"none\" lets anyone who reaches port 16509 control libvirt, " +
		"i.e. every VM on the host and root on the host itself. CloudStack's secured hosts use TLS " +
		"(listen_tls=1) instead.",
	Remediation: "In /etc/libvirt/libvirtd.conf set listen_tcp=0 (or auth_tcp=\"sasl\" with credentials), " +
		"keep listen_tls=1 with the CloudStack certificates, and restart libvirtd.",
	References: []string{"python/lib/cloudutils/serviceConfig.py (configureLibvirtConfig)", "CWE-306"},
	Requires:   needMachines,
	Files:      libvirtFiles,
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			f, rs := libvirtConf(m)
			if f == nil {
				return rs
			}
			tcp, auth := f.Values["listen_tcp"], f.Values["auth_tcp"]
			r := Result{Resource: FileKeyRes("/etc/libvirt/libvirtd.conf", "listen_tcp/auth_tcp"), Expected: "listen_tcp=0, or auth_tcp other than none",
				Actual: fmt.Sprintf("listen_tcp=%s auth_tcp=%s", show(tcp), show(auth))}
			open := tcp == "1" && strings.EqualFold(auth, "none")
			switch {
			case open && libvirtListens(m):
				r.Status, r.Message = Fail, "libvirt accepts unauthenticated TCP connections: anyone reaching port 16509 controls the host"
			case open:
				r.Status, r.Message = Fail, "libvirtd.conf allows unauthenticated TCP; it takes effect as soon as libvirtd runs with --listen or socket activation"
			default:
				r.Status, r.Message = Pass, "no unauthenticated TCP access to libvirt"
			}
			return []Result{r}
		})
	},
}

// LibvirtTLSNoCerts flags libvirt TLS without certificates.
var LibvirtTLSNoCerts = &Check{
	ID:       "CS-HOST-011",
	Title:    "libvirt TLS enabled without certificates",
	Severity: Medium,
	Threat:   []string{"TM §10.13"},
	Rationale: "When libvirtd listens with listen_tls=1 (the default) it needs /etc/pki/libvirt/servercert.pem, " +
		"private/serverkey.pem and /etc/pki/CA/cacert.pem, which keystore-cert-import links to the " +
		"CloudStack host certificate. Without them secured live migration fails and operators fall " +
		"back to unauthenticated TCP.",
	Remediation: "Provision the host certificate (`cmk provisionCertificate hostid=<id>`), which links the " +
		"libvirt certificate files, and restart libvirtd.",
	References: []string{"scripts/util/keystore-cert-import", "CloudStack admin guide: hosts, Securing Process"},
	Requires:   needMachines,
	Files:      append(append([]string(nil), libvirtFiles...), libvirtTLSFiles...),
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			f, rs := libvirtConf(m)
			if f == nil {
				return rs
			}
			tls := f.Values["listen_tls"]
			r := Result{Resource: FileKeyRes("/etc/libvirt/libvirtd.conf", "listen_tls"), Expected: "certificates present when TLS listens", Actual: "listen_tls=" + show(tls)}
			if tls == "0" || !libvirtListens(m) {
				r.Status, r.Message = Pass, "libvirt does not listen with TLS"
				return []Result{r}
			}
			var missing []string
			for _, p := range libvirtTLSFiles {
				if cf, ok := m.File(p); !ok || !cf.Exists || (cf.LinkTarget != "" && cf.Target == nil) {
					missing = append(missing, p)
				}
			}
			if len(missing) > 0 {
				r.Status, r.Message = Fail, "libvirt listens with TLS but lacks "+strings.Join(missing, ", ")
			} else {
				r.Status, r.Message = Pass, "libvirt TLS certificates are in place"
			}
			return []Result{r}
		})
	},
}

// VNCAllAddresses flags VNC consoles on every interface.
var VNCAllAddresses = &Check{
	ID:       "CS-HOST-012",
	Title:    "qemu.conf default VNC address is every host address",
	Severity: Info,
	Threat:   []string{"TM §10.14", "TM §10.13"},
	Rationale: "cloudstack-setup-agent sets vnc_listen=\"0.0.0.0\" in qemu.conf. It is only the default: " +
		"CloudStack writes listen='<host private IP>' into every VM it starts (LibvirtStartCommandWrapper L59, " +
		"LibvirtVMDef.GraphicDef@4.22.1.0), which overrides it, so this affects only domains defined outside " +
		"CloudStack. The real exposure is judged from the VNC listeners (CS-KVM-007); this is informational.",
	Remediation: "Restrict TCP 5900-6100 on the host firewall to the console proxy VMs' network (or bind " +
		"vnc_listen to the management/private interface address) and consider vnc_tls=1.",
	References: []string{"python/lib/cloudutils/serviceConfig.py", "CWE-668"},
	Requires:   needMachines,
	Files:      []string{qemuConf},
	Eval: func(s *snapshot.Snapshot) []Result {
		return eachMachine(s, snapshot.RoleKVM, func(m *snapshot.Machine) []Result {
			const p = "/etc/libvirt/qemu.conf"
			f, rs := readFile(m, p, Result{Status: Skip, Message: "not applicable: no qemu.conf"})
			if f == nil {
				return rs
			}
			v, set := f.Values["vnc_listen"]
			res := Result{Resource: FileKeyRes(p, "vnc_listen"), Expected: "a specific address", Actual: show(v)}
			switch {
			case set && allAddresses(v) && f.Values["vnc_tls"] == "1" && f.Values["vnc_tls_x509_verify"] == "1":
				res.Status, res.Message = Pass, "VNC consoles listen on every address but require TLS client certificates"
			case set && allAddresses(v):
				res.Status, res.Message = Fail, "VNC consoles listen on every address"
				if f.Values["vnc_tls"] == "1" {
					res.Message += " (with TLS but without client-certificate verification)"
				}
			default:
				res.Status, res.Message = Pass, "VNC consoles listen on loopback or a specific address"
				if !set {
					res.Actual = "(default 127.0.0.1)"
				}
			}
			return []Result{res}
		})
	},
}
