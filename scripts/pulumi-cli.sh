#!/usr/bin/env bash
# Builds the real Pulumi CLI (`pulumi`, the engine) and the Node.js language host
# (`pulumi-language-nodejs`) from Go modules into $REPO/.tools/bin, because no
# prebuilt Pulumi binary can be downloaded on the project's machines (only the
# package registries are reachable).
#
# Two wrapper modules, one per binary, so each keeps its own sdk/v3:
# - tools/pulumi-cli pins github.com/pulumi/pulumi/pkg/v3 at ENGINE_VERSION, the
#   newest release whose module zip the Go module proxy serves (newer tags are
#   listed but refused).
# - tools/pulumi-language-nodejs pins github.com/pulumi/pulumi/sdk/v3 at
#   NODEJS_HOST_VERSION (v3.68.0). From v3.69.0 on the Node.js host is its own,
#   untagged Go module that the proxy does not serve.
# The engine talks to language hosts over gRPC, and a newer engine drives the
# v3.68 host: the README lists what this pairing is tested for.
#
# The v3.68 host answers RunPlugin with "not supported", and newer engines start
# Node.js policy packs through RunPlugin whenever a nodejs host is installed. The
# build compiles the host's package with tools/pulumi-language-nodejs/_overlay/runplugin.go
# in place of v3.68's RunPlugin: it runs the pack as the old
# pulumi-analyzer-policy shim did. The module sources stay untouched.
#
# Beside the binaries go the helper scripts that Pulumi's release archive ships
# (pulumi-resource-pulumi-nodejs: the dynamic-provider shim;
# pulumi-analyzer-policy: the Node.js policy-pack launcher), from sdk/v3 at the
# host's version. All of them sit in one directory, so the CLI finds its host
# beside itself and does not warn "using ... from $PATH".
#
# Usage:  BIN=$(bash scripts/pulumi-cli.sh | tail -1); export PATH="$BIN:$PATH"
# The last line of stdout is the bin dir; all build output goes to stderr.
# Set PULUMI_CLI_REBUILD=1 to force a rebuild, PULUMI_CLI_BUILD_JOBS=N to
# change `go build -p` (default: number of CPUs).
set -euo pipefail

ENGINE_VERSION=3.259.0
NODEJS_HOST_VERSION=3.68.0

# Everything but the final path goes to stderr.
exec 3>&1 1>&2

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENGINE_MOD="$REPO/tools/pulumi-cli"
HOST_MOD="$REPO/tools/pulumi-language-nodejs"
BIN="$REPO/.tools/bin"

ENGINE_PKG=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
HOST_PKG=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
SHIMS=(pulumi-resource-pulumi-nodejs pulumi-analyzer-policy)

# The module version a Go binary was built from, read from its embedded build info.
built_from() {
  go version -m "$1" 2>/dev/null | awk -v m="$2" '($1 == "dep" || $1 == "mod") && $2 == m { print $3 }'
}

# What the binaries in $BIN were built from: this script, the pins and the overlay.
build_inputs_hash() {
  cat "${BASH_SOURCE[0]}" "$ENGINE_MOD/go.mod" "$HOST_MOD/go.mod" "$HOST_MOD/_overlay/runplugin.go" | sha256sum | cut -d' ' -f1
}
STAMP="$BIN/.build-inputs"

is_current() {
  [[ "$(cat "$STAMP" 2>/dev/null)" == "$(build_inputs_hash)" ]] || return 1
  local f
  for f in pulumi pulumi-language-nodejs "${SHIMS[@]}"; do
    [[ -x "$BIN/$f" ]] || return 1
  done
  local v
  v=$(PULUMI_SKIP_UPDATE_CHECK=true "$BIN/pulumi" version 2>/dev/null) || return 1
  [[ "$v" == "v$ENGINE_VERSION" ]] || return 1
  if command -v go >/dev/null 2>&1; then
    [[ "$(built_from "$BIN/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3)" == "v$NODEJS_HOST_VERSION" ]] || return 1
  fi
  return 0
}

if [[ "${PULUMI_CLI_REBUILD:-0}" != 1 ]] && is_current; then
  echo "pulumi-cli: reusing pulumi v$ENGINE_VERSION + pulumi-language-nodejs v$NODEJS_HOST_VERSION in $BIN"
  echo "$BIN" >&3
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "pulumi-cli: Go (>= 1.24) is required to build the Pulumi CLI: install it from https://go.dev/dl or your package manager (Debian: apt-get install golang-go), then rerun" >&2
  exit 1
}

pinned() { grep -qE "^[[:space:]]*(require[[:space:]]+)?$2 v$3( |$)" "$1/go.mod"; }
pinned "$ENGINE_MOD" github.com/pulumi/pulumi/pkg/v3 "$ENGINE_VERSION" || {
  echo "pulumi-cli: $ENGINE_MOD/go.mod does not pin pkg/v3 v$ENGINE_VERSION" >&2
  exit 1
}
pinned "$HOST_MOD" github.com/pulumi/pulumi/sdk/v3 "$NODEJS_HOST_VERSION" || {
  echo "pulumi-cli: $HOST_MOD/go.mod does not pin sdk/v3 v$NODEJS_HOST_VERSION" >&2
  exit 1
}

# A sane, self-contained Go environment: the modules' own go.mod/go.sum are
# authoritative (no edits, no vendor dir, no VCS stamping, no toolchain switch).
export GOFLAGS="-mod=readonly -buildvcs=false"
export GOTOOLCHAIN=local
export GOWORK=off
export CGO_ENABLED=0
PARALLEL=${PULUMI_CLI_BUILD_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}

# As in Pulumi's release builds: the version lives in sdk/v3's go/common/version
# (older releases: pkg/v3/version). -X on an unlinked package is ignored.
ldflags() {
  echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$1 -X github.com/pulumi/pulumi/pkg/v3/version.Version=v$1"
}

mkdir -p "$BIN"
TMP=$(mktemp -d "$BIN/.build.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

start=$(date +%s)
echo "pulumi-cli: building pulumi v$ENGINE_VERSION and pulumi-language-nodejs v$NODEJS_HOST_VERSION with $(go version | awk '{print $3}') (-p $PARALLEL)"
(cd "$ENGINE_MOD" && go build -p "$PARALLEL" -trimpath -ldflags "$(ldflags "$ENGINE_VERSION")" -o "$TMP/pulumi" "$ENGINE_PKG")
# The host's package, copied into the wrapper module (the module cache is read-only)
# with v3.68's RunPlugin taken out and ours added.
HOST_DIR=$(cd "$HOST_MOD" && go list -f '{{.Dir}}' "$HOST_PKG")
HOST_SRC="$HOST_MOD/.host-src"
rm -rf "$HOST_SRC" && mkdir -p "$HOST_SRC"
trap 'rm -rf "$TMP" "$HOST_SRC"' EXIT
for f in "$HOST_DIR"/*.go; do
  [[ "$f" == *_test.go ]] || install -m 0644 "$f" "$HOST_SRC/"
done
sed -i '/^func (host \*nodeLanguageHost) RunPlugin(/,/^}/d' "$HOST_SRC/main.go"
if grep -q 'RunPlugin(' "$HOST_SRC/main.go" || ! grep -q 'func (host \*nodeLanguageHost) Run(' "$HOST_SRC/main.go"; then
  echo "pulumi-cli: could not take v$NODEJS_HOST_VERSION's RunPlugin out of its main.go" >&2
  exit 1
fi
install -m 0644 "$HOST_MOD/_overlay/runplugin.go" "$HOST_SRC/runplugin_policy.go"
(cd "$HOST_MOD" && go build -p "$PARALLEL" -trimpath -ldflags "$(ldflags "$NODEJS_HOST_VERSION")" -o "$TMP/pulumi-language-nodejs" ./.host-src)

SDKDIR=$(cd "$HOST_MOD" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
for f in "${SHIMS[@]}"; do
  install -m 0755 "$SDKDIR/nodejs/dist/$f" "$TMP/$f"
done

for f in pulumi pulumi-language-nodejs "${SHIMS[@]}"; do
  mv -f "$TMP/$f" "$BIN/$f"
done
build_inputs_hash >"$STAMP"
echo "pulumi-cli: built in $(( $(date +%s) - start ))s"

is_current || { echo "pulumi-cli: built binaries failed the version check" >&2; exit 1; }
echo "$BIN" >&3
