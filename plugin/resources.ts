/**
 * The custom resources the `apigw-vpc` plugin serves by the name in their type token
 * (`apigw-vpc:index:<name>`), so YAML and Python programs can use them on their own, beside the
 * components. Each has two parts:
 *   - its class, the dynamic resource TypeScript programs use: `npm run gen-schema` makes the
 *     schema from its constructor's `args` type and its `pulumi.Output` properties;
 *   - its operations, read from the state contract (provider/stateContract.ts): the same
 *     check, diff, create, read, update and delete that the dynamic provider runs.
 *
 * To serve another resource, add its class to RESOURCES and its operations to OPERATIONS (one
 * line each), then run `npm run gen-schema`. A statement's `string | string[]` fields (Action,
 * Resource, ...) and Principal are `pulumi.json#/Any` in the schema: check() validates them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { DomainNameAccessAssociations } from "../provider/domainNameAccessAssociations/index";
import { PrivateIntegration } from "../provider/privateIntegration/index";
import { RestApiPolicyStatements } from "../provider/restApiPolicyStatements/index";
import { StageRedeployment } from "../provider/stageRedeployment/index";
import * as contract from "../provider/stateContract";
import { VpcEndpointAssociation } from "../provider/vpcEndpointAssociation/index";
import { VpcLink } from "../provider/vpcLink/index";

/** A resource's CRUD, as a dynamic provider has it. */
export type ResourceOperations = Omit<Required<pulumi.dynamic.ResourceProvider>, "configure">;

export const RESOURCES = {
  DomainNameAccessAssociations,
  PrivateIntegration,
  RestApiPolicyStatements,
  StageRedeployment,
  VpcEndpointAssociation,
  VpcLink,
};

/** The name in a served resource's type token. */
export type ResourceName = keyof typeof RESOURCES;

/**
 * Every dynamic resource's operations by its kind (the `<Kind>` of `pulumi-nodejs:dynamic/apigw:<Kind>`),
 * the served ones and those only components create: ./childChecks runs their check().
 */
export const OPERATIONS_BY_KIND: Readonly<Record<string, () => ResourceOperations>> = {
  DomainNameAccessAssociations: contract.DomainNameAccessAssociations,
  DomainNameManagementPolicy: contract.DomainNameManagementPolicy,
  DomainNameResolution: contract.DomainNameResolution,
  DomainRoutingRules: contract.DomainRoutingRules,
  EndpointDnsReadiness: contract.EndpointDnsReadiness,
  PrivateIntegration: contract.PrivateIntegration,
  RestApiPolicyStatements: contract.RestApiPolicyStatements,
  StageRedeployment: contract.StageRedeployment,
  VpcEndpointAssociation: contract.VpcEndpointAssociation,
  VpcLink: contract.VpcLink,
};

/** Each served resource's operations, read when called (as the stored dynamic providers read them). */
export const OPERATIONS: Readonly<Record<ResourceName, () => ResourceOperations>> = {
  DomainNameAccessAssociations: contract.DomainNameAccessAssociations,
  PrivateIntegration: contract.PrivateIntegration,
  RestApiPolicyStatements: contract.RestApiPolicyStatements,
  StageRedeployment: contract.StageRedeployment,
  VpcEndpointAssociation: contract.VpcEndpointAssociation,
  VpcLink: contract.VpcLink,
};
