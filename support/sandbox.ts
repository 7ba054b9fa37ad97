/**
 * Test support: starts a sandbox for a mocha suite and points the AWS SDK at it through the
 * same environment variables users set (AWS_ENDPOINT_URL_*), with dummy credentials.
 */
import * as assert from "node:assert/strict";
import {
  APIGatewayClient,
  CreateRestApiCommand,
  GetRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateRestApiCommand,
  type EndpointType,
} from "@aws-sdk/client-api-gateway";
import { invokePolicyDocument } from "../components/privateApiAccess";
import { randomAwsId, startSandbox, type Sandbox, type SandboxOptions } from "../local";
import { forgetThrottleState } from "../provider/rateLimiter";
import { assertNotUnitSuite } from "./suite";

/** Dummy credentials, distinctive so tests can prove they never reach state or outputs. */
export const TEST_ACCESS_KEY_ID = "AKIASANDBOXTESTKEY01";
export const TEST_SECRET_ACCESS_KEY = "sandbox-secret-never-in-state-0123456789";
export const TEST_REGION = "us-east-1";

/** Fast delays and a 1/100 quota time scale unless a suite asks otherwise. */
export const FAST: SandboxOptions = {
  timeScale: 0.01,
  delays: {
    vpcLinkProvisionMs: 150,
    vpcLinkDeleteMs: 100,
    dnsPropagationMs: 100,
    vpcEndpointProvisionMs: 100,
    vpcEndpointDeleteMs: 100,
    interfaceReleaseMs: 300,
    refusedConnectionHoldMs: 100,
  },
};

/** Every environment variable a sandbox run sets: save them before, restore them after. */
export const SANDBOX_ENV_KEYS: readonly string[] = [
  "AWS_ENDPOINT_URL_API_GATEWAY",
  "AWS_ENDPOINT_URL_APIGATEWAYV2",
  "AWS_ENDPOINT_URL_EC2",
  "APIGW_VPC_DNS_SERVERS",
  "APIGW_VPC_INVOKE_ENDPOINT",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_PROFILE",
];

/**
 * Mocha hooks: a fresh sandbox before the suite, closed after it, with process.env pointed
 * at it meanwhile. Use inside `describe`: `const ctx = useSandbox();` then `ctx.sandbox`.
 */
export function useSandbox(options: SandboxOptions = FAST): { readonly sandbox: Sandbox } {
  assertNotUnitSuite("sandbox");
  let current: Sandbox | undefined;
  let saved: Record<string, string | undefined> = {};
  // A later sandbox may reuse this one's loopback port: it must not inherit its bucket or throttle streak.
  const forgetOwnThrottling = () => {
    const endpoint = current?.env.AWS_ENDPOINT_URL_API_GATEWAY;
    if (endpoint) forgetThrottleState((key) => key.includes(`|${endpoint}|`));
  };
  before(async () => {
    current = await startSandbox(options);
    forgetOwnThrottling();
    saved = Object.fromEntries(SANDBOX_ENV_KEYS.map((k) => [k, process.env[k]]));
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_DEFAULT_REGION;
    Object.assign(process.env, current.env, {
      AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
      AWS_REGION: TEST_REGION,
    });
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    forgetOwnThrottling();
    await current?.close();
  });
  return {
    get sandbox(): Sandbox {
      if (!current) throw new Error("the sandbox is not started yet: use it inside a test or hook");
      return current;
    },
  };
}

/** A plain SDK client for arranging and inspecting sandbox state in tests. */
export function v1Client(region = TEST_REGION): APIGatewayClient {
  return new APIGatewayClient({ region });
}

/** Creates a REST API (PRIVATE unless told otherwise) and returns its id. */
export async function createRestApi(
  opts: { region?: string; vpcEndpointIds?: string[]; type?: string; name?: string } = {},
): Promise<string> {
  const api = await v1Client(opts.region).send(
    new CreateRestApiCommand({
      name: opts.name ?? "test-api",
      endpointConfiguration: { types: [(opts.type ?? "PRIVATE") as EndpointType], vpcEndpointIds: opts.vpcEndpointIds },
    }),
  );
  return api.id as string;
}

/**
 * A resource policy that lets any caller invoke the API, for tests about deployments rather
 * than access (AWS deploys no PRIVATE API without a policy).
 */
export const OPEN_INVOKE_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }],
});

/**
 * Makes a REST API deployable as AWS requires: attaches a resource policy (`policy`, else the
 * components' invoke policy for these endpoints, else {@link OPEN_INVOKE_POLICY}) with
 * `replace /policy`, and gives the root a MOCK GET (authorization NONE unless `authorizationType`) that answers 200 `{"ok":true}`.
 */
export async function makeDeployable(
  restApiId: string,
  opts: { vpcEndpointIds?: string[]; region?: string; policy?: string; authorizationType?: "NONE" | "AWS_IAM" } = {},
): Promise<void> {
  const region = opts.region ?? TEST_REGION;
  const client = v1Client(region);
  const policy =
    opts.policy ?? (opts.vpcEndpointIds?.length ? invokePolicyDocument(restApiId, opts.vpcEndpointIds, region) : OPEN_INVOKE_POLICY);
  await client.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: "replace", path: "/policy", value: policy }] }));
  const resourceId = (await client.send(new GetRestApiCommand({ restApiId }))).rootResourceId as string;
  const method = { restApiId, resourceId, httpMethod: "GET" };
  await client.send(new PutMethodCommand({ ...method, authorizationType: opts.authorizationType ?? "NONE" }));
  await client.send(new PutMethodResponseCommand({ ...method, statusCode: "200" }));
  await client.send(
    new PutIntegrationCommand({ ...method, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }),
  );
  await client.send(
    new PutIntegrationResponseCommand({ ...method, statusCode: "200", responseTemplates: { "application/json": '{"ok":true}' } }),
  );
}

/** The API's current endpoint list, sorted. */
export async function apiEndpointIds(restApiId: string, region = TEST_REGION): Promise<string[]> {
  const api = await v1Client(region).send(new GetRestApiCommand({ restApiId }));
  return [...(api.endpointConfiguration?.vpcEndpointIds ?? [])].sort();
}

/** `n` random, well-formed VPC endpoint ids, sorted. */
export function vpceIds(n: number): string[] {
  return Array.from({ length: n }, () => randomAwsId("vpce")).sort();
}

/** Awaits a call that must fail with the SDK's exception class `type` and HTTP `status`; returns the error. */
export async function rejectsWith<T>(call: Promise<unknown>, type: abstract new (...args: never[]) => T, status: number): Promise<T> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
  assert.equal((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, status);
  return error;
}

/** An EC2 error as the SDK raises it: the code is the error's name, the HTTP status in `$metadata`. */
export type Ec2Failure = Error & { $metadata?: { httpStatusCode?: number } };

/** Awaits an EC2 call that must fail with `code` (the SDK's `error.name`) and HTTP `status`; returns the error. */
export async function ec2RejectsWith(call: Promise<unknown>, code: string, status = 400): Promise<Ec2Failure> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e as Ec2Failure,
  );
  assert.ok(error, `expected ${code}, but the call succeeded`);
  assert.equal(error.name, code, error.message);
  assert.equal(error.$metadata?.httpStatusCode, status);
  return error;
}
