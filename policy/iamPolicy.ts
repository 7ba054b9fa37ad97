/**
 * Pure reading of API Gateway resource policies (IAM policy documents) for
 * `private-api-invoke-restricted`: which statements let anyone invoke the API from anywhere.
 *
 * A statement is "open" when it is an Allow, its actions include execute-api:Invoke (by name or by
 * wildcard, or through NotAction), its principal is everyone ("*", {AWS: "*"}, or a NotPrincipal),
 * and its Condition names neither aws:SourceVpce nor aws:SourceVpc (any operator).
 *
 * One pattern compensates: AWS's own example for private APIs pairs an unconditioned Allow with a
 * Deny of execute-api:Invoke to everyone whose Condition uses a negated operator
 * (StringNotEquals, StringNotLike, ...) on aws:SourceVpce or aws:SourceVpc. Such a Deny makes the
 * Allow effective only from the VPC, so an open Allow whose resources that Deny covers is fine.
 * Resource coverage is textual ("*", the same string, or a glob matching it), so a Deny written
 * differently from its Allow (an ARN against `execute-api:/*`) still reports the Allow.
 */

/** A JSON value as a parsed policy document holds it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One statement with its position, for messages. */
export interface PolicyStatement {
  /** `statement 'Sid'` if it has a Sid, else `statement #n` (1-based). */
  readonly label: string;
  readonly body: { readonly [key: string]: JsonValue };
}

/** The outcome of parsing a `policy` property. */
export type ParsedPolicyDocument =
  { readonly ok: true; readonly statements: readonly PolicyStatement[] } | { readonly ok: false; readonly problem: string };

const INVOKE = "execute-api:Invoke";
const VPC_CONDITION_KEYS = new Set(["aws:sourcevpce", "aws:sourcevpc"]);

function isObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string or list of strings as a list; anything else (absent, a number) as an empty list. */
function stringList(value: JsonValue | undefined): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** IAM glob: `*` any run of characters, `?` one character. */
function globMatches(pattern: string, text: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(text);
}

/**
 * Parses a policy document given as a JSON string (the provider's form) or an object. An absent
 * or empty policy is an empty document: a PRIVATE API without a resource policy cannot be invoked.
 */
export function parsePolicyDocument(policy: unknown): ParsedPolicyDocument {
  if (policy === undefined || policy === null || policy === "") return { ok: true, statements: [] };
  let document: unknown = policy;
  if (typeof policy === "string") {
    try {
      document = JSON.parse(policy);
    } catch {
      return { ok: false, problem: "is not valid JSON" };
    }
  }
  if (!isObject(document)) return { ok: false, problem: "is not a JSON object" };
  const statement = document.Statement;
  if (statement === undefined) return { ok: true, statements: [] };
  const list = Array.isArray(statement) ? statement : [statement];
  const statements: PolicyStatement[] = [];
  for (const [i, body] of list.entries()) {
    if (!isObject(body)) return { ok: false, problem: `has a Statement entry #${i + 1} that is not an object` };
    const sid = body.Sid;
    statements.push({ label: typeof sid === "string" && sid !== "" ? `statement '${sid}'` : `statement #${i + 1}`, body });
  }
  return { ok: true, statements };
}

function effectIs(statement: PolicyStatement, effect: "Allow" | "Deny"): boolean {
  const value = statement.body.Effect;
  return typeof value === "string" && value.toLowerCase() === effect.toLowerCase();
}

/** Its actions include execute-api:Invoke (IAM action names are case-insensitive). */
function coversInvoke(statement: PolicyStatement): boolean {
  const { Action, NotAction } = statement.body;
  if (Action !== undefined) return stringList(Action).some((p) => globMatches(p, INVOKE, true));
  if (NotAction !== undefined) return !stringList(NotAction).some((p) => globMatches(p, INVOKE, true));
  return false;
}

/** Its principal is everyone: `"*"`, `{AWS: "*"}` (or a list with "*"), or any NotPrincipal. */
function isForEveryone(statement: PolicyStatement): boolean {
  const { Principal, NotPrincipal } = statement.body;
  if (Principal === "*") return true;
  if (isObject(Principal)) return stringList(Principal.AWS).includes("*");
  return Principal === undefined && NotPrincipal !== undefined;
}

/** Condition operators (lower-cased) that test aws:SourceVpce or aws:SourceVpc. */
function vpcConditionOperators(statement: PolicyStatement): string[] {
  const condition = statement.body.Condition;
  if (!isObject(condition)) return [];
  return Object.entries(condition)
    .filter(([, block]) => isObject(block) && Object.keys(block).some((k) => VPC_CONDITION_KEYS.has(k.toLowerCase())))
    .map(([operator]) => operator.toLowerCase());
}

/** The statement's resources; `["*"]` when it has none or uses NotResource. */
function resources(statement: PolicyStatement): string[] {
  const list = stringList(statement.body.Resource);
  return list.length > 0 ? list : ["*"];
}

/** A Deny of Invoke to everyone unless the request comes from a VPC endpoint or VPC. */
function deniesInvokeOutsideVpc(statement: PolicyStatement): boolean {
  return (
    effectIs(statement, "Deny") &&
    statement.body.NotResource === undefined &&
    coversInvoke(statement) &&
    isForEveryone(statement) &&
    vpcConditionOperators(statement).some((op) => op.includes("not"))
  );
}

/**
 * The labels of the statements that let everyone invoke the API without a VPC condition and
 * that no VPC-restricting Deny covers.
 */
export function openInvokeStatements(statements: readonly PolicyStatement[]): string[] {
  const denies = statements.filter(deniesInvokeOutsideVpc);
  return statements
    .filter((s) => effectIs(s, "Allow") && coversInvoke(s) && isForEveryone(s) && vpcConditionOperators(s).length === 0)
    .filter((allow) => !denies.some((deny) => resources(allow).every((r) => resources(deny).some((d) => globMatches(d, r, false)))))
    .map((s) => s.label);
}
