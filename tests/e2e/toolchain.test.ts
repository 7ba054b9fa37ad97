/**
 * The toolchain every engine test runs on: the engine that scripts/pulumi-cli.sh pins (v3.250 or
 * newer), and the v3.68 Node.js language host beside it, which the engine picks over any other.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  ensurePulumiCli,
  REPO_ROOT,
  runPulumi,
  selectStack,
  stackOutputs,
  writeStackConfig,
  type PulumiWorkspace,
} from "../../support/pulumiRunner";
import { createRestApi, useSandbox, vpceIds } from "../../support/sandbox";
import { sandboxWorkspace, useFixtureStack } from "../../support/engine";
import { awsSdkNodeWarnings, diagnosticsFromEventLog } from "./nodeRuntime";

/** A `NAME=x.y.z` pin of scripts/pulumi-cli.sh. */
function pinned(name: string): string {
  const match = new RegExp(`^${name}=(\\d+\\.\\d+\\.\\d+)$`, "m").exec(readFileSync(join(REPO_ROOT, "scripts/pulumi-cli.sh"), "utf8"));
  assert.ok(match, `scripts/pulumi-cli.sh pins ${name}`);
  return match[1];
}

describe("the Pulumi toolchain", function () {
  this.timeout(180_000);
  const ctx = useSandbox();
  let bin: string;

  before(() => {
    bin = ensurePulumiCli();
  });

  it("`pulumi version` prints the pinned engine, v3.250.0 or newer", () => {
    const engine = pinned("ENGINE_VERSION");
    const printed = execFileSync(join(bin, "pulumi"), ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
    assert.equal(printed, `v${engine}`);
    const [major, minor] = engine.split(".").map(Number);
    assert.ok(major > 3 || (major === 3 && minor >= 250), `v${engine} is older than v3.250.0`);
  });

  it("the Node.js language host beside it is built from sdk/v3 at the pinned host version", () => {
    const info = execFileSync("go", ["version", "-m", join(bin, "pulumi-language-nodejs")], { encoding: "utf8" });
    assert.match(info, new RegExp(`\\sgithub\\.com/pulumi/pulumi/sdk/v3\\s+v${pinned("NODEJS_HOST_VERSION").replace(/\./g, "\\.")}\\s`));
  });

  describe("a program run", () => {
    const dir = join(REPO_ROOT, "tests/fixtures/import-stack");
    const stack = `toolchain-${Date.now().toString(36)}`;
    let ws: PulumiWorkspace;
    before(async () => {
      ws = sandboxWorkspace(ctx.sandbox, dir);
      await selectStack(ws, stack);
    });
    after(async () => {
      await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
      rmSync(join(dir, `Pulumi.${stack}.yaml`), { force: true });
      rmSync(ws.stateDir, { recursive: true, force: true });
    });

    it("uses the language host next to the CLI, never one from $PATH", async () => {
      // The program may fail for want of config: the host has been chosen by then. The CLI logs
      // the host's real path (a symlinked .tools resolved).
      const { stderr: log } = await runPulumi(ws, ["preview", "-v=6", "--logtostderr", "--stack", stack]);
      assert.match(
        log,
        new RegExp(
          `GetPluginPath\\(language, nodejs, .*found next to current executable ${realpathSync(join(bin, "pulumi-language-nodejs")).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`,
        ),
      );
      assert.doesNotMatch(log, /using pulumi-language-nodejs from \$PATH/);
    });
  });

  describe("a program and its dynamic providers", () => {
    const fixture = useFixtureStack(ctx, "node-runtime-stack", "node-runtime");

    it("run on Node.js 22 or newer, so an up shows no AWS SDK Node.js version warning among its diagnostics", async () => {
      const { ws, stack } = fixture;
      ws.env.PULUMI_DEBUG_COMMANDS = "true"; // enables --event-log
      await selectStack(ws, stack);
      writeStackConfig(ws, stack, {
        "aws:region": "us-east-1",
        restApiId: await createRestApi({ name: "node-runtime" }),
        vpcEndpointIds: vpceIds(1),
      });
      const eventLog = join(ws.stateDir, "up-events.jsonl");
      const up = await runPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", stack, "--event-log", eventLog]);
      assert.equal(up.code, 0, up.stdout + up.stderr);
      const outputs = await stackOutputs(ws, ["--stack", stack]);
      assert.ok(Number(/^v(\d+)\./.exec(String(outputs.nodeVersion))?.[1]) >= 22, `the program ran on ${String(outputs.nodeVersion)}`);
      assert.equal((outputs.apiVpcEndpointIds as string[]).length, 1, "the provider created the association through the AWS SDK");
      const diagnostics = diagnosticsFromEventLog(eventLog);
      assert.ok(existsSync(eventLog), "the event log was written");
      assert.deepEqual(awsSdkNodeWarnings([...diagnostics, up.stdout, up.stderr]), []);
      await runPulumi(ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    });

    it("the warning filter recognises the AWS SDK's Node.js 20 notice", () => {
      const notice = [
        "(node:4242) NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)",
        "versions published after the first week of January 2027",
        "will require node >=22. You are running node v20.20.2.",
      ].join("\n");
      assert.deepEqual(awsSdkNodeWarnings([notice, "created association"]), [notice]);
    });
  });
});
