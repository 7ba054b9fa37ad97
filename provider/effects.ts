/**
 * Check the effect, not just the status: after a mutation, AWS's answer must show the change.
 * A 200 whose body shows the change was not made (a silently ignored patch, an emulator that
 * answers and changes nothing) is an error, never a success that state would then believe.
 */

/**
 * The answer of a mutation that succeeded but does not show its effect. It carries the 200 it
 * was answered with: the outcome is known (mutation.ts does not read and resend after it).
 */
export class IneffectiveChangeError extends Error {
  /** The HTTP status of the answer that did not show the change. */
  readonly $metadata = { httpStatusCode: 200 };
  constructor(message: string) {
    super(message);
    this.message = message; // see ResourceOperationError: set even where serialization lost the Error constructor
    this.name = "IneffectiveChangeError";
  }
}

/** Pure: what a list in an answer still lacks (`add`) or still holds (`remove`) of a change. */
export function listEffectGaps(change: { add: readonly string[]; remove: readonly string[] }, after: readonly string[]) {
  const present = new Set(after);
  return { notAdded: change.add.filter((id) => !present.has(id)), notRemoved: change.remove.filter((id) => present.has(id)) };
}

/**
 * Throws {@link IneffectiveChangeError} unless the list `after` (from the mutation's answer, or
 * undefined if the answer had none) holds every added id and none of the removed ones.
 */
export function assertListEffect(
  call: string,
  list: string,
  change: { add: readonly string[]; remove: readonly string[] },
  after: readonly string[] | undefined,
): void {
  if (after === undefined) throw new IneffectiveChangeError(`${call} answered without ${list}, so the change cannot be confirmed`);
  const { notAdded, notRemoved } = listEffectGaps(change, after);
  if (!notAdded.length && !notRemoved.length) return;
  const gaps = [
    ...(notAdded.length ? [`lacks ${notAdded.join(", ")}`] : []),
    ...(notRemoved.length ? [`still holds ${notRemoved.join(", ")}`] : []),
  ];
  throw new IneffectiveChangeError(`${call} succeeded, but the ${list} in its answer ${gaps.join(" and ")}: the change was not applied`);
}

/** Throws {@link IneffectiveChangeError} unless a field in the mutation's answer has the value sent. */
export function assertFieldEffect(call: string, field: string, sent: unknown, answered: unknown): void {
  if (JSON.stringify(sent) !== JSON.stringify(answered))
    throw new IneffectiveChangeError(
      `${call} succeeded, but its answer has ${field} ${JSON.stringify(answered ?? null)}, not the ${JSON.stringify(sent)} sent: the change was not applied`,
    );
}
