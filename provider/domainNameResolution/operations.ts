/**
 * DomainNameResolution: waits until a private custom domain name resolves through the given
 * resolvers (in a VPC, the Route 53 Resolver at the VPC's base address + 2), as
 * EndpointDnsReadiness does for per-VPCE names. A private domain resolves through a private
 * hosted zone, so there are no authoritative servers to discover: the resolvers are required.
 *
 *   check  -> no I/O: the hostname, the resolvers, durations
 *   diff   -> no I/O: a new hostname or a changed association set waits again
 *   create -> DNS: poll until the name answers on N consecutive checks, or fail at the timeout
 *   update -> the same wait
 *   read   -> no I/O: resolution is a point-in-time fact
 *   delete -> nothing to delete
 */
import { queryA, resolverFor, type ProbeAnswer } from "../dnsProbe";
import { waitForNames } from "../dnsWait";
import { formatDuration, parseDuration } from "../duration";
import { operationError } from "../errors";
import {
  checkResolutionInputs,
  diffResolution,
  DOMAIN_NAME_RESOLUTION,
  type DomainNameResolutionInputs,
  type DomainNameResolutionOutputs,
} from "./model";

/** The resource kind in every error message. */
const KIND = DOMAIN_NAME_RESOLUTION.errorKind;

function describe(answer: ProbeAnswer | undefined): string {
  if (!answer) return "no answer";
  return answer.kind === "error" ? `error ${answer.code}` : answer.kind;
}

async function waitForResolution(inputs: DomainNameResolutionInputs, verb: string): Promise<DomainNameResolutionOutputs> {
  const timeoutMs = parseDuration(inputs.timeout) as number;
  const resolver = resolverFor(inputs.dnsServers);
  try {
    const progress = await waitForNames([inputs.hostname], (h) => queryA(resolver, h), {
      consecutive: inputs.consecutiveChecks,
      timeoutMs,
      pollMs: parseDuration(inputs.pollInterval) as number,
    });
    const ready = progress.ready.get(inputs.hostname);
    if (!ready) {
      throw operationError(
        verb,
        KIND,
        inputs.hostname,
        undefined,
        `still unresolved after ${formatDuration(progress.elapsedMs)} through ${inputs.dnsServers.join(", ")} (last answer: ${describe(progress.lastAnswers.get(inputs.hostname))}); check the private hosted zone's alias to the VPC endpoint and that the VPC has enableDnsSupport and enableDnsHostnames`,
      );
    }
    return { ...inputs, addresses: [...ready.addresses].sort(), waitedMs: ready.waitedMs, readyAt: new Date(ready.readyAt).toISOString() };
  } catch (e) {
    throw operationError(verb, KIND, inputs.hostname, e);
  } finally {
    resolver.cancel();
  }
}

/** The operations behind {@link domainNameResolutionProvider}; tests may call either. */
export const domainNameResolutionOperations = DOMAIN_NAME_RESOLUTION.operations({
  check: async (_olds, news) => checkResolutionInputs(news as unknown as Record<string, unknown>),
  diff: async (_id, olds, news) => diffResolution(olds, news),
  create: async (inputs) => ({ id: inputs.hostname, outs: await waitForResolution(inputs, "creating") }),
  update: async (_id, _olds, news) => ({ outs: await waitForResolution(news, "updating") }),
  read: async (id, props) => ({ id, props }),
  delete: async () => undefined,
});
