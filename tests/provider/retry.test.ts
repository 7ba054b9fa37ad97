/**
 * The retry strategy's timing and its decisions, with an injected clock and random source:
 * equal-jitter backoff that doubles and caps, Retry-After honoured with a small bounded jitter,
 * and the attempt and total-time bounds.
 */
import * as assert from "node:assert/strict";
import type { RetryErrorInfo, SdkError } from "@smithy/types";
import { seededRandom } from "../../local/limits";
import { ApiGatewayRetryStrategy, isRetryable, retryDelayMs, type RetryPolicy } from "../../provider/retry";

const MAX_ATTEMPTS = 5;
const POLICY: RetryPolicy = { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 100, maxDelayMs: 1_000, maxTotalMs: 10_000 };
/** The default: no attempt count, only the time budget. */
const BY_TIME: RetryPolicy = { baseDelayMs: 100, maxDelayMs: 1_000, maxTotalMs: 60_000 };
const error = (name: string) => ({ name, message: name, $metadata: {} }) as unknown as SdkError;
const throttling: RetryErrorInfo = { errorType: "THROTTLING", error: error("TooManyRequestsException") };

/** A clock that only moves when told to, and a fixed random value. */
function fixedClock(random: number) {
  const clock = { t: 1_000_000, now: () => clock.t, random: () => random };
  return clock;
}

describe("retry timing (provider/retry.ts)", () => {
  describe("retryDelayMs without a Retry-After hint", () => {
    it("is half the step plus a random share of the other half (equal jitter)", () => {
      for (const attempt of [1, 2, 3, 4]) {
        const step = 100 * 2 ** (attempt - 1);
        assert.equal(
          retryDelayMs(attempt, POLICY, undefined, 0, () => 0),
          step / 2,
          `attempt ${attempt}, random 0`,
        );
        assert.equal(
          retryDelayMs(attempt, POLICY, undefined, 0, () => 0.5),
          (step * 3) / 4,
          `attempt ${attempt}, random 0.5`,
        );
        assert.equal(
          retryDelayMs(attempt, POLICY, undefined, 0, () => 1),
          step,
          `attempt ${attempt}, random 1`,
        );
      }
    });

    it("caps the step at maxDelayMs however many attempts came before", () => {
      for (const attempt of [5, 8, 30, 60]) {
        assert.equal(
          retryDelayMs(attempt, POLICY, undefined, 0, () => 1),
          POLICY.maxDelayMs,
        );
        assert.equal(
          retryDelayMs(attempt, POLICY, undefined, 0, () => 0),
          POLICY.maxDelayMs / 2,
        );
      }
    });
  });

  describe("retryDelayMs with a Retry-After hint", () => {
    const now = 5_000;
    it("waits until the hinted time, plus a random share of the attempt's whole backoff step", () => {
      const hint = new Date(now + 1_500);
      assert.equal(
        retryDelayMs(1, POLICY, hint, now, () => 0),
        1_500,
      );
      assert.equal(
        retryDelayMs(1, POLICY, hint, now, () => 1),
        1_600,
      );
      assert.equal(
        retryDelayMs(3, POLICY, hint, now, () => 0.5),
        1_500 + 200,
      );
    });

    it("widens the window with each throttle in a row: 100 callers refused together spread over it", () => {
      const random = seededRandom(7);
      for (const attempt of [1, 3, 5]) {
        const step = Math.min(POLICY.maxDelayMs, 100 * 2 ** (attempt - 1));
        const delays = Array.from({ length: 100 }, () => retryDelayMs(attempt, POLICY, new Date(now + 400), now, random)).sort(
          (a, b) => a - b,
        );
        assert.ok(delays[0] >= 400 && delays[99] <= 400 + step, `attempt ${attempt}: within [hint, hint + step]`);
        // Spread: no tenth of the window holds more than a fifth of the callers.
        const perTenth = new Array(10).fill(0);
        for (const d of delays) perTenth[Math.min(9, Math.floor(((d - 400) / step) * 10))]++;
        assert.ok(Math.max(...perTenth) <= 20, `attempt ${attempt}: ${perTenth.join(" ")}`);
      }
    });

    it("retries at once, within the first step, when the hinted time has passed", () => {
      assert.equal(
        retryDelayMs(1, POLICY, new Date(now - 3_000), now, () => 0),
        0,
      );
      assert.equal(
        retryDelayMs(1, POLICY, new Date(now - 3_000), now, () => 1),
        100,
      );
    });

    it("never waits more than three backoff caps, whatever the hint says", () => {
      assert.equal(
        retryDelayMs(1, POLICY, new Date(now + 3_600_000), now, () => 0.5),
        3 * POLICY.maxDelayMs,
      );
    });
  });

  describe("isRetryable", () => {
    const cases: [RetryErrorInfo, boolean][] = [
      [throttling, true],
      [{ errorType: "TRANSIENT" }, true],
      [{ errorType: "SERVER_ERROR", error: error("InternalFailure") }, true],
      [{ errorType: "CLIENT_ERROR", error: error("ConflictException") }, true],
      [{ errorType: "CLIENT_ERROR", error: error("TooManyRequestsException") }, true],
      [{ errorType: "CLIENT_ERROR", error: error("BadRequestException") }, false],
      [{ errorType: "CLIENT_ERROR", error: error("NotFoundException") }, false],
      [{ errorType: "CLIENT_ERROR" }, false],
    ];
    for (const [info, expected] of cases) {
      it(`${info.errorType} ${info.error?.name ?? "(no error)"} → ${expected ? "retry" : "fail"}`, () => {
        assert.equal(isRetryable(info), expected);
      });
    }
  });

  describe("ApiGatewayRetryStrategy", () => {
    it("hands out delays from retryDelayMs with its clock and random source", async () => {
      const clock = fixedClock(0.5);
      const strategy = new ApiGatewayRetryStrategy(POLICY, clock);
      let tokenNow = await strategy.acquireInitialRetryToken();
      assert.equal(tokenNow.getRetryCount(), 0);
      const delays: number[] = [];
      for (let i = 0; i < 3; i++) {
        tokenNow = await strategy.refreshRetryTokenForRetry(tokenNow, throttling);
        delays.push(tokenNow.getRetryDelay());
      }
      assert.deepEqual(delays, [75, 150, 300]);
      const hinted = await strategy.refreshRetryTokenForRetry(tokenNow, { ...throttling, retryAfterHint: new Date(clock.t + 2_000) });
      assert.equal(hinted.getRetryDelay(), 2_000 + 0.5 * 800);
    });

    it("stops after maxAttempts, the first attempt included", async () => {
      const strategy = new ApiGatewayRetryStrategy(POLICY, fixedClock(0));
      let t = await strategy.acquireInitialRetryToken();
      for (let i = 1; i < MAX_ATTEMPTS; i++) t = await strategy.refreshRetryTokenForRetry(t, throttling);
      assert.equal(t.getRetryCount(), MAX_ATTEMPTS - 1);
      await assert.rejects(strategy.refreshRetryTokenForRetry(t, throttling), /No retry token available/);
    });

    it("starts no retry that would send past maxTotalMs after the first attempt", async () => {
      const clock = fixedClock(0); // random 0: delays of half a step, 50 ms then 100 ms
      const strategy = new ApiGatewayRetryStrategy(POLICY, clock);
      const first = await strategy.acquireInitialRetryToken();
      clock.t += POLICY.maxTotalMs - 50;
      const lastInTime = await strategy.refreshRetryTokenForRetry(first, throttling);
      assert.equal(lastInTime.getRetryDelay(), 50);
      await assert.rejects(strategy.refreshRetryTokenForRetry(lastInTime, throttling), /No retry token available/);
    });

    it("by default counts no attempts: retries for as long as the time budget lasts", async () => {
      const clock = fixedClock(0.5);
      const strategy = new ApiGatewayRetryStrategy(BY_TIME, clock);
      const startedAt = clock.t;
      let t = await strategy.acquireInitialRetryToken();
      let retries = 0;
      for (;;) {
        try {
          t = await strategy.refreshRetryTokenForRetry(t, throttling);
        } catch {
          break;
        }
        clock.t += t.getRetryDelay();
        retries++;
      }
      assert.ok(retries > 60, `${retries} retries (the old count was 60)`);
      assert.ok(clock.t - startedAt <= BY_TIME.maxTotalMs && clock.t - startedAt > BY_TIME.maxTotalMs - BY_TIME.maxDelayMs);
    });

    it("takes a send token from the shared limiter before every send, and reports each answer to it", async () => {
      const clock = fixedClock(0.5);
      const calls: string[] = [];
      const limiter = {
        async getSendToken() {
          calls.push("token");
          clock.t += 30; // queued behind other callers
        },
        updateClientSendingRate(answer: RetryErrorInfo | object) {
          calls.push("errorType" in answer ? `answer ${answer.errorType}` : "answer success");
        },
      };
      const strategy = new ApiGatewayRetryStrategy(POLICY, clock, limiter);
      const first = await strategy.acquireInitialRetryToken();
      const retry = await strategy.refreshRetryTokenForRetry(first, throttling);
      // 75 ms of backoff, 30 of them spent waiting for the token: the SDK sleeps the other 45.
      assert.equal(retry.getRetryDelay(), 45);
      strategy.recordSuccess();
      assert.deepEqual(calls, ["token", "answer THROTTLING", "token", "answer success"]);
      await assert.rejects(strategy.refreshRetryTokenForRetry(retry, { errorType: "CLIENT_ERROR", error: error("BadRequestException") }));
      assert.deepEqual(calls.slice(4), ["answer CLIENT_ERROR"], "a final error takes no token");
    });

    it("never retries an error that is not retryable", async () => {
      const strategy = new ApiGatewayRetryStrategy(POLICY, fixedClock(0));
      const first = await strategy.acquireInitialRetryToken();
      await assert.rejects(strategy.refreshRetryTokenForRetry(first, { errorType: "CLIENT_ERROR", error: error("BadRequestException") }));
    });
  });
});
