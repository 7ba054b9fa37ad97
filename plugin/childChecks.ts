/**
 * Bad input to a component fails the component's Construct, before any of its resources reaches
 * the engine. Why: a component's inputs are checked by its dynamic resources' check(), which the
 * engine runs when they register. A failing check makes the engine abandon the deployment at once
 * and close this plugin's connection while the program's other Construct calls are still in
 * flight, and the YAML and Python hosts then report "grpc: the client connection is closing" on
 * those components too (and Python may print a KeyboardInterrupt traceback as it is stopped).
 *
 * So Construct hands the component an old-style transformation that sees each dynamic resource
 * the component creates, runs that resource's own check() on its inputs here (the same operations
 * the dynamic provider runs, unknowns as Pulumi's marker), and holds its registration until the
 * check passes. One failure fails the Construct with Pulumi's InputPropertiesError (the field and
 * the rule); the held resource is never registered. Each resource waits only for its own check,
 * so one that takes another's output (a link id) still waits for that resource alone.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CheckFailure } from "../provider/validation";
import { OPERATIONS_BY_KIND } from "./resources";

/** Pure: the kind in a dynamic resource's type token, `pulumi-nodejs:dynamic/apigw:<Kind>`. */
export function dynamicKind(type: string): string | undefined {
  return /^pulumi-nodejs:dynamic\/apigw:(\w+)$/.exec(type)?.[1];
}

export class ChildChecks {
  private readonly pending: Promise<readonly CheckFailure[]>[] = [];
  private sealed = false;
  private firstFailure?: (failures: readonly CheckFailure[]) => void;
  private readonly failed = new Promise<readonly CheckFailure[]>((resolve) => (this.firstFailure = resolve));

  /** The transformation to give the component (`transformations` option). */
  readonly transformation: pulumi.ResourceTransformation = ({ type, name, props, opts }) => {
    const kind = dynamicKind(type);
    const operations = kind === undefined ? undefined : OPERATIONS_BY_KIND[kind];
    // After the Construct has looked (resources made later, in an apply), the engine checks alone.
    if (!operations || this.sealed) return undefined;
    const failures = pulumi.runtime
      .serializeProperties(`check(${name})`, props)
      .then((inputs) => operations().check({}, inputs))
      .then((result) => result.failures ?? []);
    const settled = failures.then((f) => {
      if (f.length > 0) this.firstFailure?.(f);
      return f;
    });
    this.pending.push(settled);
    // Held until its check passes; never released when it fails (the Construct fails instead).
    const passed = settled.then((f) => (f.length > 0 ? new Promise<never>(() => undefined) : undefined));
    const held = Object.fromEntries(Object.entries(props).map(([key, value]) => [key, pulumi.output(passed).apply(() => value)]));
    return { props: held, opts };
  };

  /** The failures of the resources seen so far: the first failing check's, or none once all pass. */
  async failures(): Promise<readonly CheckFailure[]> {
    this.sealed = true;
    return Promise.race([this.failed, Promise.all(this.pending).then((all) => all.flat())]);
  }
}
