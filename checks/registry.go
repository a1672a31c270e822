package checks

// Registry is every check csaudit knows, in ID order. IDs are stable and
// never reused; a retired check leaves a gap.
var Registry = []*Check{
	// CS-API: the API surface (TM §4 B1, §10.3–§10.5, §10.11)
	IntegrationPort,
	Throttling,
	SourceCIDR,
	ProxyHeaders,
	EnforcePost,
	EndpointURL,
	JSInterpretation,
	PrometheusExporter,

	// CS-AUTH: passwords, authenticators and external identity (TM §10.7, §10.8, §3.2)
	PasswordEncoders,
	PlaintextAuthenticator,
	DefaultAdminPassword,
	WeakPasswordHashes,
	TwoFactor,
	LDAPWithoutTLS,
	SAMLSignature,
	SAMLSHA1,
	TwoFactorNotMandatory,
	AdminsWithout2FA,
	StaticPIN,
	WeakPasswordPolicy,
	LoginLockout,
	DormantAPIKeys,
	SAMLMetadataHTTP,
	SAMLSampleIdP,
	OAuthRedirectHTTP,
	DomainAdminCount,

	// CS-CONS: console proxy (TM §10.14)
	ConsoleTLS,
	NoVNCSourceIP,

	// CS-CRYPT: secrets at rest in the database (TM §10.6)
	SecretsUnencrypted,
	HAProxyStats,
	SystemVMPassword,
	HostCredentials,
	APISecretKeys,
	VCenterCredentials,
	UnencryptedSettingCreds,
	VPNSecrets,
	OAuthSecrets,
	ConsolePasswords,
	OOBMPasswords,
	LBCertKeys,
	VolumePassphrases,
	DefaultDBKey,

	// CS-DBS: the MySQL/MariaDB server holding the cloud database, from SQL (TM §4 B9, §10.2)
	AnonymousAccounts,
	PasswordlessAccounts,
	RemoteAdminAccounts,
	CloudAccountPrivileges,
	CloudAccountAnyHost,
	AuditAccountWrites,
	RemoteDBNoTLS,
	PlaintextAccepted,
	LocalInfile,
	HostNameGrants,
	DBServerEOL,
	OpenTestDatabase,
	FileWithoutSecureFilePriv,

	// CS-DRIFT: management servers that disagree (TM §10.2, §10.4, §10.6)
	VersionDrift,
	ServerPropsDrift,
	DBPropsDrift,

	// CS-HOST: management servers and KVM hosts, probed over SSH or locally (TM §10.6, §10.13)
	FilePermissions,
	AgentCertExpiry,
	EncryptionNone,
	DBPasswordsClear,
	RemoteDBWithoutTLS,
	DefaultKeyFile,
	PlainHTTP,
	DefaultKeystorePassword,
	AgentWithoutKeystore,
	LibvirtTCPNoAuth,
	LibvirtTLSNoCerts,
	VNCAllAddresses,
	IntegrationListening,
	MySQLAllAddresses,
	CloudSSHKey,
	EncryptionWeb,
	SecretKeyEnvReadable,
	LegacyKeystore,
	EncryptionMismatch,
	ClockSync,
	LeftoverEnvFile,
	ServiceListeners,
	PublicCertFiles,

	// CS-KVM: KVM hosts: SSH, libvirt, QEMU, the agent (TM §10.13, §10.14)
	RootPasswordSSH,
	PasswordSSH,
	LibvirtTCPSocket,
	PlainTCPAfterSecuring,
	QEMUConfinement,
	VNCTLSSecured,
	VNCListeners,
	AgentJVM,
	WritableHooks,
	AgentUnknownMS,

	// CS-LIM: resource limits (TM §10.11)
	DefaultLimitsUnlimited,
	UnlimitedOwners,

	// CS-MGMT: management and usage servers: JVM, cluster port, sudo, home (TM §10.2, §10.6)
	MgmtJDWP,
	MgmtJMX,
	ClusterPortCVE,
	ClusterBind,
	HTTPAlongsideHTTPS,
	CloudSudo,
	CloudHome,
	UsageJVM,
	KeyReceiverListening,

	// CS-NET: virtual routers (TM §10.2)
	RouterDNSExposed,
	RouterVersionCheck,
	OutdatedRouters,

	// CS-PKI: certificates and the CA framework (TM §10.1, §5a)
	KeystorePrivateKeys,
	RealHostIP,
	RootCAExpiry,
	RootCAWeak,
	Strictness,
	ExpiredCerts,
	UnsecuredKVMHosts,
	CertKeySize,
	CertAutoRenewal,
	CertValidity,

	// CS-SESS: browser sessions (TM §10.4)
	SecureCookie,
	SameSiteCookie,
	SessionKeyLocations,

	// CS-STOR: secondary storage (TM §10.4, §10.10)
	CopyEncryption,
	InternalSites,
	UploadHTTPS,
	ExtractLinkLifetime,

	// CS-TPL: templates and ISOs (TM §10.10)
	PublicUserTemplates,
	UserTemplatePublishing,

	// CS-VER: release support and advisories (TM §10.2)
	EndOfLife,
	CriticalAdvisories,
	ImportantAdvisories,
	ModerateAdvisories,
	LowAdvisories,
	LatestPatch,
	AgentVersions,

	// CS-VM: what end users can make the hypervisor do (TM §7, PR Q9)
	ExtraConfigOpen,
	ExtraConfigAllowList,
	UserPermissionKnobs,
}
