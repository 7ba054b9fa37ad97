// GeneratePackage for the v3.68 Python language host, added to its package at build time (see
// scripts/language-hosts.sh). v3.68 declares the call but does not implement it, and
// `pulumi package add` and `pulumi package gen-sdk --language python` need it. The code generator
// is pkg/v3's at the engine's version, which needs a newer sdk/v3 than this host is built with,
// so it runs as its own binary beside the host: python-sdkgen (tools/python-sdkgen).

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func (host *pythonLanguageHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	generator := filepath.Join(filepath.Dir(self), "python-sdkgen")

	schemaFile, err := os.CreateTemp("", "pulumi-python-schema-*.json")
	if err != nil {
		return nil, err
	}
	defer os.Remove(schemaFile.Name())
	if _, err := schemaFile.WriteString(req.GetSchema()); err != nil {
		schemaFile.Close()
		return nil, err
	}
	if err := schemaFile.Close(); err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, generator, schemaFile.Name(), req.GetDirectory())
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("generating the Python SDK with %s: %w\n%s", generator, err, out)
	}
	// The files the caller adds to the package (`--overlays`), as newer hosts write them.
	for name, data := range req.GetExtraFiles() {
		path := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{}, nil
}
