/**
 * The retry strategy's timing and its decisions, with an injected clock and random source:
 * equal-jitter backoff that doubles and caps, Retry-After honoured with a small bounded jitter,
 * and the attempt and total-time bounds.
 */
import * as assert from "node:assert/strict";
import type { RetryErrorInfo, SdkError } from "@smithy/types";
import { ApiGatewayRetryStrategy, isRetryable, retryDelayMs, type RetryPolicy } from "../../provider/retry";

const POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, maxTotalMs: 10_000 };
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
    it("waits until the hinted time, plus at most 100 ms or a tenth of the wait (+10 ms), whichever is less", () => {
      const hint = new Date(now + 1_500);
      assert.equal(
        retryDelayMs(1, POLICY, hint, now, () => 0),
        1_500,
      );
      assert.equal(
        retryDelayMs(1, POLICY, hint, now, () => 1),
        1_600,
      );
      const short = new Date(now + 200);
      assert.equal(
        retryDelayMs(1, POLICY, short, now, () => 1),
        200 + 30,
      );
    });

    it("ignores the attempt number: the server's hint wins over the backoff", () => {
      const hint = new Date(now + 400);
      assert.equal(
        retryDelayMs(1, POLICY, hint, now, () => 0),
        retryDelayMs(9, POLICY, hint, now, () => 0),
      );
    });

    it("retries almost at once when the hinted time has passed", () => {
      assert.equal(
        retryDelayMs(1, POLICY, new Date(now - 3_000), now, () => 0),
        0,
      );
      assert.equal(
        retryDelayMs(1, POLICY, new Date(now - 3_000), now, () => 1),
        10,
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
      assert.equal(hinted.getRetryDelay(), 2_000 + 0.5 * 100);
    });

    it("stops after maxAttempts, the first attempt included", async () => {
      const strategy = new ApiGatewayRetryStrategy(POLICY, fixedClock(0));
      let t = await strategy.acquireInitialRetryToken();
      for (let i = 1; i < POLICY.maxAttempts; i++) t = await strategy.refreshRetryTokenForRetry(t, throttling);
      assert.equal(t.getRetryCount(), POLICY.maxAttempts - 1);
      await assert.rejects(strategy.refreshRetryTokenForRetry(t, throttling), /No retry token available/);
    });

    it("starts no retry once maxTotalMs has passed since the first attempt", async () => {
      const clock = fixedClock(0);
      const strategy = new ApiGatewayRetryStrategy(POLICY, clock);
      const first = await strategy.acquireInitialRetryToken();
      clock.t += POLICY.maxTotalMs;
      const stillInTime = await strategy.refreshRetryTokenForRetry(first, throttling);
      clock.t += 1;
      await assert.rejects(strategy.refreshRetryTokenForRetry(stillInTime, throttling), /No retry token available/);
    });

    it("never retries an error that is not retryable", async () => {
      const strategy = new ApiGatewayRetryStrategy(POLICY, fixedClock(0));
      const first = await strategy.acquireInitialRetryToken();
      await assert.rejects(strategy.refreshRetryTokenForRetry(first, { errorType: "CLIENT_ERROR", error: error("BadRequestException") }));
    });
  });
});
