/**
 * The probe (I/O): one GET to a per-VPCE URL, `https://{api}-{vpce}.execute-api.{region}.amazonaws.com/{stage}{path}`,
 * sent to the address the name resolved to. `APIGW_VPC_INVOKE_ENDPOINT` (e.g. the sandbox's
 * `http://127.0.0.1:PORT`) sends it there instead, with the per-VPCE name as Host. A caller's
 * name (`host`) replaces the per-VPCE name as Host and TLS server name, so that STRICT endpoint
 * access mode judges the name callers really use.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { ProbeAnswer } from "../dnsProbe";
import { signedHeaders, type SigningCredentials } from "../sigv4";
import type { ProbeOutcome } from "./probeAnswer";

/** How to send a probe. */
export interface ProbeTarget {
  /** The per-VPCE host name. */
  hostname: string;
  /** What the name resolved to. */
  dns: ProbeAnswer;
  /** `/{stage}{path}`. */
  path: string;
  /** The caller's address; only an emulator can be told it (header `x-apigw-sandbox-source-ip`). */
  sourceIp?: string;
  /** No TCP connection or no answer within this long is a timeout. @default 5000 */
  timeoutMs?: number;
  /** Where to send it instead of the resolved address. @default `APIGW_VPC_INVOKE_ENDPOINT`, else none */
  invokeEndpoint?: string;
  /** Sign it (SigV4, execute-api) with these credentials, for this region. @default unsigned (anonymous) */
  signWith?: ProbeSigning;
  /** The name callers use, sent as Host and TLS server name (SNI). @default `hostname` */
  host?: string;
  /** The API, sent as `x-apigw-api-id` when `host` is an endpoint's own DNS name (`*.vpce.amazonaws.com`), as AWS asks. */
  restApiId?: string;
  /** The endpoint probed; only an emulator is told it (`x-apigw-sandbox-vpce`), for a `host` that is not the per-VPCE name. */
  vpcEndpointId?: string;
}

/** Who signs a probe, and for which region. */
export interface ProbeSigning {
  /** The credentials (from the default chain; never stored). */
  credentials: SigningCredentials;
  /** The API's region, the signature's scope. */
  region: string;
}

const BODY_LIMIT = 4096;
// Sandbox-only headers (local/invoke.ts, local/invokeStrict.ts): what a TLS handshake and the caller's VPC tell AWS.
const SOURCE_IP_HEADER = "x-apigw-sandbox-source-ip";
const SOURCE_VPCE_HEADER = "x-apigw-sandbox-vpce";
const SNI_HEADER = "x-apigw-sandbox-sni";
const ENDPOINT_DNS_NAME = /\.execute-api\.[a-z0-9-]+\.vpce\.amazonaws\.com(?:\.cn)?$/i;

/** Sends one probe and reports what came back; never throws. */
export async function sendProbe(target: ProbeTarget): Promise<ProbeOutcome> {
  if (target.dns.kind === "nxdomain" || target.dns.kind === "nodata") return { kind: "nxdomain", hostname: target.hostname };
  if (target.dns.kind === "error") return { kind: "dns-error", code: target.dns.code };
  const timeoutMs = target.timeoutMs ?? 5000;
  const redirect = target.invokeEndpoint ?? process.env.APIGW_VPC_INVOKE_ENDPOINT;
  const host = target.host ?? target.hostname;
  let headers: Record<string, string> = { host, accept: "application/json" };
  if (target.host && target.restApiId && ENDPOINT_DNS_NAME.test(target.host)) headers["x-apigw-api-id"] = target.restApiId;
  if (redirect && target.sourceIp) headers[SOURCE_IP_HEADER] = target.sourceIp;
  if (redirect && target.host) {
    headers[SNI_HEADER] = target.host;
    if (target.vpcEndpointId) headers[SOURCE_VPCE_HEADER] = target.vpcEndpointId;
  }
  if (target.signWith) {
    const url = new URL(target.path, `https://${host}`);
    headers = await signedHeaders(target.signWith.credentials, target.signWith.region, "GET", url, headers);
  }
  let request: http.ClientRequest;
  if (redirect) {
    const url = new URL(target.path, redirect);
    request = (url.protocol === "https:" ? https : http).request(url, { method: "GET", headers, agent: false });
  } else {
    const address = target.dns.addresses[0];
    request = https.request({
      host: address,
      servername: host,
      port: 443,
      path: target.path,
      method: "GET",
      headers,
      agent: false,
    });
  }
  return new Promise<ProbeOutcome>((resolve) => {
    let connected = false;
    let settled = false;
    const settle = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ kind: "timeout", connected, timeoutMs }), timeoutMs);
    request.on("socket", (socket) => {
      if (!socket.connecting) connected = true;
      socket.once("connect", () => (connected = true));
    });
    request.on("error", (e: NodeJS.ErrnoException) => settle({ kind: "connection-error", code: e.code ?? e.name }));
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (body.length < BODY_LIMIT) body += chunk;
      });
      response.on("end", () => {
        const errorType = response.headers["x-amzn-errortype"];
        settle({
          kind: "http",
          status: response.statusCode ?? 0,
          body: body.slice(0, BODY_LIMIT),
          ...(typeof errorType === "string" ? { errorType } : {}),
        });
      });
      response.on("error", (e: NodeJS.ErrnoException) => settle({ kind: "connection-error", code: e.code ?? e.name }));
    });
    request.end();
  });
}
