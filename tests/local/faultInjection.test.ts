/**
 * Injected faults through the control API: sequences consumed in order, seeded probabilities,
 * added latency, "*" for every operation, and connection resets, each seen by the real SDK
 * clients (one attempt, so nothing is retried away) as the exception AWS would raise.
 */
import assert from "node:assert/strict";
import * as v1 from "@aws-sdk/client-api-gateway";
import * as v2 from "@aws-sdk/client-apigatewayv2";
import { startSandbox, type Sandbox } from "../../local";
import { createNetwork } from "../../support/network";
import { createRestApi, useSandbox } from "../../support/sandbox";

const CONFLICT_MESSAGE = "Unable to complete operation due to concurrent modification. Please try again later.";

const v1Raw = (region = "us-east-1") => new v1.APIGatewayClient({ region, maxAttempts: 1 });
const v2Raw = (region = "us-east-1") => new v2.ApiGatewayV2Client({ region, maxAttempts: 1 });

/** A short, comparable name for how a call ended: "ok", the HTTP status, or the socket error code. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (e) {
    const error = e as Error & { code?: string; $metadata?: { httpStatusCode?: number } };
    return error.$metadata?.httpStatusCode ? String(error.$metadata.httpStatusCode) : (error.code ?? error.name);
  }
}

async function failure(call: Promise<unknown>): Promise<Error & { code?: string; $metadata?: { httpStatusCode?: number } }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string; $metadata?: { httpStatusCode?: number } },
  );
  assert.ok(error, "the call fails");
  return error;
}

describe("sandbox fault injection", () => {
  const ctx = useSandbox({ timeScale: 1e-4, delays: { vpcLinkProvisionMs: 10, vpcLinkDeleteMs: 10, dnsPropagationMs: 10 } });
  afterEach(() => ctx.sandbox.control.clearFaults());

  it("consumes a v1 sequence [429, 409, 500, reset] in order, as the SDK's exceptions, then answers normally", async () => {
    const api = await createRestApi();
    ctx.sandbox.control.injectFaults("GetRestApi", { sequence: ["429", "409", "500", "reset"] });
    const get = () => v1Raw().send(new v1.GetRestApiCommand({ restApiId: api }));

    const throttled = await failure(get());
    assert.ok(throttled instanceof v1.TooManyRequestsException);
    assert.equal(throttled.$metadata?.httpStatusCode, 429);

    const conflict = await failure(get());
    assert.ok(conflict instanceof v1.ConflictException);
    assert.equal(conflict.$metadata?.httpStatusCode, 409);
    assert.equal(conflict.message, CONFLICT_MESSAGE);

    const internal = await failure(get());
    assert.ok(internal instanceof v1.APIGatewayServiceException);
    assert.equal(internal.name, "InternalFailure");
    assert.equal(internal.$metadata?.httpStatusCode, 500);

    const reset = await failure(get());
    assert.equal(reset.code, "ECONNRESET");

    assert.equal((await get()).id, api);
    const statuses = ctx.sandbox.control.requestLog({ operation: "GetRestApi" }).slice(-5);
    assert.deepEqual(
      statuses.map((e) => [e.status, e.errorType]),
      [
        [429, "TooManyRequestsException"],
        [409, "ConflictException"],
        [500, "InternalFailure"],
        [0, "ConnectionReset"],
        [200, undefined],
      ],
    );
  });

  it("raises v2's own exception classes for injected faults", async () => {
    ctx.sandbox.control.injectFaults("GetVpcLinks", { sequence: ["429", "409", "500", "reset"] });
    const list = () => v2Raw().send(new v2.GetVpcLinksCommand({}));
    const throttled = await failure(list());
    assert.ok(throttled instanceof v2.TooManyRequestsException);
    assert.equal((throttled as v2.TooManyRequestsException).LimitType, "Rate");
    const conflict = await failure(list());
    assert.ok(conflict instanceof v2.ConflictException);
    assert.equal(conflict.$metadata?.httpStatusCode, 409);
    const internal = await failure(list());
    assert.ok(internal instanceof v2.ApiGatewayV2ServiceException);
    assert.deepEqual([internal.name, internal.$metadata?.httpStatusCode], ["InternalFailure", 500]);
    assert.equal((await failure(list())).code, "ECONNRESET");
    assert.equal(await outcome(list()), "ok");
  });

  it("faults only the named operation", async () => {
    const api = await createRestApi();
    ctx.sandbox.control.injectFaults("UpdateRestApi", { sequence: ["409"] });
    assert.equal(await outcome(v1Raw().send(new v1.GetRestApiCommand({ restApiId: api }))), "ok");
    const update = () =>
      v1Raw().send(new v1.UpdateRestApiCommand({ restApiId: api, patchOperations: [{ op: "replace", path: "/name", value: "n" }] }));
    assert.deepEqual([await outcome(update()), await outcome(update())], ["409", "ok"]);
  });

  it("a faulted call changes nothing", async () => {
    const api = await createRestApi({ name: "before" });
    ctx.sandbox.control.injectFaults("UpdateRestApi", { sequence: ["500", "reset"] });
    const update = () =>
      v1Raw().send(new v1.UpdateRestApiCommand({ restApiId: api, patchOperations: [{ op: "replace", path: "/name", value: "after" }] }));
    assert.deepEqual([await outcome(update()), await outcome(update())], ["500", "ECONNRESET"]);
    assert.equal((await v1Raw().send(new v1.GetRestApiCommand({ restApiId: api }))).name, "before");
  });

  it('"lost" applies the call, then drops the connection: the client sees a reset, the change stays, the log says so', async () => {
    const api = await createRestApi({ name: "before" });
    ctx.sandbox.control.clearRequestLog();
    ctx.sandbox.control.injectFaults("UpdateRestApi", { sequence: ["lost"] });
    const update = v1Raw().send(
      new v1.UpdateRestApiCommand({ restApiId: api, patchOperations: [{ op: "replace", path: "/name", value: "after" }] }),
    );
    assert.equal(await outcome(update), "ECONNRESET");
    assert.equal((await v1Raw().send(new v1.GetRestApiCommand({ restApiId: api }))).name, "after");
    assert.deepEqual(
      ctx.sandbox.control.requestLog({ operation: "UpdateRestApi" }).map((e) => [e.status, e.errorType]),
      [[200, "ResponseLost"]],
    );

    const { subnetIds } = await createNetwork({ subnets: 1, groups: 0 });
    ctx.sandbox.control.injectFaults("CreateVpcLink", { probabilities: { lost: 1 } });
    const create = () => v2Raw().send(new v2.CreateVpcLinkCommand({ Name: "l", SubnetIds: subnetIds }));
    assert.equal(await outcome(create()), "ECONNRESET");
    assert.equal(
      ctx.sandbox.control.state().vpcLinks.filter((l) => l.name === "l").length,
      1,
      "the link exists although its answer was lost",
    );
  });

  it('applies "*" to every operation of both APIs, after an operation\'s own faults', async () => {
    ctx.sandbox.control.injectFaults("*", { sequence: ["500", "500", "500"] });
    ctx.sandbox.control.injectFaults("GetRestApis", { sequence: ["409"] });
    const results = [
      await outcome(v1Raw().send(new v1.GetRestApisCommand({}))),
      await outcome(v1Raw().send(new v1.GetRestApisCommand({}))),
      await outcome(v2Raw().send(new v2.GetVpcLinksCommand({}))),
      await outcome(v1Raw().send(new v1.CreateRestApiCommand({ name: "star" }))),
      await outcome(v2Raw().send(new v2.GetVpcLinksCommand({}))),
    ];
    assert.deepEqual(results, ["409", "500", "500", "500", "ok"]);
  });

  it("answers every call with the fault of probability 1 until cleared", async () => {
    ctx.sandbox.control.injectFaults("GetRestApis", { probabilities: { "409": 1 } });
    const list = () => outcome(v1Raw().send(new v1.GetRestApisCommand({})));
    assert.deepEqual([await list(), await list(), await list()], ["409", "409", "409"]);
    ctx.sandbox.control.clearFaults("GetRestApis");
    assert.equal(await list(), "ok");
  });

  it("clearFaults() without an operation clears them all", async () => {
    ctx.sandbox.control.injectFaults("GetRestApis", { sequence: ["500"] });
    ctx.sandbox.control.injectFaults("*", { sequence: ["500"] });
    ctx.sandbox.control.clearFaults();
    assert.equal(await outcome(v1Raw().send(new v1.GetRestApisCommand({}))), "ok");
  });

  it("adds latency without failing the call: a delayed call finishes after a later undelayed one", async () => {
    const api = await createRestApi();
    ctx.sandbox.control.injectFaults("GetRestApi", { latencyMs: 800 });
    const finished: string[] = [];
    const slow = v1Raw()
      .send(new v1.GetRestApiCommand({ restApiId: api }))
      .then((r) => {
        finished.push("GetRestApi");
        return r;
      });
    const fast = v1Raw()
      .send(new v1.GetRestApisCommand({}))
      .then(() => finished.push("GetRestApis"));
    const [slowResult] = await Promise.all([slow, fast]);
    assert.equal(slowResult.id, api);
    assert.deepEqual(finished, ["GetRestApis", "GetRestApi"]);
  });

  it("adds latency before a fault of the same spec", async () => {
    ctx.sandbox.control.injectFaults("GetVpcLinks", { latencyMs: 500, sequence: ["409"] });
    const finished: string[] = [];
    const slow = outcome(v2Raw().send(new v2.GetVpcLinksCommand({}))).then((o) => finished.push(`GetVpcLinks:${o}`));
    const fast = outcome(v1Raw().send(new v1.GetRestApisCommand({}))).then((o) => finished.push(`GetRestApis:${o}`));
    await Promise.all([slow, fast]);
    assert.deepEqual(finished, ["GetRestApis:ok", "GetVpcLinks:409"]);
  });
});

describe("sandbox fault injection: seeded probabilities", () => {
  const SPEC = { probabilities: { "429": 0.25, "409": 0.25, "500": 0.2 } } as const;

  /** The outcomes of 40 GetRestApis calls against a fresh sandbox started with this seed. */
  async function run(seed: number): Promise<string[]> {
    const sandbox: Sandbox = await startSandbox({ seed, timeScale: 1e-4 });
    try {
      sandbox.control.injectFaults("GetRestApis", SPEC);
      const client = new v1.APIGatewayClient({
        region: "us-east-1",
        endpoint: sandbox.endpoint,
        credentials: { accessKeyId: "x", secretAccessKey: "y" },
        maxAttempts: 1,
      });
      const results: string[] = [];
      for (let i = 0; i < 40; i++) results.push(await outcome(client.send(new v1.GetRestApisCommand({}))));
      return results;
    } finally {
      await sandbox.close();
    }
  }

  it("replays the same outcomes for the same seed, mixing every kind, and others for another seed", async () => {
    const first = await run(1234);
    const again = await run(1234);
    const other = await run(4321);
    assert.deepEqual(again, first);
    assert.notDeepEqual(other, first);
    assert.deepEqual([...new Set(first)].sort(), ["409", "429", "500", "ok"]);
  });
});
