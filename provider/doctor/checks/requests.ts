/** The request the policy checks evaluate, and how a decision is shown as evidence (pure). */
import { executeApiArn } from "../../accessPolicy";
import type { EndpointView } from "../snapshot";
import { found, type CheckContext, type InvokeRequest, type PolicyDecision } from "./context";

/** The account in the policy's own ARNs for this API, else the endpoint's owner, else "*". */
export function accountOf(ctx: CheckContext, endpoint?: EndpointView): string {
  const api = found(ctx.snapshot.api);
  const fromPolicy = api?.policy ? new RegExp(`arn:[^:"]+:execute-api:[^:"]+:(\\d{12}):${api.id}`).exec(api.policy)?.[1] : undefined;
  return fromPolicy ?? endpoint?.ownerId ?? "*";
}

/** The context keys of a call through `endpoint` from the caller the options name. */
export function invokeContext(ctx: CheckContext, endpoint: EndpointView): Record<string, string> {
  const context: Record<string, string> = { "aws:SourceVpce": endpoint.vpcEndpointId, "aws:SourceVpc": endpoint.vpcId };
  if (ctx.options.sourceIp) context["aws:VpcSourceIp"] = ctx.options.sourceIp;
  return context;
}

/**
 * `GET {path}` on the walked stage through `endpoint`:
 * `arn:{partition}:execute-api:{region}:{account}:{api}/{stage}/GET/{path}`.
 */
export function invokeRequest(ctx: CheckContext, endpoint: EndpointView): InvokeRequest | undefined {
  const api = found(ctx.snapshot.api);
  const stage = found(ctx.snapshot.stage)?.stageName ?? ctx.options.stageName;
  if (!api || !stage) return undefined;
  const resource = executeApiArn({
    region: ctx.options.region,
    accountId: accountOf(ctx, endpoint),
    restApiId: api.id,
    stage,
    method: "GET",
    path: ctx.options.path ?? "/",
  });
  return { resource, context: invokeContext(ctx, endpoint) };
}

/** The decision and the statement that made it, for evidence. */
export function describeDecision(decision: PolicyDecision, policy: string): Record<string, unknown> {
  const evidence: Record<string, unknown> = { decision: decision.decision, ...(decision.error ? { error: decision.error } : {}) };
  if (decision.statement) {
    try {
      const doc = JSON.parse(policy) as { Statement?: unknown };
      const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
      evidence.statement = statements[decision.statement.index] ?? decision.statement;
    } catch {
      evidence.statement = decision.statement;
    }
  }
  return evidence;
}

/** The condition keys a policy tests anywhere (lower-cased), e.g. "aws:sourcevpce". */
export function conditionKeys(policy: string): Set<string> {
  const keys = new Set<string>();
  try {
    const doc = JSON.parse(policy) as { Statement?: unknown };
    const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as {
      Condition?: Record<string, Record<string, unknown>>;
    }[];
    for (const s of statements)
      for (const block of Object.values(s?.Condition ?? {})) for (const key of Object.keys(block ?? {})) keys.add(key.toLowerCase());
  } catch {
    // an unparsable policy tests nothing the doctor can see
  }
  return keys;
}
