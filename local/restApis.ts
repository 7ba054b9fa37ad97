/**
 * The v1 (REST API) model: private REST APIs, their VPC endpoint list, deployments and stages.
 * It records, per associated endpoint, when its per-VPCE DNS name is published.
 */
import { badRequest, notFound, SandboxError } from "./errors";
import { randomId } from "./ids";
import { storedEndpointSecurity } from "./endpointSecurity";
import { applyPatch, storedPolicy, validateApiKeySource, validateTypes, validateVpceId } from "./restApiPatch";

export const ACCOUNT_ID = "123456789012";

/** A REST API's endpoint configuration, as API Gateway v1 returns it. */
export interface EndpointConfiguration {
  /** EDGE, REGIONAL or PRIVATE (one of them). */
  types: string[];
  /** The associated VPC endpoints (PRIVATE APIs only). */
  vpcEndpointIds?: string[];
  /** "ipv4" or "dualstack"; PRIVATE APIs support only dualstack. */
  ipAddressType?: string;
}

/** A REST API the sandbox holds, as GetRestApi answers it. */
export interface RestApiRecord {
  /** The API's id (10 lowercase letters and digits). */
  id: string;
  /** The region it was created in. */
  region: string;
  /** The account that owns it (the one its creator acted for). */
  accountId: string;
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
  /** The resource policy in AWS's stored form (escaped JSON, shorthand expanded), if attached. */
  policy?: string;
  /** Whether the default execute-api endpoint is disabled. */
  disableExecuteApiEndpoint: boolean;
  /** HEADER or AUTHORIZER. */
  apiKeySource: string;
  /** Media types served as binary. */
  binaryMediaTypes: string[];
  /** The TLS security policy (TLS_1_0, TLS_1_2 or an enhanced SecurityPolicy_*). */
  securityPolicy: string;
  /** STRICT or BASIC, with an enhanced policy only. */
  endpointAccessMode?: string;
  /**
   * Always AVAILABLE.
   * Assumed(api-status-immediate): AWS takes about 15 minutes (apiStatus UPDATING) to apply a new security policy or access mode; the sandbox applies it at once.
   */
  apiStatus: "AVAILABLE";
}

/** A stage: a name pointing at a deployment, with its variables. */
export interface StageRecord {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables?: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

/** A deployment as GetDeployment answers it. */
export interface DeploymentRecord {
  id: string;
  description?: string;
  createdDate: number;
}

/** What a deployment froze besides its record: the API's policy at that moment. */
interface DeploymentState {
  record: DeploymentRecord;
  policy?: string;
}

const STAGE_NAME = /^[a-zA-Z0-9_]{1,128}$/;

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
  deployments: DeploymentState[];
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
    body: {
      name?: string;
      description?: string;
      endpointConfiguration?: Partial<EndpointConfiguration>;
      tags?: Record<string, string>;
      policy?: string;
      disableExecuteApiEndpoint?: boolean;
      apiKeySource?: string;
      binaryMediaTypes?: string[];
      securityPolicy?: string;
      endpointAccessMode?: string;
    },
    accountId = ACCOUNT_ID,
  ): RestApiRecord {
    if (!body.name) throw badRequest("Invalid REST API name specified: name must not be empty");
    const types = body.endpointConfiguration?.types ?? ["EDGE"];
    validateTypes(types);
    const vpcEndpointIds = dedupe(body.endpointConfiguration?.vpcEndpointIds ?? []);
    vpcEndpointIds.forEach(validateVpceId);
    if (vpcEndpointIds.length && !types.includes("PRIVATE")) throw onlyPrivate();
    const { ipAddressType, ...security } = storedEndpointSecurity("api", {
      endpointType: types[0],
      ipAddressType: body.endpointConfiguration?.ipAddressType,
      securityPolicy: body.securityPolicy,
      endpointAccessMode: body.endpointAccessMode,
    });
    const id = randomId(10);
    const api: RestApiRecord = {
      id,
      region,
      accountId,
      name: body.name,
      description: body.description,
      createdDate: Math.floor(Date.now() / 1000),
      endpointConfiguration: { types: [...types], vpcEndpointIds, ipAddressType },
      tags: { ...(body.tags ?? {}) },
      policy: body.policy ? storedPolicy(body.policy, { region, accountId, restApiId: id }) : undefined,
      disableExecuteApiEndpoint: body.disableExecuteApiEndpoint === true,
      apiKeySource: body.apiKeySource === undefined ? "HEADER" : validateApiKeySource(body.apiKeySource),
      binaryMediaTypes: [...new Set(body.binaryMediaTypes ?? [])],
      ...security,
      apiStatus: "AVAILABLE",
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
  update(region: string, id: string, operations: PatchOperation[], accountId = ACCOUNT_ID): RestApiRecord {
    const state = this.state(region, id);
    const next = structuredClone(state.api);
    const ids = next.endpointConfiguration.vpcEndpointIds ?? [];
    for (const op of operations) applyPatch(next, ids, op, accountId);
    next.endpointConfiguration.vpcEndpointIds = ids;
    if (ids.length && !next.endpointConfiguration.types.includes("PRIVATE")) throw onlyPrivate();
    // The developer guide: a move to PRIVATE makes the API dualstack, unless this update sets the type itself.
    const typeNow = next.endpointConfiguration.types[0];
    const setsIpType = operations.some((op) => op.path === "/endpointConfiguration/ipAddressType");
    if (typeNow === "PRIVATE" && !state.api.endpointConfiguration.types.includes("PRIVATE") && !setsIpType)
      next.endpointConfiguration.ipAddressType = "dualstack";
    const { ipAddressType, securityPolicy, endpointAccessMode } = storedEndpointSecurity("api", {
      endpointType: typeNow,
      ipAddressType: next.endpointConfiguration.ipAddressType,
      securityPolicy: next.securityPolicy,
      endpointAccessMode: next.endpointAccessMode,
    });
    Object.assign(next, { securityPolicy, endpointAccessMode });
    if (endpointAccessMode === undefined) delete next.endpointAccessMode;
    next.endpointConfiguration.ipAddressType = ipAddressType;
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

  /**
   * CreateDeployment after the tree's own checks (RestIntegrationModel.assertDeployable): a
   * PRIVATE API needs a resource policy, with AWS's message. The deployment freezes the policy.
   */
  createDeployment(
    region: string,
    id: string,
    body: { stageName?: string; description?: string; stageDescription?: string; variables?: Record<string, string> },
  ): DeploymentRecord {
    const state = this.state(region, id);
    if (state.api.endpointConfiguration.types.includes("PRIVATE") && !state.api.policy)
      throw badRequest("Private REST API doesn't have a resource policy attached to it");
    if (body.stageName !== undefined) validateStageName(body.stageName);
    const now = Math.floor(Date.now() / 1000);
    const deployment: DeploymentRecord = { id: randomId(6), description: body.description, createdDate: now };
    state.deployments.push({ record: deployment, policy: state.api.policy });
    if (body.stageName) {
      const existing = state.stages.get(body.stageName);
      state.stages.set(body.stageName, {
        stageName: body.stageName,
        deploymentId: deployment.id,
        description: existing?.description ?? body.stageDescription,
        variables: body.variables ?? existing?.variables,
        createdDate: existing?.createdDate ?? now,
        lastUpdatedDate: now,
      });
    }
    this.releaseHeld(state.api);
    return deployment;
  }

  getDeployment(region: string, id: string, deploymentId: string): DeploymentRecord {
    return this.deployment(region, id, deploymentId).record;
  }

  getDeployments(region: string, id: string): DeploymentRecord[] {
    return this.state(region, id).deployments.map((d) => d.record);
  }

  /** The resource policy a deployment froze (the stored form), if the API had one then. */
  deployedPolicy(region: string, id: string, deploymentId: string): string | undefined {
    return this.deployment(region, id, deploymentId).policy;
  }

  /** CreateStage: a new stage name pointing at an existing deployment. */
  createStage(
    region: string,
    id: string,
    body: { stageName?: string; deploymentId?: string; description?: string; variables?: Record<string, string> },
  ): StageRecord {
    const state = this.state(region, id);
    if (!body.stageName) throw badRequest("Stage name must be non-empty");
    validateStageName(body.stageName);
    if (!body.deploymentId) throw badRequest("Deployment id must be non-empty");
    this.deployment(region, id, body.deploymentId);
    if (state.stages.has(body.stageName)) throw new SandboxError("ConflictException", "Stage already exists");
    const now = Math.floor(Date.now() / 1000);
    const stage: StageRecord = {
      stageName: body.stageName,
      deploymentId: body.deploymentId,
      description: body.description,
      variables: body.variables,
      createdDate: now,
      lastUpdatedDate: now,
    };
    state.stages.set(stage.stageName, stage);
    return stage;
  }

  deleteStage(region: string, id: string, stageName: string): void {
    this.getStage(region, id, stageName);
    this.state(region, id).stages.delete(stageName);
  }

  getStage(region: string, id: string, stageName: string): StageRecord {
    const stage = this.state(region, id).stages.get(stageName);
    if (!stage) throw notFound("Invalid Stage identifier specified");
    return stage;
  }

  private deployment(region: string, id: string, deploymentId: string): DeploymentState {
    const found = this.state(region, id).deployments.find((d) => d.record.id === deploymentId);
    // Assumed(unknown-deployment-not-found): GetDeployment and CreateStage answer NotFound for an unknown deployment id.
    if (!found) throw notFound("Invalid Deployment identifier specified");
    return found;
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

/** Assumed(stage-name-rule): AWS's documented characters for a stage name, and its message. */
function validateStageName(name: string): void {
  if (!STAGE_NAME.test(name)) throw badRequest("Stage name only allows a-zA-Z0-9_");
}

const onlyPrivate = () => badRequest("VPC endpoint ids can only be associated with APIs of endpoint type PRIVATE");
const dedupe = (ids: string[]) => [...new Set(ids)];
const key = (region: string, id: string) => `${region}/${id}`;
