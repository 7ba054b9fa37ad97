import * as assert from "node:assert/strict";
import { outputError, outputValue } from "pulumi-apigw-vpc/testing";
import { ordersAccess, urls } from "./index";

describe("the orders program", () => {
  it("has a URL per endpoint", async () => {
    assert.deepEqual(await outputValue(urls), {
      "vpce-0aaaaaaaaaaaaaaaa": "https://ordersapi1-vpce-0aaaaaaaaaaaaaaaa.execute-api.eu-west-1.amazonaws.com/live",
      "vpce-0bbbbbbbbbbbbbbbb": "https://ordersapi1-vpce-0bbbbbbbbbbbbbbbb.execute-api.eu-west-1.amazonaws.com/live",
    });
  });

  it("refuses a malformed endpoint id, as pulumi preview does", async () => {
    const error = await outputError(ordersAccess("orders-bad", ["vpce-xyz"]).urls);
    assert.match(error.message, /vpcEndpointIds\[0\]: "vpce-xyz" is not a VPC endpoint id/);
  });
});
