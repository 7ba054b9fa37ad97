/**
 * `pulumi-apigw-vpc/policy`: every policy of the pack as a plain object, their config types,
 * the type tokens they match, and {@link apigwVpcPolicies} to compose them into your own pack
 * (`policies: [...apigwVpcPolicies({ all: "mandatory" }), ...yourOwn]`).
 *
 * Importing this module never constructs a PolicyPack (that starts a policy server, and a process
 * serves one pack): the ready pack is pack.ts. A new policy file is re-exported here.
 *
 * @module pulumi-apigw-vpc/policy
 */
export * from "./policies";
export * from "./integrationPolicies";
export * from "./domainPolicies";
export * from "./statementPolicies";
export * from "./tlsPolicies";
export * from "./routingRulePolicies";
export * from "./compose";
export { ENDPOINT_DNS_READINESS, PRIVATE_API_ACCESS, PRIVATE_INTEGRATION, VPC_ENDPOINT_ASSOCIATION, VPC_LINK } from "./resources";
