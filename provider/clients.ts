/**
 * AWS SDK client factories. Clients are built inside each provider call (never at module
 * scope) so the serialized provider holds no client and no credentials. Credentials come from
 * the SDK's default chain; `AWS_ENDPOINT_URL*` variables redirect them (e.g. to the sandbox).
 */
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client } from "@aws-sdk/client-apigatewayv2";
import { ApiGatewayRetryStrategy, DEFAULT_RETRY_POLICY } from "./retry";

export function apiGatewayClient(region: string): APIGatewayClient {
  return new APIGatewayClient({ region, retryStrategy: new ApiGatewayRetryStrategy(), maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts });
}

export function apiGatewayV2Client(region: string): ApiGatewayV2Client {
  return new ApiGatewayV2Client({ region, retryStrategy: new ApiGatewayRetryStrategy(), maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts });
}

/** True for the SDK's NotFoundException (404), whichever client raised it. */
export function isNotFound(e: unknown): boolean {
  return (e as { name?: string })?.name === "NotFoundException";
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
