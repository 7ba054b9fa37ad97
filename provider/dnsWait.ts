/**
 * The DNS streak wait shared by EndpointDnsReadiness and DomainNameResolution: every name is
 * queried each round until it has answered with addresses on N checks in a row. A round without
 * addresses resets that name's streak. Rounds are paced by the one poller (waiter.ts).
 */
import { SYSTEM_CLOCK, type Clock } from "./clock";
import type { ProbeAnswer } from "./dnsProbe";
import { waitUntil } from "./waiter";

/** How long a readiness wait lasts before it fails, when `timeout` is not given. */
export const DEFAULT_READINESS_TIMEOUT = "10m";
/** How long names may stay unresolved before the one redeploy of `redeployStage`, when `redeployAfter` is not given. */
export const DEFAULT_REDEPLOY_AFTER = "5m";
/** The time between two rounds of checks, when `pollInterval` is not given. */
export const DEFAULT_POLL_INTERVAL = "500ms";
/** How many successful checks in a row make a name ready, when `consecutiveChecks` is not given. */
export const DEFAULT_CONSECUTIVE_CHECKS = 2;

/** The state of a {@link waitForNames} wait, after each round and at its end. */
export interface WaitProgress {
  /** Names whose streak reached the goal, with their addresses and when. */
  ready: Map<
    string,
    {
      /** The A addresses of the answer that completed the streak. */
      addresses: string[];
      /** Milliseconds from the start of the wait. */
      waitedMs: number;
      /** When the streak completed, in epoch milliseconds. */
      readyAt: number;
    }
  >;
  /** Names not ready yet, in the order given. */
  unresolved: string[];
  /** Milliseconds since the wait started. */
  elapsedMs: number;
  /** The latest answer for each name queried so far. */
  lastAnswers: Map<string, ProbeAnswer>;
}

/** Pure: a name's streak after one more answer; anything but addresses resets it to 0. */
export function nextStreak(streak: number, answer: ProbeAnswer): number {
  return answer.kind === "addresses" ? streak + 1 : 0;
}

/**
 * Polls every unresolved name in parallel each interval until each has answered with addresses
 * on `consecutive` checks in a row, or the timeout. `onTick` runs after each round (redeploys).
 */
export async function waitForNames(
  hostnames: string[],
  probe: (hostname: string) => Promise<ProbeAnswer>,
  opts: {
    /** Answers with addresses in a row that make a name ready. */
    consecutive: number;
    /** Give up after this long. */
    timeoutMs: number;
    /** Time between rounds (no jitter). */
    pollMs: number;
    /** Runs after each round that leaves names unresolved, before the pause. */
    onTick?: (p: WaitProgress) => Promise<void>;
    /** Time and sleeping; tests pass a fake. @default the system clock */
    clock?: Pick<Clock, "now" | "sleep">;
  },
): Promise<WaitProgress> {
  const clock: Clock = { ...SYSTEM_CLOCK, ...opts.clock };
  const started = clock.now();
  const streaks = new Map(hostnames.map((h) => [h, 0]));
  const progress: WaitProgress = { ready: new Map(), unresolved: [...hostnames], elapsedMs: 0, lastAnswers: new Map() };
  const round = async () => {
    await Promise.all(
      progress.unresolved.map(async (h) => {
        const answer = await probe(h);
        progress.lastAnswers.set(h, answer);
        const streak = nextStreak(streaks.get(h) ?? 0, answer);
        streaks.set(h, streak);
        if (streak >= opts.consecutive && answer.kind === "addresses") {
          progress.ready.set(h, { addresses: answer.addresses, waitedMs: clock.now() - started, readyAt: clock.now() });
        }
      }),
    );
    progress.unresolved = progress.unresolved.filter((h) => !progress.ready.has(h));
    progress.elapsedMs = clock.now() - started;
    return progress;
  };
  await waitUntil({
    timeoutMs: opts.timeoutMs,
    poll: round,
    isSettled: (p) => p.unresolved.length === 0,
    minDelayMs: opts.pollMs,
    maxDelayMs: opts.pollMs,
    jitter: false,
    onPoll: (p) => opts.onTick?.(p) ?? Promise.resolve(),
    clock,
  });
  return progress;
}
