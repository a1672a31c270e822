package snapshot

import (
	"path"
	"strings"
)

// The probe/check contract: ProbedPaths is the one list of paths the host
// probe collects and of what it collects for each. The probe script's path
// list is generated from it (collectors/probe), the reducer picks each
// file's parser from it, and every host check declares in Check.Files the
// entries it reads; tests hold the three together.

// Collect says what the probe gathers for a path.
type Collect uint8

const (
	// CollectStat: lstat of the path, and of its target when it is a
	// symbolic link (resolved inside the audited root).
	CollectStat Collect = 1 << iota
	// CollectContent: the content (capped), reduced by Parser.
	CollectContent
	// CollectCert: certificate facts of a PEM file.
	CollectCert
	// CollectKey: facts about a private key, computed on the host.
	CollectKey
	// CollectSecret: facts about a file that is itself a secret (length,
	// published default), computed on the host.
	CollectSecret
)

// Parser names how a file's content becomes facts.
type Parser string

const (
	ParseNone       Parser = ""
	ParseOSRelease  Parser = "os-release"   // PRETTY_NAME
	ParseProperties Parser = "properties"   // Java properties
	ParseINI        Parser = "ini"          // my.cnf: section.key (bind_address = bind-address)
	ParseEnv        Parser = "env"          // KEY=value (libvirt, /etc/default, /etc/sysconfig)
	ParseCert       Parser = "certificate"  // PEM certificate facts
	ParseSSHD       Parser = "sshd"         // ordered keyword/arguments lines
	ParseSudoers    Parser = "sudoers"      // rule lines, continuations joined
	ParseUnit       Parser = "systemd-unit" // Environment=, EnvironmentFile=, ExecStart= lines
	ParseLines      Parser = "lines"        // ordered keyword lines (chrony, ntp, timesyncd)
)

// ProbedPath is one row of the contract.
type ProbedPath struct {
	// Path is absolute, or "~cloud/..." for a path under the cloud user's
	// home (from /etc/passwd). A last component with * is a glob the
	// probe expands (at most GlobCap matches).
	Path    string
	Role    string // the machine role it matters for ("" = any)
	Collect Collect
	Parser  Parser
	// Secret marks content that holds secrets: when it is a symbolic link,
	// its content is read only if the link resolves to another audited path.
	Secret bool
	// Dir: a directory is expected here (no "not a regular file" error).
	Dir bool
}

// GlobCap bounds how many matches of one glob the probe reports.
const GlobCap = 64

// CloudHome is the prefix of ProbedPaths under the cloud user's home.
const CloudHome = "~cloud"

const (
	stat    = CollectStat
	content = CollectStat | CollectContent
)

// ProbedPaths is the contract; the probe collects exactly these, in order.
var ProbedPaths = []ProbedPath{
	{Path: "/etc/os-release", Collect: content, Parser: ParseOSRelease},
	// Management server.
	{Path: "/etc/cloudstack/management/db.properties", Role: RoleManagement, Collect: content, Parser: ParseProperties, Secret: true},
	{Path: "/etc/cloudstack/management/server.properties", Role: RoleManagement, Collect: content, Parser: ParseProperties, Secret: true},
	{Path: "/etc/cloudstack/management/key", Role: RoleManagement, Collect: stat | CollectSecret, Secret: true},
	{Path: "/etc/cloudstack/management/cloud.jks", Role: RoleManagement, Collect: stat},
	{Path: "/etc/cloudstack/management/cloudmanagementserver.keystore", Role: RoleManagement, Collect: stat},
	{Path: "/etc/cloudstack/usage/db.properties", Role: RoleManagement, Collect: content, Parser: ParseProperties, Secret: true},
	{Path: "/etc/cloudstack/usage/key", Role: RoleManagement, Collect: stat | CollectSecret, Secret: true},
	{Path: "/etc/default/cloudstack-management", Role: RoleManagement, Collect: content, Parser: ParseEnv, Secret: true},
	{Path: "/etc/sysconfig/cloudstack-management", Role: RoleManagement, Collect: content, Parser: ParseEnv, Secret: true},
	{Path: "/etc/default/cloudstack-usage", Role: RoleManagement, Collect: content, Parser: ParseEnv, Secret: true},
	{Path: "/etc/systemd/system/cloudstack-management.service.d/*.conf", Role: RoleManagement, Collect: content, Parser: ParseUnit, Secret: true},
	{Path: "/etc/systemd/system/cloudstack-usage.service.d/*.conf", Role: RoleManagement, Collect: content, Parser: ParseUnit, Secret: true},
	{Path: "/etc/sudoers", Role: RoleManagement, Collect: content, Parser: ParseSudoers},
	{Path: "/etc/sudoers.d/*", Role: RoleManagement, Collect: content, Parser: ParseSudoers},
	{Path: CloudHome, Role: RoleManagement, Collect: stat, Dir: true},
	{Path: CloudHome + "/.ssh", Role: RoleManagement, Collect: stat, Dir: true},
	{Path: CloudHome + "/.ssh/id_rsa", Role: RoleManagement, Collect: stat | CollectKey, Secret: true},
	{Path: CloudHome + "/.ssh/authorized_keys", Role: RoleManagement, Collect: stat},
	// KVM agent.
	{Path: "/etc/cloudstack/agent/agent.properties", Role: RoleKVM, Collect: content, Parser: ParseProperties, Secret: true},
	{Path: "/etc/cloudstack/agent/cloud.jks", Role: RoleKVM, Collect: stat},
	{Path: "/etc/cloudstack/agent/cloud.csr", Role: RoleKVM, Collect: stat},
	{Path: "/etc/cloudstack/agent/cloud.key", Role: RoleKVM, Collect: stat | CollectKey, Secret: true},
	{Path: "/etc/cloudstack/agent/cloud.crt", Role: RoleKVM, Collect: content | CollectCert, Parser: ParseCert},
	{Path: "/etc/cloudstack/agent/cloud.ca.crt", Role: RoleKVM, Collect: content | CollectCert, Parser: ParseCert},
	{Path: "/root/.ssh/id_rsa.cloud", Role: RoleKVM, Collect: stat | CollectKey, Secret: true},
	{Path: "/etc/default/cloudstack-agent", Role: RoleKVM, Collect: content, Parser: ParseEnv, Secret: true},
	{Path: "/etc/systemd/system/cloudstack-agent.service.d/*.conf", Role: RoleKVM, Collect: content, Parser: ParseUnit, Secret: true},
	{Path: "/etc/cloudstack/agent/hooks", Role: RoleKVM, Collect: stat, Dir: true},
	{Path: "/etc/cloudstack/agent/hooks/*", Role: RoleKVM, Collect: stat},
	// libvirt and QEMU.
	{Path: "/etc/libvirt/libvirtd.conf", Role: RoleKVM, Collect: content, Parser: ParseEnv},
	{Path: "/etc/libvirt/virtproxyd.conf", Role: RoleKVM, Collect: content, Parser: ParseEnv},
	{Path: "/etc/libvirt/qemu.conf", Role: RoleKVM, Collect: content, Parser: ParseEnv},
	{Path: "/etc/default/libvirtd", Role: RoleKVM, Collect: content, Parser: ParseEnv},
	{Path: "/etc/sysconfig/libvirtd", Role: RoleKVM, Collect: content, Parser: ParseEnv},
	{Path: "/etc/systemd/system/sockets.target.wants/libvirtd-tcp.socket", Role: RoleKVM, Collect: stat},
	{Path: "/etc/systemd/system/sockets.target.wants/virtproxyd-tcp.socket", Role: RoleKVM, Collect: stat},
	{Path: "/etc/systemd/system/libvirtd-tcp.socket", Role: RoleKVM, Collect: stat},
	{Path: "/etc/systemd/system/virtproxyd-tcp.socket", Role: RoleKVM, Collect: stat},
	{Path: "/etc/libvirt/hooks", Role: RoleKVM, Collect: stat, Dir: true},
	{Path: "/etc/libvirt/hooks/qemu", Role: RoleKVM, Collect: stat},
	{Path: "/etc/pki/libvirt/servercert.pem", Role: RoleKVM, Collect: stat},
	{Path: "/etc/pki/libvirt/private/serverkey.pem", Role: RoleKVM, Collect: stat},
	{Path: "/etc/pki/CA/cacert.pem", Role: RoleKVM, Collect: stat},
	{Path: "/etc/pki/libvirt-vnc/server-cert.pem", Role: RoleKVM, Collect: stat},
	{Path: "/etc/selinux/config", Role: RoleKVM, Collect: content, Parser: ParseEnv},
	{Path: "/etc/apparmor.d/disable/usr.sbin.libvirtd", Role: RoleKVM, Collect: stat},
	// SSH server (every machine).
	{Path: "/etc/ssh/sshd_config", Collect: content, Parser: ParseSSHD},
	{Path: "/etc/ssh/sshd_config.d/*.conf", Collect: content, Parser: ParseSSHD},
	// Clock synchronisation (every machine).
	{Path: "/run/systemd/timesync/synchronized", Collect: stat},
	{Path: "/run/chrony/chronyd.pid", Collect: stat},
	{Path: "/run/chronyd.pid", Collect: stat},
	{Path: "/run/ntpd.pid", Collect: stat},
	{Path: "/etc/systemd/system/multi-user.target.wants/chrony.service", Collect: stat},
	{Path: "/etc/systemd/system/multi-user.target.wants/chronyd.service", Collect: stat},
	{Path: "/etc/systemd/system/multi-user.target.wants/ntp.service", Collect: stat},
	{Path: "/etc/systemd/system/multi-user.target.wants/ntpd.service", Collect: stat},
	{Path: "/etc/systemd/system/multi-user.target.wants/ntpsec.service", Collect: stat},
	{Path: "/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service", Collect: stat},
	{Path: "/etc/chrony/chrony.conf", Collect: content, Parser: ParseLines},
	{Path: "/etc/chrony.conf", Collect: content, Parser: ParseLines},
	{Path: "/etc/ntp.conf", Collect: content, Parser: ParseLines},
	{Path: "/etc/ntpsec/ntp.conf", Collect: content, Parser: ParseLines},
	{Path: "/etc/systemd/timesyncd.conf", Collect: content, Parser: ParseLines},
	{Path: "/etc/systemd/timesyncd.conf.d/*.conf", Collect: content, Parser: ParseLines},
	// MySQL / MariaDB server configuration.
	{Path: "/etc/mysql/my.cnf", Role: RoleDatabase, Collect: content, Parser: ParseINI},
	{Path: "/etc/mysql/mariadb.conf.d/50-server.cnf", Role: RoleDatabase, Collect: content, Parser: ParseINI},
	{Path: "/etc/mysql/mysql.conf.d/mysqld.cnf", Role: RoleDatabase, Collect: content, Parser: ParseINI},
	{Path: "/etc/my.cnf", Role: RoleDatabase, Collect: content, Parser: ParseINI},
	{Path: "/etc/my.cnf.d/mariadb-server.cnf", Role: RoleDatabase, Collect: content, Parser: ParseINI},
	{Path: "/etc/my.cnf.d/server.cnf", Role: RoleDatabase, Collect: content, Parser: ParseINI},
}

// IsGlob reports whether the entry's last component is a pattern.
func (p ProbedPath) IsGlob() bool { return strings.Contains(path.Base(p.Path), "*") }

// Concrete returns the entry's path with the cloud home substituted
// ("" when the entry is under the home and the home is unknown).
func (p ProbedPath) Concrete(home string) string {
	if p.Path == CloudHome || strings.HasPrefix(p.Path, CloudHome+"/") {
		if home == "" {
			return ""
		}
		return strings.TrimSuffix(home, "/") + strings.TrimPrefix(p.Path, CloudHome)
	}
	return p.Path
}

// Matches reports whether the concrete path p belongs to the entry.
func (p ProbedPath) Matches(concrete, home string) bool {
	c := p.Concrete(home)
	if c == "" {
		return false
	}
	if !p.IsGlob() {
		return c == concrete
	}
	if path.Dir(c) != path.Dir(concrete) {
		return false
	}
	ok, _ := path.Match(path.Base(c), path.Base(concrete))
	return ok
}

// LookupProbed returns the contract entry for a concrete probed path: an
// exact entry before a glob one.
func LookupProbed(concrete, home string) (ProbedPath, bool) {
	for _, p := range ProbedPaths {
		if !p.IsGlob() && p.Matches(concrete, home) {
			return p, true
		}
	}
	for _, p := range ProbedPaths {
		if p.IsGlob() && p.Matches(concrete, home) {
			return p, true
		}
	}
	return ProbedPath{}, false
}
