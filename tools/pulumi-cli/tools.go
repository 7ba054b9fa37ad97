//go:build tools

// Package tools records the Pulumi engine that scripts/pulumi-cli.sh builds, so that
// `go mod tidy` keeps its module as a direct requirement. It is never compiled.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
