/**
 * PrivateIntegration's and StageRedeployment's pure models, with no AWS and no sandbox: check()
 * names the field, diff() replaces only the method's identity, and the patch planner sends the
 * fewest operations; AWS's error for a v1 link gets its fix.
 */
import * as assert from "node:assert/strict";
import {
  checkPrivateIntegrationInputs,
  diffPrivateIntegration,
  planIntegrationPatch,
  withLinkHint,
  type PrivateIntegrationInputs,
  type PrivateIntegrationOutputs,
} from "../../provider/privateIntegration/index";
import { UNKNOWN } from "../../provider/validation";
import { loadBalancerArn } from "../../support/restFixtures";

const ALB = loadBalancerArn("app", "orders");
const NLB = loadBalancerArn("net", "orders");
const base = {
  restApiId: "abcdefghij",
  resourceId: "abc123",
  httpMethod: "GET",
  vpcLinkId: "abc1234",
  integrationTarget: ALB,
  uri: "http://orders.internal/",
  region: "us-east-1",
};

const failuresOf = (raw: Record<string, unknown>) => (checkPrivateIntegrationInputs(raw, {}).failures ?? []).map((f) => f.reason);
function checked(raw: Record<string, unknown>): PrivateIntegrationInputs {
  const result = checkPrivateIntegrationInputs(raw, {});
  assert.deepEqual(result.failures ?? [], []);
  return result.inputs as PrivateIntegrationInputs;
}

describe("PrivateIntegration check and diff (pure)", () => {
  it("fills the defaults and accepts values unknown at preview", () => {
    const inputs = checked(base);
    assert.equal(inputs.type, "HTTP_PROXY");
    assert.equal(inputs.integrationHttpMethod, "GET");
    assert.equal(inputs.timeoutInMillis, 29000);
    assert.deepEqual(
      checkPrivateIntegrationInputs({ ...base, restApiId: UNKNOWN, vpcLinkId: UNKNOWN, integrationTarget: UNKNOWN }, {}).failures,
      undefined,
    );
  });

  it("names the field and the rule for each bad input", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ integrationTarget: undefined }, /^integrationTarget: is required.*IntegrationTarget is required for VpcLinkV2/],
      [
        { integrationTarget: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/0123456789abcdef" },
        /^integrationTarget: .* is not an Application or Network Load Balancer ARN/,
      ],
      [
        { integrationTarget: loadBalancerArn("app", "orders", "eu-west-1") },
        /^integrationTarget: the load balancer is in eu-west-1, but the VPC link and the API are in us-east-1/,
      ],
      [{ vpcLinkId: "vpce-0123" }, /^vpcLinkId: /],
      [{ uri: "orders.internal" }, /^uri: .* is not an http:\/\/ or https:\/\/ URL/],
      [{ timeoutInMillis: 10 }, /^timeoutInMillis: 10 is not a whole number of milliseconds from 50/],
      [{ httpMethod: "FETCH" }, /^httpMethod: "FETCH" is not one of GET/],
      [{ type: "AWS_PROXY" }, /^type: "AWS_PROXY" is not HTTP_PROXY or HTTP/],
      [{ requestParameters: { "x-tenant": "'a'" } }, /^requestParameters\["x-tenant"\]: the key must look like integration.request/],
      [{ region: "Europe" }, /^region: "Europe" does not look like an AWS region/],
      [
        { createMethod: true, authorizationType: "IAM" },
        /^authorizationType: "IAM" is not one of NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS/,
      ],
      [{ createMethod: true, authorizationType: "none" }, /^authorizationType: "none" is not one of NONE/],
      [{ createMethod: true, authorizationType: "" }, /^authorizationType: "" is not one of NONE/],
      [{ createMethod: true, authorizationType: 1 }, /^authorizationType: 1 is not one of NONE/],
    ];
    for (const [change, expected] of cases) {
      const reasons = failuresOf({ ...base, ...change });
      assert.equal(reasons.length, 1, `${JSON.stringify(change)} -> ${JSON.stringify(reasons)}`);
      assert.match(reasons[0], expected);
    }
    assert.deepEqual(failuresOf({ ...base, vpcLinkId: "${stageVariables.vpcLinkV2Id}" }), []);
    for (const authorizationType of ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS", UNKNOWN])
      assert.deepEqual(failuresOf({ ...base, createMethod: true, authorizationType }), [], authorizationType);
    assert.equal(checked({ ...base, createMethod: true }).authorizationType, "NONE");
  });

  it("replaces only what AWS cannot change: the method's identity and the region", () => {
    const olds = { ...checked(base), revision: "r" } as PrivateIntegrationOutputs;
    assert.deepEqual(diffPrivateIntegration(olds, checked({ ...base, resourceId: "xyz789" })).replaces, ["resourceId"]);
    assert.deepEqual(diffPrivateIntegration(olds, checked({ ...base, httpMethod: "POST" })).replaces, ["httpMethod"]);
    const retarget = diffPrivateIntegration(
      olds,
      checked({ ...base, integrationTarget: NLB, vpcLinkId: "xyz7890", uri: "https://orders.internal/" }),
    );
    assert.deepEqual([retarget.changes, retarget.replaces], [true, []]);
    assert.equal(diffPrivateIntegration(olds, checked(base)).changes, false);
  });

  it('explains AWS\'s "NLB ARN is malformed" as a v1 link given an ALB, and leaves other errors alone', () => {
    const hinted = withLinkHint(Object.assign(new Error("NLB ARN is malformed"), { name: "BadRequestException" })) as Error;
    assert.match(hinted.message, /^NLB ARN is malformed \(vpcLinkId names a legacy v1 VPC link.*use an apigatewayv2 VPC link/);
    assert.equal(hinted.name, "BadRequestException");
    const other = new Error("Invalid Method identifier specified");
    assert.equal(withLinkHint(other), other);
    assert.equal(other.message, "Invalid Method identifier specified");
  });

  it("plans the fewest UpdateIntegration operations from what AWS holds", () => {
    const want = checked({
      ...base,
      integrationTarget: NLB,
      requestParameters: { "integration.request.header.x-a": "'1'", "integration.request.header.x-b": "'2'" },
    });
    const current = {
      type: "HTTP_PROXY" as const,
      httpMethod: "GET",
      uri: base.uri,
      connectionType: "VPC_LINK" as const,
      connectionId: base.vpcLinkId,
      integrationTarget: ALB,
      timeoutInMillis: 29000,
      requestParameters: { "integration.request.header.x-a": "'0'", "integration.request.header.x-gone": "'g'" },
    };
    assert.deepEqual(planIntegrationPatch(current, want), [
      { op: "replace", path: "/integrationTarget", value: NLB },
      { op: "replace", path: "/requestParameters/integration.request.header.x-a", value: "'1'" },
      { op: "add", path: "/requestParameters/integration.request.header.x-b", value: "'2'" },
      { op: "remove", path: "/requestParameters/integration.request.header.x-gone" },
    ]);
    assert.deepEqual(planIntegrationPatch({ ...current, integrationTarget: NLB, requestParameters: want.requestParameters }, want), []);
  });
});
