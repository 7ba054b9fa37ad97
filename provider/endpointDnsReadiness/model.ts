/** EndpointDnsReadiness's model: args, inputs, outputs, check() and diff(). Pure: no I/O, no AWS SDK. */
import type * as pulumi from "@pulumi/pulumi";
import { defineResource } from "../defineResource";
import { isDnsServer } from "../dnsProbe";
import { DEFAULT_CONSECUTIVE_CHECKS, DEFAULT_POLL_INTERVAL, DEFAULT_READINESS_TIMEOUT, DEFAULT_REDEPLOY_AFTER } from "../dnsWait";
import { parseDuration } from "../duration";
import { REST_API_ID, REST_API_ID_RULE, VPC_ENDPOINT_ID, VPC_ENDPOINT_ID_RULE } from "../ids";
import { ENDPOINT_DNS_READINESS_TYPE } from "../types";
import { checkId, checkIdList, checkRegion, Failures, sameSet, UNKNOWN } from "../validation";

export {
  DEFAULT_CONSECUTIVE_CHECKS,
  DEFAULT_POLL_INTERVAL,
  DEFAULT_READINESS_TIMEOUT,
  DEFAULT_REDEPLOY_AFTER,
  waitForNames,
  type WaitProgress,
} from "../dnsWait";

/** EndpointDnsReadiness's type token, error kind, operations typing and stored provider (see defineResource.ts). */
export const ENDPOINT_DNS_READINESS = defineResource<EndpointDnsReadinessInputs, EndpointDnsReadinessOutputs>(
  ENDPOINT_DNS_READINESS_TYPE,
  "EndpointDnsReadiness",
);

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
