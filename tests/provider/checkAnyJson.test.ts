/**
 * Bad input of any JSON shape gets failures that name a field, never an internal error. A YAML
 * or JSON config can carry strings, numbers, lists, objects with any keys (`__proto__`,
 * `toString`, `constructor`), very long lists and strings; every provider's check() is fed
 * such inputs (fast-check) and must answer with failures, each naming its field, or succeed.
 *
 * The providers are enumerated from the package's exports, so a new one is covered; the field
 * names each check() reads are recorded through a Proxy, so no list of fields is kept here.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import type * as pulumi from "@pulumi/pulumi";
import * as lib from "../../lib";

type CheckingProvider = { check(olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> };

/** Every exported provider object (`…Provider` with a check()), by export name. */
const providers = (Object.entries(lib) as [string, unknown][]).filter(
  (entry): entry is [string, CheckingProvider] =>
    entry[0].endsWith("Provider") && typeof (entry[1] as Partial<CheckingProvider> | undefined)?.check === "function",
);

/** The top-level keys a provider's check() reads, recorded from one call on an empty input. */
async function fieldsRead(provider: CheckingProvider): Promise<string[]> {
  const read = new Set<string>();
  const recorder = new Proxy({} as Record<string, unknown>, {
    get(target, key) {
      if (typeof key === "string") read.add(key);
      return Reflect.get(target, key);
    },
  });
  await provider.check({}, recorder).catch(() => undefined);
  return [...read].filter((k) => k !== "then");
}

/** Keys that shadow Object.prototype, and other hostile names. */
const HOSTILE_KEYS = ["__proto__", "toString", "valueOf", "constructor", "hasOwnProperty", "toJSON", "length", "0", ""];

/** Values that pass some rules, so generated inputs reach the checks behind the first ones. */
const PLAUSIBLE = [
  "us-east-1",
  "eu-west-3",
  "vpce-0123456789abcdef0",
  "a1b2c3d4e5",
  "subnet-0123456789abcdef0",
  "sg-0123456789abcdef0",
  "123456789012",
  "arn:aws:apigateway:us-east-1:123456789012:/domainnames/api.example.com+abc123",
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/0123456789abcdef",
  "api.example.com",
  "10.0.0.2:53",
  "90s",
  "prod",
  "http://internal.example.com",
];

/**
 * A JSON object whose keys come from `keys`. Object.fromEntries defines `__proto__` as an own
 * key, as JSON.parse does, so the hostile keys really are the object's own.
 */
const objectOf = (keys: fc.Arbitrary<string>, value: fc.Arbitrary<unknown>, maxKeys = 5) =>
  fc.array(fc.tuple(keys, value), { maxLength: maxKeys }).map((pairs) => Object.fromEntries(pairs) as Record<string, unknown>);
const anyKey = (names: readonly string[]) => fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 }));

const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, "", ...PLAUSIBLE),
    fc.string({ maxLength: 20 }),
    fc.double(),
    fc.array(tie("json"), { maxLength: 4 }),
    objectOf(anyKey(HOSTILE_KEYS), tie("json")),
  ),
}));

/** Very long values: a list of thousands of entries, a string of a megabyte. */
const huge = fc.oneof(
  fc.nat({ max: 5000 }).map((n) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? { toString: "x" } : `vpce-${i}`))),
  fc.constantFrom(
    "x".repeat(1 << 20),
    Array.from({ length: 10_000 }, () => PLAUSIBLE[2]),
  ),
);

function assertAnswer(name: string, result: pulumi.dynamic.CheckResult): void {
  for (const failure of result.failures ?? []) {
    assert.ok(
      typeof failure.property === "string" && failure.property !== "",
      `${name}: a failure names no field: ${JSON.stringify(failure)}`,
    );
    assert.ok(typeof failure.reason === "string" && failure.reason.includes(failure.property), `${name}: ${failure.reason}`);
  }
}

describe("check() on any JSON input", () => {
  it("covers every provider the package exports", () => {
    assert.ok(providers.length >= 8, `found ${providers.map(([n]) => n).join(", ")}`);
  });

  for (const [name, provider] of providers) {
    it(`${name}: answers failures naming a field, or success; never throws`, async () => {
      const fields = await fieldsRead(provider);
      assert.ok(fields.length > 0, `${name}.check() read no field`);
      const input = objectOf(
        anyKey([...fields, ...HOSTILE_KEYS]),
        fc.oneof({ weight: 9, arbitrary: json }, { weight: 1, arbitrary: huge }),
        fields.length + 2,
      );
      await fc.assert(
        // Old inputs are an object too (the engine passes {} on create); they may hold anything.
        fc.asyncProperty(input, fc.oneof(fc.constant({}), input), async (news, olds) => {
          assertAnswer(name, await provider.check(olds, news));
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: objects whose keys shadow Object.prototype, in every field`, async () => {
      const fields = await fieldsRead(provider);
      const shadowing = JSON.parse('[{"toString":"x"},{"valueOf":1},{"__proto__":{"a":1}},{"constructor":"x"}]') as unknown[];
      for (const field of fields) {
        for (const value of [shadowing, shadowing[0], [shadowing], { [field]: shadowing }]) {
          const news = { [field]: value };
          assertAnswer(name, await provider.check({}, news));
        }
      }
    });
  }
});
