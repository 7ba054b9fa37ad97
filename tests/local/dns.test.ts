/**
 * The sandbox's DNS server, queried over real sockets: node's `dns.promises.Resolver` for what
 * applications see, dns2's UDP and TCP clients for the raw packet (rcode, authority section).
 * Per-VPCE names follow associations with a propagation delay; the zone names its own server.
 */
import assert from "node:assert/strict";
import { Resolver } from "node:dns/promises";
import dns2 from "dns2";
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  DeleteRestApiCommand,
  UpdateRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { endpointAddresses, executeApiZone, startSandbox } from "../../local";
import { createRestApi, useSandbox, v1Client, vpceIds, makeDeployable } from "../../support/sandbox";

const { Packet } = dns2;
const NEGATIVE_TTL = 17;
const VPCE_PATH = "/endpointConfiguration/vpcEndpointIds";

const hostname = (api: string, vpce: string, region = "us-east-1") => `${api}-${vpce}.${executeApiZone(region)}`;
const sorted = (xs: string[]) => [...xs].sort();

/** The error code a lookup fails with, or "answered". */
async function lookupCode(resolver: Resolver, name: string): Promise<string> {
  return resolver.resolve4(name).then(
    () => "answered",
    (e: NodeJS.ErrnoException) => e.code ?? String(e),
  );
}

describe("sandbox DNS: per-VPCE names of private REST APIs", () => {
  const ctx = useSandbox({ timeScale: 1e-4, negativeTtlSeconds: NEGATIVE_TTL, delays: { dnsPropagationMs: 0 } });
  const resolver = () => {
    const r = new Resolver({ timeout: 3000, tries: 2 });
    r.setServers([`${ctx.sandbox.dns.host}:${ctx.sandbox.dns.port}`]);
    return r;
  };
  const udp = () => dns2.UDPClient({ dns: ctx.sandbox.dns.host, port: ctx.sandbox.dns.port, timeout: 3000 });
  const tcp = () => dns2.TCPClient({ dns: ctx.sandbox.dns.host, port: ctx.sandbox.dns.port });
  const record = (name: string) => ctx.sandbox.control.state().dnsRecords.find((r) => r.hostname === name);
  /** Sleeps until the sandbox's own publication time of `name` has passed. */
  async function untilPublished(name: string): Promise<void> {
    const at = record(name)?.publishAt;
    assert.ok(typeof at === "number", `${name} has no publication time`);
    while (Date.now() <= at) await new Promise((r) => setTimeout(r, Math.max(1, at - Date.now() + 1)));
  }
  afterEach(() => ctx.sandbox.control.setDelays({ dnsPropagationMs: 0 }));

  it("answers NXDOMAIN before the propagation delay and the endpoint's A records after it", async () => {
    ctx.sandbox.control.setDelays({ dnsPropagationMs: 1500 });
    const [vpce] = vpceIds(1);
    const api = await createRestApi({ vpcEndpointIds: [vpce] });
    const name = hostname(api, vpce);
    assert.equal(await lookupCode(resolver(), name), "ENOTFOUND");
    assert.equal(record(name)?.published, false);

    await untilPublished(name);
    const answers = await resolver().resolve4(name, { ttl: true });
    assert.deepEqual(sorted(answers.map((a) => a.address)), sorted(endpointAddresses(vpce)));
    assert.ok(answers.every((a) => a.ttl === 60));
    assert.equal(record(name)?.published, true);
  });

  it("gives each name its own delay when the delay is a function of the hostname", async () => {
    const [fast, slow] = vpceIds(2);
    ctx.sandbox.control.setDelays({ dnsPropagationMs: (h) => (h.includes(fast) ? 0 : 3_600_000) });
    const api = await createRestApi({ vpcEndpointIds: [fast, slow] });
    await untilPublished(hostname(api, fast));
    assert.equal(await lookupCode(resolver(), hostname(api, fast)), "answered");
    assert.equal(await lookupCode(resolver(), hostname(api, slow)), "ENOTFOUND");
  });

  it("stops answering a name after its endpoint is disassociated, keeping the others", async () => {
    const [a, b] = vpceIds(2);
    const api = await createRestApi({ vpcEndpointIds: [a, b] });
    await untilPublished(hostname(api, b));
    assert.equal(await lookupCode(resolver(), hostname(api, a)), "answered");

    await v1Client().send(new UpdateRestApiCommand({ restApiId: api, patchOperations: [{ op: "remove", path: VPCE_PATH, value: a }] }));
    assert.equal(await lookupCode(resolver(), hostname(api, a)), "ENOTFOUND");
    assert.equal(await lookupCode(resolver(), hostname(api, b)), "answered");
  });

  it("publishes a name added later by UpdateRestApi", async () => {
    const [a] = vpceIds(1);
    const api = await createRestApi();
    assert.equal(await lookupCode(resolver(), hostname(api, a)), "ENOTFOUND");
    await v1Client().send(new UpdateRestApiCommand({ restApiId: api, patchOperations: [{ op: "add", path: VPCE_PATH, value: a }] }));
    await untilPublished(hostname(api, a));
    assert.equal(await lookupCode(resolver(), hostname(api, a)), "answered");
  });

  it("stops answering every name of an API after DeleteRestApi", async () => {
    const [a, b] = vpceIds(2);
    const api = await createRestApi({ vpcEndpointIds: [a, b] });
    await untilPublished(hostname(api, b));
    await v1Client().send(new DeleteRestApiCommand({ restApiId: api }));
    assert.deepEqual(
      [await lookupCode(resolver(), hostname(api, a)), await lookupCode(resolver(), hostname(api, b))],
      ["ENOTFOUND", "ENOTFOUND"],
    );
    assert.equal(record(hostname(api, a)), undefined);
  });

  it("answers only in the API's own region", async () => {
    const [a] = vpceIds(1);
    const api = await createRestApi({ region: "eu-west-1", vpcEndpointIds: [a] });
    await untilPublished(hostname(api, a, "eu-west-1"));
    assert.equal(await lookupCode(resolver(), hostname(api, a, "eu-west-1")), "answered");
    assert.equal(await lookupCode(resolver(), hostname(api, a, "us-east-1")), "ENOTFOUND");
  });

  it("uses amazonaws.com.cn in China regions, and refuses the amazonaws.com spelling there", async () => {
    const [a] = vpceIds(1);
    const api = await createRestApi({ region: "cn-north-1", vpcEndpointIds: [a] });
    const name = hostname(api, a, "cn-north-1");
    assert.equal(name, `${api}-${a}.execute-api.cn-north-1.amazonaws.com.cn`);
    await untilPublished(name);
    assert.deepEqual(sorted(await resolver().resolve4(name)), sorted(endpointAddresses(a)));
    assert.equal(await lookupCode(resolver(), `${api}-${a}.execute-api.cn-north-1.amazonaws.com`), "EREFUSED");
    assert.equal(await lookupCode(resolver(), `${api}-${a}.execute-api.us-east-1.amazonaws.com.cn`), "EREFUSED");
  });

  it("answers case-insensitively", async () => {
    const [a] = vpceIds(1);
    const api = await createRestApi({ vpcEndpointIds: [a] });
    await untilPublished(hostname(api, a));
    assert.deepEqual(sorted(await resolver().resolve4(hostname(api, a).toUpperCase())), sorted(endpointAddresses(a)));
  });

  it("holds new names until the API's next CreateDeployment when told to", async () => {
    const [a] = vpceIds(1);
    const api = await createRestApi();
    await makeDeployable(api);
    ctx.sandbox.control.holdDnsUntilDeployment(api);
    await v1Client().send(new UpdateRestApiCommand({ restApiId: api, patchOperations: [{ op: "add", path: VPCE_PATH, value: a }] }));
    assert.equal(record(hostname(api, a))?.publishAt, null);
    assert.equal(await lookupCode(resolver(), hostname(api, a)), "ENOTFOUND");

    await v1Client().send(new CreateDeploymentCommand({ restApiId: api, stageName: "prod" }));
    await untilPublished(hostname(api, a));
    assert.equal(await lookupCode(resolver(), hostname(api, a)), "answered");
  });

  describe("the zone's authority records", () => {
    for (const region of ["us-east-1", "cn-north-1"]) {
      const zone = executeApiZone(region);

      it(`answers NS and SOA for ${zone} naming ns.${zone}, and A for ns.${zone} with its own address`, async () => {
        assert.deepEqual(await resolver().resolveNs(zone), [`ns.${zone}`]);
        const soa = await resolver().resolveSoa(zone);
        assert.equal(soa.nsname, `ns.${zone}`);
        assert.equal(soa.hostmaster, `hostmaster.${zone}`);
        assert.equal(soa.minttl, NEGATIVE_TTL);
        assert.deepEqual(await resolver().resolve4(`ns.${zone}`), [ctx.sandbox.dns.host]);
      });
    }

    it("puts the SOA, with minimum = negativeTtlSeconds, in the authority section of NXDOMAIN (UDP)", async () => {
      const zone = executeApiZone("us-east-1");
      const response = await udp()(`abcdefghij-${vpceIds(1)[0]}.${zone}`, "A");
      assert.equal(response.header.rcode, 3);
      assert.equal(response.header.aa, 1);
      assert.deepEqual(response.answers, []);
      assert.equal(response.authorities.length, 1);
      const [soa] = response.authorities;
      assert.deepEqual(
        [soa.type, soa.name, soa.primary, soa.minimum, soa.ttl],
        [Packet.TYPE.SOA, zone, `ns.${zone}`, NEGATIVE_TTL, NEGATIVE_TTL],
      );
    });

    it("answers NODATA with the SOA for other record types of a published name", async () => {
      const [a] = vpceIds(1);
      const api = await createRestApi({ vpcEndpointIds: [a] });
      await untilPublished(hostname(api, a));
      const response = await udp()(hostname(api, a), "AAAA");
      assert.equal(response.header.rcode, 0);
      assert.deepEqual(response.answers, []);
      assert.deepEqual(
        response.authorities.map((r) => r.type),
        [Packet.TYPE.SOA],
      );
    });

    it("refuses names outside any execute-api zone", async () => {
      assert.equal(await lookupCode(resolver(), "example.com"), "EREFUSED");
      assert.equal(await lookupCode(resolver(), "execute-api.amazonaws.com"), "EREFUSED");
      const response = await udp()("example.com", "A");
      assert.deepEqual([response.header.rcode, response.header.aa], [5, 0]);
    });
  });

  describe("over TCP", () => {
    it("answers a published name and NXDOMAIN with the SOA for an unknown one", async () => {
      const [a] = vpceIds(1);
      const api = await createRestApi({ vpcEndpointIds: [a] });
      await untilPublished(hostname(api, a));
      const hit = await tcp()(hostname(api, a), "A");
      assert.deepEqual(sorted(hit.answers.map((r) => r.address as string)), sorted(endpointAddresses(a)));

      const miss = await tcp()(hostname("abcdefghij", a), "A");
      assert.equal(miss.header.rcode, 3);
      assert.deepEqual(
        miss.authorities.map((r) => r.minimum),
        [NEGATIVE_TTL],
      );
    });
  });
});

describe("sandbox DNS on port 53 of a spare loopback address", () => {
  it("binds 127.0.0.2:53 and answers the default-port resolver there", async () => {
    const sandbox = await startSandbox({ timeScale: 1e-4, dns: { host: "127.0.0.2", port: 53 }, delays: { dnsPropagationMs: 0 } });
    try {
      assert.deepEqual(sandbox.dns, { host: "127.0.0.2", port: 53 });
      assert.equal(sandbox.env.APIGW_VPC_DNS_SERVERS, "127.0.0.2:53");
      const [a] = vpceIds(1);
      // Not support's createRestApi: process.env points at no sandbox here, so name this one explicitly.
      const client = new APIGatewayClient({
        region: "us-east-1",
        endpoint: sandbox.endpoint,
        credentials: { accessKeyId: "x", secretAccessKey: "y" },
      });
      const api = await client.send(
        new CreateRestApiCommand({ name: "p53", endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds: [a] } }),
      );
      const resolver = new Resolver({ timeout: 3000, tries: 2 });
      resolver.setServers(["127.0.0.2"]);
      assert.deepEqual(sorted(await resolver.resolve4(hostname(api.id as string, a))), sorted(endpointAddresses(a)));
      assert.deepEqual(await resolver.resolveNs(executeApiZone("us-east-1")), [`ns.${executeApiZone("us-east-1")}`]);
      assert.deepEqual(await resolver.resolve4(`ns.${executeApiZone("us-east-1")}`), ["127.0.0.2"]);
    } finally {
      await sandbox.close();
    }
  });
});
