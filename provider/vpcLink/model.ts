/**
 * VpcLink's model: its args, inputs and outputs, check(), diff(), tag diffs, timeouts and the
 * creation token. Pure: no I/O, no AWS SDK (see operations.ts for the calls).
 */
import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { defineResource } from "../defineResource";
import { parseDuration } from "../duration";
import { partitionOf } from "../endpointNames";
import { SECURITY_GROUP_ID, SUBNET_ID, VPC_LINK_ID } from "../ids";
import { VPC_LINK_TYPE } from "../types";
import { checkIdList, checkRegion, Failures, sameSet, UNKNOWN } from "../validation";

/** VpcLink's type token, error kind, operations typing and stored provider (see defineResource.ts). */
export const VPC_LINK = defineResource<VpcLinkInputs, VpcLinkOutputs>(VPC_LINK_TYPE, "API Gateway v2 VPC Link");

/** A duration as Terraform writes timeouts: numbers with units h, m, s or ms ("10m", "90s", "1m30s", "500ms"). */
export type Duration = string;

/** How long VpcLink's create and delete may wait on AWS, as Terraform's `timeouts` block. */
export interface VpcLinkTimeouts {
  /** How long create waits for AVAILABLE (and update, resuming a create that timed out). @default "10m" */
  readonly create?: Duration;
  /** How long delete retries a link still in use, then waits for it to be gone. @default "10m" */
  readonly delete?: Duration;
}

/** Arguments of {@link VpcLink}. */
export interface VpcLinkArgs {
  /** The link's name, 1 to 128 characters. Changing it renames the link in place. @default - none, required */
  readonly name: pulumi.Input<string>;
  /**
   * 1 to 10 subnet ids (`subnet-` + 8 or 17 hex digits). Order and duplicates do not matter;
   * a different set replaces the link (VPC links are immutable).
   * @default - none, required
   */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Security group ids (`sg-` + 8 or 17 hex digits) for the link's network interfaces; may be
   * empty, but a shared subnet needs at least one. A different set replaces the link.
   * @default - none, required
   */
  readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Tags of the link; changes are applied in place. Keys starting with `aws:` are reserved, and so
   * is `pulumi-apigw-vpc:creation-token` (the provider's own tag). @default - no tags
   */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The link's region. Changing it replaces the link. @default - the `aws:region` stack config, else AWS_REGION / AWS_DEFAULT_REGION */
  readonly region?: pulumi.Input<string>;
  /** Durations such as "10m", "90s" or "500ms". @default - 10 minutes each, as Terraform */
  readonly timeouts?: pulumi.Input<VpcLinkTimeouts>;
  /**
   * Take an existing link under management instead of creating one (Pulumi's `import` option
   * cannot reach dynamic providers). Its subnets and security groups must match; name and tags
   * are brought in line. Read only on create. @default - create a new link
   */
  readonly importVpcLinkId?: pulumi.Input<string>;
}

/** The inputs after check(): resolved and normalised. */
export interface VpcLinkInputs {
  /** The link's name, 1 to 128 characters. */
  name: string;
  /** Sorted, deduplicated. */
  subnetIds: string[];
  /** Sorted, deduplicated. */
  securityGroupIds: string[];
  /** User tags only: never `aws:` keys or the creation token. */
  tags: Record<string, string>;
  /** The resolved region (from the args, the `aws:region` config or the environment). */
  region: string;
  /** As given; absent members default to 10 minutes. */
  timeouts?: VpcLinkTimeouts;
  /** The link adopted on create, if any. */
  importVpcLinkId?: string;
  /** The tag value that lets create() find its own link after a lost answer (see creationToken). */
  creationToken?: string;
}

/** The state the provider records. */
export interface VpcLinkOutputs extends VpcLinkInputs {
  /** The id AWS gave the link (its physical id, also the resource id in state). */
  vpcLinkId: string;
  /** arn:{partition}:apigateway:{region}::/vpclinks/{id}, as TagResource takes it. */
  arn: string;
  /** PENDING, AVAILABLE, FAILED, DELETING or INACTIVE (no traffic for 60 days: no network interfaces). */
  status: string;
  /** AWS's VpcLinkStatusMessage: why a link FAILED, or "" when AWS gives none. */
  statusMessage: string;
}

/** The ARN TagResource and UntagResource take. */
export function vpcLinkArn(region: string, id: string): string {
  return `arn:${partitionOf(region)}:apigateway:${region}::/vpclinks/${id}`;
}

const MAX_TAGS = 50;

/**
 * The tag every created link carries, so a create whose answer was lost (or whose process
 * died) finds its link instead of making a second one. CreateVpcLink takes no client token.
 * Reserved: check() refuses it in `tags`, and it never shows in the `tags` output.
 */
export const CREATION_TOKEN_TAG = "pulumi-apigw-vpc:creation-token";

/**
 * Pure: the creation token of the link a create() makes: `{hash of scope}.{generation}`.
 *
 * - scope is the resource's URN (project, stack, parents, type, name), so two resources or two
 *   stacks never share a token; without one (direct provider calls) the name and immutable sets.
 * - generation is 0 for a new resource (check() sees no old inputs) and the old generation + 1
 *   whenever old inputs exist. A retry of one create (lost answer, SDK retry, or a crash, then
 *   `pulumi refresh --clear-pending-creates` and `pulumi up`) computes the same token and adopts
 *   its link; a replacement (create-before-delete, also `--replace` with unchanged inputs) gets
 *   a new generation, so it never adopts the old link that still exists. A crash during a
 *   replacement leaves the old inputs in state, so the rerun recomputes the crashed attempt's token.
 */
export function creationToken(scope: string, olds: { creationToken?: unknown } | undefined): string {
  const exists = olds !== undefined && Object.keys(olds).length > 0;
  const previous = typeof olds?.creationToken === "string" ? Number(/\.(\d+)$/.exec(olds.creationToken)?.[1] ?? 0) : 0;
  const generation = exists ? previous + 1 : 0;
  return `${createHash("sha256").update(scope).digest("hex").slice(0, 32)}.${generation}`;
}

/** Validates and normalises the inputs; every failure names the field and the rule. */
export function checkVpcLinkInputs(
  news: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  olds?: Record<string, unknown>,
): pulumi.dynamic.CheckResult<VpcLinkInputs> {
  const failures = new Failures();
  const { name } = news;
  if (name !== UNKNOWN && (typeof name !== "string" || name.length < 1 || name.length > 128)) {
    failures.add(
      "name",
      `must be a string of 1 to 128 characters, got ${typeof name === "string" ? `${name.length} characters` : JSON.stringify(name ?? null)}`,
    );
  }
  const ids = (field: string, pattern: RegExp, rule: string, limits: { min: number; max?: number }) =>
    checkIdList(failures, field, news[field], pattern, rule, limits);
  const subnetIds = ids("subnetIds", SUBNET_ID, "a subnet id (subnet- followed by 8 or 17 lowercase hex digits)", { min: 1, max: 10 });
  if (news.securityGroupIds === undefined || news.securityGroupIds === null)
    failures.add("securityGroupIds", "is required (a list of security group ids, may be empty)");
  const securityGroupIds = ids(
    "securityGroupIds",
    SECURITY_GROUP_ID,
    "a security group id (sg- followed by 8 or 17 lowercase hex digits)",
    { min: 0 },
  );
  const region = checkRegion(failures, news.region, env);
  const inputs: VpcLinkInputs = {
    name: name as string,
    subnetIds,
    securityGroupIds,
    tags: checkTags(failures, news.tags),
    region: region as string,
  };
  const timeouts = checkTimeouts(failures, news.timeouts);
  if (timeouts) inputs.timeouts = timeouts;
  if (news.importVpcLinkId !== undefined) {
    if (news.importVpcLinkId !== UNKNOWN && (typeof news.importVpcLinkId !== "string" || !VPC_LINK_ID.test(news.importVpcLinkId))) {
      failures.add("importVpcLinkId", `${JSON.stringify(news.importVpcLinkId)} is not a VPC link id (lowercase letters and digits)`);
    }
    inputs.importVpcLinkId = news.importVpcLinkId as string;
  }
  const urn = news.creationUrn;
  if (urn !== undefined && urn !== UNKNOWN && typeof urn !== "string")
    failures.add("creationUrn", "must be the resource's URN (set by the VpcLink class)");
  const fallback = [name, region, subnetIds, securityGroupIds];
  const scopeKnown = urn === undefined ? fallback.every((v) => !isOrHasUnknown(v)) : urn !== UNKNOWN;
  inputs.creationToken = !scopeKnown ? UNKNOWN : creationToken(typeof urn === "string" ? urn : JSON.stringify(fallback), olds);
  return failures.list.length ? { inputs, failures: failures.list } : { inputs };
}

const isOrHasUnknown = (v: unknown) => v === UNKNOWN || (Array.isArray(v) && v.includes(UNKNOWN));

function checkTags(failures: Failures, tags: unknown): Record<string, string> {
  if (tags === undefined || tags === null) return {};
  if (tags === UNKNOWN) return tags as unknown as Record<string, string>;
  if (typeof tags !== "object" || Array.isArray(tags)) {
    failures.add("tags", `must be a map of string keys to string values, got ${JSON.stringify(tags)}`);
    return {};
  }
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > MAX_TAGS - 1)
    failures.add("tags", `takes at most ${MAX_TAGS - 1} tags (AWS allows ${MAX_TAGS}; one is the creation token), got ${entries.length}`);
  for (const [key, value] of entries) {
    const field = `tags[${JSON.stringify(key)}]`;
    if (key.length < 1 || key.length > 128) failures.add(field, "a tag key must be 1 to 128 characters");
    else if (key.toLowerCase().startsWith("aws:")) failures.add(field, "the aws: key prefix is reserved for AWS");
    else if (key === CREATION_TOKEN_TAG) failures.add(field, "is reserved: the provider tags each link it creates with it");
    if (value !== UNKNOWN && (typeof value !== "string" || value.length > 256))
      failures.add(field, "a tag value must be a string of at most 256 characters");
  }
  return { ...(tags as Record<string, string>) };
}

function checkTimeouts(failures: Failures, timeouts: unknown): VpcLinkTimeouts | undefined {
  if (timeouts === undefined || timeouts === null) return undefined;
  if (timeouts === UNKNOWN) return timeouts as VpcLinkTimeouts; // kept, so diff() shows a possible change
  if (typeof timeouts !== "object" || Array.isArray(timeouts)) {
    failures.add("timeouts", `must be an object { create?, delete? } of durations such as "10m", got ${JSON.stringify(timeouts)}`);
    return undefined;
  }
  const out: { create?: string; delete?: string } = {};
  for (const [key, value] of Object.entries(timeouts as Record<string, unknown>)) {
    if (key !== "create" && key !== "delete") failures.add(`timeouts.${key}`, "is not a timeout of a VPC link (only create and delete)");
    else if (value === undefined || value === null) continue;
    else if (value === UNKNOWN) out[key] = value;
    else if (parseDuration(value) === undefined)
      failures.add(
        `timeouts.${key}`,
        `${JSON.stringify(value)} is not a duration: write a string such as "10m", "90s", "1m30s" or "500ms"`,
      );
    else if (parseDuration(value) === 0) failures.add(`timeouts.${key}`, "must be longer than zero");
    else out[key] = value as string;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Pure: subnets, security groups or region replace; name, tags and timeouts update in place;
 * order is no change. The creation token only matters to create(), so it never makes a change.
 */
export function diffVpcLink(olds: Partial<VpcLinkOutputs>, news: VpcLinkInputs): pulumi.dynamic.DiffResult {
  const setChanged = (a: string[] | undefined, b: string[]) => !Array.isArray(b) || b.includes(UNKNOWN) || !sameSet(a, b);
  const replaces = [
    setChanged(olds.subnetIds, news.subnetIds) && "subnetIds",
    setChanged(olds.securityGroupIds, news.securityGroupIds) && "securityGroupIds",
    olds.region !== undefined && olds.region !== news.region && "region",
  ].filter((k): k is string => typeof k === "string");
  const tagsUnknown = (news.tags as unknown) === UNKNOWN || Object.values(news.tags ?? {}).includes(UNKNOWN);
  const { set, remove } = diffTags(olds.tags, news.tags);
  const timeoutsUnknown = (news.timeouts as unknown) === UNKNOWN || Object.values(news.timeouts ?? {}).includes(UNKNOWN);
  const timeoutsChanged =
    timeoutsUnknown || (["create", "delete"] as const).some((k) => timeoutMs(olds.timeouts, k) !== timeoutMs(news.timeouts, k));
  const updates = olds.name !== news.name || tagsUnknown || Object.keys(set).length > 0 || remove.length > 0 || timeoutsChanged;
  return { changes: replaces.length > 0 || updates, replaces, deleteBeforeReplace: false };
}

/** Pure: the tags to set (added or changed) and the keys to remove. `aws:` tags and the creation token are ignored. */
export function diffTags(
  olds: Record<string, string> = {},
  news: Record<string, string> = {},
): {
  /** Tags to add or overwrite (TagResource), keyed by tag key. */
  set: Record<string, string>;
  /** Tag keys to remove (UntagResource), sorted. */
  remove: string[];
} {
  const o = userTags(olds);
  const n = news === (UNKNOWN as unknown) ? {} : userTags(news);
  const set = Object.fromEntries(Object.entries(n).filter(([k, v]) => o[k] !== v));
  return {
    set,
    remove: Object.keys(o)
      .filter((k) => !(k in n))
      .sort(),
  };
}

/** The tags users manage: without AWS's `aws:` tags and the creation token. */
export const userTags = (tags: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(tags).filter(([k]) => !k.toLowerCase().startsWith("aws:") && k !== CREATION_TOKEN_TAG));

/** Terraform's create timeout; CloudFormation: reaching AVAILABLE "can take up to 10 minutes". */
export const VPC_LINK_AVAILABLE_TIMEOUT_MS = 10 * 60_000;
/** Terraform's delete timeout. */
export const VPC_LINK_DELETED_TIMEOUT_MS = 10 * 60_000;

/** A timeout in milliseconds; absent members default to 10 minutes. */
export function timeoutMs(timeouts: VpcLinkTimeouts | undefined, verb: "create" | "delete"): number {
  return parseDuration(timeouts?.[verb]) ?? (verb === "create" ? VPC_LINK_AVAILABLE_TIMEOUT_MS : VPC_LINK_DELETED_TIMEOUT_MS);
}
