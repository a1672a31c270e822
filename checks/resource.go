package checks

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Resource kinds: what a finding is about.
const (
	KindCheck       = "check"        // the check as a whole (skipped, not evaluated)
	KindSetting     = "setting"      // a row of configuration or a scoped override
	KindUser        = "user"         // a CloudStack user
	KindAccount     = "account"      // a CloudStack account
	KindDomain      = "domain"       // a CloudStack domain
	KindHost        = "host"         // a probed machine as a whole
	KindFile        = "file"         // a file (Key: a property inside it)
	KindListener    = "listener"     // a listening socket on a machine
	KindKeystoreRow = "keystore-row" // a row of the legacy keystore table
	KindCertificate = "certificate"  // a certificate kept in the database
	KindCredential  = "credential"   // a credential kept in the database
	KindVersion     = "version"      // the installed CloudStack release
	KindAdvisory    = "advisory"     // a published security advisory (CVE)
	KindLDAPServer  = "ldap-server"  // a row of ldap_configuration
	KindDatabase    = "database"     // a property of the management database
	KindDBAccount   = "database-account"
	KindGroup       = "group" // a set of resources judged together ("user passwords")
)

// Scopes of a setting. A global setting has scope "global".
const (
	ScopeGlobal = "global"
)

// Resource is the structured identity of what a finding is about. The
// finding's display subject is a rendering of it (String), and its
// fingerprint is derived from the identity fields (Identity): kind, name,
// id, scope, scope_id, machine, path and key. Label and Port are shown but
// are not identity: a renamed zone or a moved port is still the same thing.
type Resource struct {
	Kind string `json:"kind"`
	Name string `json:"name,omitempty"`
	// ID is a database row's id (user, keystore row, host) when the row
	// is the resource; names can change, ids do not.
	ID int64 `json:"id,omitempty"`
	// Scope is where a setting value applies: global, zone, cluster,
	// domain, account, storage-pool, image-store, management-server.
	Scope     string `json:"scope,omitempty"`
	ScopeID   int64  `json:"scope_id,omitempty"`
	ScopeName string `json:"scope_name,omitempty"`
	Machine   string `json:"machine,omitempty"`
	Path      string `json:"path,omitempty"`
	// Key is a property inside the file at Path.
	Key  string `json:"key,omitempty"`
	Port int    `json:"port,omitempty"`
	// Label qualifies the rendering ("account admin", a certificate's
	// subject); it is not part of the identity.
	Label string `json:"label,omitempty"`
}

// Identity is the resource's stable identity as one string: the fields a
// fingerprint is built from, in a fixed order. Display-only fields (Label,
// ScopeName, Port) are left out.
func (r Resource) Identity() string {
	id := ""
	if r.ID != 0 {
		id = fmt.Sprint(r.ID)
	}
	sid := ""
	if r.ScopeID != 0 {
		sid = fmt.Sprint(r.ScopeID)
	}
	return strings.Join([]string{r.Kind, r.Name, id, r.Scope, sid, r.Machine, r.Path, r.Key}, "\x00")
}

// IsZero reports an empty resource.
func (r Resource) IsZero() bool { return r == Resource{} }

// String renders the resource as the finding's subject. The machine is
// not part of it (reports show the machine in its own column).
func (r Resource) String() string {
	switch r.Kind {
	case KindCheck:
		return "check " + r.Name
	case KindSetting:
		if r.Scope == "" || r.Scope == ScopeGlobal {
			return "setting " + r.Name
		}
		who := fmt.Sprintf("%s %d", r.Scope, r.ScopeID)
		if r.ScopeName != "" {
			who = fmt.Sprintf("%s %q (id %d)", r.Scope, r.ScopeName, r.ScopeID)
		}
		return fmt.Sprintf("setting %s for %s", r.Name, who)
	case KindFile:
		if r.Key != "" {
			return r.Path + " " + r.Key
		}
		return r.Path
	case KindUser:
		s := fmt.Sprintf("user %s (id %d", r.Name, r.ID)
		if r.Label != "" {
			s += ", " + r.Label
		}
		return s + ")"
	case KindKeystoreRow:
		s := fmt.Sprintf("keystore row %d (%s", r.ID, r.Name)
		if r.Label != "" {
			s += ", " + r.Label
		}
		return s + ")"
	case KindListener:
		switch {
		case r.Name != "" && r.Port == 0:
			return r.Name
		case r.Name != "":
			return fmt.Sprintf("%s (TCP port %d)", r.Name, r.Port)
		}
		return fmt.Sprintf("TCP port %d", r.Port)
	case KindLDAPServer:
		s := "LDAP server " + r.Name
		if r.ScopeID != 0 {
			s += fmt.Sprintf(" (domain %d)", r.ScopeID)
		}
		return s
	case KindCertificate:
		if r.Label != "" {
			return r.Name + " " + r.Label
		}
		return r.Name
	case KindVersion:
		if r.Label != "" {
			return r.Name + " " + r.Label
		}
		return r.Name + " version"
	case KindHost:
		return "host " + r.Name
	case KindCredential:
		return r.Label
	case KindAccount, KindDomain, KindDBAccount, KindDatabase:
		s := r.Kind + " " + r.Name
		if r.Label != "" {
			s += " (" + r.Label + ")"
		}
		return s
	case KindAdvisory, KindGroup:
		return r.Name
	}
	if r.Name != "" {
		return r.Kind + " " + r.Name
	}
	return r.Kind
}

// Constructors: checks build resources with these rather than prose.

// CheckRes is the check as a whole.
func CheckRes(id string) Resource { return Resource{Kind: KindCheck, Name: id} }

// SettingRes is a global setting.
func SettingRes(name string) Resource {
	return Resource{Kind: KindSetting, Name: name, Scope: ScopeGlobal}
}

// OverrideRes is a setting's value at one zone, domain, account, ...
func OverrideRes(o snapshot.ScopedSetting) Resource {
	return Resource{Kind: KindSetting, Name: o.Name, Scope: o.Scope, ScopeID: o.ScopeID, ScopeName: o.ScopeName}
}

// FileRes is a file on a machine (the machine is filled in by eachMachine).
func FileRes(path string) Resource { return Resource{Kind: KindFile, Path: path} }

// FileKeyRes is one property inside a file.
func FileKeyRes(path, key string) Resource { return Resource{Kind: KindFile, Path: path, Key: key} }

// UserRes is a CloudStack user.
func UserRes(u snapshot.User) Resource {
	label := "account " + u.Account
	if u.Domain != "" && u.Domain != "/" && u.Domain != "ROOT" {
		label += " in domain " + u.Domain
	}
	return Resource{Kind: KindUser, Name: u.Username, ID: u.ID, Label: label}
}

// KeystoreRes is a row of the keystore table.
func KeystoreRes(k snapshot.KeystoreEntry) Resource {
	return Resource{Kind: KindKeystoreRow, Name: k.Name, ID: k.ID, Label: k.DomainSuffix}
}

// ListenerRes is a listening TCP port on a machine; name says what it is.
func ListenerRes(name string, port int) Resource {
	return Resource{Kind: KindListener, Name: name, Port: port}
}

// GroupRes is a set of resources judged together (a pass summary).
func GroupRes(name string) Resource { return Resource{Kind: KindGroup, Name: name} }

// HostRes is a probed machine as a whole.
func HostRes(name string) Resource { return Resource{Kind: KindHost, Name: name, Machine: name} }

// VersionRes is the installed CloudStack version (the version is a label:
// an upgrade does not change what the finding is about).
func VersionRes(version string) Resource {
	return Resource{Kind: KindVersion, Name: "CloudStack", Label: version}
}

// CredentialRes is a credential kept in the database: identified by its
// kind, where it is stored and the id of the row holding it.
func CredentialRes(c snapshot.StoredCredential) Resource {
	return Resource{Kind: KindCredential, Name: c.Kind, Key: c.Location, ID: c.OwnerID, Label: c.Owner}
}

// AdvisoryRes is one advisory.
func AdvisoryRes(cve string) Resource { return Resource{Kind: KindAdvisory, Name: cve} }

// Kinds added for the second-round database checks.
const (
	KindHypervisorHost = "hypervisor-host"   // a row of the host table
	KindMgmtServer     = "management-server" // a row of mshost
	KindRouter         = "router"            // a virtual router
	KindTemplate       = "template"          // a template or ISO
	KindOAuthProvider  = "oauth-provider"    // a row of oauth_provider
)

// HypervisorHostRes is a host registered in the database (not a probed machine).
func HypervisorHostRes(h snapshot.Host) Resource {
	return Resource{Kind: KindHypervisorHost, Name: h.Name, ID: h.ID}
}

// MgmtServerRes is a management server registered in mshost.
func MgmtServerRes(m snapshot.ManagementServer) Resource {
	return Resource{Kind: KindMgmtServer, Name: m.Name, ID: m.ID}
}

// RouterRes is a virtual router.
func RouterRes(r snapshot.Router) Resource { return Resource{Kind: KindRouter, Name: r.Name, ID: r.ID} }

// TemplateRes is a template or ISO.
func TemplateRes(t snapshot.Template) Resource {
	return Resource{Kind: KindTemplate, Name: t.Name, ID: t.ID}
}

// OAuthProviderRes is a configured OAuth2 provider.
func OAuthProviderRes(p snapshot.OAuthProvider) Resource {
	return Resource{Kind: KindOAuthProvider, Name: p.Provider, ID: p.ID}
}

// AccountRes is a CloudStack account; label qualifies the rendering.
func AccountRes(name string, id int64, label string) Resource {
	return Resource{Kind: KindAccount, Name: name, ID: id, Label: label}
}

// DomainRes is a CloudStack domain, named by its path.
func DomainRes(path string, id int64) Resource { return Resource{Kind: KindDomain, Name: path, ID: id} }
