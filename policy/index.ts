/**
 * The `apigw-vpc-policies` CrossGuard pack. Enable it with
 * `pulumi preview --policy-pack <path to this directory>`; see README.md for the policies and
 * their config. The policies themselves live in policies.ts as plain objects (tested directly):
 * `new PolicyPack` starts a gRPC server, and a process may serve only one pack.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("apigw-vpc-policies", {
  description: "Checks for AWS API Gateway private networking: VPC endpoint associations, private API policies and VPC links.",
  policies: [...policies],
});
