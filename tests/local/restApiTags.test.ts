/**
 * The sandbox serves API Gateway v1's TagResource, UntagResource and GetTags on REST APIs as the
 * API reference and the tagging guide describe them: keys of 1 to 128 characters without `aws:`,
 * values of at most 256, at most 50 tags per resource, and the tags in GetRestApi's answer too.
 */
import * as assert from "node:assert/strict";
import {
  BadRequestException,
  GetRestApiCommand,
  GetTagsCommand,
  NotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-api-gateway";
import { createRestApi, rejectsWith, TEST_REGION, useSandbox, v1Client } from "../../support/sandbox";

const arnOf = (restApiId: string, region = TEST_REGION) => `arn:aws:apigateway:${region}::/restapis/${restApiId}`;

describe("REST API tags (v1 TagResource, UntagResource, GetTags)", () => {
  const ctx = useSandbox();
  const client = () => v1Client();

  it("tags, reads and untags a REST API; GetRestApi answers the tags too", async () => {
    const api = await createRestApi();
    await client().send(
      new TagResourceCommand({ resourceArn: arnOf(api), tags: { team: "payments", "pulumi-apigw-vpc:x": "vpce-1/vpce-2" } }),
    );
    assert.deepEqual((await client().send(new GetTagsCommand({ resourceArn: arnOf(api) }))).tags, {
      team: "payments",
      "pulumi-apigw-vpc:x": "vpce-1/vpce-2",
    });
    await client().send(new UntagResourceCommand({ resourceArn: arnOf(api), tagKeys: ["pulumi-apigw-vpc:x"] }));
    assert.deepEqual((await client().send(new GetRestApiCommand({ restApiId: api }))).tags, { team: "payments" });
    const log = ctx.sandbox.control.requestLog({ operation: "TagResource" });
    assert.equal(log.at(-1)?.status, 204);
  });

  it("refuses a key over 128 characters, an aws: key, and a value over 256 characters", async () => {
    const api = await createRestApi();
    const refused: Record<string, string>[] = [{ ["k".repeat(129)]: "v" }, { "aws:owner": "me" }, { k: "v".repeat(257) }];
    for (const tags of refused) {
      await rejectsWith(client().send(new TagResourceCommand({ resourceArn: arnOf(api), tags })), BadRequestException, 400);
    }
    await client().send(new TagResourceCommand({ resourceArn: arnOf(api), tags: { ["k".repeat(128)]: "v".repeat(256) } }));
  });

  it("holds at most 50 tags per REST API", async () => {
    const api = await createRestApi();
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    await client().send(new TagResourceCommand({ resourceArn: arnOf(api), tags: fifty }));
    const error = await rejectsWith(
      client().send(new TagResourceCommand({ resourceArn: arnOf(api), tags: { one: "more" } })),
      BadRequestException,
      400,
    );
    assert.match(error.message, /at most 50/);
    await client().send(new TagResourceCommand({ resourceArn: arnOf(api), tags: { k0: "changed" } })); // a key already there is no new tag
  });

  it("answers NotFound for an unknown API or an ARN of another region", async () => {
    const api = await createRestApi();
    await rejectsWith(client().send(new GetTagsCommand({ resourceArn: arnOf("zzzzzzzzzz") })), NotFoundException, 404);
    await rejectsWith(client().send(new GetTagsCommand({ resourceArn: arnOf(api, "eu-west-1") })), NotFoundException, 404);
  });
});
