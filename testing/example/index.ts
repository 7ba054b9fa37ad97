// The program under test: private access to the orders API from two VPC endpoints (stack config).
import * as pulumi from "@pulumi/pulumi";
import { PrivateApiAccess } from "pulumi-apigw-vpc";

/** The orders API's private access from these endpoints; a function, so tests can try other inputs. */
export function ordersAccess(name: string, vpcEndpointIds: string[]): PrivateApiAccess {
  return new PrivateApiAccess(name, { restApiId: "ordersapi1", vpcEndpointIds, stageName: "live" });
}

const config = new pulumi.Config();
export const urls = ordersAccess("orders-api", config.requireObject<string[]>("vpcEndpointIds")).urls;
