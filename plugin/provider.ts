/**
 * The `apigw-vpc` component provider: serves the generated schema and implements Construct with
 * the classes in ./components. The dynamic resources inside each component register from this
 * process as they do from a program, and their providers are serialized here too: as a `require`
 * of the installed package (see provider/defineResource.ts, storedProvider).
 */
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { COMPONENTS } from "./components";
import { SCHEMA } from "./schema";

export const PACKAGE_NAME = "apigw-vpc";

/** The schema as served: the generated one with the package's version. */
export function servedSchema(version: string): string {
  return JSON.stringify({ ...SCHEMA, version });
}

/** Pure: the component name in `apigw-vpc:index:<name>`, if this plugin serves it. */
export function componentName(type: string): string | undefined {
  const [pkg, mod, name] = type.split(":");
  return pkg === PACKAGE_NAME && mod === "index" && name && Object.prototype.hasOwnProperty.call(COMPONENTS, name) ? name : undefined;
}

export class ComponentProvider implements provider.Provider {
  constructor(readonly version: string) {}

  async getSchema(): Promise<string> {
    return servedSchema(this.version);
  }

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<provider.ConstructResult> {
    const component = componentName(type);
    if (!component)
      throw new Error(
        `unknown resource type ${type}: this plugin serves ${Object.keys(COMPONENTS)
          .map((c) => `${PACKAGE_NAME}:index:${c}`)
          .join(", ")}`,
      );
    const resource = new COMPONENTS[component](name, inputs as never, options);
    const outputs = Object.keys(SCHEMA.resources[`${PACKAGE_NAME}:index:${component}`]?.properties ?? {});
    const state: pulumi.Inputs = {};
    for (const key of outputs) state[key] = (resource as unknown as Record<string, pulumi.Input<unknown>>)[key];
    return { urn: resource.urn, state };
  }
}
