/**
 * IAM condition operators, for the keys private APIs use (aws:SourceVpce, aws:SourceVpc,
 * aws:SourceIp, aws:VpcSourceIp). Spec: IAM's "Condition operators" and "Multivalued context
 * keys" pages. Pure.
 */
import { inBlock } from "./securityGroups";

/** Request context values by key; a key absent or undefined is not in the request. */
export type RequestContext = Record<string, string | string[] | undefined>;

type Matcher = (requestValue: string, policyValue: string) => boolean;

/** The base operators; each `Not…` operator is the negation of its positive one. */
const MATCHERS: Record<string, { match: Matcher; negated: boolean }> = {
  stringequals: { match: (r, p) => r === p, negated: false },
  stringnotequals: { match: (r, p) => r === p, negated: true },
  stringequalsignorecase: { match: (r, p) => r.toLowerCase() === p.toLowerCase(), negated: false },
  stringnotequalsignorecase: { match: (r, p) => r.toLowerCase() === p.toLowerCase(), negated: true },
  stringlike: { match: (r, p) => globMatch(p, r, false), negated: false },
  stringnotlike: { match: (r, p) => globMatch(p, r, false), negated: true },
  ipaddress: { match: (r, p) => ipInRange(r, p), negated: false },
  notipaddress: { match: (r, p) => ipInRange(r, p), negated: true },
  bool: { match: (r, p) => r.toLowerCase() === p.toLowerCase(), negated: false },
};

/** The operators this evaluator knows, without prefixes or IfExists, as IAM spells them. */
export const SUPPORTED_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "IpAddress",
  "NotIpAddress",
  "Bool",
  "Null",
];

/** An operator the evaluator does not know: a statement using it never applies. */
export class UnsupportedOperatorError extends Error {}

/**
 * Whether one condition (operator, key, values) holds for the request.
 * - Several policy values: any of them (for a negated operator: none of them).
 * - Key missing: false, except true for a negated operator and for `…IfExists`.
 * - `ForAnyValue:`: some request value matches; false when the key is missing.
 * - `ForAllValues:`: every request value matches; true when the key is missing or empty.
 */
export function conditionHolds(operator: string, key: string, policyValues: unknown, context: RequestContext): boolean {
  let op = operator;
  let set: "any" | "all" | undefined;
  const prefix = /^(ForAnyValue|ForAllValues):/i.exec(op);
  if (prefix) {
    set = prefix[1].toLowerCase() === "foranyvalue" ? "any" : "all";
    op = op.slice(prefix[0].length);
  }
  const ifExists = /IfExists$/i.test(op);
  if (ifExists) op = op.slice(0, -"IfExists".length);
  const values = (Array.isArray(policyValues) ? policyValues : [policyValues]).map(String);
  const requestValue = lookup(context, key);
  const present = requestValue !== undefined && !(Array.isArray(requestValue) && requestValue.length === 0);

  if (op.toLowerCase() === "null") return values.some((v) => (v.toLowerCase() === "true") === !present);
  const matcher = MATCHERS[op.toLowerCase()];
  if (!matcher) throw new UnsupportedOperatorError(`condition operator ${operator} is not supported`);
  const one = (r: string) => {
    const any = values.some((p) => matcher.match(r, p));
    return matcher.negated ? !any : any;
  };
  const requestValues = requestValue === undefined ? [] : Array.isArray(requestValue) ? requestValue : [requestValue];
  if (set === "any") return present && requestValues.some(one);
  if (set === "all") return !present || requestValues.every(one);
  if (!present) return ifExists || matcher.negated;
  return requestValues.some(one);
}

/** Condition keys are case-insensitive. */
function lookup(context: RequestContext, key: string): string | string[] | undefined {
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/**
 * `*` (any run of characters) and `?` (one character) wildcards; everything else literal.
 * @param pattern - The policy's value.
 * @param value - The request's value.
 * @param ignoreCase - Whether letters match regardless of case (actions do).
 * @returns Whether the value matches.
 */
export function globMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === "*" ? ".*" : c === "?" ? "." : `\\${c}`));
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

/** Whether an address is in a CIDR block or equals an address (IPv4 or IPv6). */
const ipInRange = (address: string, range: string) => inBlock(address, range);
