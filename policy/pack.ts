/**
 * The ready `apigw-vpc-policies` pack: `pulumi preview --policy-pack node_modules/pulumi-apigw-vpc/policy`
 * (or `--policy-pack policy` in this repository). policy/package.json names this file as its
 * `main`; the engine runs it with policy/ as the working directory, and @pulumi/policy reads the
 * pack's version from policy/package.json there. @pulumi/policy and @pulumi/pulumi resolve from
 * the project that installed the package: Node.js looks in every node_modules above policy/.
 */
import { loadPolicySdk } from "./sdk";
import { apigwVpcPolicies } from "./index";

/** The name of the ready pack, as the CLI and Pulumi Cloud show it. */
const PACK_NAME = "apigw-vpc-policies";

const { PolicyPack } = loadPolicySdk();

new PolicyPack(PACK_NAME, {
  description: "Checks for AWS API Gateway private networking: VPC endpoint associations, private API policies and VPC links.",
  policies: apigwVpcPolicies(),
});
