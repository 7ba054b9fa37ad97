/**
 * 3. DNS readiness latency: 50 per-VPCE names published after seeded random delays (1-8 s); the
 * figure is, per name, the time from its publication (the sandbox's publishAt) to readiness
 * being reported (the readyAt of the check that completed the streak).
 *
 *   (a) direct  -> endpointDnsReadinessProvider.create with dnsServers = the sandbox's DNS
 *   (b) cached  -> the same with no dnsServers and discoveryResolvers = [dnsmasq], a real resolver
 *                  that caches NXDOMAIN for the zone's negative TTL (10 s here); every name was
 *                  asked once through dnsmasq before publication, so its NXDOMAIN is cached
 *   baseline    -> naive polling through dnsmasq: ask the caching resolver every poll interval
 *                  until it answers (one answer suffices: kinder than our two-in-a-row rule)
 *
 * The sandbox's DNS listens on 127.0.0.2:53 (we run as root), because NS discovery yields
 * addresses and a resolver asks them on port 53. The three run at once, each on its own REST
 * API with the same 50 endpoint ids, so every name has the same delay in all three.
 */
import { APIGatewayClient, CreateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import type { Sandbox } from "../local";
import { queryA, resolverFor } from "../provider/dnsProbe";
import {
  DEFAULT_CONSECUTIVE_CHECKS,
  DEFAULT_POLL_INTERVAL,
  endpointDnsReadinessProvider,
  type EndpointDnsReadinessInputs,
  type EndpointDnsReadinessOutputs,
} from "../provider/endpointDnsReadiness/index";
import { executeApiDomain, perVpceHostname } from "../provider/endpointNames";
import { parseDuration } from "../provider/duration";
import { vpcEndpointAssociationProvider } from "../provider/vpcEndpointAssociation/index";
import { startDnsmasq } from "../support/dnsmasq";
import { requireTool } from "../support/tools";
import { fmt, percentile, REGION, seededRandom, sleep, vpceIds, withSandbox, type Row, type ScenarioResult } from "./common";

const NAMES = 50;
const SEED = 3;
const NEGATIVE_TTL_SECONDS = 10;
const DELAY_RANGE_MS = [1000, 8000] as const;
const TARGET_P95_MS = 1500;
const POLL_MS = parseDuration(DEFAULT_POLL_INTERVAL) as number;

interface Stats {
  p50: number;
  p95: number;
  max: number;
}

const stats = (values: number[]): Stats => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) });
const triple = (s: Stats) => `${(s.p50 / 1000).toFixed(2)} / ${(s.p95 / 1000).toFixed(2)} / ${(s.max / 1000).toFixed(2)} s`;

/** Whether UDP and TCP port 53 are free on `host` (another run or a test may hold 127.0.0.2:53). */
async function port53Free(host: string): Promise<boolean> {
  const udp = createSocket("udp4");
  const tcp = createServer();
  const bind = (start: (done: () => void) => void, on: NodeJS.EventEmitter) =>
    new Promise<boolean>((resolve) => {
      on.once("error", () => resolve(false));
      start(() => resolve(true));
    });
  const ok = (await bind((done) => udp.bind(53, host, done), udp)) && (await bind((done) => tcp.listen(53, host, done), tcp));
  await new Promise<void>((r) => udp.close(() => r())).catch(() => undefined);
  await new Promise<void>((r) => (tcp.listening ? tcp.close(() => r()) : r()));
  return ok;
}

/** A free UDP port on 127.0.0.1 for dnsmasq. */
async function freePort(): Promise<number> {
  const s = createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Naive polling: ask through `server` every POLL_MS until every name answers; epoch ms per name. */
async function pollNaively(server: string, hostnames: string[], timeoutMs: number): Promise<Map<string, number>> {
  const resolver = resolverFor([server]);
  const answered = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  while (answered.size < hostnames.length && Date.now() < deadline) {
    await Promise.all(
      hostnames
        .filter((h) => !answered.has(h))
        .map(async (h) => {
          if ((await queryA(resolver, h)).kind === "addresses") answered.set(h, Date.now());
        }),
    );
    await sleep(POLL_MS);
  }
  return answered;
}

async function associate(
  sandbox: Sandbox,
  client: APIGatewayClient,
  ids: string[],
): Promise<{ restApiId: string; publishAt: Map<string, number> }> {
  const api = await client.send(new CreateRestApiCommand({ name: "bench-dns", endpointConfiguration: { types: ["PRIVATE"] } }));
  const restApiId = api.id as string;
  await vpcEndpointAssociationProvider.create({ restApiId, vpcEndpointIds: ids, region: REGION, exclusive: false });
  const records = sandbox.control.state(REGION).dnsRecords.filter((r) => r.restApiId === restApiId);
  return { restApiId, publishAt: new Map(records.map((r) => [r.hostname, r.publishAt as number])) };
}

export async function dnsLatency(): Promise<ScenarioResult> {
  requireTool("dnsmasq", "the dnsLatency benchmark (a caching resolver)");
  const random = seededRandom(SEED);
  const ids = vpceIds(NAMES, random);
  const delayOf = new Map(ids.map((id) => [id, Math.round(DELAY_RANGE_MS[0] + random() * (DELAY_RANGE_MS[1] - DELAY_RANGE_MS[0]))]));
  // The per-VPCE label is "{restApiId}-{vpceId}": the delay depends on the endpoint only.
  const propagation = (hostname: string) => delayOf.get(hostname.split(".")[0].slice(11)) ?? DELAY_RANGE_MS[0];
  let host: string | undefined;
  for (const candidate of ["127.0.0.2", "127.0.0.3", "127.0.0.4"]) if (!host && (await port53Free(candidate))) host = candidate;
  if (!host) throw new Error("port 53 is taken on 127.0.0.2-4: the DNS scenario needs one (run as root)");
  const options = {
    timeScale: 0.01,
    negativeTtlSeconds: NEGATIVE_TTL_SECONDS,
    dns: { host, port: 53 },
    delays: { dnsPropagationMs: propagation },
    seed: SEED,
  };

  return withSandbox(options, async (sandbox) => {
    delete process.env.APIGW_VPC_DNS_SERVERS; // (b) must take the default path: discover the authority
    const dnsmasq = await startDnsmasq({ port: await freePort(), zones: [executeApiDomain(REGION)], authority: `${host}:53` });
    const client = new APIGatewayClient({ region: REGION });
    try {
      const [direct, cached, naive] = [
        await associate(sandbox, client, ids),
        await associate(sandbox, client, ids),
        await associate(sandbox, client, ids),
      ];
      const names = (restApiId: string) => ids.map((v) => perVpceHostname(restApiId, v, REGION));
      // A client asked early: the resolver now holds NXDOMAIN for every name of (b) and the baseline.
      const system = resolverFor([dnsmasq.server]);
      const primed = await Promise.all([...names(cached.restApiId), ...names(naive.restApiId)].map((h) => queryA(system, h)));
      const inputs = (restApiId: string): EndpointDnsReadinessInputs => ({
        restApiId,
        vpcEndpointIds: ids,
        region: REGION,
        consecutiveChecks: DEFAULT_CONSECUTIVE_CHECKS,
        timeout: "60s",
        pollInterval: DEFAULT_POLL_INTERVAL,
        redeployAfter: "5m",
      });
      const ready = async (i: EndpointDnsReadinessInputs) =>
        (await endpointDnsReadinessProvider.create(i)).outs as EndpointDnsReadinessOutputs;
      const [directOut, cachedOut, naiveAt] = await Promise.all([
        ready({ ...inputs(direct.restApiId), dnsServers: [`${host}:53`] }),
        ready({ ...inputs(cached.restApiId), discoveryResolvers: [dnsmasq.server] }),
        pollNaively(dnsmasq.server, names(naive.restApiId), 60_000),
      ]);
      const latencies = (records: Record<string, { readyAt: string }>, publishAt: Map<string, number>) =>
        [...publishAt].map(([h, at]) => Date.parse(records[h].readyAt) - at);
      const a = stats(latencies(directOut.records, direct.publishAt));
      const b = stats(latencies(cachedOut.records, cached.publishAt));
      const naiveLatencies = [...naive.publishAt].map(([h, at]) => (naiveAt.get(h) ?? Infinity) - at);
      const base = stats(naiveLatencies);
      const row = (figure: string, s: Stats): Row => ({
        figure,
        value: triple(s),
        baseline: triple(base),
        ratio: fmt.ratio(s.p95 / base.p95),
        target: `p95 ≤ ${TARGET_P95_MS / 1000} s`,
        met: s.p95 <= TARGET_P95_MS,
      });
      return {
        rows: [
          row(`${NAMES} names, direct to the authority: p50 / p95 / max`, a),
          row(`${NAMES} names, behind dnsmasq (negative TTL ${NEGATIVE_TTL_SECONDS} s): p50 / p95 / max`, b),
        ],
        details: {
          direct: a,
          behindDnsmasq: b,
          naiveThroughDnsmasq: base,
          names: NAMES,
          delayRangeMs: DELAY_RANGE_MS,
          negativeTtlSeconds: NEGATIVE_TTL_SECONDS,
          pollIntervalMs: POLL_MS,
          consecutiveChecks: DEFAULT_CONSECUTIVE_CHECKS,
          primedNxdomain: primed.filter((p) => p.kind === "nxdomain").length,
          naiveUnanswered: naiveLatencies.filter((l) => !Number.isFinite(l)).length,
          queriedServers: { direct: directOut.queriedServers, behindDnsmasq: cachedOut.queriedServers },
        },
        notes: [
          `Negative TTL ${NEGATIVE_TTL_SECONDS} s (the sandbox's default is 60 s): kept short so the baseline ends quickly; the baseline's latency grows with it, ours does not.`,
          `Ours polls every ${DEFAULT_POLL_INTERVAL} and needs ${DEFAULT_CONSECUTIVE_CHECKS} answers in a row (the defaults); the baseline polls as often and stops at the first answer. Baseline column = the naive poller through dnsmasq in both rows; ratio = p95 / baseline p95.`,
        ],
      };
    } finally {
      client.destroy();
      await dnsmasq.stop();
    }
  });
}
