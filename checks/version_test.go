package checks_test

import (
	"slices"
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

func ver(v string) string { return "CloudStack " + v }

var versionCases = []checkCase{
	// CS-VER-001 end of life, judged at collected_at
	{ID: "CS-VER-001", Name: "hardened 4.22", Exact: true,
		Want: []expect{pass(ver("4.22.1.1"), "release line 4.22 is supported until 2027-11-11")}},
	{ID: "CS-VER-001", Name: "4.22 after its end of life", Mutate: at("2027-11-11"),
		Want: []expect{fail(ver("4.22.1.1"), "release line 4.22 reached end of life on 2027-11-11")}},
	{ID: "CS-VER-001", Name: "4.20 before its end of life", Mutate: version("4.20.3.1"),
		Want: []expect{pass(ver("4.20.3.1"), "release line 4.20 is supported until 2027-01-01")}},
	{ID: "CS-VER-001", Name: "4.20 on the last supported second", Mutate: all(version("4.20.3.1"), at("2026-12-31T23:59:59Z")),
		Want: []expect{pass(ver("4.20.3.1"), "supported until 2027-01-01")}},
	{ID: "CS-VER-001", Name: "4.20 on its end-of-life day", Mutate: all(version("4.20.3.1"), at("2027-01-01T00:00:00Z")),
		Want: []expect{fail(ver("4.20.3.1"), "release line 4.20 reached end of life on 2027-01-01")}},
	{ID: "CS-VER-001", Name: "4.20 in 2027", Mutate: all(version("4.20.3.1"), at("2027-01-01")),
		Want: []expect{fail(ver("4.20.3.1"), "reached end of life")}},
	{ID: "CS-VER-001", Name: "4.19", Mutate: version("4.19.3.0"),
		Want: []expect{fail(ver("4.19.3.0"), "release line 4.19 reached end of life on 2025-08-07")}},
	{ID: "CS-VER-001", Name: "4.21 ended with 4.22", Mutate: version("4.21.0.0"),
		Want: []expect{fail(ver("4.21.0.0"), "release line 4.21 reached end of life on 2025-11-11")}},
	{ID: "CS-VER-001", Name: "4.14 oldest tracked line", Mutate: version("4.14.0.0"),
		Want: []expect{fail(ver("4.14.0.0"), "release line 4.14 reached end of life on 2022-01-01")}},
	{ID: "CS-VER-001", Name: "4.13 older than the table", Mutate: version("4.13.1.0"),
		Want: []expect{fail(ver("4.13.1.0"), "release line 4.13 has been end of life for years")}},
	{ID: "CS-VER-001", Name: "4.23 regular release", Mutate: version("4.23.0.0"),
		Want: []expect{pass(ver("4.23.0.0"), "release line 4.23 is supported")}},
	{ID: "CS-VER-001", Name: "3.0.7", Mutate: version("3.0.7"),
		Want: []expect{fail(ver("3.0.7"), "release line 3.0 has been end of life for years")}},
	{ID: "CS-VER-001", Name: "build-stamped 2.2.14", Mutate: version("2.2.14.20120210102939"),
		Want: []expect{fail(ver("2.2.14.20120210102939"), "release line 2.2 has been end of life")}},
	{ID: "CS-VER-001", Name: "4.0.0-incubating", Mutate: version("4.0.0-incubating"),
		Want: []expect{fail(ver("4.0.0-incubating"), "release line 4.0 has been end of life")}},
	{ID: "CS-VER-001", Name: "24.0.0 newer than the table", Mutate: version("24.0.0"),
		Want: []expect{manual(ver("24.0.0"), "release line 24 is newer than csaudit's release table")}},
	{ID: "CS-VER-001", Name: "25.0.0 newer than the table", Mutate: version("25.0.0"),
		Want: []expect{manual(ver("25.0.0"), "release line 25 is newer than csaudit's release table; check its support status")}},
	{ID: "CS-VER-001", Name: "no version", Mutate: version(""),
		Want: []expect{errorf("CloudStack version", "the version table holds no completed version")}},
	{ID: "CS-VER-001", Name: "unparseable version", Mutate: version("4.x"),
		Want: []expect{errorf(ver("4.x"), "cannot parse the CloudStack version")}},

	// CS-VER-002..005: one finding per advisory, by CNA severity
	{ID: "CS-VER-002", Name: "hardened 4.22.1.1", Exact: true,
		Want: []expect{pass(ver("4.22.1.1"), "no critical advisory announced by 2026-11-23 affects 4.22.1.1 (8 checked; advisory data: embedded, as of 2026-09-03)")}},
	{ID: "CS-VER-002", Name: "4.22.1.0: fixed in the next patch release", Mutate: version("4.22.1.0"), Exact: true,
		Want: []expect{
			fail("CVE-2026-50112", "CVE-2026-50112 (RCE on KVM hosts and SSRF via direct-download / metalink / NFS template registration) affects 4.22.1.0 (affected: >=4.14.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line").without("end of life"),
			pass("CVE-2026-61397", "but it is not exploitable here: oauth2.enabled=false (inferred: the advisory states no workaround) (precondition: OAuth2 login in use); upgrade anyway: fixed in 4.22.1.1"),
			pass(ver("4.22.1.0"), "no other critical advisory announced by 2026-11-23 affects 4.22.1.0 (6 checked")}},
	{ID: "CS-VER-002", Name: "OAuth2 enabled makes CVE-2026-61397 a failure", Mutate: all(version("4.22.1.0"), set("oauth2.enabled", "true")),
		Want: []expect{fail("CVE-2026-50112", "fixed in 4.22.1.1"), fail("CVE-2026-61397", "fixed in 4.22.1.1, the next fix on the 4.22 line; precondition present: oauth2.enabled=true")}},
	{ID: "CS-VER-002", Name: "precondition unknown without settings", Mutate: all(version("4.22.1.0"), dataset(snapshot.DataSettings, snapshot.NotCollected, "no")),
		Want: []expect{fail("CVE-2026-50112", "fixed in 4.22.1.1"), fail("CVE-2026-61397", "precondition not checked: settings were not collected")}},
	{ID: "CS-VER-002", Name: "4.19.0.0: fixes on an end-of-life line, upgrade to a supported one", Mutate: version("4.19.0.0"),
		Want: []expect{
			fail("CVE-2024-29008", "fixed in 4.19.0.1 on the 4.19 line, which is end of life since 2025-08-07; every named fix is on an end-of-life line; upgrade to a supported line (latest 4.20.3.1, 4.22.1.1, 4.23.0.0); precondition present: KVM host kvm-osl1-a01.skylark-hosting.net"),
			fail("CVE-2024-42062", "fixed in 4.19.1.1 on the 4.19 line, which is end of life since 2025-08-07"),
			fail("CVE-2025-26521", "fixed in 4.19.3.0 on the 4.19 line, which is end of life since 2025-08-07; the minimum fixed release on a supported line is 4.20.1.0; precondition not checked: no setting cloud.kubernetes.service.enabled"),
			fail("CVE-2026-50112", "no fix was released on the 4.19 line (end of life since 2025-08-07); the minimum fixed release on a supported line is 4.20.3.1"),
			pass("CVE-2025-47713", "not exploitable here: no Domain Admin user in the ROOT domain"),
			pass("CVE-2026-61397", "not exploitable here"),
		}},
	{ID: "CS-VER-002", Name: "ROOT-domain Domain Admin makes CVE-2025-47713 a failure", Mutate: all(version("4.19.0.0"), func(s *snapshot.Snapshot) { s.Users[4].Domain = "/" }),
		Want: []expect{fail("CVE-2025-47713", "precondition present: Domain Admin oakridge-admin in the ROOT domain"),
			fail("CVE-2024-29008", ""), fail("CVE-2024-42062", ""), fail("CVE-2025-26521", ""), fail("CVE-2026-50112", "")}},
	{ID: "CS-VER-002", Name: "no KVM host: CVE-2024-29008 not exploitable", Mutate: all(version("4.19.0.0"), func(s *snapshot.Snapshot) { s.Hosts = nil }),
		Want: []expect{pass("CVE-2024-29008", "not exploitable here: no KVM host in the host table (precondition: KVM hosts in the installation)"),
			fail("CVE-2024-42062", ""), fail("CVE-2025-26521", ""), fail("CVE-2026-50112", "")}},
	{ID: "CS-VER-002", Name: "advisory announced after the audit does not count", Mutate: all(version("4.22.1.0"), at("2026-08-20")), Exact: true,
		Want: []expect{pass(ver("4.22.1.0"), "no critical advisory announced by 2026-08-20 affects 4.22.1.0")}},
	{ID: "CS-VER-002", Name: "advisory counts from its announcement day", Mutate: all(version("4.22.1.0"), at("2026-08-21")),
		Want: []expect{fail("CVE-2026-50112", "fixed in 4.22.1.1")}},
	{ID: "CS-VER-002", Name: "range starting at 0 is critical by the GitHub rating (CVE-2016-6813 on 4.8)", Mutate: version("4.8.0.0"),
		Want: []expect{fail("CVE-2016-6813", "[severity critical derived: CNA rating \"not stated (GitHub advisory page: Critical)\"]; fixed in 4.8.1.1 on the 4.8 line, which is end of life; every named fix is on an end-of-life line; upgrade to a supported line (latest 4.20.3.1, 4.22.1.1, 4.23.0.0)")}},
	{ID: "CS-VER-002", Name: "25.0.0", Mutate: version("25.0.0"), Exact: true,
		Want: []expect{pass(ver("25.0.0"), "no critical advisory")}},
	{ID: "CS-VER-002", Name: "no version", Mutate: version(""),
		Want: []expect{errorf("CloudStack version", "the version table holds no completed version")}},
	{ID: "CS-VER-002", Name: "unparseable version", Mutate: version("4.x"),
		Want: []expect{errorf(ver("4.x"), "cannot parse the CloudStack version")}},

	{ID: "CS-VER-003", Name: "hardened 4.22.1.1", Exact: true,
		Want: []expect{pass(ver("4.22.1.1"), "no important advisory announced by 2026-11-23 affects 4.22.1.1")}},
	{ID: "CS-VER-003", Name: "4.22.1.0 with SAML, 2FA and CKS unknown", Mutate: version("4.22.1.0"),
		Want: []expect{
			fail("CVE-2026-50222", "fixed in 4.22.1.1, the next fix on the 4.22 line"),
			fail("CVE-2026-59799", "precondition present: enable.user.2fa=true"),
			fail("CVE-2026-62440", "precondition not checked: no setting cloud.kubernetes.service.enabled in the snapshot"),
			fail("CVE-2026-68745", "precondition present: saml2.enabled=true; workaround: none stated"),
		}},
	{ID: "CS-VER-003", Name: "SAML2 disabled: CVE-2026-68745 not exploitable (inferred)", Mutate: all(version("4.22.1.0"), set("saml2.enabled", "false")),
		Want: []expect{
			pass("CVE-2026-68745", "not exploitable here: saml2.enabled=false (inferred: the advisory states no workaround) (precondition: SAML2 login in use)"),
			fail("CVE-2026-50222", ""), fail("CVE-2026-59799", ""), fail("CVE-2026-62440", "")}},
	{ID: "CS-VER-003", Name: "2FA enabled only in a domain still counts", Mutate: all(version("4.22.1.0"), set("enable.user.2fa", "false")),
		Want: []expect{fail("CVE-2026-59799", "precondition present: enable.user.2fa=true for domain"),
			fail("CVE-2026-50222", ""), fail("CVE-2026-62440", ""), fail("CVE-2026-68745", "")}},
	{ID: "CS-VER-003", Name: "CVE-2024-41107 on 4.19.0.0 with SAML2 off (advisory workaround)", Mutate: all(version("4.19.0.0"), set("saml2.enabled", "false")),
		Want: []expect{pass("CVE-2024-41107", "not exploitable here: saml2.enabled=false (precondition: SAML2 login in use)").without("inferred"),
			fail("CVE-2024-38346", "fixed in 4.19.0.2 on the 4.19 line, which is end of life since 2025-08-07"),
			fail("CVE-2024-39864", ""), fail("CVE-2024-45219", ""), fail("CVE-2024-45693", ""), fail("CVE-2024-50386", ""), fail("CVE-2025-66467", ""), fail("CVE-2026-25077", ""),
			fail("CVE-2026-50222", ""), fail("CVE-2026-59799", ""), pass("CVE-2026-68745", "inferred")}},

	{ID: "CS-VER-004", Name: "hardened 4.22.1.1", Exact: true,
		Want: []expect{pass(ver("4.22.1.1"), "no moderate advisory announced by 2026-11-23 affects 4.22.1.1")}},
	{ID: "CS-VER-004", Name: "Proxmox workaround applied on 4.22.0.0", Mutate: version("4.22.0.0"),
		Want: append(fails(moderateAug2026...), pass("CVE-2026-25199", "not exploitable here: the workaround is applied: user.vm.denied.details includes proxmox_vmid"),
			fail("CVE-2025-69233", "fixed in 4.22.0.1, the next fix on the 4.22 line"))},
	{ID: "CS-VER-004", Name: "Proxmox workaround missing", Mutate: all(version("4.22.0.0"), null("user.vm.denied.details")),
		Want: append(fails(moderateAug2026...), fail("CVE-2026-25199", "workaround not applied: user.vm.denied.details lacks proxmox_vmid; workaround: add proxmox_vmid"),
			fail("CVE-2025-69233", "fixed in 4.22.0.1"))},

	{ID: "CS-VER-005", Name: "hardened 4.22.1.1: the annotation advisory has no fix", Exact: true,
		Want: []expect{manual("CVE-2025-22828", "no fixed release is recorded in the advisory data; workaround: deny listAnnotations and addAnnotation to non-admin roles"),
			pass(ver("4.22.1.1"), "no other low advisory announced by 2026-11-23 affects 4.22.1.1")}},
	{ID: "CS-VER-005", Name: "LDAP configured on 4.22.1.0", Mutate: version("4.22.1.0"),
		Want: append(fails(lowAug2026...), fail("CVE-2026-59780", "precondition present: 3 LDAP server(s) configured"), manual("CVE-2025-22828", "no fixed release"))},
	{ID: "CS-VER-005", Name: "no LDAP on 4.22.1.0", Mutate: all(version("4.22.1.0"), func(s *snapshot.Snapshot) { s.LDAPServers = nil }, null("ldap.basedn"), func(s *snapshot.Snapshot) {
		s.ScopedSettings = slices.DeleteFunc(s.ScopedSettings, func(o snapshot.ScopedSetting) bool { return o.Name == "ldap.basedn" })
	}),
		Want: append(fails(lowAug2026...), pass("CVE-2026-59780", "not exploitable here: no LDAP server and no ldap.basedn configured"), manual("CVE-2025-22828", "no fixed release"))},
	{ID: "CS-VER-005", Name: "CVE-2022-26779 before 4.16.1.0, invitations off", Mutate: all(version("4.16.0.0"), at("2022-06-01"), addSetting("project.invite.required", "false")),
		Want: []expect{pass("CVE-2022-26779", "not exploitable here: project.invite.required=false (precondition: project invitations by e-mail)")}},
	{ID: "CS-VER-005", Name: "CVE-2022-26779 with invitations by mail", Mutate: all(version("4.16.0.0"), at("2022-06-01"), addSetting("project.invite.required", "true"), addSetting("project.smtp.host", "mail.example")),
		Want: []expect{fail("CVE-2022-26779", "fixed in 4.16.1.0, the next fix on the 4.16 line; precondition present: project.invite.required=true and project.smtp.host is set; workaround: set project.invite.required=false")}},
	{ID: "CS-VER-005", Name: "CVE-2022-26779 with invitations but no mail server", Mutate: all(version("4.16.0.0"), at("2022-06-01"), addSetting("project.invite.required", "true"), addSetting("project.smtp.host", "")),
		Want: []expect{pass("CVE-2022-26779", "project.smtp.host is empty")}},
	{ID: "CS-VER-005", Name: "unverified range (CVE-2015-3252) is manual", Mutate: all(version("4.5.1"), at("2016-03-01")),
		Want: []expect{manual("CVE-2015-3252", "fixed in 4.5.2; the affected range is not recorded: check the advisory")}},

	// CS-VER-006 latest patch release of the line
	{ID: "CS-VER-006", Name: "hardened 4.22.1.1", Exact: true,
		Want: []expect{pass(ver("4.22.1.1"), "4.22.1.1 is the latest patch release of the 4.22 line in csaudit's release table of 2026-09-03")}},
	{ID: "CS-VER-006", Name: "4.22.1.0 is behind", Mutate: version("4.22.1.0"),
		Want: []expect{fail(ver("4.22.1.0"), "4.22.1.0 is behind the latest patch release of the 4.22 line, 4.22.1.1")}},
	{ID: "CS-VER-006", Name: "4.13 older than the table", Mutate: version("4.13.1.0"),
		Want: []expect{skip(ver("4.13.1.0"), "not applicable: release line 4.13 is older than csaudit's release table")}},
	{ID: "CS-VER-006", Name: "24.0.0 newer than the table", Mutate: version("24.0.0"),
		Want: []expect{manual(ver("24.0.0"), "release line 24 is newer than csaudit's release table")}},
}

// The August 2026 advisories (fixed in 4.22.1.1) other cases carry along.
var (
	lowAug2026      = []string{"CVE-2026-47359", "CVE-2026-59657", "CVE-2026-61398", "CVE-2026-61399", "CVE-2026-61400", "CVE-2026-61422", "CVE-2026-66797"}
	moderateAug2026 = []string{"CVE-2026-59085", "CVE-2026-59654", "CVE-2026-65613", "CVE-2026-66721", "CVE-2026-66722"}
)

// fails expects a failure for each advisory, whatever the message.
func fails(cves ...string) []expect {
	var out []expect
	for _, c := range cves {
		out = append(out, fail(c, ""))
	}
	return out
}

func TestVersionChecks(t *testing.T) { runCases(t, versionCases) }
