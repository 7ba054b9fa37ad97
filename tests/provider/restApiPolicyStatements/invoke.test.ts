/**
 * RestApiPolicyStatements and the sandbox's invoke plane: a request through an endpoint is let in
 * once the statement that allows it is attached and the stage redeployed, by the resource alone,
 * with no manual step; before that, and for an endpoint no statement allows, it is refused.
 */
import * as assert from "node:assert/strict";
import { CreateDeploymentCommand } from "@aws-sdk/client-api-gateway";
import { invokeStatement } from "../../../components/privateApiAccess";
import {
  restApiPolicyStatementsProvider as provider,
  type RestApiPolicyStatementsInputs,
  type RestApiPolicyStatementsOutputs,
} from "../../../provider/restApiPolicyStatements";
import { endpointNetwork, invokeApi, type EndpointNetwork } from "../../../support/invoke";
import { createRestApi, FAST, makeDeployable, TEST_REGION, useSandbox, v1Client } from "../../../support/sandbox";
import { foreignStatement, setPolicy } from "../../../support/sharedPolicy";

/** create() with its outputs asserted present. */
async function create(i: RestApiPolicyStatementsInputs): Promise<{ id: string; outs: RestApiPolicyStatementsOutputs }> {
  const { id, outs } = await provider.create(i);
  assert.ok(outs, "create returns outputs");
  return { id, outs };
}

describe("RestApiPolicyStatements with the sandbox's invoke plane", function () {
  this.timeout(120_000);
  const ctx = useSandbox(FAST);
  let a: EndpointNetwork;
  let b: EndpointNetwork;
  before(async () => {
    a = await endpointNetwork({ octet: 1 });
    b = await endpointNetwork({ octet: 2 });
  });

  it("an allowed endpoint is refused before, and let in after the statement is attached and the stage redeployed", async () => {
    const restApiId = await createRestApi({ vpcEndpointIds: [a.vpcEndpointId, b.vpcEndpointId] });
    await makeDeployable(restApiId);
    await setPolicy(restApiId, [foreignStatement("ForeignAdminDeny")]); // another team's statement; it allows no one
    await v1Client().send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
    const call = (vpcEndpointId: string) => invokeApi({ endpoint: ctx.sandbox.endpoint, restApiId, vpcEndpointId, stage: "prod" });
    const before = await call(a.vpcEndpointId);
    assert.ok(before.answered && before.status === 403, JSON.stringify(before));

    const { outs } = await create({
      restApiId,
      region: TEST_REGION,
      statements: [invokeStatement("TeamA", [a.vpcEndpointId])],
      redeployStages: ["prod"],
    });
    const allowed = await call(a.vpcEndpointId);
    assert.ok(allowed.answered && allowed.status === 200, JSON.stringify(allowed));
    const other = await call(b.vpcEndpointId);
    assert.ok(other.answered && other.status === 403, "an endpoint no statement allows stays out");

    await provider.delete!(restApiId, outs);
    const after = await call(a.vpcEndpointId);
    assert.ok(after.answered && after.status === 403, "delete takes the statement out and redeploys: refused again");
  });
});
