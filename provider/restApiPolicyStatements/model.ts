/**
 * The model of RestApiPolicyStatements: its types, the pure check() and diff(), the statement
 * comparison and the planner that edits a policy document. No AWS SDK here (operations.ts calls AWS).
 *
 * A REST API's resource policy is one JSON document that several stacks may share. This resource
 * owns the statements whose `Sid` it declares: it adds, replaces and removes those, and keeps
 * every other statement where it is.
 */
import type * as pulumi from "@pulumi/pulumi";
import { defineResource } from "../defineResource";
import { REST_API_ID, REST_API_ID_RULE } from "../ids";
import { planOwnedSet } from "../ownedSet";
import { REST_API_POLICY_STATEMENTS_TYPE } from "../types";
import { checkId, checkRegion, Failures, sameSet, sortedStrings, UNKNOWN } from "../validation";

/** RestApiPolicyStatements' type token, error kind, operations typing and stored provider (see defineResource.ts). */
export const REST_API_POLICY_STATEMENTS = defineResource<RestApiPolicyStatementsInputs, RestApiPolicyStatementsOutputs>(
  REST_API_POLICY_STATEMENTS_TYPE,
  "REST API policy statements",
);

/** The patch path UpdateRestApi takes to replace the whole resource policy. */
export const POLICY_PATH = "/policy";

/** The policy language version written when the API has no policy yet. */
export const POLICY_VERSION = "2012-10-17";

/**
 * One statement of an IAM resource policy, in the policy language's own field names. `Sid` is
 * required: it is how the resource knows its statements among the others.
 */
// A type, not an interface: a statement is also a plain Record<string, unknown> (no index signature needed).
export type PolicyStatement = {
  /** The statement's id: letters and digits, unique in the API's policy. This resource owns the statements whose Sid it declares. */
  Sid: string;
  /** `"Allow"` or `"Deny"`. */
  Effect: "Allow" | "Deny";
  /** Who the statement applies to: `"*"`, or `{ AWS: [...] }` and the like. Exactly one of Principal and NotPrincipal. */
  Principal?: "*" | Record<string, string | string[]>;
  /** Everyone but these principals. */
  NotPrincipal?: "*" | Record<string, string | string[]>;
  /** The actions, e.g. `"execute-api:Invoke"`. Exactly one of Action and NotAction. */
  Action?: string | string[];
  /** Every action but these. */
  NotAction?: string | string[];
  /** The resources, e.g. `"execute-api:/*"` (AWS expands it to this API's ARN). Exactly one of Resource and NotResource. */
  Resource?: string | string[];
  /** Every resource but these. */
  NotResource?: string | string[];
  /** Operator -> condition key -> value(s), e.g. `{ StringEquals: { "aws:SourceVpce": ["vpce-..."] } }`. */
  Condition?: Record<string, Record<string, unknown>>;
};

/** Arguments of the RestApiPolicyStatements resource. */
export interface RestApiPolicyStatementsArgs {
  /** The REST API whose resource policy holds the statements. Changing it replaces the resource. */
  readonly restApiId: pulumi.Input<string>;
  /** The statements this resource owns, each with a unique `Sid`. Their order is the order they are appended in. */
  readonly statements: pulumi.Input<pulumi.Input<PolicyStatement>[]>;
  /**
   * The API's region. Changing it replaces the resource.
   * @default the `aws:region` stack config, else `AWS_REGION` / `AWS_DEFAULT_REGION`
   */
  readonly region?: pulumi.Input<string>;
  /**
   * Stages to redeploy (one CreateDeployment each) after every change of the policy: a policy
   * change takes effect only at a stage's next deployment.
   * @default - no stage is redeployed
   */
  readonly redeployStages?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Take over statements that already carry a declared Sid (as `pulumi import` would: delete
   * then removes them too).
   * @default false - a declared Sid already in the policy is an error naming it
   */
  readonly importExisting?: pulumi.Input<boolean>;
}

/** The inputs after check(): validated, stages sorted and deduplicated. */
export interface RestApiPolicyStatementsInputs {
  /** The REST API's id. */
  restApiId: string;
  /** The owned statements, in the declared order. */
  statements: PolicyStatement[];
  /** The resolved region. */
  region: string;
  /** Stages redeployed after each change, sorted. */
  redeployStages: string[];
  /** Set only when true. */
  importExisting?: boolean;
}

/** The state the provider records. */
export interface RestApiPolicyStatementsOutputs extends RestApiPolicyStatementsInputs {
  /** The API's whole resource policy after the last operation ("" when it has none). */
  policy: string;
  /** Stage -> the deployment this resource made last for it. */
  deploymentIds: Record<string, string>;
}

/** A parsed policy document: its statements in order, and the top-level fields to keep. */
export interface PolicyDocument {
  /** The policy language version. */
  Version?: string;
  /** The policy's optional Id. */
  Id?: string;
  /** The statements, in order. */
  Statement: Record<string, unknown>[];
}

/** IAM's rule for a Sid: letters and digits. */
const SID = /^[A-Za-z0-9]+$/;
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const STATEMENT_FIELDS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];
/** `service:action`, with `*` and `?` wildcards, or `*`. */
const ACTION = /^(?:\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
const PRINCIPAL_KINDS = ["AWS", "Service", "Federated", "CanonicalUser"];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A string or a non-empty list of strings (unknowns pass); returns false and records a failure otherwise. */
function checkStrings(f: Failures, field: string, value: unknown, pattern?: RegExp, rule?: string): void {
  if (value === UNKNOWN) return;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return f.add(field, "must not be an empty list");
  list.forEach((v: unknown, i) => {
    const at = Array.isArray(value) ? `${field}[${i}]` : field;
    if (v === UNKNOWN) return;
    if (typeof v !== "string" || v === "") f.add(at, `must be a non-empty string, got ${JSON.stringify(v ?? null)}`);
    else if (pattern && !pattern.test(v)) f.add(at, `${JSON.stringify(v)} is not ${rule}`);
  });
}

/** Exactly one of `a` and `b` is present. */
function oneOf(f: Failures, at: string, s: Record<string, unknown>, a: string, b: string): string | undefined {
  const present = [a, b].filter((k) => s[k] !== undefined);
  if (present.length === 1) return present[0];
  f.add(at, present.length ? `takes ${a} or ${b}, not both` : `needs ${a} (or ${b})`);
  return undefined;
}

function checkPrincipal(f: Failures, field: string, value: unknown): void {
  if (value === UNKNOWN || value === "*") return;
  if (!isObject(value) || Object.keys(value).length === 0)
    return f.add(field, `must be "*" or an object such as { "AWS": [...] }, got ${JSON.stringify(value)}`);
  for (const [kind, ids] of Object.entries(value)) {
    if (!PRINCIPAL_KINDS.includes(kind)) f.add(`${field}.${kind}`, `is not a principal type (${PRINCIPAL_KINDS.join(", ")})`);
    else checkStrings(f, `${field}.${kind}`, ids);
  }
}

function checkCondition(f: Failures, field: string, value: unknown): void {
  if (value === UNKNOWN) return;
  if (!isObject(value)) return f.add(field, "must be an object of operator -> { key: value(s) }");
  for (const [operator, keys] of Object.entries(value)) {
    if (keys === UNKNOWN) continue;
    if (!isObject(keys) || Object.keys(keys).length === 0) {
      f.add(`${field}.${operator}`, "must be a non-empty object of condition key -> value(s)");
      continue;
    }
    for (const [key, v] of Object.entries(keys)) {
      const values = Array.isArray(v) ? v : [v];
      const ok = values.length > 0 && values.every((x) => x === UNKNOWN || ["string", "boolean", "number"].includes(typeof x));
      if (!ok) f.add(`${field}.${operator}.${key}`, "must be a string, number or boolean, or a non-empty list of them");
    }
  }
}

/** Validates one statement; every failure names `statements[i].Field`. */
function checkStatement(f: Failures, i: number, s: unknown): void {
  const at = `statements[${i}]`;
  if (s === UNKNOWN) return;
  if (!isObject(s)) return f.add(at, `must be a policy statement object, got ${JSON.stringify(s ?? null)}`);
  for (const key of Object.keys(s)) {
    if (!STATEMENT_FIELDS.includes(key)) f.add(`${at}.${key}`, `is not a statement field (${STATEMENT_FIELDS.join(", ")})`);
  }
  if (s.Sid === undefined) f.add(`${at}.Sid`, "is required: the resource owns the statements by their Sid");
  else if (s.Sid !== UNKNOWN && (typeof s.Sid !== "string" || !SID.test(s.Sid)))
    f.add(`${at}.Sid`, `${JSON.stringify(s.Sid)} is not a Sid (letters and digits only)`);
  if (s.Effect !== UNKNOWN && s.Effect !== "Allow" && s.Effect !== "Deny")
    f.add(`${at}.Effect`, `must be "Allow" or "Deny", got ${JSON.stringify(s.Effect ?? null)}`);
  const principal = oneOf(f, at, s, "Principal", "NotPrincipal");
  if (principal) checkPrincipal(f, `${at}.${principal}`, s[principal]);
  const action = oneOf(f, at, s, "Action", "NotAction");
  if (action) checkStrings(f, `${at}.${action}`, s[action], ACTION, "an action (service:Action, wildcards allowed, or *)");
  const resource = oneOf(f, at, s, "Resource", "NotResource");
  if (resource) checkStrings(f, `${at}.${resource}`, s[resource]);
  if (s.Condition !== undefined) checkCondition(f, `${at}.Condition`, s.Condition);
}

/** Validates and normalises the inputs; every failure names the field and the rule, before any AWS call. */
export function checkPolicyStatementsInputs(
  news: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): pulumi.dynamic.CheckResult<RestApiPolicyStatementsInputs> {
  const f = new Failures();
  const restApiId = checkId(f, "restApiId", news.restApiId, REST_API_ID, REST_API_ID_RULE);
  const region = checkRegion(f, news.region, env) as string;
  const statements = news.statements;
  if (statements !== UNKNOWN) {
    if (!Array.isArray(statements) || statements.length === 0) f.add("statements", "must be a non-empty list of policy statements");
    else {
      statements.forEach((s: unknown, i) => checkStatement(f, i, s));
      const seen = new Map<string, number>();
      statements.forEach((s: unknown, i) => {
        const sid = isObject(s) ? s.Sid : undefined;
        if (typeof sid !== "string" || sid === UNKNOWN) return;
        if (seen.has(sid))
          f.add(`statements[${i}].Sid`, `${JSON.stringify(sid)} is also the Sid of statements[${seen.get(sid)}]; Sids must be unique`);
        else seen.set(sid, i);
      });
    }
  }
  let redeployStages = news.redeployStages ?? [];
  if (redeployStages !== UNKNOWN) {
    if (!Array.isArray(redeployStages)) {
      f.add("redeployStages", "must be a list of stage names");
      redeployStages = [];
    } else {
      (redeployStages as unknown[]).forEach((s, i) => {
        if (s !== UNKNOWN && (typeof s !== "string" || !STAGE_NAME.test(s)))
          f.add(`redeployStages[${i}]`, `${JSON.stringify(s ?? null)} is not a stage name (1 to 128 letters, digits, _ and -)`);
      });
      redeployStages = sortedStrings(redeployStages as unknown[]);
    }
  }
  if (news.importExisting !== undefined && news.importExisting !== UNKNOWN && typeof news.importExisting !== "boolean")
    f.add("importExisting", `must be true or false, got ${JSON.stringify(news.importExisting)}`);
  const inputs: RestApiPolicyStatementsInputs = {
    restApiId,
    statements: statements as PolicyStatement[],
    region,
    redeployStages: redeployStages as string[],
    ...(news.importExisting === true || news.importExisting === UNKNOWN ? { importExisting: news.importExisting as boolean } : {}),
  };
  return f.list.length ? { inputs, failures: f.list } : { inputs };
}

/** Pure: restApiId or region replaces; changed statements (by meaning, not by spelling), stages or importExisting update. */
export function diffPolicyStatements(
  olds: Partial<RestApiPolicyStatementsOutputs>,
  news: RestApiPolicyStatementsInputs,
): pulumi.dynamic.DiffResult {
  const replaces = (["restApiId", "region"] as const).filter((k) => olds[k] !== undefined && olds[k] !== news[k]);
  const statementsChanged = !Array.isArray(news.statements) || !sameStatementList(olds.statements ?? [], news.statements);
  const stagesChanged = !Array.isArray(news.redeployStages) || !sameSet(olds.redeployStages, news.redeployStages);
  const importChanged = (olds.importExisting ?? false) !== (news.importExisting ?? false);
  return {
    changes: replaces.length > 0 || statementsChanged || stagesChanged || importChanged,
    replaces,
    deleteBeforeReplace: false,
  };
}

/** The `execute-api:/...` shorthand for any ARN of this API's methods, which AWS stores expanded. */
const API_ARN = /^arn:[a-z-]+:execute-api:[a-z0-9-]+:(?:\d{12}|\*):([a-z0-9]{10})\/(.*)$/;

/** A value as a sorted list of its members: `"a"` and `["a"]` mean the same in a policy. */
function members(value: unknown, restApiId?: string): unknown[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === "string" && restApiId ? shorthand(v, restApiId) : canonical(v))).sort(byJson);
}

const byJson = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0);

function shorthand(resource: string, restApiId: string): string {
  const m = API_ARN.exec(resource);
  return m && m[1] === restApiId ? `execute-api:/${m[2]}` : resource;
}

/** Keys sorted at every level; scalars and lists as they are. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical(value[k])]),
  );
}

/**
 * Pure: a statement in a form where two spellings of one meaning are equal: keys sorted, a single
 * value and a one-element list alike, lists as sets, and this API's ARNs as the `execute-api:/`
 * shorthand (AWS stores the shorthand expanded).
 */
export function canonicalStatement(statement: Record<string, unknown>, restApiId?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(statement).sort()) {
    const value = statement[key];
    if (["Action", "NotAction"].includes(key)) out[key] = members(value);
    else if (["Resource", "NotResource"].includes(key)) out[key] = members(value, restApiId);
    else if (["Principal", "NotPrincipal"].includes(key) && isObject(value))
      out[key] = Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, members(value[k])]),
      );
    else if (key === "Condition" && isObject(value))
      out[key] = Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((op) => {
            const keys = isObject(value[op]) ? (value[op] as Record<string, unknown>) : {};
            return [
              op,
              Object.fromEntries(
                Object.keys(keys)
                  .sort()
                  .map((k) => [k, members(keys[k])]),
              ),
            ];
          }),
      );
    else out[key] = canonical(value);
  }
  return out;
}

/** Pure: whether two statements mean the same. */
export function sameStatement(a: Record<string, unknown>, b: Record<string, unknown>, restApiId?: string): boolean {
  return JSON.stringify(canonicalStatement(a, restApiId)) === JSON.stringify(canonicalStatement(b, restApiId));
}

/** Same Sids in the same order, each meaning the same. */
function sameStatementList(a: readonly PolicyStatement[], b: readonly PolicyStatement[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => isObject(b[i]) && sameStatement(s as unknown as Record<string, unknown>, b[i] as unknown as Record<string, unknown>))
  );
}

/**
 * Pure: the policy document in GetRestApi's `policy`. AWS returns it JSON-escaped
 * (`{\"Version\":...}`, with `\/` for `/`); a plain document is accepted too. Undefined or "" is
 * no policy. Throws on text that is neither.
 */
export function parsePolicy(text: string | undefined): PolicyDocument {
  if (text === undefined || text.trim() === "") return { Statement: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    try {
      doc = JSON.parse(JSON.parse(`"${text}"`) as string);
    } catch {
      throw new Error(`the API's resource policy is not a JSON policy document: ${text.slice(0, 80)}`);
    }
  }
  if (typeof doc === "string") doc = JSON.parse(doc);
  if (!isObject(doc)) throw new Error("the API's resource policy is not a JSON object");
  const statement = doc.Statement ?? [];
  return {
    ...(typeof doc.Version === "string" ? { Version: doc.Version } : {}),
    ...(typeof doc.Id === "string" ? { Id: doc.Id } : {}),
    Statement: (Array.isArray(statement) ? statement : [statement]).filter(isObject),
  };
}

/** Pure: the document as UpdateRestApi's `replace /policy` value; "" (no policy) when it has no statement left. */
export function renderPolicy(doc: PolicyDocument): string {
  if (doc.Statement.length === 0) return "";
  return JSON.stringify({ Version: doc.Version ?? POLICY_VERSION, ...(doc.Id ? { Id: doc.Id } : {}), Statement: doc.Statement });
}

/** The Sids of a policy's statements, in order (statements without one are skipped). */
export function sidsOf(doc: PolicyDocument): string[] {
  return doc.Statement.map((s) => s.Sid).filter((sid): sid is string => typeof sid === "string");
}

/**
 * Pure: declared Sids already in the policy that this resource did not own before: the ones
 * `importExisting` would take over, and otherwise an error.
 */
export function foreignSids(current: PolicyDocument, declared: readonly string[], ownedBefore: readonly string[]): string[] {
  // The owned-set planner's "adopted": declared members already present that were not managed before.
  const { adopted } = planOwnedSet({ present: sidsOf(current), desired: declared, managedBefore: ownedBefore, adoptedBefore: [] });
  return declared.filter((sid) => adopted.includes(sid));
}

/** What a plan changes, by Sid. */
export interface StatementPlan {
  /** Declared Sids missing from the policy: appended, in the declared order. */
  add: string[];
  /** Declared Sids present with another meaning: replaced where they stand. */
  replace: string[];
  /** Sids owned before and no longer declared, still present: removed. */
  remove: string[];
  /** The whole document after the plan; undefined when nothing changes (no call). */
  next?: PolicyDocument;
}

/**
 * Pure: the policy with the declared statements in place and the released ones removed; every
 * other statement keeps its place. `released` are Sids this resource owned and no longer declares.
 */
export function planStatements(args: {
  current: PolicyDocument;
  desired: readonly PolicyStatement[];
  released: readonly string[];
  restApiId?: string;
}): StatementPlan {
  const desired = new Map(args.desired.map((s) => [s.Sid, s as unknown as Record<string, unknown>]));
  const plan: StatementPlan = { add: [], replace: [], remove: [] };
  const placed = new Set<string>();
  const kept: Record<string, unknown>[] = [];
  for (const s of args.current.Statement) {
    const sid = typeof s.Sid === "string" ? s.Sid : undefined;
    const wanted = sid === undefined ? undefined : desired.get(sid);
    if (sid !== undefined && wanted) {
      if (placed.has(sid)) {
        plan.remove.push(sid); // a second statement with our Sid: one of ours is enough
        continue;
      }
      placed.add(sid);
      if (!sameStatement(s, wanted, args.restApiId)) plan.replace.push(sid);
      kept.push(sameStatement(s, wanted, args.restApiId) ? s : wanted);
    } else if (sid !== undefined && args.released.includes(sid)) plan.remove.push(sid);
    else kept.push(s);
  }
  for (const [sid, s] of desired) {
    if (!placed.has(sid)) {
      plan.add.push(sid);
      kept.push(s);
    }
  }
  if (plan.add.length || plan.replace.length || plan.remove.length) plan.next = { ...args.current, Statement: kept };
  return plan;
}

/**
 * Pure: the owned statements as the policy holds them now, for read(): one that still means what
 * was recorded keeps the recorded spelling, one changed outside shows as it is, a missing one is dropped.
 */
export function ownedStatementsNow(current: PolicyDocument, recorded: readonly PolicyStatement[], restApiId?: string): PolicyStatement[] {
  const bySid = new Map(current.Statement.filter((s) => typeof s.Sid === "string").map((s) => [s.Sid as string, s]));
  return recorded.flatMap((r) => {
    const now = bySid.get(r.Sid);
    if (!now) return [];
    return [sameStatement(now, r as unknown as Record<string, unknown>, restApiId) ? r : (now as unknown as PolicyStatement)];
  });
}
