// RunPlugin for the v3.68 Node.js language host, added to its package at build time (see
// scripts/pulumi-cli.sh) in place of v3.68's own RunPlugin, which answers "not supported".
// Newer engines start two kinds of Node.js plugin through this call:
//
//   - a policy pack (kind "analyzer"), whenever a `nodejs` language host is installed: resolve
//     `@pulumi/pulumi/cmd/run-policy-pack` in the pack's directory and run it there with the
//     engine's arguments and the pack's directory last, as the old pulumi-analyzer-policy shim did;
//   - a source-based provider (kind "resource"): a folder with PulumiPlugin.yaml (`runtime:
//     nodejs`), such as one `pulumi package add` names: resolve `@pulumi/pulumi/cmd/run-plugin`
//     in that folder and run it with the folder first and the engine's arguments after, in the
//     engine's working directory, as newer Node.js hosts do.
//
// The plugin's stdout and stderr stream back to the engine (the provider prints its port on
// stdout), then its exit code.

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Fields of RunPluginRequest that newer engines send and v3.68 does not declare.
const (
	runPluginRequestInfoField = 5 // ProgramInfo info
	runPluginRequestKindField = 6 // string kind
)

// streamWriter sends what a plugin writes to stdout or stderr to the engine.
type streamWriter struct {
	server pulumirpc.LanguageRuntime_RunPluginServer
	stderr bool
}

func (w streamWriter) Write(p []byte) (int, error) {
	data := bytes.Clone(p)
	var resp pulumirpc.RunPluginResponse
	if w.stderr {
		resp.Output = &pulumirpc.RunPluginResponse_Stderr{Stderr: data}
	} else {
		resp.Output = &pulumirpc.RunPluginResponse_Stdout{Stdout: data}
	}
	if err := w.server.Send(&resp); err != nil {
		return 0, err
	}
	return len(p), nil
}

// resolveModule resolves a module as code in dir would require it, with node.
func resolveModule(nodeBin, dir, module string) (string, error) {
	resolve := exec.Command(nodeBin, "-e", fmt.Sprintf("console.log(require.resolve(%q))", module))
	resolve.Dir = dir
	out, err := resolve.Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func (host *nodeLanguageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	fields := unknownFields(req)
	programDir := string(lastBytes(wireFields(lastBytes(fields, runPluginRequestInfoField)), programInfoProgramDirField))
	kind := string(lastBytes(fields, runPluginRequestKindField))
	if programDir == "" {
		programDir = req.GetProgram()
	}
	if programDir == "" {
		return errors.New("RunPlugin: the request names no program directory")
	}

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}

	var module, workDir string
	var args []string
	switch kind {
	case "", "analyzer":
		module, workDir = "@pulumi/pulumi/cmd/run-policy-pack", programDir
		args = append(append([]string{}, req.GetArgs()...), ".")
	case "resource":
		module, workDir = "@pulumi/pulumi/cmd/run-plugin", req.GetPwd()
		args = append([]string{programDir}, req.GetArgs()...)
	default:
		return fmt.Errorf("running a %s plugin written in Node.js is not supported by this language host", kind)
	}
	if workDir == "" {
		workDir = programDir
	}
	entry, err := resolveModule(nodeBin, programDir, module)
	if err != nil {
		return fmt.Errorf("it looks like the plugin's dependencies are not installed; "+
			"try running npm install in %q (Cannot find module '%s')", programDir, module)
	}

	cmd := exec.Command(nodeBin, append([]string{entry}, args...)...)
	cmd.Dir = workDir
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	cmd.Stdout = streamWriter{server: server}
	cmd.Stderr = streamWriter{server: server, stderr: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting the plugin in %q: %w", programDir, err)
	}
	// The engine cancels the call to stop the plugin.
	go func() {
		<-server.Context().Done()
		_ = cmd.Process.Kill()
	}()
	exitCode := 0
	if err := cmd.Wait(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return err
		}
		exitCode = exitErr.ExitCode()
	}
	return server.Send(&pulumirpc.RunPluginResponse{
		Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(exitCode)},
	})
}
