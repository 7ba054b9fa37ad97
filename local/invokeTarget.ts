/**
 * Which private API an HTTP request to the sandbox invokes, and through which VPC endpoint, from
 * its Host header: the per-VPCE name `{api}-{vpce}.execute-api.{region}.amazonaws.com`, the
 * endpoint's own DNS name `{vpce}-{suffix}[-{zone}].execute-api.{region}.vpce.amazonaws.com` with
 * the API in `x-apigw-api-id` (AWS's "endpoint-specific public DNS hostnames"), or the private DNS
 * name `{api}.execute-api.{region}.amazonaws.com`, whose endpoint the sandbox-only header
 * `x-apigw-sandbox-vpce` names (the VPC the caller is in decides it on AWS). Pure.
 */

/** A request to the invoke plane. */
export interface InvokeTarget {
  /** How it named the API: the per-VPCE alias, or the endpoint's DNS name with x-apigw-api-id. */
  form: "per-vpce-host" | "endpoint-host" | "private-dns";
  /** The REST API id (undefined when the endpoint form lacks the header). */
  restApiId?: string;
  /** The VPC endpoint the request came through ("" for a private DNS name without x-apigw-sandbox-vpce). */
  vpcEndpointId: string;
  /** The region in the name. */
  region: string;
}

const PER_VPCE = /^([a-z0-9]{10})-(vpce-[0-9a-f]{8,17})\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const PRIVATE_DNS = /^([a-z0-9]{10})\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const ENDPOINT_NAME = /^(vpce-[0-9a-f]{8,17})-[a-z0-9]+(?:-[a-z0-9-]+)?\.execute-api\.([a-z0-9-]+)\.vpce\.amazonaws\.com(?:\.cn)?$/;

/**
 * The invoke target a Host header names, or undefined for any other host (the control plane).
 * @param host - The Host header, with or without a port.
 * @param apiIdHeader - The `x-apigw-api-id` header, for the endpoint's own DNS name.
 * @param vpceHeader - The `x-apigw-sandbox-vpce` header, for the private DNS name.
 * @returns The target, or undefined.
 */
export function invokeTargetOf(host: string | undefined, apiIdHeader: string | undefined, vpceHeader?: string): InvokeTarget | undefined {
  const name = (host ?? "").toLowerCase().replace(/:\d+$/, "");
  const perVpce = PER_VPCE.exec(name);
  if (perVpce) return { form: "per-vpce-host", restApiId: perVpce[1], vpcEndpointId: perVpce[2], region: perVpce[3] };
  const endpoint = ENDPOINT_NAME.exec(name);
  if (endpoint) return { form: "endpoint-host", restApiId: apiIdHeader || undefined, vpcEndpointId: endpoint[1], region: endpoint[2] };
  const privateDns = PRIVATE_DNS.exec(name);
  if (privateDns) return { form: "private-dns", restApiId: privateDns[1], vpcEndpointId: vpceHeader ?? "", region: privateDns[2] };
  return undefined;
}

/** The stage and the resource path of `/{stage}/{path}`; the path is "/" for the stage's root. */
export function stageAndPath(pathname: string): { stage: string; path: string } | undefined {
  const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match) return undefined;
  return { stage: decodeURIComponent(match[1]), path: match[2] && match[2] !== "/" ? match[2].replace(/\/$/, "") : "/" };
}
