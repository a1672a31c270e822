#!/usr/bin/env bash
# Installs what csaudit's tests and demo need on a Debian/Ubuntu machine:
# MariaDB server and client, OpenSSH server and client (the integration tests
# start their own throw-away servers; the system services are never used).
# Idempotent and quiet when everything is already there.
set -euo pipefail

need=()
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v mariadb >/dev/null 2>&1 || need+=(mariadb-client)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
# sudo: the fault tests check a real 'sudo -n' refusal.
command -v sudo >/dev/null 2>&1 || need+=(sudo)
command -v go >/dev/null 2>&1 || [ -x /usr/local/go/bin/go ] || { echo "install-deps: Go is required (https://go.dev/dl/)" >&2; exit 1; }

if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install ${need[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "install-deps: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # policy-rc.d keeps the packaged service from starting; tests run their own server.
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Linters for 'make lint', pinned; installed once from the Go module proxy
# into $(go env GOPATH)/bin, after which they run offline.
GO=$(command -v go || echo /usr/local/go/bin/go)
GOBIN_DIR=$("$GO" env GOPATH)/bin
for tool in "honnef.co/go/tools/cmd/staticcheck honnef.co/go/tools v0.8.2" \
            "github.com/securego/gosec/v2/cmd/gosec github.com/securego/gosec/v2 v2.30.0"; do
  set -- $tool
  bin="$GOBIN_DIR/$(basename "$1")"
  if ! { [ -x "$bin" ] && "$GO" version -m "$bin" 2>/dev/null | grep -Eq "^[[:space:]]+mod[[:space:]]+$2[[:space:]]+$3([[:space:]]|$)"; }; then
    echo "install-deps: installing $1@$3" >&2
    "$GO" install "$1@$3"
  fi
done
