/** PrivateIntegration's class and the provider it stores in state (the calls are in operations.ts). */
import * as pulumi from "@pulumi/pulumi";
import * as contract from "../stateContract";
import { programRegion } from "../validation";
import { PRIVATE_INTEGRATION, type PrivateIntegrationArgs } from "./model";
/** The provider stored in state: a small facade that reaches the operations through the state contract (stateContract.ts). */
export const privateIntegrationProvider = PRIVATE_INTEGRATION.storedProvider(() => contract.PrivateIntegration());

/**
 * A REST API method's private integration with an ALB or NLB through a v2 VPC link. Callers see
 * a change after the stage's next deployment: pair it with a StageRedeployment.
 */
export class PrivateIntegration extends pulumi.dynamic.Resource {
  /** The REST API's id. */
  declare readonly restApiId: pulumi.Output<string>;
  /** The API resource whose method is integrated. */
  declare readonly resourceId: pulumi.Output<string>;
  /** The integrated method. */
  declare readonly httpMethod: pulumi.Output<string>;
  /** The v2 VPC link's id (or the stage variable naming it). */
  declare readonly vpcLinkId: pulumi.Output<string>;
  /** The load balancer's ARN. */
  declare readonly integrationTarget: pulumi.Output<string>;
  /** The URL whose host and path reach the load balancer. */
  declare readonly uri: pulumi.Output<string>;
  /** The region of the API and the link. */
  declare readonly region: pulumi.Output<string>;
  /** Changes whenever a deployment would capture something new from this integration. */
  declare readonly revision: pulumi.Output<string>;

  /**
   * Declares the integration; create puts it (and the method, with `createMethod`) unless AWS already holds it.
   * @param name - The Pulumi resource name.
   * @param args - The method, the link, the load balancer and the integration's settings.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: PrivateIntegrationArgs, opts?: pulumi.CustomResourceOptions) {
    const region = args.region ?? programRegion(new pulumi.Config("aws"));
    super(
      privateIntegrationProvider,
      name,
      { ...args, region, revision: undefined },
      opts,
      PRIVATE_INTEGRATION.module,
      PRIVATE_INTEGRATION.type,
    );
  }
}
