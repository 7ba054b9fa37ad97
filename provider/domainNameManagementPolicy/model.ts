/** DomainNameManagementPolicy's model: args, inputs, outputs, check(), diff() and its planners. Pure: no I/O, no AWS SDK. */
import type * as pulumi from "@pulumi/pulumi";
import { ACCOUNT_ID, parseDomainNameArn } from "../domainNameArns";
import { partitionOf } from "../endpointNames";
import { checkRegion, Failures, sameSet, sortedStrings, UNKNOWN } from "../validation";
import { defineResource } from "../defineResource";
import { DOMAIN_NAME_MANAGEMENT_POLICY_TYPE } from "../types";

/** DomainNameManagementPolicy's type token, error kind, operations typing and stored provider (see defineResource.ts). */
export const DOMAIN_NAME_MANAGEMENT_POLICY = defineResource<DomainNameManagementPolicyInputs, DomainNameManagementPolicyOutputs>(
  DOMAIN_NAME_MANAGEMENT_POLICY_TYPE,
  "domain name management policy",
);

/** The Sid of the one statement this resource owns. */
export const SHARE_STATEMENT_SID = "ApigwVpcAllowAccessAssociation";
/** The patch path UpdateDomainName takes to replace the domain's managementPolicy. */
export const MANAGEMENT_POLICY_PATH = "/managementPolicy";

/** Arguments of {@link DomainNameManagementPolicy}. */
export interface DomainNameManagementPolicyArgs {
  /** The ARN of the owner's private custom domain name. Changing it replaces the resource. */
  readonly domainNameArn: pulumi.Input<string>;
  /** The 12-digit accounts that may associate their VPC endpoints with the domain. */
  readonly accountIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The domain's region. Changing it replaces the resource.
   * @default the region in `domainNameArn`
   */
  readonly region?: pulumi.Input<string>;
}

/** The inputs after check(): resolved and normalised. */
export interface DomainNameManagementPolicyInputs {
  /** The owner's private custom domain name's ARN; also the resource id. */
  domainNameArn: string;
  /** The accounts to share with, sorted and deduplicated. */
  accountIds: string[];
  /** The resolved region (the ARN's region when not given). */
  region: string;
}

/** The state the provider records. */
export interface DomainNameManagementPolicyOutputs extends DomainNameManagementPolicyInputs {
  /** The whole managementPolicy after the last operation. */
  managementPolicy: string;
}

interface PolicyDocument {
  Version?: string;
  Statement?: Record<string, unknown>[] | Record<string, unknown>;
}

/** Validates and normalises the inputs; every failure names the field and the rule (the owner itself is refused). */
export function checkManagementPolicyInputs(
  news: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): pulumi.dynamic.CheckResult<DomainNameManagementPolicyInputs> {
  const failures = new Failures();
  const arn = news.domainNameArn;
  const parts = typeof arn === "string" ? parseDomainNameArn(arn) : undefined;
  if (arn !== UNKNOWN && !parts)
    failures.add(
      "domainNameArn",
      `${JSON.stringify(arn ?? null)} is not a private domain name ARN (arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId})`,
    );
  const region = checkRegion(failures, news.region ?? parts?.region ?? (arn === UNKNOWN ? UNKNOWN : undefined), env) as string;
  if (parts && region !== UNKNOWN && region && parts.region !== region)
    failures.add("region", `${region} differs from the region in domainNameArn (${parts.region})`);
  let accountIds: string[] = [];
  const value = news.accountIds;
  if (value === UNKNOWN) accountIds = value as unknown as string[];
  else if (!Array.isArray(value) || value.length === 0) failures.add("accountIds", "must be a non-empty list of 12-digit AWS account ids");
  else {
    value.forEach((a: unknown, i) => {
      if (a !== UNKNOWN && (typeof a !== "string" || !ACCOUNT_ID.test(a)))
        failures.add(`accountIds[${i}]`, `${JSON.stringify(a)} is not a 12-digit AWS account id`);
      if (parts && a === parts.accountId) failures.add(`accountIds[${i}]`, `${a} owns the domain; it needs no sharing`);
    });
    accountIds = sortedStrings(value);
  }
  const inputs = { domainNameArn: arn as string, accountIds, region };
  return failures.list.length ? { inputs, failures: failures.list } : { inputs };
}

/** Pure: domainNameArn or region replaces; a changed account set updates in place; order is no change. */
export function diffManagementPolicy(
  olds: Partial<DomainNameManagementPolicyOutputs>,
  news: DomainNameManagementPolicyInputs,
): pulumi.dynamic.DiffResult {
  const replaces = (["domainNameArn", "region"] as const).filter((k) => olds[k] !== news[k]);
  return {
    changes: replaces.length > 0 || !Array.isArray(news.accountIds) || !sameSet(olds.accountIds, news.accountIds),
    replaces,
    deleteBeforeReplace: false,
  };
}

/** Pure: our statement for these accounts. */
export function shareStatement(domainNameArn: string, accountIds: readonly string[]): Record<string, unknown> {
  const partition = parseDomainNameArn(domainNameArn)?.partition ?? partitionOf("us-east-1");
  return {
    Sid: SHARE_STATEMENT_SID,
    Effect: "Allow",
    Principal: { AWS: [...accountIds].sort().map((a) => `arn:${partition}:iam::${a}:root`) },
    Action: "apigateway:CreateAccessAssociation",
    Resource: domainNameArn,
  };
}

function statementsOf(policy: string | undefined): Record<string, unknown>[] {
  if (!policy) return [];
  const doc = JSON.parse(policy) as PolicyDocument;
  const s = doc.Statement ?? [];
  return Array.isArray(s) ? s : [s];
}

/**
 * Pure: the managementPolicy with our statement set to `accountIds` (removed when empty), other
 * statements kept in order; undefined when the current policy already says that (no call).
 */
export function planManagementPolicy(
  current: string | undefined,
  domainNameArn: string,
  accountIds: readonly string[],
): string | undefined {
  const others = statementsOf(current).filter((s) => s.Sid !== SHARE_STATEMENT_SID);
  const ours = statementsOf(current).find((s) => s.Sid === SHARE_STATEMENT_SID);
  const wanted = accountIds.length ? shareStatement(domainNameArn, accountIds) : undefined;
  if (JSON.stringify(ours) === JSON.stringify(wanted)) return undefined;
  return JSON.stringify({ Version: "2012-10-17", Statement: [...others, ...(wanted ? [wanted] : [])] });
}

/** The accounts our statement names in a policy. */
export function sharedAccountsOf(policy: string | undefined): string[] {
  const ours = statementsOf(policy).find((s) => s.Sid === SHARE_STATEMENT_SID) as { Principal?: { AWS?: string | string[] } } | undefined;
  return ([] as string[])
    .concat(ours?.Principal?.AWS ?? [])
    .map((p) => /(\d{12})/.exec(p)?.[1] ?? p)
    .sort();
}
