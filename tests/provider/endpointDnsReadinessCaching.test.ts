import * as assert from "node:assert/strict";
import { queryA, resolverFor } from "../../provider/dnsProbe";
import { endpointDnsReadinessProvider as provider } from "../../provider/endpointDnsReadiness/index";
import { executeApiDomain, perVpceHostname } from "../../provider/endpointNames";
import { vpcEndpointAssociationProvider } from "../../provider/vpcEndpointAssociation/index";
import { startDnsmasq, type Dnsmasq } from "../../support/dnsmasq";
import { createRestApi, useSandbox, vpceIds } from "../../support/sandbox";

/**
 * The sandbox's DNS is the zone's authority on 127.0.0.2:53 (discoverable through NS), and
 * dnsmasq in front of it plays the system resolver, caching NXDOMAIN for 60 s.
 */
describe("EndpointDnsReadiness behind a negative-caching resolver", () => {
  const NEGATIVE_TTL = 60;
  useSandbox({
    timeScale: 0.01,
    negativeTtlSeconds: NEGATIVE_TTL,
    dns: { host: "127.0.0.2", port: 53 },
    delays: { dnsPropagationMs: 1500, vpcLinkProvisionMs: 100, vpcLinkDeleteMs: 100 },
  });
  let dnsmasq: Dnsmasq;
  let savedServers: string | undefined;
  before(async () => {
    dnsmasq = await startDnsmasq({ port: 5399, zones: [executeApiDomain("us-east-1")], authority: "127.0.0.2:53" });
    savedServers = process.env.APIGW_VPC_DNS_SERVERS;
    delete process.env.APIGW_VPC_DNS_SERVERS; // the default path: discover the authority
  });
  after(async () => {
    if (savedServers !== undefined) process.env.APIGW_VPC_DNS_SERVERS = savedServers;
    await dnsmasq?.stop();
  });

  it("is not delayed by the NXDOMAIN the resolver cached: it discovers and asks the authority", async () => {
    const api = await createRestApi();
    const [vpce] = vpceIds(1);
    const hostname = perVpceHostname(api, vpce, "us-east-1");
    await vpcEndpointAssociationProvider.create({ restApiId: api, vpcEndpointIds: [vpce], region: "us-east-1", exclusive: false });
    const system = resolverFor([dnsmasq.server]);
    assert.equal((await queryA(system, hostname)).kind, "nxdomain", "the resolver now caches the negative answer");

    // A timeout far below the 60 s negative TTL: polling through the resolver could not make it.
    const { outs } = await provider.create({
      restApiId: api,
      vpcEndpointIds: [vpce],
      region: "us-east-1",
      consecutiveChecks: 2,
      timeout: "20s",
      pollInterval: "100ms",
      redeployAfter: "5m",
      discoveryResolvers: [dnsmasq.server],
    });
    assert.ok(outs);
    assert.deepEqual(outs.queriedServers, ["127.0.0.2"]);
    assert.equal(outs.serverSource, `the authoritative servers of ${executeApiDomain("us-east-1")} (ns.${executeApiDomain("us-east-1")})`);
    assert.equal(outs.records[hostname].systemResolverAnswers, false, "the resolver still serves its cached NXDOMAIN");
    assert.equal((await queryA(system, hostname)).kind, "nxdomain");
    assert.equal((await queryA(resolverFor(["127.0.0.2"]), hostname)).kind, "addresses");
  });
});
