//go:build tools

// Package tools records the two Pulumi programs that scripts/pulumi-cli.sh
// builds, so that `go mod tidy` keeps their modules as direct requirements.
// It is never compiled (the "tools" build tag is never set).
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
)
