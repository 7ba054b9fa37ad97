#!/usr/bin/env bash
# Builds the real Pulumi CLI (`pulumi`) and the Node.js language host
# (`pulumi-language-nodejs`) from Go modules into $REPO/.tools/bin, because no
# prebuilt Pulumi binary can be downloaded on the project's machines (only the
# package registries are reachable).
#
# The pinned modules live in tools/pulumi-cli/go.mod (+ go.sum). The version is
# v3.68.0: the newest release for which BOTH binaries can be built from the Go
# module proxy. From v3.69.0 on, the Node.js language host is its own, untagged
# Go module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3),
# which the proxy does not serve; up to v3.68.0 it is a package of
# github.com/pulumi/pulumi/sdk/v3.
#
# Besides the two binaries, the helper scripts that Pulumi's release archive
# puts next to them (pulumi-resource-pulumi-nodejs: the dynamic-provider shim;
# pulumi-analyzer-policy: the Node.js policy-pack launcher) are copied from the
# same sdk/v3 module.
#
# Usage:  BIN=$(bash scripts/pulumi-cli.sh | tail -1); export PATH="$BIN:$PATH"
# The last line of stdout is the bin dir; all build output goes to stderr.
# Set PULUMI_CLI_REBUILD=1 to force a rebuild, PULUMI_CLI_BUILD_JOBS=N to
# change `go build -p` (default: number of CPUs).
#
# Cost on the project's 2-core machine: ~2m15s from an empty Go build cache and
# module cache (downloads included), ~3s with a warm build cache, ~0.1s when the
# binaries in .tools/bin are already the pinned version.
set -euo pipefail

PULUMI_VERSION=3.68.0

# Everything but the final path goes to stderr.
exec 3>&1 1>&2

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODDIR="$REPO/tools/pulumi-cli"
BIN="$REPO/.tools/bin"

CLI_PKG=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
NODEJS_PKG=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
SHIMS=(pulumi-resource-pulumi-nodejs pulumi-analyzer-policy)

is_current() {
  local f
  for f in pulumi pulumi-language-nodejs "${SHIMS[@]}"; do
    [[ -x "$BIN/$f" ]] || return 1
  done
  local v
  v=$(PULUMI_SKIP_UPDATE_CHECK=true "$BIN/pulumi" version 2>/dev/null) || return 1
  [[ "$v" == "v$PULUMI_VERSION" ]] || return 1
  # The language host has no --version flag; its embedded build info names the
  # sdk/v3 module version it was built from.
  if command -v go >/dev/null 2>&1; then
    go version -m "$BIN/pulumi-language-nodejs" 2>/dev/null |
      grep -qE "^[[:space:]]+(dep|mod)[[:space:]]+github.com/pulumi/pulumi/sdk/v3[[:space:]]+v$PULUMI_VERSION([[:space:]]|$)" ||
      return 1
  fi
  return 0
}

if [[ "${PULUMI_CLI_REBUILD:-0}" != 1 ]] && is_current; then
  echo "pulumi-cli: reusing v$PULUMI_VERSION binaries in $BIN"
  echo "$BIN" >&3
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "pulumi-cli: 'go' is required to build the Pulumi CLI (Go >= 1.24)" >&2
  exit 1
}

if ! grep -qE "^[[:space:]]*github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION( |$)" "$MODDIR/go.mod"; then
  echo "pulumi-cli: $MODDIR/go.mod does not pin pkg/v3 v$PULUMI_VERSION" >&2
  exit 1
fi

# A sane, self-contained Go environment: the module's own go.mod/go.sum are
# authoritative (no edits, no vendor dir, no VCS stamping, no toolchain switch).
export GOFLAGS="-mod=readonly -buildvcs=false"
export GOTOOLCHAIN=local
export GOWORK=off
export CGO_ENABLED=0
# 2 cores: the default -p (GOMAXPROCS) is right; allow an override.
PARALLEL=${PULUMI_CLI_BUILD_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}

# As in Pulumi's own release builds (.goreleaser.yml at v3.68.0): the CLI reads
# its version from pkg/v3/version, the language host from sdk/v3's
# go/common/version (newer releases moved the CLI to the latter too). Setting
# both on both binaries is harmless: -X on an unlinked package is ignored.
LDFLAGS="-s -w"
LDFLAGS+=" -X github.com/pulumi/pulumi/pkg/v3/version.Version=v$PULUMI_VERSION"
LDFLAGS+=" -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"

mkdir -p "$BIN"
TMP=$(mktemp -d "$BIN/.build.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

start=$(date +%s)
echo "pulumi-cli: building pulumi v$PULUMI_VERSION and pulumi-language-nodejs with $(go version | awk '{print $3}') (-p $PARALLEL)"
cd "$MODDIR"
go mod download github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3
# One invocation for both, so their shared dependencies are scheduled together;
# with -o DIR/ each binary is named after its package (pulumi,
# pulumi-language-nodejs).
go build -p "$PARALLEL" -trimpath -ldflags "$LDFLAGS" -o "$TMP/" "$CLI_PKG" "$NODEJS_PKG"

SDKDIR=$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
for f in "${SHIMS[@]}"; do
  install -m 0755 "$SDKDIR/nodejs/dist/$f" "$TMP/$f"
done

for f in pulumi pulumi-language-nodejs "${SHIMS[@]}"; do
  mv -f "$TMP/$f" "$BIN/$f"
done
echo "pulumi-cli: built in $(( $(date +%s) - start ))s"

is_current || { echo "pulumi-cli: built binaries failed the version check" >&2; exit 1; }
echo "$BIN" >&3
