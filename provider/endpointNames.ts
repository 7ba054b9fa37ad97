/** The names API Gateway publishes for a private API's VPC endpoints (pure). */

/** `execute-api.{region}.amazonaws.com`, or `.amazonaws.com.cn` in the China partition. */
export function executeApiDomain(region: string): string {
  return `execute-api.${region}.${region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

/** `{rest-api-id}-{vpce-id}.execute-api.{region}.amazonaws.com`. */
export function perVpceHostname(restApiId: string, vpcEndpointId: string, region: string): string {
  return `${restApiId}-${vpcEndpointId}.${executeApiDomain(region)}`;
}

/** `https://{rest-api-id}-{vpce-id}.execute-api.{region}.amazonaws.com/{stage}`. */
export function perVpceUrl(restApiId: string, vpcEndpointId: string, region: string, stageName: string): string {
  return `https://${perVpceHostname(restApiId, vpcEndpointId, region)}/${stageName}`;
}

/** The partition of a region, for ARNs. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
