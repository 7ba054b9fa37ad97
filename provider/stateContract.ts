/**
 * The state contract. Every resource of this package stores its provider in users' state
 * (`__provider`), and refresh and destroy run that stored code, not the current one. Once the
 * package is installed, the stored provider is a small facade (providerVia.ts) that does
 * `require("pulumi-apigw-vpc/dist/provider/stateContract.js").operationsOf("<kind>")`.
 *
 * This module's path, `operationsOf` and the kinds below are therefore a public contract: keep
 * them, and keep every operation accepting the state shapes of earlier versions. Providers
 * stored before this module existed require `dist/provider/{vpcLink,vpcEndpointAssociation,
 * endpointDnsReadiness}.js` and read their `…Operations` export: those stay too.
 * tests/e2e/stateContract.test.ts snapshots what is stored and upgrades a stack made by the
 * previous commit's package.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as association from "./vpcEndpointAssociation";
import * as readiness from "./endpointDnsReadiness";
import * as link from "./vpcLink";

/** The resource kinds a stored provider may ask for. Never rename one. */
export type StoredResourceKind = "VpcEndpointAssociation" | "VpcLink" | "EndpointDnsReadiness";

/** Bumped when the stored facade's shape changes (never for a new kind). */
export const STATE_CONTRACT_VERSION = 1;

/** The operations of one kind, read when called (module cycles resolve by then). */
export function operationsOf(kind: StoredResourceKind): Omit<Required<pulumi.dynamic.ResourceProvider>, "configure"> {
  switch (kind) {
    case "VpcEndpointAssociation":
      return association.vpcEndpointAssociationOperations as never;
    case "VpcLink":
      return link.vpcLinkOperations as never;
    case "EndpointDnsReadiness":
      return readiness.endpointDnsReadinessOperations as never;
    default:
      throw new Error(`this version of pulumi-apigw-vpc has no resource kind ${JSON.stringify(kind)} for the provider stored in state`);
  }
}
