/**
 * DomainNameResolution's pure model, with no DNS server: check() wants resolvers, a real name
 * and a list of ARNs, naming the field and the rule; diff() waits again for a new name or a
 * changed ARN set, and for nothing else.
 */
import * as assert from "node:assert/strict";
import { checkResolutionInputs, diffResolution, type DomainNameResolutionInputs } from "../../provider/domainNameResolution/index";
import { UNKNOWN } from "../../provider/validation";

/** check()'s inputs, which it always returns. */
function checked(news: Record<string, unknown>): DomainNameResolutionInputs {
  const { inputs } = checkResolutionInputs(news);
  assert.ok(inputs, "check() returns inputs");
  return inputs;
}

const reasons = (news: Record<string, unknown>) => (checkResolutionInputs(news).failures ?? []).map((f) => f.reason).join("; ");

describe("DomainNameResolution check() and diff()", () => {
  it("check wants resolvers and a real name", () => {
    assert.match(reasons({ hostname: "api.example.com" }), /dnsServers: must be a non-empty list/);
    assert.match(
      reasons({ hostname: "*.example.com", dnsServers: ["10.0.0.2"] }),
      /hostname: "\*\.example\.com" is not a DNS name to resolve/,
    );
    assert.match(
      reasons({ hostname: "api.example.com", dnsServers: ["resolver.local"] }),
      /dnsServers\[0\]: "resolver\.local" is not host\[:port\]/,
    );
    assert.equal(reasons({ hostname: "api.example.com", dnsServers: ["10.0.0.2", "10.0.0.3:53"] }), "");
  });

  it("check wants dependsOnArns to be a list of ARNs, and sorts it", () => {
    const base = { hostname: "api.example.com", dnsServers: ["10.0.0.2"] };
    assert.match(reasons({ ...base, dependsOnArns: "arn:aws:apigateway:us-east-1::/x" }), /dependsOnArns: must be a list of ARNs/);
    assert.match(reasons({ ...base, dependsOnArns: ["arn:b", 7] }), /dependsOnArns: must be a list of ARNs/);
    assert.deepEqual(checked({ ...base, dependsOnArns: ["arn:b", "arn:a"] }).dependsOnArns, ["arn:a", "arn:b"]);
    assert.deepEqual(checked(base).dependsOnArns, []);
  });

  it("diff waits again for a new name or another ARN set, not for new options or another order", () => {
    const olds = checked({ hostname: "api.example.com", dnsServers: ["10.0.0.2"], dependsOnArns: ["arn:a", "arn:b"] });
    const same = { ...olds, dependsOnArns: ["arn:b", "arn:a"], dnsServers: ["10.0.0.3"], timeout: "1m", consecutiveChecks: 5 };
    assert.equal(diffResolution(olds, same).changes, false);
    assert.equal(diffResolution(olds, { ...olds, hostname: "other.example.com" }).changes, true);
    assert.equal(diffResolution(olds, { ...olds, dependsOnArns: ["arn:a"] }).changes, true);
    assert.equal(diffResolution(olds, { ...olds, dependsOnArns: UNKNOWN as unknown as string[] }).changes, true);
    assert.deepEqual(diffResolution(olds, { ...olds, hostname: "other.example.com" }).replaces, []);
  });
});
