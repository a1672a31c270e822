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

# CS-AUTH-001 (high) Weak password encoders (MD5, LDAP, PLAINTEXT) enabled
#   settings user.password.encoders.order/exclude: new passwords are stored by MD5 as unsalted MD5
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
#   setting user.authenticators.exclude: user.authenticators.exclude is empty/NULL, which excludes nothing: the PLAINTEXT authenticator is enabled and a stored password hash works as the password
#   if the setting already excludes other authenticators, keep them: PLAINTEXT,<the others>
cmk update configuration name='user.authenticators.exclude' value='PLAINTEXT'

# CS-CONS-001 (medium) Console proxy serves consoles without TLS
#   setting consoleproxy.sslEnabled: consoleproxy.sslEnabled is not true: console sessions and their access tokens travel over plain HTTP
#   first upload a certificate for your console domain (uploadCustomCertificate) and set consoleproxy.url.domain; then restart the console proxy VMs
cmk update configuration name='consoleproxy.sslEnabled' value='true'

# CS-CONS-001 (medium) Console proxy serves consoles without TLS
#   setting consoleproxy.sslEnabled for zone "Zone1" (id 1): zone Zone1: consoleproxy.sslEnabled is not true: console sessions and their access tokens travel over plain HTTP
#   first upload a certificate for your console domain (uploadCustomCertificate) and set consoleproxy.url.domain; then restart the console proxy VMs
if [ -n "$ZONE_1_UUID" ]; then
  cmk update configuration name='consoleproxy.sslEnabled' value='true' zoneid="$ZONE_1_UUID"
else
  echo 'not changed: consoleproxy.sslEnabled for zone "Zone1" (database id 1): set ZONE_1_UUID above' >&2
fi

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

# CS-CRYPT-003 (low) System VMs keep the template's default password
#   setting system.vm.random.password: system VMs use the template's default root password
#   restart the management servers, then recreate the system VMs
cmk update configuration name='system.vm.random.password' value='true'

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

## Needs a person (121): csaudit cannot choose these (new passwords, certificates, addresses)

# CS-AUTH-003 (critical) Administrator account uses the default password
#   user admin (id 2, account admin): root-admin account admin accepts the published default password
# TODO: Log in as each listed user and change the password (UI: user > Change password; API: updateUser id=<id> password=<new>), or disable the account; then enable 2FA for admins.

# CS-AUTH-003 (critical) Administrator account uses the default password
#   user eng-admin (id 3, account eng-admin in domain /Engineering/): domain-admin account eng-admin accepts the published default password
# TODO: Log in as each listed user and change the password (UI: user > Change password; API: updateUser id=<id> password=<new>), or disable the account; then enable 2FA for admins.

# CS-DBS-002 (critical) Database accounts that log in without a password
#   database-account ''@'localhost': logs in with an empty password locally (localhost)
# TODO: ALTER USER '<user>'@'<host>' IDENTIFIED BY '<strong password>'; (or IDENTIFIED VIA unix_socket for a local administrator), or DROP USER '<user>'@'<host>'; for accounts not needed.

# CS-DBS-002 (critical) Database accounts that log in without a password
#   database-account ''@'mysql01': logs in with an empty password from any host matching "mysql01" (remote)
# TODO: ALTER USER '<user>'@'<host>' IDENTIFIED BY '<strong password>'; (or IDENTIFIED VIA unix_socket for a local administrator), or DROP USER '<user>'@'<host>'; for accounts not needed.

# CS-DBS-002 (critical) Database accounts that log in without a password
#   database-account 'monitor'@'%': logs in with an empty password from any host matching "%" (remote)
# TODO: ALTER USER '<user>'@'<host>' IDENTIFIED BY '<strong password>'; (or IDENTIFIED VIA unix_socket for a local administrator), or DROP USER '<user>'@'<host>'; for accounts not needed.

# CS-DBS-002 (critical) Database accounts that log in without a password
#   database-account 'root'@'localhost': logs in with an empty password locally (localhost)
# TODO: ALTER USER '<user>'@'<host>' IDENTIFIED BY '<strong password>'; (or IDENTIFIED VIA unix_socket for a local administrator), or DROP USER '<user>'@'<host>'; for accounts not needed.

# CS-VER-002 (critical) Installed version is affected by a critical security advisory
#   CVE-2026-50112: CVE-2026-50112 (RCE on KVM hosts and SSRF via direct-download / metalink / NFS template registration) affects 4.22.0.0 (affected: >=4.14.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-002 (critical) Installed version is affected by a critical security advisory
#   CVE-2026-61397: CVE-2026-61397 (OAuth2 token leaks across requests) affects 4.22.0.0 (affected: >=4.19.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line; precondition not checked: no setting oauth2.enabled in the snapshot; workaround: none stated; disabling OAuth2 login may avoid exposure (inference, unverified)
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

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

# CS-AUTH-015 (high) SAML2 IdP metadata fetched over plain HTTP
#   setting saml2.idp.metadata.url: the IdP metadata (and its signing certificate) is fetched over plain HTTP
# TODO: cmk update configuration name=saml2.idp.metadata.url value=https://<idp>/metadata (or a local file path readable by the cloud user).

# CS-CRYPT-001 (high) Secret settings stored unencrypted (database encryption off)
#   database encryption: database encryption is off: no value CloudStack stores is encrypted (ssh.privatekey: PEM RSA PRIVATE KEY in the clear)
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

# CS-CRYPT-008 (high) VPN passwords and IPsec pre-shared keys stored in clear
#   VPN user roadwarrior (id 1): VPN user password in vpn_users.password is stored in the clear (database encryption is off)
# TODO: Enable database encryption (CS-CRYPT-001), then re-create the listed VPN users (cmk remove vpnuser / add vpnuser) and reset the gateways' PSKs (updateVpnCustomerGateway) so they are written encrypted; treat the old values as exposed.

# CS-CRYPT-008 (high) VPN passwords and IPsec pre-shared keys stored in clear
#   site-to-site customer gateway osl-office (id 1): IPsec pre-shared key in s2s_customer_gateway.ipsec_psk is stored in the clear (database encryption is off)
# TODO: Enable database encryption (CS-CRYPT-001), then re-create the listed VPN users (cmk remove vpnuser / add vpnuser) and reset the gateways' PSKs (updateVpnCustomerGateway) so they are written encrypted; treat the old values as exposed.

# CS-CRYPT-011 (high) Out-of-band management (IPMI/Redfish) passwords stored in clear
#   out-of-band management of host (host_id 1): BMC password in oobm.password is stored in the clear (database encryption is off)
# TODO: Enable database encryption (CS-CRYPT-001), rotate the BMC passwords and store them again (cmk configure outofbandmanagement hostid=<id> driver=<d> address=<a> port=<p> username=<u> password=<new>).

# CS-CRYPT-012 (high) Load-balancer certificate private keys stored in clear
#   load-balancer certificate webshop-tls (id 1): load-balancer certificate key in sslcerts.key is stored in the clear (PEM private key header)
# TODO: Enable database encryption (CS-CRYPT-001); have the owners issue new keys and re-upload (deleteSslCert / uploadSslCert), since the old keys must be considered exposed.

# CS-CRYPT-013 (high) Volume encryption passphrases stored in clear
#   volume passphrase (id 1): volume passphrase in passphrase.passphrase is stored in the clear (database encryption is off): encrypted volumes can be decrypted by anyone who reads the database
# TODO: Enable database encryption (CS-CRYPT-001). Passphrases that were stored in clear must be considered exposed: migrate the data to new encrypted volumes.

# CS-DBS-001 (high) Anonymous database accounts exist
#   database-account ''@'localhost': any user name is accepted from host pattern "localhost"
# TODO: DROP USER ''@'localhost'; DROP USER ''@'<hostname>'; (one per anonymous account listed; or run mysql_secure_installation / mariadb-secure-installation).

# CS-DBS-001 (high) Anonymous database accounts exist
#   database-account ''@'mysql01': any user name is accepted from host pattern "mysql01"
# TODO: DROP USER ''@'localhost'; DROP USER ''@'<hostname>'; (one per anonymous account listed; or run mysql_secure_installation / mariadb-secure-installation).

# CS-DBS-003 (high) Administrative database account reachable from remote hosts
#   database-account 'cloud'@'ms1.example.com': holds SUPER on *.* and is accepted from host pattern "ms1.example.com"
# TODO: After cloudstack-setup-databases: DROP USER 'root'@'%'; (or RENAME USER '<user>'@'%' TO '<user>'@'<admin host IP>'), or REVOKE ALL PRIVILEGES, GRANT OPTION FROM '<user>'@'<host>'; and administer the server locally.

# CS-DBS-003 (high) Administrative database account reachable from remote hosts
#   database-account 'root'@'%': holds CREATE USER, FILE, RELOAD, SHUTDOWN, SUPER, GRANT OPTION on *.* and is accepted from host pattern "%" (post-install residue: the setup guide needs remote root only while the databases are created)
# TODO: After cloudstack-setup-databases: DROP USER 'root'@'%'; (or RENAME USER '<user>'@'%' TO '<user>'@'<admin host IP>'), or REVOKE ALL PRIVILEGES, GRANT OPTION FROM '<user>'@'<host>'; and administer the server locally.

# CS-DBS-011 (high) Database server version is end of life
#   MariaDB 10.6.22-MariaDB-0ubuntu0.22.04.1: MariaDB 10.6 reached end of life on 2026-07-06 (MariaDB 10.6 LTS 2021-07-06 to 2026-07-06 (mariadb.org))
# TODO: Upgrade to a supported LTS line (MariaDB 10.11, 11.4 or 11.8; MySQL 8.4) that the CloudStack release supports, following the CloudStack database upgrade notes.

# CS-PKI-001 (high) Private keys stored in clear in the keystore table
#   keystore row 1 (CPVMCertificate, realhostip.com): the private key is stored in the clear (PEM PRIVATE KEY in the clear)
# TODO: Enable database encryption (CS-CRYPT-001), then upload a new certificate and key (uploadCustomCertificate) so the row is rewritten encrypted, and revoke the old certificate.

# CS-PKI-002 (high) realhostip.com certificate or domain in use
#   keystore row 1 (CPVMCertificate, realhostip.com): the keystore holds the publicly known realhostip.com certificate/key
# TODO: Obtain a certificate for your own wildcard domain, upload it with uploadCustomCertificate, set consoleproxy.url.domain (and its zone values) and secstorage.ssl.cert.domain to that domain, delete the realhostip.com rows from the keystore table, and restart the system VMs.

# CS-PKI-002 (high) realhostip.com certificate or domain in use
#   setting consoleproxy.url.domain: consoleproxy.url.domain points at the retired realhostip.com domain
# TODO: Obtain a certificate for your own wildcard domain, upload it with uploadCustomCertificate, set consoleproxy.url.domain (and its zone values) and secstorage.ssl.cert.domain to that domain, delete the realhostip.com rows from the keystore table, and restart the system VMs.

# CS-PKI-002 (high) realhostip.com certificate or domain in use
#   setting consoleproxy.url.domain for zone "Zone1" (id 1): consoleproxy.url.domain for zone Zone1 points at the retired realhostip.com domain
# TODO: Obtain a certificate for your own wildcard domain, upload it with uploadCustomCertificate, set consoleproxy.url.domain (and its zone values) and secstorage.ssl.cert.domain to that domain, delete the realhostip.com rows from the keystore table, and restart the system VMs.

# CS-PKI-002 (high) realhostip.com certificate or domain in use
#   setting secstorage.ssl.cert.domain: secstorage.ssl.cert.domain points at the retired realhostip.com domain
# TODO: Obtain a certificate for your own wildcard domain, upload it with uploadCustomCertificate, set consoleproxy.url.domain (and its zone values) and secstorage.ssl.cert.domain to that domain, delete the realhostip.com rows from the keystore table, and restart the system VMs.

# CS-PKI-003 (high) Root CA certificate expired or about to expire
#   Root CA CN=ca.cloudstack.apache.org: the Root CA expired on 2025-01-15
# TODO: Plan a Root CA rotation: generate a new Root CA (clear the ca.plugin.root.* rows and restart per the CA framework guide, or configure your own CA), then re-provision host certificates with provisionCertificate.

# CS-VER-003 (high) Installed version is affected by an important security advisory
#   CVE-2025-66171: CVE-2025-66171 (Any user can create VMs from other users' backups) affects 4.22.0.0 (affected: >=4.21.0.0 <=4.22.0.0); fixed in 4.22.0.1, the next fix on the 4.22 line; precondition not checked: no setting backup.framework.enabled in the snapshot
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-003 (high) Installed version is affected by an important security advisory
#   CVE-2025-66172: CVE-2025-66172 (Any user can restore and attach volumes from other users' backups) affects 4.22.0.0 (affected: >=4.21.0.0 <=4.22.0.0); fixed in 4.22.0.1, the next fix on the 4.22 line; precondition not checked: no setting backup.framework.enabled in the snapshot
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-003 (high) Installed version is affected by an important security advisory
#   CVE-2025-66467: CVE-2025-66467 (MinIO bucket policy not removed on bucket deletion (old keys reach re-created bucket)) affects 4.22.0.0 (affected: >=4.19.0.0 <=4.20.2.0, >=4.21.0.0 <=4.22.0.0); fixed in 4.22.0.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-003 (high) Installed version is affected by an important security advisory
#   CVE-2026-25077: CVE-2026-25077 (Command injection via file name of direct-download templates (code execution on KVM hosts)) affects 4.22.0.0 (affected: >=4.11.0 <=4.20.2.0, >=4.21.0.0 <=4.22.0.0); fixed in 4.22.0.1, the next fix on the 4.22 line; precondition present: KVM host kvm01.example.com
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-003 (high) Installed version is affected by an important security advisory
#   CVE-2026-50222: CVE-2026-50222 (Missing access control in userdata APIs (cross-account userdata access)) affects 4.22.0.0 (affected: >=4.18.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-003 (high) Installed version is affected by an important security advisory
#   CVE-2026-62440: CVE-2026-62440 (Cross-tenant CKS cluster manipulation while adding/removing nodes) affects 4.22.0.0 (affected: >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line; precondition not checked: no setting cloud.kubernetes.service.enabled in the snapshot
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-003 (high) Installed version is affected by an important security advisory
#   CVE-2026-68745: CVE-2026-68745 (SAML2 signature validation skipped when IdP has no certificate) affects 4.22.0.0 (affected: >=4.5.2 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line; precondition present: saml2.enabled=true; workaround: none stated; setting saml2.enabled=false (the workaround given for earlier SAML CVEs) should avoid it (inference, unverified)
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VM-002 (high) Extraconfig allow-lists contain host-reaching elements
#   setting allow.additional.vm.configuration.list.kvm: users may pass KVM elements that reach the host: devices, qemu:commandline
# TODO: cmk update configuration name=allow.additional.vm.configuration.list.kvm value=<minimal list, e.g. cpu,memtune> (and per account with accountid=<id>); never allow device, file or command-line elements.

# CS-API-004 (medium) Forwarded client-IP headers trusted without a proxy allow-list
#   setting proxy.cidr: proxy.header.verify is true and proxy.cidr contains 0.0.0.0/0: any client can forge its source address
# TODO: Behind a reverse proxy set proxy.cidr to the proxy's exact address(es) (e.g. `10.1.2.3/32`) and proxy.header.names to the one header it sets; without a proxy set proxy.header.verify=false.

# CS-AUTH-016 (medium) SAML2 enabled with the shipped sample IdP
#   setting saml2.default.idpid: SAML2 logins use the public sample IdP openidp.feide.no
# TODO: Set saml2.idp.metadata.url and saml2.default.idpid to the organisation's IdP, or saml2.enabled=false.

# CS-AUTH-016 (medium) SAML2 enabled with the shipped sample IdP
#   setting saml2.idp.metadata.url: SAML2 logins use the public sample IdP openidp.feide.no
# TODO: Set saml2.idp.metadata.url and saml2.default.idpid to the organisation's IdP, or saml2.enabled=false.

# CS-CRYPT-002 (medium) Virtual-router HAProxy stats page uses the published default credentials
#   setting network.loadbalancer.haproxy.stats.auth: the HAProxy stats page accepts the published default credentials (HAProxy stats default credentials (Config.java NetworkLBHaproxyStatsAuth))
# TODO: Set network.loadbalancer.haproxy.stats.auth to a unique `user:long-random-password`, or network.loadbalancer.haproxy.stats.visibility=disabled, and re-apply load-balancer rules.

# CS-CRYPT-007 (medium) Credentials kept in settings CloudStack does not encrypt
#   setting quota.usage.smtp.password: quota.usage.smtp.password holds a password that CloudStack stores in clear regardless of database encryption
# TODO: Use an SMTP relay that needs no authentication or a dedicated low-privilege SMTP account, and rotate it; for the secondary-storage proxy allow the SSVMs by address instead of credentials; restrict read access to the database and its backups.

# CS-CRYPT-010 (medium) VM console (VNC) passwords stored in clear
#   VNC passwords of domainrouter VMs: 6 console passwords are stored in clear
# TODO: Enable database encryption: cloudstack-migrate-databases re-encrypts configuration, the details tables and every @Encrypt column (EncryptionSecretKeyChanger); re-run csaudit to confirm. Keep VNC bound to the hypervisor's management address.

# CS-CRYPT-010 (medium) VM console (VNC) passwords stored in clear
#   VNC passwords of user VMs: 41 console passwords are stored in clear
# TODO: Enable database encryption: cloudstack-migrate-databases re-encrypts configuration, the details tables and every @Encrypt column (EncryptionSecretKeyChanger); re-run csaudit to confirm. Keep VNC bound to the hypervisor's management address.

# CS-DBS-004 (medium) CloudStack database account holds global privileges or GRANT OPTION
#   database-account 'cloud'@'%': CloudStack's database account also holds GRANT OPTION on cloud.*
# TODO: REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'cloud'@'<host>'; GRANT ALL ON cloud.* TO 'cloud'@'<host>'; GRANT ALL ON cloud_usage.* TO 'cloud'@'<host>'; GRANT PROCESS ON *.* TO 'cloud'@'<host>'; (for each host row of the CloudStack user).

# CS-DBS-004 (medium) CloudStack database account holds global privileges or GRANT OPTION
#   database-account 'cloud'@'ms1.example.com': CloudStack's database account also holds SUPER
# TODO: REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'cloud'@'<host>'; GRANT ALL ON cloud.* TO 'cloud'@'<host>'; GRANT ALL ON cloud_usage.* TO 'cloud'@'<host>'; GRANT PROCESS ON *.* TO 'cloud'@'<host>'; (for each host row of the CloudStack user).

# CS-DBS-006 (medium) csaudit's own database account can write
#   database-account 'csaudit'@'%': the audit account can change data or grants: ALTER on cloud.*; ALTER ROUTINE on cloud.*; CREATE on cloud.*; CREATE ROUTINE on cloud.*; CREATE TEMPORARY TABLES on cloud.*; CREATE VIEW on cloud.*; DELETE on cloud.*; DELETE HISTORY on cloud.*; DROP on cloud.*; EVENT on cloud.*; EXECUTE on cloud.*; INDEX on cloud.*; INSERT on cloud.*; LOCK TABLES on cloud.*; REFERENCES on cloud.*; TRIGGER on cloud.*; UPDATE on cloud.*; ALL PRIVILEGES on cloud.*
# TODO: REVOKE ALL PRIVILEGES, GRANT OPTION FROM '<audit user>'@'<host>'; GRANT SELECT ON cloud.* TO '<audit user>'@'<host>'; (and, to audit the server's accounts, GRANT SELECT ON mysql.user / mysql.db / mysql.global_priv TO '<audit user>'@'<host>';).

# CS-DBS-007 (medium) Remote CloudStack database server without TLS
#   database server TLS: the database is remote (csaudit reached it at db1.example.com:3306) and the server offers no TLS: have_ssl=DISABLED, csaudit's own session is not encrypted
# TODO: Configure ssl_cert, ssl_key and ssl_ca in the [mysqld] section (MySQL 8 and MariaDB >= 11.4 generate a certificate themselves), restart the server, then set db.cloud.useSSL=true (and the trust store) in db.properties on every management server.

# CS-NET-001 (medium) Virtual-router DNS and DHCP exposed on the public interface
#   setting expose.dns.externally: virtual routers answer DNS on their public interface
# TODO: cmk update configuration name=expose.dns.externally value=false [zoneid=<id>], then restart the networks' routers.

# CS-NET-001 (medium) Virtual-router DNS and DHCP exposed on the public interface
#   setting expose.dns.externally for zone "Zone1" (id 1): virtual routers answer DNS on their public interface
# TODO: cmk update configuration name=expose.dns.externally value=false [zoneid=<id>], then restart the networks' routers.

# CS-NET-001 (medium) Virtual-router DNS and DHCP exposed on the public interface
#   setting expose.dns.externally for zone "osl1" (id 1): virtual routers answer DNS on their public interface
# TODO: cmk update configuration name=expose.dns.externally value=false [zoneid=<id>], then restart the networks' routers.

# CS-NET-003 (medium) Virtual routers run a template older than required
#   router r-41-VM: router in zone 1 runs template 4.20.0, older than the required 4.22.0
# TODO: Register the release's systemvm template, then cmk restart network id=<id> cleanup=true (or upgradeRouterTemplate per zone, cluster or account) for the listed routers.

# CS-PKI-004 (medium) Root CA uses a weak key or signature algorithm
#   Root CA CN=ca.cloudstack.apache.org: the Root CA is weak: 1024-bit RSA key
# TODO: Set ca.framework.cert.keysize to 2048 or more (the Root CA uses twice that) and ca.framework.cert.signature.algorithm=SHA256withRSA, then rotate the Root CA.

# CS-PKI-008 (medium) CA-issued certificates use short keys or weak signatures
#   setting ca.framework.cert.keysize: issued certificates get 1024-bit RSA keys
# TODO: cmk update configuration name=ca.framework.cert.keysize value=2048 (or 3072/4096) and name=ca.framework.cert.signature.algorithm value=SHA256withRSA, then re-provision host certificates (provisionCertificate) and restart system VMs.

# CS-STOR-002 (medium) SSVMs may download from broad internal networks
#   setting secstorage.allowed.internal.sites: template URLs may reach the management network: 10.1.1.0/24 (contains 10.1.1.10)
# TODO: cmk update configuration name=secstorage.allowed.internal.sites value=<exact mirror-server CIDRs>, restart the management servers and recreate the SSVMs.

# CS-VER-004 (medium) Installed version is affected by a moderate security advisory
#   CVE-2025-69233: CVE-2025-69233 (Account/domain resource limits can be exceeded (race conditions)) affects 4.22.0.0 (affected: >=4.0.0 <=4.20.2.0, >=4.21.0.0 <=4.22.0.0); fixed in 4.22.0.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-004 (medium) Installed version is affected by a moderate security advisory
#   CVE-2026-25199: CVE-2026-25199 (Proxmox extension: user-editable proxmox_vmid gives cross-tenant VM control) affects 4.22.0.0 (affected: >=4.21.0.0 <=4.22.0.0); fixed in 4.22.0.1, the next fix on the 4.22 line; precondition not checked: no setting user.vm.denied.details in the snapshot; workaround: add proxmox_vmid to global setting user.vm.denied.details so users cannot edit it
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-004 (medium) Installed version is affected by a moderate security advisory
#   CVE-2026-59085: CVE-2026-59085 (SSRF through webhook delivery requests) affects 4.22.0.0 (affected: >=4.20.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-004 (medium) Installed version is affected by a moderate security advisory
#   CVE-2026-59654: CVE-2026-59654 (Management-server DoS through leaked database connections) affects 4.22.0.0 (affected: >=4.7.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-004 (medium) Installed version is affected by a moderate security advisory
#   CVE-2026-59655: CVE-2026-59655 (Unauthenticated disclosure of OAuth provider client secret) affects 4.22.0.0 (affected: >=4.19.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line; precondition not checked: no setting oauth2.enabled in the snapshot; workaround: none stated; disabling the OAuth2 plugin may avoid exposure (inference, unverified)
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-004 (medium) Installed version is affected by a moderate security advisory
#   CVE-2026-65613: CVE-2026-65613 (Webhook deliveries listable/deletable by unauthorised users) affects 4.22.0.0 (affected: >=4.20.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-004 (medium) Installed version is affected by a moderate security advisory
#   CVE-2026-66721: CVE-2026-66721 (listHostTags returns all hosts' tags to domain admins) affects 4.22.0.0 (affected: >=4.12.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-004 (medium) Installed version is affected by a moderate security advisory
#   CVE-2026-66722: CVE-2026-66722 (Domain admins can manage project roles/permissions in other domains) affects 4.22.0.0 (affected: >=4.15.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VM-001 (medium) Additional VM configuration (extraconfig) open to users
#   setting enable.additional.vm.configuration: users may pass raw hypervisor configuration to their VMs (extraconfig)
# TODO: cmk update configuration name=enable.additional.vm.configuration value=false (and with accountid=<id> for each listed account override); enable it per account only where needed.

# CS-VM-001 (medium) Additional VM configuration (extraconfig) open to users
#   setting enable.additional.vm.configuration for account "ci-automation" (id 14): users may pass raw hypervisor configuration to their VMs (extraconfig)
# TODO: cmk update configuration name=enable.additional.vm.configuration value=false (and with accountid=<id> for each listed account override); enable it per account only where needed.

# CS-API-003 (low) API accepts requests from any source address
#   setting api.source.cidr.checks.enabled: source-CIDR checks are disabled: API keys work from any address whatever the allowed list says
# TODO: Set api.allowed.source.cidr.list to the networks your users and automation call from (e.g. `10.0.0.0/8,192.168.0.0/16`), per account where needed, and keep api.source.cidr.checks.enabled=true.

# CS-API-007 (low) JavaScript rule interpretation enabled
#   setting js.interpretation.enabled: administrator-supplied JavaScript rules are interpreted on the management server
# TODO: cmk update configuration name=js.interpretation.enabled value=false, then restart the management servers (updateConfiguration encrypts the Hidden value itself).

# CS-API-008 (low) Prometheus exporter allow-list ineffective
#   setting prometheus.exporter.allowed.ips: entries "10.20.0.0/24" never match (exact-address match only)
# TODO: cmk update configuration name=prometheus.exporter.allowed.ips value=<ip1>,<ip2> (plain addresses, comma, no blanks); firewall the exporter port to the Prometheus servers.

# CS-AUTH-012 (low) Password policy allows short passwords
#   setting password.policy.minimum.length: passwords shorter than 8 characters are accepted (minimum.length 0, regex .+); a change applies to passwords set from then on
# TODO: cmk update configuration name=password.policy.minimum.length value=12 (at least 8; per domain with domainid=<id>), and the character-class minimums your policy requires.

# CS-AUTH-014 (low) Disabled or removed users still hold API keys
#   user olduser (id 7, account admin): removed user olduser still holds an API key pair
# TODO: Delete users that are gone for good (cmk delete user id=<id>); otherwise regenerate the keys (cmk register userkeys id=<id>) before re-enabling the user and discard the old ones.

# CS-AUTH-014 (low) Disabled or removed users still hold API keys
#   user ops (id 6, account ops-legacy): disabled user ops still holds an API key pair
# TODO: Delete users that are gone for good (cmk delete user id=<id>); otherwise regenerate the keys (cmk register userkeys id=<id>) before re-enabling the user and discard the old ones.

# CS-CONS-002 (low) Console URL not bound to the requesting address
#   setting novnc.console.sourceip.check.enabled: a leaked console URL works from any address
# TODO: cmk update configuration name=novnc.console.sourceip.check.enabled value=true, then restart the management servers and the console proxy VMs.

# CS-CRYPT-009 (low) OAuth2 client secrets stored in clear (CloudStack does not encrypt them)
#   OAuth2 provider google (id 1): CloudStack does not encrypt this column: the OAuth2 client secret is readable by anyone who reads the database or a backup
# TODO: Restrict read access to the database and its backups; after any exposure rotate the client secret at the provider and cmk update oauthprovider id=<id> secretkey=<new>; delete providers that are not used.

# CS-DBS-005 (low) CloudStack database account accepted from any host
#   database-account 'cloud'@'%': CloudStack's database account is accepted from host pattern "%"
# TODO: RENAME USER 'cloud'@'%' TO 'cloud'@'<management server IP>'; then CREATE USER / GRANT the same privileges for each further management or usage server IP.

# CS-DBS-008 (low) Remote database accepts unencrypted connections
#   database server variable require_secure_transport: the database is remote (csaudit reached it at db1.example.com:3306) and accepts unencrypted connections
# TODO: require_secure_transport=ON in the [mysqld] section (MariaDB >= 10.5.2; MySQL: SET PERSIST require_secure_transport=ON), or ALTER USER 'cloud'@'<host>' REQUIRE SSL; for each CloudStack account row.

# CS-DBS-009 (low) LOAD DATA LOCAL INFILE enabled on the database server
#   database server variable local_infile: LOAD DATA LOCAL INFILE is enabled
# TODO: local_infile=0 in the [mysqld] section and restart (SET GLOBAL local_infile=0 applies it at once).

# CS-DBS-010 (low) Database accounts granted by host name while name resolution is on
#   database-account ''@'mysql01': matched through reverse DNS of the client address
# TODO: Recreate the accounts with IP addresses (RENAME USER 'cloud'@'ms1.example.com' TO 'cloud'@'10.1.1.10';) and set skip_name_resolve=ON in the [mysqld] section; restart.

# CS-DBS-010 (low) Database accounts granted by host name while name resolution is on
#   database-account 'cloud'@'ms1.example.com': matched through reverse DNS of the client address
# TODO: Recreate the accounts with IP addresses (RENAME USER 'cloud'@'ms1.example.com' TO 'cloud'@'10.1.1.10';) and set skip_name_resolve=ON in the [mysqld] section; restart.

# CS-DBS-012 (low) Test database writable by every account
#   database schema grant test to ''@'%': the anonymous user may write to databases matching "test" (INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, ALTER, CREATE TEMPORARY TABLES, LOCK TABLES, CREATE VIEW, CREATE ROUTINE, ALTER ROUTINE, EXECUTE, EVENT, TRIGGER, DELETE HISTORY)
# TODO: DROP DATABASE IF EXISTS test; DELETE FROM mysql.db WHERE Db IN ('test', 'test\\_%'); FLUSH PRIVILEGES; (what mysql_secure_installation does). On MariaDB >= 10.11: REVOKE ALL ON `test`.* FROM PUBLIC; REVOKE ALL ON `test\_%`.* FROM PUBLIC;

# CS-DBS-012 (low) Test database writable by every account
#   database schema grant test\_% to ''@'%': the anonymous user may write to databases matching "test\\_%" (INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, ALTER, CREATE TEMPORARY TABLES, LOCK TABLES, CREATE VIEW, CREATE ROUTINE, ALTER ROUTINE, EXECUTE, EVENT, TRIGGER, DELETE HISTORY)
# TODO: DROP DATABASE IF EXISTS test; DELETE FROM mysql.db WHERE Db IN ('test', 'test\\_%'); FLUSH PRIVILEGES; (what mysql_secure_installation does). On MariaDB >= 10.11: REVOKE ALL ON `test`.* FROM PUBLIC; REVOKE ALL ON `test\_%`.* FROM PUBLIC;

# CS-DBS-013 (low) FILE privilege usable on any directory (secure_file_priv empty)
#   database server variable secure_file_priv: secure_file_priv is empty and FILE is held by 'root'@'%', 'root'@'localhost'
# TODO: secure_file_priv=/var/lib/mysql-files (a dedicated, empty directory) or secure_file_priv=NULL in the [mysqld] section and restart; and REVOKE FILE ON *.* FROM every account that does not need it.

# CS-NET-002 (low) Virtual-router version check disabled
#   setting router.version.check: outdated virtual-router templates are not detected
# TODO: cmk update configuration name=router.version.check value=true, then restart the management servers.

# CS-PKI-009 (low) Automatic agent certificate renewal disabled
#   setting ca.framework.cert.automatic.renewal for cluster "KVM-Cluster-01" (id 1): agent certificates are not renewed before they expire
# TODO: cmk update configuration name=ca.framework.cert.automatic.renewal value=true (and with clusterid=<id> for the listed clusters).

# CS-SESS-002 (low) Session cookie sent without SameSite restriction
#   setting api.sessionkey.cookie.samesite: the session cookie has no SameSite attribute
# TODO: cmk update configuration name=api.sessionkey.cookie.samesite value=Lax (or Strict).

# CS-STOR-001 (low) Secondary-storage copy and download traffic not encrypted
#   setting secstorage.encrypt.copy: secondary-storage copies and downloads use plain HTTP
# TODO: Upload a certificate for the SSVM domain (uploadCustomCertificate), set secstorage.ssl.cert.domain=<*.domain> and secstorage.encrypt.copy=true, restart the management servers and recreate the SSVMs.

# CS-STOR-003 (low) Upload links generated over HTTP
#   setting use.https.to.upload: browser uploads go to the SSVM over plain HTTP
# TODO: cmk update configuration name=use.https.to.upload value=true (and remove false overrides).

# CS-VER-005 (low) Installed version is affected by a low-severity security advisory
#   CVE-2025-66170: CVE-2025-66170 (Any user can list other accounts' backups) affects 4.22.0.0 (affected: >=4.21.0.0 <=4.22.0.0); fixed in 4.22.0.1, the next fix on the 4.22 line; precondition not checked: no setting backup.framework.enabled in the snapshot
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-005 (low) Installed version is affected by a low-severity security advisory
#   CVE-2026-47359: CVE-2026-47359 (OS command injection via NAS backup repository mount options) affects 4.22.0.0 (affected: >=4.20.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line; precondition not checked: no setting backup.framework.enabled in the snapshot
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-005 (low) Installed version is affected by a low-severity security advisory
#   CVE-2026-59657: CVE-2026-59657 (Sensitive data stored in cleartext in async job records) affects 4.22.0.0 (affected: >=4.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-005 (low) Installed version is affected by a low-severity security advisory
#   CVE-2026-59780: CVE-2026-59780 (LDAP configuration disclosed to any authenticated user) affects 4.22.0.0 (affected: >=4.2.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line; precondition present: 2 LDAP server(s) configured; workaround: none stated; removing listLdapConfigurations from non-admin roles would reduce exposure (inference, unverified)
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-005 (low) Installed version is affected by a low-severity security advisory
#   CVE-2026-61398: CVE-2026-61398 (XSS in UI instance reset-password function) affects 4.22.0.0 (affected: >=4.15.1.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-005 (low) Installed version is affected by a low-severity security advisory
#   CVE-2026-61399: CVE-2026-61399 (XSS in UI lock-user function) affects 4.22.0.0 (affected: >=4.20.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-005 (low) Installed version is affected by a low-severity security advisory
#   CVE-2026-61400: CVE-2026-61400 (Command injection in get/run diagnostics (root on system VMs / virtual routers)) affects 4.22.0.0 (affected: >=4.14.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-005 (low) Installed version is affected by a low-severity security advisory
#   CVE-2026-61422: CVE-2026-61422 (SSRF before URL validation in registerTemplate / ISO size check) affects 4.22.0.0 (affected: >=4.20.3.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-005 (low) Installed version is affected by a low-severity security advisory
#   CVE-2026-66797: CVE-2026-66797 (Annotations (comments) readable/writable on resources the user does not own) affects 4.22.0.0 (affected: >=4.16.0.0 <=4.20.3.0, >=4.21.0.0 <=4.22.1.0); fixed in 4.22.1.1, the next fix on the 4.22 line
# TODO: Upgrade to the fixed release named in the finding (the next patch release of the installed line while it is supported, else the minimum fixed release of a supported line) and apply the advisory's workaround until then. Run with --advisories FILE for data newer than csaudit's embedded table.

# CS-VER-006 (low) Not on the latest patch release of the installed line
#   CloudStack 4.22.0.0: 4.22.0.0 is behind the latest patch release of the 4.22 line, 4.22.1.1 (csaudit's release table of 2026-09-03)
# TODO: Upgrade to the latest patch release of the installed line (named in the finding).

# CS-API-006 (info) API endpoint URL handed to other components is plain HTTP
#   setting endpoint.url: endpoint.url is not HTTPS: clients given this address send credentials in the clear
# TODO: Set endpoint.url to the HTTPS address of the API, e.g. `https://cloud.example.com/client/api`.

# CS-LIM-002 (info) Accounts or domains with unlimited resource limits
#   account nordlys-retail (/Customers/): unlimited memory
# TODO: cmk update resourcelimit account=<a> domainid=<d> resourcetype=<n> max=<m> (or domainid only for a domain) for the listed owners.

# CS-PKI-010 (info) Agent certificate validity longer than a year
#   setting ca.framework.cert.validity.period: issued certificates are valid for 1825 days
# TODO: cmk update configuration name=ca.framework.cert.validity.period value=365.

# CS-TPL-001 (info) Public templates or ISOs owned by non-admin accounts
#   template webshop-golden: public image owned by user account nordlys-retail is offered to every tenant
# TODO: Review each listed image; make it private (cmk update templatepermissions id=<id> ispublic=false) or re-register it under an admin account after scanning it.

# CS-TPL-002 (info) Users may publish templates to everyone
#   setting allow.public.user.templates: ordinary users may publish templates and ISOs to every account
# TODO: cmk update configuration name=allow.public.user.templates value=false (and per account with accountid=<id> where an override is true).

# CS-VM-003 (info) User permission knobs widened beyond defaults
#   setting allow.user.expunge.recover.vm: users may expunge and recover their VMs
# TODO: cmk update configuration name=<setting> value=false [accountid=<id>|domainid=<id>] unless the widening is intended.

# end of csaudit remediation script
