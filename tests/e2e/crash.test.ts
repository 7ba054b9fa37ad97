/**
 * Crash safety under the real engine: `pulumi up` (the CLI, its language host and the dynamic
 * provider hosts) is killed with SIGKILL while VPC links are PENDING and the association's
 * UpdateRestApi is in flight. The README's recovery steps then end with exactly the declared
 * links and endpoint ids, and no leaked link.
 */
import * as assert from "node:assert/strict";
import { randomAwsId } from "../../local";
import { killRun, mustRunPulumi, processesOfRun, runPulumi, selectStack, writeStackConfig } from "../../support/pulumiRunner";
import { apiEndpointIds, createRestApi, useSandbox, vpceIds } from "../../support/sandbox";
import { useFixtureStack } from "../../support/engine";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe("SIGKILL of `pulumi up` mid-flight, then the README's recovery steps", function () {
  this.timeout(600_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 5000, vpcLinkDeleteMs: 100, dnsPropagationMs: 100 } });
  const fixture = useFixtureStack(ctx, "crash-stack", "crash");
  const { stack } = fixture;

  it("ends with exactly the declared links and ids, no leaked link, and no process left", async () => {
    const control = ctx.sandbox.control;
    const [foreign, ...ids] = vpceIds(4);
    const restApiId = await createRestApi({ name: "crash", vpcEndpointIds: [foreign] }); // a foreign id nothing of ours may remove
    const { ws } = fixture;
    await selectStack(ws, stack);
    const config = {
      "aws:region": "us-east-1",
      "apigw-vpc-crash-fixture:count": 3,
      "apigw-vpc-crash-fixture:subnetIds": [randomAwsId("subnet")],
      "apigw-vpc-crash-fixture:restApiId": restApiId,
      "apigw-vpc-crash-fixture:vpcEndpointIds": ids,
    };
    writeStackConfig(ws, stack, config);
    // The patch is applied 3 s after it arrives: the CLI dies while it is in flight.
    control.injectFaults("UpdateRestApi", { latencyMs: 3000 });
    control.clearRequestLog();

    // WHEN `pulumi up` is killed mid-flight, with every process of the run
    let runId: string | undefined;
    const up = runPulumi(ws, ["up", "--yes", "--skip-preview", "--parallel", "10", "--stack", stack], { onStart: (id) => (runId = id) });
    try {
      await until(
        "a PENDING link and an UpdateRestApi in flight",
        () =>
          control.state().vpcLinks.some((l) => l.vpcLinkStatus === "PENDING") &&
          control.requestLog({ operation: "UpdateRestApi" }).length > 0,
      );
    } catch (e) {
      if (runId) killRun(runId);
      await up.catch(() => undefined);
      throw e;
    }
    assert.ok(runId, "the update started");
    const killed = processesOfRun(runId).length;
    killRun(runId);
    assert.ok(killed >= 3, `killed the CLI with its language host and provider hosts (${killed} processes)`);
    // runPulumi rejects if any process of the run outlives the kill.
    assert.equal((await up).signal, "SIGKILL");
    assert.ok(
      control.state().vpcLinks.some((l) => l.vpcLinkStatus === "PENDING"),
      "killed while a link was PENDING",
    );
    control.clearFaults();

    // THEN the README's recovery steps converge
    await mustRunPulumi(ws, ["cancel", "--yes", "--stack", stack]);
    await mustRunPulumi(ws, ["refresh", "--clear-pending-creates", "--yes", "--skip-preview", "--stack", stack]);
    writeStackConfig(ws, stack, { ...config, "apigw-vpc-crash-fixture:importExisting": true });
    await mustRunPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", stack]);

    const links = control.state().vpcLinks;
    assert.deepEqual(
      links.map((l) => l.name).sort(),
      ["link-0", "link-1", "link-2"],
      "exactly the declared links: none leaked, none doubled",
    );
    const created = control.requestLog({ operation: "CreateVpcLink" }).filter((e) => e.status === 201).length;
    assert.equal(created, 3, "links made before the kill were adopted by their creation token, not made again");
    const outputs = JSON.parse(await mustRunPulumi(ws, ["stack", "output", "--json", "--stack", stack])) as { vpcLinkIds: string[] };
    assert.deepEqual([...outputs.vpcLinkIds].sort(), links.map((l) => l.vpcLinkId).sort(), "the state holds every link that exists");
    assert.deepEqual(await apiEndpointIds(restApiId), [foreign, ...ids].sort());

    await mustRunPulumi(ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    await sleep(200); // the last link's DELETING phase
    assert.deepEqual(control.state().vpcLinks, []);
    assert.deepEqual(await apiEndpointIds(restApiId), [foreign], "our ids removed, the foreign one kept");
    // Every command above ran through runPulumi, which fails on any process left behind.
  });
});
