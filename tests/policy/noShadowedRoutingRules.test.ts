/**
 * Policy no-shadowed-routing-rules: the rules of a DomainRoutingRules, as a program declares
 * them, against catch-alls, wider value globs and wider base paths placed before narrower rules;
 * values unknown at preview leave their rule out rather than fail the policy.
 */
import * as assert from "node:assert/strict";
import { DOMAIN_ROUTING_RULES, noShadowedRoutingRules } from "../../policy/routingRulePolicies";
import { resourceArgs, resourceMessages, UNKNOWN_STRING } from "./harness";

const ARN = "arn:aws:apigateway:us-east-1:111122223333:/domainnames/api.internal.example.com+abcd1234";
const action = { invokeApi: { apiId: "a1b2c3d4e5", stage: "prod" } };
const header = (priority: number, valueGlob: string) => ({
  priority,
  conditions: [{ matchHeaders: { anyOf: [{ header: "x-version", valueGlob }] } }],
  action,
});
const basePath = (priority: number, ...anyOf: string[]) => ({ priority, conditions: [{ matchBasePaths: { anyOf } }], action });
const catchAll = (priority: number) => ({ priority, conditions: [], action });
const messages = (rules: unknown[]) =>
  resourceMessages(noShadowedRoutingRules, resourceArgs(DOMAIN_ROUTING_RULES, "routes", { domainNameArn: ARN, rules }));

describe("policy no-shadowed-routing-rules", () => {
  it("accepts rules ordered narrow to wide, with a catch-all last", async () => {
    assert.deepEqual(await messages([header(10, "beta*"), basePath(20, "users/admin"), basePath(30, "users"), catchAll(1000)]), []);
  });

  it("reports a catch-all placed before other rules, naming both rules", async () => {
    assert.deepEqual(await messages([catchAll(5), header(10, "beta*")]), [
      "DomainRoutingRules 'routes': the rule at priority 10 (header x-version: beta*) is shadowed by the rule at priority 5 " +
        "(no conditions: matches every request), which matches every request it matches; give it a lower priority number or narrow the earlier rule",
    ]);
  });

  it("reports a wider glob or base path before a narrower one, whatever order the list has", async () => {
    const found = await messages([basePath(20, "users/admin"), header(30, "beta*"), basePath(10, "users"), header(5, "b*")]);
    assert.equal(found.length, 2, found.join("\n"));
    assert.match(found[0], /priority 20 \(base path users\/admin\) is shadowed by the rule at priority 10 \(base path users\)/);
    assert.match(found[1], /priority 30 \(header x-version: beta\*\) is shadowed by the rule at priority 5 \(header x-version: b\*\)/);
  });

  it("does not report rules that only overlap: a header rule before a path rule", async () => {
    assert.deepEqual(await messages([header(1, "beta"), basePath(2, "users")]), []);
  });

  it("leaves out a rule with a value unknown at preview, and ignores other resource types", async () => {
    assert.deepEqual(await messages([{ ...catchAll(5), conditions: UNKNOWN_STRING }, header(10, "beta*")]), []);
    assert.deepEqual(
      await resourceMessages(
        noShadowedRoutingRules,
        resourceArgs("aws:apigateway/domainName:DomainName", "d", { rules: [catchAll(1), catchAll(2)] }),
      ),
      [],
    );
  });
});
