/**
 * The state contract. Every resource of this package stores its provider in users' state
 * (`__provider`), and refresh and destroy run that stored code, not the current one. Once the
 * package is installed, the stored provider is a small facade (defineResource.ts,
 * `storedProvider`) that does `require("pulumi-apigw-vpc/dist/provider/stateContract.js").<Kind>()`.
 *
 * This module's path and its entries (one function per resource kind, named as the type) are
 * therefore a public contract: keep them, and keep every operation accepting the state shapes of
 * earlier versions. One function per kind, not one taking the kind: Pulumi copies only the
 * functions a stored provider reaches, so a program inside this repository stores one
 * resource's code, not all of them. Providers stored before this module existed (0.1.0) require
 * `dist/provider/{vpcLink,vpcEndpointAssociation,endpointDnsReadiness}.js` and read their
 * `…Operations` export: those files stay too, as one-line shims.
 *
 * The contract imports each resource's operations and nothing imports the contract back but the
 * resource classes (their stored providers), so there is no import cycle
 * (tests/provider/importCycles.test.ts). A new resource adds one line here:
 * `export const <Type> = entry(() => <type>.<type>Operations);`.
 * tests/e2e/stateContract.test.ts snapshots what is stored and upgrades a stack made by the
 * previous release's package.
 */
import { entry, type Operations } from "./defineResource";
import * as accessAssociations from "./domainNameAccessAssociations/operations";
import * as managementPolicy from "./domainNameManagementPolicy/operations";
import * as resolution from "./domainNameResolution/operations";
import * as routingRules from "./domainRoutingRules/operations";
import * as readiness from "./endpointDnsReadiness/operations";
import * as integration from "./privateIntegration/operations";
import * as policyStatements from "./restApiPolicyStatements/operations";
import * as redeployment from "./stageRedeployment/operations";
import * as association from "./vpcEndpointAssociation/operations";
import * as link from "./vpcLink/operations";

/** Bumped when the stored facade's shape changes (never for a new kind). */
export const STATE_CONTRACT_VERSION = 1;

/** The operations of VpcEndpointAssociation. Never rename. */
export const VpcEndpointAssociation = entry(() => association.vpcEndpointAssociationOperations);
/** The operations of VpcLink. Never rename. */
export const VpcLink = entry(() => link.vpcLinkOperations);
/** The operations of EndpointDnsReadiness. Never rename. */
export const EndpointDnsReadiness = entry(() => readiness.endpointDnsReadinessOperations);
/** The operations of DomainNameAccessAssociations. Never rename. */
export const DomainNameAccessAssociations = entry(() => accessAssociations.domainNameAccessAssociationsOperations);
/** The operations of DomainNameManagementPolicy. Never rename. */
export const DomainNameManagementPolicy = entry(() => managementPolicy.domainNameManagementPolicyOperations);
/** The operations of DomainNameResolution. Never rename. */
export const DomainNameResolution = entry(() => resolution.domainNameResolutionOperations);
/** The operations of PrivateIntegration. Never rename. */
export const PrivateIntegration = entry(() => integration.privateIntegrationOperations);
/** The operations of StageRedeployment. Never rename. */
export const StageRedeployment = entry(() => redeployment.stageRedeploymentOperations);
/** The operations of RestApiPolicyStatements. Never rename. */
export const RestApiPolicyStatements = entry(() => policyStatements.restApiPolicyStatementsOperations);
/** The operations of DomainRoutingRules. Never rename. */
export const DomainRoutingRules = entry(() => routingRules.domainRoutingRulesOperations);

/** The kinds the first shape of this contract (`operationsOf`) could name. */
export type StoredResourceKind = "VpcEndpointAssociation" | "VpcLink" | "EndpointDnsReadiness";

/** @deprecated The first shape of this contract (one function taking the kind); kept so providers stored by it still run. */
export function operationsOf(kind: StoredResourceKind): Operations {
  const byKind: Record<StoredResourceKind, () => Operations> = { VpcEndpointAssociation, VpcLink, EndpointDnsReadiness };
  if (!(kind in byKind))
    throw new Error(`this version of pulumi-apigw-vpc has no resource kind ${JSON.stringify(kind)} for the provider stored in state`);
  return byKind[kind]();
}
