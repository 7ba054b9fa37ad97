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

/** The key of one account's bucket: region, endpoint and profile (the process's credentials are one account). */
export function rateLimiterKey(region: string, env: NodeJS.ProcessEnv = process.env): string {
  const endpoint = env.AWS_ENDPOINT_URL_API_GATEWAY ?? env.AWS_ENDPOINT_URL_APIGATEWAYV2 ?? env.AWS_ENDPOINT_URL ?? "";
  return [region, endpoint, env.AWS_PROFILE ?? ""].join("|");
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
