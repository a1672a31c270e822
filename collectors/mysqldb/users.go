package mysqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// accountTypes maps account.type (Account.Type ordinal) to a name.
var accountTypes = map[string]string{
	"0": snapshot.AccountUser, "1": snapshot.AccountRootAdmin, "2": snapshot.AccountDomainAdmin,
	"3": snapshot.AccountResourceAdmin, "4": snapshot.AccountRootAdmin /* read-only admin */, "5": snapshot.AccountProject,
}

func (r *reader) readUsers(ctx context.Context) {
	const d = snapshot.DataUsers
	if !r.has("user", "id", "username", "password", "account_id") || !r.has("account", "id") {
		r.s.SetData(d, snapshot.Failed, "table user or account lacks the expected columns (id, username, password, account_id)")
		r.s.SetData(snapshot.DataAPIKeys, snapshot.Failed, "table user could not be read")
		return
	}
	typeCol := "type"
	if !r.has("account", "type") && r.has("account", "account_type") {
		typeCol = "account_type"
	}
	sel := []string{"u.`id` AS id", "u.`username` AS username", "u.`password` AS password"}
	add := func(cond bool, expr string) {
		if cond {
			sel = append(sel, expr)
		} else {
			sel = append(sel, "NULL AS "+expr[strings.LastIndex(expr, " ")+1:])
		}
	}
	add(r.has("user", "state"), "u.`state` AS ustate")
	add(r.has("user", "removed"), "u.`removed` AS uremoved")
	add(r.has("user", "source"), "u.`source` AS source")
	add(r.has("user", "secret_key"), "u.`secret_key` AS secret_key")
	add(r.has("account", "account_name"), "a.`account_name` AS account")
	add(r.has("account", typeCol), "a.`"+typeCol+"` AS atype")
	add(r.has("account", "state"), "a.`state` AS astate")
	add(r.has("account", "removed"), "a.`removed` AS aremoved")
	join := ""
	if r.has("domain", "id", "path") && r.has("account", "domain_id") {
		join = " LEFT JOIN `domain` dm ON dm.`id` = a.`domain_id`"
		sel = append(sel, "dm.`path` AS dpath")
	} else {
		sel = append(sel, "NULL AS dpath")
	}
	q := "SELECT " + strings.Join(sel, ", ") + " FROM `user` u JOIN `account` a ON a.`id` = u.`account_id`" + join + " ORDER BY u.`id`"
	rows, err := r.query(ctx, q)
	if err != nil {
		r.failed(d, "user", err)
		r.s.SetData(snapshot.DataAPIKeys, snapshot.Failed, "reading table user: "+err.Error())
		return
	}
	budget := r.o.MaxDefaultChecks
	for _, row := range rows {
		u := snapshot.User{
			ID: atoi64(str(row["id"])), Username: str(row["username"]), Account: str(row["account"]),
			AccountType: accountTypes[str(row["atype"])], Domain: str(row["dpath"]), State: str(row["ustate"]),
			Source: str(row["source"]),
		}
		if u.AccountType == "" {
			u.AccountType = "unknown(" + str(row["atype"]) + ")"
		}
		ustate, astate := str(row["ustate"]), str(row["astate"])
		u.Enabled = (ustate == "" || strings.EqualFold(ustate, "enabled")) && (astate == "" || strings.EqualFold(astate, "enabled"))
		u.Removed = row["uremoved"].Valid || row["aremoved"].Valid
		stored := str(row["password"])
		u.Password = secrets.ClassifyPassword(stored)
		if u.Source != "" && !strings.EqualFold(u.Source, "UNKNOWN") && !strings.EqualFold(u.Source, "NATIVE") &&
			u.Password.Scheme == snapshot.SchemePlaintext {
			// LDAP/SAML/OAuth users log in elsewhere; their stored value is not a password.
			u.Password.Scheme, u.Password.Evidence = snapshot.SchemeExternal, "user source "+u.Source
		}
		admin := u.AccountType == snapshot.AccountRootAdmin || u.AccountType == snapshot.AccountDomainAdmin
		if admin && u.Enabled && !u.Removed && u.Password.Scheme != snapshot.SchemeExternal {
			switch {
			case ctx.Err() != nil:
				u.Password.NotChecked = "audit cancelled"
			case u.Password.Scheme == snapshot.SchemePBKDF2 && budget <= 0:
				u.Password.NotChecked = fmt.Sprintf("verification bound reached (%d PBKDF2 hashes per audit)", r.o.MaxDefaultChecks)
			default:
				if u.Password.Scheme == snapshot.SchemePBKDF2 {
					budget--
				}
				isDef, ok, why := secrets.IsDefault(stored, u.Password)
				u.Password.DefaultChecked, u.Password.IsDefault, u.Password.NotChecked = ok, isDef, why
			}
		}
		stored = ""
		r.s.Users = append(r.s.Users, u)
		if k := str(row["secret_key"]); k != "" {
			r.s.Credentials = append(r.s.Credentials, snapshot.StoredCredential{
				Kind: snapshot.CredAPISecretKey, Owner: fmt.Sprintf("user %s (id %d)", u.Username, u.ID), OwnerID: u.ID,
				Location: "user.secret_key", Secret: r.classify(k),
			})
		}
	}
	r.s.SetData(d, snapshot.Collected, "")
	r.readAPIKeyPairs(ctx)
}

// readAPIKeyPairs reads the newer api_keypair table where it exists; the
// dataset is collected from user.secret_key either way.
func (r *reader) readAPIKeyPairs(ctx context.Context) {
	const d = snapshot.DataAPIKeys
	if !r.has("user", "secret_key") && !r.has("api_keypair", "secret_key") {
		r.s.SetData(d, snapshot.Absent, "neither user.secret_key nor api_keypair exists in this schema")
		return
	}
	if r.has("api_keypair", "id", "user_id", "secret_key") {
		cols := r.pick("api_keypair", "id", "user_id", "name", "secret_key", "removed")
		rows, err := r.query(ctx, selectFrom("api_keypair", cols, " ORDER BY `id`"))
		if err != nil {
			r.failed(d, "api_keypair", err)
			return
		}
		for _, row := range rows {
			if row["removed"].Valid {
				continue
			}
			r.s.Credentials = append(r.s.Credentials, snapshot.StoredCredential{
				Kind:     snapshot.CredAPISecretKey,
				Owner:    fmt.Sprintf("API key pair %s (id %s, user id %s)", str(row["name"]), str(row["id"]), str(row["user_id"])),
				OwnerID:  atoi64(str(row["id"])),
				Location: "api_keypair.secret_key", Secret: r.classify(str(row["secret_key"])),
			})
		}
	}
	r.s.SetData(d, snapshot.Collected, "")
}
