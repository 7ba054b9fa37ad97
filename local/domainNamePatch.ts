/**
 * UpdateDomainName's patch of a custom domain name, and the checks CreateDomainName shares with
 * it: the policies, the routing mode and the endpoint settings (local/endpointSecurity.ts). Pure.
 */
import { ROUTING_MODE_PATH } from "../provider/routingRules";
import type { DomainNameRecord } from "./domainNames";
import { patchEndpointSecurity, storedEndpointSecurity } from "./endpointSecurity";
import { badRequest } from "./errors";
import type { PatchOperation } from "./restApis";
import { checkRoutingMode } from "./routingRules";

/**
 * The domain after `policy`, `managementPolicy` (replace; remove for managementPolicy), the
 * routing mode and the endpoint settings are patched; all operations or none (it throws AWS's 400).
 * @param domain - The domain as stored; left unchanged.
 * @param operations - UpdateDomainName's patch operations.
 * @returns The patched copy.
 */
export function patchDomainName(domain: DomainNameRecord, operations: PatchOperation[]): DomainNameRecord {
  const next = structuredClone(domain);
  for (const op of operations) {
    if (op.path === ROUTING_MODE_PATH && op.op === "replace") {
      next.routingMode = checkRoutingMode(op.value);
      continue;
    }
    if (patchEndpointSecurity(next, op)) continue;
    const field = op.path === "/policy" ? "policy" : op.path === "/managementPolicy" ? "managementPolicy" : undefined;
    if (!field || !next.domainNameId)
      throw badRequest(
        `Invalid patch path '${op.path}' specified for op '${op.op}'. Must be one of: [/policy, /managementPolicy, /securityPolicy, /endpointAccessMode, /endpointConfiguration/ipAddressType, /routingMode]`,
      );
    if (op.op === "replace") {
      checkDomainPolicy(op.value, field);
      next[field] = op.value as string;
    } else if (op.op === "remove" && field === "managementPolicy") delete next.managementPolicy;
    else throw badRequest(`Invalid patch operation: ${op.op} ${op.path}`);
  }
  return {
    ...next,
    ...domainEndpointSecurity(
      next.endpointConfiguration.types,
      next.endpointConfiguration.ipAddressType,
      next.securityPolicy,
      next.endpointAccessMode,
    ),
  };
}

/**
 * Refuses (400) a domain policy that is not a JSON policy document with a Statement.
 * @param value - The policy given.
 * @param field - `policy` or `managementPolicy`, for the message.
 */
export function checkDomainPolicy(value: unknown, field: string): void {
  try {
    const doc = JSON.parse(String(value)) as { Statement?: unknown };
    if (!doc || typeof doc !== "object" || doc.Statement === undefined) throw new Error("no Statement");
  } catch {
    throw badRequest(`Invalid ${field}: it must be a JSON policy document with a Statement`);
  }
}

/**
 * A domain's endpoint settings as stored (AWS's defaults, and its refusals: local/endpointSecurity.ts).
 * @param types - The endpoint type, alone in a list.
 * @param ipAddressType - The IP address type given, if any.
 * @param securityPolicy - The security policy given, if any.
 * @param endpointAccessMode - The endpoint access mode given, if any.
 * @returns The endpoint configuration, security policy and access mode to store.
 */
export function domainEndpointSecurity(types: string[], ipAddressType: unknown, securityPolicy: unknown, endpointAccessMode: unknown) {
  const { ipAddressType: ip, ...tls } = storedEndpointSecurity("domain", {
    endpointType: types[0],
    ipAddressType,
    securityPolicy,
    endpointAccessMode,
  });
  return { endpointConfiguration: { types: [...types], ipAddressType: ip }, endpointAccessMode: undefined, ...tls };
}
