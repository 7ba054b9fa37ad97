/**
 * The throttle streak of one account in the process: how often its calls have been refused with
 * 429 lately, carried from call to call. A token bucket in one process cannot span processes, and
 * 100 stacks deploying at once are 100 processes, each sending one call at a time: each must learn
 * its own share of the account's 10 requests/s. So after a 429 a process spreads its retry over a
 * window that grows with the streak (×3 per throttle, from 1 s: the AWS SDK's own base for
 * throttling errors), and once the streak shows real contention (two throttles and more) it waits
 * a share of the window before the first send of each new call too, instead of sending at once
 * and being refused again. The streak falls by a quarter step on each success and by one step per
 * 20 s without a throttle, so the windows shrink as the other callers finish. Pure: the caller
 * passes the time and the random source.
 */
import { rateLimiterKey } from "./rateLimiter";

/** How the streak turns throttles into waiting. */
export interface ThrottleStreakPolicy {
  /** The window after the first throttle of a streak, in milliseconds. */
  baseWindowMs: number;
  /** The factor the window grows by with each throttle in a row. */
  growth: number;
  /** The widest window, in milliseconds. */
  maxWindowMs: number;
  /** How far one success lowers the streak (in throttles). */
  decayPerSuccess: number;
  /** The time without a throttle that lowers the streak by one, in milliseconds. */
  stepDecayMs: number;
}

/** 1 s ×3 per throttle up to 60 s; a quarter step off per success, one step per 20 s. */
export const DEFAULT_THROTTLE_STREAK_POLICY: ThrottleStreakPolicy = {
  baseWindowMs: 1_000,
  growth: 3,
  maxWindowMs: 60_000,
  decayPerSuccess: 0.25,
  stepDecayMs: 20_000,
};

/** The window of a streak `level` (0: none; below 1 it grows linearly to the base). */
export function streakWindowMs(level: number, policy: ThrottleStreakPolicy = DEFAULT_THROTTLE_STREAK_POLICY): number {
  if (level <= 0) return 0;
  if (level < 1) return policy.baseWindowMs * level;
  return Math.min(policy.maxWindowMs, policy.baseWindowMs * policy.growth ** (level - 1));
}

/** Half the window plus a random share of the other half: spread, yet never much faster than the learned pace. */
function spread(windowMs: number, random: () => number): number {
  return windowMs / 2 + (random() * windowMs) / 2;
}

/** One account's streak in the process; every client and call of that account shares it. */
export class ThrottleStreak {
  private level = 0;
  private updatedAt: number | undefined;
  private lastRiseAt = -Infinity;

  constructor(private readonly policy: ThrottleStreakPolicy = DEFAULT_THROTTLE_STREAK_POLICY) {}

  /** The streak at `now`, after its decay with time since it last changed. */
  levelAt(now: number): number {
    if (this.updatedAt !== undefined && now > this.updatedAt) {
      this.level = Math.max(0, this.level - (now - this.updatedAt) / this.policy.stepDecayMs);
    }
    this.updatedAt = Math.max(now, this.updatedAt ?? now);
    return this.level;
  }

  /** The wait before the first send of a new call: a spread over the window one step below the streak (none below two throttles). */
  paceMs(now: number, random: () => number): number {
    const window = streakWindowMs(this.levelAt(now) - 1, this.policy);
    return window > 0 ? spread(window, random) : 0;
  }

  /**
   * A 429 for a request sent at `sentAt`. The streak rises by one only for a request sent after
   * its last rise: callers of one process refused together are one throttle, not a hundred.
   */
  onThrottle(sentAt: number, now: number): void {
    const level = this.levelAt(now);
    if (sentAt <= this.lastRiseAt) return;
    this.level = level + 1;
    this.lastRiseAt = now;
  }

  /** The delay before resending after a 429: the server's Retry-After (`retryAfterMs`) at least, else a spread over the streak's window. */
  retryDelayMs(now: number, random: () => number, retryAfterMs = 0): number {
    return Math.max(retryAfterMs, spread(streakWindowMs(this.levelAt(now), this.policy), random));
  }

  /** A success lowers the streak. */
  onSuccess(now: number): void {
    this.level = Math.max(0, this.levelAt(now) - this.policy.decayPerSuccess);
  }
}

/** The globalThis property holding the streaks: a string, since Pulumi's closure serialization cannot copy a Symbol. */
const REGISTRY = "__pulumiApigwVpcThrottleStreaks";

/** The process-wide streak of the account of `region` (keyed as the shared bucket is). */
export function sharedThrottleStreak(region: string, env: NodeJS.ProcessEnv = process.env): ThrottleStreak {
  const holder = globalThis as { [REGISTRY]?: Map<string, ThrottleStreak> };
  const streaks = (holder[REGISTRY] ??= new Map());
  const key = rateLimiterKey(region, env);
  let streak = streaks.get(key);
  if (!streak) streaks.set(key, (streak = new ThrottleStreak()));
  return streak;
}
