/**
 * The clients the acceptance suite and the sweeper share. Credentials come from the SDK's
 * default chain and endpoints from `AWS_ENDPOINT_URL*` (the sandbox sets them), as for users.
 */
import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import type { ApiGatewayV2Client } from "@aws-sdk/client-apigatewayv2";
import { EC2Client } from "@aws-sdk/client-ec2";
import { apiGatewayClient, apiGatewayV2Client } from "../provider/clients";
import { waitUntil } from "../provider/waiter";

/** The three clients of one region. */
export interface AcceptanceClients {
  /** The region every client talks to. */
  region: string;
  /** EC2, for the VPC, subnets, security groups and endpoints. */
  ec2: EC2Client;
  /** API Gateway (v1), for the private REST API. */
  apigw: APIGatewayClient;
  /** API Gateway v2, for the VPC links. */
  apigwv2: ApiGatewayV2Client;
  /** Closes the clients' sockets. */
  destroy(): void;
}

/** Clients for `region`. The API Gateway ones retry 429 and 409 (quotas such as DeleteRestApi's) with backoff. */
export function acceptanceClients(region: string): AcceptanceClients {
  const ec2 = new EC2Client({ region, maxAttempts: 8 });
  const apigw = apiGatewayClient(region);
  const apigwv2 = apiGatewayV2Client(region);
  return {
    region,
    ec2,
    apigw,
    apigwv2,
    destroy: () => [ec2, apigw, apigwv2].forEach((c) => c.destroy()),
  };
}

/** True for an AWS error whose code is one of `codes` (EC2 puts it in `name`, API Gateway too). */
export function hasCode(e: unknown, ...codes: string[]): boolean {
  const name = (e as { name?: string; Code?: string } | undefined)?.name ?? (e as { Code?: string } | undefined)?.Code;
  return name !== undefined && codes.includes(name);
}

/**
 * Runs `call` until it stops failing with one of `codes`, with backoff: EC2 answers
 * DependencyViolation while a deleted endpoint's interfaces linger, and NotFound for an id it
 * created a moment ago (eventual consistency). Any other error is thrown at once.
 */
export async function retryOn<T>(codes: string[], what: string, call: () => Promise<T>, timeoutMs: number): Promise<T> {
  let lastError: unknown;
  const result = await waitUntil<{ done: true; value: T } | { done: false }>({
    timeoutMs,
    minDelayMs: 500,
    maxDelayMs: 15_000,
    poll: async () => {
      try {
        return { done: true, value: await call() };
      } catch (e) {
        if (!hasCode(e, ...codes)) throw e;
        lastError = e;
        return { done: false };
      }
    },
    isSettled: (r) => r.done,
  });
  if (!result.value.done)
    throw new Error(`${what}: still ${codes.join(" or ")} after ${Math.round(timeoutMs / 1000)} s (${String(lastError)})`);
  return result.value.value;
}
