/**
 * The custom domain name model: private domains (name + domainNameId, a deny-all `policy` by
 * default, a `managementPolicy` that lets named accounts associate), their base path mappings,
 * and domain name access associations, which may come from other accounts.
 */
import { accessAssociationArn, DOMAIN_NAME, domainExecuteApiArn, domainNameArn, parseDomainNameArn } from "../provider/domainNameArns";
import { checkDomainPolicy, domainEndpointSecurity, patchDomainName } from "./domainNamePatch";
import { badRequest, notFound, SandboxError } from "./errors";
import { randomId, VPC_ENDPOINT_ID } from "./ids";
import { DEFAULT_DOMAIN_ROUTING_MODE, type RoutingMode } from "../provider/routingRules";
import { checkRoutingMode, type RoutingRuleRecord } from "./routingRules";
import type { PatchOperation, RestApiModel } from "./restApis";

/** The documented default quota of access associations per account (adjustable). */
export const DEFAULT_MAX_ACCESS_ASSOCIATIONS = 100;
const ENDPOINT_TYPES = ["EDGE", "REGIONAL", "PRIVATE"];

/** A custom domain name the sandbox holds, as GetDomainName answers it. */
export interface DomainNameRecord {
  /** The domain's host name. */
  domainName: string;
  /** Set for PRIVATE domains only. */
  domainNameId?: string;
  /** `arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId}`; PRIVATE domains only. */
  domainNameArn?: string;
  /** The region it was created in. */
  region: string;
  /** The account that owns it. */
  accountId: string;
  /** The certificate given on create (required for PRIVATE domains). */
  certificateArn?: string;
  /** The domain's endpoint type. */
  endpointConfiguration: {
    /** EDGE, REGIONAL or PRIVATE (one of them). */
    types: string[];
    /** ipv4 or dualstack (PRIVATE: dualstack only). */
    ipAddressType?: string;
  };
  /** STRICT or BASIC, with an enhanced security policy only. */
  endpointAccessMode?: string;
  /** The resource policy (PRIVATE only); deny-all unless given. */
  policy?: string;
  /** The policy naming the accounts that may associate their endpoints (PRIVATE only); absent until set. */
  managementPolicy?: string;
  /** The TLS policy. @default "TLS_1_2" */
  securityPolicy: string;
  /** The domain's tags. */
  tags: Record<string, string>;
  /** Always AVAILABLE: the sandbox provisions domains at once. */
  domainNameStatus: "AVAILABLE";
  /** How requests reach APIs: routing rules, base path mappings, or rules then mappings. */
  routingMode: RoutingMode;
}

/** A base path mapping of a custom domain name to an API stage. */
export interface BasePathMappingRecord {
  /** The path under the domain, or "(none)" for its root. */
  basePath: string;
  /** The mapped REST API. */
  restApiId: string;
  /** The mapped stage, if given. */
  stage?: string;
}

/** A domain name access association of one VPC endpoint with a private domain. */
export interface AccessAssociationRecord {
  /** The association's ARN. */
  domainNameAccessAssociationArn: string;
  /** The private domain's ARN. */
  domainNameArn: string;
  /** Always VPCE. */
  accessAssociationSourceType: "VPCE";
  /** The VPC endpoint id. */
  accessAssociationSource: string;
  /** The association's tags. */
  tags: Record<string, string>;
  /** The account that made the association (the endpoint's owner). */
  accountId: string;
  /** The region of the domain and the endpoint. */
  region: string;
  /** Epoch ms of the association; the domain's name resolves after the propagation delay. */
  createdAt: number;
}

interface DomainState {
  domain: DomainNameRecord;
  mappings: Map<string, BasePathMappingRecord>;
  /** Routing rules by id (local/routingRules.ts). */
  rules: Map<string, RoutingRuleRecord>;
}

export class DomainNameModel {
  private readonly domains = new Map<string, DomainState>();
  private readonly associations = new Map<string, AccessAssociationRecord>();

  constructor(
    private readonly restApis: RestApiModel,
    private readonly maxAssociations: () => number,
  ) {}

  create(region: string, accountId: string, body: Record<string, unknown>): DomainNameRecord {
    const name = typeof body.domainName === "string" ? body.domainName : "";
    if (!DOMAIN_NAME.test(name)) throw badRequest(`Invalid domain name: ${JSON.stringify(body.domainName ?? null)}`);
    const endpoint = (body.endpointConfiguration ?? {}) as { types?: string[]; ipAddressType?: string };
    const types = endpoint.types ?? ["EDGE"];
    if (types.length !== 1 || !ENDPOINT_TYPES.includes(types[0]))
      throw badRequest(`Invalid endpoint configuration types [${types.join(", ")}]`);
    const isPrivate = types[0] === "PRIVATE";
    const certificateArn = (body.certificateArn ?? body.regionalCertificateArn) as string | undefined;
    if (isPrivate && !certificateArn) throw badRequest("A certificateArn is required for a PRIVATE domain name");
    if (!isPrivate && body.policy !== undefined) throw badRequest("A policy is supported only for PRIVATE domain names");
    if (body.policy !== undefined) checkDomainPolicy(body.policy, "policy");
    // Assumed(private-name-clash): AWS does not document a clash of private names within one account; we refuse it,
    // as it refuses a second public domain of one name.
    if (this.list(region, accountId).some((d) => d.domainName === name))
      throw new SandboxError("ConflictException", `The domain name you provided already exists: ${name}`);
    const domain: DomainNameRecord = {
      domainName: name,
      region,
      accountId,
      certificateArn,
      ...domainEndpointSecurity(types, endpoint.ipAddressType, body.securityPolicy, body.endpointAccessMode),
      tags: { ...((body.tags as Record<string, string> | undefined) ?? {}) },
      domainNameStatus: "AVAILABLE",
      routingMode: checkRoutingMode(body.routingMode ?? DEFAULT_DOMAIN_ROUTING_MODE),
    };
    if (isPrivate) {
      domain.domainNameId = randomId(10);
      domain.domainNameArn = domainNameArn(region, accountId, name, domain.domainNameId);
      domain.policy = (body.policy as string | undefined) ?? denyAllPolicy(domain);
    }
    this.domains.set(domainKey(region, accountId, name, domain.domainNameId), { domain, mappings: new Map(), rules: new Map() });
    return domain;
  }

  /** The caller's domains; with OTHER_ACCOUNTS, the private domains other accounts let it associate with. */
  list(region: string, accountId: string, resourceOwner = "SELF"): DomainNameRecord[] {
    if (resourceOwner !== "SELF" && resourceOwner !== "OTHER_ACCOUNTS")
      throw badRequest(`Invalid resourceOwner: ${resourceOwner}; must be SELF or OTHER_ACCOUNTS`);
    return [...this.domains.values()]
      .map((s) => s.domain)
      .filter(
        (d) =>
          d.region === region &&
          (resourceOwner === "SELF" ? d.accountId === accountId : d.accountId !== accountId && allowsAssociation(d, accountId)),
      );
  }

  get(region: string, accountId: string, name: string, domainNameId?: string): DomainNameRecord {
    return this.state(region, accountId, name, domainNameId).domain;
  }

  /** Patches `policy`, `managementPolicy`, the routing mode and the endpoint settings, atomically (local/domainNamePatch.ts). */
  update(
    region: string,
    accountId: string,
    name: string,
    domainNameId: string | undefined,
    operations: PatchOperation[],
  ): DomainNameRecord {
    const state = this.state(region, accountId, name, domainNameId);
    state.domain = patchDomainName(state.domain, operations);
    return state.domain;
  }

  /** Deletes the domain with its mappings and the associations made with it. */
  delete(region: string, accountId: string, name: string, domainNameId?: string): void {
    const { domain } = this.state(region, accountId, name, domainNameId);
    this.domains.delete(domainKey(region, accountId, name, domain.domainNameId));
    for (const [arn, a] of this.associations) if (a.domainNameArn === domain.domainNameArn) this.associations.delete(arn);
  }

  createMapping(
    region: string,
    accountId: string,
    name: string,
    domainNameId: string | undefined,
    body: Record<string, unknown>,
  ): BasePathMappingRecord {
    const state = this.state(region, accountId, name, domainNameId);
    const restApiId = body.restApiId as string | undefined;
    if (!restApiId) throw badRequest("restApiId is required");
    try {
      this.restApis.get(region, restApiId);
    } catch {
      throw badRequest(`Invalid REST API identifier specified ${accountId}:${restApiId}`);
    }
    if (body.stage !== undefined && !this.restApis.getStages(region, restApiId).some((st) => st.stageName === body.stage))
      throw badRequest("Invalid stage identifier specified");
    const basePath = normaliseBasePath(body.basePath);
    if (state.mappings.has(basePath)) throw new SandboxError("ConflictException", "Base path already exists for this domain name");
    const mapping: BasePathMappingRecord = { basePath, restApiId, ...(body.stage ? { stage: body.stage as string } : {}) };
    state.mappings.set(basePath, mapping);
    return mapping;
  }

  mappings(region: string, accountId: string, name: string, domainNameId?: string): BasePathMappingRecord[] {
    return [...this.state(region, accountId, name, domainNameId).mappings.values()];
  }

  mapping(region: string, accountId: string, name: string, basePath: string, domainNameId?: string): BasePathMappingRecord {
    const found = this.state(region, accountId, name, domainNameId).mappings.get(normaliseBasePath(basePath));
    if (!found) throw notFound("Invalid base path mapping identifier specified");
    return found;
  }

  deleteMapping(region: string, accountId: string, name: string, basePath: string, domainNameId?: string): void {
    const state = this.state(region, accountId, name, domainNameId);
    if (!state.mappings.delete(normaliseBasePath(basePath))) throw notFound("Invalid base path mapping identifier specified");
  }

  createAssociation(region: string, accountId: string, body: Record<string, unknown>): AccessAssociationRecord {
    const arn = typeof body.domainNameArn === "string" ? body.domainNameArn : "";
    const parts = parseDomainNameArn(arn);
    if (!parts) throw badRequest(`Invalid domain name ARN specified: ${JSON.stringify(body.domainNameArn ?? null)}`);
    if (body.accessAssociationSourceType !== "VPCE")
      throw badRequest(`Invalid accessAssociationSourceType: ${JSON.stringify(body.accessAssociationSourceType ?? null)}; must be VPCE`);
    const source = body.accessAssociationSource as string;
    if (typeof source !== "string" || !VPC_ENDPOINT_ID.test(source))
      throw badRequest(`Invalid VPC endpoint id specified: ${JSON.stringify(source ?? null)}`);
    if (parts.region !== region)
      throw badRequest(`The domain name ${parts.domainName} is in ${parts.region}; associate it from an endpoint in the same region`);
    const state = this.domains.get(domainKey(region, parts.accountId, parts.domainName, parts.domainNameId));
    const domain = state?.domain;
    if (!domain || (domain.accountId !== accountId && !allowsAssociation(domain, accountId))) {
      // Another account's domain that is not shared with the caller: IAM's answer, not a 404.
      if (domain)
        throw new SandboxError(
          "AccessDeniedException",
          `User: arn:aws:iam::${accountId}:root is not authorized to perform: apigateway:CreateAccessAssociation on resource: ${arn}`,
        );
      throw notFound("Invalid domain name identifier specified");
    }
    const associationArn = accessAssociationArn(region, accountId, parts.domainName, parts.domainNameId, source);
    // Assumed(duplicate-access-association): a second association of one endpoint with one domain is a conflict, as other
    // API Gateway "already exists" cases are.
    if (this.associations.has(associationArn))
      throw new SandboxError("ConflictException", `Domain name access association already exists: ${associationArn}`);
    const quota = this.maxAssociations();
    // Assumed(access-association-quota-error): AWS does not document the error for this quota; we answer as for VPC links.
    if ([...this.associations.values()].filter((a) => a.accountId === accountId && a.region === region).length >= quota) {
      throw badRequest(`Quota exceeded: at most ${quota} domain name access associations per account in ${region}`);
    }
    const record: AccessAssociationRecord = {
      domainNameAccessAssociationArn: associationArn,
      domainNameArn: arn,
      accessAssociationSourceType: "VPCE",
      accessAssociationSource: source,
      tags: { ...((body.tags as Record<string, string> | undefined) ?? {}) },
      accountId,
      region,
      createdAt: Date.now(),
    };
    this.associations.set(associationArn, record);
    return record;
  }

  /** SELF: the caller's associations. OTHER_ACCOUNTS: other accounts' associations with the caller's domains. */
  listAssociations(region: string, accountId: string, resourceOwner = "SELF"): AccessAssociationRecord[] {
    if (resourceOwner !== "SELF" && resourceOwner !== "OTHER_ACCOUNTS")
      throw badRequest(`Invalid resourceOwner: ${resourceOwner}; must be SELF or OTHER_ACCOUNTS`);
    return [...this.associations.values()].filter((a) => {
      if (a.region !== region) return false;
      if (resourceOwner === "SELF") return a.accountId === accountId;
      return a.accountId !== accountId && parseDomainNameArn(a.domainNameArn)?.accountId === accountId;
    });
  }

  deleteAssociation(region: string, accountId: string, associationArn: string): void {
    const found = this.associations.get(associationArn);
    if (!found || found.region !== region || found.accountId !== accountId)
      throw notFound("Invalid domain name access association identifier specified");
    this.associations.delete(associationArn);
  }

  /**
   * The domain's owner rejects another account's association.
   * Assumed(rejected-association-gone): a rejected association stops existing for both sides (AWS documents no state for it).
   */
  rejectAssociation(region: string, accountId: string, associationArn: string, domainArn: string): void {
    const found = this.associations.get(associationArn);
    const owner = parseDomainNameArn(domainArn)?.accountId;
    if (!found || found.region !== region || found.domainNameArn !== domainArn || owner !== accountId) {
      throw notFound("Invalid domain name access association identifier specified");
    }
    if (found.accountId === accountId)
      throw badRequest("Only associations made by other accounts can be rejected; delete your own instead");
    this.associations.delete(associationArn);
  }

  /**
   * The addresses a private domain name resolves to inside a VPC: the user's private hosted zone
   * aliases it to an associated endpoint, emulated as "the oldest association's endpoint, once
   * `propagationMs` has passed".
   */
  resolve(name: string, propagationMs: number, now = Date.now()): string | undefined {
    const arns = new Set(
      [...this.domains.values()].filter((s) => s.domain.domainName === name && s.domain.domainNameArn).map((s) => s.domain.domainNameArn),
    );
    const first = [...this.associations.values()].filter((a) => arns.has(a.domainNameArn)).sort((a, b) => a.createdAt - b.createdAt)[0];
    return first && now >= first.createdAt + propagationMs ? first.accessAssociationSource : undefined;
  }

  allAssociations(): AccessAssociationRecord[] {
    return [...this.associations.values()];
  }

  allDomains(): { domain: DomainNameRecord; mappings: BasePathMappingRecord[]; rules: RoutingRuleRecord[] }[] {
    return [...this.domains.values()].map((s) => ({ domain: s.domain, mappings: [...s.mappings.values()], rules: [...s.rules.values()] }));
  }

  /** The routing rules of a domain, by id (a private domain needs its domainNameId). */
  routingRules(
    region: string,
    accountId: string,
    name: string,
    domainNameId?: string,
  ): { domain: DomainNameRecord; rules: Map<string, RoutingRuleRecord> } {
    const state = this.state(region, accountId, name, domainNameId);
    return { domain: state.domain, rules: state.rules };
  }

  /** A private domain needs its domainNameId; without it AWS answers as if the name did not exist. */
  private state(region: string, accountId: string, name: string, domainNameId?: string): DomainState {
    const publicState = this.domains.get(domainKey(region, accountId, name, undefined));
    if (publicState) return publicState;
    const found = domainNameId ? this.domains.get(domainKey(region, accountId, name, domainNameId)) : undefined;
    if (!found) throw notFound("Invalid domain name identifier specified");
    return found;
  }
}

/** The policy AWS gives a new private domain: nobody may invoke it. */
export function denyAllPolicy(domain: Pick<DomainNameRecord, "region" | "accountId" | "domainName"> & { domainNameId?: string }): string {
  const resource = domainExecuteApiArn({ ...domain, domainNameId: domain.domainNameId ?? "" });
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: [resource] }],
  });
}

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
}

/** True if the domain's managementPolicy lets `accountId` create access associations. */
export function allowsAssociation(domain: DomainNameRecord, accountId: string): boolean {
  if (!domain.managementPolicy || !domain.domainNameArn) return false;
  const statements = (JSON.parse(domain.managementPolicy) as { Statement?: Statement | Statement[] }).Statement ?? [];
  const list = Array.isArray(statements) ? statements : [statements];
  const matches = (s: Statement) => {
    const actions = ([] as string[]).concat(s.Action ?? []);
    const resources = ([] as string[]).concat(s.Resource ?? []);
    const principal = s.Principal as string | { AWS?: string | string[] } | undefined;
    const principals = principal === "*" ? ["*"] : ([] as string[]).concat((principal as { AWS?: string | string[] })?.AWS ?? []);
    return (
      actions.some((a) => a === "*" || a === "apigateway:*" || a === "apigateway:CreateAccessAssociation") &&
      resources.some((r) => r === "*" || r === domain.domainNameArn) &&
      principals.some((p) => p === "*" || p === accountId || p === `arn:aws:iam::${accountId}:root`)
    );
  };
  if (list.some((s) => s.Effect === "Deny" && matches(s))) return false;
  return list.some((s) => s.Effect === "Allow" && matches(s));
}

/** API Gateway shows the root mapping as "(none)". */
function normaliseBasePath(value: unknown): string {
  const path = typeof value === "string" ? value.replace(/^\/+|\/+$/g, "") : "";
  return path === "" ? "(none)" : path;
}

const domainKey = (region: string, accountId: string, name: string, domainNameId: string | undefined) =>
  `${region}/${accountId}/${name}+${domainNameId ?? ""}`;
