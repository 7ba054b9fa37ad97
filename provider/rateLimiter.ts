/**
 * The client-side token bucket every AWS SDK client of this package shares, one per region and
 * profile in the process: the AWS SDK's own adaptive rate limiter (`DefaultRateLimiter`, the one
 * behind `retryMode: "adaptive"`), which starts when the first 429 comes back and then sets its
 * rate by CUBIC: down to 0.7 times the measured rate on a throttle, growing back along a cubic
 * curve on success. API Gateway's control plane admits about 10 requests/s per account and
 * region, shared by every caller: 100 stacks deploying at once in one process pace themselves
 * through the one bucket instead of each retrying on its own. The registry lives on globalThis so
 * two copies of this module (the package and a stored provider's require of it) share it too.
 */
import { DefaultRateLimiter, type RateLimiter } from "@smithy/core/retry";

/** The environment variable that turns the shared bucket off (`off`); anything else keeps it. */
export const RATE_LIMITER_ENV = "APIGW_VPC_RATE_LIMITER";

/**
 * The lowest rate (requests/s) the bucket falls to. The SDK's default is 0.5; API Gateway's
 * account rate is 10, and a 429 injected or caused elsewhere should not stall a whole process.
 */
export const MIN_FILL_RATE = 1;

/** The globalThis property holding the buckets: a string, since Pulumi's closure serialization cannot copy a Symbol. */
const REGISTRY = "__pulumiApigwVpcRateLimiters";
/** The globalThis property holding the throttle streaks (throttleStreak.ts), keyed as the buckets are. */
export const STREAK_REGISTRY = "__pulumiApigwVpcThrottleStreaks";

/**
 * The key of one account's bucket: region, endpoint, profile and (a hash of) the access key id
 * when the environment names one: each set of credentials is one account, and two sandboxes or
 * two accounts in one process never share a bucket or a throttle streak.
 */
export function rateLimiterKey(region: string, env: NodeJS.ProcessEnv = process.env): string {
  const endpoint = env.AWS_ENDPOINT_URL_API_GATEWAY ?? env.AWS_ENDPOINT_URL_APIGATEWAYV2 ?? env.AWS_ENDPOINT_URL ?? "";
  return [region, endpoint, env.AWS_PROFILE ?? "", credentialTag(env.AWS_ACCESS_KEY_ID)].join("|");
}

/** A short non-reversible tag of an access key id (FNV-1a), so the key in memory never holds the id itself. */
function credentialTag(accessKeyId: string | undefined): string {
  if (!accessKeyId) return "";
  let hash = 0x811c9dc5;
  for (let i = 0; i < accessKeyId.length; i++) hash = Math.imul(hash ^ accessKeyId.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16);
}

/**
 * Forgets the buckets and throttle streaks of every account whose key `matches` (all without
 * one): for a process that points at a new endpoint which may reuse an old one's address (a test
 * harness starting sandbox after sandbox on loopback ports).
 */
export function forgetThrottleState(matches: (key: string) => boolean = () => true): void {
  for (const registry of [REGISTRY, STREAK_REGISTRY]) {
    const map = (globalThis as unknown as Record<string, Map<string, unknown> | undefined>)[registry];
    for (const key of [...(map?.keys() ?? [])]) if (matches(key)) map?.delete(key);
  }
}

/** The process-wide bucket for `region`, or undefined when turned off by {@link RATE_LIMITER_ENV}. */
export function sharedRateLimiter(region: string, env: NodeJS.ProcessEnv = process.env): RateLimiter | undefined {
  if (env[RATE_LIMITER_ENV] === "off") return undefined;
  const holder = globalThis as { [REGISTRY]?: Map<string, RateLimiter> };
  const limiters = (holder[REGISTRY] ??= new Map());
  const key = rateLimiterKey(region, env);
  let limiter = limiters.get(key);
  if (!limiter) limiters.set(key, (limiter = new DefaultRateLimiter({ minFillRate: MIN_FILL_RATE })));
  return limiter;
}
