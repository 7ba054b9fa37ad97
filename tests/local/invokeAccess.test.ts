/**
 * The invoke plane's access rules, each through the real SDK clients (API Gateway and EC2 arrange
 * the API, the endpoints, their policies and security groups) and plain node:http requests to the
 * sandbox's port with the per-VPCE Host header: endpoint state, security groups on TCP 443, the
 * association, the stage, the endpoint policy, the deployed resource policy (explicit deny and no
 * allow answered apart), and what an undeployed stage or a missing method answers.
 */
import assert from "node:assert/strict";
import { APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import { invokePolicyDocument } from "../../components/privateApiAccess";
import { SOURCE_GROUPS_HEADER, SOURCE_IP_HEADER } from "../../local";
import { endpointNetwork, invokeApi, type EndpointNetwork, type InvokeRequest } from "../../support/invoke";
import { createRestApi, FAST, makeDeployable, OPEN_INVOKE_POLICY, useSandbox, vpceIds } from "../../support/sandbox";

const apigw = () => new APIGatewayClient({ region: "us-east-1" });
const ec2 = () => new EC2Client({ region: "us-east-1" });
const deploy = (restApiId: string) => apigw().send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
const attach = (restApiId: string, policy: string) =>
  apigw().send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: "replace", path: "/policy", value: policy }] }));
const notAuthorized = (restApiId: string, path = "") =>
  `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:${restApiId}/prod/GET/${path}`;

describe("sandbox invoke plane: who reaches a private API through a VPC endpoint", () => {
  const ctx = useSandbox(FAST);
  let a: EndpointNetwork;
  let b: EndpointNetwork;
  let restApiId: string;
  const call = (extra: Partial<InvokeRequest> = {}) =>
    invokeApi({ endpoint: ctx.sandbox.endpoint, restApiId, vpcEndpointId: a.vpcEndpointId, stage: "prod", ...extra });

  before(async () => {
    a = await endpointNetwork({ octet: 1 });
    b = await endpointNetwork({ octet: 2 });
  });

  beforeEach(async () => {
    // Both endpoints associated; the components' invoke policy admits only endpoint a.
    restApiId = await createRestApi({ vpcEndpointIds: [a.vpcEndpointId, b.vpcEndpointId] });
    await makeDeployable(restApiId, { vpcEndpointIds: [a.vpcEndpointId] });
    await deploy(restApiId);
  });

  it("answers a MOCK method through an endpoint the policy allows", async () => {
    const r = await call();
    assert.ok(r.answered);
    assert.equal(r.status, 200);
    assert.equal(r.body, '{"ok":true}');
  });

  it("answers the endpoint's own DNS name with x-apigw-api-id too", async () => {
    const r = await call({ endpointHost: true });
    assert.ok(r.answered && r.status === 200, JSON.stringify(r));
  });

  it("answers the private DNS name only through an endpoint with private DNS on", async () => {
    const off = await call({ privateDns: true });
    assert.ok(off.answered && off.status === 403 && off.body === '{"message":"Forbidden"}', JSON.stringify(off));
    await ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: a.vpcEndpointId, PrivateDnsEnabled: true }));
    try {
      const on = await call({ privateDns: true });
      assert.ok(on.answered && on.status === 200, JSON.stringify(on));
    } finally {
      await ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: a.vpcEndpointId, PrivateDnsEnabled: false }));
    }
  });

  it("refuses an endpoint the policy denies: 403 AccessDeniedException 'with an explicit deny'", async () => {
    const r = await call({ vpcEndpointId: b.vpcEndpointId });
    assert.ok(r.answered);
    assert.equal(r.status, 403);
    assert.equal(r.headers["x-amzn-errortype"], "AccessDeniedException");
    assert.deepEqual(JSON.parse(r.body), { Message: `${notAuthorized(restApiId)} with an explicit deny` });
  });

  it("refuses a caller no statement allows with the message that has no 'explicit deny'", async () => {
    const allowOnlyA = JSON.parse(invokePolicyDocument(restApiId, [a.vpcEndpointId], "us-east-1")) as { Statement: unknown[] };
    await attach(restApiId, JSON.stringify({ ...allowOnlyA, Statement: allowOnlyA.Statement.slice(0, 1) }));
    await deploy(restApiId);
    const r = await call({ vpcEndpointId: b.vpcEndpointId });
    assert.ok(r.answered);
    assert.deepEqual(JSON.parse(r.body), { Message: notAuthorized(restApiId) });
  });

  it("serves the policy of the stage's deployment: a new policy counts only after a redeploy", async () => {
    await attach(restApiId, invokePolicyDocument(restApiId, [b.vpcEndpointId], "us-east-1"));
    const before = await call();
    assert.ok(before.answered && before.status === 200, "the deployed policy still admits a");
    await deploy(restApiId);
    const r = await call();
    assert.ok(r.answered && r.status === 403);
    const viaB = await call({ vpcEndpointId: b.vpcEndpointId });
    assert.ok(viaB.answered && viaB.status === 200);
  });

  it("evaluates aws:SourceVpc and aws:VpcSourceIp", async () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "execute-api:Invoke",
          Resource: "execute-api:/*",
          Condition: { StringEquals: { "aws:SourceVpc": a.vpcId } },
        },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "execute-api:Invoke",
          Resource: "execute-api:/*",
          Condition: { NotIpAddress: { "aws:VpcSourceIp": "10.1.0.0/24" } },
        },
      ],
    };
    await attach(restApiId, JSON.stringify(policy));
    await deploy(restApiId);
    const inside = await call({ headers: { [SOURCE_IP_HEADER]: "10.1.0.20" } });
    assert.ok(inside.answered && inside.status === 200, JSON.stringify(inside));
    const otherSubnet = await call({ headers: { [SOURCE_IP_HEADER]: "10.1.1.20" } });
    assert.ok(otherSubnet.answered && otherSubnet.status === 403 && otherSubnet.body.includes("explicit deny"));
    const otherVpc = await call({ vpcEndpointId: b.vpcEndpointId, headers: { [SOURCE_IP_HEADER]: "10.2.0.20" } });
    assert.ok(otherVpc.answered && otherVpc.status === 403);
  });

  it("gives no HTTP answer to a caller the endpoint's security groups do not admit on TCP 443", async () => {
    const outside = await call({ headers: { [SOURCE_IP_HEADER]: "192.168.7.7" } });
    assert.equal(outside.answered, false);
    const rule = {
      GroupId: a.groupId,
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "192.168.7.0/24" }] }],
    };
    await ec2().send(new AuthorizeSecurityGroupIngressCommand(rule));
    const admitted = await call({ headers: { [SOURCE_IP_HEADER]: "192.168.7.7" } });
    assert.ok(admitted.answered && admitted.status === 200);
    await ec2().send(new RevokeSecurityGroupIngressCommand(rule));
    assert.equal((await call({ headers: { [SOURCE_IP_HEADER]: "192.168.7.7" } })).answered, false);
  });

  it("admits a caller by its security group when a rule names the group, and not on another port", async () => {
    const callers = await ec2().send(
      new CreateSecurityGroupCommand({ VpcId: a.vpcId, GroupName: `callers-${restApiId}`, Description: "callers" }),
    );
    const wrongPort = {
      GroupId: a.groupId,
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "172.16.0.0/12" }] }],
    };
    await ec2().send(new AuthorizeSecurityGroupIngressCommand(wrongPort));
    const headers = { [SOURCE_IP_HEADER]: "172.16.0.9", [SOURCE_GROUPS_HEADER]: callers.GroupId as string };
    assert.equal((await call({ headers })).answered, false, "a rule for port 80 does not admit HTTPS");
    await ec2().send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: a.groupId,
        IpPermissions: [{ IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: callers.GroupId }] }],
      }),
    );
    const r = await call({ headers });
    assert.ok(r.answered && r.status === 200);
  });

  it("refuses through the endpoint policy, and ResetPolicy restores full access", async () => {
    const denyThisApi = JSON.stringify({
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
        { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: `arn:aws:execute-api:us-east-1:*:${restApiId}/*` },
      ],
    });
    await ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: a.vpcEndpointId, PolicyDocument: denyThisApi }));
    const r = await call();
    assert.ok(r.answered && r.status === 403);
    assert.equal(JSON.parse(r.body).Message, `${notAuthorized(restApiId)} with an explicit deny in a VPC endpoint policy`);
    await ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: a.vpcEndpointId, ResetPolicy: true }));
    const back = await call();
    assert.ok(back.answered && back.status === 200);
  });

  it("answers 403 Forbidden for an undeployed stage, an unassociated per-VPCE name, a non-PRIVATE API and a disabled endpoint", async () => {
    const stage = await call({ stage: "nope" });
    assert.ok(stage.answered && stage.status === 403);
    assert.deepEqual(JSON.parse(stage.body), { message: "Forbidden" });
    await apigw().send(
      new UpdateRestApiCommand({
        restApiId,
        patchOperations: [{ op: "remove", path: "/endpointConfiguration/vpcEndpointIds", value: b.vpcEndpointId }],
      }),
    );
    const unassociated = await call({ vpcEndpointId: b.vpcEndpointId });
    assert.ok(unassociated.answered && unassociated.status === 403 && unassociated.body === '{"message":"Forbidden"}');
    const regional = await apigw().send(new CreateRestApiCommand({ name: "public", endpointConfiguration: { types: ["REGIONAL"] } }));
    const viaEndpoint = await call({ restApiId: regional.id as string, endpointHost: true });
    assert.ok(viaEndpoint.answered && viaEndpoint.status === 403);
    await apigw().send(
      new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: "replace", path: "/disableExecuteApiEndpoint", value: "true" }] }),
    );
    const disabled = await call();
    assert.ok(disabled.answered && disabled.status === 403);
  });

  it("answers 403 Missing Authentication Token for a path or method the deployment does not serve", async () => {
    for (const extra of [{ path: "/nothing/here" }, { method: "DELETE" }]) {
      const r = await call(extra);
      assert.ok(r.answered && r.status === 403, JSON.stringify(r));
      assert.equal(r.headers["x-amzn-errortype"], "MissingAuthenticationTokenException");
      assert.deepEqual(JSON.parse(r.body), { message: "Missing Authentication Token" });
    }
  });

  it("gives no answer through an endpoint that is pending or deleting", async () => {
    await attach(restApiId, OPEN_INVOKE_POLICY);
    await deploy(restApiId);
    ctx.sandbox.control.setDelays({ vpcEndpointProvisionMs: 60_000, vpcEndpointDeleteMs: 60_000 });
    try {
      const created = await ec2().send(
        new CreateVpcEndpointCommand({
          VpcEndpointType: "Interface",
          ServiceName: "com.amazonaws.us-east-1.execute-api",
          VpcId: a.vpcId,
          SubnetIds: a.subnetIds,
          SecurityGroupIds: [a.groupId],
          PrivateDnsEnabled: false,
        }),
      );
      const pending = created.VpcEndpoint?.VpcEndpointId as string;
      assert.equal((await call({ vpcEndpointId: pending, endpointHost: true })).answered, false, "pending");
      assert.ok((await call({ endpointHost: true })).answered, "the available endpoint answers");
      await ec2().send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [a.vpcEndpointId] }));
      assert.equal((await call({ endpointHost: true })).answered, false, "deleting");
    } finally {
      ctx.sandbox.control.setDelays({ vpcEndpointProvisionMs: 100, vpcEndpointDeleteMs: 100 });
    }
    a = await endpointNetwork({ octet: 1 });
  });

  it("treats an endpoint id EC2 does not know as available, with the default policy and no security-group rule", async () => {
    const [unknown] = vpceIds(1);
    const id = await createRestApi({ vpcEndpointIds: [unknown] });
    await makeDeployable(id, { vpcEndpointIds: [unknown] });
    await deploy(id);
    const r = await call({ restApiId: id, vpcEndpointId: unknown, headers: { [SOURCE_IP_HEADER]: "203.0.113.9" } });
    assert.ok(r.answered && r.status === 200);
  });

  it("records each invocation and why it was answered so in the request log", async () => {
    ctx.sandbox.control.clearRequestLog();
    await call({ vpcEndpointId: b.vpcEndpointId });
    const [entry] = ctx.sandbox.control.requestLog({ operation: "Invoke" });
    assert.equal(entry.status, 403);
    assert.equal(entry.errorType, "AccessDeniedException");
    assert.equal(entry.params.reason, "resource policy: explicit deny");
  });
});
