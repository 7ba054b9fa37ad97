/**
 * Policies for private custom domain names, plain objects like those in policies.ts.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { openInvokeStatements, parsePolicyDocument } from "./iamPolicy";
import { isRecord } from "./resources";

export const DOMAIN_NAME = "aws:apigateway/domainName:DomainName";

/** True for a PRIVATE domain. Not policies.ts's RestApi helper: importing it would make a cycle. */
function isPrivateDomain(props: Record<string, unknown>): boolean {
  const configuration = props.endpointConfiguration;
  return isRecord(configuration) && ([] as unknown[]).concat(configuration.types).some((t) => t === "PRIVATE");
}

/**
 * A PRIVATE aws.apigateway.DomainName's `policy` does not let everyone invoke the domain without
 * a VPC condition. An absent policy passes: AWS gives a new private domain one that denies all.
 */
export const privateDomainInvokeRestricted: ResourceValidationPolicy = {
  name: "private-domain-invoke-restricted",
  description:
    "The policy of a PRIVATE aws.apigateway.DomainName does not Allow execute-api:Invoke to any principal without an " +
    "aws:SourceVpce or aws:SourceVpc condition (or a Deny of requests from outside them).",
  enforcementLevel: "mandatory",
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    if (args.type !== DOMAIN_NAME || !isPrivateDomain(args.props)) return;
    const subject = `DomainName '${args.name}' is PRIVATE and its policy`;
    const parsed = parsePolicyDocument(args.props.policy);
    if (!parsed.ok) {
      reportViolation(`${subject} ${parsed.problem}, so it cannot be checked for an aws:SourceVpce or aws:SourceVpc condition`);
      return;
    }
    for (const label of openInvokeStatements(parsed.statements)) {
      reportViolation(
        `${subject} ${label} allows execute-api:Invoke to any principal without an aws:SourceVpce or aws:SourceVpc condition`,
      );
    }
  },
};
