/**
 * The routing-rules check of a private custom domain name (pure): with a routing mode that uses
 * rules, some rule must route the request path to the API's stage (ROUTING_RULE_ONLY answers 403
 * otherwise), no rule may invoke a stage of the walked API that does not exist, and no rule
 * without a header condition may take the path to another stage first; with
 * BASE_PATH_MAPPING_ONLY, rules that exist are never evaluated.
 */
import { DEFAULT_DOMAIN_ROUTING_MODE, matchRule, type RoutingRuleSpec } from "../../routingRules";
import type { CheckResult } from "../types";
import { found, result, skipped, unreadable, type CheckContext } from "./context";

/** The routing mode the walked domain has, or undefined when the domain was not read. */
export function routingModeOf(ctx: CheckContext): string | undefined {
  const domain = found(ctx.snapshot.domain);
  return domain ? (domain.routingMode ?? DEFAULT_DOMAIN_ROUTING_MODE) : undefined;
}

/** The request as the doctor knows it: the path, and no headers (a caller may add them). */
const pathOf = (ctx: CheckContext) => ctx.options.path ?? "/";

/** The stage the walk is about: the one read, else the one named. */
const stageOf = (ctx: CheckContext) => found(ctx.snapshot.stage)?.stageName ?? ctx.options.stageName;

/** Rules that can route the path to the walked API's stage: their base path matches, header conditions aside. */
export function rulesRoutingHere(ctx: CheckContext): RoutingRuleSpec[] {
  const rules = found(ctx.snapshot.routingRules) ?? [];
  const stage = stageOf(ctx);
  return rules.filter((r) => {
    if (r.action.apiId !== ctx.options.restApiId || (stage && r.action.stage !== stage)) return false;
    const pathOnly = { ...r, conditions: r.conditions.filter((c) => c.matchBasePaths) };
    return matchRule(pathOnly, { headers: {}, path: pathOf(ctx) }) !== undefined;
  });
}

function createRuleCommand(ctx: CheckContext): string {
  const stage = stageOf(ctx) ?? "<stage>";
  return (
    `aws apigatewayv2 create-routing-rule --region ${ctx.options.region} --domain-name ${ctx.options.domainName} ` +
    `--domain-name-id ${ctx.options.domainNameId} --priority <1-1000000> --conditions '[]' ` +
    `--actions '[{"InvokeApi":{"ApiId":"${ctx.options.restApiId ?? "<api>"}","Stage":"${stage}"}}]' (Pulumi: DomainRoutingRules)`
  );
}

/** routing-rules: the domain's routing mode and rules route the request to the API's stage. */
export function routingRules(ctx: CheckContext): CheckResult {
  if (!ctx.snapshot.domain) return skipped("routing-rules", "no --domain-name");
  const mode = routingModeOf(ctx);
  if (!mode) return skipped("routing-rules", "the domain is not readable here");
  const read = ctx.snapshot.routingRules;
  if (read?.kind === "unreadable") return unreadable("routing-rules", "the routing rules", read);
  const rules = found(read) ?? [];
  if (mode === "BASE_PATH_MAPPING_ONLY") {
    if (!rules.length) return result("routing-rules", "pass", "routingMode BASE_PATH_MAPPING_ONLY: base path mappings route, no rules");
    return result(
      "routing-rules",
      "warn",
      `${rules.length} routing rule(s) exist, but routingMode BASE_PATH_MAPPING_ONLY never evaluates them`,
      {
        evidence: { routingMode: mode, priorities: rules.map((r) => r.priority) },
        fix:
          `aws apigateway update-domain-name --region ${ctx.options.region} --domain-name ${ctx.options.domainName} ` +
          `--domain-name-id ${ctx.options.domainNameId} --patch-operations op=replace,path=/routingMode,value=ROUTING_RULE_THEN_BASE_PATH_MAPPING (Pulumi: DomainRoutingRules routingMode)`,
      },
    );
  }
  const stage = stageOf(ctx);
  // The stages known to exist: all of them when none was named (GetStages), else only the one read.
  const stages = [found(ctx.snapshot.stage)?.stageName, ...(ctx.snapshot.otherStages ?? [])].filter((s): s is string => !!s);
  const allStagesKnown = !ctx.options.stageName && ctx.snapshot.stage?.kind === "found";
  const stageMissing = ctx.snapshot.stage?.kind === "missing";
  const apiMissing = ctx.snapshot.api?.kind === "missing";
  const dangling = rules.filter(
    (r) =>
      r.action.apiId === ctx.options.restApiId &&
      (apiMissing || (stageMissing && r.action.stage === ctx.options.stageName) || (allStagesKnown && !stages.includes(r.action.stage))),
  );
  if (dangling.length) {
    return result(
      "routing-rules",
      "fail",
      dangling
        .map((r) => `the rule at priority ${r.priority} invokes ${r.action.apiId}/${r.action.stage}, which does not exist`)
        .join("; "),
      {
        evidence: { routingMode: mode, rules: dangling, stages },
        fix: `Point the rule at a deployed stage (aws apigatewayv2 put-routing-rule …), or deploy the stage (Pulumi: DomainRoutingRules rules[].action.invokeApi)`,
      },
    );
  }
  const here = rulesRoutingHere(ctx);
  const path = pathOf(ctx);
  // An earlier rule without header conditions that matches the path takes every such request elsewhere.
  const takenBy = rules
    .filter((r) => r.conditions.every((c) => !c.matchHeaders) && matchRule(r, { headers: {}, path }))
    .sort((a, b) => a.priority - b.priority)[0];
  if (takenBy && here.length && takenBy.priority < Math.min(...here.map((r) => r.priority)) && !here.includes(takenBy)) {
    return result(
      "routing-rules",
      "fail",
      `the rule at priority ${takenBy.priority} takes ${path} first, to ${takenBy.action.apiId}/${takenBy.action.stage}`,
      {
        evidence: { routingMode: mode, takenBy, routingHere: here.map((r) => r.priority) },
        fix: "Give the rule for this API a lower priority number, or narrow the earlier rule",
      },
    );
  }
  if (here.length)
    return result(
      "routing-rules",
      "pass",
      `${mode}: the rule at priority ${here[0].priority} routes ${path} to ${ctx.options.restApiId}/${here[0].action.stage}`,
      {
        evidence: { routingMode: mode, priorities: here.map((r) => r.priority) },
      },
    );
  if (mode === "ROUTING_RULE_ONLY")
    return result(
      "routing-rules",
      "fail",
      `routingMode ROUTING_RULE_ONLY and no routing rule routes ${path} to ${ctx.options.restApiId}/${stage ?? "<stage>"}: the domain answers 403`,
      {
        evidence: { routingMode: mode, rules },
        fix: createRuleCommand(ctx),
      },
    );
  return result("routing-rules", "pass", `${mode}: no rule routes ${path} here; the base path mappings do`, {
    evidence: { routingMode: mode, priorities: rules.map((r) => r.priority) },
  });
}
