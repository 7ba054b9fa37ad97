// InstallDependencies for the v3.68 Node.js language host, added at build time in place of
// v3.68's own (see scripts/pulumi-cli.sh). v3.68 runs `npm install` in the directory the engine
// names. Newer engines also call it for a source-based plugin before they run it (`is_plugin`),
// and a plugin that ships inside an npm package (node_modules/<package>/<folder>) already has
// its dependencies, installed by npm with the package: an `npm install` there would add a second
// copy of them (devDependencies and peers included) inside node_modules. So for a plugin whose
// `@pulumi/pulumi/cmd/run-plugin` already resolves, this reports that and installs nothing;
// everything else goes to v3.68's own method (renamed InstallDependenciesV368 by the build).

package main

import (
	"fmt"
	"os/exec"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Fields of InstallDependenciesRequest that newer engines send and v3.68 does not declare.
const (
	installDependenciesInfoField     = 3 // ProgramInfo info
	installDependenciesIsPluginField = 5 // bool is_plugin
)

func (host *nodeLanguageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	fields := unknownFields(req)
	dir := string(lastBytes(wireFields(lastBytes(fields, installDependenciesInfoField)), programInfoProgramDirField))
	if dir == "" {
		dir = req.GetDirectory()
	}
	if lastBool(fields, installDependenciesIsPluginField) {
		if nodeBin, err := exec.LookPath("node"); err == nil {
			if _, err := resolveModule(nodeBin, dir, "@pulumi/pulumi/cmd/run-plugin"); err == nil {
				closer, stdout, _, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
				if err != nil {
					return err
				}
				defer closer.Close()
				fmt.Fprintf(stdout, "The plugin's dependencies are installed (the plugin in %s resolves @pulumi/pulumi)\n\n", dir)
				return closer.Close()
			}
		}
	}

	return host.InstallDependenciesV368(req, server)
}
