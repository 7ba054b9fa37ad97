import * as assert from "node:assert/strict";
import { DeleteRestApiCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import {
  vpcEndpointAssociationProvider as provider,
  type VpcEndpointAssociationInputs,
  type VpcEndpointAssociationOutputs,
} from "../../provider/vpcEndpointAssociation/index";
import { callInFreshProcess, serializeProvider } from "../../support/serialization";
import {
  apiEndpointIds,
  createRestApi,
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  useSandbox,
  v1Client,
  vpceIds,
} from "../../support/sandbox";

const inputsFor = (
  restApiId: string,
  vpcEndpointIds: string[],
  extra: Partial<VpcEndpointAssociationInputs> = {},
): VpcEndpointAssociationInputs => ({
  restApiId,
  vpcEndpointIds: [...vpcEndpointIds].sort(),
  region: "us-east-1",
  exclusive: false,
  ...extra,
});

/** create() with its outputs asserted present. */
async function create(inputs: VpcEndpointAssociationInputs): Promise<{ id: string; outs: VpcEndpointAssociationOutputs }> {
  const { id, outs } = await provider.create(inputs);
  assert.ok(outs, "create returns outputs");
  return { id, outs };
}

/**
 * What a captured SDK client leaves in serialized text: its `send` reads `this.middlewareStack`.
 * (A whole client instance does not serialize at all, so capturing one fails loudly.)
 */
const CAPTURED_CLIENT = /middlewareStack/;

describe("VpcEndpointAssociation against the sandbox", () => {
  const ctx = useSandbox();
  const log = () => ctx.sandbox.control.requestLog();
  const calls = () => log().map((e) => e.operation);
  const patchSizes = () =>
    log()
      .filter((e) => e.operation === "UpdateRestApi")
      .map((e) => (e.params.patchOperations as unknown[]).length);
  beforeEach(() => {
    ctx.sandbox.control.clearFaults();
    ctx.sandbox.control.clearRequestLog();
  });

  it("create associates every declared id with one GetRestApi and one UpdateRestApi", async () => {
    const api = await createRestApi();
    const ids = vpceIds(3);
    ctx.sandbox.control.clearRequestLog();
    const { id, outs } = await create(inputsFor(api, ids));
    assert.equal(id, api);
    assert.deepEqual(calls(), ["GetRestApi", "UpdateRestApi"]);
    assert.deepEqual(patchSizes(), [3]);
    assert.deepEqual(outs, {
      restApiId: api,
      region: "us-east-1",
      exclusive: false,
      vpcEndpointIds: ids,
      adoptedVpcEndpointIds: [],
      apiVpcEndpointIds: ids,
    });
    assert.deepEqual(await apiEndpointIds(api), ids);
  });

  it("a retried create sends no UpdateRestApi (idempotent)", async () => {
    const api = await createRestApi();
    const ids = vpceIds(2);
    await create(inputsFor(api, ids));
    ctx.sandbox.control.clearRequestLog();
    await create(inputsFor(api, ids));
    assert.deepEqual(calls(), ["GetRestApi"]);
  });

  it("changing 1 id out of 20 sends exactly 1 GetRestApi and 1 UpdateRestApi carrying 1 operation", async () => {
    const api = await createRestApi();
    const ids = vpceIds(20);
    const { outs } = await create(inputsFor(api, ids));
    ctx.sandbox.control.clearRequestLog();
    const desired = ids.slice(1);
    const result = await provider.update!(api, outs, inputsFor(api, desired));
    assert.deepEqual(calls(), ["GetRestApi", "UpdateRestApi"]);
    assert.deepEqual(log()[1].params.patchOperations, [{ op: "remove", path: "/endpointConfiguration/vpcEndpointIds", value: ids[0] }]);
    assert.deepEqual(result.outs?.vpcEndpointIds, desired);
    assert.deepEqual(await apiEndpointIds(api), desired);
  });

  it("swapping 1 id of 20 sends one UpdateRestApi with one remove and one add", async () => {
    const api = await createRestApi();
    const ids = vpceIds(20);
    const { outs } = await create(inputsFor(api, ids));
    const [fresh] = vpceIds(1);
    ctx.sandbox.control.clearRequestLog();
    await provider.update!(api, outs, inputsFor(api, [...ids.slice(1), fresh]));
    assert.deepEqual(calls(), ["GetRestApi", "UpdateRestApi"]);
    assert.deepEqual(log()[1].params.patchOperations, [
      { op: "remove", path: "/endpointConfiguration/vpcEndpointIds", value: ids[0] },
      { op: "add", path: "/endpointConfiguration/vpcEndpointIds", value: fresh },
    ]);
  });

  it("never removes ids it does not manage, and leaves pre-existing (adopted) ids on delete", async () => {
    const [foreign, preexisting, ours] = vpceIds(3);
    const api = await createRestApi({ vpcEndpointIds: [foreign, preexisting] });
    const { outs } = await create(inputsFor(api, [preexisting, ours]));
    assert.deepEqual(outs.adoptedVpcEndpointIds, [preexisting]);
    assert.deepEqual(patchSizes(), [1]);
    ctx.sandbox.control.clearRequestLog();
    await provider.delete!(api, outs);
    assert.deepEqual(calls(), ["GetRestApi", "UpdateRestApi"]);
    assert.deepEqual(await apiEndpointIds(api), [foreign, preexisting].sort());
  });

  it("exclusive mode removes undeclared ids in the same single UpdateRestApi", async () => {
    const [foreign, ours] = vpceIds(2);
    const api = await createRestApi({ vpcEndpointIds: [foreign] });
    ctx.sandbox.control.clearRequestLog();
    const { outs } = await create(inputsFor(api, [ours], { exclusive: true }));
    assert.deepEqual(calls(), ["GetRestApi", "UpdateRestApi"]);
    assert.deepEqual(patchSizes(), [2]);
    assert.deepEqual(outs.apiVpcEndpointIds, [ours]);
    assert.deepEqual(await apiEndpointIds(api), [ours]);
  });

  it("delete removes only its managed ids and succeeds when the REST API is already gone", async () => {
    const [theirs, a, b] = vpceIds(3);
    const api = await createRestApi({ vpcEndpointIds: [theirs] });
    const { outs } = await create(inputsFor(api, [a, b]));
    await provider.delete!(api, outs);
    assert.deepEqual(await apiEndpointIds(api), [theirs]);
    await v1Client().send(new DeleteRestApiCommand({ restApiId: api }));
    ctx.sandbox.control.clearRequestLog();
    await provider.delete!(api, outs);
    assert.deepEqual(calls(), ["GetRestApi"]);
  });

  it("names the API and its region when the API is not PRIVATE or does not exist", async () => {
    const regional = await createRestApi({ type: "REGIONAL" });
    await assert.rejects(create(inputsFor(regional, vpceIds(1))), {
      message: `creating VPC endpoint association (${regional}): REST API ${regional} in us-east-1 has endpoint type REGIONAL; VPC endpoints can only be associated with a PRIVATE REST API`,
    });
    await assert.rejects(create(inputsFor("nosuchapi0", vpceIds(1))), {
      message: "creating VPC endpoint association (nosuchapi0): REST API nosuchapi0 does not exist in us-east-1",
    });
    assert.equal(log().filter((e) => e.operation === "UpdateRestApi").length, 0);
  });

  it("read reports the managed ids still present, and an empty result once the API is gone", async () => {
    const ids = vpceIds(3);
    const api = await createRestApi();
    const { outs } = await create(inputsFor(api, ids));
    await v1Client().send(
      new UpdateRestApiCommand({
        restApiId: api,
        patchOperations: [{ op: "remove", path: "/endpointConfiguration/vpcEndpointIds", value: ids[1] }],
      }),
    );
    const read = await provider.read!(api, outs);
    assert.equal(read.id, api);
    assert.deepEqual(read.props?.vpcEndpointIds, [ids[0], ids[2]]);
    const repaired = await provider.update!(api, read.props as VpcEndpointAssociationOutputs, inputsFor(api, ids));
    assert.deepEqual(repaired.outs?.apiVpcEndpointIds, ids);
    await v1Client().send(new DeleteRestApiCommand({ restApiId: api }));
    assert.deepEqual(await provider.read!(api, outs), {});
  });

  it("import through read (no props) takes over the API's whole list", async () => {
    const ids = vpceIds(2);
    const api = await createRestApi({ vpcEndpointIds: ids });
    const read = await provider.read!(api);
    assert.deepEqual(read.props, {
      restApiId: api,
      region: "us-east-1",
      exclusive: false,
      vpcEndpointIds: ids,
      adoptedVpcEndpointIds: [],
      apiVpcEndpointIds: ids,
    });
  });

  it("importExisting owns declared ids that were already associated, so delete removes them too", async () => {
    const [foreign, preexisting, ours] = vpceIds(3);
    const api = await createRestApi({ vpcEndpointIds: [foreign, preexisting] });
    const { outs } = await create(inputsFor(api, [preexisting, ours], { importExisting: true }));
    assert.deepEqual(outs.adoptedVpcEndpointIds, []);
    assert.equal(outs.importExisting, true);
    await provider.delete!(api, outs);
    assert.deepEqual(await apiEndpointIds(api), [foreign]);
  });

  it("diff makes no AWS call, so a preview costs zero API calls", async () => {
    const api = await createRestApi();
    const { outs } = await create(inputsFor(api, vpceIds(2)));
    ctx.sandbox.control.clearRequestLog();
    const diff = await provider.diff!(api, outs, inputsFor(api, vpceIds(2)));
    assert.equal(diff.changes, true);
    assert.deepEqual(log(), []);
  });

  it("converges under 30% 429s and 10% 409s, ending with exactly the desired set", async function () {
    // A row of random 429s looks like contention to the throttle streak, which then waits it
    // out: in simulation 3-10% of such storms take over a minute (BENCHMARKS.md, fleetScale).
    this.timeout(300_000);
    const api = await createRestApi();
    const ids = vpceIds(12);
    // The sequence opens the storm with a 429 and a 409 whatever the seed, so faults are certain;
    // the probabilities then keep them coming at random.
    ctx.sandbox.control.injectFaults("*", { sequence: ["429", "409"], probabilities: { "429": 0.3, "409": 0.1 } });
    let outs = (await create(inputsFor(api, ids.slice(0, 6)))).outs;
    outs = (await provider.update!(api, outs, inputsFor(api, ids.slice(3, 12)))).outs as VpcEndpointAssociationOutputs;
    outs = (await provider.update!(api, outs, inputsFor(api, ids.slice(5, 9)))).outs as VpcEndpointAssociationOutputs;
    ctx.sandbox.control.clearFaults();
    assert.deepEqual(await apiEndpointIds(api), ids.slice(5, 9));
    assert.deepEqual(outs.apiVpcEndpointIds, ids.slice(5, 9));
    const statuses = log().map((e) => e.status);
    assert.ok(statuses.includes(429) && statuses.includes(409), `the storm injected 429s and 409s: ${statuses.join(",")}`);
  });

  it("two associations with disjoint ids on one API, applied concurrently, both succeed; deleting one leaves the other", async () => {
    const api = await createRestApi();
    const [mine, theirs] = [vpceIds(4), vpceIds(4)];
    ctx.sandbox.control.injectFaults("UpdateRestApi", { probabilities: { "409": 0.3 }, latencyMs: 20 });
    const [a, b] = await Promise.all([create(inputsFor(api, mine)), create(inputsFor(api, theirs))]);
    assert.deepEqual(await apiEndpointIds(api), [...mine, ...theirs].sort());
    await provider.delete!(api, a.outs);
    assert.deepEqual(await apiEndpointIds(api), theirs);
    await provider.delete!(api, b.outs);
    assert.deepEqual(await apiEndpointIds(api), []);
  });

  it("works in another region, keeping regions apart", async () => {
    const api = await createRestApi({ region: "eu-west-1" });
    const ids = vpceIds(1);
    const { outs } = await create(inputsFor(api, ids, { region: "eu-west-1" }));
    assert.equal(outs.region, "eu-west-1");
    assert.deepEqual(await apiEndpointIds(api, "eu-west-1"), ids);
    assert.ok(log().every((e) => e.region === "eu-west-1"));
  });

  it("runs after a round trip through Pulumi's closure serialization, in a fresh process, with no credentials inside", async () => {
    const text = await serializeProvider(provider);
    assert.ok(!text.includes(TEST_ACCESS_KEY_ID) && !text.includes(TEST_SECRET_ACCESS_KEY), "no credentials in the serialized provider");
    assert.doesNotMatch(text, CAPTURED_CLIENT, "no SDK client or client method captured");
    const api = await createRestApi();
    const ids = vpceIds(2);
    const env = {
      ...ctx.sandbox.env,
      AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
      PATH: process.env.PATH,
    };
    const created = (await callInFreshProcess(text, "create", [inputsFor(api, ids)], env)) as {
      id: string;
      outs: VpcEndpointAssociationOutputs;
    };
    assert.equal(created.id, api);
    assert.deepEqual(await apiEndpointIds(api), ids);
    const serializedOuts = JSON.stringify(created.outs);
    assert.ok(!serializedOuts.includes(TEST_ACCESS_KEY_ID) && !serializedOuts.includes(TEST_SECRET_ACCESS_KEY));
    const checked = (await callInFreshProcess(text, "check", [{}, { restApiId: "bad", vpcEndpointIds: [], region: "us-east-1" }], env)) as {
      failures: { property: string }[];
    };
    assert.deepEqual(
      checked.failures.map((f) => f.property),
      ["restApiId", "vpcEndpointIds"],
    );
    await callInFreshProcess(text, "delete", [api, created.outs], env);
    assert.deepEqual(await apiEndpointIds(api), []);
  });

  it("the serialized provider's failure names the operation, the API and AWS's answer (not [object Object])", async () => {
    const text = await serializeProvider(provider);
    const env = {
      ...ctx.sandbox.env,
      AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
      PATH: process.env.PATH,
    };
    await assert.rejects(callInFreshProcess(text, "create", [inputsFor("abcdefghij", vpceIds(1))], env), (e: Error) => {
      assert.match(e.message, /^creating VPC endpoint association \(abcdefghij\): .*abcdefghij.*us-east-1/);
      assert.doesNotMatch(e.message, /\[object Object\]/);
      return true;
    });
  });

  it("the captured-client check fires on a provider that captures a client's send", async () => {
    const client = v1Client();
    const text = await serializeProvider({ create: async () => client.send });
    assert.match(text, CAPTURED_CLIENT);
  });

  it("the serialized provider still retries 429s and 409s (the retry strategy survives serialization)", async () => {
    const text = await serializeProvider(provider);
    const api = await createRestApi();
    const ids = vpceIds(3);
    const env = {
      ...ctx.sandbox.env,
      AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
      PATH: process.env.PATH,
    };
    ctx.sandbox.control.injectFaults("*", { sequence: ["429", "409", "429", "409"] });
    await callInFreshProcess(text, "create", [inputsFor(api, ids)], env);
    assert.deepEqual(await apiEndpointIds(api), ids);
    assert.equal(log().filter((e) => e.status === 429 || e.status === 409).length, 4);
  });
});
