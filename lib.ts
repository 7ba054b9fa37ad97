/**
 * pulumi-apigw-vpc: Pulumi dynamic providers and components for the private-networking side of
 * AWS API Gateway. The sandbox is exported separately as `pulumi-apigw-vpc/local`, the mocks
 * helper as `pulumi-apigw-vpc/testing`.
 *
 * @module pulumi-apigw-vpc
 */
export * from "./provider/vpcEndpointAssociation/index";
export * from "./provider/vpcLink/index";
export * from "./provider/endpointDnsReadiness/index";
export * from "./provider/domainNameAccessAssociations/index";
export * from "./provider/domainNameManagementPolicy/index";
export * from "./provider/domainNameResolution/index";
export * from "./provider/domainRoutingRules/index";
export {
  matchRule,
  selectRule,
  shadowedPairs,
  shadows,
  ROUTING_MODES,
  type HeaderMatch,
  type InvokeApiAction,
  type MatchBasePaths,
  type MatchHeaders,
  type RoutedRequest,
  type RoutingMode,
  type RoutingRuleCondition,
  type RoutingRuleSpec,
  type RoutingRuleWire,
} from "./provider/routingRules";
export { domainExecuteApiArn, domainNameArn, domainUrl, parseDomainNameArn, type DomainNameArnParts } from "./provider/domainNameArns";
export * from "./components/privateApiAccess";
export * from "./components/privateIntegrationLink";
export * from "./provider/privateIntegration/index";
export * from "./provider/stageRedeployment/index";
export * from "./provider/restApiPolicyStatements/index";
export * from "./components/privateRestApiIntegration";
export * from "./components/privateDomainAccess";
export { executeApiDomain, perVpceHostname, perVpceUrl } from "./provider/endpointNames";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./provider/retry";
export type { ProbeAnswer } from "./provider/dnsProbe";
export type { WaitResult } from "./provider/waiter";
export type { Operations, ResourceDefinition } from "./provider/defineResource";
export type { PatchOperation } from "./provider/patch";
export type { Clock } from "./provider/clock";
export * from "./provider/doctor";
export type { DiagnoseMode } from "./components/diagnosis";
export type { DeclaredEndpointSettings, EndpointSettingsArgs } from "./components/endpointSettings";
