/**
 * STRICT endpoint access mode on the invoke plane. AWS's developer guide ("Security policies for
 * REST APIs", Endpoint access mode): with STRICT, a request must come from the resource's own
 * endpoint type, and on REGIONAL and PRIVATE endpoints API Gateway matches the TLS server name
 * (SNI) with the host; a request that fails either is refused. The sandbox speaks plain HTTP, so
 * the caller's SNI travels in the sandbox-only header `x-apigw-sandbox-sni` (default: the Host).
 */
import type { IncomingMessage } from "node:http";
import { executeApiDomain, perVpceHostname } from "../provider/endpointNames";
import { forbidden, type InvokeOutcome } from "./invoke";

/** Sandbox-only header: the TLS server name (SNI) the caller sent; the Host header's name when absent. */
export const SNI_HEADER = "x-apigw-sandbox-sni";

/** The names a private API answers to through an endpoint: its per-VPCE name and its private DNS name. */
export function privateApiHostnames(restApiId: string, vpcEndpointId: string, region: string): string[] {
  return [perVpceHostname(restApiId, vpcEndpointId, region), `${restApiId}.${executeApiDomain(region)}`];
}

/**
 * The refusal of a request that STRICT mode does not let through, or undefined.
 * Assumed(strict-refusal-answer): AWS does not document its answer to a request STRICT refuses; the sandbox answers
 * 403 {"message":"Forbidden"}, as for the other requests a private endpoint does not route.
 * @param req - The request (Host and the SNI header).
 * @param mode - The resource's endpointAccessMode (STRICT, BASIC or none).
 * @param names - The host names of the resource on this endpoint type.
 * @param what - The resource, for the reason logged.
 */
export function strictRefusal(
  req: IncomingMessage,
  mode: string | undefined,
  names: readonly string[],
  what: string,
): InvokeOutcome | undefined {
  if (mode !== "STRICT") return undefined;
  const host = hostName(req.headers.host);
  const sniHeader = req.headers[SNI_HEADER];
  const sni = typeof sniHeader === "string" && sniHeader ? hostName(sniHeader) : host;
  if (sni !== host) return forbidden(`STRICT endpoint access mode of ${what}: the TLS server name ${sni} does not match the Host ${host}`);
  if (!names.includes(host))
    return forbidden(`STRICT endpoint access mode of ${what}: ${host} is not one of its names on its endpoint type (${names.join(", ")})`);
  return undefined;
}

const hostName = (value: string | undefined) => (value ?? "").toLowerCase().replace(/:\d+$/, "");
