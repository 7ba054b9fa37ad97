import * as assert from "node:assert/strict";
import { invokePolicyDocument, perVpceUrls, PrivateApiAccess } from "../../components/privateApiAccess";
import { inactiveLinkWarning, PrivateIntegrationLink } from "../../components/privateIntegrationLink";
import { useRecordingMocks, valueOf, type RecordedResource } from "./mockRecorder";

const API = "a1b2c3d4e5";
const V1 = "vpce-0123456789abcdef0";
const V2 = "vpce-0a1b2c3d";

describe("PrivateApiAccess under mocks", () => {
  let recorded: RecordedResource[];
  beforeEach(async () => {
    recorded = await useRecordingMocks({ "aws:region": "us-east-1" });
  });

  it("creates an association, then a DNS readiness check that depends on it, as its children", async () => {
    const access = new PrivateApiAccess("api", { restApiId: API, vpcEndpointIds: [V2, V1], stageName: "prod" });
    await valueOf(access.urls);
    assert.deepEqual(
      recorded.map((r) => r.type),
      [
        "apigw-vpc:index:PrivateApiAccess",
        "pulumi-nodejs:dynamic/apigw:VpcEndpointAssociation",
        "pulumi-nodejs:dynamic/apigw:EndpointDnsReadiness",
      ],
    );
    const parentType = "apigw-vpc:index:PrivateApiAccess";
    assert.match(
      await valueOf(access.association.urn),
      new RegExp(`::${parentType}\\$pulumi-nodejs:dynamic/apigw:VpcEndpointAssociation::api$`),
    );
    assert.match(
      await valueOf(access.dnsReadiness!.urn),
      new RegExp(`::${parentType}\\$pulumi-nodejs:dynamic/apigw:EndpointDnsReadiness::api-dns$`),
    );
    const readiness = recorded[2].inputs;
    assert.equal(readiness.redeployStage, "prod");
    assert.deepEqual(readiness.vpcEndpointIds, [V1, V2].sort());
  });

  it("outputs a URL per endpoint, sorted by endpoint id", async () => {
    const access = new PrivateApiAccess("api", { restApiId: API, vpcEndpointIds: [V1, V2, V1], stageName: "v1" });
    assert.deepEqual(await valueOf(access.urls), {
      [V1]: `https://${API}-${V1}.execute-api.us-east-1.amazonaws.com/v1`,
      [V2]: `https://${API}-${V2}.execute-api.us-east-1.amazonaws.com/v1`,
    });
    assert.deepEqual(
      await valueOf(access.hostnames),
      [V1, V2].sort().map((v) => `${API}-${v}.execute-api.us-east-1.amazonaws.com`),
    );
  });

  it("uses amazonaws.com.cn in China regions", async () => {
    const access = new PrivateApiAccess("api", { restApiId: API, vpcEndpointIds: [V1], stageName: "prod", region: "cn-north-1" });
    assert.deepEqual(await valueOf(access.urls), { [V1]: `https://${API}-${V1}.execute-api.cn-north-1.amazonaws.com.cn/prod` });
  });

  it("skips the readiness child when waitForDns is false, and the redeploy when told so", async () => {
    new PrivateApiAccess("nowait", { restApiId: API, vpcEndpointIds: [V1], stageName: "prod", waitForDns: false });
    new PrivateApiAccess("noredeploy", { restApiId: API, vpcEndpointIds: [V1], stageName: "prod", redeployIfUnresolved: false });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      recorded.filter((r) => r.type.endsWith("EndpointDnsReadiness")).map((r) => [r.name, r.inputs.redeployStage]),
      [["noredeploy-dns", undefined]],
    );
  });

  it("accepts the aws.apigateway.RestApi itself", async () => {
    const aws: typeof import("@pulumi/aws") = await import("@pulumi/aws");
    const restApi = new aws.apigateway.RestApi("api", { endpointConfiguration: { types: "PRIVATE" } });
    const access = new PrivateApiAccess("access", { restApiId: restApi, vpcEndpointIds: [V1], stageName: "prod" });
    assert.deepEqual(Object.keys(await valueOf(access.urls)), [V1]);
    assert.equal(recorded.find((r) => r.type.endsWith("VpcEndpointAssociation"))?.inputs.restApiId, await valueOf(restApi.id));
  });

  it("outputs an invoke policy that allows only the associated endpoints and denies everything else", async () => {
    const access = new PrivateApiAccess("api", { restApiId: API, vpcEndpointIds: [V2, V1], stageName: "prod" });
    const policy = JSON.parse(await valueOf(access.invokePolicy));
    const resource = `arn:aws:execute-api:us-east-1:*:${API}/*`;
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
  });
});

describe("PrivateApiAccess pure helpers", () => {
  it("builds URLs for many endpoints", () => {
    const ids = Array.from({ length: 25 }, (_, i) => `vpce-${i.toString(16).padStart(8, "0")}`);
    const urls = perVpceUrls(API, ids, "eu-west-1", "prod");
    assert.equal(Object.keys(urls).length, 25);
    assert.equal(urls[ids[7]], `https://${API}-${ids[7]}.execute-api.eu-west-1.amazonaws.com/prod`);
  });

  it("uses the China and GovCloud partitions in the policy ARN", () => {
    assert.match(invokePolicyDocument(API, [V1], "cn-north-1"), /"arn:aws-cn:execute-api:cn-north-1:\*:a1b2c3d4e5\/\*"/);
    assert.match(invokePolicyDocument(API, [V1], "us-gov-west-1"), /"arn:aws-us-gov:execute-api:us-gov-west-1:/);
  });
});

describe("PrivateIntegrationLink under mocks", () => {
  it("wraps a VpcLink and outputs its id, ARN and status", async () => {
    const recorded = await useRecordingMocks({ "aws:region": "us-east-1" });
    const link = new PrivateIntegrationLink("link", {
      name: "l",
      subnetIds: ["subnet-0123abcd", "subnet-4567cdef"],
      securityGroupIds: ["sg-0123abcd"],
    });
    const [id, arn, status] = await Promise.all([valueOf(link.vpcLinkId), valueOf(link.arn), valueOf(link.status)]);
    assert.equal(arn, `arn:aws:apigateway:us-east-1::/vpclinks/${id}`);
    assert.equal(status, "AVAILABLE");
    assert.deepEqual(
      recorded.map((r) => r.type),
      ["apigw-vpc:index:PrivateIntegrationLink", "pulumi-nodejs:dynamic/apigw:VpcLink"],
    );
  });

  it("warns about an INACTIVE link, and only then", () => {
    assert.match(
      inactiveLinkWarning("l", "INACTIVE") ?? "",
      /^VPC link l is INACTIVE: API Gateway deleted its network interfaces after 60 days without traffic/,
    );
    for (const status of ["AVAILABLE", "PENDING", "FAILED", undefined]) assert.equal(inactiveLinkWarning("l", status), undefined);
  });
});
