/**
 * PrivateIntegrationLink: an HTTP API VPC link for private integrations, as a component that
 * warns when a refreshed link has gone INACTIVE (no traffic for 60 days: its network
 * interfaces were deleted and the first requests will fail while they are re-created).
 */
import * as pulumi from "@pulumi/pulumi";
import { VpcLink, type VpcLinkArgs } from "../provider/vpcLink/index";

/** Arguments of {@link PrivateIntegrationLink}: those of {@link VpcLink}. */
export type PrivateIntegrationLinkArgs = VpcLinkArgs;

/** Pure: the warning for a link's status, if it deserves one. */
export function inactiveLinkWarning(name: string, status: string | undefined): string | undefined {
  if (status !== "INACTIVE") return undefined;
  return `VPC link ${name} is INACTIVE: API Gateway deleted its network interfaces after 60 days without traffic; requests through it fail until traffic re-provisions them (a few minutes)`;
}

/**
 * An HTTP API VPC link for private integrations, which warns when a refreshed link has gone
 * INACTIVE after 60 days without traffic.
 */
export class PrivateIntegrationLink extends pulumi.ComponentResource {
  /** The VPC link's id, for an integration's `connectionId`. */
  readonly vpcLinkId: pulumi.Output<string>;
  /** The VPC link's ARN. */
  readonly arn: pulumi.Output<string>;
  /** PENDING, AVAILABLE, FAILED, DELETING or INACTIVE. */
  readonly status: pulumi.Output<string>;
  /** The child VPC link resource. */
  readonly link: VpcLink;

  /**
   * Creates the VPC link as a child.
   * @param name - The component's name; the link is named after it.
   * @param args - The link's arguments.
   * @param opts - Pulumi component options.
   */
  constructor(name: string, args: PrivateIntegrationLinkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("apigw-vpc:index:PrivateIntegrationLink", name, {}, opts);
    this.link = new VpcLink(name, args, { parent: this });
    this.vpcLinkId = this.link.vpcLinkId;
    this.arn = this.link.arn;
    this.status = this.link.status.apply((status) => {
      const warning = inactiveLinkWarning(name, status);
      if (warning) pulumi.log.warn(warning, this.link);
      return status;
    });
    this.registerOutputs({ vpcLinkId: this.vpcLinkId, arn: this.arn, status: this.status });
  }
}
