/**
 * An example of a user's own program, as a platform team would write it with this package.
 * exampleUserProgram.test.ts unit-tests it with `apigwVpcMocks`.
 */
import * as pulumi from "@pulumi/pulumi";
import { PrivateApiAccess, PrivateIntegrationLink } from "../../lib";

const access = new PrivateApiAccess("orders-api", {
  restApiId: "ordersapi1",
  vpcEndpointIds: ["vpce-0aaaaaaaaaaaaaaaa", "vpce-0bbbbbbbbbbbbbbbb"],
  stageName: "live",
  region: "eu-west-1",
});

const link = new PrivateIntegrationLink("orders-link", {
  name: "orders",
  subnetIds: ["subnet-0aaaaaaa", "subnet-0bbbbbbb"],
  securityGroupIds: ["sg-0ccccccc"],
  region: "eu-west-1",
});

export const ordersUrls: pulumi.Output<Record<string, string>> = access.urls;
export const ordersLinkId: pulumi.Output<string> = link.vpcLinkId;
