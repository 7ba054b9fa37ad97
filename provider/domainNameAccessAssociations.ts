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
  CreateDomainNameAccessAssociationCommand,
  DeleteDomainNameAccessAssociationCommand,
  GetDomainNameAccessAssociationsCommand,
  RejectDomainNameAccessAssociationCommand,
  type APIGatewayClient,
  type DomainNameAccessAssociation,
} from "@aws-sdk/client-api-gateway";
import * as pulumi from "@pulumi/pulumi";
import { VPC_ENDPOINT_ID, VPC_ENDPOINT_ID_RULE } from "./ids";
import { apiGatewayClient, isNotFound } from "./clients";
import { causeText, operationError } from "./errors";
import { DOMAIN_NAME, DOMAIN_NAME_ID, parseDomainNameArn } from "./domainNameArns";
import { partitionOf } from "./endpointNames";
import * as contract from "./stateContract";
import { providerVia } from "./providerVia";
import { checkIdList, checkRegion, Failures, sameSet, UNKNOWN } from "./validation";
import { createClient, isAlreadyExists, quotaHint } from "./domainNameCalls";
import { creationUrnOf } from "./creationUrn";
import { DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE } from "./types";
import { CREATION_TOKEN_TAG, creationToken } from "./vpcLinkChecks";

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

const ARN_RULE = "a private domain name ARN (arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId})";

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
  const inputs: DomainNameAccessAssociationsInputs = {
    domainNameArn: arn as string,
    // An owner that only rejects may declare no endpoints of its own.
    vpcEndpointIds: checkIdList(
      failures,
      "vpcEndpointIds",
      news.vpcEndpointIds ?? (reject === true ? [] : undefined),
      VPC_ENDPOINT_ID,
      VPC_ENDPOINT_ID_RULE,
      { min: reject === true ? 0 : 1 },
    ),
    region,
    rejectOtherAccounts: reject === true,
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
  const desired = new Set(args.desired);
  const managed = new Set(args.managedBefore);
  const create = [...desired].filter((v) => !(v in args.present)).sort();
  const remove = [...managed]
    .filter((v) => !desired.has(v) && v in args.present && !args.adoptedBefore.includes(v))
    .sort()
    .map((v) => ({ vpcEndpointId: v, arn: args.present[v] }));
  const adopted = [...desired].filter((v) => v in args.present && (!managed.has(v) || args.adoptedBefore.includes(v))).sort();
  return { create, remove, adopted };
}

/** Pure: the other accounts' associations with the domain that nobody declared. */
export function planRejections(foreign: readonly { arn: string; vpcEndpointId: string }[], declared: readonly string[]): string[] {
  const keep = new Set(declared);
  return foreign
    .filter((f) => !keep.has(f.vpcEndpointId))
    .map((f) => f.arn)
    .sort();
}

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

const KIND = "domain name access associations";

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

/** Creates one association; a response lost before a retry's "already exists" still counts as made. */
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
    listed = true;
    // A create's rerun after a crash: the associations carrying its token are its own, not adopted.
    const token = before ? undefined : inputs.creationToken;
    const claimed = tokenClaims(list, domainNameArn, token).filter((v) => inputs.vpcEndpointIds.includes(v));
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
export const domainNameAccessAssociationsOperations: Required<
  Omit<pulumi.dynamic.ResourceProvider<DomainNameAccessAssociationsInputs, DomainNameAccessAssociationsOutputs>, "configure">
> = {
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
};

/** The provider stored in state: a small facade over the operations (see providerVia). */
export const domainNameAccessAssociationsProvider = providerVia(() => contract.DomainNameAccessAssociations());

/**
 * Associates VPC endpoints with a private custom domain name, one association per endpoint,
 * and keeps the set in step with the fewest calls. Works for the domain's owner and for a
 * consumer account the domain is shared with, from the domain's ARN alone.
 */
export class DomainNameAccessAssociations extends pulumi.dynamic.Resource {
  /** The private custom domain name's ARN. */
  declare readonly domainNameArn: pulumi.Output<string>;
  /** The region of the domain and the endpoints. */
  declare readonly region: pulumi.Output<string>;
  /** The domain's host name, from the ARN. */
  declare readonly domainName: pulumi.Output<string>;
  /** The identifier AWS gave this private domain name, from the ARN. */
  declare readonly domainNameId: pulumi.Output<string>;
  /** The endpoints this resource manages, sorted. */
  declare readonly vpcEndpointIds: pulumi.Output<string[]>;
  /** vpce id -> association ARN. */
  declare readonly associationArns: pulumi.Output<Record<string, string>>;
  /** Managed endpoints whose association existed before; left in place on delete. */
  declare readonly adoptedVpcEndpointIds: pulumi.Output<string[]>;
  /** Whether other accounts' undeclared associations are rejected. */
  declare readonly rejectOtherAccounts: pulumi.Output<boolean>;
  /** Other accounts' endpoints whose associations are kept, sorted. */
  declare readonly otherAccountVpcEndpointIds: pulumi.Output<string[]>;
  /** Other accounts' associations rejected by the last create or update. */
  declare readonly rejectedAssociationArns: pulumi.Output<string[]>;

  /**
   * Declares the associations; create makes one per endpoint not yet associated.
   * @param name - The Pulumi resource name.
   * @param args - The domain's ARN and the endpoints.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: DomainNameAccessAssociationsArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      rejectOtherAccounts: args.rejectOtherAccounts ?? false,
      otherAccountVpcEndpointIds: args.otherAccountVpcEndpointIds ?? [],
      domainName: undefined,
      domainNameId: undefined,
      associationArns: undefined,
      adoptedVpcEndpointIds: undefined,
      rejectedAssociationArns: undefined,
      creationUrn: creationUrnOf(name, DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE, opts),
    };
    super(domainNameAccessAssociationsProvider, name, props, opts, "apigw", "DomainNameAccessAssociations");
  }
}
