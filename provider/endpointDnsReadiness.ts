/**
 * EndpointDnsReadiness: waits until every per-VPCE name of a private REST API resolves.
 *
 *   check  -> no I/O: validates ids, region, durations and server lists
 *   diff   -> no I/O: a changed set of names updates in place; options alone change nothing
 *   create -> DNS: find the zone's authoritative servers (or use the given ones) and poll every
 *             name in parallel until it answers on N consecutive checks; CreateDeployment once
 *             (if `redeployStage`) when names are still missing after `redeployAfter`
 *   update -> the same wait, for the new set of names
 *   read   -> no I/O: readiness is a point-in-time fact
 *   delete -> nothing to delete
 */
import { CreateDeploymentCommand } from "@aws-sdk/client-api-gateway";
import * as pulumi from "@pulumi/pulumi";
import { providerVia } from "./providerVia";
import * as contract from "./stateContract";
import { getServers } from "node:dns";
import { REST_API_ID, REST_API_ID_RULE, VPC_ENDPOINT_ID, VPC_ENDPOINT_ID_RULE } from "./ids";
import { apiGatewayClient } from "./clients";
import { discoverAuthority, dnsServersFromEnv, isDnsServer, queryA, queryAuthorities, resolverFor, type ProbeAnswer } from "./dnsProbe";
import { formatDuration, parseDuration } from "./duration";
import { operationError } from "./errors";
import { executeApiDomain, perVpceHostname } from "./endpointNames";
import { checkId, checkIdList, checkRegion, Failures, programRegion, sameSet, UNKNOWN } from "./validation";

/** The resource kind in every error message. */
const KIND = "EndpointDnsReadiness";

/** How long a readiness wait lasts before it fails, when `timeout` is not given. */
export const DEFAULT_READINESS_TIMEOUT = "10m";
/** How long names may stay unresolved before the one redeploy of `redeployStage`, when `redeployAfter` is not given. */
export const DEFAULT_REDEPLOY_AFTER = "5m";
/** The time between two rounds of checks, when `pollInterval` is not given. */
export const DEFAULT_POLL_INTERVAL = "500ms";
/** How many successful checks in a row make a name ready, when `consecutiveChecks` is not given. */
export const DEFAULT_CONSECUTIVE_CHECKS = 2;

/** Arguments of {@link EndpointDnsReadiness}. */
export interface EndpointDnsReadinessArgs {
  /** The PRIVATE REST API whose per-VPCE names to wait for. */
  readonly restApiId: pulumi.Input<string>;
  /** The associated VPC endpoints; one name per endpoint. */
  readonly vpcEndpointIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The API's region, which the per-VPCE names carry.
   * @default the `aws:region` stack config, else `AWS_REGION` / `AWS_DEFAULT_REGION`
   */
  readonly region?: pulumi.Input<string>;
  /** How many consecutive successful checks make a name ready. @default 2 */
  readonly consecutiveChecks?: pulumi.Input<number>;
  /** Give up after this long ("10m", "90s"). @default "10m" */
  readonly timeout?: pulumi.Input<string>;
  /** Time between checks. @default "500ms" */
  readonly pollInterval?: pulumi.Input<string>;
  /**
   * Servers (`host[:port]`) to query instead of discovering the zone's authoritative servers;
   * for callers inside a VPC, and for tests.
   * @default `APIGW_VPC_DNS_SERVERS` if set, else the authoritative servers found by NS lookup
   */
  readonly dnsServers?: pulumi.Input<pulumi.Input<string>[]>;
  /** Recursive resolvers used for NS discovery and the system-resolver report. @default the system's resolvers */
  readonly discoveryResolvers?: pulumi.Input<pulumi.Input<string>[]>;
  /** A stage to redeploy once (CreateDeployment) if names are still missing after `redeployAfter`. @default - never redeploy */
  readonly redeployStage?: pulumi.Input<string>;
  /** How long names may stay unresolved (from the start of the wait) before `redeployStage` is redeployed. @default "5m" */
  readonly redeployAfter?: pulumi.Input<string>;
}

/** The inputs after check(): validated, with every default filled in. */
export interface EndpointDnsReadinessInputs {
  /** The PRIVATE REST API's id. */
  restApiId: string;
  /** The associated VPC endpoints, sorted and deduplicated; one name each. */
  vpcEndpointIds: string[];
  /** The resolved region. */
  region: string;
  /** Successful checks in a row that make a name ready. */
  consecutiveChecks: number;
  /** The wait's limit, a duration such as "10m". */
  timeout: string;
  /** The time between rounds of checks, a duration such as "500ms". */
  pollInterval: string;
  /** Servers to query, as given; absent means `APIGW_VPC_DNS_SERVERS` or NS discovery. */
  dnsServers?: string[];
  /** Recursive resolvers for NS discovery, as given; absent means the system's. */
  discoveryResolvers?: string[];
  /** The stage to redeploy once if names stay missing; absent means never. */
  redeployStage?: string;
  /** The delay before that redeploy, a duration such as "5m". */
  redeployAfter: string;
}

/** When and how one name became ready. */
export interface HostnameReadiness {
  /** The A addresses of the answer that completed the streak. */
  addresses: string[];
  /** ISO time of the check that completed the streak. */
  readyAt: string;
  /** Milliseconds from the start of the wait. */
  waitedMs: number;
  /** Whether the system (recursive) resolver already answers too; information only. */
  systemResolverAnswers: boolean;
}

/** The state the provider records. */
export interface EndpointDnsReadinessOutputs extends EndpointDnsReadinessInputs {
  /** The per-VPCE names waited for, in the order of `vpcEndpointIds`. */
  hostnames: string[];
  /** Per name: its addresses and when it became ready. */
  records: Record<string, HostnameReadiness>;
  /** Milliseconds the whole wait took. */
  totalWaitMs: number;
  /** The servers that were queried. */
  queriedServers: string[];
  /** How `queriedServers` were chosen: the argument, `APIGW_VPC_DNS_SERVERS`, or the zone's authoritative servers. */
  serverSource: string;
  /** The deployment made to nudge DNS, if any. */
  redeployment: {
    /** The stage that was redeployed. */
    stageName: string;
    /** The id CreateDeployment returned. */
    deploymentId: string;
    /** Milliseconds into the wait when the redeploy was made. */
    afterMs: number;
  } | null;
}

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Validates and fills defaults; every failure names the field and the rule. */
export function checkReadinessInputs(
  news: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): pulumi.dynamic.CheckResult<EndpointDnsReadinessInputs> {
  const failures = new Failures();
  checkId(failures, "restApiId", news.restApiId, REST_API_ID, REST_API_ID_RULE);
  const vpcEndpointIds = checkIdList(failures, "vpcEndpointIds", news.vpcEndpointIds, VPC_ENDPOINT_ID, VPC_ENDPOINT_ID_RULE, { min: 1 });
  const region = checkRegion(failures, news.region, env);
  // Values unknown at preview (the engine's marker) pass every rule; apply checks them again.
  const consecutiveChecks = news.consecutiveChecks ?? DEFAULT_CONSECUTIVE_CHECKS;
  if (
    consecutiveChecks !== UNKNOWN &&
    (typeof consecutiveChecks !== "number" || !Number.isInteger(consecutiveChecks) || consecutiveChecks < 1 || consecutiveChecks > 20)
  ) {
    failures.add("consecutiveChecks", `must be a whole number from 1 to 20, got ${JSON.stringify(consecutiveChecks)}`);
  }
  const durations = { timeout: DEFAULT_READINESS_TIMEOUT, pollInterval: DEFAULT_POLL_INTERVAL, redeployAfter: DEFAULT_REDEPLOY_AFTER };
  for (const field of Object.keys(durations) as (keyof typeof durations)[]) {
    const value = news[field] ?? durations[field];
    if (value === UNKNOWN) durations[field] = value;
    else if (typeof value !== "string" || parseDuration(value) === undefined)
      failures.add(field, `${JSON.stringify(value)} is not a duration such as "10m", "90s" or "500ms"`);
    else durations[field] = value;
  }
  const servers = (field: "dnsServers" | "discoveryResolvers") => {
    const value = news[field];
    if (value === undefined) return undefined;
    if (value === UNKNOWN) return value as unknown as string[];
    if (!Array.isArray(value) || value.length === 0) {
      failures.add(field, "must be a non-empty list of host[:port] items with IP addresses");
      return undefined;
    }
    value.forEach((s, i) => {
      if (s !== UNKNOWN && (typeof s !== "string" || !isDnsServer(s)))
        failures.add(`${field}[${i}]`, `${JSON.stringify(s)} is not host[:port] with an IP address`);
    });
    return value as string[];
  };
  const redeployStage = news.redeployStage;
  if (redeployStage !== undefined && redeployStage !== UNKNOWN && (typeof redeployStage !== "string" || !STAGE_NAME.test(redeployStage))) {
    failures.add("redeployStage", `${JSON.stringify(redeployStage)} is not a stage name (1-128 letters, digits, - or _)`);
  }
  const inputs: EndpointDnsReadinessInputs = {
    restApiId: news.restApiId as string,
    vpcEndpointIds,
    region: region as string,
    consecutiveChecks: consecutiveChecks as number,
    ...durations,
    ...(servers("dnsServers") ? { dnsServers: news.dnsServers as string[] } : {}),
    ...(servers("discoveryResolvers") ? { discoveryResolvers: news.discoveryResolvers as string[] } : {}),
    ...(redeployStage !== undefined ? { redeployStage: redeployStage as string } : {}),
  };
  return failures.list.length ? { inputs, failures: failures.list } : { inputs };
}

/** Pure: the wait matters only when the set of names changes. */
export function diffReadiness(olds: Partial<EndpointDnsReadinessOutputs>, news: EndpointDnsReadinessInputs): pulumi.dynamic.DiffResult {
  const ids = news.vpcEndpointIds as unknown;
  const idsUnknown = ids === UNKNOWN || (Array.isArray(ids) && ids.includes(UNKNOWN));
  const changed =
    olds.restApiId !== news.restApiId || olds.region !== news.region || idsUnknown || !sameSet(olds.vpcEndpointIds, news.vpcEndpointIds);
  return { changes: changed, replaces: [] };
}

/** The state of a {@link waitForNames} wait, after each round and at its end. */
export interface WaitProgress {
  /** Names whose streak reached the goal, with their addresses and when. */
  ready: Map<
    string,
    {
      /** The A addresses of the answer that completed the streak. */
      addresses: string[];
      /** Milliseconds from the start of the wait. */
      waitedMs: number;
      /** When the streak completed, in epoch milliseconds. */
      readyAt: number;
    }
  >;
  /** Names not ready yet, in the order given. */
  unresolved: string[];
  /** Milliseconds since the wait started. */
  elapsedMs: number;
  /** The latest answer for each name queried so far. */
  lastAnswers: Map<string, ProbeAnswer>;
}

/**
 * Polls every unresolved name in parallel each interval until each has answered with addresses
 * on `consecutive` checks in a row, or the timeout. `onTick` runs after each round (redeploys).
 */
export async function waitForNames(
  hostnames: string[],
  probe: (hostname: string) => Promise<ProbeAnswer>,
  opts: {
    consecutive: number;
    timeoutMs: number;
    pollMs: number;
    onTick?: (p: WaitProgress) => Promise<void>;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<WaitProgress> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  const streaks = new Map(hostnames.map((h) => [h, 0]));
  const progress: WaitProgress = { ready: new Map(), unresolved: [...hostnames], elapsedMs: 0, lastAnswers: new Map() };
  for (;;) {
    await Promise.all(
      progress.unresolved.map(async (h) => {
        const answer = await probe(h);
        progress.lastAnswers.set(h, answer);
        const streak = answer.kind === "addresses" ? (streaks.get(h) ?? 0) + 1 : 0;
        streaks.set(h, streak);
        if (streak >= opts.consecutive && answer.kind === "addresses") {
          progress.ready.set(h, { addresses: answer.addresses, waitedMs: now() - started, readyAt: now() });
        }
      }),
    );
    progress.unresolved = progress.unresolved.filter((h) => !progress.ready.has(h));
    progress.elapsedMs = now() - started;
    if (progress.unresolved.length === 0 || progress.elapsedMs >= opts.timeoutMs) return progress;
    await opts.onTick?.(progress);
    await sleep(Math.min(opts.pollMs, Math.max(0, opts.timeoutMs - progress.elapsedMs)));
  }
}

/** The servers to query and how they were chosen: argument, environment, or NS discovery. */
async function chooseServers(inputs: EndpointDnsReadinessInputs, sampleHostname: string): Promise<{ servers: string[]; source: string }> {
  if (inputs.dnsServers) return { servers: inputs.dnsServers, source: "the dnsServers argument" };
  const fromEnv = dnsServersFromEnv();
  if (fromEnv) return { servers: fromEnv, source: "APIGW_VPC_DNS_SERVERS" };
  const recursive = resolverFor(inputs.discoveryResolvers ?? getServers());
  const authority = await discoverAuthority(sampleHostname, recursive);
  if (!authority)
    throw new Error(
      `found no authoritative name servers for ${executeApiDomain(inputs.region)} through ${(inputs.discoveryResolvers ?? getServers()).join(", ")}`,
    );
  return { servers: authority.servers, source: `the authoritative servers of ${authority.zone} (${authority.nameServers.join(", ")})` };
}

async function redeploy(inputs: EndpointDnsReadinessInputs, stageName: string): Promise<string> {
  const client = apiGatewayClient(inputs.region);
  try {
    const deployment = await client.send(
      new CreateDeploymentCommand({
        restApiId: inputs.restApiId,
        stageName,
        description: "pulumi-apigw-vpc: redeploy because per-VPCE DNS names did not resolve",
      }),
    );
    return deployment.id ?? "";
  } finally {
    client.destroy();
  }
}

async function awaitReadiness(inputs: EndpointDnsReadinessInputs): Promise<EndpointDnsReadinessOutputs> {
  const hostnames = inputs.vpcEndpointIds.map((v) => perVpceHostname(inputs.restApiId, v, inputs.region));
  const { servers, source } = await chooseServers(inputs, hostnames[0]);
  const timeoutMs = parseDuration(inputs.timeout) as number;
  const redeployAfterMs = parseDuration(inputs.redeployAfter) as number;
  let redeployment: EndpointDnsReadinessOutputs["redeployment"] = null;
  const progress = await waitForNames(hostnames, (h) => queryAuthorities(servers, h), {
    consecutive: inputs.consecutiveChecks,
    timeoutMs,
    pollMs: parseDuration(inputs.pollInterval) as number,
    onTick: async (p) => {
      if (!inputs.redeployStage || redeployment || p.elapsedMs < redeployAfterMs) return;
      const deploymentId = await redeploy(inputs, inputs.redeployStage);
      redeployment = { stageName: inputs.redeployStage, deploymentId, afterMs: p.elapsedMs };
    },
  });
  if (progress.unresolved.length) {
    const redeployed = redeployment as EndpointDnsReadinessOutputs["redeployment"];
    const nudge = redeployed
      ? `redeployed stage ${redeployed.stageName} after ${formatDuration(redeployed.afterMs)} (deployment ${redeployed.deploymentId})`
      : inputs.redeployStage
        ? `no redeploy yet (redeployAfter ${inputs.redeployAfter})`
        : "no redeploy (redeployStage not set)";
    const last = progress.unresolved.map((h) => `${h} (${describe(progress.lastAnswers.get(h))})`);
    throw new Error(
      `waiting for per-VPCE DNS names of REST API ${inputs.restApiId} in ${inputs.region}: ${progress.unresolved.length} of ${hostnames.length} still unresolved after ${formatDuration(progress.elapsedMs)}: ${last.join(", ")}; queried ${servers.join(", ")} (${source}) every ${inputs.pollInterval}, needing ${inputs.consecutiveChecks} consecutive answers; ${nudge}`,
    );
  }
  const system = resolverFor(inputs.discoveryResolvers ?? getServers());
  const records: Record<string, HostnameReadiness> = {};
  await Promise.all(
    hostnames.map(async (h) => {
      const r = progress.ready.get(h)!;
      const systemAnswer = await queryA(system, h);
      records[h] = {
        addresses: r.addresses,
        readyAt: new Date(r.readyAt).toISOString(),
        waitedMs: r.waitedMs,
        systemResolverAnswers: systemAnswer.kind === "addresses",
      };
    }),
  );
  return { ...inputs, hostnames, records, totalWaitMs: progress.elapsedMs, queriedServers: servers, serverSource: source, redeployment };
}

function describe(answer: ProbeAnswer | undefined): string {
  if (!answer) return "not queried";
  return answer.kind === "error"
    ? `error ${answer.code}`
    : answer.kind === "addresses"
      ? "answered, streak incomplete"
      : answer.kind.toUpperCase();
}

/** The operations behind {@link endpointDnsReadinessProvider}; tests may call either. */
export const endpointDnsReadinessOperations: Required<
  Omit<pulumi.dynamic.ResourceProvider<EndpointDnsReadinessInputs, EndpointDnsReadinessOutputs>, "configure">
> = {
  async check(_olds, news) {
    return checkReadinessInputs(news as unknown as Record<string, unknown>);
  },
  async diff(_id, olds, news) {
    return diffReadiness(olds, news);
  },
  async create(inputs) {
    try {
      return { id: inputs.restApiId, outs: await awaitReadiness(inputs) };
    } catch (e) {
      throw operationError("creating", KIND, inputs.restApiId, e);
    }
  },
  async update(_id, _olds, news) {
    try {
      return { outs: await awaitReadiness(news) };
    } catch (e) {
      throw operationError("updating", KIND, news.restApiId, e);
    }
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

/** The provider stored in state: a small facade that reaches the operations through the state contract (stateContract.ts). */
export const endpointDnsReadinessProvider = providerVia(() => contract.EndpointDnsReadiness());

/** Waits until every per-VPCE name of a private REST API resolves, and records when. */
export class EndpointDnsReadiness extends pulumi.dynamic.Resource {
  /** The PRIVATE REST API whose names were waited for. */
  declare readonly restApiId: pulumi.Output<string>;
  /** The API's region. */
  declare readonly region: pulumi.Output<string>;
  /** The per-VPCE names, one per endpoint. */
  declare readonly hostnames: pulumi.Output<string[]>;
  /** Per name: its addresses and when it became ready. */
  declare readonly records: pulumi.Output<Record<string, HostnameReadiness>>;
  /** Milliseconds the last wait took. */
  declare readonly totalWaitMs: pulumi.Output<number>;
  /** The DNS servers the last wait queried. */
  declare readonly queriedServers: pulumi.Output<string[]>;
  /** How those servers were chosen. */
  declare readonly serverSource: pulumi.Output<string>;
  /** The redeploy made during the last wait, or null. */
  declare readonly redeployment: pulumi.Output<EndpointDnsReadinessOutputs["redeployment"]>;

  /**
   * Declares the wait; create and update return once every name is ready, or fail at the timeout.
   * @param name - The Pulumi resource name.
   * @param args - The API, its endpoints and the wait's options.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: EndpointDnsReadinessArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      region: args.region ?? programRegion(new pulumi.Config("aws")),
      hostnames: undefined,
      records: undefined,
      totalWaitMs: undefined,
      queriedServers: undefined,
      serverSource: undefined,
      redeployment: undefined,
    };
    super(endpointDnsReadinessProvider, name, props, opts, "apigw", "EndpointDnsReadiness");
  }
}
