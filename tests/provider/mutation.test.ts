/**
 * The pure half of lost-answer handling: which errors leave a mutation's outcome unknown, which
 * ones the mutation clients resend by themselves, and the read -> plan -> send loop.
 */
import * as assert from "node:assert/strict";
import { BadRequestException, ConflictException, NotFoundException, TooManyRequestsException } from "@aws-sdk/client-api-gateway";
import type { RetryErrorInfo } from "@smithy/types";
import { MAX_UNKNOWN_OUTCOMES, outcomeUnknown, readPlanSend } from "../../provider/mutation";
import { DEFAULT_RETRY_POLICY, isRetryable, MUTATION_RETRY_POLICY } from "../../provider/retry";

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const serverError = Object.assign(new Error("Internal server error"), { name: "InternalFailure", $fault: "server", ...meta(500) });
const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET", $metadata: { attempts: 1 } });
const timeout = Object.assign(new Error("Connection timed out after 1000 ms"), { name: "TimeoutError" });

describe("outcomeUnknown()", () => {
  const cases: [string, unknown, boolean][] = [
    ["a reset (no HTTP answer)", reset, true],
    ["a timeout", timeout, true],
    ["a 500", serverError, true],
    ["a 429", new TooManyRequestsException({ message: "Too Many Requests", $metadata: { httpStatusCode: 429 } }), false],
    ["a 409", new ConflictException({ message: "concurrent modification", $metadata: { httpStatusCode: 409 } }), false],
    ["a 400", new BadRequestException({ message: "already associated", $metadata: { httpStatusCode: 400 } }), false],
    ["a 404", new NotFoundException({ message: "gone", $metadata: { httpStatusCode: 404 } }), false],
    ["not an error", "boom", false],
  ];
  for (const [label, error, expected] of cases)
    it(`${label}: ${expected ? "unknown" : "known"}`, () => assert.equal(outcomeUnknown(error), expected));
});

describe("the mutation clients' retry policy", () => {
  const info = (errorType: RetryErrorInfo["errorType"], name = "Error"): RetryErrorInfo =>
    ({ errorType, error: Object.assign(new Error("x"), { name }) }) as unknown as RetryErrorInfo;
  const cases: [string, RetryErrorInfo, boolean, boolean][] = [
    ["throttling (refused)", info("THROTTLING", "TooManyRequestsException"), true, true],
    ["concurrent modification (refused)", info("CLIENT_ERROR", "ConflictException"), true, true],
    ["a transient network error (unknown)", info("TRANSIENT"), true, false],
    ["a server error (unknown)", info("SERVER_ERROR", "InternalFailure"), true, false],
    ["a client error", info("CLIENT_ERROR", "BadRequestException"), false, false],
  ];
  for (const [label, error, reads, mutations] of cases) {
    it(`${label}: reads ${reads ? "resend" : "stop"}, mutations ${mutations ? "resend" : "stop"}`, () => {
      assert.equal(isRetryable(error, DEFAULT_RETRY_POLICY), reads);
      assert.equal(isRetryable(error, MUTATION_RETRY_POLICY), mutations);
    });
  }
});

describe("readPlanSend()", () => {
  it("sends once when the answer arrives", async () => {
    const sent: string[] = [];
    const result = await readPlanSend({ read: async () => "state", settled: () => undefined, send: async (s) => (sent.push(s), "done") });
    assert.equal(result, "done");
    assert.deepEqual(sent, ["state"]);
  });

  it("after a lost answer, reads again and returns without a second send when the first took effect", async () => {
    let applied = false;
    let sends = 0;
    const result = await readPlanSend({
      read: async () => applied,
      settled: (done) => (done ? "already" : undefined),
      send: async () => {
        sends++;
        applied = true;
        throw reset;
      },
    });
    assert.deepEqual([result, sends], ["already", 1]);
  });

  it("sends again when the read shows the lost request did not take effect", async () => {
    let sends = 0;
    const result = await readPlanSend({
      read: async () => sends,
      settled: () => undefined,
      send: async () => (++sends === 1 ? Promise.reject(serverError) : "second"),
    });
    assert.deepEqual([result, sends], ["second", 2]);
  });

  it("throws a known error at once, and an unknown one after MAX_UNKNOWN_OUTCOMES reads", async () => {
    const bad = new BadRequestException({ message: "no", $metadata: { httpStatusCode: 400 } });
    let sends = 0;
    await assert.rejects(
      readPlanSend({ read: async () => 0, settled: () => undefined, send: async () => (sends++, Promise.reject(bad)) }),
      bad,
    );
    assert.equal(sends, 1);
    sends = 0;
    let reads = 0;
    const slept: number[] = [];
    const clock = { now: () => 0, random: () => 0.5, sleep: async (ms: number) => void slept.push(ms) };
    await assert.rejects(
      readPlanSend({
        clock,
        initial: 0,
        read: async () => ++reads,
        settled: () => undefined,
        send: async () => (sends++, Promise.reject(timeout)),
      }),
      timeout,
    );
    assert.deepEqual([sends, reads], [MAX_UNKNOWN_OUTCOMES + 1, MAX_UNKNOWN_OUTCOMES]);
    assert.equal(slept.length, MAX_UNKNOWN_OUTCOMES, "one backoff pause before each read");
    assert.ok(
      slept.every((ms, i) => i === 0 || ms >= slept[i - 1]),
      `the pauses grow: ${slept.join(", ")}`,
    );
  });
});
