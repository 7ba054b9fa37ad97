/**
 * The runner's own guarantees, which every engine test relies on: a CLI run that leaves a
 * process behind fails, and the leftovers are killed.
 */
import * as assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { processesOfRun, REPO_ROOT, runPulumi, selectStack, type PulumiWorkspace } from "../../support/pulumiRunner";
import { useSandbox } from "../../support/sandbox";
import { sandboxWorkspace } from "../../support/engine";

describe("the Pulumi CLI runner", function () {
  this.timeout(120_000);
  const ctx = useSandbox();
  const dir = join(REPO_ROOT, "tests/fixtures/leaky-stack");
  const stack = `leaky-${Date.now().toString(36)}`;
  let ws: PulumiWorkspace;

  before(async () => {
    ws = sandboxWorkspace(ctx.sandbox, dir);
    await selectStack(ws, stack);
  });
  after(() => {
    rmSync(join(dir, `Pulumi.${stack}.yaml`), { force: true });
    rmSync(ws.stateDir, { recursive: true, force: true });
  });

  it("fails a run that leaves a process behind, names it, and kills it", async () => {
    let runId = "";
    await assert.rejects(runPulumi(ws, ["preview", "--stack", stack], { onStart: (id) => (runId = id) }), (error: Error) =>
      /left 1 process\(es\) behind:\n\d+ sleep 300/.test(error.message),
    );
    assert.notEqual(runId, "");
    assert.deepEqual(processesOfRun(runId), []);
  });
});
