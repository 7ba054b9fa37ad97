/** DomainNameManagementPolicy's class and the provider it stores in state (the calls are in operations.ts). */
import * as pulumi from "@pulumi/pulumi";
import * as contract from "../stateContract";
import { DOMAIN_NAME_MANAGEMENT_POLICY, type DomainNameManagementPolicyArgs } from "./model";
/** The provider stored in state: a small facade that reaches the operations through the state contract (stateContract.ts). */
export const domainNameManagementPolicyProvider = DOMAIN_NAME_MANAGEMENT_POLICY.storedProvider(() => contract.DomainNameManagementPolicy());

/**
 * Lets other accounts associate their VPC endpoints with a private custom domain name (the
 * API Gateway alternative to sharing it with AWS RAM). Only its own statement is touched.
 */
export class DomainNameManagementPolicy extends pulumi.dynamic.Resource {
  /** The shared domain's ARN. */
  declare readonly domainNameArn: pulumi.Output<string>;
  /** The domain's region. */
  declare readonly region: pulumi.Output<string>;
  /** The accounts our statement names, sorted. */
  declare readonly accountIds: pulumi.Output<string[]>;
  /** The domain's whole managementPolicy after the last operation. */
  declare readonly managementPolicy: pulumi.Output<string>;

  /**
   * Declares the share; create and update change the managementPolicy only when they must.
   * @param name - The Pulumi resource name.
   * @param args - The domain's ARN and the accounts to share it with.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: DomainNameManagementPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      domainNameManagementPolicyProvider,
      name,
      { ...args, managementPolicy: undefined },
      opts,
      DOMAIN_NAME_MANAGEMENT_POLICY.module,
      DOMAIN_NAME_MANAGEMENT_POLICY.type,
    );
  }
}
