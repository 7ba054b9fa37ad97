module pulumi-apigw-vpc/tools/pulumi-cli

go 1.20

// Replace directives of dependencies are ignored by Go, so the main module
// restates the ones declared by github.com/pulumi/pulumi/pkg/v3 and
// github.com/pulumi/pulumi/sdk/v3 at the pinned version (v3.68.0).

// pkg/v3: working around https://github.com/sergi/go-diff/issues/123
replace github.com/sergi/go-diff => github.com/sergi/go-diff v1.1.0

// pkg/v3
replace github.com/xanzy/ssh-agent => github.com/pulumi/ssh-agent v0.5.1

// sdk/v3
replace golang.org/x/text => golang.org/x/text v0.3.6

require (
	github.com/pulumi/pulumi/pkg/v3 v3.68.0
	github.com/pulumi/pulumi/sdk/v3 v3.68.0
)

tool (
	github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
	github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
)
