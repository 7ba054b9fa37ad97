/**
 * Pure behaviour that only the sandbox and e2e suites used to catch (issue 26), tested in the
 * unit suite: creation tokens (property tests), DNS streaks and their reset, replacement rules
 * (a region change replaces), the owned-set planner, retry classification, and the recording
 * fake client the no-AWS-call tests use.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { APIGatewayClient, GetRestApiCommand } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetVpcLinksCommand } from "@aws-sdk/client-apigatewayv2";
import type * as pulumi from "@pulumi/pulumi";
import type { Operations } from "../../provider/defineResource";
import type { ProbeAnswer } from "../../provider/dnsProbe";
import { nextStreak, waitForNames } from "../../provider/dnsWait";
import { planOwnedSet } from "../../provider/ownedSet";
import { DEFAULT_RETRY_POLICY, isRetryable, MUTATION_RETRY_POLICY } from "../../provider/retry";
import * as contract from "../../provider/stateContract";
import { creationToken } from "../../provider/vpcLink/model";
import { useRecordingClients } from "../../support/recordingClients";

const found: ProbeAnswer = { kind: "addresses", addresses: ["10.0.0.5"] };
const answers: fc.Arbitrary<ProbeAnswer> = fc.constantFrom<ProbeAnswer>(
  found,
  { kind: "nxdomain" } as ProbeAnswer,
  { kind: "nodata" } as ProbeAnswer,
  { kind: "error", code: "ETIMEOUT" } as ProbeAnswer,
);

describe("the creation token (VpcLink), as properties", () => {
  const generationOf = (token: string) => Number(token.split(".").pop());
  const hashOf = (token: string) => token.split(".")[0];
  const scopes = fc.string({ minLength: 1, maxLength: 80 });

  it("is generation 0 for a new resource (no old inputs), whatever the scope", () => {
    fc.assert(
      fc.property(scopes, (scope) => generationOf(creationToken(scope, undefined)) === 0 && generationOf(creationToken(scope, {})) === 0),
    );
  });

  it("goes up by one whenever old state exists, so a replacement never adopts the link it replaces", () => {
    fc.assert(
      fc.property(scopes, fc.integer({ min: 0, max: 10_000 }), (scope, generation) => {
        const old = { creationToken: `${hashOf(creationToken(scope, undefined))}.${generation}` };
        return generationOf(creationToken(scope, old)) === generation + 1;
      }),
    );
  });

  it("counts the replacements of a chain: k replacements give generation k", () => {
    fc.assert(
      fc.property(scopes, fc.integer({ min: 1, max: 30 }), (scope, k) => {
        let token = creationToken(scope, undefined);
        for (let i = 0; i < k; i++) token = creationToken(scope, { name: "x", creationToken: token } as { creationToken?: unknown });
        return generationOf(token) === k;
      }),
    );
  });

  it("treats old state without a token (a link made before tokens) as generation 0, so the next is 1", () => {
    fc.assert(fc.property(scopes, (scope) => generationOf(creationToken(scope, { name: "x" } as { creationToken?: unknown })) === 1));
  });

  it("stays the same on a retry: the same scope and old state give the same token", () => {
    fc.assert(
      fc.property(scopes, fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), (scope, generation) => {
        const olds = generation === undefined ? undefined : { creationToken: `abc.${generation}` };
        return creationToken(scope, olds) === creationToken(scope, olds);
      }),
    );
  });

  it("differs between scopes (two resources or stacks never share a token)", () => {
    fc.assert(
      fc.property(scopes, scopes, (a, b) => {
        fc.pre(a !== b);
        return hashOf(creationToken(a, undefined)) !== hashOf(creationToken(b, undefined));
      }),
    );
  });
});

describe("DNS streaks (provider/dnsWait.ts)", () => {
  it("nextStreak: addresses extend the streak, anything else resets it to 0", () => {
    fc.assert(
      fc.property(fc.nat(50), answers, (streak, answer) => nextStreak(streak, answer) === (answer.kind === "addresses" ? streak + 1 : 0)),
    );
  });

  /** A fake clock whose sleep advances time. */
  const fakeClock = () => {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  };

  it("a name is ready at the first check that ends N addresses in a row: a miss in between starts over", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answers, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 4 }), async (script, consecutive) => {
        const clock = fakeClock();
        const queue = [...script];
        const result = await waitForNames(["a"], async () => queue.shift() ?? { kind: "nxdomain" }, {
          consecutive,
          timeoutMs: 100 * script.length,
          pollMs: 100,
          clock,
        });
        let streak = 0;
        const expected = script.findIndex((a) => (streak = nextStreak(streak, a)) >= consecutive);
        if (expected === -1) assert.deepEqual(result.unresolved, ["a"]);
        else assert.equal(result.ready.get("a")?.waitedMs, expected * 100);
      }),
      { numRuns: 60 },
    );
  });

  it("resets after a miss: found, missing, found is not two in a row", async () => {
    const clock = fakeClock();
    const script: ProbeAnswer[] = [found, { kind: "nxdomain" } as ProbeAnswer, found, found];
    const result = await waitForNames(["a"], async () => script.shift() ?? found, {
      consecutive: 2,
      timeoutMs: 10_000,
      pollMs: 100,
      clock,
    });
    assert.equal(result.ready.get("a")?.waitedMs, 300);
  });
});

describe("replacement rules: a region change replaces", () => {
  const VPCE = "vpce-0123456789abcdef0";
  const arnIn = (region: string) => `arn:aws:apigateway:${region}:111122223333:/domainnames/api.internal.example.com+abcd1234`;
  const cases: [keyof typeof contract, (region: string) => Record<string, unknown>, string[]][] = [
    ["VpcLink", (region) => ({ name: "l", subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: [], region }), ["region"]],
    ["VpcEndpointAssociation", (region) => ({ restApiId: "a1b2c3d4e5", vpcEndpointIds: [VPCE], region }), ["region"]],
    [
      "PrivateIntegration",
      (region) => ({
        restApiId: "abcdefghij",
        resourceId: "abc123",
        httpMethod: "GET",
        vpcLinkId: "abc1234",
        integrationTarget: `arn:aws:elasticloadbalancing:${region}:111122223333:loadbalancer/app/orders/0123456789abcdef`,
        uri: "http://orders.internal/",
        region,
      }),
      ["region"],
    ],
    ["StageRedeployment", (region) => ({ restApiId: "abcdefghij", stageName: "prod", region }), ["region"]],
    [
      "DomainNameAccessAssociations",
      (region) => ({ domainNameArn: arnIn(region), vpcEndpointIds: [VPCE], region }),
      ["domainNameArn", "region"],
    ],
    [
      "DomainNameManagementPolicy",
      (region) => ({ domainNameArn: arnIn(region), accountIds: ["444455556666"], region }),
      ["domainNameArn", "region"],
    ],
  ];
  for (const [kind, args, replaces] of cases) {
    it(`${kind}: us-east-1 -> eu-west-1 replaces ${replaces.join(" and ")}; the same region is no change`, async () => {
      const ops = (contract[kind] as () => Operations)() as Operations<Record<string, unknown>, Record<string, unknown>>;
      const checked = async (region: string) => {
        const result = await ops.check({}, args(region));
        assert.deepEqual(result.failures ?? [], [], kind);
        return result.inputs as Record<string, unknown>;
      };
      const olds = await checked("us-east-1");
      const diff: pulumi.dynamic.DiffResult = await ops.diff("id", olds, await checked("eu-west-1"));
      assert.equal(diff.changes, true);
      assert.deepEqual([...(diff.replaces ?? [])].sort(), replaces);
      const same = await ops.diff("id", olds, await ops.check(olds, args("us-east-1")).then((r) => r.inputs as Record<string, unknown>));
      assert.deepEqual(same.replaces ?? [], []);
    });
  }
});

describe("the owned-set planner (provider/ownedSet.ts), as properties", () => {
  const ids: fc.Arbitrary<string[]> = fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 6 });
  it("adds exactly the missing desired members and never removes a desired one; the result holds every desired member", () => {
    fc.assert(
      fc.property(ids, ids, ids, ids, fc.boolean(), (present, desired, managedBefore, adoptedBefore, exclusive) => {
        const plan = planOwnedSet({ present, desired, managedBefore, adoptedBefore, exclusive });
        const after = new Set([...present.filter((m) => !plan.remove.includes(m)), ...plan.add]);
        assert.deepEqual(plan.add, desired.filter((m) => !present.includes(m)).sort());
        assert.ok(plan.remove.every((m) => present.includes(m) && !desired.includes(m)));
        assert.ok(desired.every((m) => after.has(m)));
        if (!exclusive) {
          assert.ok(
            plan.remove.every((m) => managedBefore.includes(m) && !adoptedBefore.includes(m)),
            "only released managed members go",
          );
          assert.ok(
            plan.foreign.every((m) => !plan.remove.includes(m)),
            "foreign members stay",
          );
        } else assert.deepEqual(plan.remove, present.filter((m) => !desired.includes(m)).sort());
      }),
    );
  });

  it("adopts desired members already present that it did not manage before", () => {
    const plan = planOwnedSet({ present: ["a", "b", "x"], desired: ["a", "b", "c"], managedBefore: ["b"], adoptedBefore: [] });
    assert.deepEqual(plan, { add: ["c"], remove: [], adopted: ["a"], foreign: ["x"] });
  });
});

describe("retry classification (provider/retry.ts), as properties", () => {
  const types = fc.constantFrom("THROTTLING", "TRANSIENT", "SERVER_ERROR", "CLIENT_ERROR");
  const names = fc.constantFrom("ConflictException", "TooManyRequestsException", "BadRequestException", "NotFoundException", "Error");
  it("mutation clients resend a subset of what read clients resend, and always 429 and 409", () => {
    fc.assert(
      fc.property(types, names, (errorType, name) => {
        const info = { errorType, error: Object.assign(new Error("x"), { name }) } as never;
        if (isRetryable(info, MUTATION_RETRY_POLICY)) assert.ok(isRetryable(info, DEFAULT_RETRY_POLICY));
        if (errorType === "THROTTLING" || name === "ConflictException" || name === "TooManyRequestsException")
          assert.ok(isRetryable(info, MUTATION_RETRY_POLICY));
        if (
          (errorType === "TRANSIENT" || errorType === "SERVER_ERROR") &&
          name !== "ConflictException" &&
          name !== "TooManyRequestsException"
        )
          assert.equal(isRetryable(info, MUTATION_RETRY_POLICY), false, "an unknown outcome is read first, never resent");
      }),
    );
  });
});

describe("the recording fake client (support/recordingClients.ts)", () => {
  const aws = useRecordingClients();
  it("records and refuses every v1 and v2 call, so a test can assert that none happened", async () => {
    aws.clear();
    const v1 = new APIGatewayClient({ region: "us-east-1" });
    const v2 = new ApiGatewayV2Client({ region: "us-east-1" });
    await assert.rejects(v1.send(new GetRestApiCommand({ restApiId: "abcdefghij" })), /recording fake client: GetRestApiCommand/);
    await assert.rejects(v2.send(new GetVpcLinksCommand({})), /recording fake client: GetVpcLinksCommand/);
    assert.deepEqual(aws.calls, ["GetRestApiCommand", "GetVpcLinksCommand"]);
    v1.destroy();
    v2.destroy();
  });
});
