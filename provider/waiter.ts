/** The generic poller behind every wait…() helper: capped exponential backoff with jitter. */

export interface WaitSpec<T> {
  /** Give up after this long. */
  timeoutMs: number;
  /** Reads the current state. */
  poll: () => Promise<T>;
  /** True once the state is final (target reached, or a failure the caller reports). */
  isSettled: (value: T) => boolean;
  /** First delay between polls. @default 500 */
  minDelayMs?: number;
  /** Cap of the delay between polls (Terraform uses 10 s). @default 10000 */
  maxDelayMs?: number;
}

export interface WaitResult<T> {
  value: T;
  settled: boolean;
  polls: number;
  elapsedMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `isSettled` or the timeout; returns the last value either way. */
export async function waitUntil<T>(spec: WaitSpec<T>): Promise<WaitResult<T>> {
  const started = Date.now();
  const deadline = started + spec.timeoutMs;
  let delay = spec.minDelayMs ?? 500;
  const maxDelay = spec.maxDelayMs ?? 10_000;
  for (let polls = 1; ; polls++) {
    const value = await spec.poll();
    const now = Date.now();
    if (spec.isSettled(value) || now >= deadline) {
      return { value, settled: spec.isSettled(value), polls, elapsedMs: now - started };
    }
    const jittered = delay * (0.8 + Math.random() * 0.4);
    await sleep(Math.min(jittered, deadline - now));
    delay = Math.min(maxDelay, delay * 1.5);
  }
}
