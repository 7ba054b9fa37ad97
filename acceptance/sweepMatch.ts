/**
 * Which tagged resources the sweeper deletes: pure, so the plan review and the sweeper's tests
 * can check the rule without AWS.
 */
import { CREATED_AT_TAG, RUN_TAG, type SweptKind } from "./plan";

/** A resource the sweeper found in a region. */
export interface FoundResource {
  /** Its kind, which decides how and when it is deleted. */
  kind: SweptKind;
  /** Its AWS id (vpc-…, vpce-…, a REST API or VPC link id). */
  id: string;
  /** Its tags as AWS returns them. */
  tags: Record<string, string>;
  /** The creation time AWS keeps, for the kinds that have one. */
  createdAt?: Date;
}

/** Which leftovers to delete. */
export interface SweepFilter {
  /** Only resources at least this old (by the created-at tag, else AWS's creation time). 0 takes everything tagged. */
  olderThanMs: number;
  /** Only this run's resources. @default every run's */
  runId?: string;
}

/** Whether the sweeper deletes `resource`, and why (or why not). */
export interface SweepVerdict {
  /** True to delete. */
  sweep: boolean;
  /** Says which rule decided. */
  reason: string;
}

/** The resource's age in ms at `now`, from the created-at tag or AWS's creation time; undefined if neither is known. */
export function ageOf(resource: FoundResource, now: Date): number | undefined {
  const tagged = Date.parse(resource.tags[CREATED_AT_TAG] ?? "");
  const created = Number.isNaN(tagged) ? resource.createdAt?.getTime() : tagged;
  return created === undefined ? undefined : now.getTime() - created;
}

/** The rule: the suite's tag (of the run, if one is named) and old enough. Untagged resources are never touched. */
export function sweepVerdict(resource: FoundResource, filter: SweepFilter, now: Date): SweepVerdict {
  const run = resource.tags[RUN_TAG];
  if (run === undefined) return { sweep: false, reason: `no ${RUN_TAG} tag` };
  if (filter.runId !== undefined && run !== filter.runId) return { sweep: false, reason: `another run (${run})` };
  if (filter.olderThanMs <= 0) return { sweep: true, reason: `run ${run}` };
  const age = ageOf(resource, now);
  if (age === undefined) return { sweep: false, reason: "age unknown (no created-at tag or creation time)" };
  return age >= filter.olderThanMs
    ? { sweep: true, reason: `run ${run}, ${Math.round(age / 60_000)} min old` }
    : { sweep: false, reason: `too young (${Math.round(age / 1000)} s)` };
}
