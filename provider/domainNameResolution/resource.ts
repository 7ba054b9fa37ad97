/** DomainNameResolution's class and the provider it stores in state (the calls are in operations.ts). */
import * as pulumi from "@pulumi/pulumi";
import * as contract from "../stateContract";
import { DOMAIN_NAME_RESOLUTION, type DomainNameResolutionArgs } from "./model";
/** The provider stored in state: a small facade that reaches the operations through the state contract (stateContract.ts). */
export const domainNameResolutionProvider = DOMAIN_NAME_RESOLUTION.storedProvider(() => contract.DomainNameResolution());

/** Waits until a private custom domain name resolves through the given resolvers. */
export class DomainNameResolution extends pulumi.dynamic.Resource {
  /** The name that was resolved. */
  declare readonly hostname: pulumi.Output<string>;
  /** The A addresses the name resolved to, sorted. */
  declare readonly addresses: pulumi.Output<string[]>;
  /** Milliseconds the last wait took until the name was ready. */
  declare readonly waitedMs: pulumi.Output<number>;
  /** ISO time at which the name became ready. */
  declare readonly readyAt: pulumi.Output<string>;

  /**
   * Declares the wait; create and update return once the name resolves, or fail at the timeout.
   * @param name - The Pulumi resource name.
   * @param args - The name, the resolvers and the wait's options.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: DomainNameResolutionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      domainNameResolutionProvider,
      name,
      { ...args, addresses: undefined, waitedMs: undefined, readyAt: undefined },
      opts,
      DOMAIN_NAME_RESOLUTION.module,
      DOMAIN_NAME_RESOLUTION.type,
    );
  }
}
