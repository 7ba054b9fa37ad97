/**
 * The provider object Pulumi serializes into state with every resource (`__provider`).
 *
 * Pulumi copies project-local code into that text by value, but writes a module that lives in
 * node_modules as a `require` of its path. Each resource module therefore hands this facade a
 * getter that reaches its operations through its own module object: once the package is
 * installed, the stored provider is a few lines and a `require` of the package, not a copy.
 */
import type * as pulumi from "@pulumi/pulumi";

type Provider<I, O> = Required<pulumi.dynamic.ResourceProvider<I, O>>;

export function providerVia<I, O>(operations: () => Omit<Provider<I, O>, "configure">): pulumi.dynamic.ResourceProvider<I, O> {
  return {
    check: (olds, news) => operations().check(olds, news),
    diff: (id, olds, news) => operations().diff(id, olds, news),
    create: (inputs) => operations().create(inputs),
    read: (id, props) => operations().read(id, props),
    update: (id, olds, news) => operations().update(id, olds, news),
    delete: (id, props) => operations().delete(id, props),
  };
}
