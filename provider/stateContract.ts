/**
 * The state contract. Every resource of this package stores its provider in users' state
 * (`__provider`), and refresh and destroy run that stored code, not the current one. Once the
 * package is installed, the stored provider is a small facade (providerVia.ts) that does
 * `require("pulumi-apigw-vpc/dist/provider/stateContract.js").<Kind>()`.
 *
 * This module's path and its kind functions (one per resource) are therefore a public contract: keep them,
 * and keep every operation accepting the state shapes of earlier versions. One function per
 * kind, not one taking the kind: Pulumi copies only the functions a stored provider reaches, so
 * a program inside this repository stores one resource's code, not all of them. Providers stored
 * before this module existed require `dist/provider/{vpcLink,vpcEndpointAssociation,
 * endpointDnsReadiness}.js` and read their `…Operations` export: those stay too.
 * tests/e2e/stateContract.test.ts snapshots what is stored and upgrades a stack made by the
 * previous release's package.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as accessAssociations from "./domainNameAccessAssociations";
import * as managementPolicy from "./domainNameManagementPolicy";
import * as resolution from "./domainNameResolution";
import * as integration from "./privateIntegration";
import * as redeployment from "./stageRedeployment";
import * as policyStatements from "./restApiPolicyStatements/operations";
import * as association from "./vpcEndpointAssociation";
import * as readiness from "./endpointDnsReadiness";
import * as link from "./vpcLink";

type Operations = Omit<Required<pulumi.dynamic.ResourceProvider>, "configure">;

/** Bumped when the stored facade's shape changes (never for a new kind). */
export const STATE_CONTRACT_VERSION = 1;

/** The operations of VpcEndpointAssociation, read when called (module cycles resolve by then). Never rename. */
export function VpcEndpointAssociation(): Operations {
  return association.vpcEndpointAssociationOperations as never;
}

/** The operations of VpcLink. Never rename. */
export function VpcLink(): Operations {
  return link.vpcLinkOperations as never;
}

/** The operations of EndpointDnsReadiness. Never rename. */
export function EndpointDnsReadiness(): Operations {
  return readiness.endpointDnsReadinessOperations as never;
}

/** The operations of DomainNameAccessAssociations. Never rename. */
export function DomainNameAccessAssociations(): Operations {
  return accessAssociations.domainNameAccessAssociationsOperations as never;
}

/** The operations of DomainNameManagementPolicy. Never rename. */
export function DomainNameManagementPolicy(): Operations {
  return managementPolicy.domainNameManagementPolicyOperations as never;
}

/** The operations of DomainNameResolution. Never rename. */
export function DomainNameResolution(): Operations {
  return resolution.domainNameResolutionOperations as never;
}

/** The operations of PrivateIntegration. Never rename. */
export function PrivateIntegration(): Operations {
  return integration.privateIntegrationOperations as never;
}

/** The operations of StageRedeployment. Never rename. */
export function StageRedeployment(): Operations {
  return redeployment.stageRedeploymentOperations as never;
}

/** The operations of RestApiPolicyStatements. Never rename. */
export function RestApiPolicyStatements(): Operations {
  return policyStatements.restApiPolicyStatementsOperations as never;
}

/** The kinds the first shape of this contract (`operationsOf`) could name. */
export type StoredResourceKind = "VpcEndpointAssociation" | "VpcLink" | "EndpointDnsReadiness";

/** @deprecated The first shape of this contract (one function taking the kind); kept so providers stored by it still run. */
export function operationsOf(kind: StoredResourceKind): Operations {
  const byKind: Record<StoredResourceKind, () => Operations> = { VpcEndpointAssociation, VpcLink, EndpointDnsReadiness };
  if (!(kind in byKind))
    throw new Error(`this version of pulumi-apigw-vpc has no resource kind ${JSON.stringify(kind)} for the provider stored in state`);
  return byKind[kind]();
}
