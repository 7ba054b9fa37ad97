/**
 * VpcLink: an API Gateway v2 (HTTP API) VPC link.
 *
 *   check  -> no AWS call: validates and normalises (sorted, deduplicated ids; resolved region)
 *   diff   -> no AWS call: subnets, security groups or region replace; name, tags, timeouts update
 *   create -> CreateVpcLink, then GetVpcLink until AVAILABLE (timeouts.create). FAILED: DeleteVpcLink,
 *             GetVpcLink until NotFound, throw with AWS's VpcLinkStatusMessage. Still PENDING: throw
 *             an error carrying `id`, so the engine records the link and the next `up` resumes it
 *   read   -> GetVpcLink (NotFound: no id, the engine drops the resource)
 *   update -> GetVpcLink (PENDING from a timed-out create: wait for AVAILABLE), UpdateVpcLink if the
 *             name changed, one UntagResource for removed keys, one TagResource for added/changed ones
 *   delete -> DeleteVpcLink, retried while integrations reference it (BadRequestException) until
 *             timeouts.delete, then GetVpcLink until NotFound. NotFound at any point is success.
 *
 * Quotas (CreateVpcLink 1 per 15 s, DeleteVpcLink 1 per 30 s) are the clients' retry strategy's
 * business (provider/retry.ts): concurrent calls queue on Retry-After.
 */
import {
  ApiGatewayV2Client, CreateVpcLinkCommand, DeleteVpcLinkCommand, GetVpcLinkCommand, TagResourceCommand,
  UntagResourceCommand, UpdateVpcLinkCommand, type GetVpcLinkResponse,
} from "@aws-sdk/client-apigatewayv2";
import * as pulumi from "@pulumi/pulumi";
import { providerVia } from "./providerVia";
import * as self from "./vpcLink";
import { SECURITY_GROUP_ID, SUBNET_ID } from "../local/ids";
import { apiGatewayV2Client, errorMessage, isNotFound } from "./clients";
import { parseDuration } from "./duration";
import { partitionOf } from "./endpointNames";
import { checkIdList, checkRegion, Failures, programRegion, sameSet, UNKNOWN } from "./validation";
import { waitUntil, type WaitResult } from "./waiter";

/** A duration as Terraform writes timeouts: numbers with units h, m, s or ms ("10m", "90s", "1m30s", "500ms"). */
export type Duration = string;

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
  /** Tags of the link; changes are applied in place. Keys starting with `aws:` are reserved. @default - no tags */
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
  name: string;
  /** Sorted, deduplicated. */
  subnetIds: string[];
  /** Sorted, deduplicated. */
  securityGroupIds: string[];
  tags: Record<string, string>;
  region: string;
  /** As given; absent members default to 10 minutes. */
  timeouts?: VpcLinkTimeouts;
  /** The link adopted on create, if any. */
  importVpcLinkId?: string;
}

/** The state the provider records. */
export interface VpcLinkOutputs extends VpcLinkInputs {
  vpcLinkId: string;
  arn: string;
  /** PENDING, AVAILABLE, FAILED, DELETING or INACTIVE (no traffic for 60 days: no network interfaces). */
  status: string;
  statusMessage: string;
}

const MAX_TAGS = 50;

/** Validates and normalises the inputs; every failure names the field and the rule. */
export function checkVpcLinkInputs(news: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): pulumi.dynamic.CheckResult<VpcLinkInputs> {
  const failures = new Failures();
  const { name } = news;
  if (name !== UNKNOWN && (typeof name !== "string" || name.length < 1 || name.length > 128)) {
    failures.add("name", `must be a string of 1 to 128 characters, got ${typeof name === "string" ? `${name.length} characters` : JSON.stringify(name ?? null)}`);
  }
  const ids = (field: string, pattern: RegExp, rule: string, limits: { min: number; max?: number }) =>
    checkIdList(failures, field, news[field], pattern, rule, limits);
  const subnetIds = ids("subnetIds", SUBNET_ID, "a subnet id (subnet- followed by 8 or 17 lowercase hex digits)", { min: 1, max: 10 });
  if (news.securityGroupIds === undefined || news.securityGroupIds === null) failures.add("securityGroupIds", "is required (a list of security group ids, may be empty)");
  const securityGroupIds = ids("securityGroupIds", SECURITY_GROUP_ID, "a security group id (sg- followed by 8 or 17 lowercase hex digits)", { min: 0 });
  const region = checkRegion(failures, news.region, env);
  const inputs: VpcLinkInputs = { name: name as string, subnetIds, securityGroupIds, tags: checkTags(failures, news.tags), region: region as string };
  const timeouts = checkTimeouts(failures, news.timeouts);
  if (timeouts) inputs.timeouts = timeouts;
  if (news.importVpcLinkId !== undefined) {
    if (news.importVpcLinkId !== UNKNOWN && (typeof news.importVpcLinkId !== "string" || !/^[a-z0-9]{1,32}$/.test(news.importVpcLinkId))) {
      failures.add("importVpcLinkId", `${JSON.stringify(news.importVpcLinkId)} is not a VPC link id (lowercase letters and digits)`);
    }
    inputs.importVpcLinkId = news.importVpcLinkId as string;
  }
  return failures.list.length ? { inputs, failures: failures.list } : { inputs };
}

function checkTags(failures: Failures, tags: unknown): Record<string, string> {
  if (tags === undefined || tags === null) return {};
  if (tags === UNKNOWN) return tags as unknown as Record<string, string>;
  if (typeof tags !== "object" || Array.isArray(tags)) {
    failures.add("tags", `must be a map of string keys to string values, got ${JSON.stringify(tags)}`);
    return {};
  }
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > MAX_TAGS) failures.add("tags", `takes at most ${MAX_TAGS} tags, got ${entries.length}`);
  for (const [key, value] of entries) {
    const field = `tags[${JSON.stringify(key)}]`;
    if (key.length < 1 || key.length > 128) failures.add(field, "a tag key must be 1 to 128 characters");
    else if (key.toLowerCase().startsWith("aws:")) failures.add(field, "the aws: key prefix is reserved for AWS");
    if (value !== UNKNOWN && (typeof value !== "string" || value.length > 256)) failures.add(field, "a tag value must be a string of at most 256 characters");
  }
  return { ...(tags as Record<string, string>) };
}

function checkTimeouts(failures: Failures, timeouts: unknown): VpcLinkTimeouts | undefined {
  if (timeouts === undefined || timeouts === null || timeouts === UNKNOWN) return undefined;
  if (typeof timeouts !== "object" || Array.isArray(timeouts)) {
    failures.add("timeouts", `must be an object { create?, delete? } of durations such as "10m", got ${JSON.stringify(timeouts)}`);
    return undefined;
  }
  const out: { create?: string; delete?: string } = {};
  for (const [key, value] of Object.entries(timeouts as Record<string, unknown>)) {
    if (key !== "create" && key !== "delete") failures.add(`timeouts.${key}`, "is not a timeout of a VPC link (only create and delete)");
    else if (value === undefined || value === null || value === UNKNOWN) continue;
    else if (parseDuration(value) === undefined) failures.add(`timeouts.${key}`, `${JSON.stringify(value)} is not a duration: write a string such as "10m", "90s", "1m30s" or "500ms"`);
    else if (parseDuration(value) === 0) failures.add(`timeouts.${key}`, "must be longer than zero");
    else out[key] = value as string;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Pure: subnets, security groups or region replace; name, tags and timeouts update in place; order is no change. */
export function diffVpcLink(olds: Partial<VpcLinkOutputs>, news: VpcLinkInputs): pulumi.dynamic.DiffResult {
  const setChanged = (a: string[] | undefined, b: string[]) => !Array.isArray(b) || b.includes(UNKNOWN) || !sameSet(a, b);
  const replaces = [
    setChanged(olds.subnetIds, news.subnetIds) && "subnetIds",
    setChanged(olds.securityGroupIds, news.securityGroupIds) && "securityGroupIds",
    olds.region !== undefined && olds.region !== news.region && "region",
  ].filter((k): k is string => typeof k === "string");
  const { set, remove } = diffTags(olds.tags, news.tags);
  const timeoutsChanged = (["create", "delete"] as const).some((k) => timeoutMs(olds.timeouts, k) !== timeoutMs(news.timeouts, k));
  const updates = olds.name !== news.name || Object.keys(set).length > 0 || remove.length > 0 || timeoutsChanged;
  return { changes: replaces.length > 0 || updates, replaces, deleteBeforeReplace: false };
}

/** Pure: the tags to set (added or changed) and the keys to remove. `aws:` tags belong to AWS and are ignored. */
export function diffTags(olds: Record<string, string> = {}, news: Record<string, string> = {}): { set: Record<string, string>; remove: string[] } {
  const o = userTags(olds);
  const n = news === (UNKNOWN as unknown) ? {} : userTags(news);
  const set = Object.fromEntries(Object.entries(n).filter(([k, v]) => o[k] !== v));
  return { set, remove: Object.keys(o).filter((k) => !(k in n)).sort() };
}

const userTags = (tags: Record<string, string> = {}) => Object.fromEntries(Object.entries(tags).filter(([k]) => !k.toLowerCase().startsWith("aws:")));

/** The ARN TagResource and UntagResource take. */
export function vpcLinkArn(region: string, id: string): string {
  return `arn:${partitionOf(region)}:apigateway:${region}::/vpclinks/${id}`;
}

/** Terraform's create timeout; CloudFormation: reaching AVAILABLE "can take up to 10 minutes". */
export const VPC_LINK_AVAILABLE_TIMEOUT_MS = 10 * 60_000;
/** Terraform's delete timeout. */
export const VPC_LINK_DELETED_TIMEOUT_MS = 10 * 60_000;
/** Longest pause between polls (and between in-use delete retries), as Terraform's waiters. */
const POLL_MAX_DELAY_MS = 10_000;

function timeoutMs(timeouts: VpcLinkTimeouts | undefined, verb: "create" | "delete"): number {
  return parseDuration(timeouts?.[verb]) ?? (verb === "create" ? VPC_LINK_AVAILABLE_TIMEOUT_MS : VPC_LINK_DELETED_TIMEOUT_MS);
}

/** The link, or undefined if it does not exist. */
export async function findVpcLinkById(client: ApiGatewayV2Client, id: string): Promise<GetVpcLinkResponse | undefined> {
  try {
    return await client.send(new GetVpcLinkCommand({ VpcLinkId: id }));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** The link and its status; a link that is gone has status "" (so the delete waiter waits for nothing). */
export async function vpcLinkStatus(client: ApiGatewayV2Client, id: string): Promise<{ link?: GetVpcLinkResponse; status: string }> {
  const link = await findVpcLinkById(client, id);
  return { link, status: link?.VpcLinkStatus ?? "" };
}

/** Polls until the link leaves PENDING (or is gone); not settled means still PENDING at the timeout. */
export function waitVpcLinkAvailable(client: ApiGatewayV2Client, id: string, timeout = VPC_LINK_AVAILABLE_TIMEOUT_MS) {
  return waitUntil({ timeoutMs: timeout, poll: () => vpcLinkStatus(client, id), isSettled: (s) => s.status !== "PENDING", maxDelayMs: POLL_MAX_DELAY_MS });
}

/** Polls until GetVpcLink answers NotFound. */
export function waitVpcLinkDeleted(client: ApiGatewayV2Client, id: string, timeout = VPC_LINK_DELETED_TIMEOUT_MS) {
  return waitUntil({ timeoutMs: timeout, poll: () => vpcLinkStatus(client, id), isSettled: (s) => s.status === "", maxDelayMs: POLL_MAX_DELAY_MS });
}

/**
 * DeleteVpcLink, retried with backoff while integrations still reference the link
 * (BadRequestException), then waits until it is gone; one deadline covers both. Throttling is
 * retried by the client itself. Throws the cause alone; callers prefix it.
 */
async function deleteVpcLinkAndWait(client: ApiGatewayV2Client, id: string, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  const attempt = await waitUntil<unknown>({
    timeoutMs: timeout,
    poll: async () => {
      try {
        await client.send(new DeleteVpcLinkCommand({ VpcLinkId: id }));
        return undefined;
      } catch (e) {
        if (isNotFound(e)) return undefined; // already gone
        if ((e as { name?: string }).name === "BadRequestException") return e; // in use: retry
        throw e;
      }
    },
    isSettled: (inUse) => inUse === undefined,
    maxDelayMs: POLL_MAX_DELAY_MS,
  });
  if (attempt.value !== undefined) throw new Error(`${errorMessage(attempt.value)} (still refused after ${attempt.polls} attempts in ${formatMs(timeout)})`);
  const gone = await waitVpcLinkDeleted(client, id, Math.max(0, deadline - Date.now()));
  if (!gone.settled) throw new Error(`still ${gone.value.status} after ${formatMs(timeout)}`);
}

const formatMs = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

/** The recorded state of a link as AWS describes it. */
function outputsOf(link: GetVpcLinkResponse, region: string, timeouts: VpcLinkTimeouts | undefined): VpcLinkOutputs {
  const id = link.VpcLinkId ?? "";
  const outs: VpcLinkOutputs = {
    vpcLinkId: id, arn: vpcLinkArn(region, id), name: link.Name ?? "",
    subnetIds: [...(link.SubnetIds ?? [])].sort(), securityGroupIds: [...(link.SecurityGroupIds ?? [])].sort(),
    tags: userTags(link.Tags), region, status: link.VpcLinkStatus ?? "", statusMessage: link.VpcLinkStatusMessage ?? "",
  };
  if (timeouts) outs.timeouts = timeouts; // no undefined members: the host's protobuf Struct rejects them
  return outs;
}

/**
 * An error the dynamic-provider host turns into ErrorResourceInitFailed: the engine records the
 * link (id and state) as created but not initialised, and the next `pulumi up` calls update().
 */
function initFailed(message: string, id: string, properties: VpcLinkOutputs): Error {
  return Object.assign(new Error(message), { id, properties, reasons: [message] });
}

/** AWS errors keep their name ("BadRequestException: ..."); our own plain errors are just their message. */
const causeOf = (e: unknown) => (e instanceof Error && e.name === "Error" ? e.message : errorMessage(e));

async function prefixed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${what}: ${causeOf(e)}`);
  }
}

const envRegion = () => process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined;

/** Brings an existing link in line with the inputs: waits out PENDING, renames, retags (fewest calls). */
async function reconcileVpcLink(client: ApiGatewayV2Client, id: string, news: VpcLinkInputs, what: string): Promise<VpcLinkOutputs> {
  let link = await prefixed(what, () => findVpcLinkById(client, id));
  if (link?.VpcLinkStatus === "PENDING") {
    // A create that timed out (or a link reactivating after INACTIVE): wait as create does.
    const timeout = timeoutMs(news.timeouts, "create");
    const waited = await prefixed(what, () => waitVpcLinkAvailable(client, id, timeout));
    link = waited.value.link;
    if (link && !waited.settled) {
      throw initFailed(`${what}: still PENDING after ${formatMs(timeout)}; the next \`pulumi up\` resumes waiting`, id, outputsOf(link, news.region, news.timeouts));
    }
  }
  if (!link) throw new Error(`${what}: the VPC link no longer exists; run \`pulumi refresh\` to drop it`);
  if (link.VpcLinkStatus === "FAILED") {
    throw new Error(`${what}: the VPC link is FAILED: ${link.VpcLinkStatusMessage ?? ""}; a failed link cannot recover, replace it (pulumi up --replace)`);
  }
  if (link.Name !== news.name) {
    link = await prefixed(what, () => client.send(new UpdateVpcLinkCommand({ VpcLinkId: id, Name: news.name })));
  }
  const arn = vpcLinkArn(news.region, id);
  const { set, remove } = diffTags(link.Tags, news.tags);
  if (remove.length) await prefixed(what, () => client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: remove })));
  if (Object.keys(set).length) await prefixed(what, () => client.send(new TagResourceCommand({ ResourceArn: arn, Tags: set })));
  const outs = outputsOf({ ...link, Name: news.name, Tags: news.tags }, news.region, news.timeouts);
  if (news.importVpcLinkId) outs.importVpcLinkId = news.importVpcLinkId;
  return outs;
}

/** create() with `importVpcLinkId`: adopt the link if its immutable sets match the inputs. */
async function importVpcLink(client: ApiGatewayV2Client, id: string, inputs: VpcLinkInputs): Promise<{ id: string; outs: VpcLinkOutputs }> {
  const what = `importing API Gateway v2 VPC Link (${id})`;
  const link = await prefixed(what, () => findVpcLinkById(client, id));
  if (!link) throw new Error(`${what}: no such link in ${inputs.region}`);
  for (const [field, actual] of [["subnetIds", link.SubnetIds], ["securityGroupIds", link.SecurityGroupIds]] as const) {
    if (!sameSet(actual ?? [], inputs[field])) {
      throw new Error(`${what}: ${field} differ (the link has [${[...(actual ?? [])].sort().join(", ")}]); they are immutable, so declare the link's own ${field} to import it`);
    }
  }
  return { id, outs: await reconcileVpcLink(client, id, inputs, what) };
}

/** The operations behind {@link vpcLinkProvider}; tests may call either. */
export const vpcLinkOperations: Required<Omit<pulumi.dynamic.ResourceProvider<VpcLinkInputs, VpcLinkOutputs>, "configure">> = {
  async check(_olds, news) {
    return checkVpcLinkInputs(news as unknown as Record<string, unknown>);
  },

  async diff(_id, olds, news) {
    return diffVpcLink(olds, news);
  },

  async create(inputs) {
    const what = `creating API Gateway v2 VPC Link (${inputs.name})`;
    const client = apiGatewayV2Client(inputs.region);
    try {
      if (inputs.importVpcLinkId) return await importVpcLink(client, inputs.importVpcLinkId, inputs);
      const created = await prefixed(what, () =>
        client.send(new CreateVpcLinkCommand({
          Name: inputs.name,
          SubnetIds: inputs.subnetIds,
          // Assumed: an empty list is sent as "none given" (AWS's answer to an explicit [] is undocumented).
          SecurityGroupIds: inputs.securityGroupIds.length ? inputs.securityGroupIds : undefined,
          Tags: Object.keys(inputs.tags).length ? inputs.tags : undefined,
        })),
      );
      const id = created.VpcLinkId;
      if (!id) throw new Error(`${what}: CreateVpcLink answered without a VpcLinkId`);
      let outs = outputsOf(created, inputs.region, inputs.timeouts);
      let waited: WaitResult<{ link?: GetVpcLinkResponse; status: string }>;
      try {
        waited = await waitVpcLinkAvailable(client, id, timeoutMs(inputs.timeouts, "create"));
      } catch (e) {
        throw initFailed(`${what}: waiting for ${id} to become AVAILABLE: ${causeOf(e)}`, id, outs);
      }
      const { link, status } = waited.value;
      if (link) outs = outputsOf(link, inputs.region, inputs.timeouts);
      if (status === "PENDING") {
        throw initFailed(`${what}: ${id} still PENDING after ${formatMs(timeoutMs(inputs.timeouts, "create"))}; the next \`pulumi up\` resumes waiting`, id, outs);
      }
      if (status === "FAILED") {
        const cause = `${id} is FAILED: ${outs.statusMessage}`;
        try {
          await deleteVpcLinkAndWait(client, id, timeoutMs(inputs.timeouts, "delete"));
        } catch (e) {
          throw initFailed(`${what}: ${cause}; deleting the failed link failed too: ${causeOf(e)}`, id, outs);
        }
        throw new Error(`${what}: ${cause} (the failed link was deleted)`);
      }
      if (!link || status === "DELETING") throw new Error(`${what}: ${id} was deleted while waiting for AVAILABLE`);
      return { id, outs }; // AVAILABLE, or INACTIVE already
    } finally {
      client.destroy();
    }
  },

  async read(id, props) {
    const region = props?.region ?? envRegion();
    const what = `reading API Gateway v2 VPC Link (${id})`;
    if (!region) throw new Error(`${what}: no region: set AWS_REGION or AWS_DEFAULT_REGION to import`);
    const client = apiGatewayV2Client(region);
    try {
      const link = await prefixed(what, () => findVpcLinkById(client, id));
      if (!link) return {}; // gone: no id, so the engine drops it from the stack
      const outs = outputsOf(link, region, props?.timeouts);
      const { vpcLinkId: _i, arn: _a, status: _s, statusMessage: _m, ...inputs } = outs;
      return { id, props: outs, inputs: inputs as VpcLinkOutputs };
    } finally {
      client.destroy();
    }
  },

  async update(id, _olds, news) {
    const client = apiGatewayV2Client(news.region);
    try {
      return { outs: await reconcileVpcLink(client, id, news, `updating API Gateway v2 VPC Link (${id})`) };
    } finally {
      client.destroy();
    }
  },

  async delete(id, props) {
    const what = `deleting API Gateway v2 VPC Link (${id})`;
    const region = props.region ?? envRegion();
    if (!region) throw new Error(`${what}: no region in the state, AWS_REGION or AWS_DEFAULT_REGION`);
    const client = apiGatewayV2Client(region);
    try {
      await prefixed(what, () => deleteVpcLinkAndWait(client, id, timeoutMs(props.timeouts, "delete")));
    } finally {
      client.destroy();
    }
  },
};


/** The provider stored in state: a small facade over the operations (see providerVia). */
export const vpcLinkProvider = providerVia(() => self.vpcLinkOperations);

/**
 * An API Gateway v2 VPC link for HTTP API private integrations. Creation waits until the link is
 * AVAILABLE; a changed subnet or security-group set replaces it (create first, then delete).
 */
export class VpcLink extends pulumi.dynamic.Resource {
  declare readonly vpcLinkId: pulumi.Output<string>;
  /** arn:aws:apigateway:{region}::/vpclinks/{id}, as TagResource takes it. */
  declare readonly arn: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** Sorted. */
  declare readonly subnetIds: pulumi.Output<string[]>;
  /** Sorted. */
  declare readonly securityGroupIds: pulumi.Output<string[]>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  declare readonly region: pulumi.Output<string>;
  /** PENDING, AVAILABLE, FAILED, DELETING or INACTIVE, as of the last create, update or refresh. */
  declare readonly status: pulumi.Output<string>;
  declare readonly statusMessage: pulumi.Output<string>;
  declare readonly timeouts: pulumi.Output<VpcLinkTimeouts | undefined>;

  constructor(name: string, args: VpcLinkArgs, opts?: pulumi.CustomResourceOptions) {
    const region = args.region ?? programRegion(new pulumi.Config("aws"));
    const outputs = { vpcLinkId: undefined, arn: undefined, status: undefined, statusMessage: undefined };
    super(vpcLinkProvider, name, { tags: undefined, timeouts: undefined, ...args, region, ...outputs }, opts, "apigw", "VpcLink");
  }

  /** Adopts an existing link by id: its state comes from the provider's read(). */
  static get(name: string, id: pulumi.Input<pulumi.ID>, region?: string, opts?: pulumi.CustomResourceOptions): VpcLink {
    return new VpcLink(name, { region } as VpcLinkArgs, { ...opts, id });
  }
}
