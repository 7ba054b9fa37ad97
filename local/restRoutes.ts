/**
 * The HTTP routes of API Gateway v1's REST APIs, deployments, stages, resources, methods,
 * integrations and their responses, in the paths and shapes of `@aws-sdk/client-api-gateway`.
 */
import type { PatchOperation, RestApiModel, RestApiRecord, StageRecord } from "./restApis";
import type { RestIntegrationModel } from "./restIntegrations";

/** A route: HTTP method, path pattern with named groups, and the operation it serves. */
export interface Route {
  method: string;
  pattern: RegExp;
  operation: string;
}

/** An answer before it is put on the wire. */
export interface Reply {
  status: number;
  body?: unknown;
}

/** Path parameters arrive decoded. */
export type RestHandler = (
  region: string,
  p: Record<string, string>,
  body: Record<string, unknown>,
  q: URLSearchParams,
  accountId: string,
) => Reply;

const API = "^\\/restapis\\/(?<restApiId>[^/]+)";
const RESOURCE = `${API}\\/resources\\/(?<resourceId>[^/]+)`;
const METHOD = `${RESOURCE}\\/methods\\/(?<httpMethod>[^/]+)`;
const r = (method: string, pattern: string, operation: string): Route => ({ method, pattern: new RegExp(`${pattern}$`), operation });

/** Every v1 route but the custom domain names' (local/domainRoutes.ts). */
export const REST_ROUTES: Route[] = [
  r("POST", "^\\/restapis", "CreateRestApi"),
  r("GET", "^\\/restapis", "GetRestApis"),
  r("GET", API, "GetRestApi"),
  r("PATCH", API, "UpdateRestApi"),
  r("DELETE", API, "DeleteRestApi"),
  r("POST", `${API}\\/deployments`, "CreateDeployment"),
  r("GET", `${API}\\/deployments`, "GetDeployments"),
  r("GET", `${API}\\/deployments\\/(?<deploymentId>[^/]+)`, "GetDeployment"),
  r("POST", `${API}\\/stages`, "CreateStage"),
  r("GET", `${API}\\/stages`, "GetStages"),
  r("GET", `${API}\\/stages\\/(?<stageName>[^/]+)`, "GetStage"),
  r("DELETE", `${API}\\/stages\\/(?<stageName>[^/]+)`, "DeleteStage"),
  r("GET", `${API}\\/resources`, "GetResources"),
  r("GET", RESOURCE, "GetResource"),
  { method: "POST", pattern: /^\/restapis\/(?<restApiId>[^/]+)\/resources\/(?<parentId>[^/]+)$/, operation: "CreateResource" },
  r("PUT", METHOD, "PutMethod"),
  r("GET", METHOD, "GetMethod"),
  r("DELETE", METHOD, "DeleteMethod"),
  r("POST", METHOD, "TestInvokeMethod"),
  r("PUT", `${METHOD}\\/responses\\/(?<statusCode>[^/]+)`, "PutMethodResponse"),
  r("GET", `${METHOD}\\/responses\\/(?<statusCode>[^/]+)`, "GetMethodResponse"),
  r("PUT", `${METHOD}\\/integration`, "PutIntegration"),
  r("GET", `${METHOD}\\/integration`, "GetIntegration"),
  r("PATCH", `${METHOD}\\/integration`, "UpdateIntegration"),
  r("DELETE", `${METHOD}\\/integration`, "DeleteIntegration"),
  r("PUT", `${METHOD}\\/integration\\/responses\\/(?<statusCode>[^/]+)`, "PutIntegrationResponse"),
  r("GET", `${METHOD}\\/integration\\/responses\\/(?<statusCode>[^/]+)`, "GetIntegrationResponse"),
];

/** The handlers of {@link REST_ROUTES}. */
export function restHandlers(restApis: RestApiModel, tree: RestIntegrationModel): Record<string, RestHandler> {
  const patches = (body: Record<string, unknown>) => (body.patchOperations as PatchOperation[] | undefined) ?? [];
  return {
    CreateRestApi: (region, _p, body, _q, account) => ({ status: 201, body: restApiShape(restApis.create(region, body, account)) }),
    GetRestApis: (region, _p, _b, q) => ({
      status: 200,
      body: page(restApis.list(region).map(restApiShape), q, "limit", "position", "item"),
    }),
    GetRestApi: (region, p) => ({ status: 200, body: restApiShape(restApis.get(region, p.restApiId)) }),
    UpdateRestApi: (region, p, body, _q, account) => ({
      status: 200,
      body: restApiShape(restApis.update(region, p.restApiId, patches(body), account)),
    }),
    DeleteRestApi: (region, p) => {
      restApis.delete(region, p.restApiId);
      tree.forgetApi(region, p.restApiId);
      return { status: 202 };
    },
    CreateDeployment: (region, p, body) => {
      tree.assertDeployable(region, p.restApiId);
      const deployment = restApis.createDeployment(region, p.restApiId, body);
      tree.capture(region, p.restApiId, deployment.id, body.variables as Record<string, string> | undefined);
      return { status: 201, body: deployment };
    },
    GetDeployments: (region, p, _b, q) => ({
      status: 200,
      body: page(restApis.getDeployments(region, p.restApiId), q, "limit", "position", "item"),
    }),
    GetDeployment: (region, p) => ({ status: 200, body: restApis.getDeployment(region, p.restApiId, p.deploymentId) }),
    CreateStage: (region, p, body) => ({ status: 201, body: stageShape(restApis.createStage(region, p.restApiId, body)) }),
    GetStages: (region, p, _b, q) => ({
      status: 200,
      body: { item: restApis.getStages(region, p.restApiId, q.get("deploymentId") ?? undefined).map(stageShape) },
    }),
    GetStage: (region, p) => ({ status: 200, body: stageShape(restApis.getStage(region, p.restApiId, p.stageName)) }),
    DeleteStage: (region, p) => {
      restApis.deleteStage(region, p.restApiId, p.stageName);
      return { status: 202 };
    },
    GetResources: (region, p, _b, q) => ({
      status: 200,
      body: page(tree.getResources(region, p.restApiId), q, "limit", "position", "item"),
    }),
    GetResource: (region, p) => ({ status: 200, body: tree.getResource(region, p.restApiId, p.resourceId) }),
    CreateResource: (region, p, body) => ({ status: 201, body: tree.createResource(region, p.restApiId, p.parentId, body.pathPart) }),
    PutMethod: (region, p, body) => ({ status: 201, body: tree.putMethod(region, p.restApiId, p.resourceId, p.httpMethod, body) }),
    GetMethod: (region, p) => ({ status: 200, body: tree.getMethod(region, p.restApiId, p.resourceId, p.httpMethod) }),
    DeleteMethod: (region, p) => {
      tree.deleteMethod(region, p.restApiId, p.resourceId, p.httpMethod);
      return { status: 204 };
    },
    TestInvokeMethod: (region, p) => ({ status: 200, body: tree.testInvoke(region, p.restApiId, p.resourceId, p.httpMethod) }),
    PutMethodResponse: (region, p, body) => ({
      status: 201,
      body: tree.putMethodResponse(region, p.restApiId, p.resourceId, p.httpMethod, p.statusCode, body),
    }),
    GetMethodResponse: (region, p) => ({
      status: 200,
      body: tree.getMethodResponse(region, p.restApiId, p.resourceId, p.httpMethod, p.statusCode),
    }),
    PutIntegration: (region, p, body) => ({
      status: 201,
      body: tree.putIntegration(region, p.restApiId, p.resourceId, p.httpMethod, body),
    }),
    GetIntegration: (region, p) => ({ status: 200, body: tree.getIntegration(region, p.restApiId, p.resourceId, p.httpMethod) }),
    UpdateIntegration: (region, p, body) => ({
      status: 200,
      body: tree.updateIntegration(region, p.restApiId, p.resourceId, p.httpMethod, patches(body)),
    }),
    DeleteIntegration: (region, p) => {
      tree.deleteIntegration(region, p.restApiId, p.resourceId, p.httpMethod);
      return { status: 204 };
    },
    PutIntegrationResponse: (region, p, body) => ({
      status: 201,
      body: tree.putIntegrationResponse(region, p.restApiId, p.resourceId, p.httpMethod, p.statusCode, body),
    }),
    GetIntegrationResponse: (region, p) => ({
      status: 200,
      body: tree.getIntegrationResponse(region, p.restApiId, p.resourceId, p.httpMethod, p.statusCode),
    }),
  };
}

/** GetRestApi's shape: the stored fields, the policy in AWS's escaped form. */
export function restApiShape(api: RestApiRecord) {
  return {
    id: api.id,
    name: api.name,
    description: api.description,
    createdDate: api.createdDate,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: api.endpointConfiguration,
    tags: api.tags,
    ...(api.policy ? { policy: api.policy } : {}),
    ...(api.binaryMediaTypes.length ? { binaryMediaTypes: api.binaryMediaTypes } : {}),
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.id.slice(0, 6),
    securityPolicy: api.securityPolicy,
    ...(api.endpointAccessMode ? { endpointAccessMode: api.endpointAccessMode } : {}),
    apiStatus: api.apiStatus,
  };
}

/** GetStage's shape; `variables` only when the stage has some, as AWS omits empty maps. */
function stageShape(stage: StageRecord) {
  const { variables, ...rest } = stage;
  return { ...rest, ...(variables && Object.keys(variables).length ? { variables } : {}) };
}

/** Pagination with an opaque token that is simply the next offset. */
export function page<T>(items: T[], q: URLSearchParams, limitParam: string, tokenParam: string, itemsKey: string) {
  const limit = Math.min(Number(q.get(limitParam) ?? 25) || 25, 500);
  const start = Number(q.get(tokenParam) ?? 0) || 0;
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? String(start + limit) : undefined;
  return { [itemsKey]: slice, ...(next ? { [tokenParam]: next } : {}) };
}
