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
 * as its own instead. UpdateRestApi's answer must show the change (effects.ts).
 */
import { APIGatewayClient, GetRestApiCommand, UpdateRestApiCommand, type RestApi } from "@aws-sdk/client-api-gateway";
import { apiGatewayClient, isNotFound } from "../clients";
import { assertListEffect } from "../effects";
import { operationError } from "../errors";
import { clearJournal, journalIds, journalKeys, journalTags, restApiArn, writeJournal } from "../ownershipJournal";
import { readPlanSend } from "../mutation";
import { planOwnedSet } from "../ownedSet";
import { resolveRegion } from "../validation";
import {
  patchOperations,
  planAssociation,
  checkAssociationInputs,
  diffAssociation,
  VPC_ENDPOINT_ASSOCIATION,
  type AssociationPlan,
  type VpcEndpointAssociationInputs,
  type VpcEndpointAssociationOutputs,
} from "./model";

/** The resource kind in every error message. */
const KIND = VPC_ENDPOINT_ASSOCIATION.errorKind;

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
 * lost answer it reads and plans again. Returns the API's list afterwards, sorted. `beforeSend`
 * runs before each UpdateRestApi (the journal). The list in UpdateRestApi's answer must show the
 * plan applied, else it throws IneffectiveChangeError.
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
      let journal: string[] = []; // this create's journal keys on the API
      const read = async () => {
        const { ids: current, tags } = await privateApiEndpoints(clients.reads, restApiId, region, verb);
        if (first === undefined && token) {
          // A rerun of a create cut off by a crash: the ids its journal names are its own.
          managedBefore = journalIds(tags, token).filter((id) => current.includes(id) && vpcEndpointIds.includes(id));
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
        : planOwnedSet({ present: initial, desired: vpcEndpointIds, managedBefore, adoptedBefore }).adopted;
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
export const vpcEndpointAssociationOperations = VPC_ENDPOINT_ASSOCIATION.operations({
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
});
