#!/bin/sh
# csaudit remediation script for mysql://csaudit@db1.example.com:3306/cloud (CloudStack 4.22.0.0), collected 2026-11-23T12:00:00Z, csaudit 0.0.0-test.
# Written by csaudit, never run by it: REVIEW EVERY LINE before running it.
# Idempotent (each command sets a state; running it twice is harmless); it holds no secret value.
# Settings are changed with CloudMonkey (cmk) configured for this cloud as a root administrator;
# CSAUDIT_SKIP_SETTINGS=1 skips them. File fixes run only on their host (see 'on host').
set -eu

on_host() { [ "${CSAUDIT_HOST:-}" = "$1" ] || [ "$(hostname)" = "$1" ] || [ "$(hostname -f 2>/dev/null || true)" = "$1" ]; }

## CloudStack settings (15)
# csaudit knows the database ids of these scopes, cmk needs their UUIDs: look each up
# (e.g. cmk list zones filter=id,name) and fill it in; an empty one leaves its setting unchanged.
# domain "/Engineering/" (database id 2)
DOMAIN_2_UUID=''
# zone "Zone1" (database id 1)
ZONE_1_UUID=''
if [ "${CSAUDIT_SKIP_SETTINGS:-}" != 1 ]; then

# CS-API-001 (critical) Unauthenticated integration API port is enabled
#   setting integration.api.port: the unauthenticated integration API is enabled on port 8096: any client that reaches it runs commands as root admin
#   restart every management server; -1 disables the port on every release (0 opened a random port up to 4.18.2.0 and 4.19.0.1, CVE-2024-39864)
cmk update configuration name='integration.api.port' value='-1'

# CS-AUTH-001 (high) Weak password encoders (MD5, PLAINTEXT) enabled
#   settings user.password.encoders.order/exclude: new passwords are stored with MD5, ahead of PBKDF2/SHA256SALT
#   then have the listed users change their passwords
cmk update configuration name='user.password.encoders.order' value='PBKDF2,SHA256SALT,MD5,LDAP,SAML2,PLAINTEXT'
cmk update configuration name='user.password.encoders.exclude' value='MD5,LDAP,PLAINTEXT'

# CS-AUTH-007 (high) SAML2 login without signature verification
#   setting saml2.check.signature: SAML2 is enabled with signature checks off: forged SAML responses log in as any user
#   not dynamic: restart the management servers
cmk update configuration name='saml2.check.signature' value='true'

# CS-PKI-005 (high) Agent and peer connections do not require a CA-signed client certificate
#   setting ca.plugin.root.auth.strictness: client certificates are not required on the agent port: any host that reaches 8250 can register as an agent
#   first secure every host (provisionCertificate; listHosts shows them secured); restart the management servers
cmk update configuration name='ca.plugin.root.auth.strictness' value='true'

# CS-AUTH-002 (medium) PLAINTEXT authenticator enabled
#   setting user.authenticators.exclude: the PLAINTEXT authenticator is enabled: a stored password hash works as the password
#   if the setting already excludes other authenticators, keep them: PLAINTEXT,<the others>
cmk update configuration name='user.authenticators.exclude' value='PLAINTEXT'

# CS-CONS-001 (medium) Console proxy serves consoles without TLS
#   setting consoleproxy.sslEnabled: console sessions and their access tokens travel over plain HTTP
#   first upload a certificate for your console domain (uploadCustomCertificate) and set consoleproxy.url.domain; then restart the console proxy VMs
cmk update configuration name='consoleproxy.sslEnabled' value='true'

# CS-CONS-001 (medium) Console proxy serves consoles without TLS
#   setting consoleproxy.sslEnabled for zone "Zone1" (id 1): console sessions and their access tokens travel over plain HTTP
#   first upload a certificate for your console domain (uploadCustomCertificate) and set consoleproxy.url.domain; then restart the console proxy VMs
if [ -n "$ZONE_1_UUID" ]; then
  cmk update configuration name='consoleproxy.sslEnabled' value='true' zoneid="$ZONE_1_UUID"
else
  echo 'not changed: consoleproxy.sslEnabled for zone "Zone1" (database id 1): set ZONE_1_UUID above' >&2
fi

# CS-CRYPT-003 (medium) System VMs keep the template's default password
#   setting system.vm.random.password: system VMs use the template's default root password
#   restart the management servers, then recreate the system VMs
cmk update configuration name='system.vm.random.password' value='true'

# CS-API-002 (low) API request throttling is disabled
#   setting api.throttling.enabled: API throttling is off: one account can flood the API without limit
#   size api.throttling.interval/api.throttling.max for your heaviest client; restart the management servers
cmk update configuration name='api.throttling.enabled' value='true'

# CS-API-005 (low) API does not require POST and expiring signatures
#   setting enforce.post.requests.and.timestamps: signed API requests without expiry and over GET are accepted: leaked URLs can be replayed
#   first check that API clients send POST with signatureversion=3 and expires; restart the management servers
cmk update configuration name='enforce.post.requests.and.timestamps' value='true'

# CS-AUTH-008 (low) SAML2 signatures use SHA-1
#   setting saml2.sigalg: SAML2 signatures use SHA-1
#   make the IdP expect SHA-256 signatures
cmk update configuration name='saml2.sigalg' value='SHA256'

# CS-SESS-001 (low) Session cookie not marked Secure
#   setting enable.secure.session.cookie: the session cookie can be sent over plain HTTP
#   serve the UI over HTTPS only; restart the management servers
cmk update configuration name='enable.secure.session.cookie' value='true'

# CS-AUTH-005 (info) Two-factor authentication not enabled
#   setting enable.user.2fa: two-factor authentication is not available to users
#   administrators should then enrol; set mandate.user.2fa=true where policy requires
cmk update configuration name='enable.user.2fa' value='true'

# CS-AUTH-005 (info) Two-factor authentication not enabled
#   setting enable.user.2fa for domain "/Engineering/" (id 2): two-factor authentication is not available to users
#   administrators should then enrol; set mandate.user.2fa=true where policy requires
if [ -n "$DOMAIN_2_UUID" ]; then
  cmk update configuration name='enable.user.2fa' value='true' domainid="$DOMAIN_2_UUID"
else
  echo 'not changed: enable.user.2fa for domain "/Engineering/" (database id 2): set DOMAIN_2_UUID above' >&2
fi

# CS-PKI-006 (info) Expired agent certificates accepted
#   setting ca.plugin.root.allow.expired.cert: expired agent and peer certificates are still accepted
#   once certificate auto-renewal is reliable (ca.framework.cert.automatic.renewal=true)
cmk update configuration name='ca.plugin.root.allow.expired.cert' value='false'
fi

## Files (0 hosts)

## Needs a person (36): csaudit cannot choose these (new passwords, certificates, addresses)

# CS-AUTH-003 (critical) Administrator account uses the default password
#   user admin (id 2, account admin): root-admin account admin accepts the published default password
# TODO: Log in as each listed user and change the password (UI: user > Change password; API: updateUser id=<id> password=<new>), or disable the account; then enable 2FA for admins.

# CS-AUTH-003 (critical) Administrator account uses the default password
#   user eng-admin (id 3, account eng-admin in domain /Engineering/): domain-admin account eng-admin accepts the published default password
# TODO: Log in as each listed user and change the password (UI: user > Change password; API: updateUser id=<id> password=<new>), or disable the account; then enable 2FA for admins.

# CS-AUTH-004 (high) User passwords stored as unsalted MD5 or plaintext
#   user eng-admin (id 3, account eng-admin in domain /Engineering/): password stored as unsalted MD5 (32 hex digits (unsalted MD5))
# TODO: Make PBKDF2 the first usable encoder (CS-AUTH-001), then have each listed user change the password (or reset it with updateUser); disable accounts that are no longer used.

# CS-AUTH-004 (high) User passwords stored as unsalted MD5 or plaintext
#   user jdoe (id 4, account jdoe in domain /Engineering/): password stored as plaintext (matches no CloudStack hash format)
# TODO: Make PBKDF2 the first usable encoder (CS-AUTH-001), then have each listed user change the password (or reset it with updateUser); disable accounts that are no longer used.

# CS-AUTH-006 (high) LDAP authentication without TLS
#   LDAP server ldap-eng.example.com:389 (domain 2): LDAP logins use cleartext ldap://: passwords cross the network unencrypted
# TODO: Import the directory's CA into a JKS trust store readable by the cloud user and set ldap.truststore=<path> and ldap.truststore.password=<password> (per domain if the LDAP link is per domain); use the LDAPS port (636) in the LDAP configuration.

# CS-AUTH-006 (high) LDAP authentication without TLS
#   LDAP server ldap.example.com:389: LDAP logins use cleartext ldap://: passwords cross the network unencrypted
# TODO: Import the directory's CA into a JKS trust store readable by the cloud user and set ldap.truststore=<path> and ldap.truststore.password=<password> (per domain if the LDAP link is per domain); use the LDAPS port (636) in the LDAP configuration.

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   database encryption: database encryption is off: nothing CloudStack stores is encrypted (ssh.privatekey: PEM RSA PRIVATE KEY in the clear)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting alert.smtp.password: the value of alert.smtp.password is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting ca.plugin.root.private.key: the value of ca.plugin.root.private.key is stored in the clear (PEM PRIVATE KEY in the clear)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting ldap.bind.password: the value of ldap.bind.password is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting ldap.bind.password for domain "/Engineering/" (id 2): the value of ldap.bind.password is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting network.loadbalancer.haproxy.stats.auth: the value of network.loadbalancer.haproxy.stats.auth is stored in the clear (equals a published default)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting secstorage.copy.password: the value of secstorage.copy.password is stored in the clear (too short to be CloudStack ciphertext)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting security.encryption.iv: the value of security.encryption.iv is stored in the clear (Base64 of raw key material of the expected length)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting security.encryption.key: the value of security.encryption.key is stored in the clear (Base64 of raw key material of the expected length)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting security.hash.key: the value of security.hash.key is stored in the clear (database encryption is off (ssh.privatekey: PEM RSA PRIVATE KEY in the clear))
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting security.singlesignon.key: the value of security.singlesignon.key is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting ssh.privatekey: the value of ssh.privatekey is stored in the clear (PEM RSA PRIVATE KEY in the clear)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   setting upload.post.secret.key: the value of upload.post.secret.key is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption: run cloudstack-setup-databases with --encrypt-type=file (and a non-default -m/-k), or migrate with `cloudstack-migrate-databases`; then re-save each listed setting so it is written encrypted, and rotate the secrets that were exposed (regenerate ssh.privatekey, the Root CA, passwords).

# CS-CRYPT-004 (high) Hypervisor host credentials stored in clear
#   host kvm01.example.com (id 1): host password in host_details.value (name='password') is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption (see CS-CRYPT-001), then change each host's password on the host and store the new one encrypted (updateHostPassword); prefer key-based host addition.

# CS-CRYPT-004 (high) Hypervisor host credentials stored in clear
#   host kvm02.example.com (id 2): host password in host_details.value (name='password') is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption (see CS-CRYPT-001), then change each host's password on the host and store the new one encrypted (updateHostPassword); prefer key-based host addition.

# CS-CRYPT-004 (high) Hypervisor host credentials stored in clear
#   host kvm03.example.com (id 3), removed: host password in host_details.value (name='password') is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption (see CS-CRYPT-001), then change each host's password on the host and store the new one encrypted (updateHostPassword); prefer key-based host addition.

# CS-CRYPT-005 (high) API secret keys stored in clear
#   user admin (id 2): API secret key in user.secret_key is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption (CS-CRYPT-001), then regenerate the listed users' keys (registerUserKeys / 'Generate keys' in the UI) and update the clients that use them.

# CS-CRYPT-005 (high) API secret keys stored in clear
#   user jdoe (id 4): API secret key in user.secret_key is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption (CS-CRYPT-001), then regenerate the listed users' keys (registerUserKeys / 'Generate keys' in the UI) and update the clients that use them.

# CS-CRYPT-006 (high) VMware vCenter credentials stored in clear
#   VMware datacenter DC-Prod (vCenter vcenter01.example.com, id 1): vCenter password in vmware_data_center.password is stored in the clear (not Base64, so not CloudStack ciphertext)
# TODO: Enable database encryption (CS-CRYPT-001), rotate the vCenter password and update it with updateVmwareDc.

# CS-PKI-001 (high) Private keys stored in clear in the keystore table
#   keystore row 1 (CPVMCertificate, realhostip.com): the private key is stored in the clear (PEM PRIVATE KEY in the clear)
# TODO: Enable database encryption (CS-CRYPT-001), then upload a new certificate and key (uploadCustomCertificate) so the row is rewritten encrypted, and revoke the old certificate.

# CS-PKI-002 (high) realhostip.com certificate or domain in use
#   keystore row 1 (CPVMCertificate, realhostip.com): the keystore holds the publicly known realhostip.com certificate/key
# TODO: Obtain a certificate for your own wildcard domain, upload it with uploadCustomCertificate, set consoleproxy.url.domain and secstorage.ssl.cert.domain to that domain, delete the realhostip.com rows from the keystore table, and restart the system VMs.

# CS-PKI-002 (high) realhostip.com certificate or domain in use
#   setting consoleproxy.url.domain: consoleproxy.url.domain points at the retired realhostip.com domain
# TODO: Obtain a certificate for your own wildcard domain, upload it with uploadCustomCertificate, set consoleproxy.url.domain and secstorage.ssl.cert.domain to that domain, delete the realhostip.com rows from the keystore table, and restart the system VMs.

# CS-PKI-002 (high) realhostip.com certificate or domain in use
#   setting secstorage.ssl.cert.domain: secstorage.ssl.cert.domain points at the retired realhostip.com domain
# TODO: Obtain a certificate for your own wildcard domain, upload it with uploadCustomCertificate, set consoleproxy.url.domain and secstorage.ssl.cert.domain to that domain, delete the realhostip.com rows from the keystore table, and restart the system VMs.

# CS-PKI-003 (high) Root CA certificate expired or about to expire
#   Root CA CN=ca.cloudstack.apache.org: the Root CA expired on 2025-01-15
# TODO: Plan a Root CA rotation: generate a new Root CA (clear the ca.plugin.root.* rows and restart per the CA framework guide, or configure your own CA), then re-provision host certificates with provisionCertificate.

# CS-VER-002 (high) Installed version is affected by published security advisories
#   CloudStack 4.22.0.0: affected by 27 published advisories; most serious: CVE-2025-66171, CVE-2025-66172, CVE-2025-66467, CVE-2026-25077, CVE-2026-50112, CVE-2026-50222, CVE-2026-59799, CVE-2026-61397, and 2 more
# TODO: Upgrade to the latest patch release of a supported line (4.20.3.1 or 4.22.1.1 as of csaudit's table) and apply the listed workarounds until then.

# CS-API-004 (medium) Forwarded client-IP headers trusted without a proxy allow-list
#   setting proxy.cidr: proxy.header.verify is true and proxy.cidr contains 0.0.0.0/0: any client can forge its source address
# TODO: Behind a reverse proxy set proxy.cidr to the proxy's exact address(es) (e.g. `10.1.2.3/32`) and proxy.header.names to the one header it sets; without a proxy set proxy.header.verify=false.

# CS-CRYPT-002 (medium) Virtual-router HAProxy stats page uses the published default credentials
#   setting network.loadbalancer.haproxy.stats.auth: the HAProxy stats page accepts the published default credentials (HAProxy stats default credentials (Config.java NetworkLBHaproxyStatsAuth))
# TODO: Set network.loadbalancer.haproxy.stats.auth to a unique `user:long-random-password`, or network.loadbalancer.haproxy.stats.visibility=disabled, and re-apply load-balancer rules.

# CS-PKI-004 (medium) Root CA uses a weak key or signature algorithm
#   Root CA CN=ca.cloudstack.apache.org: the Root CA is weak: 1024-bit RSA key
# TODO: Set ca.framework.cert.keysize to 2048 or more (the Root CA uses twice that) and ca.framework.cert.signature.algorithm=SHA256withRSA, then rotate the Root CA.

# CS-API-003 (low) API accepts requests from any source address
#   setting api.source.cidr.checks.enabled: source-CIDR checks are disabled: API keys work from any address whatever the allowed list says
# TODO: Set api.allowed.source.cidr.list to the networks your users and automation call from (e.g. `10.0.0.0/8,192.168.0.0/16`), per account where needed, and keep api.source.cidr.checks.enabled=true.

# CS-API-006 (info) API endpoint URL handed to other components is plain HTTP
#   setting endpoint.url: endpoint.url is not HTTPS: clients given this address send credentials in the clear
# TODO: Set endpoint.url to the HTTPS address of the API, e.g. `https://cloud.example.com/client/api`.

# end of csaudit remediation script
