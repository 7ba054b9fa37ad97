/** Pure input helpers shared by the providers' check() functions. */
import type * as pulumi from "@pulumi/pulumi";
import { unknownValue } from "@pulumi/pulumi/runtime";

export type CheckFailure = pulumi.dynamic.CheckFailure;

export const AWS_REGION = /^[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d$/;

/** The engine's placeholder for a value not known until apply (e.g. the id of a new RestApi): Pulumi's own marker. */
export const UNKNOWN: string = unknownValue;

/** True for a value unknown at preview (the engine's marker). */
export const isUnknown = (value: unknown): boolean => value === UNKNOWN;

/**
 * A value as a failure quotes it: JSON, cut to 120 characters (a megabyte string stays out
 * of the message). JSON.stringify never calls a `toString` that the input's own keys shadow.
 */
export function quote(value: unknown): string {
  const text = JSON.stringify(value ?? null) ?? "null";
  return text.length <= 120 ? text : `${text.slice(0, 100)}… (${text.length} characters)`;
}

/**
 * The distinct strings of a list, sorted; other entries are left out (check() reports them).
 * Sorting them would convert objects to strings, which throws on JSON keys like `toString`.
 */
export function sortedStrings(values: readonly unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === "string"))].sort();
}

/** Checks a single id; values unknown at preview pass. */
export function checkId(failures: Failures, field: string, value: unknown, pattern: RegExp, rule: string): string {
  if (value !== UNKNOWN && (typeof value !== "string" || !pattern.test(value))) {
    failures.add(field, `${quote(value)} is not ${rule}`);
  }
  return value as string;
}

/** Collects failures, each naming the field and the rule it broke. */
export class Failures {
  readonly list: CheckFailure[] = [];
  add(property: string, reason: string): void {
    this.list.push({ property, reason: `${property}: ${reason}` });
  }
}

/**
 * Validates a list of ids against a pattern: it must be an array of strings, within the
 * count limits; duplicates collapse and the result is sorted, so order never matters.
 */
export function checkIdList(
  failures: Failures,
  field: string,
  value: unknown,
  pattern: RegExp,
  rule: string,
  limits: { min: number; max?: number },
): string[] {
  if (value === UNKNOWN) return value as unknown as string[];
  if (value === undefined || value === null) {
    if (limits.min > 0) failures.add(field, `is required (a list of ${rule})`);
    return [];
  }
  if (!Array.isArray(value)) {
    failures.add(field, `must be a list of ${rule}`);
    return [];
  }
  value.forEach((id: unknown, i) => {
    if (id !== UNKNOWN && (typeof id !== "string" || !pattern.test(id))) failures.add(`${field}[${i}]`, `${quote(id)} is not ${rule}`);
  });
  const ids = sortedStrings(value);
  if (ids.length < limits.min) failures.add(field, limits.min === 1 ? "must not be empty" : `needs at least ${limits.min} ids`);
  if (limits.max !== undefined && ids.length > limits.max) failures.add(field, `takes at most ${limits.max} ids, got ${ids.length}`);
  return ids;
}

/**
 * The region, from the input, else the environment (the Resource constructor already
 * folded in the `aws:region` stack config). Undefined means none was set anywhere.
 */
export function checkRegion(failures: Failures, value: unknown, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (value === UNKNOWN) return value;
  const region = value ?? resolveRegion(undefined, env);
  if (region === undefined || region === "") {
    failures.add("region", "no region is set: pass `region`, set the `aws:region` stack config, or set AWS_REGION/AWS_DEFAULT_REGION");
    return undefined;
  }
  if (typeof region !== "string" || !AWS_REGION.test(region)) {
    failures.add("region", `${quote(region)} does not look like an AWS region (e.g. us-east-1)`);
    return undefined;
  }
  return region;
}

/** Same members, ignoring order and duplicates. */
export function sameSet(a: readonly string[] = [], b: readonly string[] = []): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** The `aws:region` stack config or the environment, read in the program (not the provider). */
export function programRegion(config: { get(key: string): string | undefined }): string | undefined {
  return resolveRegion(config.get("region"));
}

/**
 * The one region resolver of every operation: the given (input or recorded) region, else
 * AWS_REGION, else AWS_DEFAULT_REGION; empty strings count as unset. Undefined if none.
 */
export function resolveRegion(region: unknown, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const candidate of [region, env.AWS_REGION, env.AWS_DEFAULT_REGION]) {
    if (typeof candidate === "string" && candidate !== "") return candidate;
  }
  return undefined;
}
