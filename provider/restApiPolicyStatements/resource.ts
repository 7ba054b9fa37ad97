/** RestApiPolicyStatements' class and the provider it stores in state (the calls are in operations.ts). */
import * as pulumi from "@pulumi/pulumi";
import * as contract from "../stateContract";
import { programRegion } from "../validation";
import { REST_API_POLICY_STATEMENTS, type PolicyStatement, type RestApiPolicyStatementsArgs } from "./model";

/** The provider stored in state: a small facade that reaches the operations through the state contract (stateContract.ts). */
export const restApiPolicyStatementsProvider = REST_API_POLICY_STATEMENTS.storedProvider(() => contract.RestApiPolicyStatements());

/**
 * Owns some statements of a REST API's resource policy, by their `Sid`, and leaves the others in
 * place, so that several stacks can share one API's policy. It redeploys `redeployStages` after
 * each change, since a stage serves the policy of its last deployment.
 */
export class RestApiPolicyStatements extends pulumi.dynamic.Resource {
  /** The REST API whose policy holds the statements. */
  declare readonly restApiId: pulumi.Output<string>;
  /** The API's region. */
  declare readonly region: pulumi.Output<string>;
  /** The owned statements: after a refresh, as the policy holds them now. */
  declare readonly statements: pulumi.Output<PolicyStatement[]>;
  /** The stages redeployed after each change, sorted. */
  declare readonly redeployStages: pulumi.Output<string[]>;
  /** The API's whole resource policy after the last operation ("" when it has none). */
  declare readonly policy: pulumi.Output<string>;
  /** Stage -> the deployment this resource made last for it. */
  declare readonly deploymentIds: pulumi.Output<Record<string, string>>;

  /**
   * Declares the statements; create adds them to the policy with one write and redeploys the stages.
   * @param name - The Pulumi resource name.
   * @param args - The API, the statements and the stages to redeploy.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: RestApiPolicyStatementsArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      region: args.region ?? programRegion(new pulumi.Config("aws")),
      redeployStages: args.redeployStages ?? [],
      policy: undefined,
      deploymentIds: undefined,
    };
    super(restApiPolicyStatementsProvider, name, props, opts, REST_API_POLICY_STATEMENTS.module, REST_API_POLICY_STATEMENTS.type);
  }
}
