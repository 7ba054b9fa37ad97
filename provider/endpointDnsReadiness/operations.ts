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
import { getServers } from "node:dns";
import { apiGatewayClient } from "../clients";
import { discoverAuthority, dnsServersFromEnv, queryA, queryAuthorities, resolverFor, type ProbeAnswer } from "../dnsProbe";
import { waitForNames } from "../dnsWait";
import { formatDuration, parseDuration } from "../duration";
import { operationError } from "../errors";
import { executeApiDomain, perVpceHostname } from "../endpointNames";
import {
  checkReadinessInputs,
  diffReadiness,
  ENDPOINT_DNS_READINESS,
  type EndpointDnsReadinessInputs,
  type EndpointDnsReadinessOutputs,
  type HostnameReadiness,
} from "./model";

/** The resource kind in every error message. */
const KIND = ENDPOINT_DNS_READINESS.errorKind;

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
export const endpointDnsReadinessOperations = ENDPOINT_DNS_READINESS.operations({
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
});
