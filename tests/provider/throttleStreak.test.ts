/**
 * The account's throttle streak (provider/throttleStreak.ts) and the retry strategy that carries
 * it from call to call (provider/retry.ts), with an injected clock and random source; and a
 * simulated fleet of 100 processes (simulated time, the sandbox's own quota model) showing what
 * the streak is for: each process learns its share of the account's rate by itself.
 */
import * as assert from "node:assert/strict";
import type { RetryErrorInfo, SdkError } from "@smithy/types";
import { GENERAL_RATE_PER_SECOND, QuotaEnforcer } from "../../local/limits";
import { ApiGatewayRetryStrategy, type RetryPolicy } from "../../provider/retry";
import { DEFAULT_THROTTLE_STREAK_POLICY as POLICY, streakWindowMs, ThrottleStreak } from "../../provider/throttleStreak";

const error = (name: string) => ({ name, message: name, $metadata: {} }) as unknown as SdkError;
const throttling: RetryErrorInfo = { errorType: "THROTTLING", error: error("TooManyRequestsException") };
const conflict: RetryErrorInfo = { errorType: "CLIENT_ERROR", error: error("ConflictException") };
/** The streak without its decay with time, for exact windows. */
const NO_DECAY = { ...POLICY, stepDecayMs: Infinity };
const RETRY: RetryPolicy = { baseDelayMs: 100, maxDelayMs: 10_000, maxTotalMs: 300_000 };

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A clock that moves only when slept on or told to, with a fixed random value. */
function fakeClock(random: number) {
  const clock = {
    t: 1_000_000,
    slept: [] as number[],
    now: () => clock.t,
    random: () => random,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

describe("the throttle streak (provider/throttleStreak.ts)", () => {
  it("has no window without throttles, 1 s after the first, ×3 per throttle in a row, at most 60 s", () => {
    assert.deepEqual(
      [0, 0.5, 1, 2, 3, 4, 5, 10].map((level) => streakWindowMs(level)),
      [0, 500, 1_000, 3_000, 9_000, 27_000, POLICY.maxWindowMs, POLICY.maxWindowMs],
    );
  });

  it("spreads a retry over half to all of the window, the server's Retry-After a lower bound", () => {
    const streak = new ThrottleStreak(NO_DECAY);
    streak.onThrottle(0, 0);
    assert.equal(
      streak.retryDelayMs(0, () => 0),
      500,
    );
    assert.equal(
      streak.retryDelayMs(0, () => 0.999999),
      999.9995,
    );
    assert.equal(
      streak.retryDelayMs(0, () => 0, 2_500),
      2_500,
      "Retry-After beyond the window",
    );
    streak.onThrottle(10, 10);
    assert.equal(
      streak.retryDelayMs(10, () => 0, 100),
      1_500,
      "the second throttle: a 3 s window",
    );
  });

  it("paces the first send of a new call only once two throttles show contention", () => {
    const streak = new ThrottleStreak(NO_DECAY);
    assert.equal(
      streak.paceMs(0, () => 0.5),
      0,
    );
    streak.onThrottle(0, 0);
    assert.equal(
      streak.paceMs(0, () => 0.5),
      0,
      "one stray 429 does not slow the next call",
    );
    streak.onThrottle(1, 1);
    assert.equal(
      streak.paceMs(1, () => 0.5),
      750,
      "the window one step below the streak (1 s), spread",
    );
    streak.onThrottle(2, 2);
    assert.equal(
      streak.paceMs(2, () => 0),
      1_500,
    );
  });

  it("counts callers refused together once: a 429 raises the streak only for a request sent after its last rise", () => {
    const streak = new ThrottleStreak();
    for (let caller = 0; caller < 100; caller++) streak.onThrottle(0, 20 + caller);
    assert.ok(Math.abs(streak.levelAt(120) - (1 - 100 / POLICY.stepDecayMs)) < 1e-9, "one rise, decayed for 100 ms");
    streak.onThrottle(121, 130);
    assert.ok(Math.abs(streak.levelAt(130) - (2 - 110 / POLICY.stepDecayMs)) < 1e-9, "a request sent after the rise raises it again");
  });

  it("falls a quarter step per success and one step per 20 s without a throttle, never below none", () => {
    const streak = new ThrottleStreak();
    const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}`);
    for (let i = 0; i < 3; i++) streak.onThrottle(i, i); // three throttles in a row, 1 ms apart
    const t = 2;
    near(streak.levelAt(t), 3 - 2 / POLICY.stepDecayMs, "three throttles");
    streak.onSuccess(t);
    near(streak.levelAt(t), 2.75 - 2 / POLICY.stepDecayMs, "a success");
    near(streak.levelAt(t + 10_000), 2.25 - 2 / POLICY.stepDecayMs, "10 s later");
    near(streak.levelAt(t + 50_000), 0.25 - 2 / POLICY.stepDecayMs, "50 s later");
    for (let i = 0; i < 4; i++) streak.onSuccess(t + 50_000);
    assert.equal(streak.levelAt(t + 50_000), 0);
    streak.onThrottle(t + 60_000, t + 60_000);
    assert.equal(streak.levelAt(t + 59_000), 1, "a clock read from before the last change neither raises nor lowers it");
    near(streak.levelAt(t + 61_000), 1 - 1_000 / POLICY.stepDecayMs, "and the decay runs from the last change");
  });
});

describe("the retry strategy with the account's streak (provider/retry.ts)", () => {
  it("carries the streak across calls: a new call waits its pace before its first send", async () => {
    const clock = fakeClock(0.5);
    const streak = new ThrottleStreak(NO_DECAY);
    const first = new ApiGatewayRetryStrategy(RETRY, clock, undefined, streak);
    let token = await first.acquireInitialRetryToken();
    assert.deepEqual(clock.slept, [], "no streak yet: sent at once");
    token = await first.refreshRetryTokenForRetry(token, throttling);
    assert.equal(token.getRetryDelay(), 750, "1 s window, spread");
    clock.t += token.getRetryDelay();
    token = await first.refreshRetryTokenForRetry(token, throttling);
    assert.equal(token.getRetryDelay(), 2_250, "3 s window, spread");
    clock.t += token.getRetryDelay();
    first.recordSuccess();
    const next = new ApiGatewayRetryStrategy(RETRY, clock, undefined, streak);
    await next.acquireInitialRetryToken();
    assert.equal(clock.slept.length, 1);
    assert.equal(clock.slept[0], 562.5, "streak 1.75 after the success: a 750 ms window, spread");
  });

  it("keeps the Retry-After hint as the lower bound of a throttle's delay", async () => {
    const clock = fakeClock(0);
    const strategy = new ApiGatewayRetryStrategy(RETRY, clock, undefined, new ThrottleStreak());
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), {
      ...throttling,
      retryAfterHint: new Date(clock.t + 4_000),
    });
    assert.equal(token.getRetryDelay(), 4_000);
  });

  it("backs off per call, as without a streak, after an error that is not a throttle (409)", async () => {
    const clock = fakeClock(0.5);
    const streak = new ThrottleStreak();
    const strategy = new ApiGatewayRetryStrategy(RETRY, clock, undefined, streak);
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), conflict);
    assert.equal(token.getRetryDelay(), 75, "equal jitter over the 100 ms step");
    assert.equal(streak.levelAt(clock.t), 0);
  });

  it("takes one rise for callers of one process refused together", async () => {
    const clock = fakeClock(0.5);
    const streak = new ThrottleStreak();
    const callers = Array.from({ length: 10 }, () => new ApiGatewayRetryStrategy(RETRY, clock, undefined, streak));
    const tokens = await Promise.all(callers.map((c) => c.acquireInitialRetryToken()));
    clock.t += 20;
    await Promise.all(callers.map((c, i) => c.refreshRetryTokenForRetry(tokens[i], throttling)));
    assert.equal(streak.levelAt(clock.t), 1);
  });
});

/**
 * K processes, each with its own streak and one call at a time (8 calls, as the fleet benchmark's
 * stacks), against the sandbox's account bucket (10 requests/s, burst 40), in simulated time.
 */
function simulateFleet(k: number, seed: number): { requestsPerCall: number; wallOverFloor: number } {
  const random = seeded(seed);
  const quota = new QuotaEnforcer(1);
  const queue: { at: number; run: (now: number) => void }[] = [];
  const schedule = (at: number, run: (now: number) => void) => {
    let i = queue.length;
    queue.push({ at, run });
    while (i > 0 && queue[i - 1].at > at) queue[i] = queue[--i];
    queue[i] = { at, run };
  };
  let requests = 0;
  let calls = 0;
  let end = 0;
  for (let p = 0; p < k; p++) {
    const streak = new ThrottleStreak();
    let left = 8;
    const send = (at: number) => {
      const sentAt = at;
      schedule(at + 10, (now) => {
        requests++;
        let retryAfterMs: number | undefined;
        try {
          quota.admit("us-east-1", "UpdateRestApi", now);
        } catch (e) {
          retryAfterMs = ((e as { retryAfterSeconds?: number }).retryAfterSeconds ?? 0) * 1000;
        }
        schedule(now + 10, (answered) => {
          if (retryAfterMs === undefined) {
            calls++;
            streak.onSuccess(answered);
            if (--left === 0) end = Math.max(end, answered);
            else send(answered + streak.paceMs(answered, random));
          } else {
            streak.onThrottle(sentAt, answered);
            send(answered + streak.retryDelayMs(answered, random, retryAfterMs));
          }
        });
      });
    };
    send(0);
  }
  for (let event = queue.shift(); event; event = queue.shift()) event.run(event.at);
  assert.equal(calls, k * 8);
  return { requestsPerCall: requests / calls, wallOverFloor: end / ((calls / GENERAL_RATE_PER_SECOND) * 1000) };
}

describe("a simulated fleet: 100 processes, each with its own streak, on one account", () => {
  for (const seed of [1, 2, 3]) {
    it(`sends at most 2 requests per successful call, within 1.5 × the account's floor (seed ${seed})`, () => {
      const { requestsPerCall, wallOverFloor } = simulateFleet(100, seed);
      assert.ok(requestsPerCall <= 2, `${requestsPerCall.toFixed(2)} requests per call`);
      assert.ok(wallOverFloor <= 1.5, `${wallOverFloor.toFixed(2)} × the floor`);
    });
  }
});
