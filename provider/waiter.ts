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
  /** Time, sleeping and jitter; tests pass a fake one. @default the system clock and Math.random */
  clock?: WaitClock;
}

/** What the waiter needs from the outside world. */
export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
}

/** What `waitUntil` returns, whether or not the state settled in time. */
export interface WaitResult<T> {
  /** The last polled value. */
  value: T;
  /** Whether that value is settled; false means the timeout came first. */
  settled: boolean;
  /** How many polls were made, the first included. */
  polls: number;
  /** Milliseconds from the first poll to the last answer. */
  elapsedMs: number;
}

const SYSTEM_CLOCK: WaitClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** Polls until `isSettled` or the timeout; returns the last value either way. */
export async function waitUntil<T>(spec: WaitSpec<T>): Promise<WaitResult<T>> {
  const clock = spec.clock ?? SYSTEM_CLOCK;
  const started = clock.now();
  const deadline = started + spec.timeoutMs;
  let delay = spec.minDelayMs ?? 500;
  const maxDelay = spec.maxDelayMs ?? 10_000;
  for (let polls = 1; ; polls++) {
    const value = await spec.poll();
    const now = clock.now();
    if (spec.isSettled(value) || now >= deadline) {
      return { value, settled: spec.isSettled(value), polls, elapsedMs: now - started };
    }
    const jittered = delay * (0.8 + clock.random() * 0.4);
    await clock.sleep(Math.min(jittered, deadline - now));
    delay = Math.min(maxDelay, delay * 1.5);
  }
}
