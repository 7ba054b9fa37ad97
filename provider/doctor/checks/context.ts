/**
 * What every check receives (pure): the snapshot, the options, and the policy evaluator; and the
 * helpers that build results.
 */
import type { Read, Snapshot } from "../snapshot";
import type { CheckId, CheckResult, CheckStatus, DiagnoseOptions } from "../types";

/** A policy's decision for one request, as the shared evaluator gives it. */
export interface PolicyDecision {
  /** allow; explicit-deny (a Deny matched, which wins); implicit-deny (no Allow matched). */
  decision: "allow" | "explicit-deny" | "implicit-deny";
  /** The statement that decided: the Deny that matched, or the Allow. */
  statement?: {
    /** The statement's Sid, if it has one. */
    sid?: string;
    /** Its position in the Statement list, from 0. */
    index: number;
  };
  /** Why the policy allows nothing when it cannot be read. */
  error?: string;
}

/** One execute-api:Invoke request through one endpoint, as the policies see it. */
export interface InvokeRequest {
  /** `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}` (or a domain's ARN). */
  resource: string;
  /** The condition keys private APIs use: aws:SourceVpce, aws:SourceVpc, aws:VpcSourceIp, aws:SourceIp. */
  context: Record<string, string>;
}

/** Evaluates one policy document (JSON) for one request. */
export type PolicyEvaluator = (policy: string, request: InvokeRequest) => PolicyDecision;

/** Inputs of every check. */
export interface CheckContext {
  /** What the reads saw. */
  snapshot: Snapshot;
  /** What was asked. */
  options: DiagnoseOptions;
  /** The one policy evaluator (the sandbox's invoke plane uses it too). */
  evaluate: PolicyEvaluator;
}

/** A result; evidence defaults to empty. */
export function result(
  id: CheckId,
  status: CheckStatus,
  summary: string,
  extra: { subject?: string; evidence?: Record<string, unknown>; fix?: string; unknownBecause?: "limit" | "unreadable" } = {},
): CheckResult {
  const { subject, evidence = {}, fix, unknownBecause } = extra;
  return {
    id,
    ...(subject === undefined ? {} : { subject }),
    status,
    summary,
    evidence,
    ...(fix === undefined ? {} : { fix }),
    ...(unknownBecause === undefined ? {} : { unknownBecause }),
  };
}

/** A skipped check, saying which earlier result makes it moot. */
export function skipped(id: CheckId, because: string, subject?: string): CheckResult {
  return result(id, "skipped", because, { subject });
}

/** The result for a read that failed otherwise than "not found". */
export function unreadable(id: CheckId, what: string, read: Extract<Read<unknown>, { kind: "unreadable" }>, subject?: string): CheckResult {
  return result(id, "unknown", `could not read ${what}: ${read.message}`, {
    subject,
    evidence: { error: read.message },
    fix: "Grant the read permissions the README's doctor policy lists, and check the region and the credentials.",
    unknownBecause: "unreadable",
  });
}

/** The value of a found read, else undefined. */
export function found<T>(read: Read<T> | undefined): T | undefined {
  return read?.kind === "found" ? read.value : undefined;
}
