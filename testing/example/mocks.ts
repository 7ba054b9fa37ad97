// The mocha setup (.mocharc.json `require`): stack config and the mocks, before any test file
// imports the program.
import * as pulumi from "@pulumi/pulumi";
import { apigwVpcMocks } from "pulumi-apigw-vpc/testing";

pulumi.runtime.setConfig("aws:region", "eu-west-1");
pulumi.runtime.setConfig("orders:vpcEndpointIds", JSON.stringify(["vpce-0aaaaaaaaaaaaaaaa", "vpce-0bbbbbbbbbbbbbbbb"]));
void pulumi.runtime.setMocks(apigwVpcMocks(), "orders", "test", false);
