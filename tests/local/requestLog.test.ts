/**
 * The request log of the control API: one entry per request with its operation, region,
 * parameters (path, query and body merged), status, error type and arrival time; filters;
 * clearing. Tests of the providers rely on it to assert exact call sequences.
 */
import assert from "node:assert/strict";
import * as v1 from "@aws-sdk/client-api-gateway";
import * as v2 from "@aws-sdk/client-apigatewayv2";
import { createNetwork } from "../../support/network";
import { useSandbox, vpceIds } from "../../support/sandbox";

const v1Raw = (region = "us-east-1") => new v1.APIGatewayClient({ region, maxAttempts: 1 });
const v2Raw = (region = "us-east-1") => new v2.ApiGatewayV2Client({ region, maxAttempts: 1 });
const settle = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    () => undefined,
  );

describe("sandbox request log", () => {
  const ctx = useSandbox({ timeScale: 1e-4, delays: { vpcLinkProvisionMs: 10, vpcLinkDeleteMs: 10, dnsPropagationMs: 10 } });
  /** A subnet in eu-west-1 and one in us-east-1, made before the log is cleared. */
  let west: string;
  let east: string;
  before(async () => {
    [west] = (await createNetwork({ region: "eu-west-1", subnets: 1, groups: 0 })).subnetIds;
    [east] = (await createNetwork({ subnets: 1, groups: 0 })).subnetIds;
  });
  beforeEach(() => {
    ctx.sandbox.control.clearFaults();
    ctx.sandbox.control.clearRequestLog();
  });

  it("records operation, region, params, status, error type and time of every request, in order", async () => {
    const [a, b] = vpceIds(2);
    const subnet = west;
    const before = Date.now();
    const api = await v1Raw().send(
      new v1.CreateRestApiCommand({ name: "logged", endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds: [a] } }),
    );
    await settle(v1Raw().send(new v1.GetRestApiCommand({ restApiId: "abcdefghij" })));
    const patch = [{ op: "add" as const, path: "/endpointConfiguration/vpcEndpointIds", value: b }];
    await v1Raw().send(new v1.UpdateRestApiCommand({ restApiId: api.id, patchOperations: patch }));
    ctx.sandbox.control.injectFaults("GetRestApis", { sequence: ["429", "reset"] });
    await settle(v1Raw().send(new v1.GetRestApisCommand({ limit: 5 })));
    await settle(v1Raw().send(new v1.GetRestApisCommand({})));
    await v2Raw("eu-west-1").send(new v2.CreateVpcLinkCommand({ Name: "l", SubnetIds: [subnet] }));
    const after = Date.now();

    const log = ctx.sandbox.control.requestLog();
    assert.deepEqual(
      log.map((e) => [e.operation, e.region, e.status, e.errorType]),
      [
        ["CreateRestApi", "us-east-1", 201, undefined],
        ["GetRestApi", "us-east-1", 404, "NotFoundException"],
        ["UpdateRestApi", "us-east-1", 200, undefined],
        ["GetRestApis", "us-east-1", 429, "TooManyRequestsException"],
        ["GetRestApis", "us-east-1", 0, "ConnectionReset"],
        ["CreateVpcLink", "eu-west-1", 201, undefined],
      ],
    );
    assert.deepEqual(log[0].params, { name: "logged", endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds: [a] } });
    assert.deepEqual(log[1].params, { restApiId: "abcdefghij" });
    assert.deepEqual(log[2].params, { restApiId: api.id, patchOperations: patch });
    assert.deepEqual(log[3].params, { limit: "5" });
    assert.deepEqual(log[5].params, { name: "l", subnetIds: [subnet] });
    const times = log.map((e) => e.time);
    assert.deepEqual(
      times,
      [...times].sort((x, y) => x - y),
      "times never go backwards",
    );
    assert.ok(
      times.every((t) => t >= before && t <= after),
      "times are the arrival epoch milliseconds",
    );
  });

  it("filters by operation, by region, and by both", async () => {
    await v1Raw("us-east-1").send(new v1.GetRestApisCommand({}));
    await v1Raw("eu-west-1").send(new v1.GetRestApisCommand({}));
    await v2Raw("eu-west-1").send(new v2.GetVpcLinksCommand({}));
    const { requestLog } = ctx.sandbox.control;
    assert.deepEqual(
      requestLog({ operation: "GetRestApis" }).map((e) => e.region),
      ["us-east-1", "eu-west-1"],
    );
    assert.deepEqual(
      requestLog({ region: "eu-west-1" }).map((e) => e.operation),
      ["GetRestApis", "GetVpcLinks"],
    );
    assert.deepEqual(requestLog({ operation: "GetVpcLinks", region: "us-east-1" }), []);
    assert.equal(requestLog({ operation: "GetVpcLinks", region: "eu-west-1" }).length, 1);
  });

  it("records the decoded ARN of tag operations and every tag key of UntagResource", async () => {
    const link = await v2Raw().send(new v2.CreateVpcLinkCommand({ Name: "t", SubnetIds: [east] }));
    const arn = `arn:aws:apigateway:us-east-1::/vpclinks/${link.VpcLinkId}`;
    await v2Raw().send(new v2.UntagResourceCommand({ ResourceArn: arn, TagKeys: ["k"] }));
    await v2Raw().send(new v2.UntagResourceCommand({ ResourceArn: arn, TagKeys: ["a", "c"] }));
    const untags = ctx.sandbox.control.requestLog({ operation: "UntagResource" });
    assert.deepEqual(
      untags.map((e) => e.params),
      [
        { resourceArn: arn, tagKeys: "k" },
        { resourceArn: arn, tagKeys: ["a", "c"] },
      ],
    );
  });

  it("hands out deep copies: changing them does not change the log", async () => {
    await v1Raw().send(
      new v1.CreateRestApiCommand({ name: "copy", endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds: vpceIds(1) } }),
    );
    const copy = ctx.sandbox.control.requestLog();
    copy[0].status = 999;
    (copy[0].params.endpointConfiguration as { types: string[] }).types.push("MUTATED");
    copy.push({ ...copy[0] });
    const log = ctx.sandbox.control.requestLog();
    assert.deepEqual(
      log.map((e) => e.status),
      [201],
    );
    assert.deepEqual((log[0].params.endpointConfiguration as { types: string[] }).types, ["PRIVATE"]);
  });

  it("is emptied by clearRequestLog, and keeps recording afterwards", async () => {
    await v1Raw().send(new v1.GetRestApisCommand({}));
    ctx.sandbox.control.clearRequestLog();
    assert.deepEqual(ctx.sandbox.control.requestLog(), []);
    await v2Raw().send(new v2.GetVpcLinksCommand({}));
    assert.deepEqual(
      ctx.sandbox.control.requestLog().map((e) => e.operation),
      ["GetVpcLinks"],
    );
  });
});
