/**
 * Crash safety under the real engine: `pulumi up` (the CLI, its language host and the dynamic
 * provider hosts) is killed with SIGKILL at each point of a create, while VPC links are PENDING:
 *
 *   before the patch   -> the association's journal write (TagResource) is in flight
 *   after the patch    -> its UpdateRestApi is in flight: it lands after the kill, so the ids are
 *                         on the API but the engine never records them
 *
 * The README's three recovery commands, with no flag (no `importExisting`), then end with exactly
 * the declared links and ids, the journal cleared, and `destroy` leaves only the foreign id.
 */
import * as assert from "node:assert/strict";
import { createNetwork } from "../../support/network";
import { JOURNAL_TAG_PREFIX } from "../../provider/ownershipJournal";
import { killRun, mustRunPulumi, processesOfRun, runPulumi, selectStack, writeStackConfig } from "../../support/pulumiRunner";
import { apiEndpointIds, createRestApi, useSandbox, v1Client, vpceIds } from "../../support/sandbox";
import { useFixtureStack } from "../../support/engine";
import { GetRestApiCommand } from "@aws-sdk/client-api-gateway";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The journal tags on the API (none once every create has returned). */
async function journalTagsOn(restApiId: string): Promise<string[]> {
  const api = await v1Client().send(new GetRestApiCommand({ restApiId }));
  return Object.keys(api.tags ?? {}).filter((k) => k.startsWith(JOURNAL_TAG_PREFIX));
}

/** Where the run dies: the request held in flight (3 s) when SIGKILL comes. */
const KILL_POINTS = [
  { point: "before the patch (the journal write in flight)", operation: "TagResource", restApiOnly: true, patched: false },
  {
    point: "after the patch, before the engine records it (UpdateRestApi in flight)",
    operation: "UpdateRestApi",
    restApiOnly: false,
    patched: true,
  },
] as const;

describe("SIGKILL of `pulumi up` at each point of a create, then the README's three recovery commands", function () {
  this.timeout(600_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 5000, vpcLinkDeleteMs: 100, dnsPropagationMs: 100 } });
  const fixture = useFixtureStack(ctx, "crash-stack", "crash");
  const { stack } = fixture;

  for (const kill of KILL_POINTS) {
    it(`killed ${kill.point}: exactly the declared links and ids, no flag, and destroy leaves nothing of ours`, async () => {
      const control = ctx.sandbox.control;
      const [foreign, ...ids] = vpceIds(4);
      const restApiId = await createRestApi({ name: "crash", vpcEndpointIds: [foreign] }); // a foreign id nothing of ours may remove
      const { subnetIds } = await createNetwork({ subnets: 1, groups: 0 });
      const { ws } = fixture;
      await selectStack(ws, stack);
      writeStackConfig(ws, stack, {
        "aws:region": "us-east-1",
        "apigw-vpc-crash-fixture:count": 3,
        "apigw-vpc-crash-fixture:subnetIds": subnetIds,
        "apigw-vpc-crash-fixture:restApiId": restApiId,
        "apigw-vpc-crash-fixture:vpcEndpointIds": ids,
      });
      control.clearRequestLog();
      control.injectFaults(kill.operation, { latencyMs: 3000 });
      const inFlight = () =>
        control
          .requestLog({ operation: kill.operation })
          .some((e) => !kill.restApiOnly || String(e.params.resourceArn ?? "").includes(`/restapis/${restApiId}`));

      // WHEN `pulumi up` is killed at this point, with every process of the run
      let runId: string | undefined;
      const up = runPulumi(ws, ["up", "--yes", "--skip-preview", "--parallel", "10", "--stack", stack], { onStart: (id) => (runId = id) });
      try {
        await until(
          `a PENDING link and ${kill.operation} in flight`,
          () => control.state().vpcLinks.some((l) => l.vpcLinkStatus === "PENDING") && inFlight(),
        );
      } catch (e) {
        if (runId) killRun(runId);
        await up.catch(() => undefined);
        throw e;
      }
      assert.ok(runId, "the update started");
      // A quiet second: the engine writes its checkpoint as each step starts, and the test backend
      // writes it in place (no temp file), so a kill during that write would leave an empty checkpoint.
      await sleep(1_000);
      const killed = processesOfRun(runId).length;
      killRun(runId);
      assert.ok(killed >= 3, `killed the CLI with its language host and provider hosts (${killed} processes)`);
      // runPulumi rejects if any process of the run outlives the kill.
      assert.equal((await up).signal, "SIGKILL");
      await sleep(2_200); // the held request lands, as AWS finishes a request whose caller died
      control.clearFaults();
      assert.deepEqual(await apiEndpointIds(restApiId), kill.patched ? [foreign, ...ids].sort() : [foreign], "the kill came at this point");
      assert.ok((await journalTagsOn(restApiId)).length > 0, "the journal names the ids the killed create was adding");

      // THEN the README's three commands converge, with no flag
      await mustRunPulumi(ws, ["cancel", "--yes", "--stack", stack]);
      await mustRunPulumi(ws, ["refresh", "--clear-pending-creates", "--yes", "--skip-preview", "--stack", stack]);
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
      assert.deepEqual(await journalTagsOn(restApiId), [], "the journal is cleared once the create returns");

      await mustRunPulumi(ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
      await sleep(200); // the last link's DELETING phase
      assert.deepEqual(control.state().vpcLinks, []);
      assert.deepEqual(await apiEndpointIds(restApiId), [foreign], "our ids removed (the claimed ones too), the foreign one kept");
      // Every command above ran through runPulumi, which fails on any process left behind.
    });
  }
});
