/** DomainNameResolution's model: args, inputs, outputs, check(), diff() and its planners. Pure: no I/O, no AWS SDK. */
import type * as pulumi from "@pulumi/pulumi";
import { isDnsServer } from "../dnsProbe";
import { DOMAIN_NAME } from "../domainNameArns";
import { DEFAULT_CONSECUTIVE_CHECKS, DEFAULT_POLL_INTERVAL, DEFAULT_READINESS_TIMEOUT } from "../dnsWait";
import { parseDuration } from "../duration";
import { Failures, quote, sameSet, sortedStrings, UNKNOWN } from "../validation";
import { defineResource } from "../defineResource";
import { DOMAIN_NAME_RESOLUTION_TYPE } from "../types";

/** DomainNameResolution's type token, error kind, operations typing and stored provider (see defineResource.ts). */
export const DOMAIN_NAME_RESOLUTION = defineResource<DomainNameResolutionInputs, DomainNameResolutionOutputs>(
  DOMAIN_NAME_RESOLUTION_TYPE,
  "domain name resolution",
);

/** Arguments of {@link DomainNameResolution}. */
export interface DomainNameResolutionArgs {
  /** The private custom domain name to resolve, e.g. `api.internal.example.com`. */
  readonly hostname: pulumi.Input<string>;
  /** Resolvers (`host[:port]`) that see the private hosted zone, e.g. the VPC's Route 53 Resolver. */
  readonly dnsServers: pulumi.Input<pulumi.Input<string>[]>;
  /** How many consecutive successful checks make the name ready. @default 2 */
  readonly consecutiveChecks?: pulumi.Input<number>;
  /** Give up after this long ("10m", "90s"). @default "10m" */
  readonly timeout?: pulumi.Input<string>;
  /** Time between checks. @default "500ms" */
  readonly pollInterval?: pulumi.Input<string>;
  /** Wait again whenever this list changes (the component passes the association ARNs). @default - only a new hostname waits again */
  readonly dependsOnArns?: pulumi.Input<pulumi.Input<string>[]>;
}

/** The inputs after check(): validated, with every default filled in. */
export interface DomainNameResolutionInputs {
  /** The private custom domain name to resolve. */
  hostname: string;
  /** The resolvers to query (`host[:port]`), as given. */
  dnsServers: string[];
  /** Successful checks in a row that make the name ready. */
  consecutiveChecks: number;
  /** The wait's limit, a duration such as "10m". */
  timeout: string;
  /** The time between checks, a duration such as "500ms". */
  pollInterval: string;
  /** The ARNs whose change makes the wait run again, sorted; empty when not given. */
  dependsOnArns: string[];
}

/** The state the provider records. */
export interface DomainNameResolutionOutputs extends DomainNameResolutionInputs {
  /** The A addresses the name resolved to, sorted. */
  addresses: string[];
  /** Milliseconds from the start of the wait. */
  waitedMs: number;
  /** ISO time of the check that completed the streak. */
  readyAt: string;
}

/** Validates and fills defaults; every failure names the field and the rule (resolvers are required). */
export function checkResolutionInputs(news: Record<string, unknown>): pulumi.dynamic.CheckResult<DomainNameResolutionInputs> {
  const failures = new Failures();
  const hostname = news.hostname;
  if (hostname !== UNKNOWN && (typeof hostname !== "string" || !DOMAIN_NAME.test(hostname) || hostname.startsWith("*."))) {
    failures.add("hostname", `${JSON.stringify(hostname ?? null)} is not a DNS name to resolve`);
  }
  const servers = news.dnsServers;
  if (servers !== UNKNOWN) {
    if (!Array.isArray(servers) || servers.length === 0)
      failures.add(
        "dnsServers",
        "must be a non-empty list of host[:port] items with IP addresses (a private domain resolves only inside its VPC)",
      );
    else
      servers.forEach((s: unknown, i) => {
        if (s !== UNKNOWN && (typeof s !== "string" || !isDnsServer(s)))
          failures.add(`dnsServers[${i}]`, `${JSON.stringify(s)} is not host[:port] with an IP address`);
      });
  }
  const checks = news.consecutiveChecks ?? DEFAULT_CONSECUTIVE_CHECKS;
  if (checks !== UNKNOWN && (typeof checks !== "number" || !Number.isInteger(checks) || checks < 1 || checks > 20))
    failures.add("consecutiveChecks", `must be a whole number from 1 to 20, got ${JSON.stringify(checks)}`);
  const durations = { timeout: DEFAULT_READINESS_TIMEOUT, pollInterval: DEFAULT_POLL_INTERVAL };
  for (const field of Object.keys(durations) as (keyof typeof durations)[]) {
    const value = news[field] ?? durations[field];
    if (value !== UNKNOWN && parseDuration(value) === undefined)
      failures.add(field, `${JSON.stringify(value)} is not a duration such as "10m", "90s" or "500ms"`);
    else durations[field] = value as string;
  }
  const arns = news.dependsOnArns ?? [];
  if (arns !== UNKNOWN && (!Array.isArray(arns) || arns.some((a: unknown) => typeof a !== "string" || a === "")))
    failures.add("dependsOnArns", `must be a list of ARNs (non-empty strings), got ${quote(arns)}`);
  const inputs: DomainNameResolutionInputs = {
    hostname: hostname as string,
    dnsServers: servers as string[],
    consecutiveChecks: checks as number,
    ...durations,
    // An unknown list stays unknown (diff() then waits again), never a guessed empty list.
    dependsOnArns: arns === UNKNOWN ? (arns as unknown as string[]) : Array.isArray(arns) ? sortedStrings(arns) : [],
  };
  return failures.list.length ? { inputs, failures: failures.list } : { inputs };
}

/** Pure: a new hostname or a changed `dependsOnArns` set waits again (in place); options alone change nothing. */
export function diffResolution(olds: Partial<DomainNameResolutionOutputs>, news: DomainNameResolutionInputs): pulumi.dynamic.DiffResult {
  const changes = olds.hostname !== news.hostname || !Array.isArray(news.dependsOnArns) || !sameSet(olds.dependsOnArns, news.dependsOnArns);
  return { changes, replaces: [] };
}
