/**
 * The type tokens of this package's resources: `pulumi-nodejs:dynamic/<module>:<type>`, as
 * `pulumi.dynamic.Resource` builds them from the module and type it is given. Previews,
 * policies and the mocks helper tell the resources apart by them.
 */
export const RESOURCE_MODULE = "apigw";
export const VPC_ENDPOINT_ASSOCIATION_TYPE = "pulumi-nodejs:dynamic/apigw:VpcEndpointAssociation";
export const VPC_LINK_TYPE = "pulumi-nodejs:dynamic/apigw:VpcLink";
export const ENDPOINT_DNS_READINESS_TYPE = "pulumi-nodejs:dynamic/apigw:EndpointDnsReadiness";
export const PRIVATE_INTEGRATION_TYPE = "pulumi-nodejs:dynamic/apigw:PrivateIntegration";
export const STAGE_REDEPLOYMENT_TYPE = "pulumi-nodejs:dynamic/apigw:StageRedeployment";
export const DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE = "pulumi-nodejs:dynamic/apigw:DomainNameAccessAssociations";
export const DOMAIN_NAME_MANAGEMENT_POLICY_TYPE = "pulumi-nodejs:dynamic/apigw:DomainNameManagementPolicy";
export const DOMAIN_NAME_RESOLUTION_TYPE = "pulumi-nodejs:dynamic/apigw:DomainNameResolution";
