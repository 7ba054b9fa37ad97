/**
 * The doctor's routing-rules check as a function of a snapshot: rules that exist under
 * BASE_PATH_MAPPING_ONLY are a warning; ROUTING_RULE_ONLY with no rule routing the path to the
 * walked stage fails (the domain answers 403) and takes over from base-path-mapping; a rule to a
 * stage that does not exist fails; an earlier header-free rule that takes the path elsewhere fails.
 */
import * as assert from "node:assert/strict";
import { diagnose } from "../../../../provider/doctor/diagnose";
import { evaluateInvokePolicy } from "../../../../provider/doctor/evaluator";
import type { Snapshot } from "../../../../provider/doctor/snapshot";
import type { CheckId, DiagnoseOptions, Diagnosis } from "../../../../provider/doctor/types";
import type { RoutingRuleSpec } from "../../../../provider/routingRules";
import { API, healthy, OPTIONS } from "./healthyPath";

const run = (snapshot: Snapshot, options: DiagnoseOptions = OPTIONS): Diagnosis =>
  diagnose({ snapshot, options, evaluate: evaluateInvokePolicy });
const check = (d: Diagnosis, id: CheckId) => d.checks.find((c) => c.id === id);

const rule = (priority: number, stage: string, paths: string[] = [], apiId = API): RoutingRuleSpec => ({
  priority,
  conditions: paths.length ? [{ matchBasePaths: { anyOf: paths } }] : [],
  action: { apiId, stage, stripBasePath: true },
});

/** The healthy path's domain in `mode`, with `rules`. */
function routed(mode: string | undefined, rules: RoutingRuleSpec[]): Snapshot {
  const s = healthy();
  assert.equal(s.domain?.kind, "found");
  s.domain.value.routingMode = mode;
  s.routingRules = { kind: "found", value: rules };
  return s;
}

describe("doctor check routing-rules (pure)", () => {
  it("passes a domain that routes by base path mappings only, without rules", () => {
    const d = run(routed(undefined, []));
    assert.equal(check(d, "routing-rules")?.status, "pass");
    assert.equal(check(d, "base-path-mapping")?.status, "pass");
  });

  it("warns of rules that BASE_PATH_MAPPING_ONLY never evaluates, with the mode change as the fix", () => {
    const c = check(run(routed("BASE_PATH_MAPPING_ONLY", [rule(10, "prod")])), "routing-rules");
    assert.equal(c?.status, "warn");
    assert.match(c?.fix ?? "", /path=\/routingMode,value=ROUTING_RULE_THEN_BASE_PATH_MAPPING/);
  });

  it("passes ROUTING_RULE_ONLY when a rule routes the path to the stage, and skips the mappings", () => {
    const d = run(routed("ROUTING_RULE_ONLY", [rule(10, "prod")]), { ...OPTIONS, path: "/orders" });
    assert.equal(d.verdict, "ok", JSON.stringify(d.checks.filter((c) => c.status !== "pass")));
    assert.match(check(d, "routing-rules")?.summary ?? "", /priority 10 routes \/orders/);
    assert.equal(check(d, "base-path-mapping")?.status, "skipped");
  });

  it("fails ROUTING_RULE_ONLY when no rule routes the path to the stage: the root cause, with a create-routing-rule fix", () => {
    const d = run(routed("ROUTING_RULE_ONLY", [rule(10, "prod", ["users"])]), { ...OPTIONS, path: "/orders" });
    assert.equal(d.rootCause, "routing-rules");
    const c = check(d, "routing-rules");
    assert.match(c?.summary ?? "", /no routing rule routes \/orders to a1b2c3d4e5\/prod: the domain answers 403/);
    assert.match(c?.fix ?? "", /^aws apigatewayv2 create-routing-rule /);
  });

  it("falls back to the mappings with ROUTING_RULE_THEN_BASE_PATH_MAPPING when no rule routes the path", () => {
    const d = run(routed("ROUTING_RULE_THEN_BASE_PATH_MAPPING", [rule(10, "prod", ["users"])]), { ...OPTIONS, path: "/orders" });
    assert.equal(check(d, "routing-rules")?.status, "pass");
    assert.equal(check(d, "base-path-mapping")?.status, "pass");
  });

  it("fails a rule that invokes a stage of the API that does not exist", () => {
    const s = routed("ROUTING_RULE_ONLY", [rule(10, "prod"), rule(20, "gone", ["old"])]);
    s.stage = { kind: "found", value: { stageName: "prod", deploymentId: "d1" } };
    s.otherStages = ["beta"];
    const d = run(s, { ...OPTIONS, stageName: undefined });
    const c = check(d, "routing-rules");
    assert.equal(c?.status, "fail");
    assert.match(c?.summary ?? "", /priority 20 invokes a1b2c3d4e5\/gone, which does not exist/);
  });

  it("fails when an earlier rule without header conditions takes the path to another API first", () => {
    const d = run(routed("ROUTING_RULE_ONLY", [rule(5, "prod", ["orders"], "z9y8x7w6v5"), rule(10, "prod", ["orders"])]), {
      ...OPTIONS,
      path: "/orders/1",
    });
    assert.match(check(d, "routing-rules")?.summary ?? "", /priority 5 takes \/orders\/1 first, to z9y8x7w6v5\/prod/);
  });

  it("reports an unreadable rules list as unknown", () => {
    const s = routed("ROUTING_RULE_ONLY", []);
    s.routingRules = { kind: "unreadable", message: "AccessDeniedException: no" };
    assert.equal(check(run(s), "routing-rules")?.status, "unknown");
  });
});
