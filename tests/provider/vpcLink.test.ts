import * as assert from "node:assert/strict";
import { ApiGatewayV2Client, DeleteVpcLinkCommand } from "@aws-sdk/client-apigatewayv2";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import {
  CREATION_TOKEN_TAG,
  vpcLinkProvider as provider,
  type VpcLinkInputs,
  type VpcLinkOutputs,
  type VpcLinkTimeouts,
} from "../../provider/vpcLink/index";
import { callInFreshProcess, serializeProvider } from "../../support/serialization";
import { randomAwsId } from "../../local";
import { createNetwork, type SandboxNetwork } from "../../support/network";
import { FAST, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, useSandbox } from "../../support/sandbox";

/** Raw program inputs, run through check() as the engine does. */
async function checked(raw: Record<string, unknown>): Promise<VpcLinkInputs> {
  const result = await provider.check!({} as VpcLinkInputs, raw as unknown as VpcLinkInputs);
  assert.deepEqual(result.failures ?? [], []);
  return result.inputs!;
}

/** The suite's network: eight subnets and three groups, handed out in turn so that consecutive picks differ. */
let pool: SandboxNetwork;
let picked = 0;
const take = (ids: string[], n: number) => Array.from({ length: n }, () => ids[picked++ % ids.length]);
const subnets = (n: number) => take(pool.subnetIds, n).sort();
const groups = (n: number) => take(pool.groupIds, n);
const usePool = () =>
  before(async () => {
    pool = await createNetwork({ subnets: 8, groups: 3 });
  });
const inputs = (extra: Record<string, unknown> = {}) =>
  checked({ name: "link", subnetIds: subnets(2), securityGroupIds: groups(1), ...extra });
/** create(), with the outputs it always returns on success. */
async function create(news: VpcLinkInputs): Promise<{ id: string; outs: VpcLinkOutputs }> {
  const { id, outs } = await provider.create(news);
  assert.ok(outs);
  return { id, outs };
}
const withTimeouts = (outs: VpcLinkOutputs, timeouts: VpcLinkTimeouts): VpcLinkOutputs => ({ ...outs, timeouts });

/** The error a promise rejects with. */
async function rejection(p: Promise<unknown>): Promise<Error & { id?: string; properties?: VpcLinkOutputs; reasons?: string[] }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected a rejection");
}

describe("VpcLink against the sandbox", () => {
  const ctx = useSandbox();
  usePool();
  const control = () => ctx.sandbox.control;
  const links = () => control().state().vpcLinks;
  const count = (operation: string, status?: number) =>
    control()
      .requestLog({ operation })
      .filter((e) => status === undefined || e.status === status).length;
  beforeEach(() => {
    control().clearFaults();
    control().clearRequestLog();
    control().setDelays(FAST.delays!);
  });
  afterEach(async () => {
    for (const link of links()) {
      for (const ref of link.references) control().removeVpcLinkReference(link.vpcLinkId, ref);
      await provider.delete!(link.vpcLinkId, { region: link.region } as VpcLinkOutputs);
    }
  });

  it("lifecycle: create waits for AVAILABLE, read, rename in place, retag, import by id, delete", async () => {
    const [a, b] = subnets(2);
    const [sg] = groups(1);
    const news = await checked({ name: "first", subnetIds: [b, a, b], securityGroupIds: [sg], tags: { team: "net" } });
    const { id, outs } = await create(news);
    assert.deepEqual(outs, {
      vpcLinkId: id,
      arn: `arn:aws:apigateway:us-east-1::/vpclinks/${id}`,
      name: "first",
      subnetIds: [a, b],
      securityGroupIds: [sg],
      tags: { team: "net" },
      region: "us-east-1",
      status: "AVAILABLE",
      statusMessage: "VPC link is ready to route traffic",
      creationToken: news.creationToken,
    });
    Struct.fromJavaScript(outs as never); // the host can encode it
    assert.ok(!JSON.stringify(outs).includes(TEST_ACCESS_KEY_ID) && !JSON.stringify(outs).includes(TEST_SECRET_ACCESS_KEY));
    assert.deepEqual((await provider.read!(id, outs)).props, outs);

    const renamed = await checked({ ...news, name: "second", tags: { team: "net", env: "prod" } });
    assert.deepEqual(await provider.diff!(id, outs, renamed), { changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = (await provider.update!(id, outs, renamed)).outs!;
    assert.equal(updated.name, "second");
    assert.deepEqual(updated.tags, { team: "net", env: "prod" });
    assert.equal(count("CreateVpcLink"), 1);
    assert.deepEqual(
      links().map((l) => [l.vpcLinkId, l.name, l.tags]),
      [[id, "second", { team: "net", env: "prod", [CREATION_TOKEN_TAG]: news.creationToken }]],
    );

    const imported = await provider.read!(id);
    assert.equal(imported.id, id);
    assert.deepEqual(imported.props, updated);
    assert.deepEqual(imported.inputs, {
      name: "second",
      subnetIds: [a, b],
      securityGroupIds: [sg],
      tags: { team: "net", env: "prod" },
      region: "us-east-1",
      creationToken: news.creationToken,
    });
    assert.equal((await provider.diff!(id, imported.props!, renamed)).changes, false);

    await provider.delete!(id, updated);
    assert.deepEqual(links(), []);
    assert.deepEqual(await provider.read!(id, updated), {});
  });

  it("importVpcLinkId takes an existing link under management: matching sets adopt it (renamed, retagged), differing ones are refused", async () => {
    const existing = await create(await inputs({ name: "made-elsewhere", tags: { owner: "console" } }));
    control().clearRequestLog();
    const adopted = await create(
      await checked({
        name: "managed",
        subnetIds: existing.outs.subnetIds,
        securityGroupIds: existing.outs.securityGroupIds,
        tags: { team: "net" },
        importVpcLinkId: existing.id,
      }),
    );
    assert.equal(adopted.id, existing.id);
    assert.equal(count("CreateVpcLink"), 0);
    assert.deepEqual([adopted.outs.name, adopted.outs.tags, adopted.outs.importVpcLinkId], ["managed", { team: "net" }, existing.id]);
    assert.deepEqual(
      links().map((l) => [l.vpcLinkId, l.name, l.tags]),
      [[existing.id, "managed", { team: "net", [CREATION_TOKEN_TAG]: existing.outs.creationToken }]],
    );

    const other = await checked({
      name: "managed",
      subnetIds: subnets(2),
      securityGroupIds: existing.outs.securityGroupIds,
      importVpcLinkId: existing.id,
    });
    assert.match(
      (await rejection(provider.create(other))).message,
      new RegExp(
        `^importing API Gateway v2 VPC Link \\(${existing.id}\\): subnetIds differ \\(the link has \\[${existing.outs.subnetIds.join(", ")}\\]\\); they are immutable`,
      ),
    );
    assert.match(
      (await rejection(provider.create({ ...other, importVpcLinkId: "nosuch1" }))).message,
      /^importing API Gateway v2 VPC Link \(nosuch1\): no such link in us-east-1$/,
    );
    assert.equal(links().length, 1, "a refused import creates nothing");
  });

  it("a subnet change replaces: the new link is created, then the old one deleted, leaving one", async () => {
    const news = await inputs();
    const old = await create(news);
    const moved = await checked({ ...news, subnetIds: subnets(3) });
    const diff = await provider.diff!(old.id, old.outs, moved);
    assert.deepEqual(diff.replaces, ["subnetIds"]);
    const next = await create(moved);
    await provider.delete!(old.id, old.outs);
    assert.deepEqual(
      links().map((l) => [l.vpcLinkId, l.subnetIds.sort()]),
      [[next.id, moved.subnetIds]],
    );
  });

  it("an order-only change is no change, and a security group change names securityGroupIds", async () => {
    const news = await inputs({ securityGroupIds: groups(2) });
    const { id, outs } = await create(news);
    const reordered = await checked({
      ...news,
      subnetIds: [...news.subnetIds].reverse(),
      securityGroupIds: [...news.securityGroupIds].reverse(),
    });
    assert.equal((await provider.diff!(id, outs, reordered)).changes, false);
    const regrouped = await checked({ ...news, securityGroupIds: groups(1) });
    assert.deepEqual((await provider.diff!(id, outs, regrouped)).replaces, ["securityGroupIds"]);
  });

  it("tag changes use the fewest calls: none when equal, one TagResource and one UntagResource at most", async () => {
    const news = await inputs({ tags: { a: "1", b: "2", c: "3" } });
    const created = await create(news);
    const { id } = created;
    let { outs } = created;
    const step = async (tags: Record<string, string>, name = news.name) => {
      control().clearRequestLog();
      outs = (await provider.update!(id, outs, { ...news, name, tags })).outs!;
      assert.deepEqual(outs.tags, tags);
      assert.deepEqual((await provider.read!(id, outs)).props?.tags, tags);
      return [count("TagResource"), count("UntagResource")];
    };
    assert.deepEqual(await step({ a: "1", b: "20", d: "4" }), [1, 1]); // b changed, d added, c removed
    assert.deepEqual(await step({ a: "1", b: "20", d: "4" }, "renamed"), [0, 0]);
    assert.deepEqual(await step({ a: "1" }), [0, 1]);
    assert.deepEqual(await step({ a: "1", e: "5", f: "6" }), [1, 0]);
    assert.equal(count("UpdateVpcLink"), 0);
  });

  it("a subnet EC2 does not know: AWS's 400 names it, create fails without an id, and nothing is left", async () => {
    const unknown = randomAwsId("subnet");
    const news = await inputs({ name: "nowhere", subnetIds: [pool.subnetIds[0], unknown].sort() });
    const error = await rejection(provider.create(news));
    assert.match(error.message, new RegExp(`^creating API Gateway v2 VPC Link \\(nowhere\\): .*The subnet ID '${unknown}' does not exist`));
    assert.equal(error.id, undefined, "nothing is left to track");
    assert.deepEqual(links(), []);
    assert.equal(count("CreateVpcLink", 400), 1, "a 400 is not retried");
  });

  it("FAILED: the failed link is deleted, the sandbox holds zero links, the error carries AWS's status message", async () => {
    // A subnet of its own: a bad mark lasts.
    const [bad] = (await createNetwork({ octet: 9, subnets: 1, groups: 0 })).subnetIds;
    control().markSubnetBad(bad, `Insufficient free IP addresses in ${bad}`);
    const news = await inputs({ name: "doomed", subnetIds: [bad], securityGroupIds: [] });
    const error = await rejection(provider.create(news));
    assert.match(error.message, /^creating API Gateway v2 VPC Link \(doomed\): \w+ is FAILED: Insufficient free IP addresses in subnet-/);
    assert.equal(error.id, undefined, "nothing is left to track");
    assert.deepEqual(links(), []);
    assert.equal(count("DeleteVpcLink", 202), 1);
  });

  it("still PENDING at the create timeout: the error carries the id, and update() resumes waiting to AVAILABLE", async () => {
    control().setDelays({ vpcLinkProvisionMs: 2500 });
    const news = await inputs({ timeouts: { create: "1s" } });
    const error = await rejection(provider.create(news));
    control().setDelays(FAST.delays!);
    assert.match(error.message, /^creating API Gateway v2 VPC Link \(link\): \w+ still PENDING after 1s/);
    assert.ok(error.id);
    assert.equal(error.properties?.status, "PENDING");
    assert.equal(error.properties?.vpcLinkId, error.id);
    assert.deepEqual(error.reasons, [error.message]);
    assert.deepEqual(
      links().map((l) => [l.vpcLinkId, l.vpcLinkStatus]),
      [[error.id, "PENDING"]],
    );

    const resumed = await provider.update!(error.id, error.properties!, { ...news, timeouts: { create: "30s" } });
    assert.equal(resumed.outs?.status, "AVAILABLE");
    assert.equal(count("CreateVpcLink"), 1);
  });

  it("in-use delete: BadRequestException is retried until the reference is removed, then succeeds", async () => {
    const { id, outs } = await create(await inputs());
    control().addVpcLinkReference(id, "ANY:/{proxy+}");
    control().clearRequestLog();
    const release = setTimeout(() => control().removeVpcLinkReference(id, "ANY:/{proxy+}"), 1200);
    try {
      await provider.delete!(id, withTimeouts(outs, { delete: "30s" }));
    } finally {
      clearTimeout(release);
    }
    assert.ok(count("DeleteVpcLink", 400) >= 1);
    assert.equal(count("DeleteVpcLink", 202), 1);
    assert.deepEqual(links(), []);
  });

  it("in-use delete that never frees: after the delete timeout the error quotes AWS's message naming the reference", async () => {
    const { id, outs } = await create(await inputs());
    control().addVpcLinkReference(id, "GET:/orders");
    const error = await rejection(provider.delete!(id, withTimeouts(outs, { delete: "1500ms" })));
    assert.match(
      error.message,
      new RegExp(`^deleting API Gateway v2 VPC Link \\(${id}\\): BadRequestException: .*is referenced in \\[GET:/orders\\]`),
    );
    assert.ok(count("DeleteVpcLink", 400) >= 2, "retried");
    assert.equal(links().length, 1);
  });

  it("INACTIVE is reported by read, and a rename does not wait for it", async () => {
    const news = await inputs();
    const { id, outs } = await create(news);
    control().setVpcLinkInactive(id);
    const read = await provider.read!(id, outs);
    assert.equal(read.props?.status, "INACTIVE");
    assert.match(read.props!.statusMessage, /inactive/);
    const renamed = await provider.update!(id, read.props!, { ...news, name: "renamed" });
    assert.deepEqual([renamed.outs?.name, renamed.outs?.status], ["renamed", "INACTIVE"]);
  });

  it("disappears: a link deleted out of band is dropped by read, deleting it again succeeds, update says so", async () => {
    const news = await inputs();
    const { id, outs } = await create(news);
    const raw = new ApiGatewayV2Client({ region: TEST_REGION });
    await raw.send(new DeleteVpcLinkCommand({ VpcLinkId: id })).finally(() => raw.destroy());
    await provider.delete!(id, outs); // waits until gone
    assert.deepEqual(await provider.read!(id, outs), {});
    await provider.delete!(id, outs);
    await provider.delete!("zzzzzzz", outs);
    const error = await rejection(provider.update!(id, outs, { ...news, name: "renamed" }));
    assert.match(error.message, new RegExp(`^updating API Gateway v2 VPC Link \\(${id}\\): the VPC link no longer exists`));
  });

  it("the serialized provider (as stored in state) creates and reads a link in a fresh process", async () => {
    const text = await serializeProvider(provider);
    assert.ok(!text.includes(TEST_SECRET_ACCESS_KEY) && !text.includes(TEST_ACCESS_KEY_ID));
    const env = {
      ...ctx.sandbox.env,
      AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
      AWS_REGION: TEST_REGION,
    };
    const created = (await callInFreshProcess(text, "create", [await inputs()], env)) as { id: string; outs: VpcLinkOutputs };
    assert.equal(created.outs.status, "AVAILABLE");
    const read = (await callInFreshProcess(text, "read", [created.id], env)) as { props: VpcLinkOutputs };
    assert.deepEqual(read.props, created.outs);
  });
});

describe("VpcLink under the documented quotas (CreateVpcLink 1/15 s, DeleteVpcLink 1/30 s, time scale 0.01)", () => {
  const ctx = useSandbox({ ...FAST, timeScale: 0.01 });
  usePool();

  it("10 concurrent creates then 10 concurrent deletes all succeed, queued on 429 Retry-After", async () => {
    const { control } = ctx.sandbox;
    control.resetQuotas();
    const all = await Promise.all(
      Array.from({ length: 10 }, (_, i) => checked({ name: `storm-${i}`, subnetIds: subnets(1), securityGroupIds: [] })),
    );
    const created = await Promise.all(all.map(create));
    assert.deepEqual(
      created.map((c) => c.outs.status),
      Array(10).fill("AVAILABLE"),
    );
    assert.equal(control.state().vpcLinks.length, 10);
    const creates = control.requestLog({ operation: "CreateVpcLink" });
    assert.equal(creates.filter((e) => e.status === 201).length, 10);
    assert.ok(
      creates.some((e) => e.status === 429),
      "CreateVpcLink was throttled",
    );

    await Promise.all(created.map(({ id, outs }) => provider.delete!(id, outs)));
    assert.equal(control.state().vpcLinks.length, 0);
    const deletes = control.requestLog({ operation: "DeleteVpcLink" });
    assert.equal(deletes.filter((e) => e.status === 202).length, 10);
    assert.ok(
      deletes.some((e) => e.status === 429),
      "DeleteVpcLink was throttled",
    );
  });
});
