/**
 * VpcEndpointAssociation: associates VPC endpoints with a PRIVATE REST API (API Gateway v1).
 *
 *   check  -> no AWS call: validates and normalises (sorted, deduplicated ids; resolved region)
 *   diff   -> no AWS call: restApiId/region replace; a changed id set updates in place
 *   create -> GetRestApi, then at most one UpdateRestApi with every add (and, if exclusive, remove)
 *   read   -> GetRestApi: the managed ids still present; a vanished API drops the resource
 *   update -> GetRestApi, then at most one UpdateRestApi
 *   delete -> GetRestApi, then at most one UpdateRestApi removing the managed ids still present
 *
 * Ids that were already associated when this resource first managed them are "adopted": the
 * resource never removes them (it did not create them), unless it is `exclusive`.
 */
import { APIGatewayClient, GetRestApiCommand, UpdateRestApiCommand, type PatchOperation, type RestApi } from "@aws-sdk/client-api-gateway";
import * as pulumi from "@pulumi/pulumi";
import { providerVia } from "./providerVia";
import * as self from "./vpcEndpointAssociation";
import { REST_API_ID, VPC_ENDPOINT_ID } from "../local/ids";
import { apiGatewayClient, errorMessage, isNotFound } from "./clients";
import { checkId, checkIdList, checkRegion, Failures, programRegion, sameSet, UNKNOWN } from "./validation";

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
  restApiId: string;
  vpcEndpointIds: string[];
  region: string;
  exclusive: boolean;
  /** Set only when true. */
  importExisting?: boolean;
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
  add: string[];
  remove: string[];
}

/** Validates and normalises the inputs; every failure names the field and the rule. */
export function checkAssociationInputs(news: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): pulumi.dynamic.CheckResult<VpcEndpointAssociationInputs> {
  const failures = new Failures();
  const inputs = {
    restApiId: checkId(failures, "restApiId", news.restApiId, REST_API_ID, "a REST API id (10 lowercase letters or digits)"),
    vpcEndpointIds: checkIdList(failures, "vpcEndpointIds", news.vpcEndpointIds, VPC_ENDPOINT_ID, "a VPC endpoint id (vpce- followed by 8 or 17 lowercase hex digits)", { min: 1 }),
    region: checkRegion(failures, news.region, env) as string,
    exclusive: news.exclusive === true,
    ...(news.importExisting === true ? { importExisting: true } : {}),
  };
  for (const flag of ["exclusive", "importExisting"] as const) {
    if (news[flag] !== undefined && news[flag] !== UNKNOWN && typeof news[flag] !== "boolean") {
      failures.add(flag, `must be true or false, got ${JSON.stringify(news[flag])}`);
    }
  }
  return failures.list.length ? { inputs, failures: failures.list } : { inputs };
}

/** Pure: restApiId or region replaces; a changed id set or exclusivity updates; order is no change. */
export function diffAssociation(olds: Partial<VpcEndpointAssociationOutputs>, news: VpcEndpointAssociationInputs): pulumi.dynamic.DiffResult {
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
export function planAssociation(args: { current: readonly string[]; desired: readonly string[]; managedBefore: readonly string[]; adopted: readonly string[]; exclusive: boolean }): AssociationPlan {
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

/** The API's current endpoint list; throws a clear error if the API is missing or not PRIVATE. */
async function privateApiEndpointIds(client: APIGatewayClient, restApiId: string, region: string, verb: string): Promise<string[]> {
  const api = await findRestApiById(client, restApiId);
  if (!api) throw new Error(`${verb} VPC endpoint association (${restApiId}): REST API ${restApiId} does not exist in ${region}`);
  const types = api.endpointConfiguration?.types ?? [];
  if (!types.includes("PRIVATE")) {
    throw new Error(`${verb} VPC endpoint association (${restApiId}): REST API ${restApiId} in ${region} has endpoint type ${types.join(", ") || "none"}; VPC endpoints can only be associated with a PRIVATE REST API`);
  }
  return [...(api.endpointConfiguration?.vpcEndpointIds ?? [])];
}

/** Sends the plan as one UpdateRestApi (none if empty) and returns the API's list afterwards. */
async function applyPlan(client: APIGatewayClient, restApiId: string, current: string[], plan: AssociationPlan): Promise<string[]> {
  const patch = patchOperations(plan);
  if (patch.length === 0) return [...current].sort();
  const api = await client.send(new UpdateRestApiCommand({ restApiId, patchOperations: patch }));
  return [...(api.endpointConfiguration?.vpcEndpointIds ?? [])].sort();
}

async function converge(inputs: VpcEndpointAssociationInputs, before: { managed: string[]; adopted: string[] } | undefined, verb: string): Promise<VpcEndpointAssociationOutputs> {
  const { restApiId, region, exclusive, vpcEndpointIds } = inputs;
  const client = apiGatewayClient(region);
  try {
    const current = await privateApiEndpointIds(client, restApiId, region, verb);
    const managedBefore = before?.managed ?? [];
    // Adopted: declared ids found already associated that this resource did not add itself.
    const adopted = inputs.importExisting
      ? (before?.adopted ?? []).filter((id) => vpcEndpointIds.includes(id) && current.includes(id))
      : vpcEndpointIds.filter((id) => current.includes(id) && (!before || !managedBefore.includes(id) || before.adopted.includes(id)));
    const plan = planAssociation({ current, desired: vpcEndpointIds, managedBefore, adopted: before?.adopted ?? [], exclusive });
    const apiVpcEndpointIds = await applyPlan(client, restApiId, current, plan);
    const outs: VpcEndpointAssociationOutputs = { restApiId, region, exclusive, vpcEndpointIds: [...vpcEndpointIds].sort(), adoptedVpcEndpointIds: exclusive ? [] : adopted.sort(), apiVpcEndpointIds };
    if (inputs.importExisting) outs.importExisting = true;
    return outs;
  } catch (e) {
    throw wrap(e, verb, restApiId);
  } finally {
    client.destroy();
  }
}

function wrap(e: unknown, verb: string, restApiId: string): Error {
  if (e instanceof Error && e.message.startsWith(verb)) return e;
  return new Error(`${verb} VPC endpoint association (${restApiId}): ${errorMessage(e)}`);
}

/** The operations behind {@link vpcEndpointAssociationProvider}; tests may call either. */
export const vpcEndpointAssociationOperations: Required<Omit<pulumi.dynamic.ResourceProvider<VpcEndpointAssociationInputs, VpcEndpointAssociationOutputs>, "configure">> = {
  async check(_olds, news) {
    return checkAssociationInputs(news as unknown as Record<string, unknown>);
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
    const region = props?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error(`reading VPC endpoint association (${id}): no region: set AWS_REGION to import`);
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
      throw wrap(e, "reading", id);
    } finally {
      client.destroy();
    }
  },

  async delete(id, props) {
    const client = apiGatewayClient(props.region);
    try {
      const api = await findRestApiById(client, props.restApiId ?? id);
      if (!api) return; // already gone: nothing left to disassociate
      const current = api.endpointConfiguration?.vpcEndpointIds ?? [];
      const adopted = props.exclusive ? [] : props.adoptedVpcEndpointIds ?? [];
      const plan = { add: [], remove: (props.vpcEndpointIds ?? []).filter((v) => current.includes(v) && !adopted.includes(v)).sort() };
      await applyPlan(client, props.restApiId ?? id, current, plan);
    } catch (e) {
      throw wrap(e, "deleting", id);
    } finally {
      client.destroy();
    }
  },
};


/** The provider stored in state: a small facade over the operations (see providerVia). */
export const vpcEndpointAssociationProvider = providerVia(() => self.vpcEndpointAssociationOperations);

/**
 * Associates VPC endpoints with a PRIVATE REST API and keeps the association in place with the
 * fewest patch operations. Use it beside `aws.apigateway.RestApi` with
 * `ignoreChanges: ["endpointConfiguration.vpcEndpointIds"]` so the two never fight.
 */
export class VpcEndpointAssociation extends pulumi.dynamic.Resource {
  declare readonly restApiId: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly exclusive: pulumi.Output<boolean>;
  /** The ids this resource manages, sorted. */
  declare readonly vpcEndpointIds: pulumi.Output<string[]>;
  /** Managed ids that pre-existed on the API; left in place on delete. */
  declare readonly adoptedVpcEndpointIds: pulumi.Output<string[]>;
  /** The API's whole endpoint list after the last operation, sorted. */
  declare readonly apiVpcEndpointIds: pulumi.Output<string[]>;

  constructor(name: string, args: VpcEndpointAssociationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      region: args.region ?? programRegion(new pulumi.Config("aws")),
      exclusive: args.exclusive ?? false,
      adoptedVpcEndpointIds: undefined,
      apiVpcEndpointIds: undefined,
    };
    super(vpcEndpointAssociationProvider, name, props, opts, "apigw", "VpcEndpointAssociation");
  }
}
