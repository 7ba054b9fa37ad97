/**
 * Policies for REST integrations through VPC links. A REST integration on a v2 link (the
 * apigatewayv2 link an ALB or NLB sits behind) must name the load balancer in
 * `integrationTarget`; AWS otherwise refuses it with "IntegrationTarget is required for VpcLinkV2".
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { PRIVATE_INTEGRATION, propertyDependencyUrns, readKnown, REST_INTEGRATION, V2_VPC_LINK_TYPES } from "./resources";

const targetMissing = (resource: PolicyResource) => {
  const target = readKnown(() => resource.props.integrationTarget as unknown);
  // An unknown target (an output not yet known at preview) is not a missing one.
  return target === "" || (target === undefined && !isUnknownProp(resource, "integrationTarget"));
};

function isUnknownProp(resource: PolicyResource, key: string): boolean {
  return key in resource.props && readKnown(() => resource.props[key] as unknown) === undefined;
}

/** 7. An integration on a v2 VPC link names its load balancer. */
export const integrationTargetOnV2Link: StackValidationPolicy = {
  name: "integration-target-on-v2-link",
  description:
    "A REST integration through an apigatewayv2 VPC link names the ALB or NLB in integrationTarget " +
    '(AWS refuses it otherwise: "IntegrationTarget is required for VpcLinkV2").',
  enforcementLevel: "mandatory",
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation): void => {
    const v2Links = new Set(args.resources.filter((r) => V2_VPC_LINK_TYPES.includes(r.type)).map((r) => r.urn));
    for (const r of args.resources) {
      if (r.type === PRIVATE_INTEGRATION && targetMissing(r)) {
        reportViolation(`PrivateIntegration '${r.name}' has no integrationTarget; a v2 VPC link needs the load balancer's ARN`, r.urn);
      }
      if (r.type !== REST_INTEGRATION || readKnown(() => r.props.connectionType as unknown) !== "VPC_LINK") continue;
      // Only a connectionId that comes from a v2 link in this stack is known to be one; a literal id may be a v1 link.
      const viaV2 = [...propertyDependencyUrns(r, "connectionId")].some((u) => v2Links.has(u));
      if (viaV2 && targetMissing(r)) {
        reportViolation(
          `Integration '${r.name}' uses a v2 VPC link (connectionId) but has no integrationTarget; name the ALB or NLB ARN`,
          r.urn,
        );
      }
    }
  },
};
