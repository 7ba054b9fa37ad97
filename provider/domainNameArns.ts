/**
 * Names and ARNs of private custom domain names (pure). A private domain is identified by its
 * name and its `domainNameId`, both of which its ARN carries:
 * `arn:{partition}:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId}`.
 */
import { partitionOf } from "./endpointNames";

/** A DNS name of 1-253 characters, optionally a wildcard (`*.example.com`). */
export const DOMAIN_NAME = /^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
/**
 * Assumed(domain-name-id-format): AWS documents `domainNameId` only as a string; the ids it issues are short
 * lowercase alphanumerics, so that is what check() accepts.
 */
export const DOMAIN_NAME_ID = /^[a-z0-9]{1,64}$/;
/** An AWS account id: 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;

const DOMAIN_NAME_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):apigateway:([a-z0-9-]+):(\d{12}):\/domainnames\/([^+/]+)\+([^+/]+)$/;

/** The parts of a private domain's ARN. */
export interface DomainNameArnParts {
  /** `aws`, `aws-cn`, `aws-us-gov` or an ISO partition. */
  partition: string;
  /** The domain's region. */
  region: string;
  /** The 12-digit id of the account that owns the domain. */
  accountId: string;
  /** The domain's host name, possibly a wildcard (`*.example.com`). */
  domainName: string;
  /** The identifier AWS gave this private domain name (after `+` in the ARN). */
  domainNameId: string;
}

/** The parts of a well-formed private domain ARN, or undefined. */
export function parseDomainNameArn(arn: string): DomainNameArnParts | undefined {
  const m = DOMAIN_NAME_ARN.exec(arn);
  if (!m) return undefined;
  return { partition: m[1], region: m[2], accountId: m[3], domainName: m[4], domainNameId: m[5] };
}

/** A private domain's ARN, `arn:{partition}:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId}`. */
export function domainNameArn(region: string, accountId: string, domainName: string, domainNameId: string): string {
  return `arn:${partitionOf(region)}:apigateway:${region}:${accountId}:/domainnames/${domainName}+${domainNameId}`;
}

/** The ARN API Gateway gives the association of one VPC endpoint with a private domain. */
export function accessAssociationArn(
  region: string,
  accountId: string,
  domainName: string,
  domainNameId: string,
  vpcEndpointId: string,
): string {
  return `arn:${partitionOf(region)}:apigateway:${region}:${accountId}:/domainnameaccessassociations/domainname/${domainName}+${domainNameId}/vpcesource/${vpcEndpointId}`;
}

/** The execute-api ARN that a private domain's `policy` grants Invoke on. */
export function domainExecuteApiArn(parts: Pick<DomainNameArnParts, "region" | "accountId" | "domainName" | "domainNameId">): string {
  return `arn:${partitionOf(parts.region)}:execute-api:${parts.region}:${parts.accountId}:/domainnames/${parts.domainName}+${parts.domainNameId}`;
}

/** `https://{domain}/{basePath}`; the empty base path (or "(none)") maps the domain's root. */
export function domainUrl(domainName: string, basePath = ""): string {
  const path = basePath === "(none)" ? "" : basePath.replace(/^\/+|\/+$/g, "");
  return `https://${domainName}/${path}`;
}
