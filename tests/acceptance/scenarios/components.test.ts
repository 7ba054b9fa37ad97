/**
 * Acceptance: the components through the engine. PrivateApiAccess associates both endpoints,
 * waits for their names and outputs the URLs and the invoke policy; PrivateIntegrationLink
 * creates a tagged, AVAILABLE link. Destroy leaves neither.
 */
import * as assert from "node:assert/strict";
import { RUN_TAG } from "../../../acceptance/plan";
import { perVpceUrl } from "../../../provider/endpointNames";
import { mustRunPulumi, stackOutputs } from "../../../support/pulumiRunner";
import { acceptance, endpointsOfApi, readVpcLink, useScenarioStack } from "../hooks";

describe("acceptance: PrivateApiAccess and PrivateIntegrationLink", function () {
  const scenario = useScenarioStack("components");

  beforeEach(function () {
    this.timeout(acceptance().stepTimeoutMs);
  });

  let vpcLinkId = "";

  it("up: URLs per endpoint that resolve, an invoke policy naming both endpoints, an AVAILABLE tagged link", async () => {
    const { fixture, ctx, tags, target } = acceptance();
    const ids = [...fixture.vpcEndpointIds].sort();
    scenario.configure({
      scenario: "components",
      restApiId: fixture.restApiId,
      stageName: fixture.stageName,
      vpcEndpointIds: ids,
      linkName: `apigw-vpc-${ctx.runId}-integration`,
      subnetIds: fixture.subnetIds,
      securityGroupIds: [fixture.securityGroupIds[0]],
      tags: tags("link-components"),
    });
    await mustRunPulumi(scenario.ws, ["up", "--yes", "--skip-preview", "--stack", scenario.stack]);
    const outputs = (await stackOutputs(scenario.ws, ["--stack", scenario.stack])).outputs as Record<string, unknown>;

    assert.deepEqual(
      outputs.urls,
      Object.fromEntries(ids.map((id) => [id, perVpceUrl(fixture.restApiId, id, target.region, fixture.stageName)])),
    );
    for (const hostname of outputs.hostnames as string[])
      assert.ok((await acceptance().resolve(hostname)).length > 0, `${hostname} resolves`);
    const policy = JSON.parse(outputs.invokePolicy as string) as { Statement: unknown[] };
    for (const id of ids) assert.ok(JSON.stringify(policy.Statement).includes(id), `the invoke policy names ${id}`);
    assert.deepEqual(await endpointsOfApi(), ids);

    vpcLinkId = outputs.vpcLinkId as string;
    const link = await readVpcLink(vpcLinkId);
    assert.equal(link?.VpcLinkStatus, "AVAILABLE");
    assert.equal(outputs.status, "AVAILABLE");
    assert.equal(link?.Tags?.[RUN_TAG], ctx.runId);
  });

  it("destroy: no endpoint left on the API, no link left", async () => {
    await mustRunPulumi(scenario.ws, ["destroy", "--yes", "--skip-preview", "--stack", scenario.stack]);
    assert.deepEqual(await endpointsOfApi(), []);
    await acceptance().eventually(
      `link ${vpcLinkId} is gone`,
      () => readVpcLink(vpcLinkId),
      (l) => l === undefined,
    );
  });
});
