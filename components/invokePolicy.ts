/**
 * Pure: an IAM policy that allows execute-api:Invoke on `resource` only from the given VPC
 * endpoints (aws:SourceVpce) and denies every other caller. Shared by the REST API's resource
 * policy (PrivateApiAccess) and a private custom domain's policy (PrivateDomainAccess).
 */
export function endpointOnlyInvokePolicy(resource: string, endpoints: readonly string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowInvokeFromAssociatedEndpoints",
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringEquals: { "aws:SourceVpce": endpoints } },
      },
      {
        Sid: "DenyInvokeFromAnywhereElse",
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringNotEquals: { "aws:SourceVpce": endpoints } },
      },
    ],
  });
}
