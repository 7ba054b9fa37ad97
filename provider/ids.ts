/** Id formats AWS issues; the providers' check() and the sandbox's models share them. */
export const VPC_ENDPOINT_ID = /^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** VPC_ENDPOINT_ID in words, as check() errors say it. */
export const VPC_ENDPOINT_ID_RULE = "a VPC endpoint id (vpce- followed by 8 or 17 lowercase hex digits)";
export const SUBNET_ID = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const SECURITY_GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const REST_API_ID = /^[a-z0-9]{10}$/;
/** REST_API_ID in words, as check() errors say it. */
export const REST_API_ID_RULE = "a REST API id (10 lowercase letters or digits)";
/** API Gateway v2 VPC link ids: lowercase letters and digits. */
export const VPC_LINK_ID = /^[a-z0-9]{1,32}$/;
