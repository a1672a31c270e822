package checks

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// PublicUserTemplates reports public templates owned by non-admin accounts.
var PublicUserTemplates = &Check{
	ID:       "CS-TPL-001",
	Title:    "Public templates or ISOs owned by non-admin accounts",
	Severity: Info,
	Threat:   []string{"TM §10.10", "TM §11a.9"},
	Rationale: "A public template or ISO is offered to every account. When its owner is an ordinary " +
		"user or project account, other tenants boot an image nobody vetted. Running code in one's own " +
		"guest is expected (TM §11a.9); this is about the provenance of shared images. Admin-owned " +
		"templates are an operator choice and not listed.",
	Remediation: "Review each listed image; make it private (cmk update templatepermissions id=<id> " +
		"ispublic=false) or re-register it under an admin account after scanning it.",
	References: []string{"setup/db/create-schema.sql (vm_template)"},
	Requires:   []snapshot.Dataset{snapshot.DataTemplates},
	Eval: func(s *snapshot.Snapshot) []Result {
		var out []Result
		for _, t := range s.Templates {
			if strings.EqualFold(t.Type, "SYSTEM") || strings.EqualFold(t.Type, "BUILTIN") {
				continue
			}
			if t.AccountType != snapshot.AccountUser && t.AccountType != snapshot.AccountProject {
				continue
			}
			what := "public"
			if t.Featured {
				what = "public and featured"
			}
			out = append(out, Result{Status: Fail, Resource: TemplateRes(t), Expected: "admin-owned or private",
				Actual:  fmt.Sprintf("%s, owned by %s account %s", what, t.AccountType, t.Account),
				Message: fmt.Sprintf("%s image owned by %s account %s is offered to every tenant", what, t.AccountType, t.Account)})
		}
		if len(out) == 0 {
			out = append(out, Result{Status: Pass, Resource: GroupRes("public templates"), Message: "every public template and ISO is owned by an admin account"})
		}
		return out
	},
}

// UserTemplatePublishing reports users allowed to publish templates.
var UserTemplatePublishing = &Check{
	ID:       "CS-TPL-002",
	Title:    "Users may publish templates to everyone",
	Severity: Info,
	Threat:   []string{"TM §10.10"},
	Rationale: "allow.public.user.templates (Account scope, default true) lets ordinary users mark their " +
		"templates and ISOs public, offering unvetted images to every tenant (see CS-TPL-001).",
	Remediation: "cmk update configuration name=allow.public.user.templates value=false (and per account " +
		"with accountid=<id> where an override is true).",
	References: []string{"engine/components-api/src/main/java/com/cloud/template/TemplateManager.java:46-49@4.22.1.0"},
	Requires:   []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings:   []string{"allow.public.user.templates"},
	Eval: boolRule("allow.public.user.templates", false, "true",
		"ordinary users may publish templates and ISOs to every account", true).eval,
}
