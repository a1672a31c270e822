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

	// CS-AUTH: passwords, authenticators and external identity (TM §10.7, §10.8, §3.2)
	PasswordEncoders,
	PlaintextAuthenticator,
	DefaultAdminPassword,
	WeakPasswordHashes,
	TwoFactor,
	LDAPWithoutTLS,
	SAMLSignature,
	SAMLSHA1,

	// CS-CONS: console proxy (TM §10.14)
	ConsoleTLS,

	// CS-CRYPT: secrets at rest in the database (TM §10.6)
	SecretsUnencrypted,
	HAProxyStats,
	SystemVMPassword,
	HostCredentials,
	APISecretKeys,
	VCenterCredentials,

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

	// CS-PKI: certificates and the CA framework (TM §10.1, §5a)
	KeystorePrivateKeys,
	RealHostIP,
	RootCAExpiry,
	RootCAWeak,
	Strictness,
	ExpiredCerts,

	// CS-SESS: browser sessions (TM §10.4)
	SecureCookie,

	// CS-VER: release support and advisories (TM §10.2)
	EndOfLife,
	CriticalAdvisories,
	ImportantAdvisories,
	ModerateAdvisories,
	LowAdvisories,
	LatestPatch,
}
