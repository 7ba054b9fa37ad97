/**
 * The doctor against the sandbox, through the real SDK clients: a healthy path is ok; breaking
 * exactly one link through a public AWS call makes that link the root cause; it reads only
 * (Get and Describe calls only, proved from the request log) and at most 15 calls for one API and one endpoint.
 */
import * as assert from "node:assert/strict";
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateDomainNameAccessAssociationCommand,
  DeleteBasePathMappingCommand,
  DeleteStageCommand,
  RejectDomainNameAccessAssociationCommand,
  UpdateDomainNameCommand,
  UpdateRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { EC2Client, ModifyVpcEndpointCommand, RevokeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import { diagnosePrivateApi, type DiagnoseOptions, type Diagnosis } from "../../../provider/doctor";
import { buildPrivatePath, endpointOnlyPolicy, type PrivatePath } from "../../../support/privatePath";
import { availableLink } from "../../../support/restFixtures";
import { FAST, TEST_ACCESS_KEY_ID, TEST_REGION, useSandbox, v1Client } from "../../../support/sandbox";

const OWNER = "111111111111";
const CONSUMER = "222222222222";
const CONSUMER_KEY = "AKIASANDBOXCONSUMER2";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the doctor against the sandbox (real SDK clients)", () => {
  const ctx = useSandbox({
    ...FAST,
    delays: { ...FAST.delays, dnsPropagationMs: 50, vpcEndpointProvisionMs: 50 },
    accounts: { [TEST_ACCESS_KEY_ID]: OWNER, [CONSUMER_KEY]: CONSUMER },
  });

  /** Waits until the sandbox's DNS answers for every per-VPCE name of the API. */
  async function published(restApiId: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (ctx.sandbox.control.state().dnsRecords.some((r) => r.restApiId === restApiId && !r.published)) {
      if (Date.now() > deadline) throw new Error(`names of ${restApiId} never published`);
      await sleep(20);
    }
  }

  async function healthyPath(opts: { domain?: boolean } = {}): Promise<PrivatePath> {
    const path = await buildPrivatePath(opts);
    await published(path.restApiId);
    return path;
  }

  const optionsFor = (path: PrivatePath, extra: Partial<DiagnoseOptions> = {}): DiagnoseOptions => ({
    region: path.region,
    restApiId: path.restApiId,
    stageName: path.stageName,
    ...(path.domain ? { domainName: path.domain.domainName, domainNameId: path.domain.domainNameId } : {}),
    ...extra,
  });

  const statuses = (d: Diagnosis) => Object.fromEntries(d.checks.map((c) => [c.subject ? `${c.id} ${c.subject}` : c.id, c.status]));

  it("a healthy path, with a private domain and a VPC link, is ok; only what AWS does not show is unknown", async () => {
    const path = await healthyPath({ domain: true });
    const vpcLinkId = await availableLink();
    const d = await diagnosePrivateApi(optionsFor(path, { vpcLinkId }));
    assert.equal(d.verdict, "ok", JSON.stringify(statuses(d)));
    assert.equal(d.rootCause, null);
    const notPassing = d.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}:${c.status}`);
    assert.deepEqual(notPassing, ["policy-deployed:unknown", "probe:skipped"]);
  });

  it("reads only: every request is a Get* or Describe*, at most 15 for one API and one endpoint (6 without domain and link)", async () => {
    const path = await healthyPath({ domain: true });
    const vpcLinkId = await availableLink();
    ctx.sandbox.control.clearRequestLog();
    await diagnosePrivateApi(optionsFor(path, { vpcLinkId }));
    const full = ctx.sandbox.control.requestLog().map((e) => e.operation);
    assert.deepEqual(
      full.filter((op) => !/^(Get|Describe)[A-Z]/.test(op)),
      [],
    );
    assert.ok(full.length <= 15, `${full.length} calls: ${full.join(", ")}`);
    ctx.sandbox.control.clearRequestLog();
    await diagnosePrivateApi({ region: path.region, restApiId: path.restApiId, stageName: path.stageName });
    assert.deepEqual(
      ctx.sandbox.control
        .requestLog()
        .map((e) => e.operation)
        .sort(),
      ["DescribeSecurityGroups", "DescribeVpcEndpoints", "DescribeVpcEndpoints", "DescribeVpcs", "GetRestApi", "GetStage"],
    );
  });

  const apigw = () => v1Client(TEST_REGION);
  const ec2 = () => new EC2Client({ region: TEST_REGION });
  const matrix: [string, string, (p: PrivatePath) => Promise<unknown>][] = [
    [
      "a disassociation",
      "endpoint-associated",
      (p) =>
        apigw().send(
          new UpdateRestApiCommand({
            restApiId: p.restApiId,
            patchOperations: [{ op: "remove", path: "/endpointConfiguration/vpcEndpointIds", value: p.vpcEndpointId }],
          }),
        ),
    ],
    [
      "a deny statement (deployed)",
      "resource-policy",
      async (p) => {
        const deny = JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            ...JSON.parse(endpointOnlyPolicy([p.vpcEndpointId])).Statement,
            {
              Sid: "DenyThisEndpoint",
              Effect: "Deny",
              Principal: "*",
              Action: "execute-api:Invoke",
              Resource: "execute-api:/*",
              Condition: { StringEquals: { "aws:SourceVpce": p.vpcEndpointId } },
            },
          ],
        });
        await apigw().send(
          new UpdateRestApiCommand({ restApiId: p.restApiId, patchOperations: [{ op: "replace", path: "/policy", value: deny }] }),
        );
        await apigw().send(new CreateDeploymentCommand({ restApiId: p.restApiId, stageName: p.stageName }));
      },
    ],
    [
      "a revoked 443 rule",
      "endpoint-security-group",
      (p) =>
        ec2().send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: p.groupId,
            IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/16" }] }],
          }),
        ),
    ],
    [
      "a denying endpoint policy",
      "endpoint-policy",
      (p) =>
        ec2().send(
          new ModifyVpcEndpointCommand({
            VpcEndpointId: p.vpcEndpointId,
            PolicyDocument: JSON.stringify({
              Statement: [
                { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "*" },
                { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
              ],
            }),
          }),
        ),
    ],
    ["a deleted stage", "stage-deployed", (p) => apigw().send(new DeleteStageCommand({ restApiId: p.restApiId, stageName: p.stageName }))],
    [
      "a missing base path mapping",
      "base-path-mapping",
      (p) =>
        apigw().send(
          new DeleteBasePathMappingCommand({ domainName: p.domain?.domainName, domainNameId: p.domain?.domainNameId, basePath: "(none)" }),
        ),
    ],
  ];
  for (const [what, rootCause, breakIt] of matrix) {
    it(`${what}: broken at ${rootCause}`, async () => {
      const path = await healthyPath({ domain: rootCause === "base-path-mapping" });
      assert.equal((await diagnosePrivateApi(optionsFor(path))).verdict, "ok");
      await breakIt(path);
      const d = await diagnosePrivateApi(optionsFor(path));
      assert.equal(d.verdict, "broken", JSON.stringify(statuses(d)));
      assert.equal(d.rootCause, rootCause, JSON.stringify(statuses(d)));
      assert.ok(d.checks.find((c) => c.id === rootCause)?.fix);
    });
  }

  it("an INACTIVE link: broken at vpc-link-status", async () => {
    const path = await healthyPath();
    const vpcLinkId = await availableLink();
    assert.equal((await diagnosePrivateApi(optionsFor(path, { vpcLinkId }))).verdict, "ok");
    ctx.sandbox.control.setVpcLinkInactive(vpcLinkId);
    const d = await diagnosePrivateApi(optionsFor(path, { vpcLinkId }));
    assert.equal(d.rootCause, "vpc-link-status");
    assert.match(d.checks.find((c) => c.id === "vpc-link-status")?.summary ?? "", /^INACTIVE/);
  });

  it("an association the owner rejected: broken at domain-access-association (the owner's view of another account's endpoint)", async () => {
    const path = await healthyPath({ domain: true });
    const domain = path.domain as NonNullable<PrivatePath["domain"]>;
    // The consumer account's endpoint, associated with the owner's shared domain and allowed by both policies.
    process.env.AWS_ACCESS_KEY_ID = CONSUMER_KEY;
    let consumerVpce: string;
    try {
      consumerVpce = (await buildPrivatePath()).vpcEndpointId;
    } finally {
      process.env.AWS_ACCESS_KEY_ID = TEST_ACCESS_KEY_ID;
    }
    const both = [path.vpcEndpointId, consumerVpce];
    const management = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: [CONSUMER] }, Action: "apigateway:CreateAccessAssociation", Resource: domain.domainNameArn },
      ],
    });
    await apigw().send(
      new UpdateDomainNameCommand({
        domainName: domain.domainName,
        domainNameId: domain.domainNameId,
        patchOperations: [
          { op: "replace", path: "/managementPolicy", value: management },
          { op: "replace", path: "/policy", value: endpointOnlyPolicy(both) },
        ],
      }),
    );
    await apigw().send(
      new UpdateRestApiCommand({
        restApiId: path.restApiId,
        patchOperations: [
          { op: "add", path: "/endpointConfiguration/vpcEndpointIds", value: consumerVpce },
          { op: "replace", path: "/policy", value: endpointOnlyPolicy(both) },
        ],
      }),
    );
    await apigw().send(new CreateDeploymentCommand({ restApiId: path.restApiId, stageName: path.stageName }));
    const consumer = new APIGatewayClient({
      region: TEST_REGION,
      credentials: { accessKeyId: CONSUMER_KEY, secretAccessKey: "consumer-secret" },
    });
    const association = await consumer.send(
      new CreateDomainNameAccessAssociationCommand({
        domainNameArn: domain.domainNameArn,
        accessAssociationSourceType: "VPCE",
        accessAssociationSource: consumerVpce,
      }),
    );
    const options = optionsFor(path, { vpcEndpointIds: [consumerVpce] });

    const before = await diagnosePrivateApi(options);
    assert.equal(before.verdict, "unknown", "the owner cannot see the consumer's endpoint");
    assert.equal(before.checks.find((c) => c.id === "endpoint-exists")?.unknownBecause, "unreadable");
    assert.equal(before.checks.find((c) => c.id === "domain-access-association")?.status, "pass");

    await apigw().send(
      new RejectDomainNameAccessAssociationCommand({
        domainNameAccessAssociationArn: association.domainNameAccessAssociationArn,
        domainNameArn: domain.domainNameArn,
      }),
    );
    const after = await diagnosePrivateApi(options);
    assert.equal(after.verdict, "broken");
    assert.equal(after.rootCause, "domain-access-association");
    assert.match(after.checks.find((c) => c.id === "domain-access-association")?.fix ?? "", /create-domain-name-access-association/);
  });

  it("a policy changed without a redeploy is an honest unknown without --probe (AWS does not show the deployed policy)", async () => {
    const path = await healthyPath();
    await apigw().send(
      new UpdateRestApiCommand({
        restApiId: path.restApiId,
        patchOperations: [{ op: "replace", path: "/policy", value: endpointOnlyPolicy(["vpce-0aaaaaaaaaaaaaaaa"]) }],
      }),
    );
    await apigw().send(new CreateDeploymentCommand({ restApiId: path.restApiId, stageName: path.stageName }));
    await apigw().send(
      new UpdateRestApiCommand({
        restApiId: path.restApiId,
        patchOperations: [{ op: "replace", path: "/policy", value: endpointOnlyPolicy([path.vpcEndpointId]) }],
      }),
    );
    const d = await diagnosePrivateApi(optionsFor(path));
    const deployed = d.checks.find((c) => c.id === "policy-deployed");
    assert.equal(deployed?.status, "unknown");
    assert.equal(deployed?.unknownBecause, "limit");
    assert.match(deployed?.fix ?? "", /--probe/);
  });

  it("an API that does not exist is the root cause; an API that cannot be read at all stops the walk", async () => {
    const d = await diagnosePrivateApi({ region: TEST_REGION, restApiId: "zzzzzzzzzz" });
    assert.equal(d.rootCause, "api-exists");
    ctx.sandbox.control.injectFaults("GetRestApi", { probabilities: { "500": 1 } });
    try {
      await assert.rejects(
        diagnosePrivateApi({ region: TEST_REGION, restApiId: "zzzzzzzzzz" }),
        /cannot read REST API zzzzzzzzzz in us-east-1/,
      );
    } finally {
      ctx.sandbox.control.clearFaults();
    }
  });
});
