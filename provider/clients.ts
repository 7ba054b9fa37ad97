/**
 * AWS SDK client factories. Clients are built inside each provider call (never at module
 * scope) so the serialized provider holds no client and no credentials. Credentials come from
 * the SDK's default chain; `AWS_ENDPOINT_URL*` variables redirect them (e.g. to the sandbox).
 */
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client } from "@aws-sdk/client-apigatewayv2";
import { parseDuration } from "./duration";
import { sharedRateLimiter } from "./rateLimiter";
import { sharedThrottleStreak } from "./throttleStreak";
import { ApiGatewayRetryStrategy, DEFAULT_RETRY_POLICY, MUTATION_RETRY_POLICY, type RetryPolicy } from "./retry";

/** What a client sends: "reads" (and idempotent calls) are resent after any transient error; "mutations" only after a refusal (429, 409). */
export type ClientUse = "reads" | "mutations";

/** The environment variable that sets every call's retry budget (a duration: "10m"). */
export const RETRY_TIMEOUT_ENV = "APIGW_VPC_RETRY_TIMEOUT";

/** The policy of one client: its use, and a budget given by the caller, else the environment's, else 5 minutes. */
export function retryPolicyFor(use: ClientUse, budgetMs?: number, env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const policy = use === "mutations" ? MUTATION_RETRY_POLICY : DEFAULT_RETRY_POLICY;
  return { ...policy, maxTotalMs: budgetMs ?? parseDuration(env[RETRY_TIMEOUT_ENV]) ?? policy.maxTotalMs };
}

/** The retry strategy of a client in `region`: the policy, through the account's shared bucket and throttle streak (both off with the bucket). */
export function retryStrategyFor(region: string, use: ClientUse = "reads", budgetMs?: number): ApiGatewayRetryStrategy {
  const limiter = sharedRateLimiter(region);
  return new ApiGatewayRetryStrategy(retryPolicyFor(use, budgetMs), undefined, limiter, limiter ? sharedThrottleStreak(region) : undefined);
}

/** A REST API (v1) client; `budgetMs` bounds its retries (default: {@link retryPolicyFor}). */
export function apiGatewayClient(region: string, use: ClientUse = "reads", budgetMs?: number): APIGatewayClient {
  return new APIGatewayClient({ region, retryStrategy: retryStrategyFor(region, use, budgetMs) });
}

/** Runs `fn` with a REST API Gateway client for `region`, destroyed afterwards. */
export async function withApiGateway<T>(region: string, fn: (client: APIGatewayClient) => Promise<T>): Promise<T> {
  const client = apiGatewayClient(region);
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

/** An HTTP API (v2) client; `budgetMs` bounds its retries (default: {@link retryPolicyFor}). */
export function apiGatewayV2Client(region: string, use: ClientUse = "reads", budgetMs?: number): ApiGatewayV2Client {
  return new ApiGatewayV2Client({ region, retryStrategy: retryStrategyFor(region, use, budgetMs) });
}

/** True for the SDK's NotFoundException (404), whichever client raised it. */
export function isNotFound(e: unknown): boolean {
  return (e as { name?: string })?.name === "NotFoundException";
}
