package snapshot

// The MySQL/MariaDB server that holds the cloud database, as the audit
// user sees it. Accounts are reduced to facts: no password hash, no
// authentication string, no raw mysql.global_priv JSON ever gets here.

// The datasets read from the database server itself.
const (
	// DataDBServer: version, selected server variables, the TLS state of
	// csaudit's own session and csaudit's own grants. Readable by any
	// account.
	DataDBServer Dataset = "db_server"
	// DataDBAccounts: every account of the server and its global and
	// per-database privileges. Needs SELECT on mysql.user, mysql.db (and
	// mysql.global_priv on MariaDB >= 10.4); without it the dataset is
	// not collected and the reason holds the GRANT to run.
	DataDBAccounts Dataset = "db_accounts"
)

// Database server flavors.
const (
	FlavorMariaDB = "mariadb"
	FlavorMySQL   = "mysql"
)

// DBServer is what csaudit learnt about the database server.
type DBServer struct {
	// Version is @@version without the "5.5.5-" handshake prefix
	// ("10.11.19-MariaDB-0+deb12u1", "8.0.36-0ubuntu0.22.04.1").
	Version        string `json:"version"`
	VersionComment string `json:"version_comment,omitempty"`
	Flavor         string `json:"flavor"`
	// Address is the DSN's address (host:port, or the socket path);
	// Network is "tcp" or "unix". Remote is true when the address is
	// not loopback (a name other than localhost counts as remote).
	Address string `json:"address"`
	Network string `json:"network"`
	Remote  bool   `json:"remote"`
	// Variables holds the selected global variables the server has;
	// a variable the server lacks is not in the map.
	Variables map[string]string `json:"variables"`
	// SessionSSLVersion and SessionSSLCipher are csaudit's own session
	// status (empty: the audit connection is not encrypted).
	SessionSSLVersion string `json:"session_ssl_version,omitempty"`
	SessionSSLCipher  string `json:"session_ssl_cipher,omitempty"`
	// CurrentUser is CURRENT_USER() of the audit session ("csaudit@10.%").
	CurrentUser string `json:"current_user"`
	// OwnGrants are the lines of SHOW GRANTS FOR CURRENT_USER() with every
	// IDENTIFIED ... / USING '...' clause removed.
	OwnGrants []string `json:"own_grants,omitempty"`
	// OwnPrivileges are the audit account's rows of information_schema
	// USER_PRIVILEGES, SCHEMA_PRIVILEGES and TABLE_PRIVILEGES.
	OwnPrivileges []DBPrivilege `json:"own_privileges,omitempty"`

	// Accounts and SchemaGrants are filled when DataDBAccounts is collected.
	Accounts     []DBAccount     `json:"accounts,omitempty"`
	SchemaGrants []DBSchemaGrant `json:"schema_grants,omitempty"`
	// RolesRead is false when the role grants (MariaDB mysql.roles_mapping,
	// MySQL 8 mysql.role_edges) could not be read: Roles are then unknown.
	RolesRead bool `json:"roles_read"`
}

// DBPrivilege is one privilege of the audit account.
type DBPrivilege struct {
	// Level is "global", "schema" or "table"; Object is "*.*", "cloud.*"
	// or "cloud.user".
	Level     string `json:"level"`
	Object    string `json:"object"`
	Privilege string `json:"privilege"`
	Grantable bool   `json:"grantable,omitempty"`
}

// DBAccount is one account (or role) of the database server.
type DBAccount struct {
	User string `json:"user"`
	Host string `json:"host"`
	// Plugins are the authentication methods (MariaDB may allow several:
	// IDENTIFIED VIA a OR b); "" is the legacy native password method.
	Plugins []string `json:"plugins"`
	// HasPassword: some method has a credential (hash) set.
	HasPassword bool `json:"has_password"`
	// EmptyPassword: some password-based method has an empty credential,
	// so the account logs in without a password.
	EmptyPassword bool `json:"empty_password"`
	Locked        bool `json:"locked"`
	IsRole        bool `json:"is_role"`
	// GlobalPrivileges are the privileges ON *.* ("SUPER", "FILE", ...;
	// MySQL 8 dynamic privileges included); GRANT OPTION is GrantOption.
	GlobalPrivileges []string `json:"global_privileges,omitempty"`
	GrantOption      bool     `json:"grant_option"`
	// SSLType is mysql.user ssl_type: "" (none), ANY, X509, SPECIFIED.
	SSLType string `json:"ssl_type,omitempty"`
	// Roles are the roles granted to the account, as "role@host" (MariaDB
	// roles have an empty host: "role@").
	Roles []string `json:"roles,omitempty"`
}

// DBSchemaGrant is one row of mysql.db: privileges on one database
// (pattern) for one account.
type DBSchemaGrant struct {
	User        string   `json:"user"`
	Host        string   `json:"host"`
	Db          string   `json:"db"`
	Privileges  []string `json:"privileges,omitempty"`
	GrantOption bool     `json:"grant_option"`
}
