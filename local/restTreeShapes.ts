/** The wire shapes of resources and methods, as GetResource(s) and GetMethod answer them. */
import type { MethodRecord, ResourceRecord } from "./restIntegrations";

export function methodShape(m: MethodRecord) {
  return {
    httpMethod: m.httpMethod,
    authorizationType: m.authorizationType,
    apiKeyRequired: m.apiKeyRequired,
    ...(m.integration ? { methodIntegration: structuredClone(m.integration) } : {}),
    ...(m.methodResponses ? { methodResponses: structuredClone(m.methodResponses) } : {}),
  };
}

export function resourceShape(r: ResourceRecord) {
  const methods = Object.fromEntries([...r.methods.values()].map((m) => [m.httpMethod, methodShape(m)]));
  return {
    id: r.id,
    ...(r.parentId ? { parentId: r.parentId, pathPart: r.pathPart } : {}),
    path: r.path,
    ...(r.methods.size ? { resourceMethods: methods } : {}),
  };
}
