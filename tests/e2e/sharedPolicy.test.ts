/**
 * Two stacks share one PRIVATE API's resource policy under the real engine: each attaches its own
 * invoke statement (PrivateApiAccess with attachInvokePolicy, through RestApiPolicyStatements),
 * both `up`s run at once while the sandbox slows reads (so both read the same policy and one write
 * is overwritten) and throws 429s, 5xx and lost answers. After both ups and one destroy the policy
 * holds exactly the survivor's statement plus the foreign ones, in their order. Through the
 * sandbox's invoke plane, each team's endpoint is let in after its up, with no manual step.
 */
import * as assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, runPulumi, selectStack, stackOutputs, writeStackConfig, type PulumiResult } from "../../support/pulumiRunner";
import { sandboxWorkspace } from "../../support/engine";
import { policySids, sharedPolicyApi } from "../../support/sharedPolicy";
import { TEST_REGION, useSandbox } from "../../support/sandbox";
import { endpointNetwork, invokeApi } from "../../support/invoke";

const FIXTURE = join(REPO_ROOT, "tests/fixtures/shared-policy-stack");
const KEY = "apigw-vpc-shared-policy-fixture";

describe("two stacks own one statement each in one API's policy, under faults (real engine)", function () {
  this.timeout(480_000);
  const ctx = useSandbox();
  const control = () => ctx.sandbox.control;
  const suffix = Date.now().toString(36);
  const stacks = [`e2e-team-a-${suffix}`, `e2e-team-b-${suffix}`];
  let ws: ReturnType<typeof sandboxWorkspace>;
  before(() => {
    ws = sandboxWorkspace(ctx.sandbox, FIXTURE);
  });
  after(async () => {
    control().clearFaults();
    for (const stack of stacks) {
      await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
      rmSync(join(FIXTURE, `Pulumi.${stack}.yaml`), { force: true });
    }
    rmSync(ws.stateDir, { recursive: true, force: true });
  });

  const faultsOn = () => {
    control().injectFaults("GetRestApi", { latencyMs: 200, probabilities: { 429: 0.1, 500: 0.05 } });
    control().injectFaults("UpdateRestApi", { probabilities: { 429: 0.1, 409: 0.05, 500: 0.05, lost: 0.3 }, sequence: ["lost"] });
    control().injectFaults("CreateDeployment", { probabilities: { 429: 0.2 } });
  };

  /** A command, rerun (at most 3 times) until it exits 0, as a user would; returns the failed attempts' outputs. */
  async function converge(stack: string, args: string[]): Promise<string[]> {
    const failures: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const result: PulumiResult = await runPulumi(ws, [...args, "--yes", "--skip-preview", "--stack", stack]);
      if (result.code === 0) return failures;
      failures.push(result.stdout + result.stderr);
    }
    throw new Error(`pulumi ${args.join(" ")} failed 3 times:\n${failures.join("\n---\n")}`);
  }

  it("both ups keep both statements; one destroy leaves the survivor's plus the foreign ones, in order", async () => {
    const endpoints = [(await endpointNetwork({ octet: 1 })).vpcEndpointId, (await endpointNetwork({ octet: 2 })).vpcEndpointId];
    const restApiId = await sharedPolicyApi();
    const invoke = async (vpcEndpointId: string) => {
      const r = await invokeApi({ endpoint: ctx.sandbox.endpoint, restApiId, vpcEndpointId, stage: "prod" });
      return r.answered ? r.status : 0;
    };
    for (const e of endpoints) assert.notEqual(await invoke(e), 200, "no team is let in before its up");
    for (const [i, stack] of stacks.entries()) {
      await selectStack(ws, stack);
      writeStackConfig(ws, stack, {
        "aws:region": TEST_REGION,
        [`${KEY}:restApiId`]: restApiId,
        [`${KEY}:vpcEndpointIds`]: [endpoints[i]],
      });
    }
    control().clearRequestLog();
    faultsOn();
    await Promise.all(stacks.map((stack) => converge(stack, ["up"])));
    control().clearFaults();
    const [sidA, sidB] = await Promise.all(stacks.map(async (stack) => (await stackOutputs(ws, ["--stack", stack])).sid as string));
    assert.notEqual(sidA, sidB);
    const afterUps = await policySids(restApiId);
    assert.deepEqual(afterUps.slice(0, 2), ["ForeignA", "ForeignB"], "the foreign statements keep their place");
    assert.deepEqual(afterUps.slice(2).sort(), [sidA, sidB].sort(), "no statement lost");
    const log = control().requestLog();
    assert.ok(
      log.some((e) => e.errorType === "ResponseLost"),
      "a write's answer was lost",
    );
    assert.ok(
      log.some((e) => e.operation === "CreateDeployment" && e.status >= 200 && e.status < 300),
      "the stage was redeployed",
    );
    assert.deepEqual([await invoke(endpoints[0]), await invoke(endpoints[1])], [200, 200], "both teams are let in, with no manual step");

    faultsOn();
    await converge(stacks[0], ["destroy"]);
    control().clearFaults();
    assert.deepEqual(await policySids(restApiId), ["ForeignA", "ForeignB", sidB]);
    assert.equal(await invoke(endpoints[1]), 200, "the survivor is still let in");
    assert.notEqual(await invoke(endpoints[0]), 200, "the destroyed team is not");

    await converge(stacks[1], ["destroy"]);
    assert.deepEqual(await policySids(restApiId), ["ForeignA", "ForeignB"]);
  });
});
