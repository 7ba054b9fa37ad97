/**
 * The REST API resource tree of the sandbox: resources, methods, integrations (private ones
 * through a v2 VPC link included), the integrations each deployment captured, and test
 * invocations. It tells the v2 link model which integrations and deployed stages refer to a
 * link, so DeleteVpcLink refuses a link still in use, as AWS does.
 */
import { badRequest, notFound, SandboxError } from "./errors";
import { HTTP_METHODS, LOAD_BALANCER_ARN, STAGE_VARIABLE } from "../provider/restNames";
import { randomId } from "./ids";
import { applyIntegrationPatch } from "./restIntegrationPatch";
import { methodShape, resourceShape } from "./restTreeShapes";
import type { PatchOperation, RestApiModel } from "./restApis";
import type { VpcLinkModel } from "./vpcLinks";

export interface IntegrationRecord {
  type: string;
  httpMethod?: string;
  uri?: string;
  connectionType: "INTERNET" | "VPC_LINK";
  connectionId?: string;
  integrationTarget?: string;
  requestParameters?: Record<string, string>;
  passthroughBehavior: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  tlsConfig?: { insecureSkipVerification?: boolean };
  /** Status code -> integration response (PutIntegrationResponse). */
  integrationResponses?: Record<string, IntegrationResponseRecord>;
}

/** A method response (PutMethodResponse). */
export interface MethodResponseRecord {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

/** An integration response (PutIntegrationResponse): what a MOCK integration answers. */
export interface IntegrationResponseRecord {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
}

/** A method of a resource. */
export interface MethodRecord {
  httpMethod: string;
  authorizationType: string;
  apiKeyRequired: boolean;
  integration?: IntegrationRecord;
  /** Status code -> method response. */
  methodResponses?: Record<string, MethodResponseRecord>;
}

/** A resource of the tree, as a deployment froze it too. */
export interface ResourceRecord {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  methods: Map<string, MethodRecord>;
}

/** One private integration as a deployment captured it (stage variables resolved). */
interface CapturedLinkUse {
  vpcLinkId: string;
  httpMethod: string;
  path: string;
}

const TYPES = ["HTTP", "HTTP_PROXY", "AWS", "AWS_PROXY", "MOCK"];
const DEFAULT_TIMEOUT_MS = 29_000;
// AWS's default limit ("50 milliseconds - 29 seconds"); more only after a quota increase, which the sandbox does not grant.
const MAX_TIMEOUT_MS = 29_000;
const STATUS_CODE = /^[1-5]\d\d$/;

export class RestIntegrationModel {
  /** `${region}/${restApiId}` -> resource id -> resource. */
  private readonly trees = new Map<string, Map<string, ResourceRecord>>();
  /** `${region}/${restApiId}/${deploymentId}` -> the private integrations it captured. */
  private readonly captured = new Map<string, CapturedLinkUse[]>();
  /** `${region}/${restApiId}/${deploymentId}` -> the tree as the deployment froze it. */
  private readonly snapshots = new Map<string, Map<string, ResourceRecord>>();

  constructor(
    private readonly restApis: RestApiModel,
    private readonly vpcLinks: VpcLinkModel,
  ) {}

  getResources(region: string, apiId: string) {
    return [...this.tree(region, apiId).values()].map(resourceShape);
  }

  getResource(region: string, apiId: string, resourceId: string) {
    return resourceShape(this.resource(region, apiId, resourceId));
  }

  createResource(region: string, apiId: string, parentId: string, pathPart: unknown) {
    const tree = this.tree(region, apiId);
    const parent = this.resource(region, apiId, parentId);
    if (typeof pathPart !== "string" || !/^(?:[A-Za-z0-9._-]+|\{[A-Za-z0-9._-]+\+?\})$/.test(pathPart)) {
      throw badRequest(
        `Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.`,
      );
    }
    if ([...tree.values()].some((r) => r.parentId === parentId && r.pathPart === pathPart)) {
      throw new SandboxError("ConflictException", `Another resource with the same parent already has this name: ${pathPart}`);
    }
    const record: ResourceRecord = {
      id: randomId(6),
      parentId,
      pathPart,
      path: `${parent.path === "/" ? "" : parent.path}/${pathPart}`,
      methods: new Map(),
    };
    tree.set(record.id, record);
    return resourceShape(record);
  }

  putMethod(region: string, apiId: string, resourceId: string, httpMethod: string, body: Record<string, unknown>) {
    const resource = this.resource(region, apiId, resourceId);
    if (!HTTP_METHODS.includes(httpMethod)) throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(",")}`);
    if (typeof body.authorizationType !== "string" || !body.authorizationType) throw badRequest("Invalid authorization type specified");
    if (resource.methods.has(httpMethod)) throw new SandboxError("ConflictException", "Method already exists for this resource");
    const method: MethodRecord = { httpMethod, authorizationType: body.authorizationType, apiKeyRequired: body.apiKeyRequired === true };
    resource.methods.set(httpMethod, method);
    return methodShape(method);
  }

  getMethod(region: string, apiId: string, resourceId: string, httpMethod: string) {
    return methodShape(this.method(region, apiId, resourceId, httpMethod));
  }

  deleteMethod(region: string, apiId: string, resourceId: string, httpMethod: string): void {
    this.method(region, apiId, resourceId, httpMethod);
    this.resource(region, apiId, resourceId).methods.delete(httpMethod);
  }

  putIntegration(region: string, apiId: string, resourceId: string, httpMethod: string, body: Record<string, unknown>): IntegrationRecord {
    const method = this.method(region, apiId, resourceId, httpMethod);
    const integration: IntegrationRecord = {
      type: body.type as string,
      httpMethod: body.httpMethod as string | undefined,
      uri: body.uri as string | undefined,
      connectionType: (body.connectionType as "INTERNET" | "VPC_LINK" | undefined) ?? "INTERNET",
      connectionId: body.connectionId as string | undefined,
      integrationTarget: body.integrationTarget as string | undefined,
      requestParameters: body.requestParameters as Record<string, string> | undefined,
      passthroughBehavior: (body.passthroughBehavior as string | undefined) ?? "WHEN_NO_MATCH",
      timeoutInMillis: (body.timeoutInMillis as number | undefined) ?? DEFAULT_TIMEOUT_MS,
      cacheNamespace: (body.cacheNamespace as string | undefined) ?? resourceId,
      cacheKeyParameters: (body.cacheKeyParameters as string[] | undefined) ?? [],
      tlsConfig: body.tlsConfig as { insecureSkipVerification?: boolean } | undefined,
    };
    this.validate(region, integration);
    method.integration = integration;
    return structuredClone(integration);
  }

  getIntegration(region: string, apiId: string, resourceId: string, httpMethod: string): IntegrationRecord {
    return structuredClone(this.integration(region, apiId, resourceId, httpMethod));
  }

  /** Applies every operation to a copy and commits only if the result is valid (atomic). */
  updateIntegration(region: string, apiId: string, resourceId: string, httpMethod: string, ops: PatchOperation[]): IntegrationRecord {
    const method = this.method(region, apiId, resourceId, httpMethod);
    const next = structuredClone(this.integration(region, apiId, resourceId, httpMethod));
    for (const op of ops) applyIntegrationPatch(next, op);
    this.validate(region, next);
    method.integration = next;
    return structuredClone(next);
  }

  deleteIntegration(region: string, apiId: string, resourceId: string, httpMethod: string): void {
    this.integration(region, apiId, resourceId, httpMethod);
    delete this.method(region, apiId, resourceId, httpMethod).integration;
  }

  /** AWS refuses a deployment of an API without methods, or while a method has no integration. */
  assertDeployable(region: string, apiId: string): void {
    const tree = this.tree(region, apiId);
    if (![...tree.values()].some((r) => r.methods.size > 0)) throw badRequest("The REST API doesn't contain any methods");
    for (const r of tree.values()) {
      for (const m of r.methods.values()) if (!m.integration) throw badRequest("No integration defined for method");
    }
  }

  /** Records the private integrations a new deployment serves, with stage variables resolved. */
  capture(region: string, apiId: string, deploymentId: string, variables: Record<string, string> = {}): void {
    const uses: CapturedLinkUse[] = [];
    for (const { r, m, i } of this.integrations(region, apiId)) {
      if (i.connectionType !== "VPC_LINK" || !i.connectionId) continue;
      const variable = STAGE_VARIABLE.exec(i.connectionId);
      const vpcLinkId = variable ? variables[variable[1]] : i.connectionId;
      if (vpcLinkId) uses.push({ vpcLinkId, httpMethod: m.httpMethod, path: r.path });
    }
    this.captured.set(`${region}/${apiId}/${deploymentId}`, uses);
    this.snapshots.set(`${region}/${apiId}/${deploymentId}`, structuredClone(this.tree(region, apiId)));
  }

  /** The resources, methods and integrations a deployment froze, or undefined for an unknown one. */
  deployedTree(region: string, apiId: string, deploymentId: string): ReadonlyMap<string, ResourceRecord> | undefined {
    return this.snapshots.get(`${region}/${apiId}/${deploymentId}`);
  }

  putMethodResponse(
    region: string,
    apiId: string,
    resourceId: string,
    httpMethod: string,
    statusCode: string,
    body: Record<string, unknown>,
  ) {
    const method = this.method(region, apiId, resourceId, httpMethod);
    if (!STATUS_CODE.test(statusCode)) throw badRequest("Invalid status code specified");
    const response: MethodResponseRecord = {
      statusCode,
      ...(body.responseParameters ? { responseParameters: body.responseParameters as Record<string, boolean> } : {}),
      ...(body.responseModels ? { responseModels: body.responseModels as Record<string, string> } : {}),
    };
    (method.methodResponses ??= {})[statusCode] = response;
    return structuredClone(response);
  }

  getMethodResponse(region: string, apiId: string, resourceId: string, httpMethod: string, statusCode: string) {
    const response = this.method(region, apiId, resourceId, httpMethod).methodResponses?.[statusCode];
    if (!response) throw notFound("Invalid Response status code specified");
    return structuredClone(response);
  }

  /** PutIntegrationResponse: the method must have an integration and a method response of that status. */
  putIntegrationResponse(
    region: string,
    apiId: string,
    resourceId: string,
    httpMethod: string,
    statusCode: string,
    body: Record<string, unknown>,
  ) {
    const integration = this.integration(region, apiId, resourceId, httpMethod);
    // Assumed(integration-response-needs-method-response): AWS answers NotFound when the method has no response of that status.
    this.getMethodResponse(region, apiId, resourceId, httpMethod, statusCode);
    const response: IntegrationResponseRecord = { statusCode };
    for (const k of ["selectionPattern", "responseParameters", "responseTemplates", "contentHandling"] as const)
      if (body[k] !== undefined) (response as unknown as Record<string, unknown>)[k] = body[k];
    (integration.integrationResponses ??= {})[statusCode] = response;
    return structuredClone(response);
  }

  getIntegrationResponse(region: string, apiId: string, resourceId: string, httpMethod: string, statusCode: string) {
    const response = this.integration(region, apiId, resourceId, httpMethod).integrationResponses?.[statusCode];
    if (!response) throw notFound("Invalid Response status code specified");
    return structuredClone(response);
  }

  /**
   * Who refers to a v2 link: integrations of every API in the region, and the stages whose
   * deployment captured one. Assumed(vpc-link-reference-format): AWS's list format is [RESTApiId:Method:Resource:Stage];
   * an integration not yet deployed to any stage is listed with an empty stage.
   */
  referencesOf(region: string, vpcLinkId: string): string[] {
    const refs = new Set<string>();
    for (const api of this.restApis.list(region)) {
      for (const { r, m, i } of this.integrations(region, api.id)) {
        if (i.connectionType === "VPC_LINK" && i.connectionId === vpcLinkId) refs.add(`${api.id}:${m.httpMethod}:${r.path}:`);
      }
      for (const stage of this.restApis.getStages(region, api.id)) {
        for (const use of this.captured.get(`${region}/${api.id}/${stage.deploymentId}`) ?? []) {
          if (use.vpcLinkId === vpcLinkId) refs.add(`${api.id}:${use.httpMethod}:${use.path}:${stage.stageName}`);
        }
      }
    }
    return [...refs].sort();
  }

  /**
   * TestInvokeMethod: a private integration answers only while its link is AVAILABLE. A
   * request through an INACTIVE link fails and starts re-provisioning (AWS: traffic brings the
   * link back after a few minutes); requests fail until the link is AVAILABLE again.
   */
  testInvoke(region: string, apiId: string, resourceId: string, httpMethod: string) {
    const started = Date.now();
    const i = this.integration(region, apiId, resourceId, httpMethod);
    const answer = (status: number, body: unknown, log: string) => ({
      status,
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json" },
      log,
      latency: Date.now() - started,
    });
    if (i.connectionType !== "VPC_LINK" || !i.connectionId)
      return answer(200, { integration: i.type, uri: i.uri ?? null }, "Method completed with status: 200");
    if (STAGE_VARIABLE.test(i.connectionId)) {
      return answer(
        500,
        { message: "Internal server error" },
        "Execution failed due to configuration error: stage variables are not available in a test invocation",
      );
    }
    const link = this.vpcLinks.get(region, i.connectionId);
    if (link.vpcLinkStatus === "INACTIVE") this.vpcLinks.setInactive(region, i.connectionId, false);
    if (link.vpcLinkStatus !== "AVAILABLE") {
      // Assumed(unavailable-link-500): AWS answers 500 with a configuration-error log line; the exact text is undocumented.
      return answer(
        500,
        { message: "Internal server error" },
        `Execution failed due to configuration error: VPC link ${i.connectionId} is ${link.vpcLinkStatus}`,
      );
    }
    return answer(
      200,
      { integrationTarget: i.integrationTarget, uri: i.uri, vpcLinkId: i.connectionId },
      "Method completed with status: 200",
    );
  }

  /** Drops an API's tree and deployments (DeleteRestApi). */
  forgetApi(region: string, apiId: string): void {
    this.trees.delete(`${region}/${apiId}`);
    for (const k of this.captured.keys()) if (k.startsWith(`${region}/${apiId}/`)) this.captured.delete(k);
    for (const k of this.snapshots.keys()) if (k.startsWith(`${region}/${apiId}/`)) this.snapshots.delete(k);
  }

  /** AWS's rules for a private integration, checked on put and after every patch. */
  private validate(region: string, i: IntegrationRecord): void {
    if (!TYPES.includes(i.type)) throw badRequest(`Invalid integration type specified. Valid options are ${TYPES.join(",")}`);
    if (i.type !== "MOCK" && (!i.httpMethod || !HTTP_METHODS.includes(i.httpMethod)))
      throw badRequest("Enumeration value for HttpMethod must be non-empty");
    if (i.timeoutInMillis < 50 || i.timeoutInMillis > MAX_TIMEOUT_MS)
      throw badRequest(`Timeout should be between 50 ms and ${MAX_TIMEOUT_MS} ms`);
    if (i.connectionType !== "VPC_LINK") {
      // Assumed(integration-target-needs-vpc-link): AWS rejects a target on an integration that does not go through a VPC link.
      if (i.integrationTarget) throw badRequest("IntegrationTarget is only supported for connectionType VPC_LINK");
      return;
    }
    if (i.type !== "HTTP" && i.type !== "HTTP_PROXY")
      throw badRequest("Integrations of type VPC_LINK are only supported for HTTP and HTTP_PROXY integrations");
    if (!i.connectionId) throw badRequest("ConnectionId is required for connectionType VPC_LINK");
    if (!i.uri || !/^https?:\/\/[^/\s]+/.test(i.uri)) throw badRequest(`Invalid HTTP endpoint specified for URI: ${i.uri ?? ""}`);
    if (STAGE_VARIABLE.test(i.connectionId)) {
      if (!i.integrationTarget) throw badRequest("IntegrationTarget is required for VpcLinkV2");
    } else {
      // Assumed(unknown-link-not-found): the sandbox has only v2 links, so an unknown id is answered as AWS answers an unknown link.
      try {
        this.vpcLinks.get(region, i.connectionId);
      } catch {
        throw notFound(`Invalid VPC link identifier specified: ${i.connectionId}`);
      }
      if (!i.integrationTarget) throw badRequest("IntegrationTarget is required for VpcLinkV2");
    }
    const arn = LOAD_BALANCER_ARN.exec(i.integrationTarget);
    if (!arn)
      throw badRequest(`Invalid IntegrationTarget: ${i.integrationTarget} is not the ARN of an Application or Network Load Balancer`);
    if (arn[2] !== region) throw badRequest(`Invalid IntegrationTarget: the load balancer is in ${arn[2]}, the API in ${region}`);
  }

  private *integrations(region: string, apiId: string) {
    for (const r of this.trees.get(`${region}/${apiId}`)?.values() ?? []) {
      for (const m of r.methods.values()) if (m.integration) yield { r, m, i: m.integration };
    }
  }

  private tree(region: string, apiId: string): Map<string, ResourceRecord> {
    const api = this.restApis.get(region, apiId); // NotFoundException for an unknown API
    const k = `${region}/${apiId}`;
    let tree = this.trees.get(k);
    if (!tree) {
      const root: ResourceRecord = { id: rootResourceId(api.id), path: "/", methods: new Map() };
      tree = new Map([[root.id, root]]);
      this.trees.set(k, tree);
    }
    return tree;
  }

  private resource(region: string, apiId: string, resourceId: string): ResourceRecord {
    const r = this.tree(region, apiId).get(resourceId);
    if (!r) throw notFound("Invalid Resource identifier specified");
    return r;
  }

  private method(region: string, apiId: string, resourceId: string, httpMethod: string): MethodRecord {
    const m = this.resource(region, apiId, resourceId).methods.get(httpMethod);
    if (!m) throw notFound("Invalid Method identifier specified");
    return m;
  }

  private integration(region: string, apiId: string, resourceId: string, httpMethod: string): IntegrationRecord {
    const i = this.method(region, apiId, resourceId, httpMethod).integration;
    if (!i) throw notFound("Invalid Integration identifier specified");
    return i;
  }
}

/** The root resource's id, as GetRestApi reports it in `rootResourceId`. */
export const rootResourceId = (apiId: string) => apiId.slice(0, 6);
