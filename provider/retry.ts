/**
 * The AWS SDK retry strategy every client of this package uses. The SDK's own strategies
 * stop after 3 attempts and never retry ConflictException; API Gateway answers 409 on
 * concurrent modification and 429 under its quotas (about 10 requests/s per account and
 * region; CreateVpcLink: 1 per 15 s), so we retry THROTTLING, TRANSIENT, SERVER_ERROR and
 * ConflictException. The budget is time, not a count of attempts: no retry starts that would
 * end past `maxTotalMs` (the configured timeout). Every send, first or retry, takes a token
 * from the account's shared bucket (rateLimiter.ts), which adapts to 429s as the SDK's
 * adaptive mode does; after a 429 the callers spread over a window that grows with the account's
 * throttle streak in the process (throttleStreak.ts), carried from call to call, and a new call
 * waits its share of that window before its first send while the streak lasts. The SDK's retry
 * middleware does the sleeping and the re-sending (of a retry; the strategy sleeps a first send's
 * pace itself).
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from "@smithy/types";
import type { Clock } from "./clock";
import type { ThrottleStreak } from "./throttleStreak";

/** How the package's AWS SDK clients retry: attempts, backoff and a total time bound. */
export interface RetryPolicy {
  /** Attempts per call, the first included. @default unbounded: `maxTotalMs` alone ends the retries */
  maxAttempts?: number;
  /** First backoff step, in milliseconds; doubles per attempt. */
  baseDelayMs: number;
  /** Cap of one backoff step, in milliseconds (a Retry-After hint may wait up to three times this). */
  maxDelayMs: number;
  /** The retry budget: no retry starts that would send later than this many milliseconds after the first attempt. */
  maxTotalMs: number;
  /**
   * Whether to resend after an error that leaves the outcome unknown (reset, timeout, 5xx).
   * False for the clients that send non-idempotent mutations: the caller reads what happened
   * first (see provider/mutation.ts). @default true
   */
  retryUnknownOutcomes?: boolean;
}

/** Five minutes: long enough for ten links queued behind CreateVpcLink's 15 s quota (135 s), or 100 stacks sharing 10 requests/s, with margin. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  maxTotalMs: 5 * 60_000,
};

// Arrays, not Sets: Pulumi's closure serialization (the provider in state) cannot copy a Set.
const RETRYABLE_TYPES: readonly string[] = ["THROTTLING", "TRANSIENT", "SERVER_ERROR"];
const RETRYABLE_NAMES: readonly string[] = ["ConflictException", "TooManyRequestsException"];

/** Throttling and concurrent modification: AWS refused the request, so resending is always safe. */
const REFUSED_TYPES: readonly string[] = ["THROTTLING"];

/** Mutations: only errors that prove the request was refused are resent. */
export const MUTATION_RETRY_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retryUnknownOutcomes: false };

export function isRetryable(info: RetryErrorInfo, policy: RetryPolicy = DEFAULT_RETRY_POLICY): boolean {
  const name = (info.error as { name?: string } | undefined)?.name ?? "";
  const types = policy.retryUnknownOutcomes === false ? REFUSED_TYPES : RETRYABLE_TYPES;
  return types.includes(info.errorType) || RETRYABLE_NAMES.includes(name);
}

/**
 * The delay before retry number `attempt` (1-based), `step` being the capped exponential step.
 * After a Retry-After hint: the hinted time plus a random share of the whole step, so callers
 * refused together spread over a window that doubles with each throttle they meet in a row
 * (the hint says when the next slot opens, not how many wait for it). Otherwise "equal
 * jitter": half the step, plus a random share of the other half.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, retryAfter?: Date, now = Date.now(), random = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  if (retryAfter) return Math.min(Math.max(0, retryAfter.getTime() - now) + random() * step, policy.maxDelayMs * 3);
  return step / 2 + (random() * step) / 2;
}

interface Token extends StandardRetryToken {
  startedAt: number;
  /** When this attempt is sent: a 429 for it raises the streak only if it was sent after the streak's last rise. */
  sentAt: number;
  /** This attempt resends after a 429 with no streak window (the per-call backoff): if it succeeds, that 429 was a stray. */
  quickAfterThrottle: boolean;
}

function token(retryCount: number, delay: number, startedAt: number, sentAt: number, quickAfterThrottle = false): Token {
  return {
    startedAt,
    sentAt,
    quickAfterThrottle,
    getRetryCount: () => retryCount,
    getRetryDelay: () => delay,
    getRetryTokenCount: () => 0,
    hasRetryTokens: () => true,
    releaseRetryTokens: () => undefined,
  } as unknown as Token;
}

/** The time and randomness a retry decision uses (part of the one {@link Clock}; `sleep` defaults to a timer); tests pass fixed ones. */
export type RetryClock = Pick<Clock, "now" | "random"> & Partial<Pick<Clock, "sleep">>;

function isThrottle(info: RetryErrorInfo): boolean {
  return info.errorType === "THROTTLING" || (info.error as { name?: string } | undefined)?.name === "TooManyRequestsException";
}

/** The account's shared bucket as the strategy uses it (rateLimiter.ts; the SDK's RateLimiter). */
export interface SendRateLimiter {
  /** Resolves when a request may be sent. */
  getSendToken(): Promise<void>;
  /** Reports an answer: a RetryErrorInfo, or `{}` for a success. */
  updateClientSendingRate(answer: RetryErrorInfo | object): void;
}

/**
 * Retries by time budget; sends through `limiter` (none: sends at once) as the SDK's adaptive
 * strategy does; with a `streak`, a 429's delay and a new call's pace come from the account's
 * throttle streak (none: each call backs off on its own, by {@link retryDelayMs}).
 */
export class ApiGatewayRetryStrategy implements RetryStrategyV2 {
  readonly mode = "standard";
  constructor(
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly clock: RetryClock = { now: () => Date.now(), random: () => Math.random() },
    private readonly limiter?: SendRateLimiter,
    private readonly streak?: ThrottleStreak,
  ) {}

  private sleep(ms: number): Promise<void> {
    return this.clock.sleep ? this.clock.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
  }

  async acquireInitialRetryToken(): Promise<Token> {
    const startedAt = this.clock.now();
    const pace = this.streak?.paceMs(startedAt, this.clock.random) ?? 0;
    if (pace > 0) await this.sleep(pace);
    await this.limiter?.getSendToken();
    return token(0, 0, startedAt, this.clock.now());
  }

  /**
   * The delay before retry `attempt` after `info`: the per-call backoff (Retry-After included), or
   * for a 429 the streak's window when longer; and whether it is a quick retry after a 429 (no window).
   */
  private delayFor(attempt: number, info: RetryErrorInfo, sentAt: number, now: number): { delay: number; quickAfterThrottle: boolean } {
    const perCall = retryDelayMs(attempt, this.policy, info.retryAfterHint, now, this.clock.random);
    if (!this.streak || !isThrottle(info)) {
      this.streak?.onOtherError();
      return { delay: perCall, quickAfterThrottle: false };
    }
    this.streak.onThrottle(sentAt, now);
    return { delay: this.streak.retryDelayMs(now, this.clock.random, perCall), quickAfterThrottle: this.streak.windowMs(now) === 0 };
  }

  async refreshRetryTokenForRetry(previous: Token, info: RetryErrorInfo): Promise<Token> {
    this.limiter?.updateClientSendingRate(info);
    const attempt = previous.getRetryCount() + 1;
    const now = this.clock.now();
    const { delay, quickAfterThrottle } = this.delayFor(attempt, info, previous.sentAt, now);
    const overBudget = now + delay - previous.startedAt > this.policy.maxTotalMs;
    if (!isRetryable(info, this.policy) || attempt >= (this.policy.maxAttempts ?? Infinity) || overBudget) {
      throw new Error("No retry token available");
    }
    // The time spent waiting for a send token counts towards the delay (the SDK sleeps the rest).
    await this.limiter?.getSendToken();
    const waited = this.clock.now();
    return token(attempt, Math.max(0, now + delay - waited), previous.startedAt, Math.max(waited, now + delay), quickAfterThrottle);
  }

  recordSuccess(answered?: RetryToken): void {
    this.limiter?.updateClientSendingRate({});
    this.streak?.onSuccess(this.clock.now(), (answered as Partial<Token> | undefined)?.quickAfterThrottle ?? false);
  }
}
