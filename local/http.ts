/**
 * The HTTP side of the sandbox: routes API Gateway's REST-JSON requests (v1 under /restapis,
 * v2 under /v2) and EC2's query requests (a form POST to /) to the models, applies injected
 * faults and quotas, answers in AWS's wire shapes and error shapes, and records every request
 * in the log.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DomainNameModel } from "./domainNames";
import { accountOf, DOMAIN_ROUTES, domainHandlers } from "./domainRoutes";
import { isRestApiArn, REST_API_TAG_ROUTES, restApiTagHandlers } from "./restApiTags";
import { Ec2Error, type Ec2Model, type Ec2Scope } from "./ec2";
import { ec2ActionOf, ec2ErrorXml, parseQuery, runEc2Action } from "./ec2Wire";
import { SandboxError } from "./errors";
import { serveInvoke, SOURCE_VPCE_HEADER } from "./invoke";
import { domainTargetOf, serveDomainInvoke } from "./invokeDomain";
import { invokeTargetOf } from "./invokeTarget";
import type { FaultInjector, QuotaEnforcer } from "./limits";
import type { RestIntegrationModel } from "./restIntegrations";
import type { RestApiModel } from "./restApis";
import type { SandboxIdentity } from "./invokeIdentity";
import { page, REST_ROUTES, restHandlers, type Reply, type Route } from "./restRoutes";
import { ROUTING_RULE_ROUTES, routingRuleHandlers } from "./routingRules";
import type { VpcLinkModel } from "./vpcLinks";

/** One request as the sandbox saw it. */
export interface RequestLogEntry {
  /** The API Gateway operation name, e.g. "UpdateRestApi", or the EC2 Action, e.g. "CreateVpc". */
  operation: string;
  /** The region the request was signed for (us-east-1 when unsigned). */
  region: string;
  /** The account the request acted for (see domainRoutes' accountOf). */
  accountId?: string;
  /** Path parameters, query parameters and the JSON body, merged; for EC2, the form fields less Action and Version. */
  params: Record<string, unknown>;
  /** HTTP status answered, or 0 for an injected connection reset; for a lost answer, the status it would have had. */
  status: number;
  /** The AWS error type for failed requests; "ConnectionReset" or "ResponseLost" for injected drops. */
  errorType?: string;
  /** Epoch milliseconds when the request arrived. */
  time: number;
}

/** Every API Gateway operation the sandbox serves (v1, and v2 under /v2); the conformance test enumerates it. */
export const ROUTES: readonly Route[] = [
  ...REST_ROUTES,
  { method: "POST", pattern: /^\/v2\/vpclinks$/, operation: "CreateVpcLink" },
  { method: "GET", pattern: /^\/v2\/vpclinks$/, operation: "GetVpcLinks" },
  { method: "GET", pattern: /^\/v2\/vpclinks\/(?<vpcLinkId>[^/]+)$/, operation: "GetVpcLink" },
  { method: "PATCH", pattern: /^\/v2\/vpclinks\/(?<vpcLinkId>[^/]+)$/, operation: "UpdateVpcLink" },
  { method: "DELETE", pattern: /^\/v2\/vpclinks\/(?<vpcLinkId>[^/]+)$/, operation: "DeleteVpcLink" },
  { method: "POST", pattern: /^\/v2\/tags\/(?<resourceArn>.+)$/, operation: "TagResource" },
  { method: "DELETE", pattern: /^\/v2\/tags\/(?<resourceArn>.+)$/, operation: "UntagResource" },
  { method: "GET", pattern: /^\/v2\/tags\/(?<resourceArn>.+)$/, operation: "GetTags" },
  ...DOMAIN_ROUTES,
  ...ROUTING_RULE_ROUTES,
  ...REST_API_TAG_ROUTES,
];

type Params = Record<string, string>;
type Body = Record<string, unknown>;
type Query = URLSearchParams;

export interface HttpDeps {
  restApis: RestApiModel;
  restIntegrations: RestIntegrationModel;
  vpcLinks: VpcLinkModel;
  faults: FaultInjector;
  quotas: QuotaEnforcer;
  log: RequestLogEntry[];
  domains: DomainNameModel;
  /** Access key id -> account id, for cross-account cases. */
  accessKeys: ReadonlyMap<string, string>;
  /** Access key id -> the IAM identity the invoke plane accepts its signatures for. */
  identities: ReadonlyMap<string, SandboxIdentity>;
  /** VPCs, subnets, security groups and VPC endpoints, answered over EC2's query protocol. */
  ec2: Ec2Model;
  /** Load balancer ARN -> base URL of the HTTP server a test registered behind it (the invoke plane's private integrations). */
  targets: ReadonlyMap<string, string>;
  /** How long a refused caller's connection is held before it is dropped without an answer. */
  refusedHoldMs: () => number;
}

export function createRequestHandler(deps: HttpDeps) {
  const { restApis, vpcLinks, restIntegrations: tree } = deps;
  const restApiTags = restApiTagHandlers({ restApis, domains: deps.domains });
  const handlers: Record<string, (region: string, p: Params, body: Body, q: Query, accountId: string) => Reply> = {
    ...domainHandlers(deps.domains),
    ...routingRuleHandlers(deps.domains, restApis),
    ...restHandlers(restApis, tree),
    CreateVpcLink: (region, _p, body, _q, accountId) => ({ status: 201, body: vpcLinks.create(region, body, accountId) }),
    GetVpcLinks: (region, _p, _b, q) => ({ status: 200, body: page(vpcLinks.list(region), q, "maxResults", "nextToken", "items") }),
    GetVpcLink: (region, p) => ({ status: 200, body: vpcLinks.get(region, p.vpcLinkId) }),
    UpdateVpcLink: (region, p, body) => ({ status: 200, body: vpcLinks.rename(region, p.vpcLinkId, body.name as string | undefined) }),
    DeleteVpcLink: (region, p) => {
      vpcLinks.delete(region, p.vpcLinkId);
      return { status: 202, body: {} };
    },
    TagResource: (r, p, body, _q, accountId) => {
      if (isRestApiArn(p.resourceArn)) return restApiTags.TagResource(r, p, body, accountId);
      vpcLinks.tag(p.resourceArn, (body.tags as Record<string, string>) ?? {});
      return { status: 201, body: {} };
    },
    UntagResource: (r, p, b, q, accountId) => {
      if (isRestApiArn(p.resourceArn)) return restApiTags.UntagResource(r, p, b, q, accountId);
      vpcLinks.untag(p.resourceArn, q.getAll("tagKeys"));
      return { status: 204 };
    },
    GetTags: (r, p, _b, _q, accountId) =>
      isRestApiArn(p.resourceArn) ? restApiTags.GetTags(r, p, accountId) : { status: 200, body: { tags: vpcLinks.tagsOf(p.resourceArn) } },
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const time = Date.now();
    const url = new URL(req.url ?? "/", "http://sandbox");
    const region = regionOf(req);
    const rawBody = await readBody(req);
    const apiIdHeader = req.headers["x-apigw-api-id"];
    const vpceHeader = req.headers[SOURCE_VPCE_HEADER];
    const target = invokeTargetOf(
      req.headers.host,
      typeof apiIdHeader === "string" ? apiIdHeader : undefined,
      typeof vpceHeader === "string" ? vpceHeader : undefined,
    );
    if (target) {
      await serveInvoke(deps, target, req, res, url.pathname, rawBody);
      return;
    }
    const domainTarget = domainTargetOf(deps.domains, req.headers.host, typeof vpceHeader === "string" ? vpceHeader : undefined);
    if (domainTarget) {
      await serveDomainInvoke(deps, domainTarget, req, res, url.pathname, rawBody);
      return;
    }
    const accountId = accountOf(req, deps.accessKeys);
    const ec2Action = req.method === "POST" && url.pathname === "/" ? ec2ActionOf(req.headers["content-type"], rawBody) : undefined;
    if (ec2Action !== undefined) {
      await perform(
        deps,
        req,
        { operation: ec2Action, region, accountId, params: {}, status: 0, time },
        ec2Operation(deps.ec2, res, rawBody, { accountId, region }),
      );
      return;
    }
    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) {
      send(
        res,
        { status: 404, body: { message: `The sandbox does not implement ${req.method} ${url.pathname}` } },
        "UnknownOperationException",
      );
      return;
    }
    const pathParams = decodeParams(route.pattern.exec(url.pathname)?.groups ?? {});
    let body: Body = {};
    await perform(
      deps,
      req,
      { operation: route.operation, region, accountId, params: {}, status: 0, time },
      {
        params: () => {
          body = parseJson(rawBody);
          return { ...queryParams(url.searchParams), ...pathParams, ...body };
        },
        injected,
        admit: () => deps.quotas.admit(region, route.operation),
        run: () => handlers[route.operation](region, pathParams, body, url.searchParams, accountId),
        send: (reply) => send(res, reply),
        fail: (e) => {
          const error = e instanceof SandboxError ? e : new SandboxError("InternalFailure", `Internal error: ${(e as Error).message}`);
          const headers: Record<string, string> = {};
          if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = error.retryAfterSeconds.toFixed(3);
          send(res, { status: error.status, body: { message: error.message, ...error.members } }, error.errorType, headers);
          return { status: error.status, errorType: error.errorType };
        },
      },
    );
  };
}

/** One operation in a protocol's terms; perform() runs the steps every protocol shares. */
interface Operation {
  /** The request's parameters for the log; may throw the protocol's parse error. */
  params(): Record<string, unknown>;
  injected(kind: "429" | "409" | "500"): Error;
  /** Throws the throttling error when the operation is over quota. */
  admit(): void;
  run(): Reply;
  send(reply: Reply): void;
  /** Answers the error and returns what the log records. */
  fail(error: unknown): { status: number; errorType: string };
}

/** The shared path of every request: the log, injected latency and faults, the quota, then the operation. */
async function perform(deps: HttpDeps, req: IncomingMessage, entry: RequestLogEntry, op: Operation): Promise<void> {
  deps.log.push(entry);
  try {
    entry.params = op.params();
    const { latencyMs, fault } = deps.faults.draw(entry.operation);
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (fault === "reset") {
      entry.errorType = "ConnectionReset";
      req.socket.destroy();
      return;
    }
    if (fault && fault !== "lost") throw op.injected(fault);
    op.admit();
    const reply = op.run();
    entry.status = reply.status;
    if (fault === "lost") {
      // The operation took effect; only its answer is lost on the way back.
      entry.errorType = "ResponseLost";
      req.socket.destroy();
      return;
    }
    op.send(reply);
  } catch (e) {
    const { status, errorType } = op.fail(e);
    entry.status = status;
    entry.errorType = errorType;
  }
}

/** An EC2 query request (local/ec2Wire.ts): XML answers, EC2's error document, no sandbox quota. */
function ec2Operation(model: Ec2Model, res: ServerResponse, rawBody: string, scope: Ec2Scope): Operation {
  const requestId = randomUUID();
  const form = new URLSearchParams(rawBody);
  const action = form.get("Action") ?? "";
  const sendXml = (status: number, xml: string) => {
    res.writeHead(status, { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId });
    res.end(xml);
  };
  return {
    params: () => Object.fromEntries([...form].filter(([k]) => k !== "Action" && k !== "Version")),
    injected: (kind) => {
      if (kind === "429") return new Ec2Error("RequestLimitExceeded", "Request limit exceeded.", 503);
      // Assumed(ec2-conflict-fault-code): EC2 has no 409; a concurrent-modification fault answers as IncorrectState.
      if (kind === "409") return new Ec2Error("IncorrectState", "The resource is being modified by another request. Try again later.");
      return new Ec2Error("InternalError", "An internal error has occurred (injected)", 500);
    },
    admit: () => undefined,
    run: () => ({ status: 200, body: runEc2Action(model, scope, action, parseQuery(rawBody), requestId) }),
    send: (reply) => sendXml(reply.status, reply.body as string),
    fail: (e) => {
      const error =
        e instanceof Ec2Error ? e : new Ec2Error("InternalError", `An internal error has occurred: ${(e as Error).message}`, 500);
      sendXml(error.status, ec2ErrorXml(error, requestId));
      return { status: error.status, errorType: error.code };
    },
  };
}

function injected(kind: "429" | "409" | "500"): SandboxError {
  if (kind === "429") return new SandboxError("TooManyRequestsException", "Too Many Requests", { limitType: "Rate" });
  if (kind === "409")
    return new SandboxError("ConflictException", "Unable to complete operation due to concurrent modification. Please try again later.");
  return new SandboxError("InternalFailure", "Internal server error (injected)");
}

/** The region from the SigV4 credential scope, as AWS routes a request by its endpoint. */
function regionOf(req: IncomingMessage): string {
  const match = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(req.headers.authorization ?? "");
  return match?.[1] ?? "us-east-1";
}

/** Query parameters for the log: a repeated key (UntagResource's tagKeys) keeps all its values. */
function queryParams(q: Query): Record<string, string | string[]> {
  return Object.fromEntries(
    [...new Set(q.keys())].map((k) => {
      const values = q.getAll(k);
      return [k, values.length > 1 ? values : values[0]];
    }),
  );
}

function decodeParams(groups: Record<string, string>): Params {
  return Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, decodeURIComponent(v)]));
}

function parseJson(raw: string): Body {
  if (!raw.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" ? (parsed as Body) : {};
  } catch {
    throw new SandboxError("BadRequestException", "Could not parse request body into json");
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply, errorType?: string, headers: Record<string, string> = {}): void {
  const payload = reply.body === undefined ? "" : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "x-amzn-requestid": randomUUID(),
    ...(errorType ? { "x-amzn-errortype": errorType } : {}),
    ...headers,
  });
  res.end(payload);
}
