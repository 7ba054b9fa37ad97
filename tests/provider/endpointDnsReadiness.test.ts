import * as assert from "node:assert/strict";
import { endpointAddresses } from "../../local";
import { endpointDnsReadinessProvider as provider, type EndpointDnsReadinessInputs } from "../../provider/endpointDnsReadiness/index";
import { perVpceHostname } from "../../provider/endpointNames";
import { vpcEndpointAssociationProvider } from "../../provider/vpcEndpointAssociation/index";
import { createRestApi, makeDeployable, useSandbox, vpceIds } from "../../support/sandbox";

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
