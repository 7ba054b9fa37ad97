/**
 * PrivateRestApiIntegration under the real Pulumi engine, against the sandbox: a link, two
 * integrations and a stage go through up, a target change and destroy, with one deployment per
 * up, no in-use error on the link's delete, no leaked link and no process left behind.
 */
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { GetIntegrationCommand, GetStageCommand } from "@aws-sdk/client-api-gateway";
import { createNetwork } from "../../support/network";
import { mustRunPulumi, runPulumi, selectStack, stackOutputs, writeStackConfig } from "../../support/pulumiRunner";
import { loadBalancerArn, restApiWithMethods } from "../../support/restFixtures";
import { useSandbox, v1Client } from "../../support/sandbox";
import { useFixtureStack } from "../../support/engine";

/** Pids of live processes whose environment holds `marker` (the stack's state dir). */
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, "latin1").includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return pids;
}

describe("PrivateRestApiIntegration under the real Pulumi engine", function () {
  this.timeout(300_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 200, vpcLinkDeleteMs: 100, dnsPropagationMs: 100 } });
  const fixture = useFixtureStack(ctx, "rest-integration-stack", "rest");
  const { stack } = fixture;
  const P = "apigw-vpc-rest-fixture";
  const log = (operation: string) => ctx.sandbox.control.requestLog({ operation });
  const accepted = (operation: string) => log(operation).filter((e) => e.status > 0 && e.status < 300);
  let restApiId: string;
  let resources: Record<string, string>;
  let config: Record<string, unknown>;
  const up = () => mustRunPulumi(fixture.ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
  const integration = (resource: string, httpMethod: string) =>
    v1Client().send(new GetIntegrationCommand({ restApiId, resourceId: resources[resource], httpMethod }));

  afterEach(() => {
    assert.deepEqual(processesWith(fixture.ws.stateDir), [], "no engine, language host or provider process outlives a command");
  });

  it("1. up: one link, two integrations on ALBs, one deployment of the stage that refers to the link", async () => {
    ({ restApiId, resources } = await restApiWithMethods({ orders: [], users: [] }));
    const network = await createNetwork();
    config = {
      "aws:region": "us-east-1",
      [`${P}:restApiId`]: restApiId,
      [`${P}:resourceIds`]: resources,
      [`${P}:targets`]: { orders: loadBalancerArn("app", "orders"), users: loadBalancerArn("app", "users") },
      [`${P}:subnetIds`]: network.subnetIds,
      [`${P}:securityGroupIds`]: network.groupIds,
    };
    await selectStack(fixture.ws, stack);
    writeStackConfig(fixture.ws, stack, config);
    ctx.sandbox.control.clearRequestLog();
    await up();
    const links = ctx.sandbox.control.state().vpcLinks;
    assert.equal(links.length, 1);
    const outputs = await stackOutputs(fixture.ws, ["--stack", stack]);
    assert.equal(outputs.vpcLinkId, links[0].vpcLinkId);
    assert.equal(outputs.linkStatus, "AVAILABLE");
    assert.deepEqual(outputs.invokeUrls, {
      orders: `https://${restApiId}.execute-api.us-east-1.amazonaws.com/prod/orders`,
      users: `https://${restApiId}.execute-api.us-east-1.amazonaws.com/prod/users`,
    });
    assert.equal((await integration("users", "ANY")).integrationTarget, loadBalancerArn("app", "users"));
    assert.equal(accepted("CreateDeployment").length, 1, "one deployment for two integrations");
    assert.deepEqual(links[0].references.filter((r) => r.endsWith(":prod")).sort(), [
      `${restApiId}:ANY:/users:prod`,
      `${restApiId}:GET:/orders:prod`,
    ]);
  });

  it("2. `pulumi preview --expect-no-changes` passes right after: no perpetual diff", async () => {
    const result = await runPulumi(fixture.ws, ["preview", "--expect-no-changes", "--stack", stack]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it("3. a target change patches each integration once and redeploys the stage once", async () => {
    const stageBefore = await v1Client().send(new GetStageCommand({ restApiId, stageName: "prod" }));
    writeStackConfig(fixture.ws, stack, {
      ...config,
      [`${P}:targets`]: { orders: loadBalancerArn("net", "orders"), users: loadBalancerArn("net", "users") },
    });
    ctx.sandbox.control.clearRequestLog();
    await up();
    const patches = accepted("UpdateIntegration").map((e) => e.params.patchOperations);
    assert.deepEqual(
      patches.map((p) => (p as { path: string }[]).map((o) => o.path)),
      [["/integrationTarget"], ["/integrationTarget"]],
    );
    assert.equal(accepted("CreateDeployment").length, 1);
    assert.equal(
      accepted("PutIntegration").length + accepted("DeleteIntegration").length + accepted("CreateVpcLink").length,
      0,
      "nothing replaced",
    );
    const stageAfter = await v1Client().send(new GetStageCommand({ restApiId, stageName: "prod" }));
    assert.notEqual(stageAfter.deploymentId, stageBefore.deploymentId);
    assert.equal((await integration("orders", "GET")).integrationTarget, loadBalancerArn("net", "orders"));
  });

  it("4. destroy removes the integrations and redeploys before the link delete starts: no in-use error, no leaked link", async () => {
    ctx.sandbox.control.clearRequestLog();
    await mustRunPulumi(fixture.ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    const order = ctx.sandbox.control
      .requestLog()
      .filter((e) => e.status > 0 && e.status < 300)
      .map((e) => e.operation)
      .filter((op) => ["DeleteMethod", "CreateDeployment", "DeleteVpcLink"].includes(op));
    assert.deepEqual(order, ["DeleteMethod", "DeleteMethod", "CreateDeployment", "DeleteVpcLink"]);
    assert.deepEqual(
      log("DeleteVpcLink").filter((e) => e.errorType === "BadRequestException"),
      [],
      "no in-use error",
    );
    await new Promise((r) => setTimeout(r, 200)); // the link's DELETING phase
    assert.deepEqual(ctx.sandbox.control.state().vpcLinks, []);
  });
});
