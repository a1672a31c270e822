package main

import (
	"fmt"
	"strings"

	"github.com/csaudit/csaudit/reports"
)

// usage is the help text; its format lines come from reports.Formats.
var usage = strings.Replace(usageText, "@FORMATS@", formatHelp(), 1)

// formatHelp lists the formats and their --output-dir file names.
func formatHelp() string {
	var b strings.Builder
	for _, f := range reports.Formats {
		fmt.Fprintf(&b, "\n                                %-9s csaudit.%-6s %s", f.Name, f.Ext, f.Use)
	}
	return b.String()
}

const usageText = `csaudit audits an Apache CloudStack deployment against the CloudStack threat model.

Usage:
    csaudit --db DSN [flags]            audit a management database
    csaudit --ssh HOST ... [flags]      audit management servers and KVM hosts over SSH
    csaudit --local [--root DIR]        audit this machine (or a mounted image)
    csaudit --snapshot FILE [flags]     re-run the checks on a saved snapshot
    csaudit checks [--format table|json|markdown]
    csaudit explain CHECK-ID
    csaudit merge A.json B.json ...     combine shard reports (--format json) into one report
    csaudit waivers lint FILE           check a waiver file (exit 0 valid, 2 not)
    csaudit compare A.json B.json       secrets shared by two installations (exit 1 if any)
    csaudit policy lint FILE            check a site policy file (exit 0 valid, 2 not)
    csaudit schema                      print the JSON Schema of --format json
    csaudit version                     (also: csaudit --version)
    csaudit help                        this text (also: csaudit --help)

Sources:
    --db DSN                  go-sql-driver DSN, e.g. 'csaudit@tcp(db1:3306)/cloud'
    --db-password-file FILE   read the database password from FILE (first line)
                              (else $CSAUDIT_DB_PASSWORD, else the DSN; a password in
                              the DSN is visible to other users in 'ps')
    --db-properties FILE|ssh://[user@]host
                              take the database coordinates from a management server's
                              db.properties (ENC values decrypted in memory with its key;
                              over SSH the MySQL connection is tunnelled through it)
    --ssh [user@]host[:port]  audit this host over SSH (repeatable)
    --ssh-hosts FILE          one SSH target per line
    --ssh-discover            also audit the management servers (mshost) and KVM hosts
                              (host) listed in the database
    --ssh-user USER           login for targets without user@ (default root)
    --ssh-port N              SSH port of discovered hosts (default 22)
    --ssh-key FILE            private key (repeatable); the agent at $SSH_AUTH_SOCK is used too
    --known-hosts FILE        host keys to verify against (default ~/.ssh/known_hosts);
                              an unknown or mismatching host key is refused
    --ssh-jump [user@]host    reach the hosts through this jump host
    --sudo                    run the probe with 'sudo -n' (non-root logins)
    --local                   run the probe on this machine
    --root DIR                audit the tree at DIR instead of / (mounted image, test tree)
    --parallel N              hosts probed at once (default 10, OpenSSH's MaxStartups)
    --shard K/N               audit only shard K of N of the SSH hosts (a stable split by
                              a hash of host:port); combine the reports with 'csaudit merge'
    --no-progress             no progress on standard error (a redrawn line on a terminal,
                              one line per host otherwise); the summary is still printed
    -q, --quiet               no progress, no per-source errors and no summary on standard error
    --snapshot FILE           audit a snapshot saved with --save-snapshot (no access needed)
    --save-snapshot FILE      also write the collected snapshot (secrets are already facts)
    --timeout DURATION        per-connection and per-query timeout (default 30s); one host
                              as a whole (connect, log in, probe) gets 4x this
    --fingerprint-key FILE    HMAC key (file, never stored): the snapshot keeps keyed
                              fingerprints of the key material read, for 'csaudit compare'

Selection and output:
    --checks IDS              run only these checks (IDs or prefixes: CS-API,CS-PKI-003)
    --skip IDS                do not run these checks
    --min-severity SEV        show only findings at or above SEV (info|low|medium|high|critical)
    --fail-on SEV|none        exit 1 on new, unwaived failures at or above SEV (default low)
    -f, --format FORMAT       one of the formats below (default table); a comma list
                              (json,sarif) needs --output-dir@FORMATS@
    -o, --output FILE         write the report to FILE instead of standard output
    --output-dir DIR          write DIR/csaudit.<ext> for each format (file names above)
    --waivers FILE            YAML file of accepted risks: waived failures stay in the
                              report but do not gate; expired ones gate again
    --baseline FILE           previous --format json report: only failures not in it gate
    --advisories FILE         advisory data newer than the embedded table (same layout as
                              checks/data/cloudstack-cves.json); the report names the data
                              used and warns when it is over 120 days older than the audit
    -v, --verbose             list passed and not-applicable findings in the table
    --policy FILE             YAML file of site checks (SITE-NNN) evaluated with the catalogue
    --config FILE             YAML file of flags (name: value); flags on the command line win
    --compliance FRAMEWORK    add the control summary of nist-800-53-r5, cis-controls-v8 or
                              iso-27001-2022 to the table
    --no-color                never colour the table (colour is off when not a terminal)

Exit codes:
    0  audit complete, no failure at or above --fail-on
    1  failures at or above --fail-on
    2  usage or configuration error (bad flag, unknown check, unreadable file)
    3  audit incomplete: a source failed, a check could not be evaluated, or the run was
       interrupted (Ctrl-C: the partial report is still written) (outranks 1)

Examples:
    CSAUDIT_DB_PASSWORD=... csaudit --db 'csaudit@tcp(db1:3306)/cloud'
    csaudit --db 'csaudit@tcp(db1:3306)/cloud' --db-password-file ~/.csaudit.pw -f json -o report.json
    csaudit --snapshot site.json --checks CS-AUTH,CS-CRYPT --fail-on high
    csaudit explain CS-API-001
    csaudit --db ... --format json,sarif,junit --output-dir reports --waivers waivers.yaml \
            --baseline last-report.json --fail-on high
    csaudit --db-properties ssh://root@mgmt1 --ssh-discover --ssh-key ~/.ssh/id_ed25519
    csaudit --local --root /mnt/mgmt-image --format json -o image.json
`
