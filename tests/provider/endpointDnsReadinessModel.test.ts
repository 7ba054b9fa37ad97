/**
 * EndpointDnsReadiness's pure model, with no AWS and no DNS server: check() and the DNS streak
 * wait driven by scripted probe answers.
 */
import * as assert from "node:assert/strict";
import type { ProbeAnswer } from "../../provider/dnsProbe";
import { checkReadinessInputs, waitForNames } from "../../provider/endpointDnsReadiness/index";

const found: ProbeAnswer = { kind: "addresses", addresses: ["10.0.0.1"] };
const missing: ProbeAnswer = { kind: "nxdomain" };

/** A fake clock whose sleep advances time, counting rounds. */
function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

describe("EndpointDnsReadiness waitForNames()", () => {
  it("needs N consecutive answers, and a negative answer resets the streak", async () => {
    const script = [found, missing, found, found];
    const clock = fakeClock();
    const result = await waitForNames(["a"], async () => script.shift() ?? found, {
      consecutive: 2,
      timeoutMs: 10_000,
      pollMs: 100,
      clock,
    });
    assert.deepEqual(result.unresolved, []);
    assert.equal(result.ready.get("a")?.waitedMs, 300, "ready on the 4th check, after 3 intervals");
  });

  it("checks all names in parallel, so the rounds do not grow with the number of names", async () => {
    for (const count of [1, 50]) {
      const clock = fakeClock();
      const names = Array.from({ length: count }, (_, i) => `n${i}`);
      const result = await waitForNames(names, async () => (clock.now() >= 200 ? found : missing), {
        consecutive: 2,
        timeoutMs: 10_000,
        pollMs: 100,
        clock,
      });
      assert.equal(result.ready.size, count);
      assert.equal(clock.sleeps.length, 3, `${count} names take the same 3 intervals`);
    }
  });

  it("stops at the timeout and reports what is still unresolved", async () => {
    const clock = fakeClock();
    const result = await waitForNames(["a", "b"], async (h) => (h === "a" ? found : missing), {
      consecutive: 1,
      timeoutMs: 1000,
      pollMs: 300,
      clock,
    });
    assert.deepEqual(result.unresolved, ["b"]);
    assert.equal(result.elapsedMs, 1000);
  });
});

describe("EndpointDnsReadiness check()", () => {
  const base = { restApiId: "abcde12345", vpcEndpointIds: ["vpce-0123abcd"], region: "us-east-1" };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["a bad timeout", { timeout: "ten minutes" }, /timeout: "ten minutes" is not a duration such as "10m"/],
    ["a bad poll interval", { pollInterval: 5 }, /pollInterval: 5 is not a duration/],
    ["zero consecutive checks", { consecutiveChecks: 0 }, /consecutiveChecks: must be a whole number from 1 to 20, got 0/],
    [
      "a DNS server that is a hostname",
      { dnsServers: ["dns.example.com"] },
      /dnsServers\[0\]: "dns.example.com" is not host\[:port\] with an IP address/,
    ],
    ["a DNS server with a bad port", { dnsServers: ["127.0.0.1:99999"] }, /dnsServers\[0\]: "127.0.0.1:99999"/],
    ["an empty resolver list", { discoveryResolvers: [] }, /discoveryResolvers: must be a non-empty list/],
    ["a bad stage name", { redeployStage: "prod stage" }, /redeployStage: "prod stage" is not a stage name/],
  ];
  for (const [title, change, message] of cases) {
    it(`rejects ${title}`, () => {
      const result = checkReadinessInputs({ ...base, ...change }, {});
      assert.match((result.failures ?? []).map((f) => f.reason).join("\n"), message);
    });
  }

  it("fills the defaults", () => {
    assert.deepEqual(checkReadinessInputs({ ...base, dnsServers: ["127.0.0.1:5353", "[::1]:53"] }, {}).inputs, {
      ...base,
      consecutiveChecks: 2,
      timeout: "10m",
      pollInterval: "500ms",
      redeployAfter: "5m",
      dnsServers: ["127.0.0.1:5353", "[::1]:53"],
    });
  });
});
