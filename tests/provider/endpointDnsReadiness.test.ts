import * as assert from "node:assert/strict";
import { endpointAddresses } from "../../local";
import type { ProbeAnswer } from "../../provider/dnsProbe";
import {
  checkReadinessInputs,
  endpointDnsReadinessProvider as provider,
  waitForNames,
  type EndpointDnsReadinessInputs,
} from "../../provider/endpointDnsReadiness";
import { perVpceHostname } from "../../provider/endpointNames";
import { vpcEndpointAssociationProvider } from "../../provider/vpcEndpointAssociation";
import { createRestApi, makeDeployable, useSandbox, vpceIds } from "../../support/sandbox";

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
      ...clock,
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
        ...clock,
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
      ...clock,
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

describe("EndpointDnsReadiness against the sandbox DNS", () => {
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 100, vpcLinkDeleteMs: 100, dnsPropagationMs: 600 } });

  async function associated(count: number): Promise<{ api: string; ids: string[] }> {
    const api = await createRestApi();
    const ids = vpceIds(count);
    await vpcEndpointAssociationProvider.create({ restApiId: api, vpcEndpointIds: ids, region: "us-east-1", exclusive: false });
    return { api, ids };
  }
  const inputs = (api: string, ids: string[], extra: Partial<EndpointDnsReadinessInputs> = {}): EndpointDnsReadinessInputs => ({
    restApiId: api,
    vpcEndpointIds: ids,
    region: "us-east-1",
    consecutiveChecks: 2,
    timeout: "30s",
    pollInterval: "100ms",
    redeployAfter: "5m",
    ...extra,
  });

  it("succeeds once every name has propagated, with the addresses and when each became ready", async () => {
    const { api, ids } = await associated(3);
    const { outs } = await provider.create(inputs(api, ids));
    assert.ok(outs);
    assert.deepEqual(
      outs.hostnames,
      ids.map((v) => perVpceHostname(api, v, "us-east-1")),
    );
    for (const [i, h] of outs.hostnames.entries()) {
      assert.deepEqual(outs.records[h].addresses, [...endpointAddresses(ids[i])].sort());
      assert.ok(outs.records[h].waitedMs <= outs.totalWaitMs);
    }
    assert.equal(outs.serverSource, "APIGW_VPC_DNS_SERVERS");
    assert.deepEqual(outs.queriedServers, [ctx.sandbox.env.APIGW_VPC_DNS_SERVERS]);
    assert.equal(outs.redeployment, null);
    assert.equal(ctx.sandbox.control.requestLog({ operation: "CreateDeployment" }).length, 0);
  });

  it("the dnsServers argument wins over APIGW_VPC_DNS_SERVERS", async () => {
    const { api, ids } = await associated(1);
    const server = `${ctx.sandbox.dns.host}:${ctx.sandbox.dns.port}`;
    const { outs } = await provider.create(inputs(api, ids, { dnsServers: [server] }));
    assert.equal(outs?.serverSource, "the dnsServers argument");
  });

  it("stuck names cause exactly one redeploy of the stage, after which they resolve", async () => {
    const ids = vpceIds(2);
    const api = await createRestApi();
    await makeDeployable(api, { vpcEndpointIds: ids });
    ctx.sandbox.control.holdDnsUntilDeployment(api);
    await vpcEndpointAssociationProvider.create({ restApiId: api, vpcEndpointIds: ids, region: "us-east-1", exclusive: false });
    ctx.sandbox.control.clearRequestLog();
    const { outs } = await provider.create(inputs(api, ids, { redeployStage: "prod", redeployAfter: "300ms" }));
    const deployments = ctx.sandbox.control.requestLog({ operation: "CreateDeployment" });
    assert.equal(deployments.length, 1);
    assert.equal(deployments[0].params.stageName, "prod");
    assert.equal(outs?.redeployment?.stageName, "prod");
    assert.equal(Object.keys(outs?.records ?? {}).length, 2);
  });

  it("a timeout names what is unresolved, what was queried and whether a redeploy was made", async () => {
    const api = await createRestApi();
    ctx.sandbox.control.holdDnsUntilDeployment(api);
    const ids = vpceIds(1);
    await vpcEndpointAssociationProvider.create({ restApiId: api, vpcEndpointIds: ids, region: "us-east-1", exclusive: false });
    const host = perVpceHostname(api, ids[0], "us-east-1");
    await assert.rejects(provider.create(inputs(api, ids, { timeout: "1s" })), (e: Error) => {
      assert.match(
        e.message,
        new RegExp(
          `^creating EndpointDnsReadiness \\(${api}\\): waiting for per-VPCE DNS names of REST API ${api} in us-east-1: 1 of 1 still unresolved after 1(\\.\\d)?s: `,
        ),
      );
      assert.ok(e.message.includes(`${host} (NXDOMAIN)`), e.message);
      assert.ok(
        e.message.includes(
          `queried ${ctx.sandbox.env.APIGW_VPC_DNS_SERVERS} (APIGW_VPC_DNS_SERVERS) every 100ms, needing 2 consecutive answers`,
        ),
        e.message,
      );
      assert.ok(e.message.endsWith("no redeploy (redeployStage not set)"), e.message);
      return true;
    });
  });

  it("update waits for the new set of names; diff ignores order and options", async () => {
    const { api, ids } = await associated(2);
    const { outs } = await provider.create(inputs(api, ids.slice(0, 1)));
    assert.ok(outs);
    assert.equal((await provider.diff!(api, outs, inputs(api, ids.slice(0, 1), { timeout: "1m" }))).changes, false);
    assert.equal((await provider.diff!(api, outs, inputs(api, ids))).changes, true);
    const updated = await provider.update!(api, outs, inputs(api, ids));
    assert.equal(updated.outs?.hostnames.length, 2);
  });
});
