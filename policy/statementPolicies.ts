/**
 * A policy for RestApiPolicyStatements, a plain object like those in policies.ts: what the
 * components (or anyone) attach to a PRIVATE API's shared resource policy stays scoped to VPCs.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { REST_API_POLICY_STATEMENTS_TYPE, VPC_ENDPOINT_ASSOCIATION_TYPE } from "../provider/types";
import { isRecord, parentUrn, propertyDependencyUrns, readKnown, REST_API } from "./resources";

export const REST_API_POLICY_STATEMENTS = REST_API_POLICY_STATEMENTS_TYPE;
/** Components whose APIs are PRIVATE by contract (they associate VPC endpoints with them). */
const PRIVATE_API_COMPONENTS: readonly string[] = ["apigw-vpc:index:PrivateApiAccess", "apigw-vpc:index:PrivateDomainAccess"];
const VPC_KEYS: readonly string[] = ["aws:sourcevpce", "aws:sourcevpc"];

/** True if an Allow statement carries a condition on aws:SourceVpce or aws:SourceVpc (any operator, any case). */
export function restrictsByVpc(statement: Record<string, unknown>): boolean {
  const condition = statement.Condition;
  if (!isRecord(condition)) return false;
  return Object.values(condition).some((block) => isRecord(block) && Object.keys(block).some((k) => VPC_KEYS.includes(k.toLowerCase())));
}

/** Why the resource's API is known to be PRIVATE, or undefined if the stack does not say. */
function privateEvidence(resource: PolicyResource, all: readonly PolicyResource[]): string | undefined {
  const parent = all.find((r) => r.urn === parentUrn(resource));
  if (parent && PRIVATE_API_COMPONENTS.includes(parent.type)) return `attached by ${parent.type.split(":").pop()} '${parent.name}'`;
  const deps = propertyDependencyUrns(resource, "restApiId");
  const restApiId = readKnown(() => resource.props.restApiId as unknown);
  const api = all.find(
    (r) => r.type === REST_API && (deps.has(r.urn) || (restApiId !== undefined && readKnown(() => r.props.id) === restApiId)),
  );
  if (api) {
    const configuration = readKnown(() => api.props.endpointConfiguration as unknown);
    const types = isRecord(configuration) ? ([] as unknown[]).concat(configuration.types) : [];
    return types.some((t) => typeof t === "string" && t.toUpperCase() === "PRIVATE") ? `on PRIVATE RestApi '${api.name}'` : undefined;
  }
  const association = all.find(
    (r) => r.type === VPC_ENDPOINT_ASSOCIATION_TYPE && restApiId !== undefined && readKnown(() => r.props.restApiId) === restApiId,
  );
  return association ? `on the PRIVATE API of VpcEndpointAssociation '${association.name}'` : undefined;
}

/**
 * 9. Every Allow statement a RestApiPolicyStatements attaches to a PRIVATE API restricts by
 * aws:SourceVpce or aws:SourceVpc. In a policy that several stacks share, one open Allow opens
 * the API to every caller the others meant to keep out. Deny statements only narrow access, so
 * they pass. The API counts as PRIVATE when the resource is a component's child, when the
 * stack's RestApi says so, or when a VpcEndpointAssociation targets the same API.
 */
export const attachedStatementsRestrictedToVpc: StackValidationPolicy = {
  name: "attached-statements-restricted-to-vpc",
  description:
    "Every Allow statement that a RestApiPolicyStatements (as attached by PrivateApiAccess or PrivateDomainAccess) adds to a " +
    "PRIVATE API's resource policy has an aws:SourceVpce or aws:SourceVpc condition.",
  enforcementLevel: "mandatory",
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation): void => {
    for (const resource of args.resources.filter((r) => r.type === REST_API_POLICY_STATEMENTS)) {
      const evidence = privateEvidence(resource, args.resources);
      if (!evidence) continue;
      const statements = readKnown(() => resource.props.statements as unknown);
      if (!Array.isArray(statements)) continue; // unknown during preview: checked after the update
      statements.forEach((statement: unknown, i) => {
        if (!isRecord(statement) || statement.Effect !== "Allow" || restrictsByVpc(statement)) return;
        const sid = typeof statement.Sid === "string" ? ` (Sid ${statement.Sid})` : "";
        reportViolation(
          `RestApiPolicyStatements '${resource.name}' ${evidence}: statements[${i}]${sid} is an Allow without an aws:SourceVpce or aws:SourceVpc condition`,
          resource.urn,
        );
      });
    }
  },
};
