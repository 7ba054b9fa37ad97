/**
 * The AWS SDK retry strategy every client of this package uses. The SDK's own strategies
 * stop after 3 attempts and never retry ConflictException; API Gateway answers 409 on
 * concurrent modification and 429 under its per-operation quotas (CreateVpcLink: 1 per 15 s),
 * so we retry THROTTLING, TRANSIENT, SERVER_ERROR and ConflictException with capped
 * exponential backoff and jitter, honour the server's Retry-After, and bound the total time.
 * The SDK's retry middleware does the sleeping and the re-sending.
 */
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from "@smithy/types";
import type { Clock } from "./clock";

/** How the package's AWS SDK clients retry: attempts, backoff and a total time bound. */
export interface RetryPolicy {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** First backoff step, in milliseconds; doubles per attempt. */
  baseDelayMs: number;
  /** Cap of one backoff step, in milliseconds (a Retry-After hint may wait up to three times this). */
  maxDelayMs: number;
  /** No retry starts later than this many milliseconds after the first attempt. */
  maxTotalMs: number;
  /**
   * Whether to resend after an error that leaves the outcome unknown (reset, timeout, 5xx).
   * False for the clients that send non-idempotent mutations: the caller reads what happened
   * first (see provider/mutation.ts). @default true
   */
  retryUnknownOutcomes?: boolean;
}

/** Long enough for ten links queued behind CreateVpcLink's 15 s quota (135 s) with margin. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 60,
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
 * The delay before retry number `attempt` (1-based). A Retry-After hint wins, plus a small
 * jitter so callers queued on one quota slot do not all arrive at once; otherwise "equal
 * jitter": half the capped exponential step, plus a random share of the other half.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, retryAfter?: Date, now = Date.now(), random = Math.random): number {
  if (retryAfter) {
    const hinted = Math.max(0, retryAfter.getTime() - now);
    return Math.min(hinted + random() * Math.min(100, hinted * 0.1 + 10), policy.maxDelayMs * 3);
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return step / 2 + (random() * step) / 2;
}

interface Token extends StandardRetryToken {
  startedAt: number;
}

function token(retryCount: number, delay: number, startedAt: number): Token {
  return {
    startedAt,
    getRetryCount: () => retryCount,
    getRetryDelay: () => delay,
    getRetryTokenCount: () => 0,
    hasRetryTokens: () => true,
    releaseRetryTokens: () => undefined,
  } as unknown as Token;
}

/** The time and randomness a retry decision uses (part of the one {@link Clock}); tests pass fixed ones. */
export type RetryClock = Pick<Clock, "now" | "random">;

export class ApiGatewayRetryStrategy implements RetryStrategyV2 {
  readonly mode = "standard";
  constructor(
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly clock: RetryClock = { now: () => Date.now(), random: () => Math.random() },
  ) {}

  async acquireInitialRetryToken(): Promise<Token> {
    return token(0, 0, this.clock.now());
  }

  async refreshRetryTokenForRetry(previous: Token, info: RetryErrorInfo): Promise<Token> {
    const attempt = previous.getRetryCount() + 1;
    const now = this.clock.now();
    if (!isRetryable(info, this.policy) || attempt >= this.policy.maxAttempts || now - previous.startedAt > this.policy.maxTotalMs) {
      throw new Error("No retry token available");
    }
    return token(attempt, retryDelayMs(attempt, this.policy, info.retryAfterHint, now, this.clock.random), previous.startedAt);
  }

  recordSuccess(): void {}
}
