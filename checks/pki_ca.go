package checks

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// UnsecuredKVMHosts flags KVM hosts that report no CA certificate.
var UnsecuredKVMHosts = &Check{
	ID:       "CS-PKI-007",
	Title:    "KVM hosts not secured with CA-issued certificates",
	Severity: High,
	Threat:   []string{"TM §10.1", "TM §10.13", "TM §4 B5"},
	Rationale: "At every connect the KVM agent reports whether it holds a certificate issued by the " +
		"CloudStack CA (host_details name='secured', LibvirtComputingResource:4267, since 4.11.1.0). " +
		"An unsecured agent talks to the management server without mutual TLS, and libvirt migration " +
		"between such hosts is unauthenticated. Securing the hosts is the operator's duty (TM §10.1).",
	Remediation: "cmk provision certificate hostid=<id> for each listed host (the agent reconnects with its " +
		"new certificate); afterwards consider ca.plugin.root.auth.strictness=true (CS-PKI-005).",
	References: []string{"plugins/hypervisors/kvm/src/main/java/com/cloud/hypervisor/kvm/resource/LibvirtComputingResource.java:4267@4.22.1.0",
		"utils/src/main/java/org/apache/cloudstack/utils/security/KeyStoreUtils.java:47@4.22.1.0", "server/src/main/java/com/cloud/resource/ResourceManagerImpl.java:3691-3704@4.22.1.0"},
	Requires: []snapshot.Dataset{snapshot.DataHosts, snapshot.DataHostSecured},
	Since:    "4.11.1.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		sec := map[int64]*string{}
		for _, h := range s.HostSecured {
			sec[h.HostID] = h.Value
		}
		var out []Result
		n := 0
		for _, h := range s.Hosts {
			if h.Removed || !strings.EqualFold(h.Type, "Routing") || !strings.EqualFold(h.HypervisorType, "KVM") {
				continue
			}
			n++
			status := ""
			if h.Status != "" && !strings.EqualFold(h.Status, "Up") {
				status = fmt.Sprintf(" (host is %s)", h.Status)
			}
			r := Result{Resource: HypervisorHostRes(h), Expected: "secured=true"}
			v, ok := sec[h.ID]
			switch {
			case !ok || v == nil:
				r.Status, r.Actual = Manual, "no secured row"
				r.Message = "the host has not reported whether it is secured (no reconnect since 4.11.1?); run provisionCertificate for it" + status
			case isTrue(*v):
				r.Status, r.Actual, r.Message = Pass, "true", "the agent holds a CA-issued certificate"+status
			default:
				r.Status, r.Actual = Fail, show(*v)
				r.Message = "the KVM agent has no CA-issued certificate: agent and migration traffic is not mutually authenticated" + status
			}
			if r.Status != Pass {
				out = append(out, r)
			}
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("KVM hosts"), Expected: "secured=true",
				Actual: fmt.Sprintf("%d KVM hosts", n), Message: "every KVM host reports a CA-issued certificate"})
		}
		return out
	},
}

// CertKeySize flags short or SHA-1/MD5 CA-issued certificates.
var CertKeySize = &Check{
	ID:       "CS-PKI-008",
	Title:    "CA-issued certificates use short keys or weak signatures",
	Severity: Medium,
	Threat:   []string{"TM §5a", "TM §10.1"},
	Rationale: "ca.framework.cert.keysize (default 2048) is the RSA key size of the certificates the " +
		"CloudStack CA issues to agents and system VMs (the Root CA key is twice that), and " +
		"ca.framework.cert.signature.algorithm (default SHA256withRSA) their signature. Keys below 2048 " +
		"bits or SHA-1/MD5 signatures no longer resist a determined attacker. (This is about " +
		"certificate signatures, not API request signing.)",
	Remediation: "cmk update configuration name=ca.framework.cert.keysize value=2048 (or 3072/4096) and " +
		"name=ca.framework.cert.signature.algorithm value=SHA256withRSA, then re-provision host " +
		"certificates (provisionCertificate) and restart system VMs.",
	References: []string{"api/src/main/java/org/apache/cloudstack/ca/CAManager.java:45,50@4.22.1.0", "NIST SP 800-131A Rev. 2"},
	Requires:   needSettings,
	Settings:   []string{"ca.framework.cert.keysize", "ca.framework.cert.signature.algorithm"},
	Since:      "4.11.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		out := settingRule{name: "ca.framework.cert.keysize", codeDefault: "2048", expected: ">= 2048",
			judge: intJudge("ca.framework.cert.keysize", func(n int64) (Status, string) {
				if n < 2048 {
					return Fail, fmt.Sprintf("issued certificates get %d-bit RSA keys", n)
				}
				return Pass, fmt.Sprintf("issued certificates get %d-bit RSA keys", n)
			})}.eval(s)
		out = append(out, settingRule{name: "ca.framework.cert.signature.algorithm", codeDefault: "SHA256withRSA", expected: "SHA256withRSA or stronger",
			judge: func(v string) (Status, string) {
				u := strings.ToUpper(v)
				if strings.Contains(u, "SHA1") || strings.Contains(u, "MD5") {
					return Fail, "issued certificates are signed with " + show(v)
				}
				return Pass, "issued certificates are signed with " + show(v)
			}}.eval(s)...)
		return out
	},
}

// CertAutoRenewal flags agent certificate auto-renewal disabled.
var CertAutoRenewal = &Check{
	ID:       "CS-PKI-009",
	Title:    "Automatic agent certificate renewal disabled",
	Severity: Low,
	Threat:   []string{"TM §10.1", "TM §11a.7"},
	Rationale: "ca.framework.cert.automatic.renewal (Cluster scope, default true) renews agent " +
		"certificates before they expire. Disabled, certificates lapse: hosts then keep working only " +
		"because expired certificates are accepted by default (CS-PKI-006, TM §11a.7), or drop off when " +
		"that is turned off.",
	Remediation: "cmk update configuration name=ca.framework.cert.automatic.renewal value=true " +
		"(and with clusterid=<id> for the listed clusters).",
	References: []string{"api/src/main/java/org/apache/cloudstack/ca/CAManager.java:61@4.22.1.0"},
	Requires:   []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings:   []string{"ca.framework.cert.automatic.renewal", "ca.plugin.root.allow.expired.cert"},
	Since:      "4.11.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		msg := "agent certificates are not renewed before they expire"
		if v, _, stop := globalValue(s, "ca.plugin.root.allow.expired.cert", "true"); stop == nil && !isTrue(v) {
			msg += "; with ca.plugin.root.allow.expired.cert=false the hosts will drop off when they do"
		}
		return boolRule("ca.framework.cert.automatic.renewal", true, "true", msg, true).eval(s)
	},
}

// CertValidity flags agent certificate validity longer than about a year.
var CertValidity = &Check{
	ID:       "CS-PKI-010",
	Title:    "Agent certificate validity longer than a year",
	Severity: Info,
	Threat:   []string{"TM §10.1"},
	Rationale: "ca.framework.cert.validity.period (days, default 365) is how long issued certificates " +
		"are valid. Longer lifetimes keep a stolen host key usable longer; a period at or below " +
		"ca.framework.cert.expiry.alert.period (default 15 days) makes renewal run continuously.",
	Remediation: "cmk update configuration name=ca.framework.cert.validity.period value=365.",
	References:  []string{"api/src/main/java/org/apache/cloudstack/ca/CAManager.java:56@4.22.1.0", "CA/Browser Forum BR 6.3.2 (398 days)"},
	Requires:    needSettings,
	Settings:    []string{"ca.framework.cert.validity.period", "ca.framework.cert.expiry.alert.period"},
	Since:       "4.11.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		alert := int64(15)
		if v, _, stop := globalValue(s, "ca.framework.cert.expiry.alert.period", "15"); stop == nil {
			fmt.Sscan(strings.TrimSpace(v), &alert)
		}
		return settingRule{name: "ca.framework.cert.validity.period", codeDefault: "365", expected: fmt.Sprintf("%d to 397 days", alert+1),
			judge: intJudge("ca.framework.cert.validity.period", func(n int64) (Status, string) {
				switch {
				case n > 397:
					return Fail, fmt.Sprintf("issued certificates are valid for %d days", n)
				case n <= alert:
					return Fail, fmt.Sprintf("the validity (%d days) is within the renewal alert period (%d days): renewal would run continuously", n, alert)
				}
				return Pass, fmt.Sprintf("issued certificates are valid for %d days", n)
			})}.eval(s)
	},
}
