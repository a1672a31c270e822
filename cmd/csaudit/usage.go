package main

const usage = `csaudit audits an Apache CloudStack deployment against the CloudStack threat model.

Usage:
    csaudit --db DSN [flags]            audit a management database
    csaudit --snapshot FILE [flags]     re-run the checks on a saved snapshot
    csaudit checks [--format table|json|markdown]
    csaudit explain CHECK-ID
    csaudit version

Sources:
    --db DSN                  go-sql-driver DSN, e.g. 'csaudit@tcp(db1:3306)/cloud'
    --db-password-file FILE   read the database password from FILE (first line)
                              (else $CSAUDIT_DB_PASSWORD, else the DSN; a password in
                              the DSN is visible to other users in 'ps')
    --snapshot FILE           audit a snapshot saved with --save-snapshot (no access needed)
    --save-snapshot FILE      also write the collected snapshot (secrets are already facts)
    --timeout DURATION        per-connection and per-query timeout (default 30s)

Selection and output:
    --checks IDS              run only these checks (IDs or prefixes: CS-API,CS-PKI-003)
    --skip IDS                do not run these checks
    --min-severity SEV        show only findings at or above SEV (info|low|medium|high|critical)
    --fail-on SEV|none        exit 1 on failures at or above SEV (default low)
    -f, --format FORMAT       table (default) or json
    -o, --output FILE         write the report to FILE instead of standard output
    -v, --verbose             list passed and not-applicable findings in the table
    --no-color                never colour the table (colour is off when not a terminal)

Exit codes:
    0  audit complete, no failure at or above --fail-on
    1  failures at or above --fail-on
    2  usage or configuration error (bad flag, unknown check, unreadable file)
    3  audit incomplete: a source failed or a check could not be evaluated (outranks 1)

Examples:
    CSAUDIT_DB_PASSWORD=... csaudit --db 'csaudit@tcp(db1:3306)/cloud'
    csaudit --db 'csaudit@tcp(db1:3306)/cloud' --db-password-file ~/.csaudit.pw -f json -o report.json
    csaudit --snapshot site.json --checks CS-AUTH,CS-CRYPT --fail-on high
    csaudit explain CS-API-001
`
