/**
 * The type tokens of this package's resources: `pulumi-nodejs:dynamic/<module>:<type>`, as
 * `pulumi.dynamic.Resource` builds them from the module and type it is given. Previews,
 * policies and the mocks helper tell the resources apart by them.
 */
export const RESOURCE_MODULE = "apigw";
export const VPC_ENDPOINT_ASSOCIATION_TYPE = "pulumi-nodejs:dynamic/apigw:VpcEndpointAssociation";
export const VPC_LINK_TYPE = "pulumi-nodejs:dynamic/apigw:VpcLink";
export const ENDPOINT_DNS_READINESS_TYPE = "pulumi-nodejs:dynamic/apigw:EndpointDnsReadiness";
