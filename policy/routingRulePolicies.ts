/**
 * A policy for the routing rules of custom domain names (DomainRoutingRules), a plain object like
 * those in policies.ts: no rule shadows another. A rule is shadowed when a rule evaluated before
 * it (a lower priority number) matches every request it matches, so it can never be chosen.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { shadowedPairs, type RoutingRuleCondition, type RoutingRuleSpec } from "../provider/routingRules";
import { DOMAIN_ROUTING_RULES_TYPE } from "../provider/types";
import { isRecord, readKnown } from "./resources";

/** Our routing rules resource. */
export const DOMAIN_ROUTING_RULES = DOMAIN_ROUTING_RULES_TYPE;

/** A declared rule as the shadowing check reads it, or undefined when part of it is unknown at preview. */
function ruleOf(rule: unknown): RoutingRuleSpec | undefined {
  if (!isRecord(rule) || typeof rule.priority !== "number") return undefined;
  const conditions = (rule.conditions ?? []) as RoutingRuleCondition[];
  if (!Array.isArray(conditions)) return undefined;
  // Copy through JSON: a condition that holds an unknown throws here and the rule is left out.
  const known = JSON.parse(JSON.stringify(conditions)) as RoutingRuleCondition[];
  return { priority: rule.priority, conditions: known, action: { apiId: "", stage: "" } };
}

/** Describes a rule for a message: its priority and conditions. */
function describe(rule: RoutingRuleSpec): string {
  const parts = rule.conditions.map((c) =>
    c.matchHeaders
      ? `header ${c.matchHeaders.anyOf.map((h) => `${h.header}: ${h.valueGlob}`).join(" or ")}`
      : `base path ${(c.matchBasePaths?.anyOf ?? []).join(" or ")}`,
  );
  return `priority ${rule.priority} (${parts.length ? parts.join(" and ") : "no conditions: matches every request"})`;
}

/**
 * No routing rule of a DomainRoutingRules is shadowed by one evaluated before it. The check is
 * sound: it reports only rules that can provably never be chosen (a catch-all before them, a
 * wider value glob such as `b*` before `beta*`, a base path `users` before `users/admin`).
 */
export const noShadowedRoutingRules: ResourceValidationPolicy = {
  name: "no-shadowed-routing-rules",
  description:
    "No routing rule of a custom domain name is shadowed: a rule with a lower priority number must not match every request " +
    "that a later rule matches, or the later rule can never be chosen.",
  enforcementLevel: "mandatory",
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    if (args.type !== DOMAIN_ROUTING_RULES) return;
    const declared = args.props.rules;
    if (!Array.isArray(declared)) return;
    const rules = declared.map((r: unknown) => readKnown(() => ruleOf(r))).filter((r): r is RoutingRuleSpec => r !== undefined);
    for (const { first, later } of shadowedPairs(rules)) {
      reportViolation(
        `DomainRoutingRules '${args.name}': the rule at ${describe(later)} is shadowed by the rule at ${describe(first)}, ` +
          "which matches every request it matches; give it a lower priority number or narrow the earlier rule",
      );
    }
  },
};
