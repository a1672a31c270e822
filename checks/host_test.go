package checks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

const (
	mg  = 0 // hardened.json: machines[0] management server 10.1.1.10
	kvm = 1 // machines[1] KVM host 10.1.1.21
)

func onMachine(i int, f func(*snapshot.Machine)) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) { f(&s.Machines[i]) }
}

func onFile(i int, path string, f func(*snapshot.File)) func(*snapshot.Snapshot) {
	return onMachine(i, func(m *snapshot.Machine) {
		fl, ok := m.File(path)
		if !ok {
			m.Files = append(m.Files, snapshot.File{Path: path})
			fl = &m.Files[len(m.Files)-1]
		}
		f(fl)
	})
}

func mode(i int, path, mode, owner, group string) func(*snapshot.Snapshot) {
	return onFile(i, path, func(f *snapshot.File) {
		f.Exists = true
		f.Stat = &snapshot.FileStat{Type: "regular file", Mode: mode, Owner: owner, Group: group, Size: 100}
		f.Target = nil
	})
}

func value(i int, path, key, v string) func(*snapshot.Snapshot) {
	return onFile(i, path, func(f *snapshot.File) { f.Values[key] = v })
}

func plainSecret(i int, path, key string, def bool) func(*snapshot.Snapshot) {
	return onFile(i, path, func(f *snapshot.File) {
		sf := snapshot.SecretFacts{Present: true, Encoding: snapshot.Plaintext, Evidence: "not in ENC(...) form, so CloudStack uses it as is", Length: 9}
		if def {
			sf.KnownDefault = "CloudStack default keystore passphrase"
		}
		f.Secrets[key] = sf
	})
}

func absentFile(i int, path string) func(*snapshot.Snapshot) {
	return onFile(i, path, func(f *snapshot.File) { *f = snapshot.File{Path: path} })
}

func listen(i int, addr string, port int) func(*snapshot.Snapshot) {
	return onMachine(i, func(m *snapshot.Machine) {
		m.Listeners = append(m.Listeners, snapshot.Listener{Address: addr, Port: port})
	})
}

var machineDown = onMachine(kvm, func(m *snapshot.Machine) {
	*m = snapshot.Machine{Name: "10.1.1.21", Via: "ssh", Root: "/", Error: "authenticating to root@10.1.1.21:22: ssh: handshake failed"}
})

const (
	dbp   = "/etc/cloudstack/management/db.properties"
	srvp  = "/etc/cloudstack/management/server.properties"
	keyf  = "/etc/cloudstack/management/key"
	agp   = "/etc/cloudstack/agent/agent.properties"
	crt   = "/etc/cloudstack/agent/cloud.crt"
	lvd   = "/etc/libvirt/libvirtd.conf"
	qemu  = "/etc/libvirt/qemu.conf"
	idrsa = "/var/lib/cloudstack/management/.ssh/id_rsa"
	envf  = "/etc/default/cloudstack-management"
)

var hostCases = []checkCase{
	{ID: "CS-HOST-001", Name: "hardened", Want: []expect{pass(dbp, "owner and mode are as expected"), pass(agp, "owner and mode are as expected")}},
	{ID: "CS-HOST-001", Name: "world-readable db.properties", Mutate: mode(mg, dbp, "0644", "root", "root"),
		Want: []expect{fail(dbp, "mode 0644 allows 0004 beyond 0640")}},
	{ID: "CS-HOST-001", Name: "key owned by cloud", Mutate: mode(mg, keyf, "0640", "cloud", "cloud"),
		Want: []expect{fail(keyf, "owned by cloud, not root")}},
	{ID: "CS-HOST-001", Name: "db.properties readable by another group", Mutate: mode(mg, dbp, "0640", "root", "users"),
		Want: []expect{fail(dbp, "group users may read it")}},
	{ID: "CS-HOST-001", Name: "agent key readable by others", Mutate: mode(kvm, "/etc/cloudstack/agent/cloud.key", "0644", "root", "root"),
		Want: []expect{fail("/etc/cloudstack/agent/cloud.key", "allows 0004 beyond 0750")}},
	// keystore-cert-import (>= 4.18.0.0) sets 0750 and qemu.conf's group: not a finding (r3 §0.2).
	{ID: "CS-HOST-001", Name: "agent key 0750 root:qemu as keystore-cert-import sets it", Mutate: mode(kvm, "/etc/cloudstack/agent/cloud.key", "0750", "root", "qemu"),
		Want: []expect{pass("/etc/cloudstack/agent/cloud.key", "as expected")}},
	{ID: "CS-HOST-001", Name: "agent key group from qemu.conf", Mutate: all(mode(kvm, "/etc/cloudstack/agent/cloud.key", "0750", "root", "hvgroup"), value(kvm, qemu, "group", "hvgroup")),
		Want: []expect{pass("/etc/cloudstack/agent/cloud.key", "as expected")}},
	{ID: "CS-HOST-001", Name: "agent key group users", Mutate: mode(kvm, "/etc/cloudstack/agent/cloud.key", "0750", "root", "users"),
		Want: []expect{fail("/etc/cloudstack/agent/cloud.key", "group users may read it")}},
	{ID: "CS-HOST-001", Name: "public certificates are not judged here", Mutate: mode(kvm, crt, "0644", "root", "root"),
		Want: []expect{pass(agp, "as expected")}},
	{ID: "CS-HOST-001", Name: "symlink judged by its target", Mutate: onFile(mg, "/etc/cloudstack/usage/key", func(f *snapshot.File) {
		f.Target = &snapshot.FileStat{Type: "regular file", Mode: "0644", Owner: "root", Group: "root"}
	}), Want: []expect{fail("/etc/cloudstack/usage/key", "mode 0644")}},
	{ID: "CS-HOST-001", Name: "unreachable host", Mutate: machineDown,
		Want: []expect{errorf("host 10.1.1.21", "could not be probed")}},

	{ID: "CS-HOST-002", Name: "hardened", Exact: true, Want: []expect{pass(crt, "valid until 2027-03-02")}},
	{ID: "CS-HOST-002", Name: "expired", Mutate: onFile(kvm, crt, func(f *snapshot.File) { f.Certificate.NotAfter = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }),
		Want: []expect{fail(crt, "expired on 2026-01-01")}},
	// Inside CloudStack's own renewal window with automatic renewal on: not a failure.
	{ID: "CS-HOST-002", Name: "expires in 10 days, automatic renewal on", Mutate: onFile(kvm, crt, func(f *snapshot.File) { f.Certificate.NotAfter = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) }),
		Exact: true, Want: []expect{{Status: checks.Manual, Subject: crt, Message: "inside CloudStack's renewal window"}}},
	{ID: "CS-HOST-002", Name: "expires in 10 days, automatic renewal off", Mutate: all(set("ca.framework.cert.automatic.renewal", "false"),
		onFile(kvm, crt, func(f *snapshot.File) { f.Certificate.NotAfter = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) })),
		Want: []expect{fail(crt, "expires in 10 days and automatic renewal is off")}},
	{ID: "CS-HOST-002", Name: "20 days left, before the window", Mutate: onFile(kvm, crt, func(f *snapshot.File) { f.Certificate.NotAfter = time.Date(2026, 12, 13, 12, 0, 0, 0, time.UTC) }),
		Exact: true, Want: []expect{pass(crt, "valid until 2026-12-13")}},
	{ID: "CS-HOST-002", Name: "longer alert period", Mutate: all(addSetting("ca.framework.cert.expiry.alert.period", "30"), set("ca.framework.cert.automatic.renewal", "false"),
		onFile(kvm, crt, func(f *snapshot.File) { f.Certificate.NotAfter = time.Date(2026, 12, 13, 12, 0, 0, 0, time.UTC) })),
		Want: []expect{fail(crt, "automatic renewal is off")}},
	{ID: "CS-HOST-002", Name: "unreadable", Mutate: onFile(kvm, crt, func(f *snapshot.File) { f.Read, f.Certificate, f.Error = false, nil, "not readable" }),
		Want: []expect{errorf(crt, "cannot read")}},

	{ID: "CS-HOST-003", Name: "hardened", Exact: true, Want: []expect{pass(dbp+" db.cloud.encryption.type", "database encryption is on (file)")}},
	{ID: "CS-HOST-003", Name: "none", Mutate: value(mg, dbp, "db.cloud.encryption.type", "none"),
		Want: []expect{fail(dbp+" db.cloud.encryption.type", "database encryption is off")}},
	{ID: "CS-HOST-003", Name: "missing", Mutate: onFile(mg, dbp, func(f *snapshot.File) { delete(f.Values, "db.cloud.encryption.type") }),
		Want: []expect{fail(dbp+" db.cloud.encryption.type", "database encryption is off")}},
	// CloudStack compares case-sensitively (EncryptionSecretKeyChecker.java:63-121): FILE is invalid.
	{ID: "CS-HOST-003", Name: "upper case is invalid", Mutate: value(mg, dbp, "db.cloud.encryption.type", "FILE"),
		Want: []expect{fail(dbp+" db.cloud.encryption.type", "invalid encryption type")}},
	{ID: "CS-HOST-003", Name: "empty value is invalid", Mutate: value(mg, dbp, "db.cloud.encryption.type", ""),
		Want: []expect{fail(dbp+" db.cloud.encryption.type", "refuses to start")}},

	{ID: "CS-HOST-004", Name: "hardened", Want: []expect{pass(dbp+" db.cloud.password", "is ENC(...)")}},
	{ID: "CS-HOST-004", Name: "clear password", Mutate: plainSecret(mg, dbp, "db.cloud.password", false),
		Want: []expect{fail(dbp+" db.cloud.password", "db.cloud.password is stored in clear")}},

	{ID: "CS-HOST-005", Name: "hardened", Exact: true, Want: []expect{pass(dbp+" db.cloud.useSSL", "the cloud database is on this host"), pass(dbp+" db.usage.host", "the usage database is on this host")}},
	{ID: "CS-HOST-005", Name: "remote without TLS", Mutate: value(mg, dbp, "db.cloud.host", "db01.example.com"),
		Want: []expect{fail(dbp+" db.cloud.useSSL", "reached without TLS")}},
	{ID: "CS-HOST-005", Name: "remote with TLS", Mutate: all(value(mg, dbp, "db.cloud.host", "10.1.1.5"), value(mg, dbp, "db.cloud.useSSL", "true")), Exact: true,
		Want: []expect{pass(dbp+" db.cloud.useSSL", "uses TLS"), pass(dbp+" db.usage.host", "on this host")}},
	// db.cloud.uri (4.19+) overrides host/port/url.params: judged from the URI.
	{ID: "CS-HOST-005", Name: "db.cloud.uri overrides a local host", Mutate: value(mg, dbp, "db.cloud.uri", "jdbc:mysql://db9.example.com:3306/cloud?autoReconnect=true"),
		Want: []expect{fail(dbp+" db.cloud.uri", "cloud database at db9.example.com is reached without TLS")}},
	{ID: "CS-HOST-005", Name: "db.cloud.uri with sslMode", Mutate: value(mg, dbp, "db.cloud.uri", "jdbc:mysql://db9.example.com/cloud?sslMode=VERIFY_CA"),
		Want: []expect{pass(dbp+" db.cloud.uri", "uses TLS")}},
	{ID: "CS-HOST-005", Name: "useSSL ignored when the URI is set", Mutate: all(value(mg, dbp, "db.cloud.useSSL", "true"), value(mg, dbp, "db.usage.uri", "jdbc:mysql://10.9.9.9/cloud_usage")),
		Want: []expect{fail(dbp+" db.usage.uri", "usage database at 10.9.9.9")}},

	{ID: "CS-HOST-006", Name: "hardened", Want: []expect{pass(keyf, "not the published default")}},
	{ID: "CS-HOST-006", Name: "default key", Mutate: onFile(mg, keyf, func(f *snapshot.File) { f.Secret.KnownDefault = "cloudstack-setup-databases default" }),
		Want: []expect{fail(keyf, "published default `password`")}},

	{ID: "CS-HOST-007", Name: "hardened", Exact: true, Want: []expect{pass(srvp+" https.enable", "HTTPS is enabled")}},
	{ID: "CS-HOST-007", Name: "https off", Mutate: value(mg, srvp, "https.enable", "false"),
		Want: []expect{fail(srvp+" https.enable", "plain HTTP on port 8080")}},
	{ID: "CS-HOST-007", Name: "keystore missing", Mutate: absentFile(mg, "/etc/cloudstack/management/cloud.jks"),
		Want: []expect{fail(srvp+" https.enable", "does not exist")}},
	// A TLS proxy in front: HTTP only on loopback is not a failure.
	{ID: "CS-HOST-007", Name: "https off behind a local TLS proxy", Mutate: all(value(mg, srvp, "https.enable", "false"), value(mg, srvp, "bind.interface", "127.0.0.1"),
		onMachine(mg, func(m *snapshot.Machine) { m.ListenersRead = false })),
		Exact: true, Want: []expect{pass(srvp+" https.enable", "a local TLS proxy in front")}},
	{ID: "CS-HOST-007", Name: "https off, 8080 only on loopback", Mutate: all(value(mg, srvp, "https.enable", "false"), listen(mg, "127.0.0.1", 8080)),
		Exact: true, Want: []expect{pass(srvp+" https.enable", "only on loopback")}},
	{ID: "CS-HOST-007", Name: "https on, http still on", Mutate: listen(mg, "::", 8080),
		Exact: true, Want: []expect{pass(srvp+" https.enable", "see CS-MGMT-005")}},

	{ID: "CS-HOST-008", Name: "hardened", Want: []expect{pass(srvp+" https.keystore.password", "not the published default")}},
	// db.cloud.keyStorePassphrase does not exist in CloudStack (r1 §0.11).
	{ID: "CS-HOST-008", Name: "non-existent keyStorePassphrase ignored", Mutate: plainSecret(mg, dbp, "db.cloud.keyStorePassphrase", true),
		Want: []expect{pass(srvp+" https.keystore.password", "not the published default")}},
	{ID: "CS-HOST-008", Name: "vmops.com on the agent", Mutate: plainSecret(kvm, agp, "keystore.passphrase", true),
		Want: []expect{fail(agp+" keystore.passphrase", "published default key store password")}},

	{ID: "CS-HOST-009", Name: "hardened", Exact: true, Want: []expect{pass("/etc/cloudstack/agent/cloud.jks", "the agent has its key store")}},
	{ID: "CS-HOST-009", Name: "no keystore", Mutate: absentFile(kvm, "/etc/cloudstack/agent/cloud.jks"),
		Want: []expect{fail("/etc/cloudstack/agent/cloud.jks", "accepts any server certificate")}},

	{ID: "CS-HOST-010", Name: "hardened", Exact: true, Want: []expect{pass(lvd+" listen_tcp/auth_tcp", "no unauthenticated TCP")}},
	{ID: "CS-HOST-010", Name: "tcp without auth", Mutate: all(value(kvm, lvd, "listen_tcp", "1"), value(kvm, lvd, "auth_tcp", "none")),
		Want: []expect{fail(lvd+" listen_tcp/auth_tcp", "anyone reaching port 16509 controls the host")}},
	{ID: "CS-HOST-010", Name: "configured but not listening", Mutate: all(value(kvm, lvd, "listen_tcp", "1"), value(kvm, lvd, "auth_tcp", "none"),
		value(kvm, "/etc/default/libvirtd", "LIBVIRTD_ARGS", ""), onMachine(kvm, func(m *snapshot.Machine) { m.Listeners = nil })),
		Want: []expect{fail(lvd+" listen_tcp/auth_tcp", "takes effect as soon as")}},

	{ID: "CS-HOST-011", Name: "hardened", Exact: true, Want: []expect{pass(lvd+" listen_tls", "certificates are in place")}},
	{ID: "CS-HOST-011", Name: "dangling certificate link", Mutate: onFile(kvm, "/etc/pki/libvirt/servercert.pem", func(f *snapshot.File) { f.Target = nil }),
		Want: []expect{fail(lvd+" listen_tls", "lacks /etc/pki/libvirt/servercert.pem")}},

	{ID: "CS-HOST-012", Name: "hardened", Exact: true, Want: []expect{pass(qemu+" vnc_listen", "specific address")}},
	{ID: "CS-HOST-012", Name: "all addresses", Mutate: value(kvm, qemu, "vnc_listen", "0.0.0.0"),
		Want: []expect{fail(qemu+" vnc_listen", "VNC consoles listen on every address (with TLS but without client-certificate verification)")}},
	{ID: "CS-HOST-012", Name: "informational only (per-VM listen wins, r3 §0.3)", Mutate: func(s *snapshot.Snapshot) {
		if c, _ := checks.Lookup("CS-HOST-012"); c.Severity != checks.Info {
			panic("CS-HOST-012 must be info")
		}
	}, Want: []expect{pass(qemu+" vnc_listen", "specific address")}},

	{ID: "CS-HOST-013", Name: "hardened", Exact: true, Want: []expect{pass("TCP port 8096", "nothing listens")}},
	{ID: "CS-HOST-013", Name: "8096 open", Mutate: listen(mg, "0.0.0.0", 8096),
		Want: []expect{fail("TCP port 8096", "listens on 0.0.0.0")}},
	{ID: "CS-HOST-013", Name: "port from the database", Mutate: all(set("integration.api.port", "9999"), listen(mg, "127.0.0.1", 9999)),
		Want: []expect{fail("TCP port 9999", "loopback only")}},
	{ID: "CS-HOST-013", Name: "directory audit", Mutate: onMachine(mg, func(m *snapshot.Machine) { m.ListenersRead = false }), Exact: true,
		Want: []expect{skip("TCP port 8096", "sockets were not read")}},

	{ID: "CS-HOST-014", Name: "hardened", Exact: true, Want: []expect{pass("MySQL bind address", "not bound to every address")}},
	{ID: "CS-HOST-014", Name: "listening everywhere", Mutate: listen(mg, "::", 3306),
		Want: []expect{fail("MySQL bind address", "listens on every address")}},
	{ID: "CS-HOST-014", Name: "unset bind-address in an image is every address", Mutate: all(onMachine(mg, func(m *snapshot.Machine) { m.ListenersRead, m.Listeners = false, nil }),
		onFile(mg, "/etc/mysql/mariadb.conf.d/50-server.cnf", func(f *snapshot.File) {
			for k := range f.Values {
				if strings.HasSuffix(k, ".bind-address") {
					delete(f.Values, k)
				}
			}
		})),
		Want: []expect{fail("MySQL bind address", "MariaDB and MySQL 8 then listen on every address")}},
	{ID: "CS-HOST-014", Name: "bind_address spelling in [mariadb]", Mutate: all(onMachine(mg, func(m *snapshot.Machine) { m.ListenersRead, m.Listeners = false, nil }),
		value(mg, "/etc/mysql/mariadb.conf.d/50-server.cnf", "mariadb.bind-address", "127.0.0.1")), Exact: true,
		Want: []expect{pass("MySQL bind address", "not bound to every address")}},
	{ID: "CS-HOST-014", Name: "[server] section wildcard", Mutate: all(onMachine(mg, func(m *snapshot.Machine) { m.ListenersRead, m.Listeners = false, nil }),
		value(mg, "/etc/mysql/mariadb.conf.d/50-server.cnf", "server.bind-address", "127.0.0.1,*")),
		Want: []expect{fail("MySQL bind address", "opens the database on every address")}},
	{ID: "CS-HOST-014", Name: "skip-networking", Mutate: all(onMachine(mg, func(m *snapshot.Machine) { m.ListenersRead, m.Listeners = false, nil }),
		value(mg, "/etc/mysql/mariadb.conf.d/50-server.cnf", "mysqld.skip-networking", "")), Exact: true,
		Want: []expect{pass("MySQL bind address", "no TCP connections")}},
	{ID: "CS-HOST-014", Name: "dedicated database node", Mutate: all(onMachine(mg, func(m *snapshot.Machine) {
		m.Roles = []string{snapshot.RoleDatabase}
	}), listen(mg, "0.0.0.0", 3306)),
		Want: []expect{pass("MySQL bind address", "dedicated database node")}},
	{ID: "CS-HOST-014", Name: "config in an image", Mutate: all(onMachine(mg, func(m *snapshot.Machine) { m.ListenersRead, m.Listeners = false, nil }),
		value(mg, "/etc/mysql/mariadb.conf.d/50-server.cnf", "mysqld.bind-address", "0.0.0.0")),
		Want: []expect{fail("MySQL bind address", "opens the database on every address")}},

	{ID: "CS-HOST-015", Name: "hardened", Exact: true, Want: []expect{pass(idrsa, "only the cloud user can read the key")}},
	{ID: "CS-HOST-015", Name: "world-readable", Mutate: mode(mg, idrsa, "0644", "cloud", "cloud"),
		Want: []expect{fail(idrsa, "root on every system VM")}},

	{ID: "CS-HOST-016", Name: "hardened", Exact: true, Want: []expect{pass(dbp+" db.cloud.encryption.type", "not received over the network")}},
	{ID: "CS-HOST-016", Name: "web", Mutate: value(mg, dbp, "db.cloud.encryption.type", "web"),
		Want: []expect{fail(dbp+" db.cloud.encryption.type", "port 8097")}},

	{ID: "CS-HOST-017", Name: "hardened", Exact: true, Want: []expect{pass("environment files", "no CLOUD_SECRET_KEY")}},
	{ID: "CS-HOST-017", Name: "key in a 0644 file", Mutate: onFile(mg, envf, func(f *snapshot.File) {
		f.Secrets = map[string]snapshot.SecretFacts{"CLOUD_SECRET_KEY": {Present: true, Encoding: snapshot.Plaintext, Length: 32}}
	}), Want: []expect{fail(envf, "CLOUD_SECRET_KEY is set in a file others can read")}},

	{ID: "CS-HOST-018", Name: "hardened", Exact: true, Want: []expect{pass("/etc/cloudstack/management/cloudmanagementserver.keystore", "no legacy keystore")}},
	{ID: "CS-HOST-018", Name: "present", Mutate: mode(mg, "/etc/cloudstack/management/cloudmanagementserver.keystore", "0600", "root", "root"),
		Want: []expect{fail("/etc/cloudstack/management/cloudmanagementserver.keystore", "still on disk")}},

	{ID: "CS-HOST-019", Name: "hardened", Exact: true, Want: []expect{pass(dbp+" vs database", "agree")}},
	{ID: "CS-HOST-019", Name: "clear rows with encryption configured", Mutate: func(s *snapshot.Snapshot) {
		s.DBEncryption = &snapshot.EncryptionFacts{State: snapshot.EncryptionOff, Evidence: "ssh.privatekey: PEM RSA PRIVATE KEY in the clear"}
	}, Want: []expect{fail(dbp+" vs database", "rows written before encryption was enabled")}},
	{ID: "CS-HOST-019", Name: "ciphertext but encryption off", Mutate: value(mg, dbp, "db.cloud.encryption.type", "none"),
		Want: []expect{fail(dbp+" vs database", "cannot read its secrets")}},
}

func TestHostChecks(t *testing.T) { runCases(t, hostCases) }

var hiddenCases = []checkCase{
	{ID: "CS-HOST-001", Name: "hidden behind an unsearchable directory", Mutate: onFile(kvm, "/root/.ssh/id_rsa.cloud", func(f *snapshot.File) {
		*f = snapshot.File{Path: f.Path, Error: "not accessible (a parent directory is not searchable)"}
	}), Want: []expect{errorf("/root/.ssh/id_rsa.cloud", "cannot tell whether")}},
	{ID: "CS-HOST-009", Name: "keystore hidden", Mutate: onFile(kvm, "/etc/cloudstack/agent/cloud.jks", func(f *snapshot.File) {
		*f = snapshot.File{Path: f.Path, Error: "not accessible (a parent directory is not searchable)"}
	}), Want: []expect{errorf("/etc/cloudstack/agent/cloud.jks", "cannot tell whether the key store /etc/cloudstack/agent/cloud.jks exists")}},
	{ID: "CS-HOST-015", Name: "key hidden", Mutate: onFile(mg, idrsa, func(f *snapshot.File) {
		*f = snapshot.File{Path: f.Path, Error: "not accessible (a parent directory is not searchable)"}
	}), Want: []expect{errorf(idrsa, "cannot tell whether the key "+idrsa+" exists")}},
	{ID: "CS-HOST-012", Name: "all addresses with TLS client certificates", Exact: true,
		Mutate: all(value(kvm, qemu, "vnc_listen", "0.0.0.0"), value(kvm, qemu, "vnc_tls_x509_verify", "1")),
		Want:   []expect{pass(qemu+" vnc_listen", "require TLS client certificates")}},
}

func TestHostHiddenFiles(t *testing.T) { runCases(t, hiddenCases) }

// addSetting adds (or replaces) a global setting the fixture may lack.
func addSetting(name, v string) func(*snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		for i := range s.Settings {
			if s.Settings[i].Name == name {
				s.Settings[i].Value, s.Settings[i].Secret = &v, nil
				return
			}
		}
		s.Settings = append(s.Settings, snapshot.Setting{Name: name, Value: &v, Scope: "Global"})
	}
}
