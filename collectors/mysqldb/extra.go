package mysqldb

// Second-round collection: each reader below fills one dataset of
// snapshot/extra.go. Same rules as the rest of the package: SELECT only,
// compile-time identifiers, a missing table or column marks the dataset
// absent, a failed query marks it failed, and a credential value never
// leaves the reader (r.classify reduces it to facts; presence-only columns
// are tested inside SQL so the value is not even transferred).

import (
	"context"
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// extraTables are the further tables the schema query asks about.
var extraTables = []string{
	"oauth_provider", "vpn_users", "remote_access_vpn", "s2s_customer_gateway", "vm_instance",
	"oobm", "sslcerts", "passphrase", "resource_limit", "vm_template", "domain_router",
}

func init() {
	watched = append(watched, extraTables...)
	for d, tabs := range extraDatasetTables {
		datasetTables[d] = tabs
	}
}

// extraDatasetTables declares the tables and columns each second-round
// reader may query (the data contract of datasetTables in read.go).
var extraDatasetTables = map[snapshot.Dataset]map[string][]string{
	snapshot.DataHostSecured:   {"host_details": {"host_id", "name", "value"}},
	snapshot.DataUserSecurity:  {"user": {"id", "api_key", "secret_key", "is_user_2fa_enabled", "user_2fa_provider"}},
	snapshot.DataOAuth:         {"oauth_provider": {"id", "provider", "redirect_uri", "enabled", "removed", "secret_key"}},
	snapshot.DataVPNSecrets:    {"vpn_users": {"id", "username", "password"}, "remote_access_vpn": {"id", "vpn_server_addr_id", "ipsec_psk"}, "s2s_customer_gateway": {"id", "name", "ipsec_psk", "removed"}},
	snapshot.DataConsoleSecret: {"vm_instance": {"id", "vnc_password", "type", "removed"}},
	snapshot.DataOOBM:          {"oobm": {"host_id", "password"}},
	snapshot.DataLBCerts:       {"sslcerts": {"id", "name", "key", "password", "removed"}},
	snapshot.DataPassphrases:   {"passphrase": {"id", "passphrase"}},
	snapshot.DataResLimits: {"resource_limit": {"id", "type", "max", "tag", "account_id", "domain_id"},
		"account": {"id", "account_name", "type", "removed"}, "domain": {"id", "path", "removed"}},
	snapshot.DataTemplates: {"vm_template": {"id", "name", "public", "account_id", "type", "format", "featured", "removed"},
		"account": {"id", "account_name", "type"}},
	snapshot.DataRouters: {"domain_router": {"id", "template_version", "software_version"},
		"vm_instance": {"id", "instance_name", "data_center_id", "state", "removed"}},
}

// classifyHint is r.classify with a plaintext-shape hint; decryption with
// the database key still wins.
func (r *reader) classifyHint(v string, h secrets.Hint) snapshot.SecretFacts {
	if h == (secrets.Hint{}) {
		return r.classify(v)
	}
	f := secrets.Classify(v, h)
	if _, ok := r.decrypt(v); ok {
		f.Encoding, f.Evidence = snapshot.Encrypted, "decrypts with the database key"
	}
	return f
}

// readExtra reads every second-round dataset.
func (r *reader) readExtra(ctx context.Context) {
	r.readHostSecured(ctx)
	r.readUserSecurity(ctx)
	r.readOAuth(ctx)
	r.readVPNSecrets(ctx)
	r.readConsolePasswords(ctx)
	r.readOOBM(ctx)
	r.readLBCerts(ctx)
	r.readPassphrases(ctx)
	r.readResourceLimits(ctx)
	r.readTemplates(ctx)
	r.readRouters(ctx)
}

func (r *reader) readHostSecured(ctx context.Context) {
	const d = snapshot.DataHostSecured
	if !r.has("host_details", "host_id", "name", "value") {
		r.absent(d, "host_details", "")
		return
	}
	rows, err := r.query(ctx, "SELECT `host_id`, `value` FROM `host_details` WHERE `name` = 'secured' ORDER BY `host_id`")
	if err != nil {
		r.failed(d, "host_details", err)
		return
	}
	for _, row := range rows {
		r.s.HostSecured = append(r.s.HostSecured, snapshot.HostSecured{HostID: atoi64(str(row["host_id"])), Value: ptr(row["value"])})
	}
	r.s.SetData(d, snapshot.Collected, "")
}

// presence is a SQL expression that is 1 when column c holds a non-empty value.
func presence(c string) string { return "(`" + c + "` IS NOT NULL AND `" + c + "` <> '')" }

func (r *reader) readUserSecurity(ctx context.Context) {
	const d = snapshot.DataUserSecurity
	if !r.has("user", "id") {
		r.absent(d, "user", "")
		return
	}
	sel := []string{"`id` AS id"}
	for _, c := range []struct{ col, as string }{{"api_key", "has_api"}, {"secret_key", "has_secret"}} {
		if r.has("user", c.col) {
			sel = append(sel, presence(c.col)+" AS "+c.as)
		} else {
			sel = append(sel, "0 AS "+c.as)
		}
	}
	twoFA := r.has("user", "is_user_2fa_enabled")
	if twoFA {
		sel = append(sel, "`is_user_2fa_enabled` AS tfa")
	} else {
		sel = append(sel, "NULL AS tfa")
	}
	if r.has("user", "user_2fa_provider") {
		sel = append(sel, "`user_2fa_provider` AS tfap")
	} else {
		sel = append(sel, "NULL AS tfap")
	}
	rows, err := r.query(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM `user` ORDER BY `id`")
	if err != nil {
		r.failed(d, "user", err)
		return
	}
	for _, row := range rows {
		u := snapshot.UserSecurity{UserID: atoi64(str(row["id"])), HasAPIKey: str(row["has_api"]) == "1",
			HasSecretKey: str(row["has_secret"]) == "1", TwoFactorProvider: str(row["tfap"])}
		if twoFA {
			b := str(row["tfa"]) == "1"
			u.TwoFactorEnabled = &b
		}
		r.s.UserSecurity = append(r.s.UserSecurity, u)
	}
	r.s.SetData(d, snapshot.Collected, "")
}

func (r *reader) readOAuth(ctx context.Context) {
	const d = snapshot.DataOAuth
	if !r.has("oauth_provider", "id", "provider", "redirect_uri", "secret_key") {
		r.absent(d, "oauth_provider", "4.19.0.0")
		return
	}
	rows, err := r.query(ctx, selectFrom("oauth_provider", r.pick("oauth_provider", "id", "provider", "redirect_uri", "enabled", "removed", "secret_key"), " ORDER BY `id`"))
	if err != nil {
		r.failed(d, "oauth_provider", err)
		return
	}
	for _, row := range rows {
		p := snapshot.OAuthProvider{ID: atoi64(str(row["id"])), Provider: str(row["provider"]), RedirectURI: str(row["redirect_uri"]),
			Enabled: !row["enabled"].Valid || str(row["enabled"]) == "1", Removed: row["removed"].Valid}
		r.s.OAuthProviders = append(r.s.OAuthProviders, p)
		if p.Removed {
			continue
		}
		r.s.Credentials = append(r.s.Credentials, snapshot.StoredCredential{
			Kind: snapshot.CredOAuthSecret, Owner: fmt.Sprintf("OAuth2 provider %s (id %d)", p.Provider, p.ID), OwnerID: p.ID,
			Location: "oauth_provider.secret_key", Secret: r.classify(str(row["secret_key"])),
		})
	}
	r.s.SetData(d, snapshot.Collected, "")
}

// credTable describes one credential column read row by row.
type credTable struct {
	table, idCol, nameCol, secretCol, kind, ownerWhat string
	// live restricts the rows (compile-time SQL), e.g. "`removed` IS NULL".
	live string
	// altIDCol is used when idCol does not exist (remote_access_vpn had
	// no id column before 4.2: its key was vpn_server_addr_id).
	altIDCol string
	// hint describes the plaintext shape (see secrets.Hint).
	hint secrets.Hint
}

// readCreds reads each table that exists; it reports how many existed.
func (r *reader) readCreds(ctx context.Context, tables []credTable) (present int, err error) {
	for _, t := range tables {
		if !r.has(t.table, t.idCol) && t.altIDCol != "" && r.has(t.table, t.altIDCol) {
			t.idCol = t.altIDCol
		}
		if !r.has(t.table, t.idCol, t.secretCol) {
			continue
		}
		present++
		cols := []string{t.idCol, t.secretCol}
		if t.nameCol != "" && r.has(t.table, t.nameCol) {
			cols = append(cols, t.nameCol)
		}
		where := ""
		if t.live != "" {
			where = " WHERE " + t.live
		}
		rows, qerr := r.query(ctx, selectFrom(t.table, cols, where+" ORDER BY `"+t.idCol+"`"))
		if qerr != nil {
			return present, fmt.Errorf("reading table %s: %v", t.table, qerr)
		}
		for _, row := range rows {
			owner := fmt.Sprintf("%s (%s %s)", t.ownerWhat, t.idCol, str(row[t.idCol]))
			if n := str(row[t.nameCol]); t.nameCol != "" && n != "" {
				owner = fmt.Sprintf("%s %s (%s %s)", t.ownerWhat, n, t.idCol, str(row[t.idCol]))
			}
			r.s.Credentials = append(r.s.Credentials, snapshot.StoredCredential{
				Kind: t.kind, Owner: owner, OwnerID: atoi64(str(row[t.idCol])),
				Location: t.table + "." + t.secretCol, Secret: r.classifyHint(str(row[t.secretCol]), t.hint),
			})
		}
	}
	return present, nil
}

func (r *reader) credDataset(ctx context.Context, d snapshot.Dataset, tables []credTable, since string) {
	n, err := r.readCreds(ctx, tables)
	switch {
	case err != nil:
		r.s.SetData(d, snapshot.Failed, err.Error())
	case n == 0:
		r.absent(d, tables[0].table, since)
	default:
		r.s.SetData(d, snapshot.Collected, "")
	}
}

func (r *reader) readVPNSecrets(ctx context.Context) {
	removedLive := func(t string) string {
		if r.has(t, "removed") {
			return "`removed` IS NULL"
		}
		return ""
	}
	r.credDataset(ctx, snapshot.DataVPNSecrets, []credTable{
		{table: "vpn_users", idCol: "id", nameCol: "username", secretCol: "password", kind: snapshot.CredVPNUserPassword, ownerWhat: "VPN user"},
		{table: "remote_access_vpn", idCol: "id", altIDCol: "vpn_server_addr_id", secretCol: "ipsec_psk", kind: snapshot.CredVPNPSK, ownerWhat: "remote-access VPN"},                                            // #nosec G101 -- column names, not credentials
		{table: "s2s_customer_gateway", idCol: "id", nameCol: "name", secretCol: "ipsec_psk", kind: snapshot.CredVPNPSK, ownerWhat: "site-to-site customer gateway", live: removedLive("s2s_customer_gateway")}, // #nosec G101 -- column names, not credentials
	}, "")
}

func (r *reader) readOOBM(ctx context.Context) {
	r.credDataset(ctx, snapshot.DataOOBM, []credTable{
		{table: "oobm", idCol: "host_id", secretCol: "password", kind: snapshot.CredOOBMPassword, ownerWhat: "out-of-band management of host"},
	}, "4.9.0")
}

func (r *reader) readLBCerts(ctx context.Context) {
	live := ""
	if r.has("sslcerts", "removed") {
		live = "`removed` IS NULL"
	}
	r.credDataset(ctx, snapshot.DataLBCerts, []credTable{
		{table: "sslcerts", idCol: "id", nameCol: "name", secretCol: "key", kind: snapshot.CredLBCertKey, ownerWhat: "load-balancer certificate", live: live},
		// The private key's passphrase, @Encrypt too (SslCertVO.java:50-52@4.22.1.0).
		{table: "sslcerts", idCol: "id", nameCol: "name", secretCol: "password", kind: snapshot.CredLBCertKey, ownerWhat: "load-balancer certificate", live: live},
	}, "4.3.0")
}

func (r *reader) readPassphrases(ctx context.Context) {
	r.credDataset(ctx, snapshot.DataPassphrases, []credTable{
		// A clear passphrase is Base64 of 48 random bytes (PassphraseVO.java:53-57@4.22.1.0),
		// which has the shape of ciphertext; the hint recognises that length.
		{table: "passphrase", idCol: "id", secretCol: "passphrase", kind: snapshot.CredPassphrase, ownerWhat: "volume passphrase", hint: secrets.Hint{RawKeyBytes: 48}},
	}, "4.18.0.0")
}

// readConsolePasswords counts, per VM type, how the VNC passwords of live
// VMs are stored; one row per VM would not scale and is not needed.
func (r *reader) readConsolePasswords(ctx context.Context) {
	const d = snapshot.DataConsoleSecret
	if !r.has("vm_instance", "id", "vnc_password") {
		r.absent(d, "vm_instance", "")
		return
	}
	typ, where := "NULL", ""
	if r.has("vm_instance", "type") {
		typ = "`type`"
	}
	if r.has("vm_instance", "removed") {
		where = " WHERE `removed` IS NULL"
	}
	rows, err := r.query(ctx, "SELECT "+typ+" AS vtype, `vnc_password` AS pw FROM `vm_instance`"+where+" ORDER BY `id`")
	if err != nil {
		r.failed(d, "vm_instance", err)
		return
	}
	byType := map[string]*snapshot.SecretCount{}
	var order []string
	for _, row := range rows {
		t := str(row["vtype"])
		c, ok := byType[t]
		if !ok {
			c = &snapshot.SecretCount{Location: "vm_instance.vnc_password", Group: t}
			byType[t] = c
			order = append(order, t)
		}
		f := r.classify(str(row["pw"]))
		switch {
		case !f.Present:
			c.Empty++
		case f.Encoding == snapshot.Plaintext:
			c.Plaintext++
		case f.Encoding == snapshot.Encrypted:
			c.Encrypted++
		default:
			c.Unknown++
		}
	}
	for _, t := range order {
		r.s.SecretCounts = append(r.s.SecretCounts, *byType[t])
	}
	r.s.SetData(d, snapshot.Collected, "")
}

func (r *reader) readResourceLimits(ctx context.Context) {
	const d = snapshot.DataResLimits
	if !r.has("resource_limit", "id", "type", "max") {
		r.absent(d, "resource_limit", "")
		return
	}
	sel := []string{"l.`id` AS id", "l.`type` AS type", "l.`max` AS max"}
	add := func(cond bool, expr, as string) {
		if cond {
			sel = append(sel, expr+" AS "+as)
		} else {
			sel = append(sel, "NULL AS "+as)
		}
	}
	add(r.has("resource_limit", "tag"), "l.`tag`", "tag")
	add(r.has("resource_limit", "account_id"), "l.`account_id`", "aid")
	add(r.has("resource_limit", "domain_id"), "l.`domain_id`", "did")
	join := ""
	acc := r.has("resource_limit", "account_id") && r.has("account", "id", "account_name", "type")
	add(acc, "a.`account_name`", "aname")
	add(acc, "a.`type`", "atype")
	add(acc && r.has("account", "removed"), "a.`removed`", "aremoved")
	if acc {
		join += " LEFT JOIN `account` a ON a.`id` = l.`account_id`"
	}
	dom := r.has("resource_limit", "domain_id") && r.has("domain", "id", "path")
	add(dom, "dm.`path`", "dpath")
	add(dom && r.has("domain", "removed"), "dm.`removed`", "dremoved")
	if dom {
		join += " LEFT JOIN `domain` dm ON dm.`id` = l.`domain_id`"
	}
	rows, err := r.query(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM `resource_limit` l"+join+" ORDER BY l.`id`")
	if err != nil {
		r.failed(d, "resource_limit", err)
		return
	}
	for _, row := range rows {
		l := snapshot.ResourceLimit{ID: atoi64(str(row["id"])), Type: str(row["type"]), Max: atoi64(str(row["max"])), Tag: str(row["tag"]),
			AccountID: atoi64(str(row["aid"])), Account: str(row["aname"]), DomainID: atoi64(str(row["did"])), Domain: str(row["dpath"]),
			Removed: row["aremoved"].Valid || row["dremoved"].Valid}
		if row["atype"].Valid {
			l.AccountType = accountTypes[str(row["atype"])]
		}
		r.s.ResourceLimits = append(r.s.ResourceLimits, l)
	}
	r.s.SetData(d, snapshot.Collected, "")
}

func (r *reader) readTemplates(ctx context.Context) {
	const d = snapshot.DataTemplates
	if !r.has("vm_template", "id", "name", "public", "account_id") {
		r.absent(d, "vm_template", "")
		return
	}
	sel := []string{"t.`id` AS id", "t.`name` AS name", "t.`account_id` AS aid"}
	for _, c := range []string{"type", "format", "featured"} {
		if r.has("vm_template", c) {
			sel = append(sel, "t.`"+c+"` AS `"+c+"`")
		} else {
			sel = append(sel, "NULL AS `"+c+"`")
		}
	}
	join := ""
	if r.has("account", "id", "account_name", "type") {
		sel = append(sel, "a.`account_name` AS aname", "a.`type` AS atype")
		join = " LEFT JOIN `account` a ON a.`id` = t.`account_id`"
	} else {
		sel = append(sel, "NULL AS aname", "NULL AS atype")
	}
	where := " WHERE t.`public` = 1"
	if r.has("vm_template", "removed") {
		where += " AND t.`removed` IS NULL"
	}
	rows, err := r.query(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM `vm_template` t"+join+where+" ORDER BY t.`id`")
	if err != nil {
		r.failed(d, "vm_template", err)
		return
	}
	for _, row := range rows {
		t := snapshot.Template{ID: atoi64(str(row["id"])), Name: str(row["name"]), Type: str(row["type"]), Format: str(row["format"]),
			Featured: str(row["featured"]) == "1", AccountID: atoi64(str(row["aid"])), Account: str(row["aname"])}
		if row["atype"].Valid {
			t.AccountType = accountTypes[str(row["atype"])]
		}
		r.s.Templates = append(r.s.Templates, t)
	}
	r.s.SetData(d, snapshot.Collected, "")
}

func (r *reader) readRouters(ctx context.Context) {
	const d = snapshot.DataRouters
	if !r.has("domain_router", "id", "template_version") || !r.has("vm_instance", "id", "instance_name", "data_center_id", "state") {
		r.absent(d, "domain_router", "")
		return
	}
	sw := "NULL"
	if r.has("domain_router", "software_version") {
		sw = "r.`software_version`"
	}
	where := " WHERE v.`state` NOT IN ('Destroyed', 'Expunging', 'Error')"
	if r.has("vm_instance", "removed") {
		where += " AND v.`removed` IS NULL"
	}
	rows, err := r.query(ctx, "SELECT r.`id` AS id, v.`instance_name` AS name, v.`data_center_id` AS zone, v.`state` AS state, r.`template_version` AS tv, "+
		sw+" AS sv FROM `domain_router` r JOIN `vm_instance` v ON v.`id` = r.`id`"+where+" ORDER BY r.`id`")
	if err != nil {
		r.failed(d, "domain_router", err)
		return
	}
	for _, row := range rows {
		r.s.Routers = append(r.s.Routers, snapshot.Router{ID: atoi64(str(row["id"])), Name: str(row["name"]), ZoneID: atoi64(str(row["zone"])),
			State: str(row["state"]), TemplateVersion: str(row["tv"]), SoftwareVersion: str(row["sv"])})
	}
	r.s.SetData(d, snapshot.Collected, "")
}
