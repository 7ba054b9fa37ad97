#!/usr/bin/env bash
# Installs the AWS CLI v1 (`awscli` from PyPI, pinned) into a virtualenv of its own, for the
# sandbox suite's AWS CLI check (tests/local/awsCli.test.ts) and conformance test
# (tests/local/conformance.test.ts). The pinned awscli pins its botocore exactly, and botocore
# ships AWS's service models (botocore/data/<service>/<date>/service-2.json[.gz]): the
# conformance test reads the apigateway, apigatewayv2 and ec2 models from this install, so the
# models are fetched at a pinned version, not committed.
#
# The virtualenv goes to $APIGW_VPC_AWSCLI_DIR, default .cache/awscli in the repository (ignored
# by git). It is reused when it already holds the pinned version.
#
# Usage:  bash scripts/aws-cli.sh      # prints the virtualenv's path last
set -euo pipefail
exec 3>&1 1>&2

AWSCLI_VERSION=1.46.3

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${APIGW_VPC_AWSCLI_DIR:-$REPO/.cache/awscli}

installed() {
  [[ -x "$DIR/bin/aws" ]] && [[ "$("$DIR/bin/python" -c 'import awscli; print(awscli.__version__)' 2>/dev/null)" == "$AWSCLI_VERSION" ]]
}

if ! installed; then
  echo "aws-cli: installing awscli $AWSCLI_VERSION into $DIR"
  rm -rf "$DIR"
  python3 -m venv "$DIR"
  "$DIR/bin/python" -m pip install --quiet --disable-pip-version-check "awscli==$AWSCLI_VERSION"
fi
installed || { echo "aws-cli: awscli $AWSCLI_VERSION is not usable in $DIR" >&2; exit 1; }
echo "aws-cli: $("$DIR/bin/aws" --version 2>&1)"
echo "$DIR" >&3
