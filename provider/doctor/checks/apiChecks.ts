/**
 * The checks of the API itself (pure): it exists and is PRIVATE, its resource policy admits the
 * call through each endpoint, its stage is deployed, and the deployment carries the policy.
 */
import { explainProbe } from "../probeAnswer";
import type { CheckResult } from "../types";
import { found, result, skipped, unreadable, type CheckContext } from "./context";
import { redeployCommand, replacePolicyCommand } from "./fixes";
import { conditionKeys, describeDecision, invokeRequest } from "./requests";

/** A resource policy that admits only the given endpoints (the shape PrivateApiAccess's invokePolicy has). */
export function endpointOnlyPolicy(vpcEndpointIds: string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        Condition: { StringEquals: { "aws:SourceVpce": vpcEndpointIds } },
      },
    ],
  });
}

/** api-exists: GetRestApi answers. */
export function apiExists(ctx: CheckContext): CheckResult {
  const read = ctx.snapshot.api;
  const id = ctx.options.restApiId ?? "";
  if (!read) return skipped("api-exists", "no --rest-api-id");
  if (read.kind === "unreadable") return unreadable("api-exists", `REST API ${id}`, read);
  if (read.kind === "missing") {
    return result("api-exists", "fail", `no REST API ${id} in ${ctx.options.region}`, {
      evidence: { restApiId: id, error: read.message },
      fix: `Check the id and the region: aws apigateway get-rest-apis --region ${ctx.options.region}`,
    });
  }
  return result("api-exists", "pass", `${read.value.id}${read.value.name ? ` (${read.value.name})` : ""}`, {
    evidence: { restApiId: read.value.id, name: read.value.name },
  });
}

/** api-private: the API's endpoint type is PRIVATE. */
export function apiPrivate(ctx: CheckContext): CheckResult {
  const api = found(ctx.snapshot.api);
  if (!api) return skipped("api-private", "the API was not seen");
  if (api.endpointTypes.includes("PRIVATE")) return result("api-private", "pass", "PRIVATE", { evidence: { types: api.endpointTypes } });
  const current = api.endpointTypes[0] ?? "EDGE";
  return result("api-private", "fail", `endpoint type is ${api.endpointTypes.join(", ") || "EDGE"}, not PRIVATE`, {
    evidence: { types: api.endpointTypes },
    fix:
      `aws apigateway update-rest-api --region ${ctx.options.region} --rest-api-id ${api.id} ` +
      `--patch-operations op=replace,path=/endpointConfiguration/types/${current},value=PRIVATE (Pulumi: endpointConfiguration: { types: "PRIVATE" })`,
  });
}

/** resource-policy: the API's current policy allows the call through this endpoint; warns when it names no VPC or endpoint. */
export function resourcePolicy(ctx: CheckContext, vpce: string): CheckResult {
  const api = found(ctx.snapshot.api);
  const endpoint = found(ctx.snapshot.endpoints[vpce]);
  if (!api) return skipped("resource-policy", "the API was not seen", vpce);
  if (!endpoint) return skipped("resource-policy", "the endpoint was not seen", vpce);
  const stage = found(ctx.snapshot.stage)?.stageName ?? ctx.options.stageName ?? "<stage>";
  const fix = replacePolicyCommand(ctx.options.region, api.id, stage, endpointOnlyPolicy([vpce]));
  if (!api.policy) {
    return result("resource-policy", "fail", "the API has no resource policy: a private API admits no one without one", {
      subject: vpce,
      evidence: { policy: null },
      fix,
    });
  }
  const request = invokeRequest(ctx, endpoint);
  if (!request) return skipped("resource-policy", "the stage was not seen", vpce);
  const decision = ctx.evaluate(api.policy, request);
  const evidence = { resource: request.resource, context: request.context, ...describeDecision(decision, api.policy) };
  const probe = ctx.snapshot.probes?.[vpce];
  if (decision.decision !== "allow" && probe && explainProbe(probe).reached) {
    return result(
      "resource-policy",
      "warn",
      "the current policy refuses the call, but the stage still admits it: the next deployment breaks it",
      {
        subject: vpce,
        evidence,
        fix,
      },
    );
  }
  if (decision.decision !== "allow") {
    return result(
      "resource-policy",
      "fail",
      decision.decision === "explicit-deny" ? "a Deny statement matches the call" : "no statement allows the call",
      {
        subject: vpce,
        evidence,
        fix,
      },
    );
  }
  const keys = conditionKeys(api.policy);
  if (!keys.has("aws:sourcevpce") && !keys.has("aws:sourcevpc")) {
    return result(
      "resource-policy",
      "warn",
      "allows the call, but tests neither aws:SourceVpce nor aws:SourceVpc: any VPC's endpoint reaches the API",
      {
        subject: vpce,
        evidence,
        fix,
      },
    );
  }
  return result("resource-policy", "pass", "allows the call", { subject: vpce, evidence });
}

/** stage-deployed: the stage exists and serves a deployment. */
export function stageDeployed(ctx: CheckContext): CheckResult {
  const api = found(ctx.snapshot.api);
  const read = ctx.snapshot.stage;
  if (!api || !read) return skipped("stage-deployed", "the API was not seen");
  const stage = ctx.options.stageName ?? "<stage>";
  if (read.kind === "unreadable") return unreadable("stage-deployed", `stage ${stage}`, read);
  if (read.kind === "missing" || !read.value.deploymentId) {
    return result(
      "stage-deployed",
      "fail",
      read.kind === "missing" ? `no stage ${ctx.options.stageName ?? "at all"}` : "the stage serves no deployment",
      {
        evidence: read.kind === "missing" ? { error: read.message } : { stageName: read.value.stageName },
        fix: redeployCommand(ctx.options.region, api.id, read.kind === "found" ? read.value.stageName : stage),
      },
    );
  }
  const others = ctx.snapshot.otherStages ?? [];
  const note = others.length ? ` (also: ${others.join(", ")}; pass --stage to walk another)` : "";
  return result("stage-deployed", "pass", `${read.value.stageName} serves deployment ${read.value.deploymentId}${note}`, {
    evidence: { stageName: read.value.stageName, deploymentId: read.value.deploymentId, otherStages: others },
  });
}

/**
 * policy-deployed: the stage serves the current policy. AWS keeps no record of which policy a
 * deployment captured, so only a probe can tell: a refusal that the current policies would not
 * give means the stage serves an older one.
 */
export function policyDeployed(ctx: CheckContext, earlier: CheckResult[]): CheckResult {
  const api = found(ctx.snapshot.api);
  const stage = found(ctx.snapshot.stage);
  if (!api || !stage?.deploymentId) return skipped("policy-deployed", "no deployed stage");
  const fix = redeployCommand(ctx.options.region, api.id, stage.stageName);
  const policiesAllow = (vpce: string) =>
    ["resource-policy", "endpoint-policy"].every((id) =>
      earlier.some((c) => c.id === id && c.subject === vpce && (c.status === "pass" || c.status === "warn")),
    );
  const probes = Object.entries(ctx.snapshot.probes ?? {});
  for (const [vpce, outcome] of probes) {
    const explained = explainProbe(outcome);
    if (
      !explained.reached &&
      outcome.kind === "http" &&
      outcome.status === 403 &&
      explained.suspects.includes("policy-deployed") &&
      policiesAllow(vpce)
    ) {
      return result(
        "policy-deployed",
        "fail",
        `the stage refused the call (${explained.kind}) that the current policy allows: it serves an older policy`,
        {
          subject: vpce,
          evidence: { deploymentId: stage.deploymentId, probe: explained.kind, answer: outcome.body },
          fix,
        },
      );
    }
  }
  const through = probes.filter(([, o]) => explainProbe(o).reached).map(([v]) => v);
  if (through.length) {
    return result("policy-deployed", "pass", `the stage admitted the probe through ${through.join(", ")}`, {
      evidence: { deploymentId: stage.deploymentId },
    });
  }
  return result("policy-deployed", "unknown", "AWS does not show which policy a deployment captured", {
    evidence: { deploymentId: stage.deploymentId },
    fix: `Run the doctor with --probe, or redeploy after every policy change: ${fix}`,
    unknownBecause: "limit",
  });
}
