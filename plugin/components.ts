/**
 * The components the `apigw-vpc` plugin serves, by the name in their type token
 * (`apigw-vpc:index:<name>`). They are the classes TypeScript programs use.
 *
 * To serve another component, add its class here (one line), then run `npm run gen-schema`:
 * the schema is generated from the class's constructor Args and its `pulumi.Output` properties.
 */
import type * as pulumi from "@pulumi/pulumi";
import { PrivateApiAccess } from "../components/privateApiAccess";
import { PrivateDomainAccess } from "../components/privateDomainAccess";
import { PrivateIntegrationLink } from "../components/privateIntegrationLink";
import { PrivateRestApiIntegration } from "../components/privateRestApiIntegration";

/** A component class: `new C(name, args, opts)`. */
export type ComponentClass = new (name: string, args: never, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

export const COMPONENTS: Readonly<Record<string, ComponentClass>> = {
  PrivateApiAccess,
  PrivateDomainAccess,
  PrivateIntegrationLink,
  PrivateRestApiIntegration,
};
