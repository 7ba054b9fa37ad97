//go:build tools

// Package tools records the YAML language host that scripts/language-hosts.sh builds, so that
// `go mod tidy` keeps its module as a direct requirement. It is never compiled.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
