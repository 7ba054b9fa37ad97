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
# Node.js policy packs and source-based providers (PulumiPlugin.yaml, as
# `pulumi package add` installs them) through RunPlugin. The build compiles the
# host's package with the files of tools/pulumi-language-nodejs/_overlay in place
# of v3.68's RunPlugin and InstallDependencies: runplugin.go runs a pack as the old
# pulumi-analyzer-policy shim did and a provider as newer hosts do (run-plugin);
# installdependencies.go does not `npm install` inside a plugin that an npm install
# already brought. tools/host-overlay/wirefields.go reads the request fields v3.68
# does not declare. The module sources stay untouched.
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
# change `go build -p` (default: number of CPUs), PULUMI_TOOLS_DIR to build
# somewhere other than $REPO/.tools. The engine and the host are rebuilt
# separately, each when its own inputs change.
set -euo pipefail

ENGINE_VERSION=3.259.0
NODEJS_HOST_VERSION=3.68.0

# Everything but the final path goes to stderr.
exec 3>&1 1>&2

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENGINE_MOD="$REPO/tools/pulumi-cli"
HOST_MOD="$REPO/tools/pulumi-language-nodejs"
BIN="${PULUMI_TOOLS_DIR:-$REPO/.tools}/bin"
OVERLAYS=("$HOST_MOD"/_overlay/*.go "$REPO/tools/host-overlay/wirefields.go")
# The v3.68 methods the overlays replace.
REPLACED=(RunPlugin InstallDependencies)

ENGINE_PKG=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
HOST_PKG=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
SHIMS=(pulumi-resource-pulumi-nodejs pulumi-analyzer-policy)

# The module version a Go binary was built from, read from its embedded build info.
built_from() {
  go version -m "$1" 2>/dev/null | awk -v m="$2" '($1 == "dep" || $1 == "mod") && $2 == m { print $3 }'
}

# What each binary in $BIN was built from: the engine from its pin, the host from its pin, the
# build steps of this script and the overlays.
engine_inputs_hash() {
  { echo "$ENGINE_VERSION"; cat "$ENGINE_MOD/go.mod" "$ENGINE_MOD/go.sum"; } | sha256sum | cut -d' ' -f1
}
host_inputs_hash() {
  { echo "$NODEJS_HOST_VERSION ${REPLACED[*]}"; cat "${BASH_SOURCE[0]}" "$HOST_MOD/go.mod" "$HOST_MOD/go.sum" "${OVERLAYS[@]}"; } | sha256sum | cut -d' ' -f1
}
ENGINE_STAMP="$BIN/.build-inputs-engine"
HOST_STAMP="$BIN/.build-inputs-nodejs-host"

engine_is_current() {
  [[ "$(cat "$ENGINE_STAMP" 2>/dev/null)" == "$(engine_inputs_hash)" && -x "$BIN/pulumi" ]] || return 1
  local v
  v=$(PULUMI_SKIP_UPDATE_CHECK=true "$BIN/pulumi" version 2>/dev/null) || return 1
  [[ "$v" == "v$ENGINE_VERSION" ]]
}
host_is_current() {
  [[ "$(cat "$HOST_STAMP" 2>/dev/null)" == "$(host_inputs_hash)" ]] || return 1
  local f
  for f in pulumi-language-nodejs "${SHIMS[@]}"; do
    [[ -x "$BIN/$f" ]] || return 1
  done
  if command -v go >/dev/null 2>&1; then
    [[ "$(built_from "$BIN/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3)" == "v$NODEJS_HOST_VERSION" ]] || return 1
  fi
  return 0
}
is_current() { engine_is_current && host_is_current; }

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
if [[ "${PULUMI_CLI_REBUILD:-0}" == 1 ]] || ! engine_is_current; then
  echo "pulumi-cli: building pulumi v$ENGINE_VERSION with $(go version | awk '{print $3}') (-p $PARALLEL)"
  (cd "$ENGINE_MOD" && go build -p "$PARALLEL" -trimpath -ldflags "$(ldflags "$ENGINE_VERSION")" -o "$TMP/pulumi" "$ENGINE_PKG")
  mv -f "$TMP/pulumi" "$BIN/pulumi"
  engine_inputs_hash >"$ENGINE_STAMP"
fi

if [[ "${PULUMI_CLI_REBUILD:-0}" == 1 ]] || ! host_is_current; then
  echo "pulumi-cli: building pulumi-language-nodejs v$NODEJS_HOST_VERSION (-p $PARALLEL)"
  # The host's package, copied into the wrapper module (the module cache is read-only)
  # with v3.68's RunPlugin and InstallDependencies renamed and the overlays added.
  HOST_DIR=$(cd "$HOST_MOD" && go list -f '{{.Dir}}' "$HOST_PKG")
  HOST_SRC="$HOST_MOD/.host-src"
  rm -rf "$HOST_SRC" && mkdir -p "$HOST_SRC"
  trap 'rm -rf "$TMP" "$HOST_SRC"' EXIT
  for f in "$HOST_DIR"/*.go; do
    [[ "$f" == *_test.go ]] || install -m 0644 "$f" "$HOST_SRC/"
  done
  # Each replaced method keeps its code under the name <method>V368, which the overlay may call.
  for method in "${REPLACED[@]}"; do
    sed -i "s/^func (host \*nodeLanguageHost) $method(/func (host *nodeLanguageHost) ${method}V368(/" "$HOST_SRC/main.go"
    grep -q "^func (host \*nodeLanguageHost) ${method}V368(" "$HOST_SRC/main.go" || {
      echo "pulumi-cli: could not set v$NODEJS_HOST_VERSION's $method aside in its main.go" >&2
      exit 1
    }
  done
  for f in "${OVERLAYS[@]}"; do install -m 0644 "$f" "$HOST_SRC/overlay_$(basename "$f")"; done
  (cd "$HOST_MOD" && go build -p "$PARALLEL" -trimpath -ldflags "$(ldflags "$NODEJS_HOST_VERSION")" -o "$TMP/pulumi-language-nodejs" ./.host-src)

  SDKDIR=$(cd "$HOST_MOD" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
  for f in "${SHIMS[@]}"; do
    install -m 0755 "$SDKDIR/nodejs/dist/$f" "$TMP/$f"
  done
  for f in pulumi-language-nodejs "${SHIMS[@]}"; do
    mv -f "$TMP/$f" "$BIN/$f"
  done
  host_inputs_hash >"$HOST_STAMP"
fi
echo "pulumi-cli: built in $(( $(date +%s) - start ))s"

is_current || { echo "pulumi-cli: built binaries failed the version check" >&2; exit 1; }
echo "$BIN" >&3
