/**
 * VpcLink: an API Gateway v2 (HTTP API) VPC link.
 *
 *   check  -> no AWS call: validates and normalises (sorted, deduplicated ids; resolved region)
 *   diff   -> no AWS call: subnets, security groups or region replace; name, tags, timeouts update
 *   create -> GetVpcLinks (every page) for a link carrying this create's creation token: adopt it,
 *             else CreateVpcLink (tagged with the token). A lost answer (reset, timeout, 5xx) is
 *             followed by GetVpcLinks again, never by a blind resend. Then GetVpcLink until
 *             AVAILABLE (timeouts.create). FAILED: DeleteVpcLink,
 *             GetVpcLink until NotFound, throw with AWS's VpcLinkStatusMessage. Still PENDING: throw
 *             an error carrying `id`, so the engine records the link and the next `up` resumes it
 *   read   -> GetVpcLink (NotFound: no id, the engine drops the resource)
 *   update -> GetVpcLink (PENDING from a timed-out create: wait for AVAILABLE), UpdateVpcLink if the
 *             name changed, one UntagResource for removed keys, one TagResource for added/changed ones
 *   delete -> DeleteVpcLink, retried while integrations reference it (BadRequestException) until
 *             timeouts.delete, then GetVpcLink until NotFound. NotFound at any point is success;
 *             a lost answer is followed by GetVpcLink: DELETING or gone is success.
 *
 * Quotas (CreateVpcLink 1 per 15 s, DeleteVpcLink 1 per 30 s) are the clients' retry strategy's
 * business (provider/retry.ts): concurrent calls queue on Retry-After.
 */
import {
  ApiGatewayV2Client,
  CreateVpcLinkCommand,
  DeleteVpcLinkCommand,
  GetVpcLinkCommand,
  GetVpcLinksCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateVpcLinkCommand,
  type GetVpcLinkResponse,
  type VpcLink as VpcLinkShape,
} from "@aws-sdk/client-apigatewayv2";
import { apiGatewayV2Client, isNotFound } from "../clients";
import { formatDuration } from "../duration";
import { assertFieldEffect } from "../effects";
import { causeText, operationError, withOperation } from "../errors";
import { readPlanSend } from "../mutation";
import { resolveRegion, sameSet } from "../validation";
import { waitUntil, type WaitResult } from "../waiter";
import {
  CREATION_TOKEN_TAG,
  checkVpcLinkInputs,
  diffTags,
  diffVpcLink,
  timeoutMs,
  userTags,
  VPC_LINK,
  vpcLinkArn,
  type VpcLinkInputs,
  type VpcLinkOutputs,
  type VpcLinkTimeouts,
} from "./model";

/** The resource kind in every error message. */
const KIND = VPC_LINK.errorKind;

/** Longest pause between polls (and between in-use delete retries), as Terraform's waiters. */
const POLL_MAX_DELAY_MS = 10_000;

/** The link, or undefined if it does not exist. */
export async function findVpcLinkById(client: ApiGatewayV2Client, id: string): Promise<GetVpcLinkResponse | undefined> {
  try {
    return await client.send(new GetVpcLinkCommand({ VpcLinkId: id }));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Every link of the region (GetVpcLinks, every page) carrying this creation token and not being deleted. */
export async function findVpcLinksByCreationToken(client: ApiGatewayV2Client, token: string): Promise<VpcLinkShape[]> {
  const found: VpcLinkShape[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new GetVpcLinksCommand({ NextToken }));
    found.push(...(page.Items ?? []).filter((l) => l.Tags?.[CREATION_TOKEN_TAG] === token && l.VpcLinkStatus !== "DELETING"));
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}

/** The link and its status; a link that is gone has status "" (so the delete waiter waits for nothing). */
export async function vpcLinkStatus(
  client: ApiGatewayV2Client,
  id: string,
): Promise<{
  /** GetVpcLink's answer; undefined once the link is gone. */
  link?: GetVpcLinkResponse;
  /** The link's VpcLinkStatus, or "" when it is gone. */
  status: string;
}> {
  const link = await findVpcLinkById(client, id);
  return { link, status: link?.VpcLinkStatus ?? "" };
}

/** Polls until the link leaves PENDING (or is gone); not settled means still PENDING at the timeout. */
export function waitVpcLinkAvailable(client: ApiGatewayV2Client, id: string, timeout = timeoutMs(undefined, "create")) {
  return waitUntil({
    timeoutMs: timeout,
    poll: () => vpcLinkStatus(client, id),
    isSettled: (s) => s.status !== "PENDING",
    maxDelayMs: POLL_MAX_DELAY_MS,
  });
}

/** Polls until GetVpcLink answers NotFound. */
export function waitVpcLinkDeleted(client: ApiGatewayV2Client, id: string, timeout = timeoutMs(undefined, "delete")) {
  return waitUntil({
    timeoutMs: timeout,
    poll: () => vpcLinkStatus(client, id),
    isSettled: (s) => s.status === "",
    maxDelayMs: POLL_MAX_DELAY_MS,
  });
}

/**
 * One DeleteVpcLink whose answer may be lost: after an unknown outcome, GetVpcLink tells.
 * Assumed(deleting-means-ours): a link turns DELETING only because of a DeleteVpcLink, so DELETING after a lost
 * answer means ours took effect.
 */
async function sendDeleteVpcLink(client: ApiGatewayV2Client, mutations: ApiGatewayV2Client, id: string): Promise<void> {
  await readPlanSend<string, true>({
    initial: "unread",
    read: async () => (await vpcLinkStatus(client, id)).status,
    settled: (status) => (status === "" || status === "DELETING" ? true : undefined),
    send: async () => {
      await mutations.send(new DeleteVpcLinkCommand({ VpcLinkId: id }));
      return true;
    },
  });
}

/**
 * DeleteVpcLink, retried with backoff while integrations still reference the link
 * (BadRequestException), then waits until it is gone; one deadline covers both. Throttling is
 * retried by the client itself. Throws the cause alone; callers prefix it.
 */
async function deleteVpcLinkAndWait(client: ApiGatewayV2Client, mutations: ApiGatewayV2Client, id: string, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  const attempt = await waitUntil<unknown>({
    timeoutMs: timeout,
    poll: async () => {
      try {
        await sendDeleteVpcLink(client, mutations, id);
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
  if (attempt.value !== undefined)
    throw new Error(`${causeText(attempt.value)} (still refused after ${attempt.polls} attempts in ${formatDuration(timeout)})`);
  const gone = await waitVpcLinkDeleted(client, id, Math.max(0, deadline - Date.now()));
  if (!gone.settled) throw new Error(`still ${gone.value.status} after ${formatDuration(timeout)}`);
}

/** The recorded state of a link as AWS describes it. */
function outputsOf(link: GetVpcLinkResponse, region: string, timeouts: VpcLinkTimeouts | undefined): VpcLinkOutputs {
  const id = link.VpcLinkId ?? "";
  const outs: VpcLinkOutputs = {
    vpcLinkId: id,
    arn: vpcLinkArn(region, id),
    name: link.Name ?? "",
    subnetIds: [...(link.SubnetIds ?? [])].sort(),
    securityGroupIds: [...(link.SecurityGroupIds ?? [])].sort(),
    tags: userTags(link.Tags),
    region,
    status: link.VpcLinkStatus ?? "",
    statusMessage: link.VpcLinkStatusMessage ?? "",
  };
  // No undefined members: the host's protobuf Struct rejects them.
  if (timeouts) outs.timeouts = timeouts;
  const token = link.Tags?.[CREATION_TOKEN_TAG];
  if (token) outs.creationToken = token; // AWS's tag is the truth: refresh keeps the generation
  return outs;
}

/**
 * An error the dynamic-provider host turns into ErrorResourceInitFailed: the engine records the
 * link (id and state) as created but not initialised, and the next `pulumi up` calls update().
 */
function initFailed(verb: string, resourceId: string, detail: string, id: string, properties: VpcLinkOutputs, cause?: unknown): Error {
  const error = operationError(verb, KIND, resourceId, cause, detail);
  return Object.assign(error, { id, properties, reasons: [error.message] });
}

/** Brings an existing link in line with the inputs: waits out PENDING, renames, retags (fewest calls). */
async function reconcileVpcLink(
  client: ApiGatewayV2Client,
  id: string,
  news: VpcLinkInputs,
  verb: string,
  resourceId = id,
): Promise<VpcLinkOutputs> {
  const step = <T>(fn: () => Promise<T>) => withOperation(verb, KIND, resourceId, fn);
  const fail = (detail: string) => operationError(verb, KIND, resourceId, undefined, detail);
  let link = await step(() => findVpcLinkById(client, id));
  if (link?.VpcLinkStatus === "PENDING") {
    // A create that timed out (or a link reactivating after INACTIVE): wait as create does.
    const timeout = timeoutMs(news.timeouts, "create");
    const waited = await step(() => waitVpcLinkAvailable(client, id, timeout));
    link = waited.value.link;
    if (link && !waited.settled) {
      throw initFailed(
        verb,
        resourceId,
        `still PENDING after ${formatDuration(timeout)}; the next \`pulumi up\` resumes waiting`,
        id,
        outputsOf(link, news.region, news.timeouts),
      );
    }
  }
  if (!link) throw fail("the VPC link no longer exists; run `pulumi refresh` to drop it");
  if (link.VpcLinkStatus === "FAILED") {
    throw fail(
      `the VPC link is FAILED: ${link.VpcLinkStatusMessage ?? ""}; a failed link cannot recover, replace it (pulumi up --replace)`,
    );
  }
  // Assumed(vpc-link-updates-repeatable): UpdateVpcLink (set the name), TagResource (set keys) and UntagResource (drop keys) give
  // the same result when repeated, so the reads client may resend them after a lost answer.
  if (link.Name !== news.name) {
    link = await step(() => client.send(new UpdateVpcLinkCommand({ VpcLinkId: id, Name: news.name })));
    assertFieldEffect("UpdateVpcLink", "Name", news.name, link.Name);
  }
  const arn = vpcLinkArn(news.region, id);
  const { set, remove } = diffTags(link.Tags, news.tags);
  if (remove.length) await step(() => client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: remove })));
  if (Object.keys(set).length) await step(() => client.send(new TagResourceCommand({ ResourceArn: arn, Tags: set })));
  const outs = outputsOf({ ...link, Name: news.name, Tags: { ...link.Tags, ...set } }, news.region, news.timeouts);
  outs.tags = userTags(news.tags);
  if (news.importVpcLinkId) outs.importVpcLinkId = news.importVpcLinkId;
  if (!outs.creationToken && news.creationToken) outs.creationToken = news.creationToken;
  return outs;
}

/** create() with `importVpcLinkId`: adopt the link if its immutable sets match the inputs. */
async function importVpcLink(client: ApiGatewayV2Client, id: string, inputs: VpcLinkInputs): Promise<{ id: string; outs: VpcLinkOutputs }> {
  const link = await withOperation("importing", KIND, id, () => findVpcLinkById(client, id));
  if (!link) throw operationError("importing", KIND, id, undefined, `no such link in ${inputs.region}`);
  for (const [field, actual] of [
    ["subnetIds", link.SubnetIds],
    ["securityGroupIds", link.SecurityGroupIds],
  ] as const) {
    if (!sameSet(actual ?? [], inputs[field])) {
      throw operationError(
        "importing",
        KIND,
        id,
        undefined,
        `${field} differ (the link has [${[...(actual ?? [])].sort().join(", ")}]); they are immutable, so declare the link's own ${field} to import it`,
      );
    }
  }
  return { id, outs: await reconcileVpcLink(client, id, inputs, "importing") };
}

const sameSets = (link: VpcLinkShape, inputs: VpcLinkInputs) =>
  sameSet(link.SubnetIds ?? [], inputs.subnetIds) && sameSet(link.SecurityGroupIds ?? [], inputs.securityGroupIds);

/**
 * The link of this create: one already carrying its creation token (a create whose answer was
 * lost, or whose process died), else a new one. A tagged link whose immutable sets no longer
 * match (the program changed in between) is an orphan of ours: it is deleted, not adopted.
 */
async function createOrAdopt(
  client: ApiGatewayV2Client,
  mutations: ApiGatewayV2Client,
  inputs: VpcLinkInputs,
): Promise<GetVpcLinkResponse> {
  const token = inputs.creationToken;
  const read = async () => (token ? findVpcLinksByCreationToken(client, token) : []);
  const found = await read();
  for (const stale of found.filter((l) => !sameSets(l, inputs))) await sendDeleteVpcLink(client, mutations, stale.VpcLinkId ?? "");
  return readPlanSend<VpcLinkShape[], GetVpcLinkResponse>({
    initial: found.filter((l) => sameSets(l, inputs)),
    read: async () => (await read()).filter((l) => sameSets(l, inputs)),
    settled: (links) => links[0],
    send: () =>
      mutations.send(
        new CreateVpcLinkCommand({
          Name: inputs.name,
          SubnetIds: inputs.subnetIds,
          // Assumed(empty-security-groups-omitted): an empty list is sent as "none given" (AWS's answer to an explicit [] is undocumented).
          SecurityGroupIds: inputs.securityGroupIds.length ? inputs.securityGroupIds : undefined,
          Tags: { ...inputs.tags, ...(token ? { [CREATION_TOKEN_TAG]: token } : {}) },
        }),
      ),
  });
}

/** The operations behind {@link vpcLinkProvider}; tests may call either. */
export const vpcLinkOperations = VPC_LINK.operations({
  async check(olds, news) {
    return checkVpcLinkInputs(news as unknown as Record<string, unknown>, process.env, olds as unknown as Record<string, unknown>);
  },

  async diff(_id, olds, news) {
    return diffVpcLink(olds, news);
  },

  async create(inputs) {
    const name = inputs.name;
    const client = apiGatewayV2Client(inputs.region);
    const mutations = apiGatewayV2Client(inputs.region, "mutations");
    try {
      if (inputs.importVpcLinkId) return await importVpcLink(client, inputs.importVpcLinkId, inputs);
      const created = await withOperation("creating", KIND, name, () => createOrAdopt(client, mutations, inputs));
      const id = created.VpcLinkId;
      if (!id) throw operationError("creating", KIND, name, undefined, "CreateVpcLink answered without a VpcLinkId");
      let outs = outputsOf(created, inputs.region, inputs.timeouts);
      let waited: WaitResult<{ link?: GetVpcLinkResponse; status: string }>;
      try {
        waited = await waitVpcLinkAvailable(client, id, timeoutMs(inputs.timeouts, "create"));
      } catch (e) {
        throw initFailed("creating", name, `waiting for ${id} to become AVAILABLE: ${causeText(e)}`, id, outs, e);
      }
      const { link, status } = waited.value;
      if (link) outs = outputsOf(link, inputs.region, inputs.timeouts);
      if (status === "PENDING") {
        throw initFailed(
          "creating",
          name,
          `${id} still PENDING after ${formatDuration(timeoutMs(inputs.timeouts, "create"))}; the next \`pulumi up\` resumes waiting`,
          id,
          outs,
        );
      }
      if (status === "FAILED") {
        const cause = `${id} is FAILED: ${outs.statusMessage}`;
        try {
          await deleteVpcLinkAndWait(client, mutations, id, timeoutMs(inputs.timeouts, "delete"));
        } catch (e) {
          throw initFailed("creating", name, `${cause}; deleting the failed link failed too: ${causeText(e)}`, id, outs, e);
        }
        throw operationError("creating", KIND, name, undefined, `${cause} (the failed link was deleted)`);
      }
      if (!link || status === "DELETING")
        throw operationError("creating", KIND, name, undefined, `${id} was deleted while waiting for AVAILABLE`);
      return { id, outs }; // AVAILABLE, or INACTIVE already
    } finally {
      client.destroy();
      mutations.destroy();
    }
  },

  async read(id, props) {
    const region = resolveRegion(props?.region);
    if (!region) throw operationError("reading", KIND, id, undefined, "no region: set AWS_REGION or AWS_DEFAULT_REGION to import");
    const client = apiGatewayV2Client(region);
    try {
      const link = await withOperation("reading", KIND, id, () => findVpcLinkById(client, id));
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
      return { outs: await reconcileVpcLink(client, id, news, "updating") };
    } finally {
      client.destroy();
    }
  },

  async delete(id, props) {
    const region = resolveRegion(props.region);
    if (!region) throw operationError("deleting", KIND, id, undefined, "no region in the state, AWS_REGION or AWS_DEFAULT_REGION");
    const client = apiGatewayV2Client(region);
    const mutations = apiGatewayV2Client(region, "mutations");
    try {
      await withOperation("deleting", KIND, id, () => deleteVpcLinkAndWait(client, mutations, id, timeoutMs(props.timeouts, "delete")));
    } finally {
      client.destroy();
      mutations.destroy();
    }
  },
});
