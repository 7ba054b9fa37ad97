/**
 * The account's shared bucket (provider/rateLimiter.ts): one per region, endpoint and profile in
 * the process, shared by every client the factories build, and the AWS SDK's own adaptive
 * limiter (CUBIC); how that limiter paces is the SDK's, tested there.
 */
import * as assert from "node:assert/strict";
import { DefaultRateLimiter } from "@smithy/core/retry";
import { RATE_LIMITER_ENV, rateLimiterKey, sharedRateLimiter } from "../../provider/rateLimiter";
import { retryPolicyFor, RETRY_TIMEOUT_ENV } from "../../provider/clients";
import { DEFAULT_RETRY_POLICY } from "../../provider/retry";

describe("the shared rate limiter (provider/rateLimiter.ts)", () => {
  const env = { AWS_ENDPOINT_URL: "http://127.0.0.1:1" };

  it("is one instance per region for every client in the process, and the SDK's adaptive DefaultRateLimiter", () => {
    const a = sharedRateLimiter("eu-west-1", env);
    assert.ok(a instanceof DefaultRateLimiter);
    assert.equal(sharedRateLimiter("eu-west-1", env), a);
    assert.notEqual(sharedRateLimiter("eu-west-2", env), a);
    assert.notEqual(sharedRateLimiter("eu-west-1", { ...env, AWS_PROFILE: "other-account" }), a);
  });

  it("v1 and v2 clients of one endpoint share the bucket (one control plane)", () => {
    assert.equal(
      rateLimiterKey("us-east-1", { AWS_ENDPOINT_URL_API_GATEWAY: "http://x" }),
      rateLimiterKey("us-east-1", { AWS_ENDPOINT_URL_API_GATEWAY: "http://x", AWS_ENDPOINT_URL_APIGATEWAYV2: "http://x" }),
    );
  });

  it(`${RATE_LIMITER_ENV}=off sends without a bucket`, () => {
    assert.equal(sharedRateLimiter("eu-west-1", { ...env, [RATE_LIMITER_ENV]: "off" }), undefined);
  });
});

describe("the retry budget (provider/clients.ts)", () => {
  it("is the resource's timeout when it has one, else the environment's, else five minutes", () => {
    assert.equal(retryPolicyFor("reads", 90_000, {}).maxTotalMs, 90_000);
    assert.equal(retryPolicyFor("reads", undefined, { [RETRY_TIMEOUT_ENV]: "10m" }).maxTotalMs, 600_000);
    assert.equal(retryPolicyFor("mutations", undefined, {}).maxTotalMs, DEFAULT_RETRY_POLICY.maxTotalMs);
    assert.equal(retryPolicyFor("mutations", undefined, {}).retryUnknownOutcomes, false);
    assert.equal(retryPolicyFor("reads", undefined, {}).maxAttempts, undefined, "no count of attempts");
  });
});
