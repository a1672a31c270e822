package snapshot

import "time"

// DataMachines is the dataset of probed management servers and hosts.
const DataMachines Dataset = "machines"

// Machine roles, detected from what the probe found.
const (
	RoleManagement = "management-server"
	RoleKVM        = "kvm-host"
	RoleDatabase   = "database-server"
)

// Machine is what the host probe found on one management server or
// hypervisor host, reached over SSH or run locally.
type Machine struct {
	// Name is the target as given or discovered ("mgmt1", "10.1.1.21").
	Name string `json:"name"`
	// Via is "ssh" or "local"; Root is the audited root directory ("/"
	// unless --root was given).
	Via          string   `json:"via"`
	Root         string   `json:"root"`
	ProbeVersion string   `json:"probe_version,omitempty"`
	Roles        []string `json:"roles,omitempty"`
	OS           string   `json:"os,omitempty"`
	// Error is set when the machine could not be probed at all; Source is
	// then the label of its source record (Source.Label).
	Error  string `json:"error,omitempty"`
	Source string `json:"source,omitempty"`
	Hint   string `json:"hint,omitempty"`
	// Warnings are per-line problems in the probe output.
	Warnings []string `json:"warnings,omitempty"`

	Files     []File     `json:"files,omitempty"`
	Listeners []Listener `json:"listeners,omitempty"`
	// ListenersRead is false when sockets were not read (audit of a
	// mounted image with --root, or /proc unreadable).
	ListenersRead bool       `json:"listeners_read"`
	CloudUser     *CloudUser `json:"cloud_user,omitempty"`

	// observe, when set, is told every path a lookup asks for (tests of
	// the probe/check contract); it is not part of the snapshot.
	observe func(path string)
}

// CloudUser is the account CloudStack's management server runs as.
type CloudUser struct {
	UID  int    `json:"uid"`
	GID  int    `json:"gid"`
	Home string `json:"home"`
}

// FileStat is the lstat (or, for Target, stat) of a path.
type FileStat struct {
	Type  string `json:"type"` // "regular file", "directory", "symbolic link", ...
	Mode  string `json:"mode"` // octal permission bits, "0640"
	UID   int    `json:"uid"`
	Owner string `json:"owner"`
	GID   int    `json:"gid"`
	Group string `json:"group"`
	Size  int64  `json:"size"`
}

// File is one probed path.
type File struct {
	Path   string `json:"path"`
	Exists bool   `json:"exists"`
	// Stat is the path itself (lstat); for a symlink, Target is what it
	// points to (resolved inside the audited root) and LinkTarget the link.
	Stat       *FileStat `json:"stat,omitempty"`
	LinkTarget string    `json:"link_target,omitempty"`
	Target     *FileStat `json:"target,omitempty"`
	// Resolved is the path inside the audited root a symbolic link (or a
	// path through linked directories) resolves to.
	Resolved string `json:"resolved,omitempty"`
	// Error is why the path could not be examined or read.
	Error string `json:"error,omitempty"`

	// Content facts, for files whose content was read.
	Read      bool                   `json:"read"`
	Truncated bool                   `json:"truncated,omitempty"`
	Values    map[string]string      `json:"values,omitempty"`
	Secrets   map[string]SecretFacts `json:"secrets,omitempty"`
	// Key holds facts about a private key computed on the host.
	Key *KeyFacts `json:"key,omitempty"`
	// Secret holds facts about a file that is itself a secret (the
	// management key file), computed on the host.
	Secret      *SecretFacts `json:"secret,omitempty"`
	Certificate *Certificate `json:"certificate,omitempty"`
	CertError   string       `json:"cert_error,omitempty"`
	// Directives are the ordered lines of files whose order matters
	// (sshd_config, sudoers, unit drop-ins, chrony/ntp), redacted.
	Directives []Directive `json:"directives,omitempty"`
}

// Directive is one configuration line: its keyword (lower-cased for
// sshd and the keyword-line files, as written otherwise) and the rest.
type Directive struct {
	Line  int    `json:"line"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

// KeyFacts describe a private key file without its bytes.
type KeyFacts struct {
	Format    string `json:"format"`    // openssh, pem, pkcs8, unknown
	Encrypted string `json:"encrypted"` // yes, no, unknown
}

// Listener is a listening TCP socket.
type Listener struct {
	Address string `json:"address"`
	Port    int    `json:"port"`
}

// WithSource returns the part for m with its source record, linking a
// failed machine to the record so reports can summarise it once.
func WithSource(m Machine, src Source) HostPart {
	if !src.OK {
		m.Source = src.Label()
	}
	return HostPart{Machine: m, Source: src}
}

// SourceRecord is the source record of probing the machine: kind is how it
// was reached (Via), target the host as given (the audited root added
// when it is not /), and took how long probing it took.
func (m Machine) SourceRecord(target string, took time.Duration) Source {
	if m.Root != "/" && m.Root != "" {
		target += " (root " + m.Root + ")"
	}
	return Source{Kind: m.Via, Target: target, OK: m.Error == "", Error: m.Error, Hint: m.Hint,
		Warnings: m.Warnings, DurationMS: took.Milliseconds()}
}

// Effective returns the stat that governs access: the link target's for
// symlinks, else the path's own.
func (f *File) Effective() *FileStat {
	if f.Target != nil {
		return f.Target
	}
	if f.Stat != nil && f.Stat.Type == "symbolic link" {
		return nil // dangling, or not followed (f.Error says why)
	}
	return f.Stat
}

// IsLink reports whether the path itself is a symbolic link.
func (f *File) IsLink() bool { return f.Stat != nil && f.Stat.Type == "symbolic link" }

// Observe sets a function told every path File and Glob are asked for
// (nil to stop); for tests of the probe/check contract.
func (m *Machine) Observe(f func(path string)) { m.observe = f }

// Glob returns the probed files matching a ProbedPaths glob entry
// ("/etc/sudoers.d/*"), in probe order.
func (m *Machine) Glob(pattern string) []*File {
	if m.observe != nil {
		m.observe(pattern)
	}
	var out []*File
	e := ProbedPath{Path: pattern}
	home := ""
	if m.CloudUser != nil {
		home = m.CloudUser.Home
	}
	for i := range m.Files {
		if e.Matches(m.Files[i].Path, home) {
			out = append(out, &m.Files[i])
		}
	}
	return out
}

// File returns the probed file at path, if the probe looked at it.
func (m *Machine) File(path string) (*File, bool) {
	if m.observe != nil {
		m.observe(path)
	}
	for i := range m.Files {
		if m.Files[i].Path == path {
			return &m.Files[i], true
		}
	}
	return nil, false
}

// HasRole reports whether the machine was detected to have role r.
func (m *Machine) HasRole(r string) bool {
	for _, x := range m.Roles {
		if x == r {
			return true
		}
	}
	return false
}
