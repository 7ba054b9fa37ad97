/**
 * The raw HTTP answers under the SDK: AWS's error shape (x-amzn-errortype header, JSON
 * `message`), request ids, Retry-After on throttling, the region taken from the SigV4
 * credential scope, and what the sandbox does with requests no SDK would send.
 */
import assert from "node:assert/strict";
import { useSandbox } from "../../support/sandbox";

describe("sandbox wire format", () => {
  const ctx = useSandbox({ timeScale: 100 });
  const url = (path: string) => `${ctx.sandbox.endpoint}${path}`;
  beforeEach(() => {
    ctx.sandbox.control.resetQuotas();
    ctx.sandbox.control.clearRequestLog();
  });

  it("answers errors with x-amzn-errortype, a JSON message and a request id", async () => {
    const response = await fetch(url("/restapis/abcdefghij"));
    assert.equal(response.status, 404);
    assert.equal(response.headers.get("x-amzn-errortype"), "NotFoundException");
    assert.match(response.headers.get("content-type") ?? "", /application\/json/);
    assert.match(response.headers.get("x-amzn-requestid") ?? "", /^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { message: string };
    assert.match(body.message, /Invalid API identifier specified/);
  });

  it("answers a malformed JSON body with BadRequestException", async () => {
    const response = await fetch(url("/restapis"), { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get("x-amzn-errortype"), "BadRequestException");
    assert.deepEqual(await response.json(), { message: "Could not parse request body into json" });
  });

  it("takes the region from the SigV4 credential scope, and us-east-1 without one", async () => {
    const scope = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/ap-south-1/apigateway/aws4_request, SignedHeaders=host, Signature=0";
    await fetch(url("/restapis"), { headers: { authorization: scope } });
    await fetch(url("/v2/vpclinks"));
    assert.deepEqual(
      ctx.sandbox.control.requestLog().map((e) => [e.operation, e.region, e.status]),
      [
        ["GetRestApis", "ap-south-1", 200],
        ["GetVpcLinks", "us-east-1", 200],
      ],
    );
  });

  it("sends Retry-After and limitType on a quota 429", async () => {
    const create = () => fetch(url("/restapis"), { method: "POST", body: JSON.stringify({ name: "w" }) });
    assert.equal((await create()).status, 201);
    const throttled = await create();
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get("x-amzn-errortype"), "TooManyRequestsException");
    assert.ok(Number(throttled.headers.get("retry-after")) > 0);
    assert.deepEqual(await throttled.json(), { message: "Rate exceeded", limitType: "Rate" });
  });

  it("answers an unknown route with 404 UnknownOperationException, unlogged", async () => {
    const response = await fetch(url("/restapis/abcdefghij/models"));
    assert.equal(response.status, 404);
    assert.equal(response.headers.get("x-amzn-errortype"), "UnknownOperationException");
    assert.match(((await response.json()) as { message: string }).message, /does not implement GET/);
    assert.deepEqual(ctx.sandbox.control.requestLog(), []);
  });
});
