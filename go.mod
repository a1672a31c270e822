module github.com/csaudit/csaudit

go 1.26.8

require (
	github.com/go-sql-driver/mysql v1.10.1
	github.com/magiconair/properties v1.18.12
	github.com/mattn/go-runewidth v0.0.19
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/spf13/pflag v1.1.0
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/crypto v0.58.0
	golang.org/x/sys v0.49.0
)

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	github.com/clipperhouse/uax29/v2 v2.6.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
