#!/usr/bin/env bash
# Generates the Python SDK of the apigw-vpc component package from the schema the plugin serves:
# `pulumi package get-schema` asks bin/pulumi-resource-apigw-vpc (which runs dist/, so build
# first), then Pulumi's own Python generator writes the SDK (see scripts/language-hosts.sh).
#
# Usage:  bash scripts/python-sdk.sh [OUT_DIR]   (default: dist/sdk/python); prints OUT_DIR last.
set -euo pipefail
exec 3>&1 1>&2

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$REPO/dist/sdk/python}
eval "$(bash "$REPO/scripts/language-hosts.sh" | tail -2)"
[[ -f "$REPO/dist/plugin/main.js" ]] || { echo "python-sdk: build first (npm run build)" >&2; exit 1; }

SCHEMA=$(mktemp)
trap 'rm -f "$SCHEMA"' EXIT
PULUMI_SKIP_UPDATE_CHECK=true "$BIN/pulumi" package get-schema "$REPO/bin/pulumi-resource-apigw-vpc" >"$SCHEMA"
rm -rf "$OUT"
"$BIN/python-sdkgen" "$SCHEMA" "$OUT"
echo "python-sdk: wrote $OUT"
echo "$OUT" >&3
