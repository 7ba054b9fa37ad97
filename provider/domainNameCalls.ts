/**
 * Call plumbing of the private custom domain resources: a client whose creates stop retrying
 * once the thing exists, and the quota hint their errors carry.
 */
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from "@smithy/types";
import { retryStrategyFor } from "./clients";
import type { ApiGatewayRetryStrategy } from "./retry";

/** The default quota of domain name access associations per account and region (adjustable). */
export const ACCESS_ASSOCIATION_QUOTA = 100;

/**
 * True for a 409 that says the thing already exists: unlike a concurrent modification, retrying
 * it cannot succeed. Assumed(already-exists-wording): AWS words it "already exists", as for domain names and mappings.
 */
export function isAlreadyExists(e: unknown): boolean {
  const error = e as { name?: string; message?: string } | undefined;
  return error?.name === "ConflictException" && /already exists/i.test(error.message ?? "");
}

/** The project's retry strategy, except that "already exists" ends the retries. */
export function createRetryStrategy(region: string): RetryStrategyV2 {
  const base = retryStrategyFor(region);
  return {
    mode: "standard",
    acquireInitialRetryToken: () => base.acquireInitialRetryToken(),
    refreshRetryTokenForRetry: async (token: StandardRetryToken, info: RetryErrorInfo) => {
      if (isAlreadyExists(info.error)) throw new Error("No retry token available");
      return base.refreshRetryTokenForRetry(token as Parameters<ApiGatewayRetryStrategy["refreshRetryTokenForRetry"]>[0], info);
    },
    recordSuccess: () => base.recordSuccess(),
  } as RetryStrategyV2;
}

/** A client for creates: see {@link createRetryStrategy}. */
export function createClient(region: string): APIGatewayClient {
  return new APIGatewayClient({ region, retryStrategy: createRetryStrategy(region) });
}

/** Names the association quota when an error is about it; empty otherwise. */
export function quotaHint(e: unknown): string {
  const error = e as { name?: string; message?: string } | undefined;
  const aboutQuota =
    error?.name === "LimitExceededException" || (/quota|limit/i.test(error?.message ?? "") && /association/i.test(error?.message ?? ""));
  return aboutQuota
    ? ` (the account quota of domain name access associations, ${ACCESS_ASSOCIATION_QUOTA} per account and region by default, is adjustable: delete unused associations or request an increase)`
    : "";
}
