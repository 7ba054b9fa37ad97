/**
 * The throttle streak of one account in the process: how often its calls have been refused with
 * 429 lately, carried from call to call. A token bucket in one process cannot span processes, and
 * 100 stacks deploying at once are 100 processes, each sending one call at a time: each must learn
 * its own share of the account's 10 requests/s. So once 429s show contention, a process spreads
 * its retries over a window that grows with the streak (×3 per step, from 1 s: the AWS SDK's own
 * base for throttling errors), and from two steps on it waits a share of the window before the
 * first send of each new call too, instead of sending at once and being refused again.
 *
 * A 429 is not always contention: a stray one (an injected fault, a burst elsewhere) is followed
 * by a success on the next quick try. So below one step a 429 after a success raises nothing: the
 * retry keeps the per-call backoff (100 ms, doubling), as without a streak, and probes; a success
 * on that quick retry takes a whole step off, and only a 429 in a row raises the streak. Above two
 * steps a 429 raises it only while most recent answers (an average weighted to the newest) are
 * 429s: a process that the windows no longer help is not queued behind them. Otherwise the streak
 * falls by a quarter step per success and one step per 20 s without a throttle, so the windows
 * shrink as the other callers finish. Pure: the caller passes the time and the random source.
 */
import { rateLimiterKey, STREAK_REGISTRY } from "./rateLimiter";

/** How the streak turns throttles into waiting. */
export interface ThrottleStreakPolicy {
  /** The window at one step, in milliseconds (below one step: none, the per-call backoff applies). */
  baseWindowMs: number;
  /** The factor the window grows by with each step. */
  growth: number;
  /** The widest window, in milliseconds. */
  maxWindowMs: number;
  /** How far one success lowers the streak (in steps). */
  decayPerSuccess: number;
  /** How far a success lowers it when it answers a quick retry after a 429 (sent with no window): that 429 was a stray. */
  decayPerStraySuccess: number;
  /** The time without a throttle that lowers the streak by one step, in milliseconds. */
  stepDecayMs: number;
  /** From this many steps on, a 429 raises the streak only while the share of 429s among recent answers is at least {@link contentionShare}. */
  freeSteps: number;
  /** The share of recent answers that must be 429s for a 429 to raise the streak past {@link freeSteps}. */
  contentionShare: number;
  /** The weight of the newest answer in that share (an exponential moving average). */
  shareWeight: number;
}

/** 1 s ×3 per step up to 60 s; a quarter step off per success, a step per stray or per 20 s; past 2 steps, rises while half the answers are 429s. */
export const DEFAULT_THROTTLE_STREAK_POLICY: ThrottleStreakPolicy = {
  baseWindowMs: 1_000,
  growth: 3,
  maxWindowMs: 60_000,
  decayPerSuccess: 0.25,
  decayPerStraySuccess: 1,
  stepDecayMs: 20_000,
  freeSteps: 2,
  contentionShare: 0.5,
  shareWeight: 0.2,
};

/** The window of a streak `level` in steps: none below one step, then the base ×growth per step, capped. */
export function streakWindowMs(level: number, policy: ThrottleStreakPolicy = DEFAULT_THROTTLE_STREAK_POLICY): number {
  if (level < 1) return 0;
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
  private lastAnswerThrottled = false;
  private throttledShare = 0;

  constructor(private readonly policy: ThrottleStreakPolicy = DEFAULT_THROTTLE_STREAK_POLICY) {}

  /** The streak at `now` in steps, after its decay with time since it last changed. */
  levelAt(now: number): number {
    if (this.updatedAt !== undefined && now > this.updatedAt) {
      this.level = Math.max(0, this.level - (now - this.updatedAt) / this.policy.stepDecayMs);
    }
    this.updatedAt = Math.max(now, this.updatedAt ?? now);
    return this.level;
  }

  /** The share of 429s among the recent answers (weighted to the newest). */
  get recentThrottledShare(): number {
    return this.throttledShare;
  }

  /** The window a retry after a 429 spreads over at `now` (0: none, the per-call backoff applies). */
  windowMs(now: number): number {
    return streakWindowMs(this.levelAt(now), this.policy);
  }

  /** The wait before the first send of a new call: a spread over the window one step below the streak (none below two steps). */
  paceMs(now: number, random: () => number): number {
    const window = streakWindowMs(this.levelAt(now) - 1, this.policy);
    return window > 0 ? spread(window, random) : 0;
  }

  /**
   * A 429 for a request sent at `sentAt`. It raises the streak by a step, except: for a request
   * sent before the last rise (callers of one process refused together are one throttle, not a
   * hundred); below one step, after a success (a quick retry probes whether it was a stray); and
   * from {@link ThrottleStreakPolicy.freeSteps} on, while fewer than the contention share of the
   * recent answers are 429s.
   */
  onThrottle(sentAt: number, now: number): void {
    const level = this.levelAt(now);
    const inARow = this.lastAnswerThrottled;
    this.lastAnswerThrottled = true;
    this.throttledShare += (1 - this.throttledShare) * this.policy.shareWeight;
    if (sentAt <= this.lastRiseAt) return;
    if (level < 1 && !inARow) return;
    if (level >= this.policy.freeSteps && this.throttledShare < this.policy.contentionShare) return;
    this.level = level + 1;
    this.lastRiseAt = now;
  }

  /** The delay before resending after a 429: the per-call delay (`perCallMs`, Retry-After included) at least, else a spread over the streak's window. */
  retryDelayMs(now: number, random: () => number, perCallMs = 0): number {
    const window = this.windowMs(now);
    return window > 0 ? Math.max(perCallMs, spread(window, random)) : perCallMs;
  }

  /** An answer that is neither a success nor a 429 (a 409, a 5xx): the request passed the account's rate, so the next 429 is not one in a row. */
  onOtherError(): void {
    this.lastAnswerThrottled = false;
  }

  /** A success lowers the streak; a whole step when it answers a quick retry after a 429 (`stray`: that 429 was no contention). */
  onSuccess(now: number, stray = false): void {
    const decay = stray ? this.policy.decayPerStraySuccess : this.policy.decayPerSuccess;
    this.level = Math.max(0, this.levelAt(now) - decay);
    this.lastAnswerThrottled = false;
    this.throttledShare -= this.throttledShare * this.policy.shareWeight;
  }
}

/**
 * The process-wide streak of the account of `region`, keyed as the shared bucket is (region,
 * endpoint, profile, credentials): two accounts, or two sandboxes, never share one.
 */
export function sharedThrottleStreak(region: string, env: NodeJS.ProcessEnv = process.env): ThrottleStreak {
  const holder = globalThis as { [STREAK_REGISTRY]?: Map<string, ThrottleStreak> };
  const streaks = (holder[STREAK_REGISTRY] ??= new Map());
  const key = rateLimiterKey(region, env);
  let streak = streaks.get(key);
  if (!streak) streaks.set(key, (streak = new ThrottleStreak()));
  return streak;
}
