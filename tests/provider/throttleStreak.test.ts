/**
 * The account's throttle streak (provider/throttleStreak.ts) and the retry strategy that carries
 * it from call to call (provider/retry.ts), with an injected clock and random source; and a
 * simulated fleet of 100 processes (simulated time, the sandbox's own quota model) showing what
 * the streak is for: each process learns its share of the account's rate by itself.
 */
import * as assert from "node:assert/strict";
import type { RetryErrorInfo, SdkError } from "@smithy/types";
import { GENERAL_RATE_PER_SECOND, QuotaEnforcer, seededRandom } from "../../local/limits";
import { ApiGatewayRetryStrategy, retryDelayMs, type RetryPolicy } from "../../provider/retry";
import { forgetThrottleState, rateLimiterKey, sharedRateLimiter } from "../../provider/rateLimiter";
import {
  DEFAULT_THROTTLE_STREAK_POLICY as POLICY,
  sharedThrottleStreak,
  streakWindowMs,
  ThrottleStreak,
} from "../../provider/throttleStreak";

const error = (name: string) => ({ name, message: name, $metadata: {} }) as unknown as SdkError;
const throttling: RetryErrorInfo = { errorType: "THROTTLING", error: error("TooManyRequestsException") };
const conflict: RetryErrorInfo = { errorType: "CLIENT_ERROR", error: error("ConflictException") };
/** The streak without its decay with time, for exact windows. */
const NO_DECAY = { ...POLICY, stepDecayMs: Infinity };
const RETRY: RetryPolicy = { baseDelayMs: 100, maxDelayMs: 10_000, maxTotalMs: 300_000 };

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

/** A streak at `steps` (two 429s in a row per step past the first: below one step a 429 after a success only probes). */
function streakAt(steps: number, policy = NO_DECAY): ThrottleStreak {
  const streak = new ThrottleStreak(policy);
  for (let i = 0; i <= steps; i++) streak.onThrottle(i, i);
  return streak;
}

describe("the throttle streak (provider/throttleStreak.ts)", () => {
  it("has no window below one step, 1 s at one, ×3 per step, at most 60 s", () => {
    assert.deepEqual(
      [0, 0.5, 0.99, 1, 2, 3, 4, 5, 10].map((level) => streakWindowMs(level)),
      [0, 0, 0, 1_000, 3_000, 9_000, 27_000, POLICY.maxWindowMs, POLICY.maxWindowMs],
    );
  });

  it("a stray 429 raises nothing: the retry probes with the per-call backoff; a 429 in a row raises a step", () => {
    const streak = new ThrottleStreak(NO_DECAY);
    streak.onThrottle(0, 0);
    assert.equal(streak.levelAt(0), 0, "one 429 after a success (or none yet)");
    assert.equal(
      streak.retryDelayMs(0, () => 0.5, 75),
      75,
      "no window: the per-call delay",
    );
    streak.onThrottle(1, 1);
    assert.equal(streak.levelAt(1), 1, "the probe refused too");
    assert.equal(
      streak.retryDelayMs(1, () => 0),
      500,
      "half the 1 s window at least",
    );
    assert.equal(
      streak.retryDelayMs(1, () => 0.999999),
      999.9995,
    );
    assert.equal(
      streak.retryDelayMs(1, () => 0, 2_500),
      2_500,
      "the per-call delay (Retry-After) a lower bound",
    );
  });

  it("a success on the quick retry after a 429 takes a whole step off; any other success a quarter", () => {
    const streak = streakAt(2);
    assert.equal(streak.levelAt(3), 2);
    streak.onSuccess(3);
    assert.equal(streak.levelAt(3), 1.75);
    streak.onSuccess(3, true);
    assert.equal(streak.levelAt(3), 0.75);
  });

  it("above one step, a 429 after a success raises a step too (contention established)", () => {
    const streak = streakAt(2);
    streak.onSuccess(3);
    streak.onThrottle(4, 4);
    assert.equal(streak.levelAt(4), 2.75);
  });

  it("paces the first send of a new call only from two steps on", () => {
    assert.equal(
      new ThrottleStreak(NO_DECAY).paceMs(0, () => 0.5),
      0,
    );
    assert.equal(
      streakAt(1).paceMs(2, () => 0.5),
      0,
      "one step does not slow the next call",
    );
    assert.equal(
      streakAt(2).paceMs(3, () => 0.5),
      750,
      "the window one step below the streak (1 s), spread",
    );
    assert.equal(
      streakAt(3).paceMs(4, () => 0),
      1_500,
    );
  });

  it("counts callers refused together once: a 429 raises the streak only for a request sent after its last rise", () => {
    const streak = streakAt(1);
    for (let caller = 0; caller < 100; caller++) streak.onThrottle(0, 20 + caller);
    assert.equal(streak.levelAt(120), 1, "sent before the rise");
    streak.onThrottle(121, 130);
    assert.equal(streak.levelAt(130), 2, "a request sent after the rise raises it again");
  });

  it(`past ${POLICY.freeSteps} steps, rises only while at least ${POLICY.contentionShare * 100}% of the recent answers are 429s`, () => {
    const streak = streakAt(POLICY.freeSteps + 1, { ...NO_DECAY, decayPerSuccess: 0 });
    assert.equal(streak.levelAt(10), POLICY.freeSteps + 1, "429s in a row: every one past the first a rise");
    assert.ok(streak.recentThrottledShare >= POLICY.contentionShare);
    for (let i = 0; i < 6; i++) streak.onSuccess(10);
    assert.ok(streak.recentThrottledShare < POLICY.contentionShare / 2, `${streak.recentThrottledShare}`);
    const level = streak.levelAt(10);
    streak.onThrottle(11, 11);
    assert.equal(streak.levelAt(11), level, "a 429 among successes: the windows are working, no rise");
    streak.onThrottle(12, 12);
    streak.onThrottle(13, 13);
    assert.ok(streak.recentThrottledShare >= POLICY.contentionShare, `${streak.recentThrottledShare}`);
    assert.equal(streak.levelAt(13), level + 1, "429s dominate again: a rise");
  });

  it("falls one step per 20 s without a throttle, never below none, from its last change", () => {
    const streak = new ThrottleStreak();
    const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}`);
    for (let i = 0; i < 4; i++) streak.onThrottle(i, i); // three steps: the first 429 only probes
    near(streak.levelAt(3), 3 - 2 / POLICY.stepDecayMs, "three steps");
    near(streak.levelAt(10_003), 2.5 - 2 / POLICY.stepDecayMs, "10 s later");
    near(streak.levelAt(70_003), 0, "70 s later");
    assert.equal(streak.levelAt(60_000), 0, "a clock read from before the last change neither raises nor lowers it");
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
    assert.equal(token.getRetryDelay(), 75, "a probe: the per-call equal jitter over 100 ms");
    clock.t += token.getRetryDelay();
    token = await first.refreshRetryTokenForRetry(token, throttling);
    assert.equal(token.getRetryDelay(), 750, "refused in a row: 1 s window, spread");
    clock.t += token.getRetryDelay();
    token = await first.refreshRetryTokenForRetry(token, throttling);
    assert.equal(token.getRetryDelay(), 2_250, "3 s window, spread");
    clock.t += token.getRetryDelay();
    token = await first.refreshRetryTokenForRetry(token, throttling);
    assert.equal(token.getRetryDelay(), 6_750, "9 s window, spread");
    clock.t += token.getRetryDelay();
    first.recordSuccess(token);
    const next = new ApiGatewayRetryStrategy(RETRY, clock, undefined, streak);
    await next.acquireInitialRetryToken();
    assert.deepEqual(clock.slept, [streakWindowMs(1.75) * 0.75], "streak 2.75 after the success: the window of 1.75 steps, spread");
  });

  it("a success on the probe after a stray 429 leaves no streak behind", async () => {
    const clock = fakeClock(0.5);
    const streak = new ThrottleStreak(NO_DECAY);
    const strategy = new ApiGatewayRetryStrategy(RETRY, clock, undefined, streak);
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), throttling);
    strategy.recordSuccess(token);
    assert.equal(streak.levelAt(clock.t), 0);
    const again = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), throttling);
    assert.equal(again.getRetryDelay(), 75, "the next stray 429 is retried as quickly");
  });

  it("a 409 between two 429s breaks the row: the request passed the account's rate", async () => {
    const clock = fakeClock(0.5);
    const streak = new ThrottleStreak(NO_DECAY);
    const strategy = new ApiGatewayRetryStrategy(RETRY, clock, undefined, streak);
    let token = await strategy.acquireInitialRetryToken();
    for (const info of [throttling, conflict, throttling]) token = await strategy.refreshRetryTokenForRetry(token, info);
    assert.equal(streak.levelAt(clock.t), 0);
    assert.equal(token.getRetryDelay(), 300, "the per-call equal jitter of the third attempt (400 ms step)");
  });

  it("keeps the Retry-After hint as the lower bound of a throttle's delay", async () => {
    const clock = fakeClock(0);
    const strategy = new ApiGatewayRetryStrategy(RETRY, clock, undefined, streakAt(1));
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
    const streak = streakAt(1);
    const callers = Array.from({ length: 10 }, () => new ApiGatewayRetryStrategy(RETRY, clock, undefined, streak));
    const tokens = await Promise.all(callers.map((c) => c.acquireInitialRetryToken()));
    clock.t += 20;
    await Promise.all(callers.map((c, i) => c.refreshRetryTokenForRetry(tokens[i], throttling)));
    assert.equal(streak.levelAt(clock.t), 2);
  });
});

describe("the streak's registry (provider/throttleStreak.ts, provider/rateLimiter.ts)", () => {
  const env = { AWS_ENDPOINT_URL: "http://127.0.0.1:1", AWS_ACCESS_KEY_ID: "AKIAEXAMPLEONE000001" };

  it("is one streak per region, endpoint, profile and credentials: two sandboxes or two accounts never share one", () => {
    const a = sharedThrottleStreak("eu-west-1", env);
    assert.equal(sharedThrottleStreak("eu-west-1", env), a);
    assert.notEqual(sharedThrottleStreak("eu-west-1", { ...env, AWS_ENDPOINT_URL: "http://127.0.0.1:2" }), a);
    assert.notEqual(sharedThrottleStreak("eu-west-1", { ...env, AWS_ACCESS_KEY_ID: "AKIAEXAMPLETWO000002" }), a);
    assert.notEqual(sharedThrottleStreak("eu-west-1", { ...env, AWS_PROFILE: "other" }), a);
    assert.ok(!rateLimiterKey("eu-west-1", env).includes(env.AWS_ACCESS_KEY_ID), "the key holds a tag of the access key id, not the id");
  });

  it("forgets the streaks and buckets of the endpoints asked (a harness reusing a loopback port)", () => {
    const kept = sharedThrottleStreak("eu-west-1", { ...env, AWS_ENDPOINT_URL: "http://127.0.0.1:3" });
    const forgotten = sharedThrottleStreak("eu-west-1", env);
    const bucket = sharedRateLimiter("eu-west-1", env);
    forgetThrottleState((key) => key.includes("|http://127.0.0.1:1|"));
    assert.notEqual(sharedThrottleStreak("eu-west-1", env), forgotten);
    assert.notEqual(sharedRateLimiter("eu-west-1", env), bucket);
    assert.equal(sharedThrottleStreak("eu-west-1", { ...env, AWS_ENDPOINT_URL: "http://127.0.0.1:3" }), kept);
  });
});

/**
 * K processes, each with its own streak and one call at a time (`calls` each: 8, as the fleet
 * benchmark's stacks), in simulated time, deciding as ApiGatewayRetryStrategy does. Against the
 * sandbox's account bucket (10 requests/s, burst 40), or with `faultShare` against random 429s
 * that no pacing avoids (an injected storm); `streak: false` is the per-call backoff alone.
 */
function simulate(options: { k: number; seed: number; calls?: number; faultShare?: number; streak?: boolean }) {
  const { k, seed, calls: perProcess = 8, faultShare, streak: withStreak = true } = options;
  const random = seededRandom(seed);
  const quota = new QuotaEnforcer(1);
  const queue: { at: number; run: (now: number) => void }[] = [];
  const schedule = (at: number, run: (now: number) => void) => {
    let i = queue.length;
    queue.push({ at, run });
    while (i > 0 && queue[i - 1].at > at) queue[i] = queue[--i];
    queue[i] = { at, run };
  };
  /** The sandbox's answer: undefined for a success, else the Retry-After in milliseconds (0: none). */
  const answer = (now: number): number | undefined => {
    if (faultShare !== undefined) return random() < faultShare ? 0 : undefined;
    try {
      quota.admit("us-east-1", "UpdateRestApi", now);
      return undefined;
    } catch (e) {
      return ((e as { retryAfterSeconds?: number }).retryAfterSeconds ?? 0) * 1000;
    }
  };
  let requests = 0;
  let calls = 0;
  let end = 0;
  for (let p = 0; p < k; p++) {
    const streak = new ThrottleStreak();
    let left = perProcess;
    const send = (sentAt: number, attempt: number, quick: boolean) => {
      schedule(sentAt + 10, (now) => {
        requests++;
        const refused = answer(now);
        schedule(now + 10, (answered) => {
          if (refused === undefined) {
            calls++;
            if (withStreak) streak.onSuccess(answered, quick);
            if (--left === 0) end = Math.max(end, answered);
            else send(answered + (withStreak ? streak.paceMs(answered, random) : 0), 0, false);
            return;
          }
          const hint = refused > 0 ? new Date(answered + refused) : undefined;
          const perCall = retryDelayMs(attempt + 1, RETRY, hint, answered, random);
          if (!withStreak) return send(answered + perCall, attempt + 1, false);
          streak.onThrottle(sentAt, answered);
          send(answered + streak.retryDelayMs(answered, random, perCall), attempt + 1, streak.windowMs(answered) === 0);
        });
      });
    };
    send(0, 0, false);
  }
  for (let event = queue.shift(); event; event = queue.shift()) event.run(event.at);
  assert.equal(calls, k * perProcess);
  return { requestsPerCall: requests / calls, wallOverFloor: end / ((calls / GENERAL_RATE_PER_SECOND) * 1000), wallMs: end };
}

describe("a simulated fleet: 100 processes, each with its own streak, on one account", () => {
  for (const seed of [1, 2, 3]) {
    it(`sends at most 2 requests per successful call, within 1.5 × the account's floor (seed ${seed})`, () => {
      const { requestsPerCall, wallOverFloor } = simulate({ k: 100, seed });
      assert.ok(requestsPerCall <= 2, `${requestsPerCall.toFixed(2)} requests per call`);
      assert.ok(wallOverFloor <= 1.5, `${wallOverFloor.toFixed(2)} × the floor`);
    });
  }

  it("where the per-call backoff alone sends more than twice as many", () => {
    const { requestsPerCall } = simulate({ k: 100, seed: 1, streak: false });
    assert.ok(requestsPerCall > 4, `${requestsPerCall.toFixed(2)} requests per call`);
  });
});

describe("a simulated storm of random 429s in one process (no contention: pacing cannot help)", () => {
  const medianWall = (faultShare: number, streak: boolean) => {
    const walls = Array.from({ length: 101 }, (_, i) => simulate({ k: 1, seed: 7919 * (i + 1), calls: 10, faultShare, streak }).wallMs);
    return walls.sort((a, b) => a - b)[50];
  };

  it("at 10% 429s, one process's calls take no longer in the median than with the per-call backoff alone", () => {
    const [withStreak, without] = [medianWall(0.1, true), medianWall(0.1, false)];
    assert.ok(withStreak <= without * 1.05, `${withStreak} ms against ${without} ms`);
  });

  it("at 30% 429s, stray 429s are probed and forgiven: the median stays within 2 s of the per-call backoff", () => {
    const [withStreak, without] = [medianWall(0.3, true), medianWall(0.3, false)];
    assert.ok(withStreak <= without + 2_000, `${withStreak} ms against ${without} ms`);
  });
});
