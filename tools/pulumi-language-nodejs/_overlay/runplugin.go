// RunPlugin for the v3.68 Node.js language host, added to its package at build time (a
// `go build -overlay`, see scripts/pulumi-cli.sh) in place of v3.68's own RunPlugin, which
// answers "not supported". Newer engines start a Node.js policy pack through this call
// whenever a `nodejs` language host is installed, so without it `--policy-pack` fails.
//
// It does what the `pulumi-analyzer-policy` shim did for older engines: in the pack's
// directory, resolve `@pulumi/pulumi/cmd/run-policy-pack` and run it with node, passing the
// engine's arguments and the program directory, and stream its output and exit code back.

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of RunPluginRequest and ProgramInfo that newer engines send and the v3.68
// messages do not declare: they arrive as unknown fields.
const (
	runPluginRequestInfoField  = 5 // ProgramInfo info
	runPluginRequestKindField  = 6 // string kind
	programInfoProgramDirField = 2 // string program_directory
)

// newerRunPluginFields reads `info.program_directory` and `kind` from the request's unknown fields.
func newerRunPluginFields(req *pulumirpc.RunPluginRequest) (programDir string, kind string) {
	for num, value := range unknownBytesFields(req.ProtoReflect().GetUnknown()) {
		switch num {
		case runPluginRequestInfoField:
			programDir = string(unknownBytesFields(value)[programInfoProgramDirField])
		case runPluginRequestKindField:
			kind = string(value)
		}
	}
	return programDir, kind
}

// unknownBytesFields decodes the length-delimited fields of a protobuf message (last one wins).
func unknownBytesFields(raw []byte) map[protowire.Number][]byte {
	fields := map[protowire.Number][]byte{}
	for len(raw) > 0 {
		num, typ, n := protowire.ConsumeTag(raw)
		if n < 0 {
			return fields
		}
		raw = raw[n:]
		if typ == protowire.BytesType {
			value, m := protowire.ConsumeBytes(raw)
			if m < 0 {
				return fields
			}
			fields[num] = value
			raw = raw[m:]
			continue
		}
		m := protowire.ConsumeFieldValue(num, typ, raw)
		if m < 0 {
			return fields
		}
		raw = raw[m:]
	}
	return fields
}

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

func (host *nodeLanguageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	programDir, kind := newerRunPluginFields(req)
	if programDir == "" {
		programDir = req.GetProgram()
	}
	if kind != "" && kind != "analyzer" {
		return fmt.Errorf("running a %s plugin written in Node.js is not supported by this language host", kind)
	}
	if programDir == "" {
		return errors.New("RunPlugin: the request names no program directory")
	}

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	resolve := exec.Command(nodeBin, "-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")
	resolve.Dir = programDir
	out, err := resolve.Output()
	if err != nil {
		return fmt.Errorf("it looks like the policy pack's dependencies are not installed; "+
			"try running npm install in %q (Cannot find module '@pulumi/pulumi/cmd/run-policy-pack')", programDir)
	}
	runPolicyPack := strings.TrimSpace(string(out))

	args := append([]string{runPolicyPack}, req.GetArgs()...)
	args = append(args, ".")
	cmd := exec.Command(nodeBin, args...)
	cmd.Dir = programDir
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	cmd.Stdout = streamWriter{server: server}
	cmd.Stderr = streamWriter{server: server, stderr: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting the policy pack in %q: %w", programDir, err)
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
