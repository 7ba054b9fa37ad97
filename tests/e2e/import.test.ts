/**
 * Bringing resources made outside Pulumi under management, through the real engine: the import
 * arguments adopt an existing VPC link and existing endpoint associations without creating
 * anything, and `pulumi destroy` then removes them as it would resources it created.
 */
import * as assert from "node:assert/strict";
import { createNetwork } from "../../support/network";
import { vpcLinkProvider } from "../../provider/vpcLink/index";
import { mustRunPulumi, runPulumi, selectStack, stackOutputs, writeStackConfig } from "../../support/pulumiRunner";
import { apiEndpointIds, createRestApi, useSandbox, vpceIds } from "../../support/sandbox";
import { useFixtureStack } from "../../support/engine";

describe("adopting existing resources under the real Pulumi engine", function () {
  this.timeout(240_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 200, vpcLinkDeleteMs: 100, dnsPropagationMs: 200 } });
  const fixture = useFixtureStack(ctx, "import-stack", "import");
  const { stack } = fixture;

  it("up adopts the link and the ids without creating anything; destroy removes them", async () => {
    const ids = vpceIds(2);
    const restApiId = await createRestApi({ vpcEndpointIds: ids });
    const network = await createNetwork();
    const subnetIds = [...network.subnetIds].sort();
    const securityGroupIds = network.groupIds;
    const made = await vpcLinkProvider.create({ name: "console-made", subnetIds, securityGroupIds, tags: {}, region: "us-east-1" });
    ctx.sandbox.control.clearRequestLog();

    await selectStack(fixture.ws, stack);
    writeStackConfig(fixture.ws, stack, {
      "aws:region": "us-east-1",
      "apigw-vpc-import-fixture:restApiId": restApiId,
      "apigw-vpc-import-fixture:vpcEndpointIds": ids,
      "apigw-vpc-import-fixture:vpcLinkId": made.id,
      "apigw-vpc-import-fixture:subnetIds": subnetIds,
      "apigw-vpc-import-fixture:securityGroupIds": securityGroupIds,
    });
    const up = await runPulumi(fixture.ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
    assert.equal(up.code, 0, up.stdout + up.stderr);
    const outputs = await stackOutputs(fixture.ws, ["--stack", stack]);
    assert.equal(outputs.vpcLinkId, made.id);
    assert.deepEqual(outputs.managedIds, ids);
    const log = ctx.sandbox.control.requestLog();
    assert.equal(
      log.filter((e) => e.operation === "CreateVpcLink" || e.operation === "UpdateRestApi").length,
      0,
      "nothing created or patched",
    );
    assert.deepEqual(
      ctx.sandbox.control.state().vpcLinks.map((l) => [l.vpcLinkId, l.name]),
      [[made.id, "imported"]],
    );

    await mustRunPulumi(fixture.ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    assert.deepEqual(ctx.sandbox.control.state().vpcLinks, []);
    assert.deepEqual(await apiEndpointIds(restApiId), []);
  });
});
