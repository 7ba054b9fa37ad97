/**
 * Policy attached-statements-restricted-to-vpc: every Allow a RestApiPolicyStatements attaches to
 * a PRIVATE API names the VPC endpoints or VPCs it lets in.
 */
import * as assert from "node:assert/strict";
import { attachedStatementsRestrictedToVpc, REST_API_POLICY_STATEMENTS } from "../../policy/statementPolicies";
import { PRIVATE_API_ACCESS, REST_API, VPC_ENDPOINT_ASSOCIATION } from "../../policy/resources";
import { stackArgs, stackResource, UNKNOWN_ARRAY, validateStack } from "./harness";

const API = "a1b2c3d4e5";
const allow = (Sid: string, Condition?: Record<string, unknown>) => ({
  Sid,
  Effect: "Allow",
  Principal: "*",
  Action: "execute-api:Invoke",
  Resource: "execute-api:/*",
  ...(Condition ? { Condition } : {}),
});
const scoped = allow("Scoped", { StringEquals: { "aws:SourceVpce": ["vpce-0123456789abcdef0"] } });
const open = allow("Open");

const messages = async (...resources: Parameters<typeof stackArgs>[0]) =>
  (await validateStack(attachedStatementsRestrictedToVpc, stackArgs(resources))).map((v) => v.message);

describe("policy attached-statements-restricted-to-vpc", () => {
  const component = stackResource(PRIVATE_API_ACCESS, "team-a", {});
  const attached = (statements: unknown, opts = {}) =>
    stackResource(REST_API_POLICY_STATEMENTS, "team-a-policy", { restApiId: API, statements }, { parent: component, ...opts });

  it("is mandatory and checks the stack", () => {
    assert.equal(attachedStatementsRestrictedToVpc.enforcementLevel, "mandatory");
    assert.equal(typeof attachedStatementsRestrictedToVpc.validateStack, "function");
  });

  it("accepts a component's statement scoped by aws:SourceVpce, by aws:SourceVpc with any operator, and Deny statements", async () => {
    const vpc = allow("Vpc", { "ForAnyValue:StringLike": { "AWS:SourceVpc": "vpc-*" } });
    assert.deepEqual(await messages(component, attached([scoped, vpc, { ...open, Effect: "Deny" }])), []);
  });

  it("rejects an open Allow that a component attaches, naming the statement and the component", async () => {
    assert.deepEqual(await messages(component, attached([scoped, open])), [
      "RestApiPolicyStatements 'team-a-policy' attached by PrivateApiAccess 'team-a': statements[1] (Sid Open) is an Allow without an aws:SourceVpce or aws:SourceVpc condition",
    ]);
  });

  it("knows a PRIVATE API by the stack's RestApi or by an association on the same API; ignores a REGIONAL one", async () => {
    const privateApi = stackResource(REST_API, "orders", { id: API, endpointConfiguration: { types: "PRIVATE" } });
    const own = (deps: Record<string, never[]> = {}) =>
      stackResource(REST_API_POLICY_STATEMENTS, "own", { restApiId: API, statements: [open] }, { propertyDependencies: deps });
    assert.deepEqual(await messages(privateApi, own({ restApiId: [privateApi] as never[] })), [
      "RestApiPolicyStatements 'own' on PRIVATE RestApi 'orders': statements[0] (Sid Open) is an Allow without an aws:SourceVpce or aws:SourceVpc condition",
    ]);
    const association = stackResource(VPC_ENDPOINT_ASSOCIATION, "vpce", { restApiId: API, vpcEndpointIds: ["vpce-0123456789abcdef0"] });
    assert.equal((await messages(association, own())).length, 1);
    const regional = stackResource(REST_API, "public", { id: API, endpointConfiguration: { types: "REGIONAL" } });
    assert.deepEqual(await messages(regional, own()), []);
    assert.deepEqual(await messages(own()), [], "an API outside the stack, with nothing saying it is PRIVATE, is not checked");
  });

  it("skips statements unknown during preview", async () => {
    assert.deepEqual(await messages(component, attached(UNKNOWN_ARRAY)), []);
  });
});
