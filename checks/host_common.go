package checks

// Host checks: shared helpers. The host checks are split by area:
// host_files.go (owners, modes and secret files), host_mgmt.go (management
// server configuration), host_kvm.go (KVM agent and libvirt),
// host_network.go (listeners) and host_dbserver.go (the database server).

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

var needMachines = []snapshot.Dataset{snapshot.DataMachines}

// Management server and agent paths.
const (
	mgmtDir    = "/etc/cloudstack/management/"
	agentDir   = "/etc/cloudstack/agent/"
	dbPropPath = mgmtDir + "db.properties"
	srvPropPth = mgmtDir + "server.properties"
	keyPath    = mgmtDir + "key"
	agentProps = agentDir + "agent.properties"
	agentCrt   = agentDir + "cloud.crt"
	qemuConf   = "/etc/libvirt/qemu.conf"
	lvdConf    = "/etc/libvirt/libvirtd.conf"
)

// myCnfFiles are the MySQL/MariaDB server configuration files probed, in
// the order a later one overrides an earlier one (approximation of the
// servers' !includedir order).
var myCnfFiles = []string{
	"/etc/mysql/my.cnf", "/etc/mysql/mariadb.conf.d/50-server.cnf", "/etc/mysql/mysql.conf.d/mysqld.cnf",
	"/etc/my.cnf", "/etc/my.cnf.d/mariadb-server.cnf", "/etc/my.cnf.d/server.cnf",
}

// eachMachine runs f on every probed machine with the role (all when "");
// a machine that could not be probed yields an error result.
func eachMachine(s *snapshot.Snapshot, role string, f func(m *snapshot.Machine) []Result) []Result {
	var out []Result
	for i := range s.Machines {
		m := &s.Machines[i]
		if m.Error != "" {
			out = append(out, Result{Status: Error, Machine: m.Name, Resource: HostRes(m.Name), Message: "the host could not be probed: " + m.Error, NotEvaluated: m.Source})
			continue
		}
		if role != "" && !m.HasRole(role) {
			continue
		}
		rs := f(m)
		for j := range rs {
			rs[j].Machine = m.Name
		}
		out = append(out, rs...)
	}
	if len(out) == 0 {
		what := "probed machine"
		if role != "" {
			what = role
		}
		out = append(out, Result{Status: Skip, Resource: GroupRes("hosts"), Message: fmt.Sprintf("not applicable: no %s was probed", what)})
	}
	return out
}

// readFile returns a file whose content the check needs; otherwise the
// results to report instead: absent when the file does not exist, an error
// when it exists but its content could not be read.
func readFile(m *snapshot.Machine, path string, absent Result) (*snapshot.File, []Result) {
	f, ok := m.File(path)
	if hidden(f) {
		return nil, []Result{cannotRead(path, "tell whether %s exists", f.Error)}
	}
	if !ok || !f.Exists {
		absent.Resource = FileRes(path)
		return nil, []Result{absent}
	}
	if !f.Read {
		why := f.Error
		if why == "" {
			why = "content not read"
		}
		return nil, []Result{cannotRead(path, "read", why)}
	}
	return f, nil
}

// cannotRead is the one way host checks say that the probe could not
// examine a path: an error naming the path, what could not be done ("read",
// "stat", "tell whether %s exists") and why, with a hint when the cause is
// permissions (root or --sudo help) and not otherwise.
func cannotRead(path, what, why string) Result {
	if why == "" {
		why = "content not read"
	}
	if !strings.Contains(what, "%s") {
		what += " %s"
	}
	msg := "cannot " + fmt.Sprintf(what, path) + ": " + why
	if permissionProblem(why) {
		msg += " (run the probe as root or with --sudo)"
	}
	return Result{Status: Error, Resource: FileRes(path), Message: msg}
}

// permissionProblem reports probe errors that more privilege would solve.
func permissionProblem(why string) bool {
	for _, s := range []string{"not readable", "not accessible", "permission denied", "content not read", "stat failed"} {
		if strings.Contains(why, s) {
			return true
		}
	}
	return false
}

// broken says why a path that exists cannot be judged as the file it
// should be: a link that was not followed (leaves the tree, dangling, a
// loop, not to an audited path), or a FIFO, device or directory in its
// place. Permission problems are not broken: the stat is still judged.
func broken(f *snapshot.File, wantDir bool) (string, bool) {
	if f == nil || !f.Exists {
		return "", false
	}
	st := f.Effective()
	if f.Error != "" && (!permissionProblem(f.Error) || st == nil) {
		return f.Error, true
	}
	if st == nil {
		return "the link target could not be examined", true
	}
	if wantDir && st.Type != "directory" {
		return st.Type + " in place of a directory", true
	}
	if !wantDir && st.Type != "regular file" {
		return "a " + st.Type + " in place of a regular file", true
	}
	return "", false
}

// hidden reports a path the probe could not see (a parent directory not
// searchable): neither present nor absent.
func hidden(f *snapshot.File) bool { return f != nil && !f.Exists && f.Error != "" }

func perm(mode string) uint64 { v, _ := strconv.ParseUint(mode, 8, 32); return v }

// judgeStat compares a stat with a rule and says what is wrong.
func judgeStat(st *snapshot.FileStat, max uint64, owner string, groups []string) []string {
	var why []string
	p := perm(st.Mode)
	if extra := p &^ max; extra != 0 {
		why = append(why, fmt.Sprintf("mode %s allows %04o beyond %04o", st.Mode, extra, max))
	}
	if st.Owner != owner {
		why = append(why, fmt.Sprintf("owned by %s, not %s", st.Owner, owner))
	}
	if p&0o070 != 0 && len(groups) > 0 && !contains(groups, st.Group) {
		why = append(why, fmt.Sprintf("group %s may read it (want %s)", st.Group, strings.Join(groups, " or ")))
	}
	return why
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func statString(st *snapshot.FileStat) string {
	return fmt.Sprintf("%s %s:%s", st.Mode, st.Owner, st.Group)
}

func localHost(h string) bool {
	h = strings.Trim(strings.ToLower(strings.TrimSpace(h)), "[]")
	if h == "" || h == "localhost" || strings.HasPrefix(h, "localhost.") {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.IsLoopback()
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func allAddresses(a string) bool {
	a = strings.Trim(strings.TrimSpace(a), "\"[]")
	return a == "0.0.0.0" || a == "::" || a == "*" || a == ""
}
