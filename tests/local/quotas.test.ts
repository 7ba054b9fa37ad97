/**
 * The sandbox enforces API Gateway's documented control-plane quotas, scaled by a time factor:
 * CreateVpcLink 1/15 s, DeleteVpcLink 1/30 s, CreateDeployment 1/5 s, CreateRestApi 1/3 s,
 * and 10 requests/s with a burst of 40 for everything else, per region. Clients here make one
 * attempt only, so the raw 429s show. Assertions are on counts and order, never on durations.
 */
import assert from "node:assert/strict";
import * as v1 from "@aws-sdk/client-api-gateway";
import * as v2 from "@aws-sdk/client-apigatewayv2";
import { DOCUMENTED_INTERVAL_QUOTAS } from "../../local";
import { createNetwork } from "../../support/network";
import { makeDeployable, useSandbox } from "../../support/sandbox";

/** The default scale of this suite: CreateRestApi 300 ms, CreateDeployment 500 ms, CreateVpcLink 1.5 s, DeleteVpcLink 3 s. */
const SCALE = 0.1;
/** Quotas out of the way while a test arranges its resources. */
const ARRANGE_SCALE = 1e-4;
/** Every interval lasts minutes, and the bucket refills one token per 10 s: for tests that never wait. */
const SLOW = 100;

const v1Raw = (region: string) => new v1.APIGatewayClient({ region, maxAttempts: 1 });
const v2Raw = (region: string) => new v2.ApiGatewayV2Client({ region, maxAttempts: 1 });

/** The error a call fails with, or undefined if it succeeded. */
const failure = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
  );

/** The Retry-After header (seconds) of a 429, as the SDK exposes the raw response on its errors. */
function retryAfterOf(error: unknown): number {
  const header = (error as { $response?: { headers?: Record<string, string> } }).$response?.headers?.["retry-after"];
  assert.ok(header !== undefined, "the 429 carries a Retry-After header");
  return Number(header);
}

/** Sleeps until at least `ms` have passed on the wall clock (timers may fire a millisecond early). */
async function sleepAtLeast(ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) await new Promise((r) => setTimeout(r, Math.max(1, end - Date.now())));
}

function assertThrottled(error: unknown, type: abstract new (...args: never[]) => unknown): void {
  assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
  assert.equal((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 429);
}

interface IntervalCase {
  operation: keyof typeof DOCUMENTED_INTERVAL_QUOTAS;
  /** Runs at the tiny arrange scale: creates whatever the calls need; returns one call per invocation. */
  arrange(region: string): Promise<() => Promise<unknown>>;
  throttledType: abstract new (...args: never[]) => unknown;
}

/** A subnet of a new network in the region, for VPC links. */
const subnetIn = async (region: string) => (await createNetwork({ region, subnets: 1, groups: 0 })).subnetIds[0];

const CASES: IntervalCase[] = [
  {
    operation: "CreateRestApi",
    throttledType: v1.TooManyRequestsException,
    arrange: async (region) => () => v1Raw(region).send(new v1.CreateRestApiCommand({ name: "q" })),
  },
  {
    operation: "CreateDeployment",
    throttledType: v1.TooManyRequestsException,
    arrange: async (region) => {
      const api = await v1Raw(region).send(new v1.CreateRestApiCommand({ name: "q" }));
      await makeDeployable(api.id as string, { region });
      return () => v1Raw(region).send(new v1.CreateDeploymentCommand({ restApiId: api.id, stageName: "prod" }));
    },
  },
  {
    operation: "CreateVpcLink",
    throttledType: v2.TooManyRequestsException,
    arrange: async (region) => {
      const subnet = await subnetIn(region);
      return () => v2Raw(region).send(new v2.CreateVpcLinkCommand({ Name: "q", SubnetIds: [subnet] }));
    },
  },
  {
    operation: "DeleteVpcLink",
    throttledType: v2.TooManyRequestsException,
    arrange: async (region) => {
      const ids: string[] = [];
      const subnet = await subnetIn(region);
      for (let i = 0; i < 3; i++) {
        const link = await new v2.ApiGatewayV2Client({ region }).send(new v2.CreateVpcLinkCommand({ Name: `q${i}`, SubnetIds: [subnet] }));
        ids.push(link.VpcLinkId as string);
      }
      return () => v2Raw(region).send(new v2.DeleteVpcLinkCommand({ VpcLinkId: ids.shift() }));
    },
  },
  {
    operation: "CreateDomainName",
    throttledType: v1.TooManyRequestsException,
    arrange: async (region) => {
      let n = 0;
      const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0000-4000-8000-000000000000";
      return () =>
        v1Raw(region).send(
          new v1.CreateDomainNameCommand({
            domainName: `q${++n}.example.com`,
            certificateArn,
            endpointConfiguration: { types: ["PRIVATE"] },
          }),
        );
    },
  },
];

describe("sandbox quotas", () => {
  const ctx = useSandbox({ timeScale: SCALE, delays: { vpcLinkProvisionMs: 10, vpcLinkDeleteMs: 10, dnsPropagationMs: 10 } });
  let regionCounter = 0;
  /** A region of its own per test, so no quota state leaks between tests. */
  const freshRegion = () => `us-gov-west-${++regionCounter}`;

  /** Arranges at a tiny time scale, then restores SCALE with empty quota state. */
  async function arranged<T>(arrange: () => Promise<T>): Promise<T> {
    ctx.sandbox.control.setTimeScale(ARRANGE_SCALE);
    try {
      return await arrange();
    } finally {
      ctx.sandbox.control.resetQuotas();
      ctx.sandbox.control.setTimeScale(SCALE);
    }
  }
  afterEach(() => {
    ctx.sandbox.control.setTimeScale(SCALE);
    ctx.sandbox.control.resetQuotas();
  });

  /** API Gateway's quotas page: one call per this many seconds, per account and region. */
  const AWS_DOCUMENTED_SECONDS: Record<IntervalCase["operation"], number> = {
    CreateVpcLink: 15,
    DeleteVpcLink: 30,
    CreateDeployment: 5,
    CreateRestApi: 3,
    CreateDomainName: 30,
  };

  for (const c of CASES) {
    it(`${c.operation}: at time scale 1, a second call is throttled for the documented ${AWS_DOCUMENTED_SECONDS[c.operation]} s`, async () => {
      const region = freshRegion();
      const call = await arranged(() => c.arrange(region));
      ctx.sandbox.control.setTimeScale(1);
      assert.equal(await failure(call()), undefined, "the first call is admitted");
      const throttled = await failure(call());
      assertThrottled(throttled, c.throttledType);
      const documented = AWS_DOCUMENTED_SECONDS[c.operation];
      const retryAfter = retryAfterOf(throttled);
      assert.ok(
        retryAfter > documented - 1 && retryAfter <= documented,
        `Retry-After ${retryAfter} s is the rest of the ${documented} s interval`,
      );
    });
  }

  for (const c of CASES) {
    // A scale per operation that makes its interval last 1 s: wide enough that the immediate
    // second call always lands inside it, short enough to wait out.
    const scale = 1 / DOCUMENTED_INTERVAL_QUOTAS[c.operation];
    const intervalS = DOCUMENTED_INTERVAL_QUOTAS[c.operation] * scale;
    it(`${c.operation}: admits one call per ${DOCUMENTED_INTERVAL_QUOTAS[c.operation]} s (scaled), answers 429 with Retry-After, and admits again after it`, async () => {
      const region = freshRegion();
      const call = await arranged(() => c.arrange(region));
      ctx.sandbox.control.setTimeScale(scale);

      assert.equal(await failure(call()), undefined, "the first call is admitted");
      const throttled = await failure(call());
      assertThrottled(throttled, c.throttledType);
      const retryAfter = retryAfterOf(throttled);
      assert.ok(retryAfter > 0 && retryAfter <= intervalS, `Retry-After ${retryAfter} is within (0, ${intervalS}]`);

      await sleepAtLeast(retryAfter * 1000);
      assert.equal(await failure(call()), undefined, "the call after Retry-After is admitted");
      const statuses = ctx.sandbox.control.requestLog({ operation: c.operation, region }).map((e) => e.status);
      assert.deepEqual(
        statuses.map((s) => s === 429),
        [false, true, false],
      );
    });
  }

  it("exposes Retry-After on v1's TooManyRequestsException as retryAfterSeconds too", async () => {
    ctx.sandbox.control.setTimeScale(SLOW);
    const client = v1Raw(freshRegion());
    await client.send(new v1.CreateRestApiCommand({ name: "a" }));
    const throttled = await failure(client.send(new v1.CreateRestApiCommand({ name: "b" })));
    assertThrottled(throttled, v1.TooManyRequestsException);
    assert.equal(Number((throttled as v1.TooManyRequestsException).retryAfterSeconds), retryAfterOf(throttled));
  });

  it("a throttled call changes nothing", async () => {
    const region = freshRegion();
    const [keep, other] = await arranged(async () => {
      const c = new v2.ApiGatewayV2Client({ region });
      const subnet = await subnetIn(region);
      const a = await c.send(new v2.CreateVpcLinkCommand({ Name: "a", SubnetIds: [subnet] }));
      const b = await c.send(new v2.CreateVpcLinkCommand({ Name: "b", SubnetIds: [subnet] }));
      return [a.VpcLinkId as string, b.VpcLinkId as string];
    });
    ctx.sandbox.control.setTimeScale(SLOW);
    await v2Raw(region).send(new v2.DeleteVpcLinkCommand({ VpcLinkId: other }));
    assertThrottled(await failure(v2Raw(region).send(new v2.DeleteVpcLinkCommand({ VpcLinkId: keep }))), v2.TooManyRequestsException);
    const link = await v2Raw(region).send(new v2.GetVpcLinkCommand({ VpcLinkId: keep }));
    assert.notEqual(link.VpcLinkStatus, "DELETING");

    await v1Raw(region).send(new v1.CreateRestApiCommand({ name: "one" }));
    assertThrottled(await failure(v1Raw(region).send(new v1.CreateRestApiCommand({ name: "two" }))), v1.TooManyRequestsException);
    const apis = await v1Raw(region).send(new v1.GetRestApisCommand({}));
    assert.deepEqual(
      apis.items?.map((a) => a.name),
      ["one"],
    );
  });

  it("keeps quotas per region and per operation", async () => {
    const [east, west] = [freshRegion(), freshRegion()];
    const subnet = await subnetIn(east);
    ctx.sandbox.control.setTimeScale(SLOW);
    await v1Raw(east).send(new v1.CreateRestApiCommand({ name: "e" }));
    assertThrottled(await failure(v1Raw(east).send(new v1.CreateRestApiCommand({ name: "e2" }))), v1.TooManyRequestsException);
    assert.equal(await failure(v1Raw(west).send(new v1.CreateRestApiCommand({ name: "w" }))), undefined);
    assert.equal(await failure(v2Raw(east).send(new v2.CreateVpcLinkCommand({ Name: "l", SubnetIds: [subnet] }))), undefined);
    assert.equal(await failure(v1Raw(east).send(new v1.GetRestApisCommand({}))), undefined);
  });

  describe("the account-wide bucket (10 requests/s, burst 40)", () => {
    // At time scale 100 the bucket refills one token per 10 s: the 41st quick call is throttled for sure.
    it("admits a burst of 40 calls and throttles the 41st, for every operation without its own quota", async () => {
      const region = freshRegion();
      const api = await arranged(() => v1Raw(region).send(new v1.CreateRestApiCommand({ name: "burst" })));
      ctx.sandbox.control.setTimeScale(SLOW);
      const outcomes: (number | undefined)[] = [];
      for (let i = 0; i < 41; i++) {
        const error = await failure(v1Raw(region).send(new v1.GetRestApiCommand({ restApiId: api.id })));
        outcomes.push(error?.$metadata?.httpStatusCode);
      }
      assert.deepEqual(outcomes, [...Array(40).fill(undefined), 429]);

      const updateError = await failure(
        v1Raw(region).send(
          new v1.UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: "replace", path: "/name", value: "x" }] }),
        ),
      );
      assertThrottled(updateError, v1.TooManyRequestsException);
      const v2Error = await failure(v2Raw(region).send(new v2.GetVpcLinksCommand({})));
      assertThrottled(v2Error, v2.TooManyRequestsException);
      const retryAfter = retryAfterOf(v2Error);
      assert.ok(retryAfter > 0 && retryAfter <= 10, `Retry-After ${retryAfter} is at most one token's refill (10 s)`);

      assert.equal(await failure(v1Raw(freshRegion()).send(new v1.GetRestApisCommand({}))), undefined, "another region has its own bucket");
    });

    it("admits exactly 40 of 45 concurrent calls", async () => {
      const region = freshRegion();
      ctx.sandbox.control.setTimeScale(SLOW);
      const client = v1Raw(region);
      const results = await Promise.all(Array.from({ length: 45 }, () => failure(client.send(new v1.GetRestApisCommand({})))));
      assert.equal(results.filter((e) => e === undefined).length, 40);
      results.filter((e) => e !== undefined).forEach((e) => assertThrottled(e, v1.TooManyRequestsException));
    });

    it("starts with a full bucket again after resetQuotas", async () => {
      const region = freshRegion();
      ctx.sandbox.control.setTimeScale(SLOW);
      const client = v1Raw(region);
      for (let i = 0; i < 40; i++) await client.send(new v1.GetRestApisCommand({}));
      assertThrottled(await failure(client.send(new v1.GetRestApisCommand({}))), v1.TooManyRequestsException);
      ctx.sandbox.control.resetQuotas();
      assert.equal(await failure(client.send(new v1.GetRestApisCommand({}))), undefined);
    });
  });
});
