package checks_test

import (
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

const (
	sshdc   = "/etc/ssh/sshd_config"
	sshdrop = "/etc/ssh/sshd_config.d/00-hardening.conf"
	agentEn = "/etc/default/cloudstack-agent"
	usageEn = "/etc/default/cloudstack-usage"
	mgmtDrp = "/etc/systemd/system/cloudstack-management.service.d/override.conf"
	sudoers = "/etc/sudoers.d/cloudstack"
	home    = "/var/lib/cloudstack/management"
	tcpWant = "/etc/systemd/system/sockets.target.wants/libvirtd-tcp.socket"
	hooks   = "/etc/cloudstack/agent/hooks"
	sysconf = "/etc/sysconfig/cloudstack-management"
)

func directives(i int, path string, ds ...snapshot.Directive) func(*snapshot.Snapshot) {
	return onFile(i, path, func(f *snapshot.File) {
		f.Exists, f.Read, f.Error = true, true, ""
		if f.Stat == nil {
			f.Stat = &snapshot.FileStat{Type: "regular file", Mode: "0644", Owner: "root", Group: "root"}
		}
		f.Directives = ds
	})
}

func dv(k, v string) snapshot.Directive { return snapshot.Directive{Line: 1, Key: k, Value: v} }

func envValues(i int, path string, kv ...string) func(*snapshot.Snapshot) {
	return onFile(i, path, func(f *snapshot.File) {
		f.Exists, f.Read = true, true
		if f.Stat == nil {
			f.Stat = &snapshot.FileStat{Type: "regular file", Mode: "0644", Owner: "root", Group: "root"}
		}
		if f.Values == nil {
			f.Values = map[string]string{}
		}
		for j := 0; j+1 < len(kv); j += 2 {
			f.Values[kv[j]] = kv[j+1]
		}
	})
}

func present(i int, path, mode, owner string) func(*snapshot.Snapshot) {
	return onFile(i, path, func(f *snapshot.File) {
		f.Exists = true
		f.Stat = &snapshot.FileStat{Type: "regular file", Mode: mode, Owner: owner, Group: owner}
	})
}

func dir(i int, path, mode, owner, group string) func(*snapshot.Snapshot) {
	return onFile(i, path, func(f *snapshot.File) {
		f.Exists = true
		f.Stat = &snapshot.FileStat{Type: "directory", Mode: mode, Owner: owner, Group: group}
	})
}

var newHostCases = []checkCase{
	// CS-KVM-001 / 002: sshd first-value, Include and Match semantics.
	{ID: "CS-KVM-001", Name: "hardened", Want: []expect{pass(sshdc+" PermitRootLogin", "root cannot log in with a password")}},
	{ID: "CS-KVM-001", Name: "PermitRootLogin yes in the main file loses to the drop-in", Exact: true,
		Mutate: onFile(kvm, sshdc, func(f *snapshot.File) {
			f.Directives = append(f.Directives, dv("permitrootlogin", "yes"), dv("passwordauthentication", "yes"))
		}),
		Want: []expect{pass(sshdc+" PermitRootLogin", "root cannot log in"), pass(sshdc+" PermitRootLogin", "root cannot log in")}},
	{ID: "CS-KVM-001", Name: "drop-in says yes", Mutate: directives(kvm, sshdrop, dv("permitrootlogin", "yes"), dv("passwordauthentication", "yes")),
		Want: []expect{fail(sshdc+" PermitRootLogin", "root may log in with a password (global")}},
	{ID: "CS-KVM-001", Name: "Match Address block overrides", Mutate: directives(kvm, sshdrop, dv("permitrootlogin", "prohibit-password"), dv("passwordauthentication", "no"),
		dv("match", "Address 10.0.0.0/8"), dv("permitrootlogin", "yes"), dv("passwordauthentication", "yes")),
		Want: []expect{fail(sshdc+" PermitRootLogin", "Match Address 10.0.0.0/8")}},
	{ID: "CS-KVM-001", Name: "Match User deploy does not apply to root", Mutate: directives(kvm, sshdrop, dv("permitrootlogin", "prohibit-password"), dv("passwordauthentication", "no"),
		dv("match", "User deploy"), dv("permitrootlogin", "yes"), dv("passwordauthentication", "yes")),
		Want: []expect{pass(sshdc+" PermitRootLogin", "root cannot log in")}},
	{ID: "CS-KVM-001", Name: "keyboard-interactive through PAM", Mutate: directives(kvm, sshdrop, dv("permitrootlogin", "yes"), dv("passwordauthentication", "no"), dv("kbdinteractiveauthentication", "yes")),
		Want: []expect{fail(sshdc+" PermitRootLogin", "root may log in with a password")}},
	{ID: "CS-KVM-001", Name: "password only as a second factor", Mutate: directives(kvm, sshdrop, dv("permitrootlogin", "yes"), dv("passwordauthentication", "yes"), dv("authenticationmethods", "publickey,password")),
		Want: []expect{pass(sshdc+" PermitRootLogin", "root cannot log in")}},
	{ID: "CS-KVM-001", Name: "unknown include", Mutate: onFile(kvm, sshdc, func(f *snapshot.File) {
		f.Directives = append([]snapshot.Directive{dv("include", "/etc/ssh/extra.conf")}, f.Directives...)
	}), Want: []expect{manual(sshdc+" PermitRootLogin", "/etc/ssh/extra.conf, which was not audited")}},
	{ID: "CS-KVM-001", Name: "sshd_config unreadable (RHEL 0600)", Mutate: onFile(kvm, sshdc, func(f *snapshot.File) { f.Read, f.Directives, f.Error = false, nil, "not readable" }),
		Want: []expect{errorf(sshdc, "run the probe as root")}},
	{ID: "CS-KVM-002", Name: "hardened", Want: []expect{pass(sshdc+" PasswordAuthentication", "does not accept passwords")}},
	{ID: "CS-KVM-002", Name: "default is yes", Mutate: directives(mg, sshdrop, dv("permitrootlogin", "no")),
		Want: []expect{fail(sshdc+" PasswordAuthentication", "SSH accepts passwords")}},

	// CS-KVM-003: socket activation.
	{ID: "CS-KVM-003", Name: "hardened", Exact: true, Want: []expect{pass("libvirt TCP socket units", "no libvirt TCP socket unit is enabled")}},
	{ID: "CS-KVM-003", Name: "tcp socket enabled with auth none", Mutate: all(present(kvm, tcpWant, "0777", "root"), absentFile(kvm, "/etc/systemd/system/libvirtd-tcp.socket"), value(kvm, lvd, "auth_tcp", "none")),
		Want: []expect{fail(tcpWant, "anyone reaching port 16509 controls libvirt")}},
	{ID: "CS-KVM-003", Name: "enabled but masked", Mutate: all(present(kvm, tcpWant, "0777", "root"), value(kvm, lvd, "auth_tcp", "none")), Exact: true,
		Want: []expect{pass("libvirt TCP socket units", "no libvirt TCP socket unit is enabled")}},
	{ID: "CS-KVM-003", Name: "enabled with sasl default", Mutate: all(present(kvm, tcpWant, "0777", "root"), absentFile(kvm, "/etc/systemd/system/libvirtd-tcp.socket")),
		Want: []expect{pass(tcpWant, "auth_tcp=sasl")}},

	// CS-KVM-004: plain TCP on a secured host.
	{ID: "CS-KVM-004", Name: "hardened", Exact: true, Want: []expect{pass(lvd+" listen_tcp", "no plain TCP")}},
	{ID: "CS-KVM-004", Name: "listen_tcp=1 with --listen", Mutate: all(value(kvm, lvd, "listen_tcp", "1"), value(kvm, "/etc/default/libvirtd", "LIBVIRTD_ARGS", "--listen")),
		Want: []expect{fail(lvd+" listen_tcp", "still listens on plain TCP")}},
	{ID: "CS-KVM-004", Name: "16509 listener", Mutate: listen(kvm, "0.0.0.0", 16509), Want: []expect{fail(lvd+" listen_tcp", "still listens on plain TCP")}},
	{ID: "CS-KVM-004", Name: "not secured", Mutate: absentFile(kvm, crt), Exact: true, Want: []expect{skip(lvd, "not secured")}},

	// CS-KVM-005: manual, never fail.
	{ID: "CS-KVM-005", Name: "hardened confined", Want: []expect{pass(qemu+" security_driver", "QEMU is confined")}},
	{ID: "CS-KVM-005", Name: "CloudStack default unconfined", Mutate: all(value(kvm, qemu, "security_driver", "none"), value(kvm, qemu, "user", "root")),
		Want: []expect{manual(qemu+" security_driver", "CloudStack's default")}},

	// CS-KVM-006: VNC TLS on a secured host.
	{ID: "CS-KVM-006", Name: "hardened", Exact: true, Want: []expect{pass(qemu+" vnc_tls", "VNC consoles use TLS")}},
	{ID: "CS-KVM-006", Name: "vnc_tls off", Mutate: value(kvm, qemu, "vnc_tls", "0"), Want: []expect{fail(qemu+" vnc_tls", "not encrypted")}},
	{ID: "CS-KVM-006", Name: "certificate dangling", Mutate: onFile(kvm, "/etc/pki/libvirt-vnc/server-cert.pem", func(f *snapshot.File) { f.Target = nil }),
		Want: []expect{fail(qemu+" vnc_tls", "VMs will not start")}},

	// CS-KVM-007: VNC listeners.
	{ID: "CS-KVM-007", Name: "hardened", Exact: true, Want: []expect{pass("VNC listeners 5900-6100", "no VNC listener")}},
	{ID: "CS-KVM-007", Name: "on the private address", Mutate: listen(kvm, "10.20.8.11", 5900), Exact: true,
		Want: []expect{pass("VNC listeners 5900-6100", "only on the private address")}},
	{ID: "CS-KVM-007", Name: "wildcard", Mutate: listen(kvm, "0.0.0.0", 5901), Want: []expect{fail("VNC listeners 5900-6100", "every address")}},
	{ID: "CS-KVM-007", Name: "public address", Mutate: listen(kvm, "203.0.113.7", 5902), Want: []expect{fail("VNC listeners 5900-6100", "203.0.113.7:5902")}},

	// CS-KVM-008 / CS-MGMT-001 / 002 / 008: JVM options.
	{ID: "CS-KVM-008", Name: "hardened", Want: []expect{pass(agentEn+" JDWP", "no JDWP agent"), pass(agentEn+" JMX", "remote JMX is off")}},
	{ID: "CS-KVM-008", Name: "packaged debug line uncommented", Mutate: envValues(kvm, agentEn, "JAVA_DEBUG", "-agentlib:jdwp=transport=dt_socket,address=*:8000,server=y,suspend=n"),
		Want: []expect{fail(agentEn+" JDWP", "JDWP listens on *:8000")}},
	{ID: "CS-MGMT-001", Name: "hardened", Exact: true, Want: []expect{pass(envf+" JDWP", "no JDWP agent")}},
	{ID: "CS-MGMT-001", Name: "loopback only still fails", Mutate: envValues(mg, envf, "JAVA_DEBUG", "-Xrunjdwp:transport=dt_socket,address=8000,server=y,suspend=n"),
		Want: []expect{fail(envf+" JDWP", "loopback (8000")}},
	{ID: "CS-MGMT-001", Name: "dials out", Mutate: envValues(mg, envf, "JAVA_OPTS", "-Xmx2G -agentlib:jdwp=transport=dt_socket,address=10.9.9.9:5005,server=n"),
		Want: []expect{fail(envf+" JDWP", "dials out to a debugger at 10.9.9.9:5005")}},
	{ID: "CS-MGMT-001", Name: "set in a drop-in Environment=", Mutate: directives(mg, mgmtDrp, dv("Environment", "JAVA_TOOL_OPTIONS=-agentlib:jdwp=transport=dt_socket,server=y,address=0.0.0.0:8787")),
		Want: []expect{fail(envf+" JDWP", "0.0.0.0:8787 ("+mgmtDrp+":1 JAVA_TOOL_OPTIONS)")}},
	{ID: "CS-MGMT-001", Name: "drop-in unreadable", Mutate: onFile(mg, mgmtDrp, func(f *snapshot.File) {
		f.Exists, f.Stat, f.Error = true, &snapshot.FileStat{Type: "regular file", Mode: "0600"}, "not readable"
	}), Want: []expect{errorf(mgmtDrp, "cannot read")}},
	{ID: "CS-MGMT-002", Name: "hardened", Exact: true, Want: []expect{pass(envf+" JMX", "remote JMX is off")}},
	{ID: "CS-MGMT-002", Name: "unauthenticated", Mutate: envValues(mg, envf, "JAVA_OPTS", "-Dcom.sun.management.jmxremote.port=9999 -Dcom.sun.management.jmxremote.authenticate=false"),
		Want: []expect{fail(envf+" JMX", "without authentication")}},
	{ID: "CS-MGMT-002", Name: "ssl off", Mutate: envValues(mg, envf, "JAVA_OPTS", "-Dcom.sun.management.jmxremote.port=9999 -Dcom.sun.management.jmxremote.ssl=false"),
		Want: []expect{fail(envf+" JMX", "credentials in clear")}},
	{ID: "CS-MGMT-002", Name: "local attach only", Mutate: envValues(mg, envf, "JAVA_OPTS", "-Dcom.sun.management.jmxremote"), Exact: true,
		Want: []expect{pass(envf+" JMX", "remote JMX is off")}},
	{ID: "CS-MGMT-008", Name: "hardened (no usage server)", Want: []expect{pass(usageEn+" JDWP", "no "+usageEn)}},
	{ID: "CS-MGMT-008", Name: "usage debugging", Mutate: envValues(mg, usageEn, "JAVA_DEBUG", "-agentlib:jdwp=transport=dt_socket,address=8001,server=y,suspend=n"),
		Want: []expect{fail(usageEn+" JDWP", "loopback (8001")}},

	// CS-MGMT-003 / 004: cluster servlet.
	{ID: "CS-MGMT-003", Name: "fixed release", Exact: true, Want: []expect{pass("cluster servlet (TCP port 9090)", "is fixed")}},
	{ID: "CS-MGMT-003", Name: "affected 4.19.0.1 listening", Mutate: all(version("4.19.0.1"), listen(mg, "0.0.0.0", 9090)),
		Want: []expect{fail("cluster servlet (TCP port 9090)", "affected by CVE-2024-38346")}},
	{ID: "CS-MGMT-003", Name: "affected, directory audit", Mutate: all(version("4.18.2.0"), onMachine(mg, func(m *snapshot.Machine) { m.ListenersRead = false })),
		Want: []expect{manual("cluster servlet (TCP port 9090)", "firewalled to the peer management servers (10.20.0.21, 10.20.0.22)")}},
	{ID: "CS-MGMT-004", Name: "hardened", Exact: true, Want: []expect{pass(dbp+" cluster.node.IP", "binds the management address 10.20.0.21")}},
	{ID: "CS-MGMT-004", Name: "wildcard listener", Mutate: listen(mg, "::", 9090), Want: []expect{fail(dbp+" cluster.node.IP", "every address")}},
	{ID: "CS-MGMT-004", Name: "loopback with two management servers", Mutate: onFile(mg, dbp, func(f *snapshot.File) { delete(f.Values, "cluster.node.IP") }),
		Want: []expect{fail(dbp+" cluster.node.IP", "2 management servers are registered")}},
	{ID: "CS-MGMT-004", Name: "not a service_ip", Mutate: value(mg, dbp, "cluster.node.IP", "192.0.2.5"), Want: []expect{fail(dbp+" cluster.node.IP", "not a management server's service_ip")}},
	{ID: "CS-MGMT-004", Name: "affected release belongs to CS-MGMT-003", Mutate: version("4.19.0.0"), Exact: true, Want: []expect{skip(dbp+" cluster.node.IP", "CS-MGMT-003")}},

	// CS-MGMT-005: HTTP alongside HTTPS.
	{ID: "CS-MGMT-005", Name: "hardened", Exact: true, Want: []expect{pass(srvp+" http.enable", "only HTTPS")}},
	{ID: "CS-MGMT-005", Name: "8080 on every address", Mutate: listen(mg, "::", 8080), Want: []expect{fail(srvp+" http.enable", "plain HTTP is still served on port 8080")}},
	{ID: "CS-MGMT-005", Name: "image with http.enable default", Mutate: onMachine(mg, func(m *snapshot.Machine) { m.ListenersRead = false }),
		Want: []expect{fail(srvp+" http.enable", "plain HTTP is still served on port 8080")}},
	{ID: "CS-MGMT-005", Name: "image with http.enable=false", Mutate: all(onMachine(mg, func(m *snapshot.Machine) { m.ListenersRead = false }), value(mg, srvp, "http.enable", "false")),
		Exact: true, Want: []expect{pass(srvp+" http.enable", "only HTTPS")}},
	{ID: "CS-MGMT-005", Name: "https off", Mutate: value(mg, srvp, "https.enable", "false"), Exact: true, Want: []expect{skip(srvp+" http.enable", "CS-HOST-007")}},

	// CS-MGMT-006: sudo.
	{ID: "CS-MGMT-006", Name: "hardened packaged rule", Exact: true, Want: []expect{pass("sudo rules for cloud", "no unrestricted sudo rule")}},
	{ID: "CS-MGMT-006", Name: "ALL", Mutate: directives(mg, sudoers, dv("rule", "Defaults:cloud !requiretty"), dv("rule", "cloud ALL =NOPASSWD : ALL")),
		Want: []expect{fail(sudoers, "may run ALL as root")}},
	{ID: "CS-MGMT-006", Name: "via User_Alias and Cmnd_Alias", Mutate: directives(mg, sudoers, dv("rule", "User_Alias CS = cloud, deploy"), dv("rule", "Cmnd_Alias SH = /bin/bash"), dv("rule", "CS ALL=(ALL) NOPASSWD: SETENV: SH")),
		Want: []expect{fail(sudoers, "may run /bin/bash as root")}},
	{ID: "CS-MGMT-006", Name: "unreadable", Mutate: onFile(mg, sudoers, func(f *snapshot.File) { f.Read, f.Directives, f.Error = false, nil, "not readable" }),
		Exact: true, Want: []expect{manual("sudo rules for cloud", "sudo -l -U cloud")}},
	{ID: "CS-MGMT-006", Name: "sudo skips names with a dot", Mutate: directives(mg, "/etc/sudoers.d/cloud.bak", dv("rule", "cloud ALL=(ALL) ALL")), Exact: true,
		Want: []expect{pass("sudo rules for cloud", "no unrestricted sudo rule")}},

	// CS-MGMT-007: cloud home.
	{ID: "CS-MGMT-007", Name: "hardened", Want: []expect{pass(home, "only the cloud user"), pass(home+"/.ssh", "only the cloud user")}},
	{ID: "CS-MGMT-007", Name: "home 0755", Mutate: dir(mg, home, "0755", "cloud", "cloud"), Want: []expect{fail(home, "allows 0005 beyond 0770")}},
	{ID: "CS-MGMT-007", Name: ".ssh 0750", Mutate: dir(mg, home+"/.ssh", "0750", "cloud", "cloud"), Want: []expect{fail(home+"/.ssh", "allows 0050 beyond 0700")}},
	{ID: "CS-MGMT-007", Name: "authorized_keys", Mutate: present(mg, home+"/.ssh/authorized_keys", "0600", "cloud"), Want: []expect{fail(home+"/.ssh/authorized_keys", "log in over SSH as the cloud user")}},
	{ID: "CS-MGMT-007", Name: "a file where the home belongs", Mutate: present(mg, home, "0700", "cloud"), Want: []expect{errorf(home, "in place of a directory")}},

	// CS-MGMT-009: 8097.
	{ID: "CS-MGMT-009", Name: "hardened", Exact: true, Want: []expect{pass("key receiver (TCP port 8097)", "nothing listens")}},
	{ID: "CS-MGMT-009", Name: "waiting for the key", Mutate: all(value(mg, dbp, "db.cloud.encryption.type", "web"), listen(mg, "::", 8097)),
		Want: []expect{fail("key receiver (TCP port 8097)", "the first client to connect supplies it")}},

	// CS-KVM-009: hooks.
	{ID: "CS-KVM-009", Name: "hardened", Exact: true, Want: []expect{pass("hook scripts", "no hook directories")}},
	{ID: "CS-KVM-009", Name: "world-writable hooks dir", Mutate: dir(kvm, hooks, "0777", "root", "root"), Want: []expect{fail(hooks, "lets others write it")}},
	{ID: "CS-KVM-009", Name: "hook owned by a user", Mutate: present(kvm, hooks+"/agent-hook.groovy", "0644", "deploy"), Want: []expect{fail(hooks+"/agent-hook.groovy", "owned by deploy")}},
	{ID: "CS-KVM-009", Name: "qemu hook root 0755", Mutate: present(kvm, "/etc/libvirt/hooks/qemu", "0755", "root"), Exact: true, Want: []expect{pass("/etc/libvirt/hooks/qemu", "only root")}},

	// CS-KVM-010: agent's management servers.
	{ID: "CS-KVM-010", Name: "hardened", Exact: true, Want: []expect{pass(agp+" host", "only to registered management servers")}},
	{ID: "CS-KVM-010", Name: "stale address", Mutate: value(kvm, agp, "host", "10.20.0.21,10.99.0.1"), Want: []expect{fail(agp+" host", "10.99.0.1, which is no registered management server")}},
	{ID: "CS-KVM-010", Name: "load balancer name", Mutate: value(kvm, agp, "host", "cs-lb.example.com"), Exact: true, Want: []expect{manual(agp+" host", "cs-lb.example.com")}},

	// CS-HOST-020: clock.
	{ID: "CS-HOST-020", Name: "hardened", Want: []expect{pass("clock synchronisation", "synchronised")}},
	{ID: "CS-HOST-020", Name: "nothing", Mutate: all(absentFile(kvm, "/run/chrony/chronyd.pid"), absentFile(kvm, "/etc/systemd/system/multi-user.target.wants/chrony.service")),
		Want: []expect{fail("clock synchronisation", "no time daemon")}},
	{ID: "CS-HOST-020", Name: "enabled, no sources, live", Mutate: all(absentFile(kvm, "/run/chrony/chronyd.pid"), directives(kvm, "/etc/chrony/chrony.conf", dv("driftfile", "/x"))),
		Want: []expect{manual("clock synchronisation", "chronyc tracking")}},
	{ID: "CS-HOST-020", Name: "directory audit, enabled with sources", Mutate: all(absentFile(kvm, "/run/chrony/chronyd.pid"), onMachine(kvm, func(m *snapshot.Machine) { m.ListenersRead = false })),
		Want: []expect{pass("clock synchronisation", "directory audit")}},

	// CS-HOST-021: leftover sysconfig file.
	{ID: "CS-HOST-021", Name: "hardened", Exact: true, Want: []expect{pass(sysconf, "no leftover")}},
	{ID: "CS-HOST-021", Name: "leftover with the key", Mutate: onFile(mg, sysconf, func(f *snapshot.File) {
		f.Exists, f.Read = true, true
		f.Stat = &snapshot.FileStat{Type: "regular file", Mode: "0644", Owner: "root", Group: "root"}
		f.Secrets = map[string]snapshot.SecretFacts{"CLOUD_SECRET_KEY": {Present: true, Length: 16, Encoding: snapshot.Plaintext}}
	}), Want: []expect{fail(sysconf, "it holds CLOUD_SECRET_KEY")}},
	{ID: "CS-HOST-021", Name: "named by a drop-in", Mutate: all(present(mg, sysconf, "0600", "root"), directives(mg, mgmtDrp, dv("EnvironmentFile", "-"+sysconf))),
		Exact: true, Want: []expect{pass(sysconf, "used through a unit drop-in")}},

	// CS-HOST-022: service ports on non-management addresses.
	{ID: "CS-HOST-022", Name: "hardened", Want: []expect{pass("CloudStack service listeners", "management/private addresses or every address")}},
	{ID: "CS-HOST-022", Name: "8250 wildcard alone is no finding", Mutate: listen(mg, "0.0.0.0", 8250), Want: []expect{pass("CloudStack service listeners", "every address")}},
	{ID: "CS-HOST-022", Name: "libvirt TLS on a public address", Mutate: listen(kvm, "203.0.113.9", 16514), Want: []expect{fail("libvirt TLS (TCP port 16514)", "203.0.113.9:16514")}},
	{ID: "CS-HOST-022", Name: "cluster servlet on a public address", Mutate: listen(mg, "198.51.100.4", 9090), Want: []expect{fail("cluster servlet (TCP port 9090)", "198.51.100.4:9090")}},

	// CS-HOST-023: public certificate files.
	{ID: "CS-HOST-023", Name: "hardened", Want: []expect{pass(crt, "as expected")}},
	{ID: "CS-HOST-023", Name: "0750 root:root as keystore-cert-import sets it", Mutate: mode(kvm, crt, "0750", "root", "root"), Want: []expect{pass(crt, "as expected")}},
	{ID: "CS-HOST-023", Name: "group-writable CA", Mutate: mode(kvm, "/etc/cloudstack/agent/cloud.ca.crt", "0664", "root", "root"), Want: []expect{fail("/etc/cloudstack/agent/cloud.ca.crt", "allows 0020")}},
}

func TestNewHostChecks(t *testing.T) { runCases(t, newHostCases) }
