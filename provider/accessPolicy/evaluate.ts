/**
 * The decision of one policy for one request, as IAM's policy evaluation logic makes it: a
 * matching Deny wins, else a matching Allow allows, else the request is implicitly denied.
 * A statement matches when its principal, action, resource and every condition match.
 * Pure: shared by the sandbox's invoke plane and the doctor.
 */
import { conditionHolds, globMatch, UnsupportedOperatorError, type RequestContext } from "./conditions";
import { parsePolicy, type OneOrMany, type PolicyDocument, type PolicyStatement } from "./document";

/** The request a policy is asked about. */
export interface AccessRequest {
  /** The action, e.g. "execute-api:Invoke". */
  action: string;
  /** The resource ARN, e.g. the method ARN of {@link executeApiArn}. */
  resource: string;
  /** Condition keys and their values, e.g. `{ "aws:SourceVpce": "vpce-…" }`. */
  context: RequestContext;
  /**
   * The caller: an IAM principal ARN, or undefined for an unsigned (anonymous) request, which
   * only `"*"` principals match. @default anonymous
   */
  principal?: string;
}

/** "allow", or why not: a matching Deny ("explicit-deny") or no matching Allow ("implicit-deny"). */
export type AccessDecision = "allow" | "explicit-deny" | "implicit-deny";

/** The decision and the statement that made it (none for an implicit deny). */
export interface AccessResult {
  /** The decision. */
  decision: AccessDecision;
  /** The first Deny that matched, or the first Allow; absent for an implicit deny. */
  statement?: {
    /** The statement's Sid, if it has one. */
    sid?: string;
    /** Its position in the Statement list, from 0. */
    index: number;
  };
}

/**
 * Evaluates one policy for one request.
 * @param policy - The policy: a document, its JSON, or GetRestApi's escaped form.
 * @param request - Action, resource, context keys and optional principal.
 * @returns The decision and the deciding statement.
 * @throws PolicyDocumentError when the policy cannot be read.
 */
export function evaluatePolicy(policy: string | PolicyDocument, request: AccessRequest): AccessResult {
  const statements = parsePolicy(policy).Statement;
  let allow: AccessResult | undefined;
  for (const [index, s] of statements.entries()) {
    if (!statementMatches(s, request)) continue;
    const statement = { ...(s.Sid ? { sid: s.Sid } : {}), index };
    if (s.Effect === "Deny") return { decision: "explicit-deny", statement };
    allow ??= { decision: "allow", statement };
  }
  return allow ?? { decision: "implicit-deny" };
}

/** Whether every element of the statement matches the request. */
export function statementMatches(s: PolicyStatement, request: AccessRequest): boolean {
  if (!principalMatches(s, request.principal)) return false;
  const actionHit = (list: OneOrMany) => listOf(list).some((p) => globMatch(p, request.action, true));
  if (s.Action !== undefined ? !actionHit(s.Action) : actionHit(s.NotAction ?? [])) return false;
  const resourceHit = (list: OneOrMany) => listOf(list).some((p) => arnMatches(p, request.resource));
  if (s.Resource !== undefined ? !resourceHit(s.Resource) : resourceHit(s.NotResource ?? [])) return false;
  for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      try {
        if (!conditionHolds(operator, key, values, request.context)) return false;
      } catch (e) {
        if (e instanceof UnsupportedOperatorError) return false;
        throw e;
      }
    }
  }
  return true;
}

const listOf = (v: OneOrMany) => (Array.isArray(v) ? v : [v]);

/**
 * Resource patterns match segment by segment: a wildcard in the partition, service, region or
 * account does not cross a colon; in the resource part it matches anything, `/` included.
 */
function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === "*") return true;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  // A pattern of fewer segments matches only through a trailing ":*" that stands for the rest.
  if (!p && !a) return globMatch(pattern, arn, false);
  if (!p || !a) return a !== undefined && pattern.startsWith("arn:") && pattern.endsWith(":*") && globMatch(pattern, arn, false);
  return p.every((segment, i) => globMatch(segment, a[i], false));
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/**
 * Principal `"*"` or `{ AWS: "*" }` matches everyone, anonymous callers included. An account id
 * or `arn:aws:iam::{account}:root` matches every principal of that account; another ARN matches
 * itself. A statement without Principal (an identity policy) applies to its holder.
 */
function principalMatches(s: PolicyStatement, principal: string | undefined): boolean {
  if (s.Principal === undefined && s.NotPrincipal === undefined) return true;
  if (s.Principal !== undefined) return principalIn(s.Principal, principal);
  return !principalIn(s.NotPrincipal as "*" | Record<string, OneOrMany>, principal);
}

function principalIn(element: "*" | Record<string, OneOrMany>, principal: string | undefined): boolean {
  if (element === "*") return true;
  const listed = listOf(element.AWS ?? []);
  if (listed.includes("*")) return true;
  if (principal === undefined) return false;
  const account = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
  return listed.some(
    (p) => p === principal || (account !== undefined && (p === account || new RegExp(`^arn:[^:]+:iam::${account}:root$`).test(p))),
  );
}

/**
 * The decision for a method with IAM authentication, from the caller's IAM policy and the API's
 * resource policy (API Gateway's "Policy evaluation outcome tables"): an explicit deny in either
 * wins; in the API's own account an allow in either suffices (table A); across accounts both
 * must allow (table B).
 * @param identity - The decision of the caller's IAM policy.
 * @param resource - The decision of the API's resource policy.
 * @param sameAccount - Whether the caller is in the API's account.
 * @returns The combined decision.
 */
export function combineIamAndResourceDecisions(identity: AccessDecision, resource: AccessDecision, sameAccount: boolean): AccessDecision {
  if (identity === "explicit-deny" || resource === "explicit-deny") return "explicit-deny";
  if (sameAccount) return identity === "allow" || resource === "allow" ? "allow" : "implicit-deny";
  return identity === "allow" && resource === "allow" ? "allow" : "implicit-deny";
}
