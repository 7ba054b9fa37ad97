/**
 * The invoke plane for private custom domain names: a request through a VPC endpoint with
 * `Host: {private domain name}` (the endpoint named by `x-apigw-sandbox-vpce`, else the endpoint
 * the name resolves to) is served as AWS serves it (README "The invoke plane"):
 * 1. the endpoint exists, is available and admits the caller on TCP 443 (else no answer); a SigV4 signature names the caller (local/invokeIdentity.ts);
 * 2. the endpoint has a domain name access association with the domain (else 403 Forbidden), and in STRICT mode the TLS server name is the domain's;
 * 3. the domain's `policy` allows `execute-api:Invoke` on the domain's execute-api ARN through it (else 403 AccessDeniedException);
 * 4. by the domain's `routingMode`: its routing rules, lowest priority first, match by header and base path
 *    (ROUTING_RULE_ONLY: else 403 Forbidden); then (BASE_PATH_MAPPING_ONLY, or ROUTING_RULE_THEN_BASE_PATH_MAPPING
 *    when no rule matched) a base path mapping matches the path, the longest first, `(none)` for the root (else 403 Forbidden);
 * 5. then the mapped API's stage answers as through the per-VPCE name (its resource policy, deployment, method, integration).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  evaluatePolicy,
  expandExecuteApiShorthand,
  parsePolicy,
  PolicyDocumentError,
  type AccessDecision,
  type AccessRequest,
} from "../provider/accessPolicy";
import { domainExecuteApiArn, parseDomainNameArn } from "../provider/domainNameArns";
import { selectRule } from "../provider/routingRules";
import type { BasePathMappingRecord, DomainNameModel, DomainNameRecord } from "./domainNames";
import type { RoutingRuleRecord } from "./routingRules";
import type { RequestLogEntry } from "./http";
import { strictRefusal } from "./invokeStrict";
import {
  denied,
  forbidden,
  invokeStage,
  privateApi,
  requestContext,
  respond,
  throughEndpoint,
  withCaller,
  type InvokeDeps,
  type InvokeOutcome,
} from "./invoke";

/** A request to a private custom domain name through an endpoint. */
export interface DomainTarget {
  /** The private domain the Host header names. */
  domain: DomainNameRecord;
  /** Its base path mappings. */
  mappings: BasePathMappingRecord[];
  /** Its routing rules. */
  rules: RoutingRuleRecord[];
  /** The endpoint the request came through ("" when the name resolves to none). */
  vpcEndpointId: string;
}

/**
 * The private domain a Host header names, or undefined (the request is not for a private domain).
 * Of two private domains of one name (in different accounts), the one the endpoint is associated with.
 * @param domains - The domain model.
 * @param host - The Host header, with or without a port.
 * @param vpceHeader - `x-apigw-sandbox-vpce`: the endpoint the caller's VPC resolves the name to.
 * @returns The target, or undefined.
 */
export function domainTargetOf(
  domains: DomainNameModel,
  host: string | undefined,
  vpceHeader: string | undefined,
): DomainTarget | undefined {
  const name = (host ?? "").toLowerCase().replace(/:\d+$/, "");
  const candidates = domains.allDomains().filter((d) => d.domain.domainName === name && d.domain.domainNameArn);
  if (candidates.length === 0) return undefined;
  // Without the header the caller's VPC resolves the name as the sandbox's DNS does: to the oldest association's endpoint.
  const vpcEndpointId = vpceHeader ?? domains.resolve(name, 0) ?? "";
  const associated = (d: DomainNameRecord) =>
    domains.allAssociations().some((a) => a.domainNameArn === d.domainNameArn && a.accessAssociationSource === vpcEndpointId);
  const chosen = candidates.find((d) => associated(d.domain)) ?? candidates[0];
  return { domain: chosen.domain, mappings: chosen.mappings, rules: chosen.rules, vpcEndpointId };
}

/**
 * The mapping that serves a path, the longest base path first, and the path left for the API.
 * @param mappings - The domain's base path mappings ("(none)" maps the root).
 * @param pathname - The request's path.
 * @returns The mapping and the API's path, or undefined.
 */
export function selectMapping(
  mappings: readonly BasePathMappingRecord[],
  pathname: string,
): { mapping: BasePathMappingRecord; path: string } | undefined {
  const segments = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const ordered = [...mappings].sort((a, b) => baseSegments(b).length - baseSegments(a).length);
  for (const mapping of ordered) {
    const base = baseSegments(mapping);
    if (base.every((part, i) => segments[i] === part)) {
      const rest = segments.slice(base.length);
      return { mapping, path: rest.length ? `/${rest.join("/")}` : "/" };
    }
  }
  return undefined;
}

const baseSegments = (m: BasePathMappingRecord) => (m.basePath === "(none)" ? [] : m.basePath.split("/").filter(Boolean));

/** Decides and answers one invocation of a private custom domain name. */
export async function invokeDomain(
  deps: InvokeDeps & { domains: DomainNameModel },
  target: DomainTarget,
  req: IncomingMessage,
  pathname: string,
  body: string,
): Promise<InvokeOutcome> {
  const { domain, vpcEndpointId } = target;
  const region = domain.region;
  // A private domain name resolves only inside a VPC with an associated endpoint: no endpoint, no connection.
  if (!vpcEndpointId) return { kind: "no-answer", reason: `${domain.domainName} resolves to no endpoint` };
  const through = throughEndpoint(deps, region, vpcEndpointId, req);
  if ("outcome" in through) return through.outcome;
  const gate = await withCaller(deps, through, req, body);
  if ("outcome" in gate) return gate.outcome;
  // Assumed(domain-invoke-forbidden-cases): no access association and no matching base path mapping answer 403 "Forbidden".
  const association = deps.domains
    .allAssociations()
    .find((a) => a.domainNameArn === domain.domainNameArn && a.accessAssociationSource === vpcEndpointId && a.region === region);
  if (!association) return forbidden(`endpoint ${vpcEndpointId} has no access association with ${domain.domainName}`);
  // Assumed(strict-through-domain): a mapped API in STRICT mode accepts requests through its private domain (whose own mode is checked here).
  const strict = strictRefusal(req, domain.endpointAccessMode, [domain.domainName], `domain ${domain.domainName}`);
  if (strict) return strict;
  const parts = parseDomainNameArn(domain.domainNameArn ?? "");
  if (!parts) return forbidden(`${domain.domainName} is not a private domain name`);
  const resource = domainExecuteApiArn(parts);
  // Assumed(domain-policy-anonymous): the domain's policy, read before any method's authorization type is known, sees an anonymous caller.
  const request = { action: "execute-api:Invoke", resource, context: requestContext(gate) };
  const decision = domainDecision(domain.policy, parts, request);
  // Assumed(domain-policy-denial-message): a denial by the domain's policy is worded as one by an API's resource policy, on the domain's ARN.
  if (decision === "explicit-deny")
    return denied(
      `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${resource} with an explicit deny`,
      "domain policy: explicit deny",
    );
  if (decision !== "allow")
    return denied(`User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${resource}`, "domain policy: no allow");
  const mode = domain.routingMode ?? "BASE_PATH_MAPPING_ONLY";
  if (mode !== "BASE_PATH_MAPPING_ONLY") {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : v]));
    const ruled = selectRule(target.rules, { headers, path: pathname });
    if (ruled) {
      const ruledApi = privateApi(deps, region, ruled.rule.action.apiId);
      if ("outcome" in ruledApi) return ruledApi.outcome;
      const outcome = await invokeStage(deps, gate, ruledApi.record, ruled.rule.action.stage, ruled.path, req, body);
      return { ...outcome, reason: `routing rule ${ruled.rule.routingRuleId} (priority ${ruled.rule.priority}): ${outcome.reason}` };
    }
    // Assumed(routing-rule-no-match-forbidden): with ROUTING_RULE_ONLY, a request no rule matches is answered 403 Forbidden, as an unmapped path is.
    if (mode === "ROUTING_RULE_ONLY") return forbidden(`no routing rule of ${domain.domainName} matches ${req.method} ${pathname}`);
  }
  const selected = selectMapping(target.mappings, pathname);
  if (!selected) return forbidden(`no base path mapping of ${domain.domainName} matches ${pathname}`);
  const api = privateApi(deps, region, selected.mapping.restApiId);
  if ("outcome" in api) return api.outcome;
  return invokeStage(deps, gate, api.record, selected.mapping.stage ?? "", selected.path, req, body);
}

/**
 * The domain's policy with `execute-api:/…` read against the domain's account: `execute-api:/*` covers
 * `arn:{partition}:execute-api:{region}:{account}:/domainnames/…`, as the doctor reads it.
 * Assumed(domain-policy-shorthand): AWS's examples use `execute-api:/*` in a domain's policy without saying what it expands to.
 */
function domainDecision(policy: string | undefined, parts: { region: string; accountId: string }, request: AccessRequest): AccessDecision {
  if (!policy) return "implicit-deny";
  try {
    const document = expandExecuteApiShorthand(parsePolicy(policy), { region: parts.region, accountId: parts.accountId, restApiId: "" });
    return evaluatePolicy(document, request).decision;
  } catch (e) {
    // A policy the evaluator cannot read allows nothing.
    if (e instanceof PolicyDocumentError) return "implicit-deny";
    throw e;
  }
}

/** Serves one request to a private custom domain name, logged as an `Invoke` with the domain. */
export async function serveDomainInvoke(
  deps: InvokeDeps & { domains: DomainNameModel; log: RequestLogEntry[]; refusedHoldMs: () => number },
  target: DomainTarget,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  body: string,
): Promise<void> {
  const entry: RequestLogEntry = {
    operation: "Invoke",
    region: target.domain.region,
    params: { domainName: target.domain.domainName, vpcEndpointId: target.vpcEndpointId, method: req.method, path: pathname },
    status: 0,
    time: Date.now(),
  };
  deps.log.push(entry);
  respond(deps, entry, await invokeDomain(deps, target, req, pathname, body), req, res);
}
