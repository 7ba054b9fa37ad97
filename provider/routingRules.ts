/**
 * Routing rules of custom domain names (API Gateway v2's `/v2/domainnames/{name}/routingrules`),
 * as pure logic that the provider, the sandbox, the policy pack and the doctor share: the wire
 * shape, the documented limits and checks, how a rule matches a request, and when one rule
 * shadows another.
 *
 * From AWS's developer guide ("Routing rules to connect API stages to a custom domain name for
 * REST APIs") and the API reference (CreateRoutingRule): a rule has at most two header
 * conditions and one base path condition, all of which must match (AND); a rule without
 * conditions matches every request; header names match case-insensitively, header values
 * case-sensitively, with a wildcard only as `*suffix`, `prefix*` or `*contains*`; base paths are
 * case-sensitive; priorities run 1..1,000,000, lowest first, and no two rules of a domain share
 * one; the one action is `invokeApi {apiId, stage, stripBasePath}`.
 */

/** The routing modes of a custom domain name (CreateDomainName/UpdateDomainName `routingMode`). */
export const ROUTING_MODES = ["BASE_PATH_MAPPING_ONLY", "ROUTING_RULE_ONLY", "ROUTING_RULE_THEN_BASE_PATH_MAPPING"] as const;
/** One routing mode. */
export type RoutingMode = (typeof ROUTING_MODES)[number];
/** The mode AWS gives a domain created without one. */
export const DEFAULT_DOMAIN_ROUTING_MODE: RoutingMode = "BASE_PATH_MAPPING_ONLY";
/** The patch path of the routing mode in UpdateDomainName. */
export const ROUTING_MODE_PATH = "/routingMode";

/** The lowest and highest priority AWS accepts. */
export const MIN_PRIORITY = 1;
/** The highest priority AWS accepts. */
export const MAX_PRIORITY = 1_000_000;
/** At most two header conditions per rule. */
export const MAX_HEADER_CONDITIONS = 2;
/** At most one base path condition per rule. */
export const MAX_BASE_PATH_CONDITIONS = 1;

/** One header alternative: a header name and a value glob. */
export interface HeaderMatch {
  /** The header's name (matched case-insensitively). */
  header: string;
  /** The value, exact or with one wildcard as `*suffix`, `prefix*` or `*contains*` (matched case-sensitively). */
  valueGlob: string;
}

/** A header condition: any of its alternatives matches. */
export interface MatchHeaders {
  /** The alternatives: a header name and a value glob each. */
  anyOf: HeaderMatch[];
}

/** A base path condition: any of its base paths matches. */
export interface MatchBasePaths {
  /** Case-sensitive base paths such as `users` or `orders/v2`, without a leading or trailing `/`. */
  anyOf: string[];
}

/** One condition: either headers or base paths, as the wire carries it. */
export interface RoutingRuleCondition {
  /** Matches if any of these header alternatives matches. */
  matchHeaders?: MatchHeaders;
  /** Matches if the request's path starts with any of these base paths (segment by segment). */
  matchBasePaths?: MatchBasePaths;
}

/** The one action a rule has: invoke a stage of a REST API. */
export interface InvokeApiAction {
  /** The REST API's id. */
  apiId: string;
  /** The stage's name. */
  stage: string;
  /** Whether the matched base path is removed from the path the API sees. @default false */
  stripBasePath?: boolean;
}

/** A routing rule as this package declares and compares it (the wire's `actions` list holds one action). */
export interface RoutingRuleSpec {
  /** 1..1,000,000; lower is evaluated first. */
  priority: number;
  /** All must match; none matches every request. */
  conditions: RoutingRuleCondition[];
  /** The API stage the rule invokes. */
  action: InvokeApiAction;
}

/** A rule as CreateRoutingRule/PutRoutingRule/GetRoutingRule carry it on the wire. */
export interface RoutingRuleWire {
  /** The priority. */
  priority?: number;
  /** The conditions. */
  conditions?: RoutingRuleCondition[];
  /** One `{ invokeApi }`. */
  actions?: {
    /** The stage to invoke. */
    invokeApi?: Partial<InvokeApiAction>;
  }[];
  /** Set in answers. */
  routingRuleId?: string;
  /** Set in answers. */
  routingRuleArn?: string;
}

/**
 * Header names a routing rule may not match on.
 * Assumed(routing-rule-restricted-headers): AWS lists restricted headers without the list being
 * part of the API model; we refuse the hop-by-hop headers, Host, and the `x-amz-`, `x-amzn-` and
 * `apigw-` prefixes API Gateway reserves.
 */
const RESTRICTED_HEADER =
  /^(?:connection|keep-alive|te|trailer|transfer-encoding|upgrade|host|content-length|x-amz-.*|x-amzn-.*|apigw-.*)$/i;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,40}$/;
/** A value glob: literal, `*suffix`, `prefix*`, `*contains*`, or `*` alone. */
const VALUE_GLOB = /^(?:\*?[^*]+\*?|\*)$/;
/**
 * A base path: segments of letters, digits and `-._~`, joined by `/`, without a leading or trailing `/`.
 * Assumed(routing-rule-base-path-form): AWS documents base paths by example ("users", "orders/v2") only.
 */
const BASE_PATH = /^[A-Za-z0-9\-._~]+(?:\/[A-Za-z0-9\-._~]+)*$/;
/** A REST API id. */
const API_ID = /^[a-z0-9]{10}$/;
/** A stage name (the API reference: 1 to 128 characters). */
const STAGE = /^[A-Za-z0-9_-]{1,128}$/;

/** Pure: the problems of one rule, each "field: rule" relative to `at` (empty when it is valid). */
export function ruleProblems(rule: unknown, at: string, isUnknown: (v: unknown) => boolean = () => false): string[] {
  const problems: string[] = [];
  const add = (field: string, reason: string) => problems.push(`${at}${field}: ${reason}`);
  if (!rule || typeof rule !== "object" || Array.isArray(rule)) return [`${at}: must be an object {priority, conditions, action}`];
  const r = rule as Record<string, unknown>;
  if (
    !isUnknown(r.priority) &&
    (!Number.isInteger(r.priority) || (r.priority as number) < MIN_PRIORITY || (r.priority as number) > MAX_PRIORITY)
  )
    add(".priority", `must be a whole number from ${MIN_PRIORITY} to ${MAX_PRIORITY}, got ${JSON.stringify(r.priority ?? null)}`);
  const conditions = r.conditions ?? [];
  if (!isUnknown(conditions)) {
    if (!Array.isArray(conditions)) add(".conditions", "must be a list of {matchHeaders} or {matchBasePaths} conditions");
    else {
      let headers = 0;
      let paths = 0;
      conditions.forEach((c: unknown, i) => {
        const where = `.conditions[${i}]`;
        const cond = (c ?? {}) as Record<string, unknown>;
        const kinds = ["matchHeaders", "matchBasePaths"].filter((k) => cond[k] !== undefined);
        const extra = Object.keys(cond).filter((k) => k !== "matchHeaders" && k !== "matchBasePaths");
        if (isUnknown(c)) return;
        if (kinds.length !== 1 || extra.length) {
          add(where, "must hold exactly one of matchHeaders or matchBasePaths (use several conditions for AND)");
          return;
        }
        if (kinds[0] === "matchHeaders") {
          headers++;
          const anyOf = (cond.matchHeaders as { anyOf?: unknown })?.anyOf;
          if (isUnknown(anyOf)) return;
          if (!Array.isArray(anyOf) || anyOf.length === 0) {
            add(`${where}.matchHeaders.anyOf`, "must list at least one {header, valueGlob}");
            return;
          }
          anyOf.forEach((h: unknown, j) => {
            const hm = (h ?? {}) as Record<string, unknown>;
            const w = `${where}.matchHeaders.anyOf[${j}]`;
            if (!isUnknown(hm.header) && (typeof hm.header !== "string" || !HEADER_NAME.test(hm.header)))
              add(`${w}.header`, `${JSON.stringify(hm.header ?? null)} is not a header name (1 to 40 token characters)`);
            else if (typeof hm.header === "string" && RESTRICTED_HEADER.test(hm.header))
              add(`${w}.header`, `${hm.header} is a header API Gateway does not let routing rules match`);
            if (
              !isUnknown(hm.valueGlob) &&
              (typeof hm.valueGlob !== "string" || !VALUE_GLOB.test(hm.valueGlob) || hm.valueGlob.length > 128)
            )
              add(
                `${w}.valueGlob`,
                `${JSON.stringify(hm.valueGlob ?? null)} is not a value glob (a value of up to 128 characters, with * only as *suffix, prefix* or *contains*)`,
              );
          });
        } else {
          paths++;
          const anyOf = (cond.matchBasePaths as { anyOf?: unknown })?.anyOf;
          if (isUnknown(anyOf)) return;
          if (!Array.isArray(anyOf) || anyOf.length === 0) {
            add(`${where}.matchBasePaths.anyOf`, "must list at least one base path");
            return;
          }
          anyOf.forEach((p: unknown, j) => {
            if (!isUnknown(p) && (typeof p !== "string" || !BASE_PATH.test(p)))
              add(
                `${where}.matchBasePaths.anyOf[${j}]`,
                `${JSON.stringify(p ?? null)} is not a base path (segments such as "users" or "orders/v2", without a leading or trailing /)`,
              );
          });
        }
      });
      if (headers > MAX_HEADER_CONDITIONS)
        add(".conditions", `has ${headers} matchHeaders conditions; AWS allows at most ${MAX_HEADER_CONDITIONS}`);
      if (paths > MAX_BASE_PATH_CONDITIONS)
        add(".conditions", `has ${paths} matchBasePaths conditions; AWS allows at most ${MAX_BASE_PATH_CONDITIONS}`);
    }
  }
  const action = r.action as Record<string, unknown> | undefined;
  if (isUnknown(action)) return problems;
  const invoke = (action?.invokeApi ?? undefined) as Record<string, unknown> | undefined;
  if (!invoke || typeof invoke !== "object") {
    add(".action.invokeApi", "is required: {apiId, stage, stripBasePath?} (the only action AWS supports)");
    return problems;
  }
  if (!isUnknown(invoke.apiId) && (typeof invoke.apiId !== "string" || !API_ID.test(invoke.apiId)))
    add(".action.invokeApi.apiId", `${JSON.stringify(invoke.apiId ?? null)} is not a REST API id (10 lowercase letters or digits)`);
  if (!isUnknown(invoke.stage) && (typeof invoke.stage !== "string" || !STAGE.test(invoke.stage)))
    add(".action.invokeApi.stage", `${JSON.stringify(invoke.stage ?? null)} is not a stage name (1 to 128 letters, digits, - or _)`);
  if (invoke.stripBasePath !== undefined && !isUnknown(invoke.stripBasePath) && typeof invoke.stripBasePath !== "boolean")
    add(".action.invokeApi.stripBasePath", `must be true or false, got ${JSON.stringify(invoke.stripBasePath)}`);
  return problems;
}

/** Pure: the spec's wire shape, as CreateRoutingRule and PutRoutingRule take it. */
export function toWire(rule: RoutingRuleSpec): {
  priority: number;
  conditions: RoutingRuleCondition[];
  actions: { invokeApi: Required<InvokeApiAction> }[];
} {
  return {
    priority: rule.priority,
    conditions: rule.conditions.map((c) =>
      c.matchHeaders ? { matchHeaders: { anyOf: c.matchHeaders.anyOf } } : { matchBasePaths: c.matchBasePaths },
    ),
    actions: [{ invokeApi: { apiId: rule.action.apiId, stage: rule.action.stage, stripBasePath: rule.action.stripBasePath ?? false } }],
  };
}

/** Pure: a wire rule as a spec (the first action; stripBasePath false when absent). */
export function fromWire(wire: RoutingRuleWire): RoutingRuleSpec {
  const invoke = wire.actions?.[0]?.invokeApi ?? {};
  return {
    priority: wire.priority ?? 0,
    conditions: (wire.conditions ?? []).map((c) =>
      c.matchHeaders
        ? { matchHeaders: { anyOf: (c.matchHeaders.anyOf ?? []).map((h) => ({ header: h.header, valueGlob: h.valueGlob })) } }
        : { matchBasePaths: { anyOf: [...(c.matchBasePaths?.anyOf ?? [])] } },
    ),
    action: { apiId: invoke.apiId ?? "", stage: invoke.stage ?? "", stripBasePath: invoke.stripBasePath ?? false },
  };
}

/** Pure: a canonical text of what a rule does (not its priority): equal texts route alike. */
export function ruleContentKey(rule: RoutingRuleSpec): string {
  const conditions = rule.conditions
    .map((c) =>
      c.matchHeaders
        ? `h:${c.matchHeaders.anyOf
            .map((h) => `${h.header.toLowerCase()}=${h.valueGlob}`)
            .sort()
            .join("|")}`
        : `p:${[...(c.matchBasePaths?.anyOf ?? [])].sort().join("|")}`,
    )
    .sort();
  const a = rule.action;
  return JSON.stringify({ conditions, action: [a.apiId, a.stage, a.stripBasePath ?? false] });
}

/** Pure: whether a value glob matches a header value (case-sensitive). */
export function globMatches(glob: string, value: string): boolean {
  if (glob === "*") return true;
  const starts = glob.startsWith("*");
  const ends = glob.endsWith("*") && glob.length > 1;
  const core = glob.slice(starts ? 1 : 0, ends ? -1 : undefined);
  if (starts && ends) return value.includes(core);
  if (starts) return value.endsWith(core);
  if (ends) return value.startsWith(core);
  return value === glob;
}

/** A request as routing rules see it: headers (names lowercase) and the path. */
export interface RoutedRequest {
  /** Header name (lowercase) -> value. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The request path, e.g. `/users/42`. */
  path: string;
}

const segmentsOf = (path: string) => path.split("/").filter(Boolean);

/**
 * Pure: whether a rule matches a request, and the path the API then sees (the base path removed
 * when `stripBasePath`). Assumed(routing-rule-base-path-segments): a base path matches the
 * request path's leading segments, as base path mappings do.
 */
export function matchRule(
  rule: RoutingRuleSpec,
  request: RoutedRequest,
):
  | {
      /** The path the API sees. */
      path: string;
    }
  | undefined {
  let rest = segmentsOf(request.path);
  for (const c of rule.conditions) {
    if (c.matchHeaders) {
      const ok = c.matchHeaders.anyOf.some((h) => {
        const value = request.headers[h.header.toLowerCase()];
        return value !== undefined && globMatches(h.valueGlob, value);
      });
      if (!ok) return undefined;
    } else if (c.matchBasePaths) {
      const segments = segmentsOf(request.path);
      const base = c.matchBasePaths.anyOf.map(segmentsOf).find((b) => b.every((part, i) => segments[i] === part));
      if (!base) return undefined;
      if (rule.action.stripBasePath) rest = segments.slice(base.length);
    }
  }
  return { path: rest.length ? `/${rest.join("/")}` : "/" };
}

/** Pure: the first rule (lowest priority number) that matches, with the API's path. */
export function selectRule<R extends RoutingRuleSpec>(
  rules: readonly R[],
  request: RoutedRequest,
):
  | {
      /** The chosen rule. */
      rule: R;
      /** The path the API sees. */
      path: string;
    }
  | undefined {
  for (const rule of [...rules].sort((a, b) => a.priority - b.priority)) {
    const matched = matchRule(rule, request);
    if (matched) return { rule, path: matched.path };
  }
  return undefined;
}

/** Pure: glob `wide` matches every value glob `narrow` matches (sound: false when unsure). */
export function globCovers(wide: string, narrow: string): boolean {
  if (wide === "*") return true;
  if (narrow === "*") return false;
  if (!narrow.includes("*")) return globMatches(wide, narrow);
  const nStarts = narrow.startsWith("*");
  const nEnds = narrow.endsWith("*");
  const nCore = narrow.slice(nStarts ? 1 : 0, nEnds ? -1 : undefined);
  const wStarts = wide.startsWith("*");
  const wEnds = wide.endsWith("*");
  const wCore = wide.slice(wStarts ? 1 : 0, wEnds ? -1 : undefined);
  if (wStarts && wEnds) return nCore.includes(wCore);
  if (wEnds && !wStarts) return !nStarts && nEnds && nCore.startsWith(wCore);
  if (wStarts && !wEnds) return nStarts && !nEnds && nCore.endsWith(wCore);
  return false;
}

/**
 * Pure: whether `first` (evaluated earlier) matches every request that `later` matches, so
 * `later` can never be chosen. Sound, not complete: false when it cannot prove it.
 */
export function shadows(first: RoutingRuleSpec, later: RoutingRuleSpec): boolean {
  const laterHeaders = later.conditions.filter((c) => c.matchHeaders).map((c) => c.matchHeaders!.anyOf);
  const laterPaths = later.conditions.find((c) => c.matchBasePaths)?.matchBasePaths?.anyOf;
  return first.conditions.every((c) => {
    if (c.matchHeaders) {
      const wide = c.matchHeaders.anyOf;
      // Some header condition of `later` must imply this one: each of its alternatives covered by one of ours.
      return laterHeaders.some((alternatives) =>
        alternatives.every((n) =>
          wide.some((w) => w.header.toLowerCase() === n.header.toLowerCase() && globCovers(w.valueGlob, n.valueGlob)),
        ),
      );
    }
    const bases = (c.matchBasePaths?.anyOf ?? []).map(segmentsOf);
    return laterPaths !== undefined && laterPaths.map(segmentsOf).every((p) => bases.some((b) => b.every((part, i) => p[i] === part)));
  });
}

/** Pure: every pair (first, later) of rules where `first` shadows `later`, by priority. */
export function shadowedPairs<R extends RoutingRuleSpec>(
  rules: readonly R[],
): {
  /** The rule evaluated first. */
  first: R;
  /** The rule it shadows. */
  later: R;
}[] {
  const ordered = [...rules].sort((a, b) => a.priority - b.priority);
  const pairs: { first: R; later: R }[] = [];
  ordered.forEach((later, j) => {
    const first = ordered.slice(0, j).find((f) => shadows(f, later));
    if (first) pairs.push({ first, later });
  });
  return pairs;
}
