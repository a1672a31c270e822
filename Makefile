# csaudit — see README.md. The two commands a new user needs:
#   make demo   set up a demo CloudStack database and audit it
#   make test   run every test (unit, golden, real MariaDB integration, race)
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:/usr/sbin
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all build deps test lint unit golden demo bench clean dist dist-test

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/csaudit ./cmd/csaudit

deps:
	@scripts/install-deps.sh

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Every test, with the race detector, against a real MariaDB the tests start.
test: deps lint
	CSAUDIT_REQUIRE_INTEGRATION=1 CSAUDIT_TEST_DIST=1 $(GO) test -race -count=1 ./...

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
