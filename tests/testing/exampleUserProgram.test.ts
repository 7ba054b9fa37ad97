/**
 * How users unit-test their programs with `pulumi-apigw-vpc/testing`: set the mocks before
 * importing the program, then assert on its outputs.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { apigwVpcMocks, outputValue as valueOf } from "../../testing";

describe("a user's program under apigwVpcMocks", () => {
  let program: typeof import("./exampleUserProgram");
  before(async () => {
    await pulumi.runtime.setMocks(apigwVpcMocks(), "orders", "test", false);
    program = await import("./exampleUserProgram");
  });

  it("gets one per-VPCE URL per endpoint", async () => {
    assert.deepEqual(await valueOf(program.ordersUrls), {
      "vpce-0aaaaaaaaaaaaaaaa": "https://ordersapi1-vpce-0aaaaaaaaaaaaaaaa.execute-api.eu-west-1.amazonaws.com/live",
      "vpce-0bbbbbbbbbbbbbbbb": "https://ordersapi1-vpce-0bbbbbbbbbbbbbbbb.execute-api.eu-west-1.amazonaws.com/live",
    });
  });

  it("gets a VPC link id", async () => {
    assert.match(await valueOf(program.ordersLinkId), /^[a-z0-9]{7}$/);
  });

  it("lets a test override one resource's mocked outputs", async () => {
    const mocks = apigwVpcMocks({
      newResource: (args) =>
        args.type.endsWith(":VpcLink") ? { id: "custom1", state: { vpcLinkId: "custom1", status: "INACTIVE" } } : undefined,
    });
    const result = await mocks.newResource({ type: "pulumi-nodejs:dynamic/apigw:VpcLink", name: "x", inputs: {}, custom: true });
    assert.deepEqual(result, { id: "custom1", state: { vpcLinkId: "custom1", status: "INACTIVE" } });
    const fallback = await mocks.newResource({ type: "aws:s3/bucket:Bucket", name: "b", inputs: { acl: "private" }, custom: true });
    assert.deepEqual(fallback, { id: "b-id", state: { acl: "private" } });
  });
});
