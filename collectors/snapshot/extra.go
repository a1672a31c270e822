package snapshot

// Datasets and facts added for the second round of database checks
// (hosts' certificate state, user security columns, OAuth2 providers,
// credential columns CloudStack encrypts, resource limits, templates and
// virtual routers). Kept in their own file and their own embedded struct so
// that they extend Snapshot without reshaping it.

// The further datasets read from the management database.
const (
	DataHostSecured   Dataset = "host_secured"         // host_details name='secured'
	DataUserSecurity  Dataset = "user_security"        // API-key presence and 2FA columns of user
	DataOAuth         Dataset = "oauth_providers"      // oauth_provider (4.19+)
	DataVPNSecrets    Dataset = "vpn_secrets"          // vpn_users, remote_access_vpn, s2s_customer_gateway
	DataConsoleSecret Dataset = "vm_console_passwords" // vm_instance.vnc_password, counted
	DataOOBM          Dataset = "oobm_credentials"     // oobm.password (4.9+)
	DataLBCerts       Dataset = "lb_certificates"      // sslcerts.key / .password (4.3+)
	DataPassphrases   Dataset = "volume_passphrases"   // passphrase.passphrase (4.18+)
	DataResLimits     Dataset = "resource_limits"      // resource_limit rows
	DataTemplates     Dataset = "templates"            // vm_template rows that are public
	DataRouters       Dataset = "routers"              // domain_router + vm_instance
)

// Credential kinds of the further credential columns: names of kinds,
// not credentials.
const ( // #nosec G101 -- kind names
	CredVPNUserPassword = "vpn-user-password" // #nosec G101 -- a kind name, not a credential
	CredVPNPSK          = "ipsec-psk"         // #nosec G101 -- a kind name, not a credential
	CredOOBMPassword    = "oobm-password"     // #nosec G101 -- a kind name, not a credential
	CredLBCertKey       = "lb-certificate-key"
	CredPassphrase      = "volume-passphrase"   // #nosec G101 -- a kind name, not a credential
	CredOAuthSecret     = "oauth-client-secret" // #nosec G101 -- a kind name, not a credential
)

// ExtraData is embedded in Snapshot; its fields appear at the top level of
// the snapshot JSON.
type ExtraData struct {
	HostSecured    []HostSecured   `json:"host_secured,omitempty"`
	UserSecurity   []UserSecurity  `json:"user_security,omitempty"`
	OAuthProviders []OAuthProvider `json:"oauth_providers,omitempty"`
	SecretCounts   []SecretCount   `json:"secret_counts,omitempty"`
	ResourceLimits []ResourceLimit `json:"resource_limits,omitempty"`
	Templates      []Template      `json:"templates,omitempty"`
	Routers        []Router        `json:"routers,omitempty"`
}

func (e *ExtraData) merge(p *ExtraData) {
	e.HostSecured = append(e.HostSecured, p.HostSecured...)
	e.UserSecurity = append(e.UserSecurity, p.UserSecurity...)
	e.OAuthProviders = append(e.OAuthProviders, p.OAuthProviders...)
	e.SecretCounts = append(e.SecretCounts, p.SecretCounts...)
	e.ResourceLimits = append(e.ResourceLimits, p.ResourceLimits...)
	e.Templates = append(e.Templates, p.Templates...)
	e.Routers = append(e.Routers, p.Routers...)
}

// HostSecured is a host's host_details row name='secured' (written by the
// KVM agent at every connect since 4.11.1.0); Value nil when the host has
// no such row.
type HostSecured struct {
	HostID int64   `json:"host_id"`
	Value  *string `json:"value,omitempty"`
}

// UserSecurity holds security columns of one user row. Only presence is
// recorded for keys; the 2FA seed (key_for_2fa) is never read.
type UserSecurity struct {
	UserID       int64 `json:"user_id"`
	HasAPIKey    bool  `json:"has_api_key"`
	HasSecretKey bool  `json:"has_secret_key"`
	// TwoFactorEnabled is nil when this schema has no is_user_2fa_enabled column.
	TwoFactorEnabled  *bool  `json:"two_factor_enabled,omitempty"`
	TwoFactorProvider string `json:"two_factor_provider,omitempty"`
}

// OAuthProvider is one row of oauth_provider (4.19+); the client secret is
// kept as a StoredCredential of kind CredOAuthSecret.
type OAuthProvider struct {
	ID          int64  `json:"id"`
	Provider    string `json:"provider"`
	RedirectURI string `json:"redirect_uri,omitempty"`
	Enabled     bool   `json:"enabled"`
	Removed     bool   `json:"removed"`
}

// SecretCount aggregates the classification of one credential column over
// many rows (VM console passwords), per group (vm_instance.type).
type SecretCount struct {
	Location  string `json:"location"`
	Group     string `json:"group"`
	Plaintext int    `json:"plaintext"`
	Encrypted int    `json:"encrypted"`
	Unknown   int    `json:"unknown"`
	Empty     int    `json:"empty"`
}

// ResourceLimit is one resource_limit row with its owner.
type ResourceLimit struct {
	ID          int64  `json:"id"`
	Type        string `json:"type"`
	Max         int64  `json:"max"`
	Tag         string `json:"tag,omitempty"`
	AccountID   int64  `json:"account_id,omitempty"`
	Account     string `json:"account,omitempty"`
	AccountType string `json:"account_type,omitempty"`
	DomainID    int64  `json:"domain_id,omitempty"`
	Domain      string `json:"domain,omitempty"`
	Removed     bool   `json:"removed,omitempty"`
}

// Template is a public, not removed row of vm_template with its owner.
type Template struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	Format      string `json:"format,omitempty"`
	Featured    bool   `json:"featured"`
	AccountID   int64  `json:"account_id"`
	Account     string `json:"account,omitempty"`
	AccountType string `json:"account_type,omitempty"`
}

// Router is a live virtual router (domain_router joined with vm_instance).
type Router struct {
	ID              int64  `json:"id"`
	Name            string `json:"name"`
	ZoneID          int64  `json:"zone_id"`
	State           string `json:"state,omitempty"`
	TemplateVersion string `json:"template_version,omitempty"`
	SoftwareVersion string `json:"software_version,omitempty"`
}
