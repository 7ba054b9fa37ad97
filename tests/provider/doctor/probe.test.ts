/**
 * The probe over real sockets: what it sends (the per-VPCE Host or the caller's name, the stage path) and what it
 * reports for an answer, an unanswered request, a refused connection and a name that does not
 * resolve.
 */
import * as assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sendProbe } from "../../../provider/doctor/probe";

const HOST = "a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com";
const RESOLVED = { kind: "addresses" as const, addresses: ["10.0.1.10"] };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the doctor's probe (real sockets)", () => {
  const servers: Server[] = [];
  after(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it("sends GET /{stage}{path} with the per-VPCE name as Host and reports the answer", async () => {
    let seen: { url?: string; method?: string; headers?: IncomingHttpHeaders } = {};
    const server = createServer((req, res) => {
      seen = { url: req.url, method: req.method, headers: req.headers };
      res.writeHead(403, { "content-type": "application/json", "x-amzn-ErrorType": "AccessDeniedException" });
      res.end('{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn with an explicit deny"}');
    });
    servers.push(server);
    const endpoint = await listen(server);
    const outcome = await sendProbe({ hostname: HOST, dns: RESOLVED, path: "/prod/items", sourceIp: "10.0.3.4", invokeEndpoint: endpoint });
    assert.equal(outcome.kind, "http");
    assert.equal(outcome.status, 403);
    assert.equal(outcome.errorType, "AccessDeniedException");
    assert.match(outcome.body, /explicit deny/);
    assert.equal(seen.url, "/prod/items");
    assert.equal(seen.method, "GET");
    assert.equal(seen.headers?.host, HOST);
    assert.equal(seen.headers?.["x-apigw-sandbox-source-ip"], "10.0.3.4");
  });

  it("sends a caller's name as Host and, to an emulator, as the TLS server name, with the probed endpoint", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
    servers.push(server);
    const invokeEndpoint = await listen(server);
    const endpointName = "vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com";
    const caller = { restApiId: "a1b2c3d4e5", vpcEndpointId: "vpce-0123456789abcdef0", invokeEndpoint };
    await sendProbe({ hostname: HOST, dns: RESOLVED, path: "/prod/", host: "api.internal.example.com", ...caller });
    await sendProbe({ hostname: HOST, dns: RESOLVED, path: "/prod/", host: endpointName, ...caller });
    await sendProbe({ hostname: HOST, dns: RESOLVED, path: "/prod/", ...caller });
    assert.equal(seen[0].host, "api.internal.example.com");
    assert.equal(seen[0]["x-apigw-sandbox-sni"], "api.internal.example.com");
    assert.equal(seen[0]["x-apigw-sandbox-vpce"], "vpce-0123456789abcdef0");
    assert.equal(seen[0]["x-apigw-api-id"], undefined, "only an endpoint's own DNS name needs the API's id");
    assert.equal(seen[1].host, endpointName);
    assert.equal(seen[1]["x-apigw-api-id"], "a1b2c3d4e5");
    assert.equal(seen[2].host, HOST, "without a caller's name, the per-VPCE name");
    assert.equal(seen[2]["x-apigw-sandbox-sni"], undefined);
  });

  it("an accepted connection that is never answered is a timeout after the connection", async () => {
    const server = createServer(() => {
      // never answers, as AWS does for a caller its security groups drop
    });
    servers.push(server);
    const endpoint = await listen(server);
    const outcome = await sendProbe({ hostname: HOST, dns: RESOLVED, path: "/prod/", timeoutMs: 300, invokeEndpoint: endpoint });
    assert.deepEqual(outcome, { kind: "timeout", connected: true, timeoutMs: 300 });
  });

  it("a refused connection is a connection error", async () => {
    const server = createServer();
    const endpoint = await listen(server);
    await new Promise((r) => server.close(r));
    const outcome = await sendProbe({ hostname: HOST, dns: RESOLVED, path: "/prod/", timeoutMs: 2000, invokeEndpoint: endpoint });
    assert.deepEqual(outcome, { kind: "connection-error", code: "ECONNREFUSED" });
  });

  it("a name that does not resolve sends nothing", async () => {
    assert.deepEqual(await sendProbe({ hostname: HOST, dns: { kind: "nxdomain" }, path: "/prod/" }), { kind: "nxdomain", hostname: HOST });
    assert.deepEqual(await sendProbe({ hostname: HOST, dns: { kind: "error", code: "ETIMEOUT" }, path: "/prod/" }), {
      kind: "dns-error",
      code: "ETIMEOUT",
    });
  });
});
