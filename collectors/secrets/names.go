package secrets

import (
	"regexp"
	"strings"
)

// Which names hold secrets is decided here, once, for the database reader
// (configuration and *_details rows), the probe reducer (keys of
// .properties and environment files) and the checks.

// secretSettings are the settings that hold a credential or key, as
// classified from the declarations at 4.22.1.0 (notes r1 §2.12): the
// Secure/Hidden secrets, the Java-inserted rows that are not in the
// settings table (system.vm.password, ssh.privatekey,
// secstorage.copy.password) and Advanced-category secrets CloudStack keeps
// unencrypted.
var secretSettings = map[string]bool{
	"alert.smtp.password": true, "project.smtp.password": true, "user.password.reset.smtp.password": true,
	"quota.usage.smtp.password": true, "backup.plugin.networker.password": true, "backup.plugin.veeam.password": true,
	"integration.veeam.control.api.password": true, "cloudian.admin.password": true, "cloudian.sso.key": true,
	"ldap.bind.password": true, "ldap.truststore.password": true, "network.loadbalancer.haproxy.stats.auth": true,
	"security.singlesignon.key": true, "system.vm.password": true, "ca.plugin.root.private.key": true,
	"security.encryption.key": true, "security.encryption.iv": true, "security.hash.key": true,
	"upload.post.secret.key": true, "ssh.privatekey": true, "secstorage.copy.password": true,
}

// notSecretSettings are names that look like secrets or sit in the
// Secure/Hidden categories but hold public material, flags or names
// (r1 §2.12): CloudStack encrypts the Hidden/Secure ones at rest, but
// their values are not credentials.
var notSecretSettings = map[string]bool{
	// public material
	"ca.plugin.root.ca.certificate": true, "ca.plugin.root.public.key": true, "ssh.publickey": true,
	// booleans whose names end in "password"
	"system.vm.random.password": true, "log.hide.password": true, "saml2.require.password": true,
	// Hidden flags and names
	"init": true, "cloud.identifier": true, "allow.operations.on.users.in.same.account": true,
	"role.types.allowed.for.operations.on.accounts.of.same.role.type": true,
	"direct.download.connection.request.timeout":                      true, "js.interpretation.enabled": true,
	"router.ram.size": true, "secondary.storage.vm": true, "vm.configdrive.label": true,
	"vsphere.linked.clone.extensions": true, "xenserver.create.pools.in.pod": true, "kvm.snapshot.enabled": true,
	// Secure names, DNs and LDAP attribute names (Secure on schemas before
	// 4.11.1.0, then Advanced: Upgrade41100to41110)
	"integration.veeam.control.api.username": true, "ldap.bind.principal": true, "ldap.basedn": true,
	"ldap.search.group.principle": true, "ldap.truststore": true, "ldap.email.attribute": true,
	"ldap.firstname.attribute": true, "ldap.group.object": true, "ldap.group.user.uniquemember": true,
	"ldap.lastname.attribute": true, "ldap.user.object": true, "ldap.username.attribute": true,
}

// secretSuffix matches the end of a name that denotes a secret: settings
// (ldap.bind.password, security.hash.key) and file keys (db.cloud.password,
// db.cloud.encrypt.secret, keystore.passphrase, CLOUD_SECRET_KEY).
var secretSuffix = regexp.MustCompile(`(?i)(password|passwd|passphrase|[._]pass|secret|privatekey|private[._]key|[._]key|[._]iv|psk|stats\.auth|credentials?)$`)

// publicSuffix matches names of public material and identities.
var publicSuffix = regexp.MustCompile(`(?i)(public[._]?key|certificate|principal|\.network\.device[0-9]*)$`)

// IsSecretName reports whether a setting or file key called name holds a
// secret (a credential, key or passphrase).
func IsSecretName(name string) bool {
	switch {
	case secretSettings[name]:
		return true
	case notSecretSettings[name], publicSuffix.MatchString(name):
		return false
	}
	return secretSuffix.MatchString(name)
}

// EncryptedCategory reports a configuration category whose values
// CloudStack stores through DBEncryptionUtil (ConfigurationVO.isEncrypted).
func EncryptedCategory(category string) bool {
	return strings.EqualFold(category, "Hidden") || strings.EqualFold(category, "Secure")
}

// IsSecretSetting reports whether a configuration row (or an override of
// it) holds a secret: by its name, and for Secure/Hidden rows whose name is
// not known to hold public material, flags or names, by its category.
func IsSecretSetting(name, category string) bool {
	if IsSecretName(name) {
		return true
	}
	return EncryptedCategory(category) && !notSecretSettings[name] && !publicSuffix.MatchString(name)
}

// ReduceSetting reports whether the collector keeps only facts of a
// configuration row's value: every secret, and every Secure/Hidden row
// (its stored form is ciphertext when encryption is on).
func ReduceSetting(name, category string) bool {
	return IsSecretSetting(name, category) || EncryptedCategory(category)
}

// IsSecretKey reports whether a key of a .properties or environment file
// holds a secret. File keys are free-form, so besides IsSecretName any key
// naming a password, passphrase or secret anywhere is reduced too
// (password.encryption.type is kept out of the snapshot as well).
func IsSecretKey(key string) bool {
	k := strings.ToLower(key)
	return IsSecretName(key) || strings.Contains(k, "pass") || strings.Contains(k, "secret")
}
