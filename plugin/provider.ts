/**
 * The `apigw-vpc` provider the plugin runs: it serves the generated schema, constructs the
 * components with the classes in ./components, and runs the custom resources of ./resources
 * with the operations of their dynamic providers.
 *
 * Components: the dynamic resources inside each one register from this process as they do from
 * a program, and their providers are serialized here too: as a `require` of the installed
 * package (see provider/defineResource.ts, storedProvider).
 *
 * Custom resources: check, diff, create, read, update and delete take the engine's inputs and
 * state as the dynamic provider does (both use @pulumi/pulumi's plain JavaScript form, unknowns
 * as Pulumi's marker) and hand them to the same operations, so a YAML or Python program and a
 * TypeScript program make the same AWS calls and get the same check() failures.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { ChildChecks } from "./childChecks";
import { COMPONENTS } from "./components";
import { OPERATIONS, RESOURCES, type ResourceName, type ResourceOperations } from "./resources";
import { SCHEMA } from "./schema";

export const PACKAGE_NAME = "apigw-vpc";

/** The schema as served: the generated one with the package's version. */
export function servedSchema(version: string): string {
  return JSON.stringify({ ...SCHEMA, version });
}

/** Pure: `name` in `apigw-vpc:index:<name>` if it is a key of `registry`. */
function servedName<K extends string>(type: string, registry: Readonly<Record<K, unknown>>): K | undefined {
  const [pkg, mod, name] = type.split(":");
  return pkg === PACKAGE_NAME && mod === "index" && name && Object.prototype.hasOwnProperty.call(registry, name) ? (name as K) : undefined;
}

/** Pure: the component name in `apigw-vpc:index:<name>`, if this plugin serves it. */
export function componentName(type: string): string | undefined {
  return servedName(type, COMPONENTS);
}

/** Pure: the custom resource a URN names (`urn:pulumi:stack::project::parent$type::name`), if this plugin serves it. */
export function resourceNameOfUrn(urn: string): ResourceName | undefined {
  const types = urn.split("::")[2] ?? "";
  return servedName(types.split("$").pop() ?? "", RESOURCES);
}

/** The tokens of a registry, for the error that names what this plugin serves. */
const tokens = (registry: object) => Object.keys(registry).map((c) => `${PACKAGE_NAME}:index:${c}`);

/** How long the plugin must have had nothing in flight before a Construct reports bad input. */
export const QUIET_BEFORE_FAILING_MS = 1000;

export class ComponentProvider implements provider.Provider {
  /** The engine's calls in flight here: a Construct that fails waits until none is (see construct). */
  private inFlight = 0;
  private lastActivity = Date.now();

  constructor(readonly version: string) {}

  /** Runs one of the engine's calls, counted in flight. */
  private async serve<T>(call: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await call();
    } finally {
      this.inFlight--;
      this.lastActivity = Date.now();
    }
  }

  /**
   * Resolves once nothing but the caller has been in flight for QUIET_BEFORE_FAILING_MS. A failed
   * Construct makes the engine abandon the deployment at once and close this plugin's connection:
   * every other call still in flight (another component's Construct, a resource's create) would
   * fail with "grpc: the client connection is closing", reported by the program as errors of its
   * own. Waiting lets them finish first, so the bad input is the one error.
   */
  private async quiet(): Promise<void> {
    while (this.inFlight > 1 || Date.now() - this.lastActivity < QUIET_BEFORE_FAILING_MS) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async getSchema(): Promise<string> {
    return servedSchema(this.version);
  }

  /** The operations of the custom resource `urn` names. */
  private operations(urn: string): ResourceOperations {
    const name = resourceNameOfUrn(urn);
    if (!name) throw new Error(`unknown resource ${urn}: this plugin serves the custom resources ${tokens(RESOURCES).join(", ")}`);
    return OPERATIONS[name]();
  }

  async check(urn: string, olds: pulumi.Inputs, news: pulumi.Inputs): Promise<provider.CheckResult> {
    return this.serve(() => this.operations(urn).check(olds, news));
  }

  async diff(id: string, urn: string, olds: pulumi.Inputs, news: pulumi.Inputs): Promise<provider.DiffResult> {
    return this.serve(() => this.operations(urn).diff(id, olds, news));
  }

  async create(urn: string, inputs: pulumi.Inputs): Promise<provider.CreateResult> {
    return this.serve(() => this.operations(urn).create(inputs));
  }

  async read(id: string, urn: string, props?: pulumi.Inputs): Promise<provider.ReadResult> {
    return this.serve(() => this.operations(urn).read(id, props));
  }

  async update(id: string, urn: string, olds: pulumi.Inputs, news: pulumi.Inputs): Promise<provider.UpdateResult> {
    return this.serve(() => this.operations(urn).update(id, olds, news));
  }

  async delete(id: string, urn: string, props: pulumi.Inputs): Promise<void> {
    return this.serve(() => this.operations(urn).delete(id, props));
  }

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<provider.ConstructResult> {
    return this.serve(() => this.constructComponent(name, type, inputs, options));
  }

  private async constructComponent(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<provider.ConstructResult> {
    const component = componentName(type);
    if (!component) throw new Error(`unknown resource type ${type}: this plugin serves ${tokens(COMPONENTS).join(", ")}`);
    // Bad input fails here, before the component's resources reach the engine (see ./childChecks).
    const checks = new ChildChecks();
    const resource = new COMPONENTS[component](name, inputs as never, {
      ...options,
      transformations: [...(options.transformations ?? []), checks.transformation],
    });
    const failures = await checks.failures();
    if (failures.length > 0) await this.quiet();
    if (failures.length > 0)
      throw new pulumi.InputPropertiesError({
        message: "bad input",
        errors: failures.map((f) => ({ propertyPath: f.property, reason: f.reason })),
      });
    const outputs = Object.keys(SCHEMA.resources[`${PACKAGE_NAME}:index:${component}`]?.properties ?? {});
    const state: pulumi.Inputs = {};
    for (const key of outputs) state[key] = (resource as unknown as Record<string, pulumi.Input<unknown>>)[key];
    // Counted in flight until the outputs resolve, that is until the component's resources are
    // registered: the server answers the engine only then.
    await pulumi.runtime.serializeProperties(`construct(${type}, ${name})`, state);
    return { urn: resource.urn, state };
  }
}
