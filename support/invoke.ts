/**
 * Test and script support for the sandbox's invoke plane: a plain node:http request to the
 * sandbox's port with the Host header of a private API's per-VPCE name (or of the endpoint's own
 * DNS name with x-apigw-api-id), and an EC2 network with an available execute-api endpoint
 * (support/network.ts).
 */
import { request } from "node:http";
import { perVpceHostname } from "../provider/endpointNames";
import { signedHeaders, type SigningCredentials } from "../provider/sigv4";
import { createEndpoint, createNetwork } from "./network";

export { signedHeaders, type SigningCredentials } from "../provider/sigv4";

/** What an invocation got: an HTTP answer, or none (the connection was held, then dropped). */
export type InvokeResult =
  | { answered: true; status: number; headers: Record<string, string | string[] | undefined>; body: string }
  | { answered: false; error: string };

/** One request through the invoke plane. */
export interface InvokeRequest {
  /** The sandbox's HTTP endpoint, e.g. http://127.0.0.1:41234. */
  endpoint: string;
  restApiId: string;
  vpcEndpointId: string;
  stage: string;
  /** The resource path, "/" by default. */
  path?: string;
  method?: string;
  region?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Use the endpoint's DNS name with x-apigw-api-id instead of the per-VPCE name. */
  endpointHost?: boolean;
  /** Use the private DNS name `{api}.execute-api.{region}.amazonaws.com`, naming the endpoint in x-apigw-sandbox-vpce. */
  privateDns?: boolean;
  /** Sign the request with these credentials (SigV4, service execute-api, the SDK's signer). */
  signWith?: SigningCredentials;
}

/** Sends one request with node:http, as a caller in the VPC would (Host carries the name). */
export async function invokeApi(r: InvokeRequest): Promise<InvokeResult> {
  const region = r.region ?? "us-east-1";
  const host = r.privateDns
    ? `${r.restApiId}.execute-api.${region}.amazonaws.com`
    : r.endpointHost
      ? `${r.vpcEndpointId}-abcd1234.execute-api.${region}.vpce.amazonaws.com`
      : perVpceHostname(r.restApiId, r.vpcEndpointId, region);
  const url = new URL(`/${r.stage}${r.path && r.path !== "/" ? r.path : "/"}`, r.endpoint);
  const headers = {
    host,
    ...(r.endpointHost ? { "x-apigw-api-id": r.restApiId } : {}),
    ...(r.privateDns ? { "x-apigw-sandbox-vpce": r.vpcEndpointId } : {}),
    ...r.headers,
  };
  const method = r.method ?? "GET";
  const signed = r.signWith ? await signedHeaders(r.signWith, region, method, url, headers, r.body) : headers;
  return send(url, method, signed, r.body);
}

/** One request to a private custom domain name through an endpoint. */
export interface DomainInvokeRequest {
  /** The sandbox's HTTP endpoint, e.g. http://127.0.0.1:41234. */
  endpoint: string;
  /** The private domain name, sent as the Host header. */
  domainName: string;
  /** The endpoint the caller's VPC resolves the name to (x-apigw-sandbox-vpce). */
  vpcEndpointId: string;
  /** The path under the domain, base path included; "/" by default. */
  path?: string;
  method?: string;
  /** More headers: those routing rules match on, or the sandbox's `x-apigw-sandbox-sni`. */
  headers?: Record<string, string>;
}

/** Sends one request to a private custom domain name, as a caller in the endpoint's VPC would. */
export function invokeDomainName(r: DomainInvokeRequest): Promise<InvokeResult> {
  const headers = { host: r.domainName, "x-apigw-sandbox-vpce": r.vpcEndpointId, ...r.headers };
  return send(new URL(r.path ?? "/", r.endpoint), r.method ?? "GET", headers);
}

function send(url: URL, method: string, headers: Record<string, string>, body?: string): Promise<InvokeResult> {
  return new Promise((resolve) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ answered: true, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", (e) => resolve({ answered: false, error: e.message }));
    req.end(body);
  });
}

/** A VPC with DNS enabled, two subnets and one security group, and its execute-api endpoint. */
export interface EndpointNetwork {
  vpcId: string;
  subnetIds: string[];
  groupId: string;
  vpcEndpointId: string;
}

/**
 * Creates a VPC (10.{octet}.0.0/16), two subnets, a security group and an available execute-api
 * endpoint in that group (support/network.ts). The group admits HTTPS from the VPC unless `admitVpc` is false.
 */
export async function endpointNetwork(
  opts: { region?: string; octet?: number; admitVpc?: boolean; policyDocument?: string } = {},
): Promise<EndpointNetwork> {
  const network = await createNetwork({ region: opts.region, octet: opts.octet, admitVpcHttps: opts.admitVpc !== false });
  const vpcEndpointId = await createEndpoint(network, { policyDocument: opts.policyDocument });
  return { vpcId: network.vpcId, subnetIds: network.subnetIds, groupId: network.groupIds[0], vpcEndpointId };
}
