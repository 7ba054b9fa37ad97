/** DomainRoutingRules's model: args, inputs, outputs, check(), diff() and its planner. Pure: no I/O, no AWS SDK. */
import type * as pulumi from "@pulumi/pulumi";
import { defineResource } from "../defineResource";
import { DOMAIN_NAME, DOMAIN_NAME_ID, parseDomainNameArn } from "../domainNameArns";
import { planOwnedSet } from "../ownedSet";
import {
  fromWire,
  ROUTING_MODES,
  ruleContentKey,
  ruleProblems,
  type RoutingMode,
  type RoutingRuleCondition,
  type RoutingRuleSpec,
  type RoutingRuleWire,
} from "../routingRules";
import { DOMAIN_ROUTING_RULES_TYPE } from "../types";
import { checkRegion, Failures, isUnknown, quote, UNKNOWN } from "../validation";

/** DomainRoutingRules's type token, error kind, operations typing and stored provider (see defineResource.ts). */
export const DOMAIN_ROUTING_RULES = defineResource<DomainRoutingRulesInputs, DomainRoutingRulesOutputs>(
  DOMAIN_ROUTING_RULES_TYPE,
  "domain routing rules",
);

/** The routing mode this resource sets when none is given: rules first, the domain's base path mappings still serve the rest. */
export const DEFAULT_RULES_ROUTING_MODE: RoutingMode = "ROUTING_RULE_THEN_BASE_PATH_MAPPING";

/** The one action of a rule: invoke a stage of a REST API. */
export interface InvokeApiArgs {
  /** The REST API's id (a private API for a private domain). */
  readonly apiId: pulumi.Input<string>;
  /** The stage's name. */
  readonly stage: pulumi.Input<string>;
  /**
   * Whether the matched base path is removed from the path the API sees.
   * @default false
   */
  readonly stripBasePath?: pulumi.Input<boolean>;
}

/** A rule's action. */
export interface RoutingRuleActionArgs {
  /** Invoke a stage of a REST API (the only action AWS supports). */
  readonly invokeApi: pulumi.Input<InvokeApiArgs>;
}

/** One routing rule as a program declares it. */
export interface RoutingRuleArgs {
  /** 1..1,000,000, unique within the domain; lower is evaluated first. The rule's key: a new priority moves the rule. */
  readonly priority: pulumi.Input<number>;
  /**
   * All must match: at most two `{ matchHeaders: { anyOf: [{ header, valueGlob }] } }` and one
   * `{ matchBasePaths: { anyOf: ["users"] } }`.
   * @default - none: the rule matches every request (a catch-all)
   */
  readonly conditions?: pulumi.Input<pulumi.Input<RoutingRuleCondition>[]>;
  /** The one action: invoke a stage of a private REST API (`stripBasePath` defaults to false). */
  readonly action: pulumi.Input<RoutingRuleActionArgs>;
}

/** Arguments of {@link DomainRoutingRules}. */
export interface DomainRoutingRulesArgs {
  /** The private custom domain name's ARN (`…:/domainnames/{name}+{domainNameId}`). Changing it replaces the resource. */
  readonly domainNameArn: pulumi.Input<string>;
  /** The rules this resource owns, keyed by priority; rules at other priorities are never touched. */
  readonly rules: pulumi.Input<pulumi.Input<RoutingRuleArgs>[]>;
  /**
   * The domain's routing mode while this resource exists; on delete the mode found at create is restored.
   * @default "ROUTING_RULE_THEN_BASE_PATH_MAPPING" - rules first, then the domain's base path mappings
   */
  readonly routingMode?: pulumi.Input<RoutingMode>;
  /**
   * The domain's region. Changing it replaces the resource.
   * @default the region in `domainNameArn`
   */
  readonly region?: pulumi.Input<string>;
}

/** The inputs after check(): resolved and normalised. */
export interface DomainRoutingRulesInputs {
  /** The private domain's ARN; also the resource id. */
  domainNameArn: string;
  /** The declared rules, sorted by priority, `conditions` present and `stripBasePath` set. */
  rules: RoutingRuleSpec[];
  /** The routing mode to set. */
  routingMode: RoutingMode;
  /** The resolved region. */
  region: string;
}

/** The state the provider records. */
export interface DomainRoutingRulesOutputs extends DomainRoutingRulesInputs {
  /** The domain's host name, from the ARN. */
  domainName: string;
  /** The domain's identifier, from the ARN. */
  domainNameId: string;
  /** Priority (as text) -> routingRuleId, for every rule this resource manages. */
  ruleIds: Record<string, string>;
  /** Priorities whose identical rule existed before this resource declared it: never deleted by it. */
  adoptedPriorities: number[];
  /** The domain's routing mode before this resource first set it; delete restores it. */
  previousRoutingMode: RoutingMode;
}

/** The rule a domainNameArn follows, as error messages name it. */
export const ROUTING_RULES_ARN_RULE =
  "a private domain name ARN (arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId})";

/** Validates and normalises the inputs; every failure names the field and the rule. */
export function checkRoutingRulesInputs(
  news: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): pulumi.dynamic.CheckResult<DomainRoutingRulesInputs> {
  const failures = new Failures();
  const arn = news.domainNameArn;
  const parts = typeof arn === "string" ? parseDomainNameArn(arn) : undefined;
  if (arn !== UNKNOWN) {
    if (!parts || !DOMAIN_NAME.test(parts.domainName) || !DOMAIN_NAME_ID.test(parts.domainNameId))
      failures.add("domainNameArn", `${quote(arn)} is not ${ROUTING_RULES_ARN_RULE}`);
  }
  const region = checkRegion(failures, news.region ?? parts?.region ?? (arn === UNKNOWN ? UNKNOWN : undefined), env) as string;
  if (parts && region && region !== UNKNOWN && parts.region !== region)
    failures.add("region", `${region} differs from the domain's region in domainNameArn (${parts.region})`);
  const mode = news.routingMode ?? DEFAULT_RULES_ROUTING_MODE;
  if (!isUnknown(mode) && !ROUTING_MODES.includes(mode as RoutingMode))
    failures.add("routingMode", `${quote(mode)} is not one of ${ROUTING_MODES.join(", ")}`);
  const rules = checkRules(failures, news.rules);
  return {
    inputs: { domainNameArn: arn as string, rules, routingMode: mode as RoutingMode, region },
    ...(failures.list.length ? { failures: failures.list } : {}),
  };
}

function checkRules(failures: Failures, value: unknown): RoutingRuleSpec[] {
  if (isUnknown(value)) return value as unknown as RoutingRuleSpec[];
  if (value === undefined || value === null) {
    failures.add("rules", "is required: a list of {priority, conditions, action} (it may be empty)");
    return [];
  }
  if (!Array.isArray(value)) {
    failures.add("rules", "must be a list of {priority, conditions, action}");
    return [];
  }
  const seen = new Map<number, number>();
  value.forEach((rule: unknown, i) => {
    if (isUnknown(rule)) return;
    for (const problem of ruleProblems(rule, `rules[${i}]`, isUnknown))
      failures.add(problem.slice(0, problem.indexOf(":")), problem.slice(problem.indexOf(":") + 2));
    const priority = (rule as { priority?: unknown } | null)?.priority;
    if (typeof priority === "number") {
      if (seen.has(priority))
        failures.add(
          `rules[${i}].priority`,
          `${priority} is also the priority of rules[${seen.get(priority)}]; no two rules of a domain share one`,
        );
      else seen.set(priority, i);
    }
  });
  // Normalise only well-formed known rules; the rest keep their shape (diff then reports a change).
  return value.map((rule: unknown) => normaliseRule(rule)).sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
}

function normaliseRule(rule: unknown): RoutingRuleSpec {
  if (isUnknown(rule) || !rule || typeof rule !== "object") return rule as RoutingRuleSpec;
  const r = (rule ?? {}) as Record<string, unknown>;
  const invoke = ((r.action as Record<string, unknown> | undefined)?.invokeApi ?? {}) as Record<string, unknown>;
  if (isUnknown(r.conditions) || isUnknown(r.action) || isUnknown(invoke)) return r as unknown as RoutingRuleSpec;
  return {
    priority: r.priority as number,
    conditions: ((r.conditions as RoutingRuleCondition[] | undefined) ?? []).map((c) =>
      c?.matchHeaders ? { matchHeaders: { anyOf: c.matchHeaders.anyOf } } : { matchBasePaths: c?.matchBasePaths as { anyOf: string[] } },
    ),
    action: {
      apiId: invoke.apiId as string,
      stage: invoke.stage as string,
      stripBasePath: (invoke.stripBasePath as boolean | undefined) ?? false,
    },
  };
}

/** Pure: domainNameArn or region replaces; rules and mode update in place. */
export function diffRoutingRules(olds: Partial<DomainRoutingRulesOutputs>, news: DomainRoutingRulesInputs): pulumi.dynamic.DiffResult {
  const replaces = (["domainNameArn", "region"] as const).filter((k) => olds[k] !== news[k]);
  const changed = olds.routingMode !== news.routingMode || JSON.stringify(keysOf(olds.rules)) !== JSON.stringify(keysOf(news.rules));
  return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: false };
}

/** Priority and content of each rule, or undefined when any part is unknown (an unknown is always a possible change). */
function keysOf(rules: readonly RoutingRuleSpec[] | undefined): string[] | undefined {
  if (!Array.isArray(rules)) return undefined;
  try {
    return rules.map((r) => `${r.priority}:${ruleContentKey(r)}`);
  } catch {
    return [String(Math.random())];
  }
}

/** A rule present on the domain: its id and what it does. */
export interface PresentRule {
  /** The routingRuleId. */
  id: string;
  /** Its priority and content. */
  rule: RoutingRuleSpec;
}

/** What one change does, call by call. */
export interface RoutingRulesPlan {
  /** New rules at free priorities: one CreateRoutingRule each. */
  create: RoutingRuleSpec[];
  /** PutRoutingRule: a managed rule changed in place, or moved to a new free priority (keeps its id). */
  put: {
    /** The rule's id (kept by the put). */
    id: string;
    /** What it becomes, its priority included. */
    rule: RoutingRuleSpec;
  }[];
  /** DeleteRoutingRule: managed rules released and not reused by a move. */
  remove: {
    /** Its priority. */
    priority: number;
    /** Its id. */
    id: string;
  }[];
  /** Declared priorities whose identical rule this resource did not make: never deleted by it. */
  adopted: number[];
  /** Declared priorities held by a rule this resource did not make and that differs: refused. */
  conflicts: {
    /** The declared priority. */
    priority: number;
    /** The id of the rule that holds it. */
    id: string;
  }[];
  /** Declared priority -> id of the rules that stay at their priority (puts in place, adopted, unchanged); moves and creates add the rest. */
  kept: Record<string, string>;
}

/**
 * Pure: the fewest calls from `present` to `desired`. The owned set is keyed by priority
 * (planOwnedSet): a rule at a priority both declared and managed is changed in place with one
 * PutRoutingRule if it differs; a released managed rule and a new priority pair up into one
 * PutRoutingRule (a move keeps the id); what is left is created or deleted. Rules at other
 * priorities are foreign and never touched.
 */
export function planRoutingRules(args: {
  present: readonly PresentRule[];
  desired: readonly RoutingRuleSpec[];
  /** Priority -> id of the rules managed before (none on create). */
  managedBefore: Readonly<Record<string, string>>;
  adoptedBefore: readonly number[];
}): RoutingRulesPlan {
  const byPriority = new Map(args.present.map((p) => [String(p.rule.priority), p]));
  // A managed priority now held by another rule (ours deleted out of band, someone else's since) is not ours.
  const managed = Object.keys(args.managedBefore).filter((p) => !byPriority.has(p) || byPriority.get(p)!.id === args.managedBefore[p]);
  const desired = new Map(args.desired.map((r) => [String(r.priority), r]));
  const owned = planOwnedSet({
    present: byPriority.keys(),
    desired: desired.keys(),
    managedBefore: managed,
    adoptedBefore: args.adoptedBefore.map(String),
  });
  const plan: RoutingRulesPlan = { create: [], put: [], remove: [], adopted: [], conflicts: [], kept: {} };
  const byNumber = (a: string, b: string) => Number(a) - Number(b);
  for (const [key, rule] of [...desired].sort(([a], [b]) => byNumber(a, b))) {
    const found = byPriority.get(key);
    if (!found) continue;
    const same = ruleContentKey(found.rule) === ruleContentKey(rule);
    const ours = managed.includes(key) && !args.adoptedBefore.map(String).includes(key);
    if (!ours && !owned.adopted.includes(key)) continue;
    if (!ours && !args.adoptedBefore.map(String).includes(key)) {
      // A first meeting: an identical rule is adopted, a different one is someone else's and refused.
      if (same) plan.adopted.push(rule.priority);
      else plan.conflicts.push({ priority: rule.priority, id: found.id });
      if (same) plan.kept[key] = found.id;
      continue;
    }
    if (!ours) plan.adopted.push(rule.priority);
    plan.kept[key] = found.id;
    if (!same) plan.put.push({ id: found.id, rule });
  }
  const adds = [...owned.add].sort(byNumber);
  const removes = [...owned.remove].sort(byNumber);
  adds.forEach((key, i) => {
    const rule = desired.get(key)!;
    const released = removes[i];
    if (released !== undefined) plan.put.push({ id: byPriority.get(released)!.id, rule });
    else plan.create.push(rule);
  });
  plan.remove = removes.slice(adds.length).map((key) => ({ priority: Number(key), id: byPriority.get(key)!.id }));
  return plan;
}

/** Pure: a listed wire rule as a present rule (undefined without an id). */
export function presentRuleOf(wire: RoutingRuleWire): PresentRule | undefined {
  return wire.routingRuleId ? { id: wire.routingRuleId, rule: fromWire(wire) } : undefined;
}

/**
 * The order of one update: a mode that stops evaluating rules goes first (nothing routes to a
 * half-changed rule set); otherwise the rules first, then the mode that starts using them.
 */
export function modeFirst(next: RoutingMode): boolean {
  return next === "BASE_PATH_MAPPING_ONLY";
}

/**
 * True for a 409 that says the priority is taken: unlike a concurrent modification, retrying it cannot succeed.
 * Assumed(routing-rule-priority-conflict-wording): AWS words it "already exists", as for domain names and mappings.
 */
export function isPriorityTaken(e: unknown): boolean {
  const error = e as { name?: string; message?: string } | undefined;
  return error?.name === "ConflictException" && /already exists/i.test(error.message ?? "");
}
