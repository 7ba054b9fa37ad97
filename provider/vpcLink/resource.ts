/** VpcLink's class and the provider it stores in state (the calls are in operations.ts). */
import * as pulumi from "@pulumi/pulumi";
import { creationUrnOf } from "../creationUrn";
import * as contract from "../stateContract";
import { programRegion } from "../validation";
import { VPC_LINK, type VpcLinkArgs, type VpcLinkTimeouts } from "./model";

/** The provider stored in state: a small facade that reaches the operations through the state contract (stateContract.ts). */
export const vpcLinkProvider = VPC_LINK.storedProvider(() => contract.VpcLink());

/**
 * An API Gateway v2 VPC link for HTTP API private integrations. Creation waits until the link is
 * AVAILABLE; a changed subnet or security-group set replaces it (create first, then delete).
 */
export class VpcLink extends pulumi.dynamic.Resource {
  /** The id AWS gave the link; an HTTP API integration's `connectionId`. */
  declare readonly vpcLinkId: pulumi.Output<string>;
  /** arn:aws:apigateway:{region}::/vpclinks/{id}, as TagResource takes it. */
  declare readonly arn: pulumi.Output<string>;
  /** The link's name. */
  declare readonly name: pulumi.Output<string>;
  /** The link's subnet ids, sorted. */
  declare readonly subnetIds: pulumi.Output<string[]>;
  /** The link's security group ids, sorted. */
  declare readonly securityGroupIds: pulumi.Output<string[]>;
  /** The link's own tags, without `aws:` keys or the creation token. */
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** The region the link lives in. */
  declare readonly region: pulumi.Output<string>;
  /** PENDING, AVAILABLE, FAILED, DELETING or INACTIVE, as of the last create, update or refresh. */
  declare readonly status: pulumi.Output<string>;
  /** AWS's status message (why a link FAILED); empty when AWS gives none. */
  declare readonly statusMessage: pulumi.Output<string>;
  /** The timeouts as given in the args, if any. */
  declare readonly timeouts: pulumi.Output<VpcLinkTimeouts | undefined>;
  /** The value of the link's `pulumi-apigw-vpc:creation-token` tag (see the README's "Faults, lost answers and crashes"). */
  declare readonly creationToken: pulumi.Output<string | undefined>;

  /**
   * Declares a VPC link; creation waits until it is AVAILABLE.
   * @param name - The Pulumi resource name (not the link's AWS name, which is `args.name`).
   * @param args - The link's arguments.
   * @param opts - Pulumi resource options; `id` adopts an existing link (see {@link VpcLink.get}).
   */
  constructor(name: string, args: VpcLinkArgs, opts?: pulumi.CustomResourceOptions) {
    const region = args.region ?? programRegion(new pulumi.Config("aws"));
    const outputs = { vpcLinkId: undefined, arn: undefined, status: undefined, statusMessage: undefined, creationToken: undefined };
    // The URN scopes the creation token (check() turns it into the token and drops it). It must
    // not carry the parent as a dependency: a dependency on a component waits for all its other
    // children, and one of them may depend on this link (PrivateRestApiIntegration's drain), a cycle.
    const creationUrn = creationUrnOf(name, VPC_LINK.token, opts);
    super(
      vpcLinkProvider,
      name,
      { tags: undefined, timeouts: undefined, ...args, region, creationUrn, ...outputs },
      opts,
      VPC_LINK.module,
      VPC_LINK.type,
    );
  }

  /** Adopts an existing link by id: its state comes from the provider's read(). */
  static get(name: string, id: pulumi.Input<pulumi.ID>, region?: string, opts?: pulumi.CustomResourceOptions): VpcLink {
    return new VpcLink(name, { region } as VpcLinkArgs, { ...opts, id });
  }
}
