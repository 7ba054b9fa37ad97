/**
 * The toolchain every engine test runs on: the engine that scripts/pulumi-cli.sh pins (v3.250 or
 * newer), and the v3.68 Node.js language host beside it, which the engine picks over any other.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensurePulumiCli, REPO_ROOT, runPulumi, selectStack, type PulumiWorkspace } from "../../support/pulumiRunner";
import { useSandbox } from "../../support/sandbox";
import { sandboxWorkspace } from "../../support/engine";

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
      // The program may fail for want of config: the host has been chosen by then.
      const { stderr: log } = await runPulumi(ws, ["preview", "-v=6", "--logtostderr", "--stack", stack]);
      assert.match(
        log,
        new RegExp(
          `GetPluginPath\\(language, nodejs, .*found next to current executable ${join(bin, "pulumi-language-nodejs").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`,
        ),
      );
      assert.doesNotMatch(log, /using pulumi-language-nodejs from \$PATH/);
    });
  });
});
