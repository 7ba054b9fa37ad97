/**
 * Routing rules of custom domain names, API Gateway v2's `/v2/domainnames/{domainName}/routingrules`
 * (CreateRoutingRule, ListRoutingRules, GetRoutingRule, PutRoutingRule, DeleteRoutingRule), with
 * `domainNameId` as a query parameter for private domains, in the wire shapes of
 * `@aws-sdk/client-apigatewayv2`. The checks are AWS's documented ones (provider/routingRules.ts);
 * a taken priority is a ConflictException, an unknown rule a NotFoundException.
 */
import { partitionOf } from "../provider/endpointNames";
import {
  fromWire,
  ROUTING_MODES,
  ruleProblems,
  type RoutingMode,
  type RoutingRuleCondition,
  type RoutingRuleSpec,
  type RoutingRuleWire,
} from "../provider/routingRules";
import type { DomainNameModel, DomainNameRecord } from "./domainNames";
import { badRequest, notFound, SandboxError } from "./errors";
import { randomId } from "./ids";
import type { RestApiModel } from "./restApis";
import { page, type Reply } from "./restRoutes";

/** A routing rule the sandbox holds. */
export interface RoutingRuleRecord extends RoutingRuleSpec {
  /** The rule's id. */
  routingRuleId: string;
  /** Its ARN. */
  routingRuleArn: string;
}

const NAME = "(?<domainName>[^/]+)";
/** The routes of the routing rule operations. */
export const ROUTING_RULE_ROUTES = [
  { method: "POST", pattern: new RegExp(`^/v2/domainnames/${NAME}/routingrules$`), operation: "CreateRoutingRule" },
  { method: "GET", pattern: new RegExp(`^/v2/domainnames/${NAME}/routingrules$`), operation: "ListRoutingRules" },
  { method: "GET", pattern: new RegExp(`^/v2/domainnames/${NAME}/routingrules/(?<routingRuleId>[^/]+)$`), operation: "GetRoutingRule" },
  { method: "PUT", pattern: new RegExp(`^/v2/domainnames/${NAME}/routingrules/(?<routingRuleId>[^/]+)$`), operation: "PutRoutingRule" },
  {
    method: "DELETE",
    pattern: new RegExp(`^/v2/domainnames/${NAME}/routingrules/(?<routingRuleId>[^/]+)$`),
    operation: "DeleteRoutingRule",
  },
];

type Handler = (region: string, p: Record<string, string>, body: Record<string, unknown>, q: URLSearchParams, accountId: string) => Reply;

/** The handlers of {@link ROUTING_RULE_ROUTES}. */
export function routingRuleHandlers(domains: DomainNameModel, restApis: RestApiModel): Record<string, Handler> {
  const rulesOf = (region: string, p: Record<string, string>, q: URLSearchParams, accountId: string) =>
    domains.routingRules(region, accountId, p.domainName, q.get("domainNameId") ?? undefined);
  const find = (rules: Map<string, RoutingRuleRecord>, id: string) => {
    const found = rules.get(id);
    // Assumed(routing-rule-not-found-message): worded as API Gateway's other identifiers.
    if (!found) throw notFound("Invalid routing rule identifier specified");
    return found;
  };
  return {
    CreateRoutingRule: (region, p, body, q, accountId) => {
      const { domain, rules } = rulesOf(region, p, q, accountId);
      const spec = checkRule(body, domain, restApis);
      takenBy(rules, spec.priority, undefined);
      const id = randomId(6);
      const record: RoutingRuleRecord = { ...spec, routingRuleId: id, routingRuleArn: ruleArn(domain, id) };
      rules.set(id, record);
      return { status: 201, body: wireOf(record) };
    },
    ListRoutingRules: (region, p, _b, q, accountId) => {
      const { rules } = rulesOf(region, p, q, accountId);
      const ordered = [...rules.values()].sort((a, b) => a.priority - b.priority).map(wireOf);
      return { status: 200, body: page(ordered, q, "maxResults", "nextToken", "routingRules") };
    },
    GetRoutingRule: (region, p, _b, q, accountId) => ({
      status: 200,
      body: wireOf(find(rulesOf(region, p, q, accountId).rules, p.routingRuleId)),
    }),
    PutRoutingRule: (region, p, body, q, accountId) => {
      const { domain, rules } = rulesOf(region, p, q, accountId);
      const existing = find(rules, p.routingRuleId);
      const spec = checkRule(body, domain, restApis);
      takenBy(rules, spec.priority, existing.routingRuleId);
      // "When you replace an existing routing rule, the RoutingRuleId isn't changed."
      const record: RoutingRuleRecord = { ...spec, routingRuleId: existing.routingRuleId, routingRuleArn: existing.routingRuleArn };
      rules.set(existing.routingRuleId, record);
      return { status: 200, body: wireOf(record) };
    },
    DeleteRoutingRule: (region, p, _b, q, accountId) => {
      const { rules } = rulesOf(region, p, q, accountId);
      find(rules, p.routingRuleId);
      rules.delete(p.routingRuleId);
      return { status: 204 };
    },
  };
}

/** "Rules can't have the same priority." */
function takenBy(rules: Map<string, RoutingRuleRecord>, priority: number, self: string | undefined): void {
  const other = [...rules.values()].find((r) => r.priority === priority && r.routingRuleId !== self);
  // Assumed(routing-rule-priority-conflict-answer): the model documents ConflictException as "The resource already exists."
  if (other) throw new SandboxError("ConflictException", `A routing rule with priority ${priority} already exists: ${other.routingRuleId}`);
}

/**
 * A request body as a rule, or AWS's BadRequestException naming the first problem. The target
 * must be a REST API of the domain's kind with that stage: "You can create a routing rule for a
 * private custom domain to a private REST API" (the developer guide's considerations).
 * Assumed(routing-rule-target-checked): AWS checks the API and the stage when the rule is made,
 * as it does for base path mappings ("Invalid stage identifier specified").
 */
function checkRule(body: Record<string, unknown>, domain: DomainNameRecord, restApis: RestApiModel): RoutingRuleSpec {
  const actions = body.actions;
  if (!Array.isArray(actions) || actions.length !== 1)
    throw badRequest("Invalid actions: a routing rule takes exactly one action (invokeApi)");
  if (!Array.isArray(body.conditions)) throw badRequest("conditions is required (an empty list matches every request)");
  const spec = fromWire(body as RoutingRuleWire);
  const rawAction = (actions[0] as { invokeApi?: unknown })?.invokeApi;
  const problems = ruleProblems(
    { priority: body.priority, conditions: body.conditions as RoutingRuleCondition[], action: { invokeApi: rawAction } },
    "",
  );
  if (problems.length) throw badRequest(`Invalid routing rule: ${problems[0].replace(/^\./, "")}`);
  const { apiId, stage } = spec.action;
  let api;
  try {
    api = restApis.get(domain.region, apiId);
  } catch {
    throw badRequest(`Invalid API identifier specified ${domain.accountId}:${apiId}`);
  }
  const isPrivateDomain = domain.endpointConfiguration.types.includes("PRIVATE");
  if (isPrivateDomain !== api.endpointConfiguration.types.includes("PRIVATE"))
    throw badRequest(
      isPrivateDomain
        ? `A routing rule of a private custom domain name must invoke a private REST API; ${apiId} is not private`
        : `A routing rule of a public custom domain name cannot invoke the private REST API ${apiId}`,
    );
  if (!restApis.getStages(domain.region, apiId).some((s) => s.stageName === stage)) throw badRequest("Invalid stage identifier specified");
  return spec;
}

/**
 * The rule's ARN.
 * Assumed(routing-rule-arn): `arn:{partition}:apigateway:{region}:{account}:/domainnames/{name}[+{domainNameId}]/routingrules/{id}`,
 * following the domain's own ARN.
 */
function ruleArn(domain: DomainNameRecord, id: string): string {
  const name = domain.domainNameId ? `${domain.domainName}+${domain.domainNameId}` : domain.domainName;
  return `arn:${partitionOf(domain.region)}:apigateway:${domain.region}:${domain.accountId}:/domainnames/${name}/routingrules/${id}`;
}

/** A rule in the wire shape GetRoutingRule answers. */
function wireOf(r: RoutingRuleRecord): RoutingRuleWire {
  return {
    routingRuleId: r.routingRuleId,
    routingRuleArn: r.routingRuleArn,
    priority: r.priority,
    conditions: r.conditions.map((c) =>
      c.matchHeaders
        ? { matchHeaders: { anyOf: c.matchHeaders.anyOf.map((h) => ({ ...h })) } }
        : { matchBasePaths: { anyOf: [...(c.matchBasePaths?.anyOf ?? [])] } },
    ),
    actions: [{ invokeApi: { apiId: r.action.apiId, stage: r.action.stage, stripBasePath: r.action.stripBasePath ?? false } }],
  };
}

/** A domain's routingMode (CreateDomainName, UpdateDomainName `replace /routingMode`), or AWS's BadRequestException. */
export function checkRoutingMode(value: unknown): RoutingMode {
  if (!ROUTING_MODES.includes(value as RoutingMode))
    throw badRequest(`Invalid routingMode: ${JSON.stringify(value ?? null)}; must be one of ${ROUTING_MODES.join(", ")}`);
  return value as RoutingMode;
}
