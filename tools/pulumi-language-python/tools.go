//go:build tools

// Package tools records the Python language host that scripts/language-hosts.sh builds, so that
// `go mod tidy` keeps its module as a direct requirement. It is never compiled.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
