package checks

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Advisory preconditions csaudit can judge from the snapshot. An advisory
// affecting the installed version whose precondition is proven absent is a
// pass that says why (upgrade before enabling the feature); present or
// unknown, it fails and the message says which. Sources (4.22.1.0):
//   - saml2.enabled: SAML2AuthManager.java L28; the advisories of
//     CVE-2022-35741 and CVE-2024-41107 name saml2.enabled=false as the
//     workaround (CVE-2026-68745: inferred, no workaround stated).
//   - oauth2.enabled: OauthLoginAPIAuthenticatorCmd.java L118 and
//     OAuth2UserAuthenticator.java L52 refuse OAuth2 login when false.
//   - quota.enable.service: QuotaServiceImpl.java L111-116 registers only
//     quotaIsEnabled when false (CVE-2024-45461 workaround).
//   - backup.framework.enabled: BackupManagerImpl.java L1657-1658, disabled in
//     every zone when the global value is false.
//   - cloud.kubernetes.service.enabled: KubernetesClusterManagerImpl.java
//     L2472-2476 registers no CKS command when false.
//   - project.invite.required (Config.java L1404; the advisory data's
//     "project.invitation.required" does not exist): invitations are only
//     sent when required, by mail through project.smtp.host.
//   - user.vm.denied.details containing proxmox_vmid: the CVE-2026-25199
//     workaround.
type precondition struct {
	what string // the precondition, as the advisory states it
	// eval returns absent=true with the evidence when the data proves the
	// precondition absent; otherwise why says it is present or unknown.
	eval func(s *snapshot.Snapshot) (absent bool, why string)
	// settings are the configuration names eval reads.
	settings []string
}

// settingOff reports whether a boolean setting is false globally and,
// when scoped, in every override too. known is false when the data cannot
// tell (settings not collected, setting not in this release's table).
func settingOff(s *snapshot.Snapshot, name string, scoped bool) (off, known bool, why string) {
	if a := s.Availability(snapshot.DataSettings); a.Status != snapshot.Collected {
		return false, false, "precondition not checked: settings were not collected"
	}
	st, ok := s.Setting(name)
	if !ok {
		return false, false, "precondition not checked: no setting " + name + " in the snapshot"
	}
	v, _, _ := effectiveIn(s, st)
	if isTrue(v) {
		return false, true, "precondition present: " + name + "=true"
	}
	if scoped {
		if a := s.Availability(snapshot.DataScopedSettings); a.Status != snapshot.Collected {
			return false, false, fmt.Sprintf("precondition not checked: %s=%s globally, scoped overrides were not collected", name, show(v))
		}
		for _, o := range s.Overrides(name) {
			if o.Value != nil && isTrue(*o.Value) {
				return false, true, fmt.Sprintf("precondition present: %s=true for %s %d", name, o.Scope, o.ScopeID)
			}
		}
		return true, true, name + "=" + show(v) + " and no override enables it"
	}
	return true, true, name + "=" + show(v)
}

func offPre(what, name string, scoped bool, inferred bool) precondition {
	return precondition{what: what, settings: []string{name}, eval: func(s *snapshot.Snapshot) (bool, string) {
		off, _, why := settingOff(s, name, scoped)
		if off && inferred {
			why += " (inferred: the advisory states no workaround)"
		}
		return off, why
	}}
}

var (
	preSAML      = offPre("SAML2 login in use", "saml2.enabled", false, false)
	preSAMLInfer = offPre("SAML2 login in use", "saml2.enabled", false, true)
	preOAuth     = offPre("OAuth2 login in use", "oauth2.enabled", false, true)
	preQuota     = offPre("Quota plugin enabled", "quota.enable.service", false, false)
	preBackup    = offPre("backup framework enabled", "backup.framework.enabled", false, false)
	preCKS       = offPre("CloudStack Kubernetes Service in use", "cloud.kubernetes.service.enabled", false, false)
	pre2FA       = offPre("two-factor authentication in use", "enable.user.2fa", true, true)
)

// preKVM: the advisory is exploited through KVM hosts.
var preKVM = precondition{what: "KVM hosts in the installation", eval: func(s *snapshot.Snapshot) (bool, string) {
	if a := s.Availability(snapshot.DataHosts); a.Status != snapshot.Collected {
		return false, "precondition not checked: hosts were not collected"
	}
	for _, h := range s.Hosts {
		if !h.Removed && strings.EqualFold(h.HypervisorType, "KVM") {
			return false, "precondition present: KVM host " + h.Name
		}
	}
	return true, "no KVM host in the host table"
}}

// preLDAP: LDAP configured (any ldap_configuration row or ldap.basedn set).
var preLDAP = precondition{what: "LDAP configured", settings: []string{"ldap.basedn"}, eval: func(s *snapshot.Snapshot) (bool, string) {
	if a := s.Availability(snapshot.DataLDAP); a.Status != snapshot.Collected {
		return false, "precondition not checked: LDAP configuration was not collected"
	}
	if len(s.LDAPServers) > 0 {
		return false, fmt.Sprintf("precondition present: %d LDAP server(s) configured", len(s.LDAPServers))
	}
	if a := s.Availability(snapshot.DataSettings); a.Status != snapshot.Collected {
		return false, "precondition not checked: settings were not collected"
	}
	if st, ok := s.Setting("ldap.basedn"); ok {
		if v, _, _ := effectiveIn(s, st); strings.TrimSpace(v) != "" {
			return false, "precondition present: ldap.basedn is set"
		}
	}
	for _, o := range s.Overrides("ldap.basedn") {
		if o.Value != nil && strings.TrimSpace(*o.Value) != "" {
			return false, fmt.Sprintf("precondition present: ldap.basedn is set for %s %d", o.Scope, o.ScopeID)
		}
	}
	return true, "no LDAP server and no ldap.basedn configured"
}}

// preInvite: project invitations by e-mail need project.invite.required
// and a mail server.
var preInvite = precondition{what: "project invitations by e-mail", settings: []string{"project.invite.required", "project.smtp.host"},
	eval: func(s *snapshot.Snapshot) (bool, string) {
		off, known, why := settingOff(s, "project.invite.required", false)
		if off || !known {
			return off, why
		}
		if st, ok := s.Setting("project.smtp.host"); ok {
			if v, _, _ := effectiveIn(s, st); strings.TrimSpace(v) == "" {
				return true, "project.invite.required=true but project.smtp.host is empty, so no invitation mail is sent"
			}
			return false, "precondition present: project.invite.required=true and project.smtp.host is set"
		}
		return false, why + "; no setting project.smtp.host in the snapshot"
	}}

// preRootDomainAdmin: a Domain Admin account in the ROOT domain.
var preRootDomainAdmin = precondition{what: "Domain Admins in the ROOT domain", eval: func(s *snapshot.Snapshot) (bool, string) {
	if a := s.Availability(snapshot.DataUsers); a.Status != snapshot.Collected {
		return false, "precondition not checked: users were not collected"
	}
	for _, u := range s.Users {
		if !u.Removed && u.AccountType == snapshot.AccountDomainAdmin && (u.Domain == "/" || u.Domain == "ROOT" || u.Domain == "") {
			return false, "precondition present: Domain Admin " + u.Username + " in the ROOT domain"
		}
	}
	return true, "no Domain Admin user in the ROOT domain"
}}

// preProxmox: the CVE-2026-25199 workaround keeps proxmox_vmid from users.
var preProxmox = precondition{what: "proxmox_vmid not denied to users", settings: []string{"user.vm.denied.details"}, eval: func(s *snapshot.Snapshot) (bool, string) {
	if a := s.Availability(snapshot.DataSettings); a.Status != snapshot.Collected {
		return false, "precondition not checked: settings were not collected"
	}
	st, ok := s.Setting("user.vm.denied.details")
	if !ok {
		return false, "precondition not checked: no setting user.vm.denied.details in the snapshot"
	}
	v, _, _ := effectiveIn(s, st)
	for _, d := range snapshot.CSV(v) {
		if strings.EqualFold(d, "proxmox_vmid") {
			return true, "the workaround is applied: user.vm.denied.details includes proxmox_vmid"
		}
	}
	return false, "workaround not applied: user.vm.denied.details lacks proxmox_vmid"
}}

// preconditions maps an advisory to the precondition csaudit can judge.
var preconditions = map[string]precondition{
	"CVE-2022-35741": preSAML,
	"CVE-2024-41107": preSAML,
	"CVE-2026-68745": preSAMLInfer,
	"CVE-2026-61397": preOAuth,
	"CVE-2026-59655": preOAuth,
	"CVE-2026-59780": preLDAP,
	"CVE-2024-45461": preQuota,
	"CVE-2025-22829": preQuota,
	"CVE-2026-59799": pre2FA,
	"CVE-2025-66170": preBackup,
	"CVE-2025-66171": preBackup,
	"CVE-2025-66172": preBackup,
	"CVE-2026-47359": preBackup,
	"CVE-2026-62440": preCKS,
	"CVE-2025-26521": preCKS,
	"CVE-2026-25077": preKVM,
	"CVE-2024-50386": preKVM,
	"CVE-2024-45219": preKVM,
	"CVE-2024-29008": preKVM,
	"CVE-2022-26779": preInvite,
	"CVE-2025-47713": preRootDomainAdmin,
	"CVE-2025-47849": preRootDomainAdmin,
	"CVE-2026-25199": preProxmox,
}
