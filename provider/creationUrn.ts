/** The URN a resource passes to its own check() to scope its creation token. */
import * as pulumi from "@pulumi/pulumi";

/**
 * The resource's URN as an input (known even in previews), or undefined for an import (`opts.id`).
 * It carries no dependency: a dependency on a parent component would wait for all the component's
 * other children, and one of them may depend on this resource.
 */
export function creationUrnOf(
  name: string,
  type: string,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.Output<string> | undefined {
  if (opts?.id !== undefined) return undefined;
  const urn = pulumi.createUrn(name, type, opts?.parent);
  return pulumi.output(new Promise<string>((resolve) => urn.apply(resolve)));
}
