/**
 * IAM policy documents as API Gateway stores them: parsing (plain JSON or the escaped form
 * GetRestApi returns), AWS's stored form, the `execute-api:/…` shorthand, and execute-api ARNs.
 * Pure: no AWS SDK, no I/O.
 */
import { partitionOf } from "../endpointNames";

/** A value of a policy element that IAM accepts as one string or a list of them. */
export type OneOrMany = string | string[];

/** One statement of a policy document (the elements the evaluator reads). */
export interface PolicyStatement {
  /** The statement's optional id. */
  Sid?: string;
  /** "Allow" or "Deny". */
  Effect: string;
  /** `"*"`, or `{ AWS: ... }` with account ids or principal ARNs. */
  Principal?: "*" | Record<string, OneOrMany>;
  /** Principals the statement does not apply to. */
  NotPrincipal?: "*" | Record<string, OneOrMany>;
  /** Actions, with `*` and `?` wildcards. */
  Action?: OneOrMany;
  /** Every action but these. */
  NotAction?: OneOrMany;
  /** Resource ARNs, with `*` and `?` wildcards. */
  Resource?: OneOrMany;
  /** Every resource but these. */
  NotResource?: OneOrMany;
  /** Operator -> condition key -> values. */
  Condition?: Record<string, Record<string, OneOrMany | boolean | number>>;
}

/** A policy document. */
export interface PolicyDocument {
  /** "2012-10-17". */
  Version?: string;
  /** The optional policy id. */
  Id?: string;
  /** One statement or a list. */
  Statement: PolicyStatement | PolicyStatement[];
}

/** A policy that cannot be read, with the reason in words. */
export class PolicyDocumentError extends Error {
  /**
   * An error naming what is wrong with the policy.
   * @param message - What is wrong, in words.
   */
  constructor(message: string) {
    super(message);
    this.message = message; // see ResourceOperationError: set even where serialization lost the Error constructor
  }
}

/**
 * Reads a policy: a document, its JSON, or the escaped JSON that GetRestApi returns
 * (see {@link storedPolicyString}). Throws {@link PolicyDocumentError} naming what is wrong.
 * @param policy - The policy in any of those forms.
 * @returns The document, with `Statement` always a list.
 */
export function parsePolicy(policy: string | PolicyDocument): PolicyDocument & { Statement: PolicyStatement[] } {
  const document = typeof policy === "string" ? parseJson(policy) : policy;
  if (!document || typeof document !== "object" || Array.isArray(document))
    throw new PolicyDocumentError("the policy is not a JSON object");
  const raw = (document as { Statement?: unknown }).Statement;
  if (raw === undefined) throw new PolicyDocumentError("the policy has no Statement");
  const list = Array.isArray(raw) ? raw : [raw];
  list.forEach((s: unknown, i) => {
    if (!s || typeof s !== "object" || Array.isArray(s)) throw new PolicyDocumentError(`Statement #${i + 1} is not an object`);
    const effect = (s as { Effect?: unknown }).Effect;
    if (effect !== "Allow" && effect !== "Deny")
      throw new PolicyDocumentError(`Statement #${i + 1} has an Effect other than Allow or Deny`);
    const has = (k: string) => (s as Record<string, unknown>)[k] !== undefined;
    if (has("Action") === has("NotAction")) throw new PolicyDocumentError(`Statement #${i + 1} needs exactly one of Action and NotAction`);
    if (has("Resource") === has("NotResource"))
      throw new PolicyDocumentError(`Statement #${i + 1} needs exactly one of Resource and NotResource`);
  });
  return { ...(document as PolicyDocument), Statement: list as PolicyStatement[] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // GetRestApi's form: the JSON with its quotes escaped, as the inside of a JSON string literal.
    try {
      return JSON.parse(JSON.parse(`"${text}"`) as string);
    } catch {
      throw new PolicyDocumentError("the policy is not valid JSON");
    }
  }
}

/**
 * The policy string as GetRestApi returns it: the compact JSON with `/` escaped as `\/`, then
 * escaped once more as the inside of a JSON string (`{\"Version\":…}`).
 * Assumed(rest-api-policy-escaped-form): AWS does not document this form; terraform-provider-aws
 * unescapes it in flattenAPIPolicy ("The API returns policy as an escaped JSON string").
 * @param document - The policy as stored.
 * @returns The string GetRestApi answers in `policy`.
 */
export function storedPolicyString(document: PolicyDocument): string {
  const compact = JSON.stringify(document).replace(/\//g, "\\/");
  return JSON.stringify(compact).slice(1, -1);
}

/** The API a policy is attached to, for the shorthand and ARNs. */
export interface ExecuteApiTarget {
  /** The API's region. */
  region: string;
  /** The account that owns it. */
  accountId: string;
  /** The REST API id. */
  restApiId: string;
}

/**
 * AWS's expansion of the `execute-api:/…` shorthand in `Resource` and `NotResource`:
 * `execute-api:/*` becomes `arn:aws:execute-api:{region}:{account}:{api}/*`.
 * Assumed(execute-api-shorthand-not-resource): AWS documents the shorthand for Resource; NotResource is expanded alike.
 * @param document - The policy as given.
 * @param target - The API it is attached to.
 * @returns A copy with every shorthand expanded.
 */
export function expandExecuteApiShorthand(document: PolicyDocument, target: ExecuteApiTarget): PolicyDocument {
  const prefix = `arn:${partitionOf(target.region)}:execute-api:${target.region}:${target.accountId}:${target.restApiId}`;
  const expand = (v: string) => (v.startsWith("execute-api:/") ? `${prefix}${v.slice("execute-api:".length)}` : v);
  const each = (value: OneOrMany | undefined) =>
    value === undefined ? undefined : Array.isArray(value) ? value.map(expand) : expand(value);
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]).map((s) => {
    const copy: PolicyStatement = { ...s };
    if (s.Resource !== undefined) copy.Resource = each(s.Resource);
    if (s.NotResource !== undefined) copy.NotResource = each(s.NotResource);
    return copy;
  });
  return { ...document, Statement: Array.isArray(document.Statement) ? statements : statements[0] };
}

/** A method of a deployed stage, as the request's ARN names it. */
export interface ExecuteApiMethod extends ExecuteApiTarget {
  /** The stage name. */
  stage: string;
  /** The HTTP method, e.g. "GET". */
  method: string;
  /** The resource path, e.g. "/orders/1" ("/" for the root). */
  path: string;
}

/**
 * The ARN an invocation is authorized against:
 * `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path without its leading /}`.
 * @param m - The API, stage, method and path.
 * @returns The method ARN.
 */
export function executeApiArn(m: ExecuteApiMethod): string {
  const path = m.path.replace(/^\//, "");
  return `arn:${partitionOf(m.region)}:execute-api:${m.region}:${m.accountId}:${m.restApiId}/${m.stage}/${m.method}/${path}`;
}
