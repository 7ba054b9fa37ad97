/**
 * DomainRoutingRules's pure parts: check() names the field and the rule for every documented
 * limit, the planner's fewest calls (put in place, move by put, create, delete, adopt, refuse),
 * and the shared routing-rule logic (glob matching, rule selection, shadowing).
 */
import * as assert from "node:assert/strict";
import {
  checkRoutingRulesInputs,
  diffRoutingRules,
  planRoutingRules,
  type DomainRoutingRulesInputs,
  type PresentRule,
} from "../../provider/domainRoutingRules/model";
import { globCovers, globMatches, selectRule, shadowedPairs, shadows, type RoutingRuleSpec } from "../../provider/routingRules";
import { UNKNOWN } from "../../provider/validation";

const ARN = "arn:aws:apigateway:us-east-1:111111111111:/domainnames/api.internal.example.com+abc123";
const API = "a1b2c3d4e5";
const header = (priority: number, valueGlob: string, name = "x-version"): RoutingRuleSpec => ({
  priority,
  conditions: [{ matchHeaders: { anyOf: [{ header: name, valueGlob }] } }],
  action: { apiId: API, stage: "prod", stripBasePath: false },
});
const basePath = (priority: number, ...paths: string[]): RoutingRuleSpec => ({
  priority,
  conditions: [{ matchBasePaths: { anyOf: paths } }],
  action: { apiId: API, stage: "prod", stripBasePath: true },
});
/** A spec in the shape a program declares it (`action: { invokeApi }`); other values pass as they are. */
const argsOf = (rule: unknown) => {
  const r = rule as RoutingRuleSpec;
  return r && typeof r === "object" && r.action && !("invokeApi" in r.action) ? { ...r, action: { invokeApi: r.action } } : rule;
};
const catchAll = (priority: number): RoutingRuleSpec => ({
  priority,
  conditions: [],
  action: { apiId: API, stage: "prod", stripBasePath: false },
});

describe("DomainRoutingRules model", () => {
  describe("check()", () => {
    const failures = (news: Record<string, unknown>) =>
      (checkRoutingRulesInputs({ domainNameArn: ARN, rules: [], ...news }).failures ?? []).map((f) => f.reason);

    it("accepts valid rules, sorts them by priority and defaults the mode to rules then mappings", () => {
      const checked = checkRoutingRulesInputs({
        domainNameArn: ARN,
        rules: [argsOf(basePath(20, "users")), { priority: 10, action: { invokeApi: { apiId: API, stage: "prod" } } }],
      });
      const none = checked.failures;
      const inputs = checked.inputs as DomainRoutingRulesInputs;
      assert.equal(none, undefined);
      assert.deepEqual(
        inputs.rules.map((r) => [r.priority, r.conditions.length, r.action.stripBasePath]),
        [
          [10, 0, false],
          [20, 1, true],
        ],
      );
      assert.equal(inputs.routingMode, "ROUTING_RULE_THEN_BASE_PATH_MAPPING");
      assert.equal(inputs.region, "us-east-1");
    });

    const table: [string, Record<string, unknown>, RegExp][] = [
      ["a public or malformed ARN", { domainNameArn: "api.example.com" }, /^domainNameArn: .* is not a private domain name ARN/],
      ["an unknown mode", { routingMode: "RULES" }, /^routingMode: "RULES" is not one of BASE_PATH_MAPPING_ONLY/],
      ["no rules list", { rules: undefined }, /^rules: is required/],
      ["priority 0", { rules: [{ ...catchAll(1), priority: 0 }] }, /^rules\[0\]\.priority: must be a whole number from 1 to 1000000/],
      ["priority above a million", { rules: [catchAll(1_000_001)] }, /^rules\[0\]\.priority: must be a whole number from 1 to 1000000/],
      [
        "two rules at one priority",
        { rules: [catchAll(5), header(5, "a")] },
        /^rules\[1\]\.priority: 5 is also the priority of rules\[0\]/,
      ],
      [
        "three header conditions",
        { rules: [{ ...header(1, "a"), conditions: [1, 2, 3].map((i) => header(1, `v${i}`, `h${i}`).conditions[0]) }] },
        /^rules\[0\]\.conditions: has 3 matchHeaders conditions; AWS allows at most 2/,
      ],
      [
        "two base path conditions",
        { rules: [{ ...basePath(1, "a"), conditions: [...basePath(1, "a").conditions, ...basePath(1, "b").conditions] }] },
        /^rules\[0\]\.conditions: has 2 matchBasePaths conditions; AWS allows at most 1/,
      ],
      [
        "a condition with both kinds",
        { rules: [{ ...catchAll(1), conditions: [{ ...header(1, "a").conditions[0], ...basePath(1, "a").conditions[0] }] }] },
        /^rules\[0\]\.conditions\[0\]: must hold exactly one of matchHeaders or matchBasePaths/,
      ],
      [
        "a wildcard in the middle",
        { rules: [header(1, "be*ta")] },
        /^rules\[0\]\.conditions\[0\]\.matchHeaders\.anyOf\[0\]\.valueGlob: "be\*ta" is not a value glob/,
      ],
      [
        "a restricted header",
        { rules: [header(1, "x", "X-Amzn-Trace-Id")] },
        /^rules\[0\]\.conditions\[0\]\.matchHeaders\.anyOf\[0\]\.header: X-Amzn-Trace-Id is a header API Gateway/,
      ],
      [
        "a base path with a leading slash",
        { rules: [basePath(1, "/users")] },
        /^rules\[0\]\.conditions\[0\]\.matchBasePaths\.anyOf\[0\]: "\/users" is not a base path/,
      ],
      ["no action", { rules: [{ priority: 1 }] }, /^rules\[0\]\.action\.invokeApi: is required/],
      [
        "a bad API id",
        { rules: [{ ...catchAll(1), action: { invokeApi: { apiId: "API", stage: "prod" } } }] },
        /^rules\[0\]\.action\.invokeApi\.apiId: "API" is not a REST API id/,
      ],
      ["a rule that is not an object", { rules: ["catch-all"] }, /^rules\[0\]: must be an object/],
    ];
    for (const [name, news, expected] of table) {
      it(`refuses ${name}, naming the field and the rule`, () => {
        const found = failures(Array.isArray(news.rules) ? { ...news, rules: news.rules.map(argsOf) } : news);
        assert.ok(
          found.some((f) => expected.test(f)),
          JSON.stringify(found),
        );
      });
    }

    it("passes values unknown at preview, and diff() reports a possible change", () => {
      const olds = checkRoutingRulesInputs({ domainNameArn: ARN, rules: [argsOf(catchAll(1))] }).inputs as DomainRoutingRulesInputs;
      const news = checkRoutingRulesInputs({
        domainNameArn: ARN,
        rules: [{ priority: UNKNOWN, action: { invokeApi: { apiId: UNKNOWN, stage: "prod" } } }],
      });
      assert.equal(news.failures, undefined);
      assert.equal(diffRoutingRules({ ...olds }, news.inputs as DomainRoutingRulesInputs).changes, true);
      assert.equal(diffRoutingRules({ ...olds }, olds).changes, false);
      assert.deepEqual(diffRoutingRules({ ...olds }, { ...olds, domainNameArn: ARN.replace("abc123", "def456") }).replaces, [
        "domainNameArn",
      ]);
    });
  });

  describe("planRoutingRules()", () => {
    const at = (rule: RoutingRuleSpec, id: string): PresentRule => ({ id, rule });

    it("creates on an empty domain and sends nothing when all is in place", () => {
      const empty = planRoutingRules({
        present: [],
        desired: [header(10, "beta*"), basePath(20, "users")],
        managedBefore: {},
        adoptedBefore: [],
      });
      assert.deepEqual(
        empty.create.map((r) => r.priority),
        [10, 20],
      );
      const same = planRoutingRules({
        present: [at(header(10, "beta*"), "r1")],
        desired: [header(10, "beta*")],
        managedBefore: { "10": "r1" },
        adoptedBefore: [],
      });
      assert.deepEqual([same.create, same.put, same.remove], [[], [], []]);
    });

    it("puts a changed managed rule in place, and moves a released one to a new priority with one put", () => {
      const plan = planRoutingRules({
        present: [at(header(10, "beta*"), "r1"), at(basePath(20, "users"), "r2")],
        desired: [header(10, "gamma*"), basePath(30, "users")],
        managedBefore: { "10": "r1", "20": "r2" },
        adoptedBefore: [],
      });
      assert.deepEqual(
        plan.put.map((p) => [p.id, p.rule.priority]),
        [
          ["r1", 10],
          ["r2", 30],
        ],
      );
      assert.deepEqual([plan.create, plan.remove], [[], []]);
    });

    it("deletes released rules, never touches foreign ones, adopts an identical one and refuses a different one", () => {
      const plan = planRoutingRules({
        present: [
          at(header(10, "beta*"), "mine"),
          at(catchAll(500), "theirs"),
          at(basePath(20, "users"), "same"),
          at(basePath(30, "x"), "other"),
        ],
        desired: [basePath(20, "users"), basePath(30, "orders")],
        managedBefore: { "10": "mine" },
        adoptedBefore: [],
      });
      assert.deepEqual(plan.remove, [{ priority: 10, id: "mine" }]);
      assert.deepEqual(plan.adopted, [20]);
      assert.deepEqual(plan.conflicts, [{ priority: 30, id: "other" }]);
      assert.deepEqual(plan.put, []);
    });

    it("treats a managed priority now held by another rule as not its own", () => {
      const plan = planRoutingRules({
        present: [at(catchAll(10), "someone-elses")],
        desired: [header(10, "beta*")],
        managedBefore: { "10": "gone" },
        adoptedBefore: [],
      });
      assert.deepEqual(plan.conflicts, [{ priority: 10, id: "someone-elses" }]);
    });
  });

  describe("routing-rule logic", () => {
    it("matches value globs as AWS documents: exact, prefix*, *suffix, *contains*, case-sensitive", () => {
      const cases: [string, string, boolean][] = [
        ["beta", "beta", true],
        ["beta", "Beta", false],
        ["a*", "alpha", true],
        ["a*", "beta", false],
        ["*ta", "beta", true],
        ["*et*", "beta", true],
        ["*", "anything", true],
      ];
      for (const [glob, value, expected] of cases) assert.equal(globMatches(glob, value), expected, `${glob} ~ ${value}`);
    });

    it("selects the lowest priority rule whose conditions all match, header names case-insensitive, base paths by segment", () => {
      const rules = [basePath(20, "users"), header(10, "beta*", "X-Version"), catchAll(100)];
      assert.equal(selectRule(rules, { headers: { "x-version": "beta1" }, path: "/users/1" })?.rule.priority, 10);
      const byPath = selectRule(rules, { headers: {}, path: "/users/1" });
      assert.deepEqual([byPath?.rule.priority, byPath?.path], [20, "/1"]);
      assert.equal(selectRule(rules, { headers: {}, path: "/usersx" })?.rule.priority, 100);
    });

    it("finds shadowed rules soundly: a catch-all or a wider glob or base path earlier shadows later rules", () => {
      assert.equal(shadows(catchAll(1), header(2, "beta")), true);
      assert.equal(shadows(header(1, "b*"), header(2, "beta*")), true);
      assert.equal(shadows(header(1, "beta*"), header(2, "b*")), false);
      assert.equal(shadows(basePath(1, "users"), basePath(2, "users/admin")), true);
      assert.equal(shadows(basePath(1, "users/admin"), basePath(2, "users")), false);
      assert.equal(shadows(header(1, "beta"), basePath(2, "users")), false);
      assert.equal(globCovers("*et*", "beta*"), true);
      assert.deepEqual(
        shadowedPairs([header(10, "beta*"), catchAll(5), basePath(20, "users")]).map((p) => [p.first.priority, p.later.priority]),
        [
          [5, 10],
          [5, 20],
        ],
      );
    });
  });
});
