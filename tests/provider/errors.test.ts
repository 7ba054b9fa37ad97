/**
 * The providers' one way to fail (provider/errors.ts): "{verb} {kind} ({id}): {cause}", whatever
 * the cause is, and also in the provider stored in state, where Pulumi's closure serialization
 * copies the error classes as plain functions (they are no longer `Error` instances there); the
 * doctor's errors keep their message there too.
 */
import * as assert from "node:assert/strict";
import { parsePolicy } from "../../provider/accessPolicy";
import { AwsUnreadableError } from "../../provider/doctor";
import { IneffectiveChangeError } from "../../provider/effects";
import { causeText, operationError, withOperation } from "../../provider/errors";
import { callInFreshProcess, serializeProvider } from "../../support/serialization";

describe("provider errors (provider/errors.ts)", () => {
  it("show an AWS error by name and message, a plain error by its message", () => {
    const aws = Object.assign(new Error("Invalid REST API identifier specified"), { name: "NotFoundException" });
    assert.equal(causeText(aws), "NotFoundException: Invalid REST API identifier specified");
    assert.equal(causeText(new Error("boom")), "boom");
    assert.equal(
      operationError("creating", "VPC link", "x", aws).message,
      "creating VPC link (x): NotFoundException: Invalid REST API identifier specified",
    );
  });

  it("show anything error-like by its name and message, and anything else as JSON, never as [object Object]", () => {
    assert.equal(
      causeText({ name: "TooManyRequestsException", message: "Too Many Requests" }),
      "TooManyRequestsException: Too Many Requests",
    );
    assert.equal(causeText({ message: "no name" }), "no name");
    assert.equal(causeText({ code: 7, reason: "odd" }), '{"code":7,"reason":"odd"}');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.equal(causeText(cycle), "[object Object]", "a cycle cannot be JSON: the last resort");
    assert.equal(causeText("text"), "text");
    assert.equal(causeText(undefined), "undefined");
    for (const cause of [{ name: "X", message: "y" }, { code: 1 }, 42, null]) {
      assert.doesNotMatch(operationError("deleting", "thing", "id", cause).message, /\[object Object\]/);
    }
  });

  it("keep their message, cause and name in the provider stored in state, run in a fresh process", async () => {
    const provider = {
      create: () =>
        withOperation("creating", "VPC endpoint association", "abcdefghij", async () => {
          throw new IneffectiveChangeError("UpdateRestApi answered 200 but the list lacks vpce-1");
        }),
    };
    const text = await serializeProvider(provider);
    await assert.rejects(callInFreshProcess(text, "create", [], { PATH: process.env.PATH }), {
      message:
        "creating VPC endpoint association (abcdefghij): IneffectiveChangeError: UpdateRestApi answered 200 but the list lacks vpce-1",
    });
  });

  it("the doctor's errors (AwsUnreadableError, PolicyDocumentError) keep their message too, run in a fresh process", async () => {
    const provider = {
      unreadable: async () => {
        throw new AwsUnreadableError("cannot read REST API abcdefghij in eu-west-1: AccessDeniedException: denied");
      },
      policy: async () => parsePolicy("{not json"),
    };
    const text = await serializeProvider(provider);
    const env = { PATH: process.env.PATH };
    await assert.rejects(callInFreshProcess(text, "unreadable", [], env), {
      message: "cannot read REST API abcdefghij in eu-west-1: AccessDeniedException: denied",
    });
    await assert.rejects(callInFreshProcess(text, "policy", [], env), { message: "the policy is not valid JSON" });
  });
});
