/**
 * The v1 (REST API) model: private REST APIs, their VPC endpoint list, deployments and stages.
 * It records, per associated endpoint, when its per-VPCE DNS name is published.
 */
import { badRequest, notFound } from "./errors";
import { randomId, VPC_ENDPOINT_ID } from "./ids";

export const ACCOUNT_ID = "123456789012";
const ENDPOINT_TYPES = ["EDGE", "REGIONAL", "PRIVATE"];

/** A REST API's endpoint configuration, as API Gateway v1 returns it. */
export interface EndpointConfiguration {
  /** EDGE, REGIONAL or PRIVATE (one of them). */
  types: string[];
  /** The associated VPC endpoints (PRIVATE APIs only). */
  vpcEndpointIds?: string[];
}

/** A REST API the sandbox holds, as GetRestApi answers it. */
export interface RestApiRecord {
  /** The API's id (10 lowercase letters and digits). */
  id: string;
  /** The region it was created in. */
  region: string;
  /** The API's name. */
  name: string;
  /** The API's description, if given. */
  description?: string;
  /** Creation time in epoch seconds, as the REST API returns it. */
  createdDate: number;
  /** Its endpoint type and associated VPC endpoints. */
  endpointConfiguration: EndpointConfiguration;
  /** The API's tags. */
  tags: Record<string, string>;
}

export interface StageRecord {
  stageName: string;
  deploymentId: string;
  createdDate: number;
  lastUpdatedDate: number;
}

export interface DeploymentRecord {
  id: string;
  description?: string;
  createdDate: number;
}

/** When a per-VPCE DNS name answers: a time, or `null` while held until the next deployment. */
export interface DnsPublication {
  restApiId: string;
  vpcEndpointId: string;
  region: string;
  publishAt: number | null;
}

export interface PatchOperation {
  op?: string;
  path?: string;
  value?: string;
  from?: string;
}

interface ApiState {
  api: RestApiRecord;
  deployments: DeploymentRecord[];
  stages: Map<string, StageRecord>;
}

export class RestApiModel {
  private readonly apis = new Map<string, ApiState>();
  /** Keyed by `${region}/${restApiId}/${vpcEndpointId}`. */
  readonly publications = new Map<string, DnsPublication>();
  /** REST APIs whose new names stay unpublished until the next CreateDeployment. */
  readonly heldApis = new Set<string>();

  constructor(
    private readonly propagationDelayMs: (hostname: string) => number,
    private readonly hostnameOf: (p: DnsPublication) => string,
  ) {}

  create(
    region: string,
    body: { name?: string; description?: string; endpointConfiguration?: Partial<EndpointConfiguration>; tags?: Record<string, string> },
  ): RestApiRecord {
    if (!body.name) throw badRequest("Invalid REST API name specified: name must not be empty");
    const types = body.endpointConfiguration?.types ?? ["EDGE"];
    validateTypes(types);
    const vpcEndpointIds = dedupe(body.endpointConfiguration?.vpcEndpointIds ?? []);
    vpcEndpointIds.forEach(validateVpceId);
    if (vpcEndpointIds.length && !types.includes("PRIVATE")) throw onlyPrivate();
    const api: RestApiRecord = {
      id: randomId(10),
      region,
      name: body.name,
      description: body.description,
      createdDate: Math.floor(Date.now() / 1000),
      endpointConfiguration: { types: [...types], vpcEndpointIds },
      tags: { ...(body.tags ?? {}) },
    };
    this.apis.set(key(region, api.id), { api, deployments: [], stages: new Map() });
    vpcEndpointIds.forEach((id) => this.publish(api, id));
    return api;
  }

  get(region: string, id: string): RestApiRecord {
    return this.state(region, id).api;
  }

  /** The APIs of one region, or of all regions. */
  list(region?: string): RestApiRecord[] {
    return [...this.apis.values()].map((s) => s.api).filter((a) => !region || a.region === region);
  }

  /** Applies every operation to a copy and commits only if all succeed (atomic, as AWS does). */
  update(region: string, id: string, operations: PatchOperation[]): RestApiRecord {
    const state = this.state(region, id);
    const next = structuredClone(state.api);
    const ids = next.endpointConfiguration.vpcEndpointIds ?? [];
    for (const op of operations) applyPatch(next, ids, op);
    next.endpointConfiguration.vpcEndpointIds = ids;
    if (ids.length && !next.endpointConfiguration.types.includes("PRIVATE")) throw onlyPrivate();
    const before = new Set(state.api.endpointConfiguration.vpcEndpointIds ?? []);
    state.api = next;
    for (const vpce of before) if (!ids.includes(vpce)) this.unpublish(next, vpce);
    for (const vpce of ids) if (!before.has(vpce)) this.publish(next, vpce);
    return next;
  }

  delete(region: string, id: string): void {
    const { api } = this.state(region, id);
    for (const vpce of api.endpointConfiguration.vpcEndpointIds ?? []) this.unpublish(api, vpce);
    this.apis.delete(key(region, id));
    this.heldApis.delete(key(region, id));
  }

  createDeployment(
    region: string,
    id: string,
    body: { stageName?: string; description?: string; stageDescription?: string },
  ): DeploymentRecord {
    const state = this.state(region, id);
    const now = Math.floor(Date.now() / 1000);
    const deployment: DeploymentRecord = { id: randomId(6), description: body.description, createdDate: now };
    state.deployments.push(deployment);
    if (body.stageName) {
      const existing = state.stages.get(body.stageName);
      state.stages.set(body.stageName, {
        stageName: body.stageName,
        deploymentId: deployment.id,
        createdDate: existing?.createdDate ?? now,
        lastUpdatedDate: now,
      });
    }
    this.releaseHeld(state.api);
    return deployment;
  }

  getStage(region: string, id: string, stageName: string): StageRecord {
    const stage = this.state(region, id).stages.get(stageName);
    if (!stage) throw notFound("Invalid Stage identifier specified");
    return stage;
  }

  getStages(region: string, id: string, deploymentId?: string): StageRecord[] {
    return [...this.state(region, id).stages.values()].filter((s) => !deploymentId || s.deploymentId === deploymentId);
  }

  /** Names of this API stay unpublished until its next CreateDeployment (AWS's "redeploy" advice). */
  hold(region: string, id: string): void {
    this.heldApis.add(key(region, id));
  }

  private publish(api: RestApiRecord, vpcEndpointId: string): void {
    if (!api.endpointConfiguration.types.includes("PRIVATE")) return;
    const publication: DnsPublication = { restApiId: api.id, vpcEndpointId, region: api.region, publishAt: null };
    if (!this.heldApis.has(key(api.region, api.id)))
      publication.publishAt = Date.now() + this.propagationDelayMs(this.hostnameOf(publication));
    this.publications.set(`${key(api.region, api.id)}/${vpcEndpointId}`, publication);
  }

  private unpublish(api: RestApiRecord, vpcEndpointId: string): void {
    this.publications.delete(`${key(api.region, api.id)}/${vpcEndpointId}`);
  }

  private releaseHeld(api: RestApiRecord): void {
    if (!this.heldApis.delete(key(api.region, api.id))) return;
    for (const p of this.publications.values()) {
      if (p.restApiId === api.id && p.region === api.region && p.publishAt === null) {
        p.publishAt = Date.now() + this.propagationDelayMs(this.hostnameOf(p));
      }
    }
  }

  private state(region: string, id: string): ApiState {
    const state = this.apis.get(key(region, id));
    if (!state) throw notFound(`Invalid API identifier specified ${ACCOUNT_ID}:${id}`);
    return state;
  }
}

const VPCE_PATH = "/endpointConfiguration/vpcEndpointIds";
const TYPES_PATH = /^\/endpointConfiguration\/types\/([A-Z]+)$/;

function applyPatch(api: RestApiRecord, ids: string[], op: PatchOperation): void {
  const path = op.path ?? "";
  if (path === VPCE_PATH && (op.op === "add" || op.op === "remove")) {
    const value = op.value ?? "";
    if (!value || value.includes(",")) throw badRequest(`Invalid patch operation: ${op.op} ${path} takes exactly one VPC endpoint id`);
    validateVpceId(value);
    const index = ids.indexOf(value);
    // Assumed(duplicate-endpoint-patch-rejected): AWS does not document it; a duplicate add or the remove of an
    // absent id is rejected, so clients must read the list before patching it.
    if (op.op === "add" && index >= 0) throw badRequest(`VPC endpoint ${value} is already associated with API ${api.id}`);
    if (op.op === "remove" && index < 0) throw badRequest(`VPC endpoint ${value} is not associated with API ${api.id}`);
    if (op.op === "add") ids.push(value);
    else ids.splice(index, 1);
    return;
  }
  if (op.op === "replace" && (path === "/name" || path === "/description")) {
    if (path === "/name" && !op.value) throw badRequest("Invalid patch operation: /name must not be empty");
    if (path === "/name") api.name = op.value as string;
    else api.description = op.value;
    return;
  }
  const typeMatch = TYPES_PATH.exec(path);
  if (op.op === "replace" && typeMatch) {
    const current = typeMatch[1];
    if (!api.endpointConfiguration.types.includes(current))
      throw badRequest(`Invalid patch operation: endpoint type ${current} is not set`);
    validateTypes([op.value ?? ""]);
    api.endpointConfiguration.types = api.endpointConfiguration.types.map((t) => (t === current ? (op.value as string) : t));
    return;
  }
  throw badRequest(
    `Invalid patch path '${path}' specified for op '${op.op}'. Must be one of: [/name, /description, /endpointConfiguration/types/{type}, ${VPCE_PATH}]`,
  );
}

function validateTypes(types: string[]): void {
  if (types.length !== 1 || !ENDPOINT_TYPES.includes(types[0])) {
    throw badRequest(`Invalid endpoint configuration types [${types.join(", ")}]: exactly one of ${ENDPOINT_TYPES.join(", ")} is required`);
  }
}

function validateVpceId(id: string): void {
  if (!VPC_ENDPOINT_ID.test(id)) throw badRequest(`Invalid VPC endpoint id specified: ${id}`);
}

const onlyPrivate = () => badRequest("VPC endpoint ids can only be associated with APIs of endpoint type PRIVATE");
const dedupe = (ids: string[]) => [...new Set(ids)];
const key = (region: string, id: string) => `${region}/${id}`;
