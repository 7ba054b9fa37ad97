/** VpcEndpointAssociation's class and the provider it stores in state (the calls are in operations.ts). */
import * as pulumi from "@pulumi/pulumi";
import * as contract from "../stateContract";
import { creationUrnOf } from "../creationUrn";
import { programRegion } from "../validation";
import { VPC_ENDPOINT_ASSOCIATION, type VpcEndpointAssociationArgs } from "./model";

/** The provider stored in state: a small facade that reaches the operations through the state contract (stateContract.ts). */
export const vpcEndpointAssociationProvider = VPC_ENDPOINT_ASSOCIATION.storedProvider(() => contract.VpcEndpointAssociation());

/**
 * Associates VPC endpoints with a PRIVATE REST API and keeps the association in place with the
 * fewest patch operations. Use it beside `aws.apigateway.RestApi` with
 * `ignoreChanges: ["endpointConfiguration.vpcEndpointIds"]` so the two never fight.
 */
export class VpcEndpointAssociation extends pulumi.dynamic.Resource {
  /** The PRIVATE REST API whose endpoint list this resource manages. */
  declare readonly restApiId: pulumi.Output<string>;
  /** The API's region. */
  declare readonly region: pulumi.Output<string>;
  /** Whether this resource owns the API's whole endpoint list. */
  declare readonly exclusive: pulumi.Output<boolean>;
  /** The ids this resource manages, sorted. */
  declare readonly vpcEndpointIds: pulumi.Output<string[]>;
  /** Managed ids that pre-existed on the API; left in place on delete. */
  declare readonly adoptedVpcEndpointIds: pulumi.Output<string[]>;
  /** The API's whole endpoint list after the last operation, sorted. */
  declare readonly apiVpcEndpointIds: pulumi.Output<string[]>;

  /**
   * Declares the association; create patches the API's endpoint list at most once.
   * @param name - The Pulumi resource name.
   * @param args - The API, the endpoint ids and the ownership flags.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: VpcEndpointAssociationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      region: args.region ?? programRegion(new pulumi.Config("aws")),
      exclusive: args.exclusive ?? false,
      adoptedVpcEndpointIds: undefined,
      apiVpcEndpointIds: undefined,
      creationUrn: creationUrnOf(name, VPC_ENDPOINT_ASSOCIATION.token, opts),
    };
    super(vpcEndpointAssociationProvider, name, props, opts, VPC_ENDPOINT_ASSOCIATION.module, VPC_ENDPOINT_ASSOCIATION.type);
  }
}
