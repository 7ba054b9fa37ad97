/**
 * Acceptance: a VPC link through the engine: created and waited for, renamed in place, replaced
 * when its security groups change (the old one deleted), and deleted on destroy.
 */
import * as assert from "node:assert/strict";
import { opsByType, previewSteps } from "../../../support/engine";
import { mustRunPulumi, stackOutputs } from "../../../support/pulumiRunner";
import { RUN_TAG } from "../../../acceptance/plan";
import { acceptance, readVpcLink, useScenarioStack } from "../hooks";

describe("acceptance: a VPC link's lifecycle", function () {
  const scenario = useScenarioStack("vpc-link");
  const configure = (linkName: string, securityGroupIds: string[]) => {
    const { fixture, tags } = acceptance();
    scenario.configure({ scenario: "vpc-link", linkName, subnetIds: fixture.subnetIds, securityGroupIds, tags: tags("link-lifecycle") });
  };
  const up = async () => {
    await mustRunPulumi(scenario.ws, ["up", "--yes", "--skip-preview", "--stack", scenario.stack]);
    return (await stackOutputs(scenario.ws, ["--stack", scenario.stack])).outputs as Record<string, string>;
  };
  const preview = async () => opsByType(previewSteps(await mustRunPulumi(scenario.ws, ["preview", "--json", "--stack", scenario.stack])));
  let firstId = "";

  beforeEach(function () {
    this.timeout(acceptance().stepTimeoutMs);
  });

  it("creates the link, waits until AVAILABLE, and tags it with the run", async () => {
    const { fixture, ctx } = acceptance();
    configure(`apigw-vpc-${ctx.runId}-link`, [fixture.securityGroupIds[0]]);
    const outputs = await up();
    firstId = outputs.vpcLinkId;
    const link = await readVpcLink(firstId);
    assert.equal(link?.VpcLinkStatus, "AVAILABLE");
    assert.equal(outputs.status, "AVAILABLE");
    assert.deepEqual([...(link?.SubnetIds ?? [])].sort(), [...fixture.subnetIds].sort());
    assert.equal(link?.Tags?.[RUN_TAG], ctx.runId);
    assert.deepEqual(await preview(), {});
  });

  it("renames it in place: the same link, the new name", async () => {
    const { fixture, ctx } = acceptance();
    configure(`apigw-vpc-${ctx.runId}-renamed`, [fixture.securityGroupIds[0]]);
    assert.deepEqual((await preview()).VpcLink, ["update"]);
    const outputs = await up();
    assert.equal(outputs.vpcLinkId, firstId);
    assert.equal((await readVpcLink(firstId))?.Name, `apigw-vpc-${ctx.runId}-renamed`);
  });

  it("replaces it when its security groups change, and the old link is deleted", async () => {
    const { fixture, ctx } = acceptance();
    configure(`apigw-vpc-${ctx.runId}-renamed`, [fixture.securityGroupIds[1]]);
    assert.deepEqual((await preview()).VpcLink, ["replace"]);
    const outputs = await up();
    assert.notEqual(outputs.vpcLinkId, firstId);
    const replacement = await readVpcLink(outputs.vpcLinkId);
    assert.equal(replacement?.VpcLinkStatus, "AVAILABLE");
    assert.deepEqual(replacement?.SecurityGroupIds, [fixture.securityGroupIds[1]]);
    await acceptance().eventually(
      `the replaced link ${firstId} is gone`,
      () => readVpcLink(firstId),
      (l) => l === undefined,
    );
    firstId = outputs.vpcLinkId;
  });

  it("deletes it on destroy", async () => {
    await mustRunPulumi(scenario.ws, ["destroy", "--yes", "--skip-preview", "--stack", scenario.stack]);
    await acceptance().eventually(
      `link ${firstId} is gone`,
      () => readVpcLink(firstId),
      (l) => l === undefined,
    );
  });
});
