/**
 * PrivateDomainAccess under mocks (its children, URLs, policies) and its pure helpers.
 */
import * as assert from "node:assert/strict";
import { apiPolicyStatement, domainPolicyDocument, domainUrls, PrivateDomainAccess } from "../../components/privateDomainAccess";
import { useRecordingMocks, valueOf, type RecordedResource } from "./mockRecorder";

const ARN = "arn:aws:apigateway:us-east-1:111122223333:/domainnames/api.internal.example.com+abcd1234";
const V1 = "vpce-0123456789abcdef0";
const V2 = "vpce-0a1b2c3d";
const V3 = "vpce-0fedcba9";

describe("PrivateDomainAccess under mocks", () => {
  let recorded: RecordedResource[];
  beforeEach(async () => {
    recorded = await useRecordingMocks();
  });

  it("creates only the associations by default, and URLs under the domain", async () => {
    const access = new PrivateDomainAccess("orders", {
      domainName: ARN,
      vpcEndpointIds: [V2, V1],
      mappings: [
        { basePath: "orders", restApiId: "a1b2c3d4e5" },
        { basePath: "", restApiId: "f6g7h8i9j0" },
      ],
    });
    assert.deepEqual(await valueOf(access.urls), {
      "": "https://api.internal.example.com/",
      orders: "https://api.internal.example.com/orders",
    });
    assert.deepEqual(await valueOf(access.apiUrls), {
      a1b2c3d4e5: "https://api.internal.example.com/orders",
      f6g7h8i9j0: "https://api.internal.example.com/",
    });
    assert.deepEqual(
      recorded.map((r) => r.type),
      ["apigw-vpc:index:PrivateDomainAccess", "pulumi-nodejs:dynamic/apigw:DomainNameAccessAssociations"],
    );
    assert.deepEqual(Object.keys(await valueOf(access.associationArns)), [V1, V2].sort());
  });

  it("shares the domain first on the owner side, and waits for DNS when asked", async () => {
    const access = new PrivateDomainAccess("owner", {
      domainName: { arn: ARN },
      vpcEndpointIds: [V1],
      shareWithAccounts: ["444455556666"],
      otherAccountVpcEndpointIds: [V3],
      rejectOtherAccounts: true,
      dns: { dnsServers: ["10.0.0.2"] },
    });
    await valueOf(access.urls);
    assert.deepEqual(
      recorded.map((r) => r.type.split(":").pop()),
      ["PrivateDomainAccess", "DomainNameManagementPolicy", "DomainNameAccessAssociations", "DomainNameResolution"],
    );
    const associations = recorded.find((r) => r.type.endsWith("DomainNameAccessAssociations"));
    assert.equal(associations?.inputs.rejectOtherAccounts, true);
    const resolution = recorded.find((r) => r.type.endsWith("DomainNameResolution"));
    assert.equal(resolution?.inputs.hostname, "api.internal.example.com");
    // The domain's policy and the API statement cover the consumer's endpoint too.
    assert.deepEqual(JSON.parse(await valueOf(access.policy)).Statement[0].Condition.StringEquals["aws:SourceVpce"], [V1, V3].sort());
    assert.deepEqual((await valueOf(access.apiPolicyStatement)).Condition, { StringEquals: { "aws:SourceVpce": [V1, V3].sort() } });
  });

  it("routingRules: a DomainRoutingRules child on the domain with the rules and the mode", async () => {
    const rules = [
      {
        priority: 10,
        conditions: [{ matchBasePaths: { anyOf: ["orders"] } }],
        action: { invokeApi: { apiId: "a1b2c3d4e5", stage: "prod" } },
      },
    ];
    const access = new PrivateDomainAccess("routed", {
      domainName: ARN,
      vpcEndpointIds: [V1],
      routingRules: { rules, routingMode: "ROUTING_RULE_ONLY" },
    });
    assert.ok(access.routes);
    await valueOf(access.routes.ruleIds);
    const routes = recorded.find((r) => r.type === "pulumi-nodejs:dynamic/apigw:DomainRoutingRules");
    assert.equal(routes?.name, "routed-routes");
    assert.equal(routes?.inputs.domainNameArn, ARN);
    assert.equal(routes?.inputs.routingMode, "ROUTING_RULE_ONLY");
    assert.deepEqual(routes?.inputs.rules, rules);
  });

  it("attachInvokePolicy: one RestApiPolicyStatements per mapping with the API statement, redeploying the mapping's stage", async () => {
    const access = new PrivateDomainAccess("orders", {
      domainName: ARN,
      vpcEndpointIds: [V2, V1],
      mappings: [
        { basePath: "orders", restApiId: "a1b2c3d4e5", stage: "prod" },
        { basePath: "", restApiId: "f6g7h8i9j0" },
      ],
      attachInvokePolicy: true,
    });
    await Promise.all(access.apiPolicyStatements.map((c) => valueOf(c.policy)));
    const children = recorded
      .filter((r) => r.type === "pulumi-nodejs:dynamic/apigw:RestApiPolicyStatements")
      .sort((x, y) => x.name.localeCompare(y.name)); // registration order follows output resolution
    assert.deepEqual(
      children.map((r) => [r.name, r.inputs.restApiId, r.inputs.redeployStages, r.inputs.region]),
      [
        ["orders-api-policy-0", "a1b2c3d4e5", ["prod"], "us-east-1"],
        ["orders-api-policy-1", "f6g7h8i9j0", [], "us-east-1"],
      ],
    );
    const [first, second] = children.map((r) => (r.inputs.statements as Record<string, unknown>[])[0]);
    assert.notEqual(first.Sid, second.Sid);
    assert.deepEqual({ ...first, Sid: "X" }, { ...apiPolicyStatement([V1, V2]), Sid: "X" });
  });
});

describe("PrivateDomainAccess pure helpers", () => {
  it('builds the domain\'s URLs, the root for no mappings and for "(none)"', () => {
    assert.deepEqual(domainUrls("api.example.com", []), { "": "https://api.example.com/" });
    assert.deepEqual(domainUrls("api.example.com", ["(none)", "/v1/", "orders"]), {
      "": "https://api.example.com/",
      orders: "https://api.example.com/orders",
      v1: "https://api.example.com/v1",
    });
  });

  it("allows Invoke on the domain's execute-api ARN from the endpoints only, and denies everyone else", () => {
    const policy = JSON.parse(domainPolicyDocument(ARN, [V2, V1, V2]));
    const resource = "arn:aws:execute-api:us-east-1:111122223333:/domainnames/api.internal.example.com+abcd1234";
    assert.deepEqual(policy.Statement, [
      {
        Sid: "AllowInvokeFromAssociatedEndpoints",
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringEquals: { "aws:SourceVpce": [V1, V2].sort() } },
      },
      {
        Sid: "DenyInvokeFromAnywhereElse",
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringNotEquals: { "aws:SourceVpce": [V1, V2].sort() } },
      },
    ]);
    assert.match(
      domainPolicyDocument(ARN.replace("arn:aws:apigateway:us-east-1", "arn:aws-cn:apigateway:cn-north-1"), [V1]),
      /"arn:aws-cn:execute-api:cn-north-1:111122223333:\/domainnames\//,
    );
    assert.throws(
      () => domainPolicyDocument("arn:aws:apigateway:us-east-1::/domainnames/x.example.com", [V1]),
      /is not a private domain name ARN/,
    );
  });

  it("gives mapped APIs one statement scoped to the API it is attached to", () => {
    assert.deepEqual(apiPolicyStatement([V2, V1]), {
      Sid: "AllowInvokeThroughPrivateDomain",
      Effect: "Allow",
      Principal: "*",
      Action: "execute-api:Invoke",
      Resource: "execute-api:/*",
      Condition: { StringEquals: { "aws:SourceVpce": [V1, V2].sort() } },
    });
  });
});
