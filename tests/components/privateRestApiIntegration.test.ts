import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  PrivateRestApiIntegration,
  stageInvokeUrl,
  validatePrivateRestApiIntegrationArgs,
} from "../../components/privateRestApiIntegration";
import { useRecordingMocks, valueOf, type RecordedResource } from "./mockRecorder";

const API = "a1b2c3d4e5";
const ALB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/0123456789abcdef";
const NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/users/0123456789abcdef";
const link = {
  name: "orders",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
  securityGroupIds: ["sg-0cccccccccccccccc"],
};
const methods = {
  orders: { resourceId: "abc123", httpMethod: "GET", integrationTarget: ALB, uri: "http://orders.internal/", path: "/orders" },
  users: { resourceId: "def456", httpMethod: "ANY", integrationTarget: NLB, uri: "https://users.internal/" },
};

describe("PrivateRestApiIntegration under mocks", () => {
  let recorded: RecordedResource[];
  beforeEach(async () => {
    recorded = await useRecordingMocks({ "aws:region": "us-east-1" });
  });

  it("creates a link, a drain, one integration per method (creating the method) and one redeployment", async () => {
    const c = new PrivateRestApiIntegration("orders", { restApiId: API, stageName: "prod", link, methods });
    await valueOf(c.invokeUrls);
    assert.deepEqual(
      recorded.map((r) => [r.type.replace("pulumi-nodejs:dynamic/apigw:", ""), r.name]),
      [
        ["apigw-vpc:index:PrivateRestApiIntegration", "orders"],
        ["VpcLink", "orders-link"],
        ["StageRedeployment", "orders-drain"],
        ["PrivateIntegration", "orders-orders"],
        ["PrivateIntegration", "orders-users"],
        ["StageRedeployment", "orders-redeploy"],
      ],
    );
    const [drain, a, , redeploy] = recorded.slice(2);
    assert.equal(drain.inputs.when, "delete");
    assert.equal(a.inputs.createMethod, true);
    assert.equal(redeploy.inputs.when, "change");
    assert.deepEqual(Object.keys(redeploy.inputs.triggers as object).sort(), ["orders", "users"]);
  });

  it("outputs the stage URL, a URL per method, the link id and its status", async () => {
    const c = new PrivateRestApiIntegration("orders", { restApiId: API, stageName: "prod", link, methods });
    assert.equal(await valueOf(c.invokeUrl), `https://${API}.execute-api.us-east-1.amazonaws.com/prod`);
    assert.deepEqual(await valueOf(c.invokeUrls), {
      orders: `https://${API}.execute-api.us-east-1.amazonaws.com/prod/orders`,
      users: `https://${API}.execute-api.us-east-1.amazonaws.com/prod`,
    });
    assert.equal(await valueOf(c.linkStatus), "AVAILABLE");
    assert.match(await valueOf(c.vpcLinkId), /^[a-z0-9]{7}$/);
  });

  it("uses an existing link by id for every integration", async () => {
    const c = new PrivateRestApiIntegration("orders", { restApiId: API, stageName: "prod", vpcLinkId: "a1b2c3d", methods });
    assert.equal(await valueOf(c.vpcLinkId), "a1b2c3d");
    await valueOf(c.invokeUrls);
    assert.deepEqual(
      recorded.filter((r) => r.type.endsWith(":PrivateIntegration")).map((r) => r.inputs.vpcLinkId),
      ["a1b2c3d", "a1b2c3d"],
    );
  });

  it("warns when the link's status is INACTIVE", async () => {
    recorded = await useRecordingMocks(
      { "aws:region": "us-east-1" },
      {
        newResource: (args) =>
          args.type.endsWith(":VpcLink")
            ? { id: "abc1234", state: { ...args.inputs, vpcLinkId: "abc1234", status: "INACTIVE" } }
            : undefined,
      },
    );
    const warnings: string[] = [];
    const original = pulumi.log.warn;
    pulumi.log.warn = async (message: string) => {
      warnings.push(message);
    };
    try {
      const c = new PrivateRestApiIntegration("orders", { restApiId: API, stageName: "prod", link, methods });
      assert.equal(await valueOf(c.linkStatus), "INACTIVE");
    } finally {
      pulumi.log.warn = original;
    }
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^VPC link orders is INACTIVE/);
  });

  it("fails fast without exactly one of link and vpcLinkId, or without methods", () => {
    assert.throws(() => validatePrivateRestApiIntegrationArgs({ methods }), /exactly one of `link`.*and `vpcLinkId`/);
    assert.throws(() => validatePrivateRestApiIntegrationArgs({ link, vpcLinkId: "abc1234", methods }), /exactly one of/);
    assert.throws(() => validatePrivateRestApiIntegrationArgs({ vpcLinkId: "abc1234", methods: {} }), /at least one method/);
  });

  it("builds stage URLs in China regions and ignores a root path", () => {
    assert.equal(stageInvokeUrl(API, "cn-north-1", "v1", "/"), `https://${API}.execute-api.cn-north-1.amazonaws.com.cn/v1`);
  });
});
