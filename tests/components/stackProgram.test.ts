import * as assert from "node:assert/strict";
import { useRecordingMocks, valueOf, type RecordedResource } from "./mockRecorder";
import type * as pulumi from "@pulumi/pulumi";

const API = "a1b2c3d4e5";
const IDS = ["vpce-0123456789abcdef0", "vpce-0a1b2c3d"];

type Program = Record<string, pulumi.Output<unknown> | undefined>;

/** Imports index.ts afresh under mocks with the given stack config. */
async function runProgram(config: Record<string, string>): Promise<{ program: Program; recorded: RecordedResource[] }> {
  const recorded = await useRecordingMocks({ "aws:region": "us-east-1", ...config });
  delete require.cache[require.resolve("../../index")];
  const program = (await import("../../index")) as unknown as Program;
  return { program, recorded };
}

describe("the stack program (index.ts) under mocks", () => {
  const base = { "apigw-vpc:restApiId": API, "apigw-vpc:vpcEndpointIds": JSON.stringify(IDS) };

  it("exports per-VPCE URLs and the invoke policy, with no VPC link unless subnets are given", async () => {
    const { program, recorded } = await runProgram(base);
    const urls = (await valueOf(program.urls as pulumi.Output<Record<string, string>>)) ?? {};
    assert.deepEqual(Object.keys(urls), IDS);
    assert.equal(urls[IDS[0]], `https://${API}-${IDS[0]}.execute-api.us-east-1.amazonaws.com/prod`);
    assert.match(await valueOf(program.invokePolicy as pulumi.Output<string>), /"aws:SourceVpce"/);
    assert.equal(program.vpcLinkId, undefined);
    assert.equal(program.privateDomainUrls, undefined);
    assert.ok(!recorded.some((r) => r.type.startsWith("aws:")), "no aws provider resource by default");
  });

  it("creates the VPC link from config and exports its id", async () => {
    const { program, recorded } = await runProgram({
      ...base,
      "apigw-vpc:vpcLinkSubnetIds": JSON.stringify(["subnet-0123abcd", "subnet-4567cdef"]),
      "apigw-vpc:vpcLinkSecurityGroupIds": JSON.stringify(["sg-0123abcd"]),
      "apigw-vpc:vpcLinkName": "my-link",
    });
    assert.match((await valueOf(program.vpcLinkId as pulumi.Output<string>)) ?? "", /^[a-z0-9]{7}$/);
    assert.equal(recorded.find((r) => r.type.endsWith(":VpcLink"))?.inputs.name, "my-link");
  });

  it("reaches the API under a private custom domain when privateDomainArn is set", async () => {
    const arn = "arn:aws:apigateway:us-east-1:111122223333:/domainnames/api.internal.example.com+abcd1234";
    const { program, recorded } = await runProgram({
      ...base,
      "apigw-vpc:privateDomainArn": arn,
      "apigw-vpc:privateDomainBasePath": "orders",
    });
    assert.deepEqual(await valueOf(program.privateDomainUrls as pulumi.Output<Record<string, string>>), {
      orders: "https://api.internal.example.com/orders",
    });
    assert.deepEqual(recorded.find((r) => r.type.endsWith(":DomainNameAccessAssociations"))?.inputs.vpcEndpointIds, IDS);
    assert.ok(
      !recorded.some((r) => r.type.endsWith(":DomainNameManagementPolicy") || r.type.endsWith(":DomainNameResolution")),
      "no sharing and no DNS wait unless configured",
    );
    assert.match(
      await valueOf(program.privateDomainPolicy as pulumi.Output<string>),
      /execute-api:us-east-1:111122223333:\/domainnames\/api\.internal\.example\.com\+abcd1234/,
    );
  });

  it("attaches the invoke policy with aws.apigateway.RestApiPolicy only when switched on, then redeploys the stage", async () => {
    const { program, recorded } = await runProgram({ ...base, "apigw-vpc:attachInvokePolicy": "true" });
    const document = await valueOf(program.invokePolicy as pulumi.Output<string>);
    await new Promise((r) => setTimeout(r, 50)); // let the policy's registration reach the mocks
    const policy = recorded.find((r) => r.type === "aws:apigateway/restApiPolicy:RestApiPolicy");
    assert.ok(policy, "a RestApiPolicy is registered");
    assert.equal(policy.inputs.restApiId, API);
    assert.equal(policy.inputs.policy, document);
    const redeploy = recorded.find((r) => r.type.endsWith(":StageRedeployment"));
    assert.ok(redeploy, "the stage is redeployed, as AWS needs after a policy change");
    assert.deepEqual(redeploy.inputs.triggers, { invokePolicy: document });
  });
});
