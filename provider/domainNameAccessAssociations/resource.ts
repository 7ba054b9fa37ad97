/** DomainNameAccessAssociations's class and the provider it stores in state (the calls are in operations.ts). */
import * as pulumi from "@pulumi/pulumi";
import { creationUrnOf } from "../creationUrn";
import * as contract from "../stateContract";
import { DOMAIN_NAME_ACCESS_ASSOCIATIONS, type DomainNameAccessAssociationsArgs } from "./model";
/** The provider stored in state: a small facade over the operations (see defineResource.ts). */
export const domainNameAccessAssociationsProvider = DOMAIN_NAME_ACCESS_ASSOCIATIONS.storedProvider(() =>
  contract.DomainNameAccessAssociations(),
);

/**
 * Associates VPC endpoints with a private custom domain name, one association per endpoint,
 * and keeps the set in step with the fewest calls. Works for the domain's owner and for a
 * consumer account the domain is shared with, from the domain's ARN alone.
 */
export class DomainNameAccessAssociations extends pulumi.dynamic.Resource {
  /** The private custom domain name's ARN. */
  declare readonly domainNameArn: pulumi.Output<string>;
  /** The region of the domain and the endpoints. */
  declare readonly region: pulumi.Output<string>;
  /** The domain's host name, from the ARN. */
  declare readonly domainName: pulumi.Output<string>;
  /** The identifier AWS gave this private domain name, from the ARN. */
  declare readonly domainNameId: pulumi.Output<string>;
  /** The endpoints this resource manages, sorted. */
  declare readonly vpcEndpointIds: pulumi.Output<string[]>;
  /** vpce id -> association ARN. */
  declare readonly associationArns: pulumi.Output<Record<string, string>>;
  /** Managed endpoints whose association existed before; left in place on delete. */
  declare readonly adoptedVpcEndpointIds: pulumi.Output<string[]>;
  /** Whether other accounts' undeclared associations are rejected. */
  declare readonly rejectOtherAccounts: pulumi.Output<boolean>;
  /** Other accounts' endpoints whose associations are kept, sorted. */
  declare readonly otherAccountVpcEndpointIds: pulumi.Output<string[]>;
  /** Other accounts' associations rejected by the last create or update. */
  declare readonly rejectedAssociationArns: pulumi.Output<string[]>;

  /**
   * Declares the associations; create makes one per endpoint not yet associated.
   * @param name - The Pulumi resource name.
   * @param args - The domain's ARN and the endpoints.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: DomainNameAccessAssociationsArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      rejectOtherAccounts: args.rejectOtherAccounts ?? false,
      otherAccountVpcEndpointIds: args.otherAccountVpcEndpointIds ?? [],
      domainName: undefined,
      domainNameId: undefined,
      associationArns: undefined,
      adoptedVpcEndpointIds: undefined,
      rejectedAssociationArns: undefined,
      creationUrn: creationUrnOf(name, DOMAIN_NAME_ACCESS_ASSOCIATIONS.token, opts),
    };
    super(
      domainNameAccessAssociationsProvider,
      name,
      props,
      opts,
      DOMAIN_NAME_ACCESS_ASSOCIATIONS.module,
      DOMAIN_NAME_ACCESS_ASSOCIATIONS.type,
    );
  }
}
