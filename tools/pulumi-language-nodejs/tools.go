//go:build tools

// Package tools records the Node.js language host that scripts/pulumi-cli.sh builds, so that
// `go mod tidy` keeps its module as a direct requirement. It is never compiled.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
