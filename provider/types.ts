/**
 * The type tokens of this package's resources: `pulumi-nodejs:dynamic/<module>:<type>`, as
 * `pulumi.dynamic.Resource` builds them from the module and type it is given. Previews,
 * policies and the mocks helper tell the resources apart by them.
 */

/** The module part of every type token. */
export const RESOURCE_MODULE = "apigw";
/** The type token of `VpcEndpointAssociation` resources. */
export const VPC_ENDPOINT_ASSOCIATION_TYPE = "pulumi-nodejs:dynamic/apigw:VpcEndpointAssociation";
/** The type token of `VpcLink` resources. */
export const VPC_LINK_TYPE = "pulumi-nodejs:dynamic/apigw:VpcLink";
/** The type token of `EndpointDnsReadiness` resources. */
export const ENDPOINT_DNS_READINESS_TYPE = "pulumi-nodejs:dynamic/apigw:EndpointDnsReadiness";
/** The type token of `PrivateIntegration` resources. */
export const PRIVATE_INTEGRATION_TYPE = "pulumi-nodejs:dynamic/apigw:PrivateIntegration";
/** The type token of `StageRedeployment` resources. */
export const STAGE_REDEPLOYMENT_TYPE = "pulumi-nodejs:dynamic/apigw:StageRedeployment";
/** The type token of `DomainNameAccessAssociations` resources. */
export const DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE = "pulumi-nodejs:dynamic/apigw:DomainNameAccessAssociations";
/** The type token of `DomainNameManagementPolicy` resources. */
export const DOMAIN_NAME_MANAGEMENT_POLICY_TYPE = "pulumi-nodejs:dynamic/apigw:DomainNameManagementPolicy";
/** The type token of `DomainNameResolution` resources. */
export const DOMAIN_NAME_RESOLUTION_TYPE = "pulumi-nodejs:dynamic/apigw:DomainNameResolution";
/** The type token of `RestApiPolicyStatements` resources. */
export const REST_API_POLICY_STATEMENTS_TYPE = "pulumi-nodejs:dynamic/apigw:RestApiPolicyStatements";
/** The type token of `DomainRoutingRules` resources. */
export const DOMAIN_ROUTING_RULES_TYPE = "pulumi-nodejs:dynamic/apigw:DomainRoutingRules";
