# csaudit — see README.md. The two commands a new user needs:
#   make demo   set up a demo CloudStack database and audit it
#   make test   run every test (unit, golden, real MariaDB integration, race)
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:/usr/sbin
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all build deps test lint fuzz-short unit golden demo bench bench-fleet bench-scale clean dist dist-test

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/csaudit ./cmd/csaudit

deps:
	@scripts/install-deps.sh

GOBIN_DIR := $(shell $(GO) env GOPATH)/bin

# gofmt, go vet, staticcheck and gosec (pinned; 'make deps' installs them).
# gosec exceptions: each is a '#nosec RULE -- why' at its line, except
#   G104  unchecked errors: it flags every best-effort Close/SetDeadline on
#         cleanup paths; writes check their errors (errWriter, writeFile).
#   G304  file path from a variable: csaudit reads only the files its
#         operator names (--snapshot, --waivers, --known-hosts, ...), with
#         the operator's own rights.
#   test helpers (collectors/*/sshtest, mysqltest) and scripts/: they start
#         throw-away servers and write fixtures on purpose.
lint: deps
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GOBIN_DIR)/staticcheck ./...
	$(GOBIN_DIR)/gosec -quiet -exclude=G104,G304 -exclude-dir=collectors/sshhost/sshtest -exclude-dir=collectors/mysqldb/mysqltest -exclude-dir=scripts ./...

# Every fuzz target for FUZZTIME (4s) each; part of 'make test'.
fuzz-short:
	@scripts/fuzz-short.sh

# Every test, with the race detector, against a real MariaDB the tests start.
test: deps lint
	CSAUDIT_REQUIRE_INTEGRATION=1 CSAUDIT_TEST_DIST=1 $(GO) test -race -count=1 ./...
	@$(MAKE) --no-print-directory fuzz-short

# Regenerate golden files and the README check table; review the diff.
golden:
	$(GO) test -count=1 -run "TestGolden|TestReadme" ./cmd/csaudit/ -update

demo: deps build
	$(GO) run ./scripts/demo -- ./bin/csaudit $(ARGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./checks/

# Release artefacts in dist/: static binaries (linux amd64, arm64), .deb and
# .rpm packages with a man page generated from the usage text and the
# catalogue, SHA256SUMS; the version is stamped from git describe.
dist:
	$(GO) run ./scripts/dist -out dist -version "$(VERSION)"

# Build the .deb, install it with dpkg, run it, remove it (root only).
dist-test:
	CSAUDIT_TEST_DIST=1 $(GO) test -count=1 -run TestDebInstalls -v ./scripts/dist/

clean:
	rm -rf bin dist

# Fleet benchmark: N loopback OpenSSH hosts; csaudit against `ssh HOST true`
# (and Ansible's ad hoc stat when installed) at the same parallelism.
# Results and the machine they were taken on: docs/benchmarks.md.
N ?= 200
PARALLEL ?= 10
ROUNDS ?= 1
bench-fleet: build
	$(GO) run ./scripts/bench-fleet -n $(N) -parallel $(PARALLEL) -rounds $(ROUNDS) -csaudit bin/csaudit

# In-process client scaling (x/crypto/ssh servers, up to 5,000 hosts) and
# database scale (10,000 hosts, 100,000 users and overrides in MariaDB).
bench-scale:
	$(GO) test -run "^$$" -bench BenchmarkFleetInProcess -benchtime 1x -timeout 30m ./collectors/sshhost/
	$(GO) test -run "^$$" -bench BenchmarkCollectScale -benchtime 1x -timeout 30m ./collectors/mysqldb/
