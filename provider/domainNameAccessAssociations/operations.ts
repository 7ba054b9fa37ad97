/**
 * DomainNameAccessAssociations: one domain name access association per declared VPC endpoint
 * with a private custom domain name, made by the account the endpoints belong to (the domain's
 * owner or a consumer it shared the domain with), from the domain's ARN alone.
 *
 *   check  -> no AWS call: the ARN's form, its region against `region`, the endpoint ids
 *   diff   -> no AWS call: domainNameArn/region replace; endpoint sets and rejection update
 *   create -> GetDomainNameAccessAssociations (SELF), then one CreateDomainNameAccessAssociation
 *             per endpoint not yet associated; with rejectOtherAccounts also
 *             GetDomainNameAccessAssociations (OTHER_ACCOUNTS) and one
 *             RejectDomainNameAccessAssociation per undeclared foreign association
 *   read   -> GetDomainNameAccessAssociations (SELF): the managed associations still present
 *   update -> the same list, then one Create per added and one DeleteDomainNameAccessAssociation
 *             per released endpoint (k changes: k calls plus the list), and the rejections
 *   delete -> the list, then one Delete per association this resource made
 *
 * Associations that existed before this resource first managed an endpoint are "adopted" and
 * never deleted. Through the class, every association a create makes carries the creation token
 * (CREATION_TOKEN_TAG); a rerun of a create cut off by a crash claims those as its own. A create whose response was lost is retried by the SDK and then answers
 * "already exists": that association is ours. Partial progress is recorded (an error carrying
 * `id` and `properties`), so nothing is left untracked.
 */
import {
  APIGatewayClient,
  CreateDomainNameAccessAssociationCommand,
  DeleteDomainNameAccessAssociationCommand,
  GetDomainNameAccessAssociationsCommand,
  RejectDomainNameAccessAssociationCommand,
  type DomainNameAccessAssociation,
} from "@aws-sdk/client-api-gateway";
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from "@smithy/types";
import { apiGatewayClient, isNotFound, retryStrategyFor } from "../clients";
import { parseDomainNameArn } from "../domainNameArns";
import { causeText, operationError } from "../errors";
import type { ApiGatewayRetryStrategy } from "../retry";
import { CREATION_TOKEN_TAG } from "../vpcLink/model";
import {
  ARN_RULE,
  checkAccessAssociationsInputs,
  diffAccessAssociations,
  DOMAIN_NAME_ACCESS_ASSOCIATIONS,
  planAssociationSet,
  planRejections,
  isAlreadyExists,
  quotaHint,
  type DomainNameAccessAssociationsInputs,
  type DomainNameAccessAssociationsOutputs,
} from "./model";

/** Creates stop retrying once the thing exists (a lost answer's retry then finds it by listing). */
/** The project's retry strategy, except that "already exists" ends the retries. */
export function createRetryStrategy(region: string): RetryStrategyV2 {
  const base = retryStrategyFor(region);
  return {
    mode: "standard",
    acquireInitialRetryToken: () => base.acquireInitialRetryToken(),
    refreshRetryTokenForRetry: async (token: StandardRetryToken, info: RetryErrorInfo) => {
      if (isAlreadyExists(info.error)) throw new Error("No retry token available");
      return base.refreshRetryTokenForRetry(token as Parameters<ApiGatewayRetryStrategy["refreshRetryTokenForRetry"]>[0], info);
    },
    recordSuccess: (token: RetryToken) => base.recordSuccess(token),
  } as RetryStrategyV2;
}

/** A client for creates: see {@link createRetryStrategy}. */
export function createClient(region: string): APIGatewayClient {
  return new APIGatewayClient({ region, retryStrategy: createRetryStrategy(region) });
}

/** The resource kind in every error message. */
const KIND = DOMAIN_NAME_ACCESS_ASSOCIATIONS.errorKind;

/** Every association of this account (SELF) or with this account's domains (OTHER_ACCOUNTS), all pages. */
export async function listAccessAssociations(
  client: APIGatewayClient,
  resourceOwner: "SELF" | "OTHER_ACCOUNTS",
): Promise<DomainNameAccessAssociation[]> {
  const all: DomainNameAccessAssociation[] = [];
  let position: string | undefined;
  do {
    const page = await client.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner, limit: 500, position }));
    all.push(...(page.items ?? []));
    position = page.position;
  } while (position);
  return all;
}

/** vpce id -> association ARN, for this domain's VPCE associations in a list. */
export function associationsOf(list: readonly DomainNameAccessAssociation[], domainNameArn: string): Record<string, string> {
  return Object.fromEntries(
    list
      .filter(
        (a) =>
          a.domainNameArn === domainNameArn &&
          a.accessAssociationSourceType === "VPCE" &&
          a.accessAssociationSource &&
          a.domainNameAccessAssociationArn,
      )
      .map((a) => [a.accessAssociationSource as string, a.domainNameAccessAssociationArn as string]),
  );
}

/**
 * An error the dynamic-provider host turns into ErrorResourceInitFailed: the engine records what
 * now exists (id and state) as created but not initialised.
 */
function initFailed(error: Error, id: string, properties: DomainNameAccessAssociationsOutputs): Error {
  return Object.assign(error, { id, properties, reasons: [error.message] });
}

function outputsOf(
  inputs: DomainNameAccessAssociationsInputs,
  arns: Record<string, string>,
  adopted: string[],
  rejected: string[],
): DomainNameAccessAssociationsOutputs {
  const parts = parseDomainNameArn(inputs.domainNameArn);
  const managed = Object.keys(arns).sort();
  return {
    ...inputs,
    vpcEndpointIds: managed,
    domainName: parts?.domainName ?? "",
    domainNameId: parts?.domainNameId ?? "",
    associationArns: Object.fromEntries(managed.map((v) => [v, arns[v]])),
    adoptedVpcEndpointIds: adopted.filter((v) => v in arns).sort(),
    rejectedAssociationArns: rejected,
  };
}

/** Pure: the endpoints whose association with this domain carries `token` (made by a create of this resource). */
export function tokenClaims(list: readonly DomainNameAccessAssociation[], domainNameArn: string, token: string | undefined): string[] {
  if (!token) return [];
  return list
    .filter((a) => a.domainNameArn === domainNameArn && a.accessAssociationSourceType === "VPCE" && a.tags?.[CREATION_TOKEN_TAG] === token)
    .map((a) => a.accessAssociationSource as string)
    .sort();
}

/**
 * Creates one association, tagged with the creation token in the same request (so its ownership
 * survives a crash with no window); a response lost before a retry's "already exists" still counts as made.
 */
async function createOne(
  region: string,
  domainNameArn: string,
  vpcEndpointId: string,
  token: string | undefined,
): Promise<{ arn: string; adopted: boolean }> {
  const client = createClient(region);
  try {
    const made = await client.send(
      new CreateDomainNameAccessAssociationCommand({
        domainNameArn,
        accessAssociationSourceType: "VPCE",
        accessAssociationSource: vpcEndpointId,
        ...(token ? { tags: { [CREATION_TOKEN_TAG]: token } } : {}),
      }),
    );
    if (!made.domainNameAccessAssociationArn)
      throw new Error(`CreateDomainNameAccessAssociation answered without an ARN for ${vpcEndpointId}`);
    return { arn: made.domainNameAccessAssociationArn, adopted: false };
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    // Find out what exists rather than guess. A first attempt that meets an existing association
    // found someone else's (adopted); a retry after a lost response found our own.
    const list = await listAccessAssociations(client, "SELF");
    const found = associationsOf(list, domainNameArn)[vpcEndpointId];
    if (!found) throw e;
    const attempts = (e as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
    return { arn: found, adopted: attempts <= 1 && !tokenClaims(list, domainNameArn, token).includes(vpcEndpointId) };
  } finally {
    client.destroy();
  }
}

async function converge(
  inputs: DomainNameAccessAssociationsInputs,
  before: DomainNameAccessAssociationsOutputs | undefined,
  verb: string,
): Promise<DomainNameAccessAssociationsOutputs> {
  const { domainNameArn, region } = inputs;
  const client = apiGatewayClient(region);
  const arns: Record<string, string> = {};
  const adopted: string[] = [];
  const rejected: string[] = [];
  let listed = false;
  try {
    const list = await listAccessAssociations(client, "SELF");
    const present = associationsOf(list, domainNameArn);
    // A create's rerun after a crash: the associations carrying its token are its own, not adopted.
    const token = before ? undefined : inputs.creationToken;
    const claimed = tokenClaims(list, domainNameArn, token).filter((v) => inputs.vpcEndpointIds.includes(v));
    listed = true;
    const managedBefore = before ? Object.keys(before.associationArns ?? {}) : claimed;
    const plan = planAssociationSet({
      present,
      desired: inputs.vpcEndpointIds,
      managedBefore,
      adoptedBefore: before?.adoptedVpcEndpointIds ?? [],
    });
    // Start from what is there and managed, so a failure part-way records the truth.
    for (const v of [...new Set([...managedBefore, ...plan.adopted])]) if (present[v]) arns[v] = present[v];
    adopted.push(...plan.adopted);
    for (const v of plan.create) {
      const made = await createOne(region, domainNameArn, v, token);
      arns[v] = made.arn;
      if (made.adopted) adopted.push(v);
    }
    for (const r of plan.remove) {
      await deleteOne(client, r.arn);
      delete arns[r.vpcEndpointId];
    }
    if (inputs.rejectOtherAccounts) {
      const foreign = (await listAccessAssociations(client, "OTHER_ACCOUNTS"))
        .filter((a) => a.domainNameArn === domainNameArn && a.domainNameAccessAssociationArn)
        .map((a) => ({ arn: a.domainNameAccessAssociationArn as string, vpcEndpointId: a.accessAssociationSource ?? "" }));
      for (const arn of planRejections(foreign, [...inputs.vpcEndpointIds, ...inputs.otherAccountVpcEndpointIds])) {
        await rejectOne(client, arn, domainNameArn);
        rejected.push(arn);
      }
    }
    return outputsOf(inputs, arns, adopted, rejected);
  } catch (e) {
    const error = operationError(verb, KIND, domainNameArn, e, `${causeText(e)}${quotaHint(e)}`);
    // Nothing changed before the list succeeded; afterwards, record what now exists.
    if (!listed) throw error;
    throw initFailed(error, domainNameArn, outputsOf(inputs, arns, adopted, rejected));
  } finally {
    client.destroy();
  }
}

/** Deletes one association; one already gone (a lost response, or deleted out of band) is fine. */
async function deleteOne(client: APIGatewayClient, arn: string): Promise<void> {
  try {
    await client.send(new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: arn }));
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

async function rejectOne(client: APIGatewayClient, arn: string, domainNameArn: string): Promise<void> {
  try {
    await client.send(new RejectDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: arn, domainNameArn }));
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** The operations behind {@link domainNameAccessAssociationsProvider}; tests may call either. */
export const domainNameAccessAssociationsOperations = DOMAIN_NAME_ACCESS_ASSOCIATIONS.operations({
  async check(olds, news) {
    return checkAccessAssociationsInputs(
      news as unknown as Record<string, unknown>,
      process.env,
      olds as unknown as Record<string, unknown>,
    );
  },

  async diff(_id, olds, news) {
    return diffAccessAssociations(olds, news);
  },

  async create(inputs) {
    return { id: inputs.domainNameArn, outs: await converge(inputs, undefined, "creating") };
  },

  async update(_id, olds, news) {
    return { outs: await converge(news, olds, "updating") };
  },

  async read(id, props) {
    const region = props?.region ?? parseDomainNameArn(id)?.region;
    if (!region) throw operationError("reading", KIND, id, undefined, `${id} is not ${ARN_RULE}`);
    const client = apiGatewayClient(region);
    try {
      const present = associationsOf(await listAccessAssociations(client, "SELF"), id);
      // An import (no props) takes every association of this account with the domain as its own.
      const managed = props?.associationArns ? Object.keys(props.associationArns).filter((v) => v in present) : Object.keys(present);
      const arns = Object.fromEntries(managed.map((v) => [v, present[v]]));
      const inputs: DomainNameAccessAssociationsInputs = {
        domainNameArn: id,
        region,
        vpcEndpointIds: managed,
        rejectOtherAccounts: props?.rejectOtherAccounts ?? false,
        otherAccountVpcEndpointIds: props?.otherAccountVpcEndpointIds ?? [],
      };
      return { id, props: outputsOf(inputs, arns, props?.adoptedVpcEndpointIds ?? [], props?.rejectedAssociationArns ?? []) };
    } catch (e) {
      throw operationError("reading", KIND, id, e);
    } finally {
      client.destroy();
    }
  },

  async delete(id, props) {
    const region = props.region ?? parseDomainNameArn(id)?.region ?? "";
    const client = apiGatewayClient(region);
    try {
      const present = associationsOf(await listAccessAssociations(client, "SELF"), props.domainNameArn ?? id);
      const adopted = props.adoptedVpcEndpointIds ?? [];
      for (const [v, arn] of Object.entries(props.associationArns ?? {})) {
        if (!adopted.includes(v) && present[v] === arn) await deleteOne(client, arn);
      }
    } catch (e) {
      throw operationError("deleting", KIND, id, e);
    } finally {
      client.destroy();
    }
  },
});
