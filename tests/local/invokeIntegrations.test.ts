/**
 * What the invoke plane's integrations answer, through the real SDK clients and node:http: a MOCK
 * method from its integration responses (500 without a default one), and a private integration
 * through a v2 VPC link from the HTTP server the test registers behind the load balancer; AWS's
 * 5xx when the link is INACTIVE (which starts its re-provisioning), when nothing listens behind
 * the load balancer, and when the target does not answer within timeoutInMillis.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateDeploymentCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodResponseCommand,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetVpcLinkCommand } from "@aws-sdk/client-apigatewayv2";
import { invokeApi, type InvokeRequest } from "../../support/invoke";
import { availableLink, loadBalancerArn, restApiWithMethods } from "../../support/restFixtures";
import { FAST, useSandbox, v1Client, vpceIds } from "../../support/sandbox";

describe("sandbox invoke plane: integrations", () => {
  const ctx = useSandbox(FAST);
  const [vpce] = vpceIds(1);
  let server: Server;
  let targetUrl: string;
  let delayMs = 0;

  before(async () => {
    server = createServer((req, res) => {
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json", "x-target": "orders" });
        res.end(JSON.stringify({ method: req.method, path: req.url }));
      }, delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    targetUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    delayMs = 0;
  });

  const call = (restApiId: string, extra: Partial<InvokeRequest> = {}) =>
    invokeApi({ endpoint: ctx.sandbox.endpoint, restApiId, vpcEndpointId: vpce, stage: "prod", endpointHost: true, ...extra });

  /** An API whose GET /orders goes through a fresh link to a load balancer; deployed to prod. */
  async function privateApi(timeoutInMillis = 29_000) {
    const fixture = await restApiWithMethods({ orders: ["GET"] });
    const link = await availableLink();
    const alb = loadBalancerArn("app", `orders-${fixture.restApiId}`);
    await v1Client().send(
      new PutIntegrationCommand({
        restApiId: fixture.restApiId,
        resourceId: fixture.resources.orders,
        httpMethod: "GET",
        type: "HTTP_PROXY",
        integrationHttpMethod: "GET",
        uri: "http://orders.internal/",
        connectionType: "VPC_LINK",
        connectionId: link,
        integrationTarget: alb,
        timeoutInMillis,
      }),
    );
    await v1Client().send(new CreateDeploymentCommand({ restApiId: fixture.restApiId, stageName: "prod" }));
    return { ...fixture, link, alb };
  }

  it("answers a MOCK method without a default integration response with 500", async () => {
    const { restApiId } = await restApiWithMethods({});
    await v1Client().send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
    const r = await call(restApiId);
    assert.ok(r.answered && r.status === 500, JSON.stringify(r));
    assert.deepEqual(JSON.parse(r.body), { message: "Internal server error" });
  });

  it("answers a MOCK method from its integration response: status, static headers, template", async () => {
    const { restApiId, rootId } = await restApiWithMethods({});
    const m = { restApiId, resourceId: rootId, httpMethod: "GET" };
    await v1Client().send(
      new PutMethodResponseCommand({ ...m, statusCode: "201", responseParameters: { "method.response.header.X-Kind": true } }),
    );
    await v1Client().send(
      new PutIntegrationResponseCommand({
        ...m,
        statusCode: "201",
        responseParameters: { "method.response.header.X-Kind": "'mock'" },
        responseTemplates: { "application/json": '{"made":"here"}' },
      }),
    );
    await v1Client().send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
    const r = await call(restApiId);
    assert.ok(r.answered);
    assert.equal(r.status, 201);
    assert.equal(r.headers["x-kind"], "mock");
    assert.equal(r.body, '{"made":"here"}');
  });

  it("forwards a private integration to the target registered behind its load balancer", async () => {
    const api = await privateApi();
    ctx.sandbox.control.registerIntegrationTarget(api.alb, targetUrl);
    const r = await call(api.restApiId, { path: "/orders" });
    assert.ok(r.answered && r.status === 200, JSON.stringify(r));
    assert.equal(r.headers["x-target"], "orders");
    assert.deepEqual(JSON.parse(r.body), { method: "GET", path: "/orders" });
  });

  it("answers 500 when nothing listens behind the load balancer", async () => {
    const api = await privateApi();
    ctx.sandbox.control.unregisterIntegrationTarget(api.alb);
    const r = await call(api.restApiId, { path: "/orders" });
    assert.ok(r.answered && r.status === 500);
  });

  it("answers 500 through an INACTIVE link, which starts its re-provisioning", async () => {
    const api = await privateApi();
    ctx.sandbox.control.registerIntegrationTarget(api.alb, targetUrl);
    ctx.sandbox.control.setVpcLinkInactive(api.link);
    const r = await call(api.restApiId, { path: "/orders" });
    assert.ok(r.answered && r.status === 500);
    const link = await new ApiGatewayV2Client({ region: "us-east-1" }).send(new GetVpcLinkCommand({ VpcLinkId: api.link }));
    assert.equal(link.VpcLinkStatus, "PENDING");
  });

  it("answers 504 Endpoint request timed out when the target is slower than timeoutInMillis", async () => {
    const api = await privateApi(50);
    ctx.sandbox.control.registerIntegrationTarget(api.alb, targetUrl);
    delayMs = 1000;
    const r = await call(api.restApiId, { path: "/orders" });
    assert.ok(r.answered && r.status === 504, JSON.stringify(r));
    assert.deepEqual(JSON.parse(r.body), { message: "Endpoint request timed out" });
  });
});
