/**
 * Mutations whose answer may be lost. API Gateway's mutations are not idempotent: CreateVpcLink
 * takes no client token, and a second `add` of an endpoint id is refused. The mutation clients
 * (clients.ts, "mutations") therefore resend only what AWS refused (429, 409); after an error
 * that leaves the outcome unknown (reset, timeout, 5xx) the caller reads what AWS holds now and
 * plans again, so a mutation that took effect is never sent twice.
 */
import { SYSTEM_CLOCK, type Clock } from "./clock";
import { DEFAULT_RETRY_POLICY, retryDelayMs } from "./retry";

/** True when the request may or may not have taken effect: no HTTP answer at all, or a 5xx. */
export function outcomeUnknown(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined ? !("$fault" in e) || (e as { $fault?: string }).$fault === "server" : status >= 500;
}

/** Lost answers tolerated per operation before giving up (each is followed by a read). */
export const MAX_UNKNOWN_OUTCOMES = 8;

export interface ReadPlanSend<S, R> {
  /** Reads what AWS holds now (an idempotent call, retried by its client). */
  read: () => Promise<S>;
  /** The result if nothing is left to do in this state, else undefined. */
  settled: (state: S) => R | undefined;
  /** Sends the mutation this state still needs. */
  send: (state: S) => Promise<R>;
  /** Skip the first read and send at once (the caller already knows the state). */
  initial?: S;
  /** The pause before each read after an unknown outcome; tests pass a fake. @default the system clock */
  clock?: Clock;
}

/**
 * read -> settled? -> send, repeated after each unknown outcome. Errors with a known outcome
 * (4xx, or a 5xx/reset after {@link MAX_UNKNOWN_OUTCOMES} reads) are thrown unchanged.
 */
export async function readPlanSend<S, R>(spec: ReadPlanSend<S, R>): Promise<R> {
  let state = "initial" in spec ? (spec.initial as S) : await spec.read();
  for (let unknown = 0; ;) {
    const done = spec.settled(state);
    if (done !== undefined) return done;
    try {
      return await spec.send(state);
    } catch (e) {
      if (!outcomeUnknown(e) || ++unknown > MAX_UNKNOWN_OUTCOMES) throw e;
      const clock = spec.clock ?? SYSTEM_CLOCK;
      await clock.sleep(retryDelayMs(unknown, DEFAULT_RETRY_POLICY, undefined, clock.now(), clock.random));
      state = await spec.read();
    }
  }
}
