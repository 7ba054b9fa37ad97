// Link and InstallDependencies for the v3.68 Python language host, added to its package at build
// time (see scripts/language-hosts.sh). `pulumi package add` generates the SDK into the project's
// sdks/ folder, then calls Link to make it a dependency of the project, then InstallDependencies.
//
//   - Link (newer than v3.68's protocol, so registered here by hand): adds the SDK's folder to the
//     project's requirements.txt, as newer hosts do for pip, and says how to import it.
//   - InstallDependencies: v3.68 makes a virtualenv at the path this host was started with, and
//     newer engines no longer pass one, so v3.68 would turn the project folder itself into a
//     virtualenv. Like Run, this host uses the activated virtualenv (VIRTUAL_ENV): it installs
//     requirements.txt there with that environment's pip, and refuses when none is active.

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Fields of LinkRequest (pulumi/language.proto).
const (
	linkRequestInfoField         = 1 // ProgramInfo info
	linkRequestPackagesField     = 3 // repeated LinkDependency packages
	linkDependencyPackageField   = 1 // PackageDependency package
	linkDependencyPathField      = 2 // string path
	packageDependencyNameField   = 1 // string name
	installDependenciesInfoField = 3 // ProgramInfo info
)

func init() {
	pulumirpc.LanguageRuntime_ServiceDesc.Methods = append(pulumirpc.LanguageRuntime_ServiceDesc.Methods,
		grpc.MethodDesc{MethodName: "Link", Handler: linkHandler})
}

// linkHandler decodes a LinkRequest as an Empty message (its fields all arrive as unknown fields)
// and answers a LinkResponse, whose one field (import_instructions = 1) a StringValue encodes alike.
func linkHandler(
	srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor,
) (any, error) {
	req := &emptypb.Empty{}
	if err := dec(req); err != nil {
		return nil, err
	}
	link := func(ctx context.Context, req any) (any, error) {
		instructions, err := linkIntoRequirements(unknownFields(req.(*emptypb.Empty)))
		if err != nil {
			return nil, err
		}
		return wrapperspb.String(instructions), nil
	}
	if interceptor == nil {
		return link(ctx, req)
	}
	info := &grpc.UnaryServerInfo{Server: srv, FullMethod: "/pulumirpc.LanguageRuntime/Link"}
	return interceptor(ctx, req, info, link)
}

// linkIntoRequirements adds each package's folder to requirements.txt in the program directory.
func linkIntoRequirements(fields []wireField) (string, error) {
	dir := string(lastBytes(wireFields(lastBytes(fields, linkRequestInfoField)), programInfoProgramDirField))
	if dir == "" {
		return "", errors.New("Link: the request names no program directory")
	}
	requirementsPath := filepath.Join(dir, "requirements.txt")
	text, err := os.ReadFile(requirementsPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	lines := strings.Split(strings.TrimRight(string(text), "\n"), "\n")
	if len(text) == 0 {
		lines = nil
	}
	var instructions strings.Builder
	instructions.WriteString("You can then import the SDK in your Python code with:\n\n")
	for _, f := range fields {
		if f.num != linkRequestPackagesField {
			continue
		}
		dep := wireFields(f.bytes)
		path := filepath.ToSlash(string(lastBytes(dep, linkDependencyPathField)))
		name := string(lastBytes(wireFields(lastBytes(dep, linkDependencyPackageField)), packageDependencyNameField))
		if path == "" || name == "" {
			return "", errors.New("Link: a package without a name or a path")
		}
		if !strings.HasPrefix(path, "./") && !filepath.IsAbs(path) {
			path = "./" + path
		}
		present := false
		for _, line := range lines {
			present = present || strings.TrimSpace(line) == path
		}
		if !present {
			lines = append(lines, path)
		}
		module := "pulumi_" + strings.ReplaceAll(name, "-", "_")
		fmt.Fprintf(&instructions, "  import %s as %s\n", module, strings.ReplaceAll(name, "-", "_"))
	}
	if err := os.WriteFile(requirementsPath, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return "", err
	}
	return instructions.String(), nil
}

func (host *pythonLanguageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	// best effort close, but we try an explicit close and error check at the end as well
	defer closer.Close()

	dir := string(lastBytes(wireFields(lastBytes(unknownFields(req), installDependenciesInfoField)), programInfoProgramDirField))
	if dir == "" {
		dir = req.GetDirectory()
	}
	venv := os.Getenv("VIRTUAL_ENV")
	if venv == "" {
		return errors.New("no virtualenv is active: this Python language host installs into the activated " +
			"virtualenv and runs programs with it; create and activate one first " +
			"(python3 -m venv venv && . venv/bin/activate), then run the command again")
	}
	if _, err := os.Stat(filepath.Join(dir, "requirements.txt")); errors.Is(err, os.ErrNotExist) {
		return closer.Close()
	}
	fmt.Fprintf(stdout, "Installing dependencies into the virtualenv %s...\n\n", venv)
	pip := python.VirtualEnvCommand(venv, "python", "-m", "pip", "install", "-r", "requirements.txt")
	pip.Dir = dir
	pip.Env = python.ActivateVirtualEnv(os.Environ(), venv)
	pip.Stdout, pip.Stderr = stdout, stderr
	if err := pip.Run(); err != nil {
		return fmt.Errorf("installing requirements.txt into %s via '%s': %w", venv, strings.Join(pip.Args, " "), err)
	}
	fmt.Fprint(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}
