/**
 * The doctor's view of the one policy evaluator (provider/accessPolicy, which the sandbox's
 * invoke plane uses too): an execute-api:Invoke request by an anonymous caller, with the
 * `execute-api:/…` shorthand read against the request's own API (or domain).
 */
import { evaluatePolicy, parsePolicy, PolicyDocumentError, type PolicyDocument } from "../accessPolicy";
import type { PolicyEvaluator } from "./checks/context";

/** `arn:{partition}:execute-api:{region}:{account}:{api}` of a request's ARN ("" api for a domain's `/domainnames/…`). */
function shorthandPrefix(resource: string): string | undefined {
  const m = /^(arn:[^:]+:execute-api:[^:]+:[^:]+:)([^/]*)\//.exec(resource);
  return m ? `${m[1]}${m[2]}` : undefined;
}

/** The document with `execute-api:/…` expanded against the request's API, as AWS stores it. */
function expanded(policy: string, resource: string): PolicyDocument {
  const document = parsePolicy(policy);
  const prefix = shorthandPrefix(resource);
  if (!prefix) return document;
  const expand = (v: string) => (v.startsWith("execute-api:/") ? `${prefix}${v.slice("execute-api:".length)}` : v);
  const each = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v.map(expand) : expand(v));
  return {
    ...document,
    Statement: document.Statement.map((s) => ({
      ...s,
      ...(s.Resource !== undefined ? { Resource: each(s.Resource) } : {}),
      ...(s.NotResource !== undefined ? { NotResource: each(s.NotResource) } : {}),
    })),
  };
}

/** Evaluates a policy for the doctor's request; a policy that cannot be read allows nothing, and says why. */
export const evaluateInvokePolicy: PolicyEvaluator = (policy, request) => {
  try {
    return evaluatePolicy(expanded(policy, request.resource), {
      action: "execute-api:Invoke",
      resource: request.resource,
      context: request.context,
    });
  } catch (e) {
    if (e instanceof PolicyDocumentError) return { decision: "implicit-deny", error: `the policy cannot be read: ${e.message}` };
    throw e;
  }
};

/** A policy as plain JSON, whichever form AWS returned it in (GetRestApi escapes it); unreadable text is kept as is. */
export function policyJson(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    return JSON.stringify(parsePolicy(raw));
  } catch {
    return raw;
  }
}
