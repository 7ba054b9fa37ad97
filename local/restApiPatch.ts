/**
 * The REST API fields AWS stores, with AWS's validation, and UpdateRestApi's patch paths:
 * name, description, policy, apiKeySource, disableExecuteApiEndpoint, binaryMediaTypes,
 * the endpoint type, its VPC endpoints, its IP address type, security policy and endpoint access mode.
 */
import {
  expandExecuteApiShorthand,
  parsePolicy,
  PolicyDocumentError,
  storedPolicyString,
  type ExecuteApiTarget,
} from "../provider/accessPolicy";
import { ENDPOINT_SECURITY_PATHS, patchEndpointSecurity } from "./endpointSecurity";
import { badRequest } from "./errors";
import { VPC_ENDPOINT_ID } from "./ids";
import type { PatchOperation, RestApiRecord } from "./restApis";

const ENDPOINT_TYPES = ["EDGE", "REGIONAL", "PRIVATE"];
const API_KEY_SOURCES = ["HEADER", "AUTHORIZER"];
const VPCE_PATH = "/endpointConfiguration/vpcEndpointIds";
const TYPES_PATH = /^\/endpointConfiguration\/types\/([A-Z]+)$/;
const BINARY_PATH = /^\/binaryMediaTypes\/(.+)$/;
const PATHS = [
  "/name",
  "/description",
  "/policy",
  "/apiKeySource",
  "/disableExecuteApiEndpoint",
  "/binaryMediaTypes/{type}",
  "/endpointConfiguration/types/{type}",
  ...ENDPOINT_SECURITY_PATHS,
  VPCE_PATH,
];

/**
 * The stored form of a policy given at create or by `replace /policy`: AWS's escaped string of
 * the document with the `execute-api:/` shorthand expanded.
 * Assumed(rest-api-policy-invalid-message): AWS's message for a policy that is not a valid document.
 */
export function storedPolicy(policy: string, target: ExecuteApiTarget): string {
  try {
    return storedPolicyString(expandExecuteApiShorthand(parsePolicy(policy), target));
  } catch (e) {
    if (e instanceof PolicyDocumentError)
      throw badRequest(`Invalid policy document. Please check the policy syntax and try again: ${e.message}`);
    throw e;
  }
}

export function validateApiKeySource(value: unknown): string {
  if (typeof value !== "string" || !API_KEY_SOURCES.includes(value))
    throw badRequest(`Invalid API key source specified: ${String(value)}. Valid values are ${API_KEY_SOURCES.join(", ")}`);
  return value;
}

export function validateTypes(types: string[]): void {
  if (types.length !== 1 || !ENDPOINT_TYPES.includes(types[0])) {
    throw badRequest(`Invalid endpoint configuration types [${types.join(", ")}]: exactly one of ${ENDPOINT_TYPES.join(", ")} is required`);
  }
}

export function validateVpceId(id: string): void {
  if (!VPC_ENDPOINT_ID.test(id)) throw badRequest(`Invalid VPC endpoint id specified: ${id}`);
}

/** One patch operation applied to a copy of the API (`ids` is the copy's endpoint list). */
export function applyPatch(api: RestApiRecord, ids: string[], op: PatchOperation, accountId: string): void {
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
  const binary = BINARY_PATH.exec(path);
  if (binary) return patchBinaryMediaTypes(api, op, binary[1].replace(/~1/g, "/").replace(/~0/g, "~"));
  const typeMatch = TYPES_PATH.exec(path);
  if (op.op === "replace" && typeMatch) {
    const current = typeMatch[1];
    if (!api.endpointConfiguration.types.includes(current))
      throw badRequest(`Invalid patch operation: endpoint type ${current} is not set`);
    validateTypes([op.value ?? ""]);
    api.endpointConfiguration.types = api.endpointConfiguration.types.map((t) => (t === current ? (op.value as string) : t));
    return;
  }
  if (op.op !== "replace" || !PATHS.includes(path)) throw invalidPath(op);
  if (patchEndpointSecurity(api, op)) return;
  switch (path) {
    case "/name":
      if (!op.value) throw badRequest("Invalid patch operation: /name must not be empty");
      api.name = op.value;
      return;
    case "/description":
      api.description = op.value;
      return;
    case "/policy":
      // An empty value detaches the policy.
      api.policy = op.value ? storedPolicy(op.value, { region: api.region, accountId, restApiId: api.id }) : undefined;
      return;
    case "/apiKeySource":
      api.apiKeySource = validateApiKeySource(op.value);
      return;
    case "/disableExecuteApiEndpoint":
      if (op.value !== "true" && op.value !== "false")
        throw badRequest(`Invalid boolean value for /disableExecuteApiEndpoint: ${op.value ?? ""}`);
      api.disableExecuteApiEndpoint = op.value === "true";
      return;
    default:
      throw invalidPath(op);
  }
}

/** AWS's documented binaryMediaTypes patches: add (no value), replace (value), remove. */
function patchBinaryMediaTypes(api: RestApiRecord, op: PatchOperation, type: string): void {
  const list = api.binaryMediaTypes;
  const index = list.indexOf(type);
  if (op.op === "add") {
    if (index < 0) list.push(type);
  } else if (op.op === "remove" || op.op === "replace") {
    // Assumed(binary-media-type-absent): removing or replacing a type the API does not list is refused.
    if (index < 0) throw badRequest(`Invalid patch operation: binary media type ${type} is not set`);
    if (op.op === "remove") list.splice(index, 1);
    else if (!op.value) throw badRequest("Invalid patch operation: replace /binaryMediaTypes needs a value");
    else list[index] = op.value;
  } else throw invalidPath(op);
}

const invalidPath = (op: PatchOperation) =>
  badRequest(`Invalid patch path '${op.path ?? ""}' specified for op '${op.op ?? ""}'. Must be one of: [${PATHS.join(", ")}]`);
