/**
 * The sandbox's side of the endpoint settings of REST APIs and custom domain names: what
 * Create* stores (with AWS's defaults), the UpdateRestApi / UpdateDomainName patch paths, and
 * the refusal of a combination AWS refuses (provider/endpointSecurity.ts holds the rules).
 */
import {
  defaultIpAddressType,
  defaultSecurityPolicy,
  endpointSecurityProblems,
  type EndpointSecuritySettings,
} from "../provider/endpointSecurity";
import { badRequest } from "./errors";
import type { PatchOperation } from "./restApis";

/** The stored settings of an API or a domain. */
export interface StoredEndpointSecurity {
  /** ipv4 or dualstack. */
  ipAddressType: string;
  /** The TLS security policy. */
  securityPolicy: string;
  /** STRICT or BASIC; absent with a legacy policy. */
  endpointAccessMode?: string;
}

/** The patch paths of these settings (replace only). */
export const ENDPOINT_SECURITY_PATHS = ["/securityPolicy", "/endpointAccessMode", "/endpointConfiguration/ipAddressType"];

/**
 * The settings as stored after validation, with AWS's defaults for what is not given.
 * Assumed(endpoint-security-messages): AWS documents the rules but not the wording of its BadRequestException.
 * @param kind - A REST API or a custom domain name (their default policies differ).
 * @param given - The settings of the request (or of the patched record).
 * @throws BadRequestException naming the first broken rule.
 */
export function storedEndpointSecurity(kind: "api" | "domain", given: EndpointSecuritySettings): StoredEndpointSecurity {
  const type = typeof given.endpointType === "string" ? given.endpointType : "EDGE";
  const settings = {
    ...given,
    ipAddressType: given.ipAddressType ?? defaultIpAddressType(type),
    securityPolicy: given.securityPolicy ?? defaultSecurityPolicy(kind, type),
  };
  const [problem] = endpointSecurityProblems(settings);
  if (problem) throw badRequest(`Invalid ${problem.property}: ${problem.reason}`);
  return {
    ipAddressType: settings.ipAddressType as string,
    securityPolicy: settings.securityPolicy as string,
    ...(typeof settings.endpointAccessMode === "string" ? { endpointAccessMode: settings.endpointAccessMode } : {}),
  };
}

/**
 * Applies one `replace` of a setting to a copy of the record; the caller validates the result
 * once all operations are applied (UpdateRestApi and UpdateDomainName are atomic).
 * Assumed(endpoint-access-mode-clear): `replace /endpointAccessMode` with an empty value clears it, for a move back to a legacy policy.
 * @returns false when the operation is not one of these settings.
 */
export function patchEndpointSecurity(
  record: { securityPolicy?: string; endpointAccessMode?: string; endpointConfiguration: { ipAddressType?: string } },
  op: PatchOperation,
): boolean {
  if (!ENDPOINT_SECURITY_PATHS.includes(op.path ?? "")) return false;
  if (op.op !== "replace") throw badRequest(`Invalid patch operation: ${op.op ?? ""} ${op.path ?? ""}; only replace is supported`);
  const value = op.value ?? "";
  if (op.path === "/securityPolicy") record.securityPolicy = value;
  else if (op.path === "/endpointAccessMode") {
    if (value) record.endpointAccessMode = value;
    else delete record.endpointAccessMode;
  } else record.endpointConfiguration.ipAddressType = value;
  return true;
}
