/** DomainNameAccessAssociations's model: args, inputs, outputs, check(), diff() and its planners. Pure: no I/O, no AWS SDK. */
import type * as pulumi from "@pulumi/pulumi";
import { DOMAIN_NAME, DOMAIN_NAME_ID, parseDomainNameArn } from "../domainNameArns";
import { partitionOf } from "../endpointNames";
import { VPC_ENDPOINT_ID, VPC_ENDPOINT_ID_RULE } from "../ids";
import { planOwnedSet } from "../ownedSet";
import { checkIdList, checkRegion, Failures, sameSet, UNKNOWN } from "../validation";
import { defineResource } from "../defineResource";
import { DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE } from "../types";
import { creationToken } from "../vpcLink/model";

/** DomainNameAccessAssociations's type token, error kind, operations typing and stored provider (see defineResource.ts). */
export const DOMAIN_NAME_ACCESS_ASSOCIATIONS = defineResource<DomainNameAccessAssociationsInputs, DomainNameAccessAssociationsOutputs>(
  DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE,
  "domain name access associations",
);

/** Arguments of {@link DomainNameAccessAssociations}. */
export interface DomainNameAccessAssociationsArgs {
  /**
   * The private custom domain name's ARN, `arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId}`.
   * It may belong to another account that shared the domain. Changing it replaces the resource.
   */
  readonly domainNameArn: pulumi.Input<string>;
  /** VPC endpoints of this account (`vpce-` + 8 or 17 hex digits) to associate. Order and duplicates do not matter. */
  readonly vpcEndpointIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The region of the domain and the endpoints. Changing it replaces the resource.
   * @default the region in `domainNameArn`
   */
  readonly region?: pulumi.Input<string>;
  /**
   * Owner side: reject associations that other accounts made with this domain, unless their
   * endpoint is in `vpcEndpointIds` or `otherAccountVpcEndpointIds`.
   * @default false - other accounts' associations are left alone
   */
  readonly rejectOtherAccounts?: pulumi.Input<boolean>;
  /**
   * Owner side: other accounts' endpoints whose associations `rejectOtherAccounts` keeps.
   * @default - none
   */
  readonly otherAccountVpcEndpointIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/** The inputs after check(): resolved and normalised. */
export interface DomainNameAccessAssociationsInputs {
  /** The private custom domain name's ARN, as given. */
  domainNameArn: string;
  /** This account's endpoints to associate, sorted and deduplicated. */
  vpcEndpointIds: string[];
  /** The resolved region (the ARN's region when not given). */
  region: string;
  /** Whether undeclared associations made by other accounts are rejected. */
  rejectOtherAccounts: boolean;
  /** Other accounts' endpoints whose associations are kept, sorted and deduplicated. */
  otherAccountVpcEndpointIds: string[];
  /** Tags the associations a create makes, so a rerun after a crash finds them; set when the class gave its URN. */
  creationToken?: string;
}

/** The state the provider records. */
export interface DomainNameAccessAssociationsOutputs extends DomainNameAccessAssociationsInputs {
  /** The domain's host name, parsed from the ARN. */
  domainName: string;
  /** The identifier AWS gave this private domain name (the part after `+` in the ARN). */
  domainNameId: string;
  /** vpce id -> the association's ARN, for every managed endpoint. */
  associationArns: Record<string, string>;
  /** Managed endpoints whose association existed before; never deleted. */
  adoptedVpcEndpointIds: string[];
  /** Other accounts' associations rejected by the last create or update. */
  rejectedAssociationArns: string[];
}

/** What one change does: endpoints to associate, associations to delete, endpoints adopted. */
export interface AssociationSetPlan {
  /** Endpoints to associate (desired, not yet associated), sorted. */
  create: string[];
  /** Associations to delete: released endpoints this resource made, sorted by endpoint id. */
  remove: {
    /** The endpoint whose association goes. */
    vpcEndpointId: string;
    /** The association's ARN, as DeleteDomainNameAccessAssociation takes it. */
    arn: string;
  }[];
  /** Desired endpoints already associated by someone else; never deleted by this resource. */
  adopted: string[];
}

/** The rule a domainNameArn follows, as error messages name it. */
export const ARN_RULE = "a private domain name ARN (arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId})";

/** Validates and normalises the inputs; every failure names the field and the rule. */
export function checkAccessAssociationsInputs(
  news: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  olds?: Record<string, unknown>,
): pulumi.dynamic.CheckResult<DomainNameAccessAssociationsInputs> {
  const failures = new Failures();
  const urn = news.creationUrn; // scopes the creation token; check() turns it into the token and drops it
  if (urn !== undefined && urn !== UNKNOWN && typeof urn !== "string")
    failures.add("creationUrn", "must be the resource's URN (set by the DomainNameAccessAssociations class)");
  const token = typeof urn === "string" ? { creationToken: urn === UNKNOWN ? UNKNOWN : creationToken(urn, olds) } : {};
  const arn = news.domainNameArn;
  const parts = typeof arn === "string" ? parseDomainNameArn(arn) : undefined;
  if (arn !== UNKNOWN) {
    if (!parts) failures.add("domainNameArn", `${JSON.stringify(arn ?? null)} is not ${ARN_RULE}`);
    else {
      if (!DOMAIN_NAME.test(parts.domainName))
        failures.add("domainNameArn", `the domain name ${JSON.stringify(parts.domainName)} in it is not a DNS name`);
      if (!DOMAIN_NAME_ID.test(parts.domainNameId))
        failures.add("domainNameArn", `the domainNameId ${JSON.stringify(parts.domainNameId)} in it is not lowercase letters and digits`);
    }
  }
  // An ARN unknown at preview brings its region later: no region yet is not bad input.
  const region = checkRegion(failures, news.region ?? parts?.region ?? (arn === UNKNOWN ? UNKNOWN : undefined), env) as string;
  if (parts && region && region !== UNKNOWN) {
    if (parts.region !== region)
      failures.add(
        "region",
        `${region} differs from the domain's region in domainNameArn (${parts.region}); an endpoint associates only with a domain in its own region`,
      );
    else if (partitionOf(region) !== parts.partition)
      failures.add("domainNameArn", `partition ${parts.partition} does not match region ${region} (${partitionOf(region)})`);
  }
  const reject = news.rejectOtherAccounts ?? false;
  if (reject !== UNKNOWN && typeof reject !== "boolean")
    failures.add("rejectOtherAccounts", `must be true or false, got ${JSON.stringify(reject)}`);
  // An owner that only rejects may declare no endpoints of its own; a flag unknown at preview may be that owner's.
  const mayOnlyReject = reject === true || reject === UNKNOWN;
  const inputs: DomainNameAccessAssociationsInputs = {
    domainNameArn: arn as string,
    vpcEndpointIds: checkIdList(
      failures,
      "vpcEndpointIds",
      news.vpcEndpointIds ?? (mayOnlyReject ? [] : undefined),
      VPC_ENDPOINT_ID,
      VPC_ENDPOINT_ID_RULE,
      { min: mayOnlyReject ? 0 : 1 },
    ),
    region,
    // The unknown stays unknown (diff() then reports a possible change), never a guessed false.
    rejectOtherAccounts: reject === UNKNOWN ? (UNKNOWN as unknown as boolean) : reject === true,
    otherAccountVpcEndpointIds: checkIdList(
      failures,
      "otherAccountVpcEndpointIds",
      news.otherAccountVpcEndpointIds,
      VPC_ENDPOINT_ID,
      VPC_ENDPOINT_ID_RULE,
      { min: 0 },
    ),
    ...token,
  };
  return failures.list.length ? { inputs, failures: failures.list } : { inputs };
}

/** Pure: domainNameArn or region replaces; endpoint sets and rejection update in place. */
export function diffAccessAssociations(
  olds: Partial<DomainNameAccessAssociationsOutputs>,
  news: DomainNameAccessAssociationsInputs,
): pulumi.dynamic.DiffResult {
  const replaces = (["domainNameArn", "region"] as const).filter((k) => olds[k] !== news[k]);
  const changed =
    !Array.isArray(news.vpcEndpointIds) ||
    !sameSet(olds.vpcEndpointIds, news.vpcEndpointIds) ||
    !Array.isArray(news.otherAccountVpcEndpointIds) ||
    !sameSet(olds.otherAccountVpcEndpointIds, news.otherAccountVpcEndpointIds) ||
    (olds.rejectOtherAccounts ?? false) !== news.rejectOtherAccounts;
  return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: false };
}

/**
 * Pure: create = desired - present; remove = endpoints managed before, no longer desired, still
 * present and not adopted; adopted = desired endpoints present that this resource did not make.
 */
export function planAssociationSet(args: {
  present: Readonly<Record<string, string>>;
  desired: readonly string[];
  managedBefore: readonly string[];
  adoptedBefore: readonly string[];
}): AssociationSetPlan {
  const plan = planOwnedSet({ ...args, present: Object.keys(args.present) });
  return { create: plan.add, remove: plan.remove.map((v) => ({ vpcEndpointId: v, arn: args.present[v] })), adopted: plan.adopted };
}

/** Pure: the other accounts' associations with the domain that nobody declared. */
export function planRejections(foreign: readonly { arn: string; vpcEndpointId: string }[], declared: readonly string[]): string[] {
  const keep = new Set(declared);
  return foreign
    .filter((f) => !keep.has(f.vpcEndpointId))
    .map((f) => f.arn)
    .sort();
}

/** The default quota of domain name access associations per account and region (adjustable). */
export const ACCESS_ASSOCIATION_QUOTA = 100;

/**
 * True for a 409 that says the thing already exists: unlike a concurrent modification, retrying
 * it cannot succeed. Assumed(already-exists-wording): AWS words it "already exists", as for domain names and mappings.
 */
export function isAlreadyExists(e: unknown): boolean {
  const error = e as { name?: string; message?: string } | undefined;
  return error?.name === "ConflictException" && /already exists/i.test(error.message ?? "");
}

/** Names the association quota when an error is about it; empty otherwise. */
export function quotaHint(e: unknown): string {
  const error = e as { name?: string; message?: string } | undefined;
  const aboutQuota =
    error?.name === "LimitExceededException" || (/quota|limit/i.test(error?.message ?? "") && /association/i.test(error?.message ?? ""));
  return aboutQuota
    ? ` (the account quota of domain name access associations, ${ACCESS_ASSOCIATION_QUOTA} per account and region by default, is adjustable: delete unused associations or request an increase)`
    : "";
}
