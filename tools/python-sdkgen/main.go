// Command python-sdkgen writes the Python SDK of a package schema with Pulumi's own Python code
// generator (pkg/v3/codegen/python at the engine's version), the function that newer Python
// language hosts call to answer `pulumi package gen-sdk --language python`. The v3.68 Python
// host that scripts/language-hosts.sh builds predates that RPC (GeneratePackage), so
// scripts/python-sdk.sh fetches the schema with `pulumi package get-schema` and runs this.
//
// Usage: python-sdkgen SCHEMA.json OUT_DIR
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "python-sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("usage: python-sdkgen SCHEMA.json OUT_DIR")
	}
	text, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("reading %s: %w", args[0], err)
	}
	// The schema references no other package: a loader that loads none is enough.
	pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return diags
	}
	files, err := python.GeneratePackage("pulumi-language-python", pkg, nil, nil)
	if err != nil {
		return err
	}
	for name, content := range files {
		path := filepath.Join(args[1], name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}
