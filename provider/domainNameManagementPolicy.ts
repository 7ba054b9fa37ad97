/**
 * DomainNameManagementPolicy: the owner's side of sharing a private custom domain name. It keeps
 * one statement in the domain's `managementPolicy` that lets the named accounts call
 * `apigateway:CreateAccessAssociation` on the domain, and leaves every other statement alone.
 *
 *   check  -> no AWS call: the ARN's form and region, the account ids
 *   diff   -> no AWS call: domainNameArn/region replace; the accounts update in place
 *   create -> GetDomainName (with domainNameId), then one UpdateDomainName `replace
 *             /managementPolicy` only if the policy has to change (the fewest operations: 0 or 1)
 *   read   -> GetDomainName: the accounts our statement names now; a vanished domain drops it
 *   update -> as create
 *   delete -> GetDomainName, then one UpdateDomainName without our statement (none if it is gone)
 */
import { GetDomainNameCommand, UpdateDomainNameCommand, type APIGatewayClient, type DomainName } from "@aws-sdk/client-api-gateway";
import * as pulumi from "@pulumi/pulumi";
import { apiGatewayClient, isNotFound } from "./clients";
import { assertFieldEffect } from "./effects";
import { operationError } from "./errors";
import { ACCOUNT_ID, parseDomainNameArn } from "./domainNameArns";
import * as contract from "./stateContract";
import { partitionOf } from "./endpointNames";
import { providerVia } from "./providerVia";
import { checkRegion, Failures, sameSet, sortedStrings, UNKNOWN } from "./validation";

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

async function findDomain(client: APIGatewayClient, domainNameArn: string): Promise<DomainName | undefined> {
  const parts = parseDomainNameArn(domainNameArn);
  try {
    return await client.send(new GetDomainNameCommand({ domainName: parts?.domainName, domainNameId: parts?.domainNameId }));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

const KIND = "domain name management policy";

async function apply(inputs: DomainNameManagementPolicyInputs, accountIds: string[], verb: string): Promise<string | undefined> {
  const client = apiGatewayClient(inputs.region);
  const parts = parseDomainNameArn(inputs.domainNameArn);
  try {
    const domain = await findDomain(client, inputs.domainNameArn);
    if (!domain) {
      if (verb === "deleting") return undefined;
      throw operationError(
        verb,
        KIND,
        inputs.domainNameArn,
        undefined,
        `the domain does not exist in ${inputs.region}, or this account does not own it`,
      );
    }
    const next = planManagementPolicy(domain.managementPolicy, inputs.domainNameArn, accountIds);
    if (next === undefined) return domain.managementPolicy ?? "";
    const updated = await client.send(
      new UpdateDomainNameCommand({
        domainName: parts?.domainName,
        domainNameId: parts?.domainNameId,
        patchOperations: [{ op: "replace", path: MANAGEMENT_POLICY_PATH, value: next }],
      }),
    );
    assertFieldEffect("UpdateDomainName", "managementPolicy accounts", [...accountIds].sort(), sharedAccountsOf(updated.managementPolicy));
    return updated.managementPolicy ?? next;
  } catch (e) {
    throw operationError(verb, KIND, inputs.domainNameArn, e);
  } finally {
    client.destroy();
  }
}

/** The operations behind {@link domainNameManagementPolicyProvider}. */
export const domainNameManagementPolicyOperations: Required<
  Omit<pulumi.dynamic.ResourceProvider<DomainNameManagementPolicyInputs, DomainNameManagementPolicyOutputs>, "configure">
> = {
  check: async (_olds, news) => checkManagementPolicyInputs(news as unknown as Record<string, unknown>),
  diff: async (_id, olds, news) => diffManagementPolicy(olds, news),
  async create(inputs) {
    const managementPolicy = (await apply(inputs, inputs.accountIds, "creating")) ?? "";
    return { id: inputs.domainNameArn, outs: { ...inputs, managementPolicy } };
  },
  async update(_id, _olds, news) {
    return { outs: { ...news, managementPolicy: (await apply(news, news.accountIds, "updating")) ?? "" } };
  },
  async read(id, props) {
    const region = props?.region ?? parseDomainNameArn(id)?.region ?? "";
    const client = apiGatewayClient(region);
    try {
      const domain = await findDomain(client, id);
      if (!domain) return {};
      return {
        id,
        props: {
          domainNameArn: id,
          region,
          accountIds: sharedAccountsOf(domain.managementPolicy),
          managementPolicy: domain.managementPolicy ?? "",
        },
      };
    } catch (e) {
      throw operationError("reading", KIND, id, e);
    } finally {
      client.destroy();
    }
  },
  async delete(_id, props) {
    await apply(props, [], "deleting");
  },
};

/** The provider stored in state: a small facade that reaches {@link domainNameManagementPolicyOperations}. */
export const domainNameManagementPolicyProvider = providerVia(() => contract.DomainNameManagementPolicy());

/**
 * Lets other accounts associate their VPC endpoints with a private custom domain name (the
 * API Gateway alternative to sharing it with AWS RAM). Only its own statement is touched.
 */
export class DomainNameManagementPolicy extends pulumi.dynamic.Resource {
  /** The shared domain's ARN. */
  declare readonly domainNameArn: pulumi.Output<string>;
  /** The domain's region. */
  declare readonly region: pulumi.Output<string>;
  /** The accounts our statement names, sorted. */
  declare readonly accountIds: pulumi.Output<string[]>;
  /** The domain's whole managementPolicy after the last operation. */
  declare readonly managementPolicy: pulumi.Output<string>;

  /**
   * Declares the share; create and update change the managementPolicy only when they must.
   * @param name - The Pulumi resource name.
   * @param args - The domain's ARN and the accounts to share it with.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: DomainNameManagementPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(domainNameManagementPolicyProvider, name, { ...args, managementPolicy: undefined }, opts, "apigw", "DomainNameManagementPolicy");
  }
}
