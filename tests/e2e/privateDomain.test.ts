/**
 * A private custom domain under the real Pulumi engine, against the sandbox: `pulumi up` associates
 * two endpoints, changing one costs one create, one delete and one list, `pulumi destroy` leaves
 * no association, and no process of the run outlives it.
 */
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { CreateDomainNameCommand } from "@aws-sdk/client-api-gateway";
import { mustRunPulumi, selectStack, stackOutputs, writeStackConfig } from "../../support/pulumiRunner";
import { createRestApi, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, useSandbox, v1Client, vpceIds } from "../../support/sandbox";
import { opsByType, previewSteps, useFixtureStack } from "../../support/engine";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0000-4000-8000-000000000000";

/** Pids of live processes whose environment points at this state directory (the CLI, its hosts, providers). */
function processesOf(stateDir: string): number[] {
  const marker = `PULUMI_BACKEND_URL=file://${stateDir}\0`;
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "latin1").includes(marker);
      } catch {
        return false; // gone, or not ours
      }
    });
}

describe("a private custom domain under the real Pulumi engine", function () {
  this.timeout(240_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 200, vpcLinkDeleteMs: 100, dnsPropagationMs: 100 } });
  const fixture = useFixtureStack(ctx, "domain-stack", "domain");
  const { stack } = fixture;
  let domainNameArn: string;
  let restApiId: string;
  let ids: string[];
  const config = (vpcEndpointIds: string[]) => ({
    "aws:region": "us-east-1",
    "apigw-vpc-domain-fixture:domainNameArn": domainNameArn,
    "apigw-vpc-domain-fixture:restApiId": restApiId,
    "apigw-vpc-domain-fixture:vpcEndpointIds": vpcEndpointIds,
  });
  const associated = () =>
    ctx.sandbox.control
      .state()
      .accessAssociations.filter((a) => a.domainNameArn === domainNameArn)
      .map((a) => a.accessAssociationSource)
      .sort();

  before(async () => {
    const d = await v1Client().send(
      new CreateDomainNameCommand({
        domainName: "api.internal.example.com",
        certificateArn: CERT,
        endpointConfiguration: { types: ["PRIVATE"] },
      }),
    );
    domainNameArn = d.domainNameArn as string;
    restApiId = await createRestApi({ name: "orders" });
    ids = vpceIds(2);
    await selectStack(fixture.ws, stack);
    writeStackConfig(fixture.ws, stack, config(ids));
  });

  it("1. `pulumi up` associates both endpoints and outputs the domain's URL", async () => {
    ctx.sandbox.control.clearRequestLog();
    await mustRunPulumi(fixture.ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
    assert.deepEqual(associated(), ids);
    const outputs = await stackOutputs(fixture.ws, ["--stack", stack]);
    assert.deepEqual(outputs.urls, { orders: "https://api.internal.example.com/orders" });
    assert.deepEqual(Object.keys(outputs.associationArns as Record<string, string>), ids);
    const creates = ctx.sandbox.control.requestLog({ operation: "CreateDomainNameAccessAssociation" }).filter((e) => e.status === 201);
    assert.equal(creates.length, 2);
  });

  it("2. changing one endpoint previews an update and makes one create, one delete and one list", async () => {
    const [replacement] = vpceIds(1);
    const next = [ids[0], replacement].sort();
    writeStackConfig(fixture.ws, stack, config(next));
    const ops = opsByType(previewSteps(await mustRunPulumi(fixture.ws, ["preview", "--json", "--stack", stack])));
    assert.deepEqual(ops.DomainNameAccessAssociations, ["update"]);
    ctx.sandbox.control.clearRequestLog();
    await mustRunPulumi(fixture.ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
    const calls = ctx.sandbox.control
      .requestLog()
      .map((e) => e.operation)
      .sort();
    assert.deepEqual(calls, ["CreateDomainNameAccessAssociation", "DeleteDomainNameAccessAssociation", "GetDomainNameAccessAssociations"]);
    ids = next;
    assert.deepEqual(associated(), ids);
    await mustRunPulumi(fixture.ws, ["preview", "--expect-no-changes", "--stack", stack]);
  });

  it("3. `pulumi destroy` leaves no association, the state no credentials, and no process behind", async () => {
    await mustRunPulumi(fixture.ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    assert.deepEqual(associated(), []);
    const state = await mustRunPulumi(fixture.ws, ["stack", "export", "--stack", stack]);
    assert.ok(!state.includes(TEST_ACCESS_KEY_ID) && !state.includes(TEST_SECRET_ACCESS_KEY), "no credentials in state");
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(processesOf(fixture.ws.stateDir), [], "every process of the run has exited");
  });
});
