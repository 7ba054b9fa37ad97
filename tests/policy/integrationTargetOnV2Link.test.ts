import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { integrationTargetOnV2Link } from "../../policy/integrationPolicies";
import { PRIVATE_INTEGRATION, REST_INTEGRATION, VPC_LINK } from "../../policy/resources";
import { stackArgs, stackResource, UNKNOWN_STRING, validateStack } from "./harness";

const ALB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/0123456789abcdef";
const link = stackResource(VPC_LINK, "link", { vpcLinkId: "abc1234", subnetIds: [], securityGroupIds: [] });
const v2Link = stackResource("aws:apigatewayv2/vpcLink:VpcLink", "awslink", { id: "xyz7890" });

function integration(props: Record<string, unknown>, via?: PolicyResource) {
  return stackResource(
    REST_INTEGRATION,
    "orders-get",
    { connectionType: "VPC_LINK", connectionId: "abc1234", ...props },
    { propertyDependencies: via ? { connectionId: [via] } : {} },
  );
}
const messages = async (resources: PolicyResource[]) =>
  (await validateStack(integrationTargetOnV2Link, stackArgs(resources))).map((v) => v.message);

describe("policy integration-target-on-v2-link", () => {
  it("is mandatory", () => {
    assert.equal(integrationTargetOnV2Link.enforcementLevel, "mandatory");
  });

  it("reports an aws Integration whose connectionId comes from a v2 link and that names no target", async () => {
    const expected = ["Integration 'orders-get' uses a v2 VPC link (connectionId) but has no integrationTarget; name the ALB or NLB ARN"];
    assert.deepEqual(await messages([link, integration({}, link)]), expected);
    assert.deepEqual(await messages([v2Link, integration({ integrationTarget: "" }, v2Link)]), expected);
  });

  it("accepts a target, an unknown target at preview, a literal (possibly v1) id, and non-VPC-link integrations", async () => {
    assert.deepEqual(await messages([link, integration({ integrationTarget: ALB }, link)]), []);
    assert.deepEqual(await messages([link, integration({ integrationTarget: UNKNOWN_STRING }, link)]), []);
    assert.deepEqual(await messages([integration({})]), []);
    assert.deepEqual(await messages([link, integration({ connectionType: "INTERNET" }, link)]), []);
  });

  it("reports a PrivateIntegration without a target", async () => {
    const missing = stackResource(PRIVATE_INTEGRATION, "pi", { vpcLinkId: "abc1234", uri: "http://a/" });
    assert.deepEqual(await messages([missing]), [
      "PrivateIntegration 'pi' has no integrationTarget; a v2 VPC link needs the load balancer's ARN",
    ]);
    assert.deepEqual(await messages([stackResource(PRIVATE_INTEGRATION, "ok", { vpcLinkId: "abc1234", integrationTarget: ALB })]), []);
  });
});
