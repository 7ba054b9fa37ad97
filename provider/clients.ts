/**
 * AWS SDK client factories. Clients are built inside each provider call (never at module
 * scope) so the serialized provider holds no client and no credentials. Credentials come from
 * the SDK's default chain; `AWS_ENDPOINT_URL*` variables redirect them (e.g. to the sandbox).
 */
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client } from "@aws-sdk/client-apigatewayv2";
import { ApiGatewayRetryStrategy, DEFAULT_RETRY_POLICY, MUTATION_RETRY_POLICY } from "./retry";

/** What a client sends: "reads" (and idempotent calls) are resent after any transient error; "mutations" only after a refusal (429, 409). */
export type ClientUse = "reads" | "mutations";

const policyFor = (use: ClientUse) => (use === "mutations" ? MUTATION_RETRY_POLICY : DEFAULT_RETRY_POLICY);

export function apiGatewayClient(region: string, use: ClientUse = "reads"): APIGatewayClient {
  const policy = policyFor(use);
  return new APIGatewayClient({ region, retryStrategy: new ApiGatewayRetryStrategy(policy), maxAttempts: policy.maxAttempts });
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

export function apiGatewayV2Client(region: string, use: ClientUse = "reads"): ApiGatewayV2Client {
  const policy = policyFor(use);
  return new ApiGatewayV2Client({ region, retryStrategy: new ApiGatewayRetryStrategy(policy), maxAttempts: policy.maxAttempts });
}

/** True for the SDK's NotFoundException (404), whichever client raised it. */
export function isNotFound(e: unknown): boolean {
  return (e as { name?: string })?.name === "NotFoundException";
}
