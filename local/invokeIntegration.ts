/**
 * The last steps of an invocation: the deployed resource and method that a request path selects,
 * a MOCK integration's answer from its integration responses, and a private integration through a
 * v2 VPC link to a target the test registered.
 */
import { request as httpRequest } from "node:http";
import { STAGE_VARIABLE } from "../provider/restNames";
import type { IntegrationRecord, MethodRecord, ResourceRecord } from "./restIntegrations";
import type { VpcLinkModel } from "./vpcLinks";

/** An answer of the invoke plane. */
export interface InvokeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A JSON answer with API Gateway's `x-amzn-ErrorType` when it is an error. */
export function jsonAnswer(status: number, body: unknown, errorType?: string): InvokeAnswer {
  return {
    status,
    headers: { "content-type": "application/json", ...(errorType ? { "x-amzn-errortype": errorType } : {}) },
    body: JSON.stringify(body),
  };
}

/**
 * The resource and method a path selects in a deployed tree: literal segments before `{param}`,
 * `{param}` before a greedy `{proxy+}`; the request's method before `ANY`.
 */
export function selectMethod(
  tree: ReadonlyMap<string, ResourceRecord>,
  path: string,
  httpMethod: string,
): { resource: ResourceRecord; method: MethodRecord } | undefined {
  const segments = path === "/" ? [] : path.slice(1).split("/");
  const scored: { resource: ResourceRecord; score: number[] }[] = [];
  for (const resource of tree.values()) {
    const template = resource.path === "/" ? [] : resource.path.slice(1).split("/");
    const score = matchScore(template, segments);
    if (score) scored.push({ resource, score });
  }
  scored.sort((a, b) => compareScores(b.score, a.score));
  for (const { resource } of scored) {
    const method = resource.methods.get(httpMethod) ?? resource.methods.get("ANY");
    if (method) return { resource, method };
  }
  return undefined;
}

/** Per segment: 3 literal, 2 parameter, 1 greedy; undefined when the template does not match. */
function matchScore(template: string[], segments: string[]): number[] | undefined {
  const score: number[] = [];
  for (const [i, part] of template.entries()) {
    if (/^\{[^}]+\+\}$/.test(part)) return i === template.length - 1 && segments.length > i ? [...score, 1] : undefined;
    if (i >= segments.length) return undefined;
    if (/^\{[^}]+\}$/.test(part)) score.push(2);
    else if (part === segments[i]) score.push(3);
    else return undefined;
  }
  return template.length === segments.length ? score : undefined;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

const INTERNAL_ERROR = () => jsonAnswer(500, { message: "Internal server error" });

/**
 * A MOCK integration answers with its default integration response (no selectionPattern): its
 * status, its static `method.response.header.*` values, and its application/json template.
 * Assumed(mock-template-verbatim): templates are returned as written (no VTL is evaluated); without
 * a default response AWS answers 500 ("No match for output mapping and no default output mapping").
 */
export function mockAnswer(integration: IntegrationRecord): InvokeAnswer {
  const response = Object.values(integration.integrationResponses ?? {}).find((r) => !r.selectionPattern);
  if (!response) return INTERNAL_ERROR();
  const headers: Record<string, string> = { "content-type": "application/json" };
  for (const [key, value] of Object.entries(response.responseParameters ?? {})) {
    const header = /^method\.response\.header\.(.+)$/.exec(key);
    const literal = /^'(.*)'$/.exec(value);
    if (header && literal) headers[header[1].toLowerCase()] = literal[1];
  }
  return { status: Number(response.statusCode), headers, body: response.responseTemplates?.["application/json"] ?? "" };
}

/** What a private integration needs from the sandbox. */
export interface PrivateIntegrationDeps {
  vpcLinks: VpcLinkModel;
  /** Load balancer ARN -> base URL of the HTTP server the test registered behind it. */
  targets: ReadonlyMap<string, string>;
}

/**
 * A private integration: the link (the stage's variable resolved) must be AVAILABLE; a request
 * through an INACTIVE link starts its re-provisioning and fails. The target registered for the
 * integration's load balancer answers; none registered, or no connection, is AWS's 500; no answer
 * within timeoutInMillis is AWS's 504 "Endpoint request timed out".
 * Assumed(private-integration-unreachable-500): the status when the load balancer cannot be reached.
 */
export async function privateAnswer(
  deps: PrivateIntegrationDeps,
  region: string,
  integration: IntegrationRecord,
  variables: Record<string, string>,
  request: { method: string; path: string; headers: Record<string, string>; body: string },
): Promise<InvokeAnswer> {
  const variable = STAGE_VARIABLE.exec(integration.connectionId ?? "");
  const linkId = variable ? variables[variable[1]] : integration.connectionId;
  if (!linkId) return INTERNAL_ERROR();
  let status: string;
  try {
    status = deps.vpcLinks.get(region, linkId).vpcLinkStatus;
  } catch {
    return INTERNAL_ERROR();
  }
  if (status === "INACTIVE") deps.vpcLinks.setInactive(region, linkId, false);
  if (status !== "AVAILABLE") return INTERNAL_ERROR();
  const base = deps.targets.get(integration.integrationTarget ?? "");
  if (!base) return INTERNAL_ERROR();
  return forward(new URL(request.path, base), request, integration.timeoutInMillis);
}

function forward(
  url: URL,
  request: { method: string; headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<InvokeAnswer> {
  return new Promise((resolve) => {
    const headers = { ...request.headers };
    delete headers.host;
    const out = httpRequest(url, { method: request.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const answerHeaders: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") answerHeaders[k] = v;
        resolve({ status: res.statusCode ?? 502, headers: answerHeaders, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    out.setTimeout(timeoutMs, () => {
      out.destroy();
      resolve(jsonAnswer(504, { message: "Endpoint request timed out" }));
    });
    out.on("error", () => resolve(INTERNAL_ERROR()));
    out.end(request.body);
  });
}
