/**
 * Quotas and injected faults: the two things that make the sandbox answer 429/409/500
 * or drop a connection. Quota intervals are in unscaled AWS seconds and are multiplied
 * by the time scale, so tests can run the documented quotas fast.
 */
import { SandboxError } from "./errors";

/** Per-operation minimum intervals (seconds) from the API Gateway quotas page. */
export const DOCUMENTED_INTERVAL_QUOTAS: Readonly<Record<string, number>> = {
  CreateVpcLink: 15,
  DeleteVpcLink: 30,
  CreateDeployment: 5,
  CreateRestApi: 3,
  CreateDomainName: 30,
};

/** Account-wide control-plane bucket for every other operation: 10 requests/s, burst 40. */
export const GENERAL_RATE_PER_SECOND = 10;
export const GENERAL_BURST = 40;

/** A fault the sandbox can inject in place of a normal answer. */
export type FaultKind = "429" | "409" | "500" | "reset";

/** How an operation (or "*" for all) misbehaves. */
export interface FaultSpec {
  /** Faults consumed one per request, in order, before normal answers resume. */
  sequence?: FaultKind[];
  /** Independent probabilities per fault kind, tried in the order 429, 409, 500, reset. */
  probabilities?: Partial<Record<FaultKind, number>>;
  /** Latency added before the request is handled. */
  latencyMs?: number;
}

/** Deterministic PRNG (mulberry32) so fault storms can be replayed with a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly specs = new Map<string, FaultSpec & { remaining: FaultKind[] }>();
  constructor(private random: () => number) {}

  set(operation: string, spec: FaultSpec): void {
    this.specs.set(operation, { ...spec, remaining: [...(spec.sequence ?? [])] });
  }

  clear(operation?: string): void {
    if (operation) this.specs.delete(operation);
    else this.specs.clear();
  }

  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  /** The latency and fault (if any) to apply to this request. */
  draw(operation: string): { latencyMs: number; fault?: FaultKind } {
    let latencyMs = 0;
    for (const key of [operation, "*"]) {
      const spec = this.specs.get(key);
      if (!spec) continue;
      latencyMs += spec.latencyMs ?? 0;
      const next = spec.remaining.shift();
      if (next) return { latencyMs, fault: next };
      for (const kind of ["429", "409", "500", "reset"] as const) {
        const p = spec.probabilities?.[kind] ?? 0;
        if (p > 0 && this.random() < p) return { latencyMs, fault: kind };
      }
    }
    return { latencyMs };
  }
}

/**
 * Enforces the documented quotas per region. `timeScale` multiplies every interval
 * (0.01 turns CreateVpcLink's 15 s into 150 ms).
 */
export class QuotaEnforcer {
  private readonly nextAllowed = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    public timeScale: number,
    public intervals: Record<string, number> = { ...DOCUMENTED_INTERVAL_QUOTAS },
  ) {}

  /** Throws TooManyRequestsException (with Retry-After) if the call is over quota. */
  admit(region: string, operation: string, now = Date.now()): void {
    const interval = this.intervals[operation];
    if (interval !== undefined) this.admitInterval(`${region}/${operation}`, interval * 1000 * this.timeScale, now);
    else this.admitBucket(region, now);
  }

  private admitInterval(key: string, intervalMs: number, now: number): void {
    const next = this.nextAllowed.get(key) ?? 0;
    if (now < next) throw throttled((next - now) / 1000, "Rate exceeded");
    this.nextAllowed.set(key, now + intervalMs);
  }

  private admitBucket(region: string, now: number): void {
    const rate = GENERAL_RATE_PER_SECOND / this.timeScale;
    const bucket = this.buckets.get(region) ?? { tokens: GENERAL_BURST, at: now };
    bucket.tokens = Math.min(GENERAL_BURST, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(region, bucket);
    if (bucket.tokens < 1) throw throttled((1 - bucket.tokens) / rate, "Too Many Requests");
    bucket.tokens -= 1;
  }

  reset(): void {
    this.nextAllowed.clear();
    this.buckets.clear();
  }
}

function throttled(retryAfterSeconds: number, message: string): SandboxError {
  // Rounded up to whole milliseconds: a client that waits exactly Retry-After is admitted.
  const seconds = Math.max(Math.ceil(retryAfterSeconds * 1000), 1) / 1000;
  return new SandboxError("TooManyRequestsException", message, { limitType: "Rate" }, seconds);
}
