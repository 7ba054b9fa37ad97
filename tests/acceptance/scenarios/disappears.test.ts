/**
 * Acceptance, "disappears": what the stack manages is deleted out of band; `pulumi refresh` sees
 * it gone, and the next `pulumi up` puts it back.
 */
import * as assert from "node:assert/strict";
import { UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { DeleteVpcLinkCommand } from "@aws-sdk/client-apigatewayv2";
import { opsByType, previewSteps } from "../../../support/engine";
import { mustRunPulumi, stackOutputs } from "../../../support/pulumiRunner";
import { acceptance, endpointsOfApi, readVpcLink, useScenarioStack } from "../hooks";

describe("acceptance: disappears", function () {
  beforeEach(function () {
    this.timeout(acceptance().stepTimeoutMs);
  });

  describe("a VPC link deleted out of band", function () {
    const scenario = useScenarioStack("link-disappears");
    const args = (verb: string) => [verb, "--yes", "--skip-preview", "--stack", scenario.stack];
    const outputs = async () => (await stackOutputs(scenario.ws, ["--stack", scenario.stack])).outputs as Record<string, string>;

    it("is dropped from state by refresh, and recreated by up", async () => {
      const { fixture, ctx, tags, clients } = acceptance();
      scenario.configure({
        scenario: "vpc-link",
        linkName: `apigw-vpc-${ctx.runId}-disappears`,
        subnetIds: fixture.subnetIds,
        securityGroupIds: [fixture.securityGroupIds[0]],
        tags: tags("link-disappears"),
      });
      await mustRunPulumi(scenario.ws, args("up"));
      const original = (await outputs()).vpcLinkId;
      await clients.apigwv2.send(new DeleteVpcLinkCommand({ VpcLinkId: original }));
      await acceptance().eventually(
        `link ${original} is gone`,
        () => readVpcLink(original),
        (l) => l === undefined,
      );

      await mustRunPulumi(scenario.ws, ["refresh", "--yes", "--skip-preview", "--stack", scenario.stack]);
      const preview = opsByType(previewSteps(await mustRunPulumi(scenario.ws, ["preview", "--json", "--stack", scenario.stack])));
      assert.deepEqual(preview.VpcLink, ["create"]);

      await mustRunPulumi(scenario.ws, args("up"));
      const recreated = (await outputs()).vpcLinkId;
      assert.notEqual(recreated, original);
      assert.equal((await readVpcLink(recreated))?.VpcLinkStatus, "AVAILABLE");
    });
  });

  describe("an association removed out of band", function () {
    const scenario = useScenarioStack("association-disappears");

    it("shows as drift after refresh, and up adds the endpoint back", async () => {
      const { fixture, clients } = acceptance();
      const [a] = fixture.vpcEndpointIds;
      scenario.configure({ scenario: "associations", restApiId: fixture.restApiId, vpcEndpointIds: [a], tags: {} });
      await mustRunPulumi(scenario.ws, ["up", "--yes", "--skip-preview", "--stack", scenario.stack]);
      assert.deepEqual(await endpointsOfApi(), [a]);

      await clients.apigw.send(
        new UpdateRestApiCommand({
          restApiId: fixture.restApiId,
          patchOperations: [{ op: "remove", path: "/endpointConfiguration/vpcEndpointIds", value: a }],
        }),
      );
      await acceptance().eventually("the endpoint is removed", endpointsOfApi, (ids) => !ids.includes(a));

      await mustRunPulumi(scenario.ws, ["refresh", "--yes", "--skip-preview", "--stack", scenario.stack]);
      const preview = opsByType(previewSteps(await mustRunPulumi(scenario.ws, ["preview", "--json", "--stack", scenario.stack])));
      assert.deepEqual(preview.VpcEndpointAssociation, ["update"]);

      await mustRunPulumi(scenario.ws, ["up", "--yes", "--skip-preview", "--stack", scenario.stack]);
      assert.deepEqual(await endpointsOfApi(), [a]);
    });
  });
});
