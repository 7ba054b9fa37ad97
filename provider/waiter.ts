/**
 * The one poller behind every wait…() helper: capped exponential backoff with jitter (or a fixed
 * interval), on the one clock (clock.ts).
 */
import { SYSTEM_CLOCK, type Clock } from "./clock";

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
  /** Spread each delay over ±20% at random (false: exactly the delay, for fixed intervals). @default true */
  jitter?: boolean;
  /** Runs after each poll that is not the last (before the sleep). */
  onPoll?: (value: T, elapsedMs: number) => Promise<void>;
  /** Time, sleeping and jitter; tests pass a fake one. @default the system clock */
  clock?: Clock;
}

/** What the waiter needs from the outside world: the one {@link Clock}. */
export type WaitClock = Clock;

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
    await spec.onPoll?.(value, now - started);
    const jittered = spec.jitter === false ? delay : delay * (0.8 + clock.random() * 0.4);
    await clock.sleep(Math.min(jittered, deadline - now));
    delay = Math.min(maxDelay, delay * 1.5);
  }
}
