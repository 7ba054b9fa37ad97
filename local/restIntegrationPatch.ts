/**
 * UpdateIntegration's patch paths (AWS's "Patch Operations" page lists more than these).
 */
import { badRequest } from "./errors";
import type { IntegrationRecord } from "./restIntegrations";
import type { PatchOperation } from "./restApis";

/** Applies one UpdateIntegration patch operation to a copy of the integration. */
export function applyIntegrationPatch(i: IntegrationRecord, op: PatchOperation): void {
  const path = op.path ?? "";
  const param = /^\/requestParameters\/(.+)$/.exec(path);
  if (param) {
    const name = param[1].replace(/~1/g, "/").replace(/~0/g, "~");
    const params = (i.requestParameters ??= {});
    if (op.op === "remove") {
      if (!(name in params)) throw badRequest(`Invalid mapping expression specified: ${name} is not mapped`);
      delete params[name];
    } else if (op.op === "add" || op.op === "replace") {
      if (!op.value) throw badRequest(`Invalid mapping expression specified: ${name}`);
      params[name] = op.value;
    } else throw invalidPatch(op);
    return;
  }
  if (op.op !== "replace") throw invalidPatch(op);
  const value = op.value;
  switch (path) {
    case "/uri":
      i.uri = value;
      return;
    case "/httpMethod":
      i.httpMethod = value;
      return;
    case "/type":
      i.type = value ?? "";
      return;
    case "/connectionType":
      i.connectionType = value === "VPC_LINK" ? "VPC_LINK" : value === "INTERNET" ? "INTERNET" : invalidValue(path, value);
      return;
    case "/connectionId":
      i.connectionId = value || undefined;
      return;
    // Assumed(sandbox-integration-target-patch-path): the patch path of the November 2025 field
    // follows its JSON name, as every other one does.
    case "/integrationTarget":
      i.integrationTarget = value || undefined;
      return;
    case "/timeoutInMillis":
      i.timeoutInMillis = Number.isInteger(Number(value)) ? Number(value) : invalidValue(path, value);
      return;
    case "/passthroughBehavior":
      i.passthroughBehavior = value ?? "";
      return;
    case "/tlsConfig/insecureSkipVerification":
      i.tlsConfig = { insecureSkipVerification: value === "true" };
      return;
    default:
      throw invalidPatch(op);
  }
}

const invalidPatch = (op: PatchOperation) =>
  badRequest(
    `Invalid patch path '${op.path ?? ""}' specified for op '${op.op ?? ""}'. Must be one of: [/uri, /httpMethod, /type, /connectionType, /connectionId, /integrationTarget, /timeoutInMillis, /passthroughBehavior, /tlsConfig/insecureSkipVerification, /requestParameters/{name}]`,
  );

function invalidValue(path: string, value: string | undefined): never {
  throw badRequest(`Invalid value '${value ?? ""}' for ${path}`);
}
