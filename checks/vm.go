package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// ExtraConfigOpen flags additional VM configuration (extraconfig) open to users.
var ExtraConfigOpen = &Check{
	ID:       "CS-VM-001",
	Title:    "Additional VM configuration (extraconfig) open to users",
	Severity: Medium,
	Threat:   []string{"TM §7", "PR Q9"},
	Rationale: "enable.additional.vm.configuration (Account scope, default false) lets the accounts it " +
		"is enabled for pass raw hypervisor configuration (KVM domain XML, XenServer/VMware keys) with " +
		"deployVirtualMachine/updateVirtualMachine. What reaches the hypervisor is then bounded only by " +
		"the allow-lists of CS-VM-002, and on KVM the allow-list is not applied to values containing ':' " +
		"(UserVmManagerImpl.validateKvmExtraConfig). CVE-2024-29008 was a bypass of exactly this " +
		"gate (the version side is CS-VER-002). Enable it only for trusted accounts.",
	Remediation: "cmk update configuration name=enable.additional.vm.configuration value=false " +
		"(and with accountid=<id> for each listed account override); enable it per account only where needed.",
	References: []string{"server/src/main/java/com/cloud/vm/UserVmManager.java:92-95@4.22.1.0 (EnableAdditionalVmConfig)",
		"server/src/main/java/com/cloud/vm/UserVmManagerImpl.java:6869-6897@4.22.1.0 (validateKvmExtraConfig)", "CVE-2024-29008"},
	Requires: []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings: []string{"enable.additional.vm.configuration"},
	Since:    "4.12.0.0",
	Eval: boolRule("enable.additional.vm.configuration", false, "false",
		"users may pass raw hypervisor configuration to their VMs (extraconfig)", true).eval,
}

// hostReachingKVMElements are libvirt domain-XML elements that attach host
// devices, files or command lines, or change isolation.
var hostReachingKVMElements = []string{
	"devices", "disk", "hostdev", "filesystem", "interface", "controller", "serial", "console", "channel",
	"qemu:commandline", "qemu:arg", "commandline", "memoryBacking", "seclabel", "sysinfo", "os", "kernel",
	"initrd", "cmdline", "emulator", "smartcard", "redirdev", "tpm", "shmem", "iommu",
}

// ExtraConfigAllowList flags extraconfig allow-lists with host-reaching elements.
var ExtraConfigAllowList = &Check{
	ID:       "CS-VM-002",
	Title:    "Extraconfig allow-lists contain host-reaching elements",
	Severity: High,
	Threat:   []string{"TM §7", "PR Q9", "TM §10.13"},
	Rationale: "Where extraconfig is enabled (CS-VM-001), CloudStack accepts a KVM XML element only if " +
		"its name equals an item of allow.additional.vm.configuration.list.kvm (exact, case-sensitive). " +
		"Allowing elements such as devices, disk, hostdev, filesystem, serial, qemu:commandline or " +
		"seclabel lets a user attach host block devices or files, pass QEMU arguments or drop the " +
		"sVirt confinement: a path from a tenant to the hypervisor. The XenServer and VMware lists are " +
		"free-form keys and need review.",
	Remediation: "cmk update configuration name=allow.additional.vm.configuration.list.kvm value=<minimal " +
		"list, e.g. cpu,memtune> (and per account with accountid=<id>); never allow device, file or " +
		"command-line elements.",
	References: []string{"server/src/main/java/com/cloud/vm/UserVmManagerImpl.java:700-707@4.22.1.0 (allow-lists)", "https://libvirt.org/formatdomain.html"},
	Requires:   []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings: []string{"enable.additional.vm.configuration", "allow.additional.vm.configuration.list.kvm",
		"allow.additional.vm.configuration.list.xenserver", "allow.additional.vm.configuration.list.vmware"},
	Since: "4.14.0.0",
	Eval: func(s *snapshot.Snapshot) []Result {
		if !anyTrue(s, "enable.additional.vm.configuration", "false") {
			return []Result{{Status: Pass, Resource: SettingRes("enable.additional.vm.configuration"), Actual: "false everywhere",
				Message: "extraconfig is disabled globally and for every account, so the allow-lists are not used"}}
		}
		kvm := settingRule{name: "allow.additional.vm.configuration.list.kvm", expected: "no device, file or command-line elements", overrides: true,
			judge: func(v string) (Status, string) {
				var bad []string
				for _, item := range strings.Split(v, ",") {
					if it := strings.TrimSpace(item); slices.Contains(hostReachingKVMElements, it) && !slices.Contains(bad, it) {
						bad = append(bad, it)
					}
				}
				if len(bad) > 0 {
					return Fail, "users may pass KVM elements that reach the host: " + strings.Join(bad, ", ")
				}
				return Pass, "the KVM allow-list holds no host-reaching element"
			}}.eval(s)
		for _, name := range []string{"allow.additional.vm.configuration.list.xenserver", "allow.additional.vm.configuration.list.vmware"} {
			kvm = append(kvm, settingRule{name: name, expected: "empty, or reviewed keys", overrides: true,
				judge: func(v string) (Status, string) {
					if strings.TrimSpace(v) == "" {
						return Pass, "the allow-list is empty"
					}
					return Manual, "review the allowed keys (" + show(v) + "): csaudit does not judge XenServer/VMware configuration keys"
				}}.eval(s)...)
		}
		return kvm
	},
}

// userWideningKnobs are permission settings whose default is false and
// whose true value widens what end users may do or see.
var userWideningKnobs = []struct{ name, what string }{
	{"allow.user.expunge.recover.vm", "users may expunge and recover their VMs"},
	{"allow.user.view.destroyed.vm", "users may see destroyed VMs"},
	{"allow.user.view.all.domain.accounts", "users may list every account of their domain"},
	{"allow.user.list.available.ips.on.shared.network", "users may list free IP addresses of shared networks"},
	{"account.allow.expose.host.hostname", "users see the name of the host their VM runs on"},
	{"allow.domain.admins.to.create.tagged.offerings", "domain admins may create offerings with storage/host tags"},
}

// UserPermissionKnobs reports permission settings widened beyond defaults.
var UserPermissionKnobs = &Check{
	ID:       "CS-VM-003",
	Title:    "User permission knobs widened beyond defaults",
	Severity: Info,
	Threat:   []string{"TM §7", "TM §11.6"},
	Rationale: "Several settings default to false and, when true (globally or for an account or domain), " +
		"let end users or domain admins do or see more: expunge and recover VMs, see destroyed VMs, list " +
		"every account of the domain or free shared-network IPs, learn host names, create tagged " +
		"offerings. Each can be intended; this lists them so the widening is a decision.",
	Remediation: "cmk update configuration name=<setting> value=false [accountid=<id>|domainid=<id>] " +
		"unless the widening is intended.",
	References: []string{"server/src/main/java/com/cloud/vm/UserVmManager.java@4.22.1.0", "api/src/main/java/org/apache/cloudstack/query/QueryService.java@4.22.1.0",
		"engine/components-api/src/main/java/com/cloud/vm/VirtualMachineManager.java@4.22.1.0 (account.allow.expose.host.hostname)"},
	Requires: []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings: []string{"allow.user.expunge.recover.vm", "allow.user.view.destroyed.vm", "allow.user.view.all.domain.accounts",
		"allow.user.list.available.ips.on.shared.network", "account.allow.expose.host.hostname", "allow.domain.admins.to.create.tagged.offerings"},
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		checked := 0
		for _, k := range userWideningKnobs {
			if !hasSetting(s, k.name) {
				continue
			}
			checked++
			for _, r := range boolRule(k.name, false, "false", k.what, true).eval(s) {
				if r.Status != Pass {
					out = append(out, r)
				}
			}
		}
		if checked == 0 {
			return []Result{missingSetting(s, "allow.user.view.destroyed.vm")}
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("user permission settings"), Expected: "false",
				Actual: fmt.Sprintf("%d settings checked", checked), Message: "no user permission setting is widened beyond its default"})
		}
		return out
	},
}
