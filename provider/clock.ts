/**
 * The one clock of the provider: time, sleeping and jitter. The poller (waiter.ts), the DNS
 * streak wait (dnsWait.ts) and the retry strategy (retry.ts) take one, so tests pass a fake.
 */

/** What waiting and retrying need from the outside world. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
}

/** The real clock: `Date.now`, `setTimeout` and `Math.random`. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};
