/** VpcEndpointAssociation's model: args, inputs, outputs, check(), diff() and the patch planner. Pure: no I/O, no AWS SDK. */
import type * as pulumi from "@pulumi/pulumi";
import { defineResource } from "../defineResource";
import { REST_API_ID, REST_API_ID_RULE, VPC_ENDPOINT_ID, VPC_ENDPOINT_ID_RULE } from "../ids";
import { planOwnedSet } from "../ownedSet";
import type { PatchOperation } from "../patch";
import { VPC_ENDPOINT_ASSOCIATION_TYPE } from "../types";
import { creationToken } from "../vpcLink/model";
import { checkId, checkIdList, checkRegion, Failures, sameSet, UNKNOWN } from "../validation";

/** VpcEndpointAssociation's type token, error kind, operations typing and stored provider (see defineResource.ts). */
export const VPC_ENDPOINT_ASSOCIATION = defineResource<VpcEndpointAssociationInputs, VpcEndpointAssociationOutputs>(
  VPC_ENDPOINT_ASSOCIATION_TYPE,
  "VPC endpoint association",
);

/** The patch path API Gateway uses for the endpoint list; one id per operation. */
export const VPC_ENDPOINT_IDS_PATH = "/endpointConfiguration/vpcEndpointIds";

/** Arguments of {@link VpcEndpointAssociation}. */
export interface VpcEndpointAssociationArgs {
  /** The id of the PRIVATE REST API (10 lowercase alphanumerics). Changing it replaces the association. */
  readonly restApiId: pulumi.Input<string>;
  /** VPC endpoint ids (`vpce-` + 8 or 17 hex digits) to associate. Order and duplicates do not matter. */
  readonly vpcEndpointIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The API's region. Changing it replaces the association.
   * @default the `aws:region` stack config, else `AWS_REGION` / `AWS_DEFAULT_REGION`
   */
  readonly region?: pulumi.Input<string>;
  /**
   * Own the API's whole endpoint list: also remove ids that this resource does not declare.
   * @default false - only ids this resource declares are ever touched
   */
  readonly exclusive?: pulumi.Input<boolean>;
  /**
   * Own declared ids that are already associated, as `pulumi import` would (Pulumi's `import`
   * option cannot reach dynamic providers): delete then removes them too.
   * @default false - such ids are adopted and left in place on delete
   */
  readonly importExisting?: pulumi.Input<boolean>;
}

/** The inputs after check(): resolved and normalised. */
export interface VpcEndpointAssociationInputs {
  /** The PRIVATE REST API's id. */
  restApiId: string;
  /** The declared VPC endpoint ids, sorted and deduplicated. */
  vpcEndpointIds: string[];
  /** The resolved region. */
  region: string;
  /** Whether undeclared ids are removed from the API's list too. */
  exclusive: boolean;
  /** Set only when true. */
  importExisting?: boolean;
  /** Keys this create's ownership journal (see ownershipJournal.ts); set when the class gave its URN. */
  creationToken?: string;
}

/** The state the provider records. */
export interface VpcEndpointAssociationOutputs extends VpcEndpointAssociationInputs {
  /** Declared ids that were already associated when first managed; never removed unless exclusive. */
  adoptedVpcEndpointIds: string[];
  /** The API's whole endpoint list after the operation, sorted. */
  apiVpcEndpointIds: string[];
}

/** The add and remove sets of one change, each sorted. */
export interface AssociationPlan {
  /** Ids to associate (desired and not yet on the API). */
  add: string[];
  /** Ids to disassociate (released by this resource, or undeclared in exclusive mode). */
  remove: string[];
}

/** Validates and normalises the inputs; every failure names the field and the rule. */
export function checkAssociationInputs(
  news: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  olds?: Record<string, unknown>,
): pulumi.dynamic.CheckResult<VpcEndpointAssociationInputs> {
  const failures = new Failures();
  const urn = news.creationUrn; // the URN scopes the creation token; check() turns it into the token and drops it
  if (urn !== undefined && urn !== UNKNOWN && typeof urn !== "string")
    failures.add("creationUrn", "must be the resource's URN (set by the VpcEndpointAssociation class)");
  const inputs = {
    restApiId: checkId(failures, "restApiId", news.restApiId, REST_API_ID, REST_API_ID_RULE),
    vpcEndpointIds: checkIdList(failures, "vpcEndpointIds", news.vpcEndpointIds, VPC_ENDPOINT_ID, VPC_ENDPOINT_ID_RULE, { min: 1 }),
    region: checkRegion(failures, news.region, env) as string,
    // Unknown at preview: kept as the marker, so diff() reports a possible change.
    exclusive: news.exclusive === UNKNOWN ? (UNKNOWN as unknown as boolean) : news.exclusive === true,
    ...(news.importExisting === true || news.importExisting === UNKNOWN ? { importExisting: news.importExisting as boolean } : {}),
    ...(typeof urn === "string" ? { creationToken: urn === UNKNOWN ? UNKNOWN : creationToken(urn, olds) } : {}),
  };
  for (const flag of ["exclusive", "importExisting"] as const) {
    if (news[flag] !== undefined && news[flag] !== UNKNOWN && typeof news[flag] !== "boolean") {
      failures.add(flag, `must be true or false, got ${JSON.stringify(news[flag])}`);
    }
  }
  return failures.list.length ? { inputs, failures: failures.list } : { inputs };
}

/** Pure: restApiId or region replaces; a changed id set or exclusivity updates; order is no change. */
export function diffAssociation(
  olds: Partial<VpcEndpointAssociationOutputs>,
  news: VpcEndpointAssociationInputs,
): pulumi.dynamic.DiffResult {
  const replaces = (["restApiId", "region"] as const).filter((k) => olds[k] !== news[k]);
  const idsChanged = !Array.isArray(news.vpcEndpointIds) || !sameSet(olds.vpcEndpointIds, news.vpcEndpointIds);
  const exclusiveChanged = (olds.exclusive ?? false) !== news.exclusive;
  return { changes: replaces.length > 0 || idsChanged || exclusiveChanged, replaces, deleteBeforeReplace: false };
}

/**
 * Pure: the fewest operations that take the API from `current` to what this resource wants.
 * add = desired - current; remove = (released - adopted) ∩ current, where released are ids this
 * resource managed before and no longer declares; exclusive mode removes every undeclared id.
 */
export function planAssociation(args: {
  current: readonly string[];
  desired: readonly string[];
  managedBefore: readonly string[];
  adopted: readonly string[];
  exclusive: boolean;
}): AssociationPlan {
  const { add, remove } = planOwnedSet({ ...args, present: args.current, adoptedBefore: args.adopted });
  return { add, remove };
}

/** Pure: the patch operations of a plan, one id per operation. */
export function patchOperations(plan: AssociationPlan): PatchOperation[] {
  return [
    ...plan.remove.map((value) => ({ op: "remove" as const, path: VPC_ENDPOINT_IDS_PATH, value })),
    ...plan.add.map((value) => ({ op: "add" as const, path: VPC_ENDPOINT_IDS_PATH, value })),
  ];
}
