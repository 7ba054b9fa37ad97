/**
 * The doctor against the sandbox, through the real SDK clients: a healthy path is ok; breaking
 * exactly one link through a public AWS call makes that link the root cause; it reads only
 * (Get and Describe calls only, proved from the request log) and at most 15 calls for one API and one endpoint.
 */
import * as assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  GetRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  DeleteBasePathMappingCommand,
  DeleteStageCommand,
  RejectDomainNameAccessAssociationCommand,
  UpdateRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { EC2Client, ModifyVpcEndpointCommand, RevokeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import { diagnosePrivateApi, type DiagnoseOptions, type Diagnosis } from "../../../provider/doctor";
import { invokeApi, invokeDomainName } from "../../../support/invoke";
import { buildPrivatePath, endpointOnlyPolicy, shareDomainWithConsumer, type PrivatePath } from "../../../support/privatePath";
import { availableLink, loadBalancerArn } from "../../../support/restFixtures";
import { FAST, TEST_ACCESS_KEY_ID, TEST_REGION, useSandbox, v1Client } from "../../../support/sandbox";

const OWNER = "111111111111";
const CONSUMER = "222222222222";
const CONSUMER_KEY = "AKIASANDBOXCONSUMER2";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the doctor against the sandbox (real SDK clients)", () => {
  const ctx = useSandbox({
    ...FAST,
    delays: { ...FAST.delays, dnsPropagationMs: 50, vpcEndpointProvisionMs: 50, refusedConnectionHoldMs: 1500 },
    accounts: { [TEST_ACCESS_KEY_ID]: OWNER, [CONSUMER_KEY]: CONSUMER },
  });

  // The HTTP server behind the load balancer of the private integration.
  let server: Server;
  let target: string;
  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"orders":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

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

  /**
   * The doctor with --probe, and one request through the endpoint from the test: the doctor
   * says broken exactly when that request fails (no answer, a 403 or a 5xx).
   */
  async function agree(options: DiagnoseOptions, vpcEndpointId: string): Promise<Diagnosis> {
    const d = await diagnosePrivateApi({ ...options, vpcEndpointIds: [vpcEndpointId], probe: true }, { probeTimeoutMs: 1000 });
    const r = await invokeApi({
      endpoint: ctx.sandbox.endpoint,
      restApiId: options.restApiId as string,
      vpcEndpointId,
      stage: options.stageName as string,
      path: options.path,
    });
    const fails = !r.answered || r.status === 403 || r.status >= 500;
    assert.equal(
      d.verdict === "broken",
      fails,
      `doctor ${d.verdict} (${d.rootCause}), request ${JSON.stringify(r.answered ? { status: r.status, body: r.body } : r)}`,
    );
    return d;
  }

  /** The doctor, and one request to the private domain name through the endpoint: broken exactly when that request fails. */
  async function agreeViaDomain(options: DiagnoseOptions, vpcEndpointId: string): Promise<Diagnosis> {
    const d = await diagnosePrivateApi({ ...options, vpcEndpointIds: [vpcEndpointId] });
    const r = await invokeDomainName({ endpoint: ctx.sandbox.endpoint, domainName: options.domainName as string, vpcEndpointId });
    const fails = !r.answered || r.status === 403 || r.status >= 500;
    const request = JSON.stringify(r.answered ? { status: r.status, body: r.body } : r);
    assert.equal(d.verdict === "broken", fails, `doctor ${d.verdict} (${d.rootCause}), request to the domain ${request}`);
    return d;
  }

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

  it("reads only: every request is a Get*, List* or Describe*, at most 15 for one API and one endpoint (6 without domain and link)", async () => {
    const path = await healthyPath({ domain: true });
    const vpcLinkId = await availableLink();
    ctx.sandbox.control.clearRequestLog();
    await diagnosePrivateApi(optionsFor(path, { vpcLinkId }));
    const full = ctx.sandbox.control.requestLog().map((e) => e.operation);
    assert.deepEqual(
      full.filter((op) => !/^(Get|List|Describe)[A-Z]/.test(op)),
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

  /** What the probe sees when each link is broken. */
  const PROBE_KINDS: Record<string, string> = {
    "endpoint-associated": "NXDOMAIN",
    "resource-policy": "403 explicit deny",
    "endpoint-security-group": "no answer",
    "endpoint-policy": "403 explicit deny",
    "stage-deployed": '403 {"message":"Forbidden"}',
  };

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
    const viaDomain = rootCause === "base-path-mapping";
    it(`${what}: broken at ${rootCause}; the invoke plane agrees${viaDomain ? " through the domain name" : ", and the probe explains its answer"}`, async () => {
      const path = await healthyPath({ domain: viaDomain });
      assert.equal((await diagnosePrivateApi(optionsFor(path))).verdict, "ok");
      const agreeing = viaDomain ? agreeViaDomain : agree;
      assert.equal((await agreeing(optionsFor(path), path.vpcEndpointId)).verdict, "ok");
      await breakIt(path);
      const d = await diagnosePrivateApi(optionsFor(path));
      assert.equal(d.verdict, "broken", JSON.stringify(statuses(d)));
      assert.equal(d.rootCause, rootCause, JSON.stringify(statuses(d)));
      assert.ok(d.checks.find((c) => c.id === rootCause)?.fix);
      if (viaDomain) return void (await agreeViaDomain(optionsFor(path), path.vpcEndpointId));
      const probed = await agree(optionsFor(path), path.vpcEndpointId);
      assert.equal(probed.rootCause, rootCause);
      const probe = probed.checks.find((c) => c.id === "probe");
      assert.equal(probe?.status, "fail");
      assert.equal(probe?.evidence.kind, PROBE_KINDS[rootCause], JSON.stringify(probe?.evidence));
    });
  }

  it("an INACTIVE link: broken at vpc-link-status; the invoke plane agrees (5xx through the link)", async () => {
    const path = await healthyPath();
    const vpcLinkId = await availableLink();
    const alb = loadBalancerArn("app", `orders-${path.restApiId}`);
    const client = apigw();
    const rootId = (await client.send(new GetRestApiCommand({ restApiId: path.restApiId }))).rootResourceId;
    const orders = await client.send(new CreateResourceCommand({ restApiId: path.restApiId, parentId: rootId, pathPart: "orders" }));
    const method = { restApiId: path.restApiId, resourceId: orders.id, httpMethod: "GET" };
    await client.send(new PutMethodCommand({ ...method, authorizationType: "NONE" }));
    await client.send(
      new PutIntegrationCommand({
        ...method,
        type: "HTTP_PROXY",
        integrationHttpMethod: "GET",
        uri: "http://orders.internal/",
        connectionType: "VPC_LINK",
        connectionId: vpcLinkId,
        integrationTarget: alb,
      }),
    );
    await client.send(new CreateDeploymentCommand({ restApiId: path.restApiId, stageName: path.stageName }));
    ctx.sandbox.control.registerIntegrationTarget(alb, target);
    const options = optionsFor(path, { vpcLinkId, path: "/orders" });
    assert.equal((await agree(options, path.vpcEndpointId)).verdict, "ok");
    // Slow re-provisioning, so the link is still not AVAILABLE when the test's own request follows the probe's.
    ctx.sandbox.control.setDelays({ vpcLinkProvisionMs: 5000 });
    try {
      ctx.sandbox.control.setVpcLinkInactive(vpcLinkId);
      const d = await agree(options, path.vpcEndpointId);
      assert.equal(d.rootCause, "vpc-link-status");
      assert.match(d.checks.find((c) => c.id === "vpc-link-status")?.summary ?? "", /^INACTIVE/);
      assert.equal(d.checks.find((c) => c.id === "probe")?.evidence.kind, "500");
    } finally {
      ctx.sandbox.control.setDelays({ vpcLinkProvisionMs: FAST.delays?.vpcLinkProvisionMs });
    }
  });

  it("an association the owner rejected: broken at domain-access-association (the owner's view of another account's endpoint); the invoke plane agrees through the domain name", async () => {
    const path = await healthyPath({ domain: true });
    const domain = path.domain as NonNullable<PrivatePath["domain"]>;
    // The consumer account's endpoint, associated with the owner's shared domain and allowed by both policies.
    const { consumerVpce, associationArn } = await shareDomainWithConsumer(
      path,
      { account: CONSUMER, accessKeyId: CONSUMER_KEY },
      { addToApi: true },
    );
    const options = optionsFor(path, { vpcEndpointIds: [consumerVpce] });

    const before = await agreeViaDomain(options, consumerVpce);
    assert.equal(before.verdict, "unknown", "the owner cannot see the consumer's endpoint");
    assert.equal(before.checks.find((c) => c.id === "endpoint-exists")?.unknownBecause, "unreadable");
    assert.equal(before.checks.find((c) => c.id === "domain-access-association")?.status, "pass");

    await apigw().send(
      new RejectDomainNameAccessAssociationCommand({
        domainNameAccessAssociationArn: associationArn,
        domainNameArn: domain.domainNameArn,
      }),
    );
    const after = await agreeViaDomain(options, consumerVpce);
    assert.equal(after.verdict, "broken");
    assert.equal(after.rootCause, "domain-access-association");
    assert.match(after.checks.find((c) => c.id === "domain-access-association")?.fix ?? "", /create-domain-name-access-association/);
  });

  it("a policy changed without a redeploy: an honest unknown without --probe; with it, broken at policy-deployed, as the invoke plane answers", async () => {
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
    const probed = await agree(optionsFor(path), path.vpcEndpointId);
    assert.equal(probed.rootCause, "policy-deployed", JSON.stringify(statuses(probed)));
    assert.match(probed.checks.find((c) => c.id === "policy-deployed")?.fix ?? "", /create-deployment/);
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
