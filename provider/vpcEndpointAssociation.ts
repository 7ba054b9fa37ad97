/**
 * VpcEndpointAssociation: associates VPC endpoints with a PRIVATE REST API (API Gateway v1).
 *
 *   check  -> no AWS call: validates and normalises (sorted, deduplicated ids; resolved region)
 *   diff   -> no AWS call: restApiId/region replace; a changed id set updates in place
 *   create -> GetRestApi, then at most one UpdateRestApi with every add (and, if exclusive, remove);
 *             through the class (a creation token), TagResource before the patch writes the ids
 *             it adds into an ownership journal on the API, UntagResource after it clears it
 *   read   -> GetRestApi: the managed ids still present; a vanished API drops the resource
 *   update -> GetRestApi, then at most one UpdateRestApi
 *   delete -> GetRestApi, then at most one UpdateRestApi removing the managed ids still present
 *
 * UpdateRestApi is never resent blindly: after a lost answer (reset, timeout, 5xx) GetRestApi
 * reads the list again and the plan is made anew, so a patch that took effect is not repeated
 * (a second `add` of an associated id is refused by AWS).
 *
 * Ids that were already associated when this resource first managed them are "adopted": the
 * resource never removes them (it did not create them), unless it is `exclusive`. Ids named by
 * this resource's own journal (a create cut off by a crash; see ownershipJournal.ts) are claimed
 * as its own instead.
 */
import { APIGatewayClient, GetRestApiCommand, UpdateRestApiCommand, type PatchOperation, type RestApi } from "@aws-sdk/client-api-gateway";
import * as pulumi from "@pulumi/pulumi";
import { providerVia } from "./providerVia";
import * as contract from "./stateContract";
import { REST_API_ID, REST_API_ID_RULE, VPC_ENDPOINT_ID, VPC_ENDPOINT_ID_RULE } from "./ids";
import { apiGatewayClient, isNotFound } from "./clients";
import { assertListEffect } from "./effects";
import { operationError } from "./errors";
import { clearJournal, journalIds, journalKeys, journalTags, restApiArn, writeJournal } from "./ownershipJournal";
import { creationToken } from "./vpcLinkChecks";
import { creationUrnOf } from "./creationUrn";
import { VPC_ENDPOINT_ASSOCIATION_TYPE } from "./types";
import { readPlanSend } from "./mutation";
import { checkId, checkIdList, checkRegion, Failures, programRegion, resolveRegion, sameSet, UNKNOWN } from "./validation";

/** The resource kind in every error message. */
const KIND = "VPC endpoint association";

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
  const current = new Set(args.current);
  const desired = new Set(args.desired);
  const adopted = new Set(args.adopted);
  const add = [...desired].filter((id) => !current.has(id));
  const remove = args.exclusive
    ? [...current].filter((id) => !desired.has(id))
    : args.managedBefore.filter((id) => !desired.has(id) && current.has(id) && !adopted.has(id));
  return { add: add.sort(), remove: [...new Set(remove)].sort() };
}

/** Pure: the patch operations of a plan, one id per operation. */
export function patchOperations(plan: AssociationPlan): PatchOperation[] {
  return [
    ...plan.remove.map((value) => ({ op: "remove" as const, path: VPC_ENDPOINT_IDS_PATH, value })),
    ...plan.add.map((value) => ({ op: "add" as const, path: VPC_ENDPOINT_IDS_PATH, value })),
  ];
}

/** The REST API, or undefined if it does not exist. */
export async function findRestApiById(client: APIGatewayClient, restApiId: string): Promise<RestApi | undefined> {
  try {
    return await client.send(new GetRestApiCommand({ restApiId }));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** The API's current endpoint list and tags; throws a clear error if the API is missing or not PRIVATE. */
async function privateApiEndpoints(
  client: APIGatewayClient,
  restApiId: string,
  region: string,
  verb: string,
): Promise<{ ids: string[]; tags: Record<string, string> }> {
  const api = await findRestApiById(client, restApiId);
  if (!api) throw operationError(verb, KIND, restApiId, undefined, `REST API ${restApiId} does not exist in ${region}`);
  const types = api.endpointConfiguration?.types ?? [];
  if (!types.includes("PRIVATE")) {
    throw operationError(
      verb,
      KIND,
      restApiId,
      undefined,
      `REST API ${restApiId} in ${region} has endpoint type ${types.join(", ") || "none"}; VPC endpoints can only be associated with a PRIVATE REST API`,
    );
  }
  return { ids: [...(api.endpointConfiguration?.vpcEndpointIds ?? [])], tags: api.tags ?? {} };
}

/**
 * Reads the API's list, plans, and sends the plan as one UpdateRestApi (none if empty); after a
 * lost answer it reads and plans again. Returns the API's list afterwards, sorted. The list in
 * UpdateRestApi's answer must show the plan applied, else it throws IneffectiveChangeError.
 */
export async function applyPlan(
  clients: { reads: APIGatewayClient; mutations: APIGatewayClient },
  restApiId: string,
  read: () => Promise<string[]>,
  plan: (current: string[]) => AssociationPlan,
  beforeSend?: (change: AssociationPlan) => Promise<void>,
): Promise<string[]> {
  return readPlanSend<string[], string[]>({
    read,
    settled: (current) => (patchOperations(plan(current)).length === 0 ? [...current].sort() : undefined),
    send: async (current) => {
      const change = plan(current);
      await beforeSend?.(change);
      const api = await clients.mutations.send(new UpdateRestApiCommand({ restApiId, patchOperations: patchOperations(change) }));
      const after = api.endpointConfiguration?.vpcEndpointIds;
      assertListEffect("UpdateRestApi", "endpointConfiguration.vpcEndpointIds", change, after);
      return [...(after ?? [])].sort();
    },
  });
}

/** The read and the mutation client of one operation, destroyed together. */
async function withClients<T>(
  region: string,
  fn: (clients: { reads: APIGatewayClient; mutations: APIGatewayClient }) => Promise<T>,
): Promise<T> {
  const clients = { reads: apiGatewayClient(region), mutations: apiGatewayClient(region, "mutations") };
  try {
    return await fn(clients);
  } finally {
    clients.reads.destroy();
    clients.mutations.destroy();
  }
}

async function converge(
  inputs: VpcEndpointAssociationInputs,
  before: { managed: string[]; adopted: string[] } | undefined,
  verb: string,
): Promise<VpcEndpointAssociationOutputs> {
  const { restApiId, region, exclusive, vpcEndpointIds } = inputs;
  const token = before === undefined ? inputs.creationToken : undefined; // creates journal; see ownershipJournal.ts
  try {
    return await withClients(region, async (clients) => {
      let managedBefore = before?.managed ?? [];
      const adoptedBefore = before?.adopted ?? [];
      let first: string[] | undefined;
      let journal: string[] = []; // the journal keys of this create on the API
      const read = async () => {
        const { ids: current, tags } = await privateApiEndpoints(clients.reads, restApiId, region, verb);
        if (first === undefined && token) {
          // A rerun of a create cut off by a crash: the ids its journal names are its own.
          const claimed = journalIds(tags, token).filter((id) => current.includes(id) && vpcEndpointIds.includes(id));
          managedBefore = [...managedBefore, ...claimed];
          journal = journalKeys(tags, token);
        }
        first ??= current; // adoption is decided on the list as it was before this operation
        return current;
      };
      const arn = restApiArn(region, restApiId);
      const writeAhead = async (change: AssociationPlan) => {
        if (!token || !change.add.length) return;
        const owned = [...change.add, ...managedBefore]; // what it adds, and what it claimed (a second crash keeps them claimed)
        await writeJournal(clients.reads, arn, token, owned);
        journal = [...new Set([...journal, ...Object.keys(journalTags(token, owned))])];
      };
      const apiVpcEndpointIds = await applyPlan(
        clients,
        restApiId,
        read,
        (current) => planAssociation({ current, desired: vpcEndpointIds, managedBefore, adopted: adoptedBefore, exclusive }),
        writeAhead,
      );
      await clearJournal(clients.reads, arn, journal);
      const initial = first ?? [];
      // Adopted: declared ids found already associated that this resource did not add itself.
      const adopted = inputs.importExisting
        ? adoptedBefore.filter((id) => vpcEndpointIds.includes(id) && initial.includes(id))
        : vpcEndpointIds.filter((id) => initial.includes(id) && (!managedBefore.includes(id) || adoptedBefore.includes(id)));
      const outs: VpcEndpointAssociationOutputs = {
        restApiId,
        region,
        exclusive,
        vpcEndpointIds: [...vpcEndpointIds].sort(),
        adoptedVpcEndpointIds: exclusive ? [] : adopted.sort(),
        apiVpcEndpointIds,
      };
      if (inputs.importExisting) outs.importExisting = true;
      return outs;
    });
  } catch (e) {
    throw operationError(verb, KIND, restApiId, e);
  }
}

/** The operations behind {@link vpcEndpointAssociationProvider}; tests may call either. */
export const vpcEndpointAssociationOperations: Required<
  Omit<pulumi.dynamic.ResourceProvider<VpcEndpointAssociationInputs, VpcEndpointAssociationOutputs>, "configure">
> = {
  async check(olds, news) {
    return checkAssociationInputs(news as unknown as Record<string, unknown>, process.env, olds as unknown as Record<string, unknown>);
  },

  async diff(_id, olds, news) {
    return diffAssociation(olds, news);
  },

  async create(inputs) {
    const outs = await converge(inputs, undefined, "creating");
    return { id: inputs.restApiId, outs };
  },

  async update(_id, olds, news) {
    const before = { managed: olds.vpcEndpointIds ?? [], adopted: olds.adoptedVpcEndpointIds ?? [] };
    return { outs: await converge(news, before, "updating") };
  },

  async read(id, props) {
    const region = resolveRegion(props?.region);
    if (!region) throw operationError("reading", KIND, id, undefined, "no region: set AWS_REGION to import");
    const client = apiGatewayClient(region);
    try {
      const api = await findRestApiById(client, id);
      if (!api) return {};
      const current = [...(api.endpointConfiguration?.vpcEndpointIds ?? [])].sort();
      // An import (no props) takes ownership of the whole list as it is.
      const managed = props?.vpcEndpointIds ? props.vpcEndpointIds.filter((v) => current.includes(v)) : current;
      const outs: VpcEndpointAssociationOutputs = {
        restApiId: id,
        region,
        exclusive: props?.exclusive ?? false,
        vpcEndpointIds: managed,
        adoptedVpcEndpointIds: (props?.adoptedVpcEndpointIds ?? []).filter((v) => managed.includes(v)),
        apiVpcEndpointIds: current,
      };
      return { id, props: outs };
    } catch (e) {
      throw operationError("reading", KIND, id, e);
    } finally {
      client.destroy();
    }
  },

  async delete(id, props) {
    const region = resolveRegion(props.region);
    if (!region) throw operationError("deleting", KIND, id, undefined, "no region in the state, AWS_REGION or AWS_DEFAULT_REGION");
    const restApiId = props.restApiId ?? id;
    const adopted = props.exclusive ? [] : (props.adoptedVpcEndpointIds ?? []);
    try {
      await withClients(region, (clients) =>
        applyPlan(
          clients,
          restApiId,
          async () => [...((await findRestApiById(clients.reads, restApiId))?.endpointConfiguration?.vpcEndpointIds ?? [])], // a vanished API: nothing left to remove
          (current) => ({
            add: [],
            remove: (props.vpcEndpointIds ?? []).filter((v) => current.includes(v) && !adopted.includes(v)).sort(),
          }),
        ),
      );
    } catch (e) {
      throw operationError("deleting", KIND, id, e);
    }
  },
};

/** The provider stored in state: a small facade that reaches the operations through the state contract (stateContract.ts). */
export const vpcEndpointAssociationProvider = providerVia(() => contract.VpcEndpointAssociation());

/**
 * Associates VPC endpoints with a PRIVATE REST API and keeps the association in place with the
 * fewest patch operations. Use it beside `aws.apigateway.RestApi` with
 * `ignoreChanges: ["endpointConfiguration.vpcEndpointIds"]` so the two never fight.
 */
export class VpcEndpointAssociation extends pulumi.dynamic.Resource {
  /** The PRIVATE REST API whose endpoint list this resource manages. */
  declare readonly restApiId: pulumi.Output<string>;
  /** The API's region. */
  declare readonly region: pulumi.Output<string>;
  /** Whether this resource owns the API's whole endpoint list. */
  declare readonly exclusive: pulumi.Output<boolean>;
  /** The ids this resource manages, sorted. */
  declare readonly vpcEndpointIds: pulumi.Output<string[]>;
  /** Managed ids that pre-existed on the API; left in place on delete. */
  declare readonly adoptedVpcEndpointIds: pulumi.Output<string[]>;
  /** The API's whole endpoint list after the last operation, sorted. */
  declare readonly apiVpcEndpointIds: pulumi.Output<string[]>;

  /**
   * Declares the association; create patches the API's endpoint list at most once.
   * @param name - The Pulumi resource name.
   * @param args - The API, the endpoint ids and the ownership flags.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: VpcEndpointAssociationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      region: args.region ?? programRegion(new pulumi.Config("aws")),
      exclusive: args.exclusive ?? false,
      adoptedVpcEndpointIds: undefined,
      apiVpcEndpointIds: undefined,
      creationUrn: creationUrnOf(name, VPC_ENDPOINT_ASSOCIATION_TYPE, opts),
    };
    super(vpcEndpointAssociationProvider, name, props, opts, "apigw", "VpcEndpointAssociation");
  }
}
