// Package collectors gathers a Snapshot from the requested sources. It is
// the only part of csaudit that does I/O against the audited deployment.
package collectors

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/csaudit/csaudit/collectors/dbprops"
	"github.com/csaudit/csaudit/collectors/local"
	"github.com/csaudit/csaudit/collectors/mysqldb"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/collectors/sshhost"
)

// Options name the sources of one audit.
type Options struct {
	// DB, when set, audits a management database.
	DB *mysqldb.Options
	// DBProps, when set, takes the database coordinates from a management
	// server's db.properties: a file path, or ssh://[user@]host[:port].
	DBProps string
	// SSH configures host audits; Targets are the hosts given explicitly.
	SSH      *sshhost.Options
	Targets  []sshhost.Target
	Discover bool
	// SSHUser and SSHPort are the login and port for discovered hosts.
	SSHUser string
	SSHPort int
	// Local probes this machine; Root is the audited root ("/" default).
	Local bool
	Root  string
	// CollectedAt is the audit's reference time (the caller's clock).
	CollectedAt time.Time
	Getenv      func(string) string
	// Progress, when set, is called once per finished host; Planned once
	// with the number of hosts about to be audited.
	Progress func(sshhost.Event)
	Planned  func(hosts int)
	// Shard, when N > 0, audits only the SSH targets in shard K of N.
	Shard Shard
	// Fingerprinter, when set, records keyed fingerprints of the key
	// material the collectors decrypt (--fingerprint-key).
	Fingerprinter *snapshot.Fingerprinter
}

// Collect reads every requested source into a new Snapshot. Each collector
// returns its own part and one Source record; Collect merges them in a
// fixed order (database, discovery, hosts, local machine). A failing source
// is recorded in Sources and its datasets marked failed; Collect itself only
// fails on configuration errors (no source, unusable SSH setup).
func Collect(ctx context.Context, o Options) (*snapshot.Snapshot, error) {
	s := &snapshot.Snapshot{SchemaVersion: snapshot.SchemaVersion, CollectedAt: o.CollectedAt.UTC(), Data: map[snapshot.Dataset]snapshot.Availability{}}
	if o.DB == nil && o.DBProps == "" && len(o.Targets) == 0 && !o.Discover && !o.Local {
		return nil, errors.New("no source requested")
	}
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	var dialer *sshhost.Dialer
	if o.SSH != nil && (len(o.Targets) > 0 || o.Discover || strings.HasPrefix(o.DBProps, "ssh://")) {
		opts := *o.SSH
		opts.Progress = o.Progress
		d, notes, err := sshhost.NewDialer(opts)
		if err != nil {
			return nil, err
		}
		defer d.Close()
		dialer = d
		if len(notes) > 0 {
			// The SSH client's own notes (agent, key files) belong to
			// neither the database nor any one host.
			s.Sources = append(s.Sources, snapshot.Source{Kind: "ssh-client", Target: "SSH client setup", OK: true, Warnings: notes})
		}
	}

	if o.DB != nil || o.DBProps != "" {
		s.Merge(collectDB(ctx, o, dialer))
	}

	targets := append([]sshhost.Target(nil), o.Targets...)
	if o.Discover {
		found, err := discover(s, o.SSHUser, o.SSHPort)
		if err != nil {
			s.Sources = append(s.Sources, snapshot.Source{Kind: "ssh-discover", Target: "management database", Error: err.Error(),
				Hint: "--ssh-discover needs a readable database (--db or --db-properties)"})
		}
		targets = mergeTargets(targets, found)
	}
	if o.Shard.N > 0 {
		all := len(targets)
		targets = o.Shard.Select(targets)
		s.Sources = append(s.Sources, o.Shard.Source(len(targets), all))
	}
	var parts []snapshot.HostPart
	if len(targets) > 0 && dialer != nil {
		if o.Planned != nil {
			o.Planned(len(targets))
		}
		parts = append(parts, sshhost.Collect(ctx, dialer, targets)...)
	}
	if o.Local {
		parts = append(parts, local.Collect(ctx, o.Root, time.Duration(0)))
	}
	for _, p := range parts {
		s.Machines = append(s.Machines, p.Machine)
		s.Sources = append(s.Sources, p.Source)
	}
	if s.Target == "" && len(parts) > 0 {
		// Host-only audit: name it after its hosts.
		names := make([]string, 0, len(parts))
		for _, p := range parts {
			names = append(names, p.Name)
		}
		s.Target = "hosts " + strings.Join(names, ", ")
	}
	if len(targets) > 0 || o.Local || o.Discover || o.Shard.N > 0 {
		s.SetData(snapshot.DataMachines, snapshot.Collected, "")
	}
	if ctx.Err() != nil {
		// Interrupted: the report is partial and says so once, beside
		// the hosts recorded as "not audited: interrupted".
		s.Sources = append(s.Sources, snapshot.Source{Kind: "csaudit", Target: "audit run", Error: "interrupted: the audit was stopped before it finished; this report is incomplete",
			Hint: "hosts not reached are listed as failed sources \"not audited: interrupted\"; run the audit again"})
	}
	return s, nil
}

// collectDB reads the database, its coordinates taken from --db or from a
// management server's db.properties, and returns its part with its source.
func collectDB(ctx context.Context, o Options, dialer *sshhost.Dialer) *snapshot.Snapshot {
	dbo := mysqldb.Options{}
	if o.DB != nil {
		dbo = *o.DB
	}
	dbo.Fingerprinter = o.Fingerprinter
	var notes []string
	var fps []snapshot.Fingerprint
	via := ""
	if o.DBProps != "" {
		var r *dbprops.Result
		var err error
		if t, ok := strings.CutPrefix(o.DBProps, "ssh://"); ok {
			var tgt sshhost.Target
			if tgt, err = sshhost.ParseTarget(strings.TrimSuffix(t, "/"), o.SSHUser); err == nil {
				r, err = dbprops.FromSSH(ctx, dialer, tgt, o.Root, o.SSH.Sudo, 4*o.SSH.Timeout)
			}
		} else {
			r, err = dbprops.FromFile(o.DBProps, o.Getenv)
		}
		if err != nil {
			hint := "--db-properties reads db.properties and the management key (root or --sudo needed)"
			var he *sshhost.HostError
			if errors.As(err, &he) && he.Hint != "" {
				hint = he.Hint
			}
			src := snapshot.Source{Kind: "database", Target: o.DBProps, Error: err.Error(), Hint: hint}
			part := &snapshot.Snapshot{Sources: []snapshot.Source{src}}
			part.FailDatasets(snapshot.DatabaseDatasets, src)
			return part
		}
		if r.Conn != nil {
			defer r.Conn.Close()
		}
		dbo.Config, dbo.DBKey = r.Config, r.DBKey
		fps = r.Fingerprints(o.Fingerprinter)
		notes, via = r.Notes, " (from "+r.Target+")"
	}
	part, src := mysqldb.Collect(ctx, dbo)
	part.Fingerprints = append(fps, part.Fingerprints...)
	if via != "" {
		src.Target += via
		for d, a := range part.Data {
			if a.Source != "" {
				a.Source = src.Label()
				part.Data[d] = a
			}
		}
	}
	src.Warnings = append(notes, src.Warnings...)
	part.Sources = []snapshot.Source{src}
	return part
}

// discover lists management servers (mshost rows not removed, service_ip)
// and KVM hosts (host rows of type Routing, hypervisor KVM, not removed,
// private_ip_address) from the collected database.
func discover(s *snapshot.Snapshot, user string, port int) ([]sshhost.Target, error) {
	for _, d := range []snapshot.Dataset{snapshot.DataMgmtServers, snapshot.DataHosts} {
		if a := s.Availability(d); a.Status != snapshot.Collected {
			return nil, fmt.Errorf("cannot discover hosts: %s %s (%s)", d, a.Status, a.Reason)
		}
	}
	var out []sshhost.Target
	var bad []string
	add := func(addr, name string) {
		t, err := sshhost.ParseTarget(addr, user)
		if err != nil || strings.ContainsAny(addr, ":[]") {
			if err == nil {
				err = fmt.Errorf("address %q from the database carries a port", addr)
			}
			bad = append(bad, err.Error())
			return
		}
		if port > 0 {
			t.Port = port
		}
		if name != "" && name != addr && sshhost.ValidHost(name) {
			t.Names = []string{name}
		}
		out = append(out, t)
	}
	for _, m := range s.ManagementServers {
		if !m.Removed && m.ServiceIP != "" {
			add(m.ServiceIP, m.Name)
		}
	}
	for _, h := range s.Hosts {
		if !h.Removed && h.Type == "Routing" && strings.EqualFold(h.HypervisorType, "KVM") && h.PrivateIP != "" {
			add(h.PrivateIP, h.Name)
		}
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("skipped invalid host addresses from the database: %s", strings.Join(bad, "; "))
	}
	return out, nil
}

func mergeTargets(a, b []sshhost.Target) []sshhost.Target {
	seen := map[string]bool{}
	var out []sshhost.Target
	for _, t := range append(a, b...) {
		k := t.Host + ":" + fmt.Sprint(t.Port)
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}
