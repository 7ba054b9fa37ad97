/**
 * The generic poller behind every wait…() helper, on a fake clock: how often it polls, how
 * long it sleeps between polls (growing by 1.5, capped, jittered ±20 %), and what it returns
 * when the state settles or the timeout comes first.
 */
import * as assert from "node:assert/strict";
import { waitUntil, type WaitClock } from "../../provider/waiter";

/** A clock whose sleep advances time at once, recording each sleep. */
function fakeClock(random = 0.5): WaitClock & { t: number; sleeps: number[] } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
    random: () => random,
  };
  return clock;
}

/** A poll that answers the given values in turn, repeating the last one. */
function answers<T>(...values: T[]): { poll: () => Promise<T>; count: () => number } {
  let n = 0;
  return { poll: async () => values[Math.min(n++, values.length - 1)], count: () => n };
}

describe("waitUntil (provider/waiter.ts)", () => {
  it("returns at once, without sleeping, when the first poll is settled", async () => {
    const clock = fakeClock();
    const result = await waitUntil({ timeoutMs: 60_000, poll: async () => "AVAILABLE", isSettled: (s) => s === "AVAILABLE", clock });
    assert.deepEqual(result, { value: "AVAILABLE", settled: true, polls: 1, elapsedMs: 0 });
    assert.deepEqual(clock.sleeps, []);
  });

  it("polls until settled, sleeping minDelay, then 1.5 times longer each round (no jitter at random 0.5)", async () => {
    const clock = fakeClock(0.5);
    const states = answers("PENDING", "PENDING", "PENDING", "AVAILABLE");
    const result = await waitUntil({ timeoutMs: 60_000, poll: states.poll, isSettled: (s) => s === "AVAILABLE", minDelayMs: 100, clock });
    assert.deepEqual(clock.sleeps, [100, 150, 225]);
    assert.deepEqual(result, { value: "AVAILABLE", settled: true, polls: 4, elapsedMs: 475 });
  });

  it("caps the delay at maxDelayMs", async () => {
    const clock = fakeClock(0.5);
    const states = answers(...Array<string>(8).fill("PENDING"), "AVAILABLE");
    await waitUntil({
      timeoutMs: 600_000,
      poll: states.poll,
      isSettled: (s) => s === "AVAILABLE",
      minDelayMs: 1_000,
      maxDelayMs: 3_000,
      clock,
    });
    assert.deepEqual(clock.sleeps, [1_000, 1_500, 2_250, 3_000, 3_000, 3_000, 3_000, 3_000]);
  });

  it("jitters each delay within ±20 %", async () => {
    for (const [random, factor] of [
      [0, 0.8],
      [1, 1.2],
    ] as const) {
      const clock = fakeClock(random);
      const states = answers("PENDING", "PENDING", "AVAILABLE");
      await waitUntil({ timeoutMs: 60_000, poll: states.poll, isSettled: (s) => s === "AVAILABLE", minDelayMs: 1_000, clock });
      assert.deepEqual(clock.sleeps.map(Math.round), [1_000 * factor, 1_500 * factor], `random ${random}`);
    }
  });

  it("defaults to 500 ms first and 10 s at most, as the resource waiters rely on", async () => {
    const clock = fakeClock(0.5);
    const states = answers(...Array<string>(10).fill("PENDING"), "AVAILABLE");
    await waitUntil({ timeoutMs: 600_000, poll: states.poll, isSettled: (s) => s === "AVAILABLE", clock });
    assert.equal(clock.sleeps[0], 500);
    assert.equal(Math.max(...clock.sleeps), 10_000);
  });

  it("at the timeout, returns the last value unsettled, with the last sleep cut to the deadline and one final poll", async () => {
    const clock = fakeClock(0.5);
    const states = answers("PENDING");
    const result = await waitUntil({ timeoutMs: 1_000, poll: states.poll, isSettled: (s) => s === "AVAILABLE", minDelayMs: 400, clock });
    assert.deepEqual(clock.sleeps, [400, 600]);
    assert.deepEqual(result, { value: "PENDING", settled: false, polls: 3, elapsedMs: 1_000 });
    assert.equal(states.count(), 3);
  });

  it("a state reached on the final poll at the deadline counts as settled", async () => {
    const clock = fakeClock(0.5);
    const states = answers("PENDING", "PENDING", "AVAILABLE");
    const result = await waitUntil({ timeoutMs: 1_000, poll: states.poll, isSettled: (s) => s === "AVAILABLE", minDelayMs: 400, clock });
    assert.deepEqual(result, { value: "AVAILABLE", settled: true, polls: 3, elapsedMs: 1_000 });
  });

  it("passes a poll's error through without polling again", async () => {
    const clock = fakeClock();
    let polls = 0;
    const poll = async () => {
      polls++;
      throw new Error("AccessDeniedException");
    };
    await assert.rejects(waitUntil({ timeoutMs: 60_000, poll, isSettled: () => true, clock }), /AccessDeniedException/);
    assert.equal(polls, 1);
  });

  it("uses the system clock when none is given", async () => {
    const states = answers("PENDING", "AVAILABLE");
    const result = await waitUntil({ timeoutMs: 5_000, poll: states.poll, isSettled: (s) => s === "AVAILABLE", minDelayMs: 1 });
    assert.equal(result.settled, true);
    assert.equal(result.polls, 2);
  });
});
