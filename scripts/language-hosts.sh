#!/usr/bin/env bash
# Builds the YAML and Python language hosts, and Pulumi's Python SDK generator, from Go modules
# into the same bin dir as the engine (scripts/pulumi-cli.sh, which it runs first), and makes the
# virtual environment that Python programs run in. It only adds its own files to that dir.
#
# - tools/pulumi-language-yaml pins github.com/pulumi/pulumi-yaml at YAML_HOST_VERSION, the
#   newest release whose module zip the Go module proxy serves.
# - tools/pulumi-language-python pins github.com/pulumi/pulumi/sdk/v3 at PYTHON_HOST_VERSION
#   (v3.68.0, as the Node.js host: later hosts are untagged modules the proxy does not serve).
#   The host runs `pulumi-language-python-exec` from beside itself, copied from the same module.
#   It does not read Pulumi.yaml's `virtualenv` option: run the CLI with the venv activated
#   (VIRTUAL_ENV set and its bin/ first on PATH).
#   v3.68 lacks what `pulumi package add` calls, so the build compiles the host's package with the
#   files of tools/pulumi-language-python/_overlay added (and v3.68's InstallDependencies renamed):
#   GeneratePackage (runs python-sdkgen), Link (adds the SDK to requirements.txt) and an
#   InstallDependencies that installs requirements.txt into the activated virtualenv.
# - tools/python-sdkgen: Pulumi's Python code generator at the engine's version, which the host's
#   GeneratePackage runs from beside itself.
# - $VENV: a virtualenv with the `pulumi` package from PyPI and the generated SDK's other
#   requirements (PYTHON_PACKAGES), for Python programs that do not bring their own (a project set
#   up by `pulumi package add`, as the README's, has its own virtualenv).
#
# Usage:  eval "$(bash scripts/language-hosts.sh | tail -2)"   # sets BIN and VENV
# The last two lines of stdout are BIN=... and VENV=...; build output goes to stderr.
# Set LANGUAGE_HOSTS_REBUILD=1 to force a rebuild.
set -euo pipefail

YAML_HOST_VERSION=1.32.0
PYTHON_HOST_VERSION=3.68.0
# The runtime requirements of the generated SDK (its setup.py), and `wheel` to install it offline.
PYTHON_PACKAGES=('pulumi>=3.231.0,<4' 'parver>=0.2.1' 'semver>=2.8.1' 'wheel')

exec 3>&1 1>&2

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=$(bash "$REPO/scripts/pulumi-cli.sh" | tail -1)
VENV="$(dirname "$BIN")/python-venv"
YAML_MOD="$REPO/tools/pulumi-language-yaml"
PY_MOD="$REPO/tools/pulumi-language-python"
GEN_MOD="$REPO/tools/python-sdkgen"
PY_OVERLAYS=("$PY_MOD"/_overlay/*.go "$REPO/tools/host-overlay/wirefields.go")
OUTPUTS=(pulumi-language-yaml pulumi-language-python pulumi-language-python-exec python-sdkgen)

build_inputs_hash() {
  cat "${BASH_SOURCE[0]}" "$YAML_MOD/go.mod" "$PY_MOD/go.mod" "$GEN_MOD/go.mod" "$GEN_MOD/main.go" "${PY_OVERLAYS[@]}" | sha256sum | cut -d' ' -f1
}
STAMP="$BIN/.language-hosts-inputs"

built_from() {
  go version -m "$1" 2>/dev/null | awk -v m="$2" '($1 == "dep" || $1 == "mod") && $2 == m { print $3 }'
}

is_current() {
  [[ "$(cat "$STAMP" 2>/dev/null)" == "$(build_inputs_hash)" ]] || return 1
  local f
  for f in "${OUTPUTS[@]}"; do [[ -x "$BIN/$f" ]] || return 1; done
  [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import pulumi, parver, semver, wheel' 2>/dev/null || return 1
  if command -v go >/dev/null 2>&1; then
    [[ "$(built_from "$BIN/pulumi-language-yaml" github.com/pulumi/pulumi-yaml)" == "v$YAML_HOST_VERSION" ]] || return 1
    [[ "$(built_from "$BIN/pulumi-language-python" github.com/pulumi/pulumi/sdk/v3)" == "v$PYTHON_HOST_VERSION" ]] || return 1
  fi
  return 0
}

if [[ "${LANGUAGE_HOSTS_REBUILD:-0}" != 1 ]] && is_current; then
  echo "language-hosts: reusing pulumi-language-yaml v$YAML_HOST_VERSION + pulumi-language-python v$PYTHON_HOST_VERSION in $BIN"
  printf 'BIN=%q\nVENV=%q\n' "$BIN" "$VENV" >&3
  exit 0
fi

command -v go >/dev/null 2>&1 || { echo "language-hosts: Go (>= 1.25) is required" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "language-hosts: python3 (>= 3.9) is required" >&2; exit 1; }
grep -q "github.com/pulumi/pulumi-yaml v$YAML_HOST_VERSION" "$YAML_MOD/go.mod" || { echo "language-hosts: $YAML_MOD/go.mod does not pin pulumi-yaml v$YAML_HOST_VERSION" >&2; exit 1; }
grep -q "github.com/pulumi/pulumi/sdk/v3 v$PYTHON_HOST_VERSION" "$PY_MOD/go.mod" || { echo "language-hosts: $PY_MOD/go.mod does not pin sdk/v3 v$PYTHON_HOST_VERSION" >&2; exit 1; }

export GOFLAGS="-mod=readonly -buildvcs=false" GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0
PARALLEL=${PULUMI_CLI_BUILD_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
TMP=$(mktemp -d "$BIN/.build-hosts.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

start=$(date +%s)
echo "language-hosts: building pulumi-language-yaml v$YAML_HOST_VERSION, pulumi-language-python v$PYTHON_HOST_VERSION and python-sdkgen (-p $PARALLEL)"
(cd "$YAML_MOD" && go build -p "$PARALLEL" -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_HOST_VERSION" -o "$TMP/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml)
# The host's package, copied into the wrapper module (the module cache is read-only), with v3.68's
# InstallDependencies renamed InstallDependenciesV368 and the overlays added.
PY_SRC="$PY_MOD/.host-src"
rm -rf "$PY_SRC" && mkdir -p "$PY_SRC"
trap 'rm -rf "$TMP" "$PY_SRC"' EXIT
PY_DIR=$(cd "$PY_MOD" && go list -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python)
for f in "$PY_DIR"/*.go; do [[ "$f" == *_test.go ]] || install -m 0644 "$f" "$PY_SRC/"; done
sed -i 's/^func (host \*pythonLanguageHost) InstallDependencies(/func (host *pythonLanguageHost) InstallDependenciesV368(/' "$PY_SRC/main.go"
grep -q '^func (host \*pythonLanguageHost) InstallDependenciesV368(' "$PY_SRC/main.go" || {
  echo "language-hosts: could not set v$PYTHON_HOST_VERSION's InstallDependencies aside in its main.go" >&2
  exit 1
}
for f in "${PY_OVERLAYS[@]}"; do install -m 0644 "$f" "$PY_SRC/overlay_$(basename "$f")"; done
(cd "$PY_MOD" && go build -p "$PARALLEL" -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PYTHON_HOST_VERSION" -o "$TMP/pulumi-language-python" ./.host-src)
SDKDIR=$(cd "$PY_MOD" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
install -m 0755 "$SDKDIR/python/cmd/pulumi-language-python-exec" "$TMP/pulumi-language-python-exec"
# When a component's Construct fails, the engine reports the error, stops the deployment and answers
# the program's pending registrations "resource monitor shut down"; v3.68's shim would then print a
# second error, a traceback of that answer. The shim exits quietly on it instead (exit code 32: the
# error was shown), and prints any other exception as before.
python3 - "$TMP/pulumi-language-python-exec" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
old = """    except Exception:
        error_msg = "Program failed with an unhandled exception:\\n" + _get_user_stacktrace(user_program_abspath)
        pulumi.log.error(error_msg)
"""
new = """    except Exception as e:
        # apigw-vpc overlay: the engine has already reported what stopped the deployment.
        if str(e) != "resource monitor shut down":
            error_msg = "Program failed with an unhandled exception:\\n" + _get_user_stacktrace(user_program_abspath)
            pulumi.log.error(error_msg)
"""
if text.count(old) != 1:
    sys.exit("language-hosts: pulumi-language-python-exec is not the v3.68 shim this build patches")
open(path, "w").write(text.replace(old, new))
PY
(cd "$GEN_MOD" && go build -p "$PARALLEL" -trimpath -ldflags "-s -w" -o "$TMP/python-sdkgen" .)

if ! "$VENV/bin/python" -c 'import pulumi, parver, semver, wheel' 2>/dev/null; then
  echo "language-hosts: making $VENV with ${PYTHON_PACKAGES[*]}"
  [[ -x "$VENV/bin/pip" ]] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PYTHON_PACKAGES[@]}"
fi

for f in "${OUTPUTS[@]}"; do mv -f "$TMP/$f" "$BIN/$f"; done
build_inputs_hash >"$STAMP"
echo "language-hosts: built in $(( $(date +%s) - start ))s"
is_current || { echo "language-hosts: built binaries failed the version check" >&2; exit 1; }
printf 'BIN=%q\nVENV=%q\n' "$BIN" "$VENV" >&3
