/**
 * The providers' own `check()` under the mocks: a registration of one of this package's resources
 * is checked as `pulumi preview` checks it, so a unit test fails on the same bad input, with the
 * same text (the field and the rule).
 */
import type * as pulumi from "@pulumi/pulumi";
import * as contract from "../provider/stateContract";
import * as types from "../provider/types";
import { resolveRegion } from "../provider/validation";

type Operations = ReturnType<typeof contract.VpcLink>;

/** Each resource type's operations, reached through the state contract as a stored provider reaches them. */
const OPERATIONS: Record<string, () => Operations> = {
  [types.VPC_ENDPOINT_ASSOCIATION_TYPE]: contract.VpcEndpointAssociation,
  [types.VPC_LINK_TYPE]: contract.VpcLink,
  [types.ENDPOINT_DNS_READINESS_TYPE]: contract.EndpointDnsReadiness,
  [types.PRIVATE_INTEGRATION_TYPE]: contract.PrivateIntegration,
  [types.STAGE_REDEPLOYMENT_TYPE]: contract.StageRedeployment,
  [types.DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE]: contract.DomainNameAccessAssociations,
  [types.DOMAIN_NAME_MANAGEMENT_POLICY_TYPE]: contract.DomainNameManagementPolicy,
  [types.DOMAIN_NAME_RESOLUTION_TYPE]: contract.DomainNameResolution,
  [types.REST_API_POLICY_STATEMENTS_TYPE]: contract.RestApiPolicyStatements,
  [types.DOMAIN_ROUTING_RULES_TYPE]: contract.DomainRoutingRules,
};

/** The resource types whose registrations the mocks check. */
export const CHECKED_TYPES: readonly string[] = Object.keys(OPERATIONS);

/** A registration the provider's check() refused: one line per failure, as the engine reports them. */
export class MockCheckError extends Error {
  /**
   * One line per failure, in the engine's words: `{type} resource '{name}' has a problem: {reason}`.
   * @param type - The resource's type token.
   * @param name - The resource's name.
   * @param failures - What check() returned: each names the field and the rule.
   */
  constructor(
    readonly type: string,
    readonly name: string,
    readonly failures: readonly pulumi.dynamic.CheckFailure[],
  ) {
    super(failures.map((f) => `${type} resource '${name}' has a problem: ${f.reason}`).join("\n"));
    this.name = "MockCheckError";
  }
}

/**
 * Runs the provider's check() on a registration's inputs, as the engine does before any create or
 * update. Returns the checked inputs (normalised: sorted ids, resolved region), or undefined for a
 * type that is not this package's; throws a {@link MockCheckError} on bad input.
 * @param type - The resource's type token.
 * @param name - The resource's name.
 * @param inputs - Its inputs, without `__provider`.
 * @param region - The region check() falls back to when neither the inputs nor AWS_REGION/AWS_DEFAULT_REGION name one.
 * @returns The inputs the provider would receive, or undefined for another package's type.
 */
export async function checkRegistration(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  region: string,
): Promise<Record<string, unknown> | undefined> {
  const operations = OPERATIONS[type];
  if (!operations) return undefined;
  const result = await withRegionFallback(region, () => operations().check({}, inputs as never));
  if (result.failures?.length) throw new MockCheckError(type, name, result.failures);
  return { ...inputs, ...(result.inputs as Record<string, unknown> | undefined) };
}

/**
 * Runs `check` as a preview would run in a shell with AWS_REGION set to `region` (unless the
 * environment names one already). check() reads the environment synchronously, before its
 * first await, so the variable is put back before any other code runs.
 */
function withRegionFallback<T>(region: string, check: () => Promise<T>): Promise<T> {
  if (resolveRegion(undefined)) return check();
  process.env.AWS_REGION = region;
  try {
    return check();
  } finally {
    delete process.env.AWS_REGION;
  }
}
