/** EndpointDnsReadiness's class and the provider it stores in state (the calls are in operations.ts). */
import * as pulumi from "@pulumi/pulumi";
import * as contract from "../stateContract";
import { programRegion } from "../validation";
import { ENDPOINT_DNS_READINESS, type EndpointDnsReadinessArgs, type EndpointDnsReadinessOutputs, type HostnameReadiness } from "./model";

/** The provider stored in state: a small facade that reaches the operations through the state contract (stateContract.ts). */
export const endpointDnsReadinessProvider = ENDPOINT_DNS_READINESS.storedProvider(() => contract.EndpointDnsReadiness());

/** Waits until every per-VPCE name of a private REST API resolves, and records when. */
export class EndpointDnsReadiness extends pulumi.dynamic.Resource {
  /** The PRIVATE REST API whose names were waited for. */
  declare readonly restApiId: pulumi.Output<string>;
  /** The API's region. */
  declare readonly region: pulumi.Output<string>;
  /** The per-VPCE names, one per endpoint. */
  declare readonly hostnames: pulumi.Output<string[]>;
  /** Per name: its addresses and when it became ready. */
  declare readonly records: pulumi.Output<Record<string, HostnameReadiness>>;
  /** Milliseconds the last wait took. */
  declare readonly totalWaitMs: pulumi.Output<number>;
  /** The DNS servers the last wait queried. */
  declare readonly queriedServers: pulumi.Output<string[]>;
  /** How those servers were chosen. */
  declare readonly serverSource: pulumi.Output<string>;
  /** The redeploy made during the last wait, or null. */
  declare readonly redeployment: pulumi.Output<EndpointDnsReadinessOutputs["redeployment"]>;

  /**
   * Declares the wait; create and update return once every name is ready, or fail at the timeout.
   * @param name - The Pulumi resource name.
   * @param args - The API, its endpoints and the wait's options.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: EndpointDnsReadinessArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      region: args.region ?? programRegion(new pulumi.Config("aws")),
      hostnames: undefined,
      records: undefined,
      totalWaitMs: undefined,
      queriedServers: undefined,
      serverSource: undefined,
      redeployment: undefined,
    };
    super(endpointDnsReadinessProvider, name, props, opts, ENDPOINT_DNS_READINESS.module, ENDPOINT_DNS_READINESS.type);
  }
}
