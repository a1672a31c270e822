package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/csaudit/csaudit/collectors"
	"github.com/csaudit/csaudit/collectors/mysqldb"
	"github.com/csaudit/csaudit/collectors/probe"
	"github.com/csaudit/csaudit/collectors/sshhost"
)

// hostOptions are the flags of host audits (SSH, local) and --db-properties.
type hostOptions struct {
	ssh        []string
	sshHosts   string
	discover   bool
	user       string
	port       int
	keys       []string
	knownHosts []string
	jump       string
	sudo       bool
	local      bool
	root       string
	parallel   int
	noProgress bool
	dbProps    string
	shard      string
	quiet      bool
}

func (h hostOptions) requested() bool {
	return len(h.ssh) > 0 || h.sshHosts != "" || h.discover || h.local || h.dbProps != ""
}

func addHostFlags(fs *pflag.FlagSet, h *hostOptions, e env) {
	fs.StringArrayVar(&h.ssh, "ssh", nil, "")
	fs.StringVar(&h.sshHosts, "ssh-hosts", "", "")
	fs.BoolVar(&h.discover, "ssh-discover", false, "")
	fs.StringVar(&h.user, "ssh-user", "root", "")
	fs.IntVar(&h.port, "ssh-port", 22, "")
	fs.StringArrayVar(&h.keys, "ssh-key", nil, "")
	fs.StringArrayVar(&h.knownHosts, "known-hosts", nil, "")
	fs.StringVar(&h.jump, "ssh-jump", "", "")
	fs.BoolVar(&h.sudo, "sudo", false, "")
	fs.BoolVar(&h.local, "local", false, "")
	fs.StringVar(&h.root, "root", "/", "")
	fs.IntVar(&h.parallel, "parallel", sshhost.DefaultParallel, "")
	fs.BoolVar(&h.noProgress, "no-progress", false, "")
	fs.StringVar(&h.dbProps, "db-properties", "", "")
	fs.StringVar(&h.shard, "shard", "", "")
	fs.BoolVarP(&h.quiet, "quiet", "q", false, "")
}

// sourceOptions validates every source flag before anything connects.
func sourceOptions(o options, h hostOptions, e env) (collectors.Options, error) {
	co := collectors.Options{CollectedAt: e.now(), Getenv: e.getenv, SSHUser: h.user, SSHPort: h.port, Discover: h.discover, Local: h.local, Root: h.root}
	if h.port < 1 || h.port > 65535 {
		return co, usageErr("", "--ssh-port must be between 1 and 65535")
	}
	if o.db != "" && h.dbProps != "" {
		return co, usageErr("use one of them", "--db and --db-properties cannot be combined")
	}
	if err := probe.ValidRoot(h.root); err != nil {
		return co, usageErr("--root takes an absolute directory, e.g. /mnt/image", "--root: %v", err)
	}
	if h.discover && o.db == "" && h.dbProps == "" {
		return co, usageErr("discovery reads mshost and host from the database", "--ssh-discover needs --db or --db-properties")
	}
	if h.parallel < 1 || h.parallel > 256 {
		return co, usageErr("", "--parallel must be between 1 and 256")
	}
	if o.db != "" {
		if _, err := mysqldb.Target(o.db); err != nil {
			return co, usageErr("the DSN looks like 'user@tcp(host:3306)/cloud'", "%v", err)
		}
		pw, err := dbPassword(o, e)
		if err != nil {
			return co, err
		}
		co.DB = &mysqldb.Options{DSN: o.db, Password: pw, ConnectTimeout: o.timeout, QueryTimeout: o.timeout}
	}
	if h.dbProps != "" {
		co.DBProps = h.dbProps
		co.DB = &mysqldb.Options{ConnectTimeout: o.timeout, QueryTimeout: o.timeout}
		if !strings.HasPrefix(h.dbProps, "ssh://") {
			if _, err := os.Stat(h.dbProps); err != nil {
				return co, usageErr("give a db.properties path or ssh://[user@]host", "--db-properties: %v", err)
			}
		}
	}
	lines := append([]string(nil), h.ssh...)
	if h.sshHosts != "" {
		more, err := readHostsFile(h.sshHosts)
		if err != nil {
			return co, usageErr("one [user@]host[:port] per line; # starts a comment", "--ssh-hosts: %v", err)
		}
		lines = append(lines, more...)
	}
	for _, l := range lines {
		t, err := sshhost.ParseTarget(l, h.user)
		if err != nil {
			return co, usageErr("targets look like [user@]host[:port]", "--ssh: %v", err)
		}
		co.Targets = append(co.Targets, t)
	}
	if len(co.Targets) > 0 || h.discover || strings.HasPrefix(h.dbProps, "ssh://") {
		so := &sshhost.Options{Keys: h.keys, AgentSocket: e.getenv("SSH_AUTH_SOCK"), Sudo: h.sudo, Root: h.root,
			Timeout: o.timeout, Parallel: h.parallel}
		so.KnownHosts = h.knownHosts
		if len(so.KnownHosts) == 0 {
			home := e.getenv("HOME")
			if home == "" {
				return co, usageErr("give --known-hosts FILE", "no known_hosts file: HOME is not set")
			}
			so.KnownHosts = []string{filepath.Join(home, ".ssh", "known_hosts")}
		}
		for _, k := range so.KnownHosts {
			if _, err := os.Stat(k); err != nil {
				return co, usageErr("host keys are always verified: give --known-hosts FILE with the hosts' keys", "known_hosts: %v", err)
			}
		}
		if h.jump != "" {
			j, err := sshhost.ParseTarget(h.jump, h.user)
			if err != nil {
				return co, usageErr("", "--ssh-jump: %v", err)
			}
			so.Jump = &j
		}
		co.SSH = so
	}
	if h.shard != "" {
		sh, err := collectors.ParseShard(h.shard)
		if err != nil {
			return co, usageErr("e.g. --shard 2/8 (from a Kubernetes Indexed Job: $((JOB_COMPLETION_INDEX+1))/N)", "--shard: %v", err)
		}
		if len(co.Targets) == 0 && !h.discover {
			return co, usageErr("shards split the SSH hosts (--ssh, --ssh-hosts, --ssh-discover)", "--shard needs SSH targets")
		}
		co.Shard = sh
	}
	return co, nil
}

func readHostsFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(io.LimitReader(f, 16<<20))
	n := 0
	for sc.Scan() {
		n++
		l := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = strings.TrimSpace(l[:i])
		}
		if l == "" {
			continue
		}
		if strings.ContainsAny(l, " \t") {
			return nil, fmt.Errorf("%s line %d: one target per line", path, n)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}
