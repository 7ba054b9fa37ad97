/**
 * pulumi-apigw-vpc: Pulumi dynamic providers and components for the private-networking side of
 * AWS API Gateway. The sandbox is exported separately as `pulumi-apigw-vpc/local`, the mocks
 * helper as `pulumi-apigw-vpc/testing`.
 *
 * @module pulumi-apigw-vpc
 */
export * from "./provider/vpcEndpointAssociation";
export * from "./provider/vpcLink";
export * from "./provider/endpointDnsReadiness";
export * from "./provider/domainNameAccessAssociations";
export * from "./provider/domainNameManagementPolicy";
export * from "./provider/domainNameResolution";
export { domainExecuteApiArn, domainNameArn, domainUrl, parseDomainNameArn, type DomainNameArnParts } from "./provider/domainNameArns";
export * from "./components/privateApiAccess";
export * from "./components/privateIntegrationLink";
export * from "./provider/privateIntegration";
export * from "./provider/stageRedeployment";
export * from "./provider/restApiPolicyStatements";
export * from "./components/privateRestApiIntegration";
export * from "./components/privateDomainAccess";
export { executeApiDomain, perVpceHostname, perVpceUrl } from "./provider/endpointNames";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./provider/retry";
export type { ProbeAnswer } from "./provider/dnsProbe";
export type { WaitResult } from "./provider/waiter";
