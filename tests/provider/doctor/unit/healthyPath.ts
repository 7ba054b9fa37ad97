/**
 * A snapshot of a healthy private path (one API, one endpoint, one stage, a private domain and a
 * VPC link), and a function that breaks one link of it: the pure checks' test fixture.
 */
import type { Snapshot } from "../../../../provider/doctor/snapshot";
import type { DiagnoseOptions } from "../../../../provider/doctor/types";

export const REGION = "us-east-1";
export const API = "a1b2c3d4e5";
export const VPCE = "vpce-0123456789abcdef0";
export const OTHER_VPCE = "vpce-0fedcba9876543210";
export const VPC = "vpc-0123456789abcdef0";
export const GROUP = "sg-0123456789abcdef0";
export const ACCOUNT = "123456789012";
export const DOMAIN = "api.internal.example.com";
export const DOMAIN_ID = "abc123";
export const DOMAIN_ARN = `arn:aws:apigateway:${REGION}:${ACCOUNT}:/domainnames/${DOMAIN}+${DOMAIN_ID}`;
export const LINK = "lnk0abc";

/** The policy PrivateApiAccess's invokePolicy has: allow these endpoints, deny every other. */
export function endpointOnly(resource: string, endpoints: string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Allow",
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringEquals: { "aws:SourceVpce": endpoints } },
      },
      {
        Sid: "DenyOthers",
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringNotEquals: { "aws:SourceVpce": endpoints } },
      },
    ],
  });
}

export const API_POLICY = endpointOnly(`arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/*`, [VPCE]);
export const DOMAIN_POLICY = endpointOnly(`arn:aws:execute-api:${REGION}:${ACCOUNT}:/domainnames/${DOMAIN}+${DOMAIN_ID}`, [VPCE]);

export const OPTIONS: DiagnoseOptions = {
  region: REGION,
  restApiId: API,
  stageName: "prod",
  domainName: DOMAIN,
  domainNameId: DOMAIN_ID,
  vpcLinkId: LINK,
};

/** A fresh healthy snapshot. */
export function healthy(): Snapshot {
  return {
    region: REGION,
    api: { kind: "found", value: { id: API, name: "orders", endpointTypes: ["PRIVATE"], vpcEndpointIds: [VPCE], policy: API_POLICY } },
    stage: { kind: "found", value: { stageName: "prod", deploymentId: "dep123" } },
    vpcEndpointIds: [VPCE],
    endpoints: {
      [VPCE]: {
        kind: "found",
        value: {
          vpcEndpointId: VPCE,
          vpcEndpointType: "Interface",
          state: "available",
          serviceName: `com.amazonaws.${REGION}.execute-api`,
          vpcId: VPC,
          privateDnsEnabled: false,
          groupIds: [GROUP],
          ownerId: ACCOUNT,
        },
      },
    },
    ingress: {
      [GROUP]: {
        kind: "found",
        value: [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["10.0.0.0/16"], ipv6Cidrs: [], groupIds: [], prefixListIds: [] }],
      },
    },
    vpcs: { [VPC]: { kind: "found", value: ["10.0.0.0/16"] } },
    vpcSiblings: { [VPC]: { kind: "found", value: [{ vpcEndpointId: VPCE, privateDnsEnabled: false, state: "available" }] } },
    perVpceDns: { [VPCE]: { kind: "addresses", addresses: ["10.0.1.10"] } },
    domain: {
      kind: "found",
      value: { domainName: DOMAIN, domainNameId: DOMAIN_ID, domainNameArn: DOMAIN_ARN, endpointTypes: ["PRIVATE"], policy: DOMAIN_POLICY },
    },
    accessAssociations: {
      kind: "found",
      value: [{ arn: `${DOMAIN_ARN}/assoc`, domainNameArn: DOMAIN_ARN, sourceType: "VPCE", source: VPCE }],
    },
    basePathMappings: { kind: "found", value: [{ basePath: "(none)", restApiId: API, stage: "prod" }] },
    vpcLink: { kind: "found", value: { vpcLinkId: LINK, status: "AVAILABLE" } },
  };
}
