package reports

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/csaudit/csaudit/checks"
)

// The remediation script: a POSIX shell script for a person to review and
// run; csaudit never runs it. For each failing finding a comment says the
// check, the resource and why, then the command that fixes it: cmk for
// settings (values from checks.SettingFixes), chown/chmod per machine for
// files, and a TODO where a person must choose (a new password, a
// certificate, an address). Every command sets a state, so running the
// script twice is harmless; it holds no secret value (findings never do),
// and every value from the audited systems is quoted or escaped.

// cmkScopeParam maps a setting scope to updateConfiguration's parameter
// (api/.../admin/config/UpdateCfgCmd.java:54-84@4.22.1.0; UUIDs).
var cmkScopeParam = map[string]string{
	"zone": "zoneid", "cluster": "clusterid", "storagepool": "storageid", "storage-pool": "storageid",
	"imagestore": "imagestoreuuid", "image-store": "imagestoreuuid", "domain": "domainid", "account": "accountid",
}

// shQuote quotes s for a POSIX shell.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// comment makes text safe inside a shell comment: one line, no control
// characters.
func comment(s string) string { return clean(strings.ReplaceAll(s, "\n", " ")) }

var modeOwner = regexp.MustCompile(`^(0[0-7]{3}) ([a-z_][a-z0-9_.-]*(?::[a-z_][a-z0-9_.-]*)?)\b`)

type remStep struct {
	why  []string // comment lines
	cmds []string
}

// WriteRemediation writes the remediation script.
func WriteRemediation(w io.Writer, r *Report) error {
	ew := &errWriter{w: w}
	ver := r.CloudStackVersion
	if ver == "" {
		ver = "unknown"
	}
	ew.printf("#!/bin/sh\n")
	ew.printf("# csaudit remediation script for %s (CloudStack %s), collected %s, csaudit %s.\n",
		comment(r.Target), comment(ver), r.CollectedAt.Format("2006-01-02T15:04:05Z"), comment(r.Tool.Version))
	ew.printf("# Written by csaudit, never run by it: REVIEW EVERY LINE before running it.\n")
	ew.printf("# Idempotent (each command sets a state; running it twice is harmless); it holds no secret value.\n")
	ew.printf("# Settings are changed with CloudMonkey (cmk) configured for this cloud as a root administrator;\n")
	ew.printf("# CSAUDIT_SKIP_SETTINGS=1 skips them. File fixes run only on their host (see 'on host').\n")
	switch {
	case r.Summary.NothingEvaluated():
		ew.printf("# AUDIT INCOMPLETE: none of the %d selected checks could be evaluated (no source they need\n", r.Summary.Checks)
		ew.printf("# was audited), so this script fixes nothing that was checked.\n")
	case !r.Summary.Complete:
		ew.printf("# AUDIT INCOMPLETE (exit 3): some sources failed or checks errored; this script covers only what\n")
		ew.printf("# was evaluated.\n")
	}
	ew.printf("set -eu\n\n")
	ew.printf("on_host() { [ \"${CSAUDIT_HOST:-}\" = \"$1\" ] || [ \"$(hostname)\" = \"$1\" ] || [ \"$(hostname -f 2>/dev/null || true)\" = \"$1\" ]; }\n")

	var settings, todos []remStep
	hosts := map[string][]remStep{}
	var waived []string
	uuidVars := map[string]string{} // variable -> comment
	done := map[string]bool{}
	for _, f := range r.Findings {
		if f.Status != checks.Fail {
			continue
		}
		head := fmt.Sprintf("# %s (%s) %s", f.CheckID, f.Severity, comment(f.Title))
		where := comment(subjectOf(f))
		why := fmt.Sprintf("#   %s: %s", where, comment(f.Message))
		if f.Waived != nil {
			waived = append(waived, fmt.Sprintf("#   %s %s: waived until %s (%s)", f.CheckID, where, f.Waived.Expires, comment(f.Waived.Reason)))
			continue
		}
		c := r.check(f.CheckID)
		remText := ""
		if c != nil {
			remText = c.Remediation
		}
		res := f.Resource
		switch {
		case res.Kind == checks.KindSetting && checks.SettingFixes[f.CheckID][res.Name].Value != "":
			fix := checks.SettingFixes[f.CheckID][res.Name]
			key := res.Name + "\x00" + res.Scope + "\x00" + fmt.Sprint(res.ScopeID)
			if done[key] {
				continue
			}
			done[key] = true
			st := remStep{why: []string{head, why}}
			if fix.Note != "" {
				st.why = append(st.why, "#   "+comment(fix.Note))
			}
			cmd := fmt.Sprintf("cmk update configuration name=%s value=%s", shQuote(res.Name), shQuote(fix.Value))
			if res.Scope == "" || res.Scope == checks.ScopeGlobal {
				st.cmds = append(st.cmds, cmd)
			} else if p, ok := cmkScopeParam[res.Scope]; ok {
				v := fmt.Sprintf("%s_%d_UUID", strings.ToUpper(regexp.MustCompile(`[^a-zA-Z]`).ReplaceAllString(res.Scope, "")), res.ScopeID)
				who := fmt.Sprintf("%s %d", res.Scope, res.ScopeID)
				if res.ScopeName != "" {
					who = fmt.Sprintf("%s %q (database id %d)", res.Scope, res.ScopeName, res.ScopeID)
				}
				uuidVars[v] = comment(who)
				st.cmds = append(st.cmds,
					fmt.Sprintf("if [ -n \"$%s\" ]; then", v),
					fmt.Sprintf("  %s %s=\"$%s\"", cmd, p, v),
					"else",
					fmt.Sprintf("  echo %s >&2", shQuote(fmt.Sprintf("not changed: %s for %s: set %s above", res.Name, comment(who), v))),
					"fi")
			} else {
				st.cmds = append(st.cmds, "# TODO: updateConfiguration has no parameter for scope "+comment(res.Scope)+"; change it in the UI: "+strings.TrimPrefix(cmd, "cmk "))
			}
			settings = append(settings, st)
		case len(checks.GroupSettingFixes[f.CheckID]) > 0:
			if done[f.CheckID] {
				continue
			}
			done[f.CheckID] = true
			st := remStep{why: []string{head, why}}
			for _, name := range checks.GroupSettingFixes[f.CheckID] {
				fix := checks.SettingFixes[f.CheckID][name]
				if fix.Note != "" {
					st.why = append(st.why, "#   "+comment(fix.Note))
				}
				st.cmds = append(st.cmds, fmt.Sprintf("cmk update configuration name=%s value=%s", shQuote(name), shQuote(fix.Value)))
			}
			settings = append(settings, st)
		case res.Kind == checks.KindFile && checks.FileModeChecks[f.CheckID] && modeOwner.MatchString(f.Expected) && f.Machine != "":
			m := modeOwner.FindStringSubmatch(f.Expected)
			st := remStep{why: []string{head, why}, cmds: []string{
				fmt.Sprintf("  chown %s %s", m[2], shQuote(res.Path)),
				fmt.Sprintf("  chmod %s %s", m[1], shQuote(res.Path)),
			}}
			hosts[f.Machine] = append(hosts[f.Machine], st)
		default:
			todos = append(todos, remStep{why: []string{head, why}, cmds: []string{"# TODO: " + comment(remText)}})
		}
	}

	ew.printf("\n## CloudStack settings (%d)\n", len(settings))
	if len(uuidVars) > 0 {
		ew.printf("# csaudit knows the database ids of these scopes, cmk needs their UUIDs: look each up\n")
		ew.printf("# (e.g. cmk list zones filter=id,name) and fill it in; an empty one leaves its setting unchanged.\n")
		vars := make([]string, 0, len(uuidVars))
		for v := range uuidVars {
			vars = append(vars, v)
		}
		sort.Strings(vars)
		for _, v := range vars {
			ew.printf("# %s\n%s=''\n", uuidVars[v], v)
		}
	}
	if len(settings) > 0 {
		ew.printf("if [ \"${CSAUDIT_SKIP_SETTINGS:-}\" != 1 ]; then\n")
		for _, st := range settings {
			ew.printf("\n")
			for _, l := range st.why {
				ew.printf("%s\n", l)
			}
			for _, l := range st.cmds {
				ew.printf("%s\n", l)
			}
		}
		ew.printf("fi\n")
	}

	machines := make([]string, 0, len(hosts))
	for m := range hosts {
		machines = append(machines, m)
	}
	sort.Strings(machines)
	ew.printf("\n## Files (%d hosts)\n", len(machines))
	for _, m := range machines {
		ew.printf("\n# on host %s\n", comment(m))
		ew.printf("# ssh root@%s 'CSAUDIT_HOST=%s CSAUDIT_SKIP_SETTINGS=1 sh -s' < this-script.sh\n", comment(m), comment(m))
		ew.printf("if on_host %s; then\n", shQuote(m))
		for _, st := range hosts[m] {
			for _, l := range st.why {
				ew.printf("  %s\n", l)
			}
			for _, l := range st.cmds {
				ew.printf("%s\n", l)
			}
		}
		ew.printf("else\n  echo %s >&2\nfi\n", shQuote("not on host "+comment(m)+": its file fixes were not applied"))
	}

	ew.printf("\n## Needs a person (%d): csaudit cannot choose these (new passwords, certificates, addresses)\n", len(todos))
	for _, st := range todos {
		ew.printf("\n")
		for _, l := range st.why {
			ew.printf("%s\n", l)
		}
		for _, l := range st.cmds {
			ew.printf("%s\n", l)
		}
	}
	if len(waived) > 0 {
		ew.printf("\n## Waived, not changed (%d)\n", len(waived))
		for _, l := range waived {
			ew.printf("%s\n", l)
		}
	}
	ew.printf("\n# end of csaudit remediation script\n")
	return ew.err
}
