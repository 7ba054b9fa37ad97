/**
 * The one helper every resource is defined with. What each resource used to repeat (its type
 * token, the kind its errors name, the operations record, the stored-provider facade and its
 * entry in the state contract) is built here once.
 *
 *   model.ts     `export const X = defineResource<Inputs, Outputs>(X_TYPE, "error kind")`
 *   operations   `export const xOperations = X.operations({ check, diff, create, read, update, delete })`
 *   stateContract.ts `export const X = entry(() => x.xOperations)`: the stored-provider entry
 *   resource.ts  `export const xProvider = X.storedProvider(() => contract.X())`; the class passes
 *                `X.module` and `X.type` to `pulumi.dynamic.Resource`
 *
 * This module imports neither the state contract nor the AWS SDK, so a model may import it and
 * the contract may import the operations without a cycle (tests/provider/importCycles.test.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import { operationError, withOperation } from "./errors";
import { RESOURCE_MODULE } from "./types";

/** A resource's provider operations: every method of a dynamic provider but `configure`. */
export type Operations<I = unknown, O = unknown> = Required<Omit<pulumi.dynamic.ResourceProvider<I, O>, "configure">>;

/** What `defineResource` (provider/defineResource.ts) builds for one resource kind. */
export interface ResourceDefinition<I, O> {
  /** The type token, `pulumi-nodejs:dynamic/apigw:<type>`. */
  readonly token: string;
  /** The token's module part (`apigw`), as `pulumi.dynamic.Resource` takes it. */
  readonly module: string;
  /** The token's type part: the class name, and the name of the state contract's entry. */
  readonly type: string;
  /** The resource kind its errors name: "creating {errorKind} ({id}): cause". */
  readonly errorKind: string;
  /** The error of `verb` on resource `id` ("{verb} {errorKind} ({id}): cause"). */
  error(verb: string, id: string, cause: unknown, detail?: string): Error;
  /** Runs `fn`, turning what it throws into {@link ResourceDefinition.error}. */
  step<T>(verb: string, id: string, fn: () => Promise<T>): Promise<T>;
  /** Types the operations record (identity at run time). */
  operations(ops: Operations<I, O>): Operations<I, O>;
  /**
   * The provider object stored in state (`__provider`): a facade whose every method asks
   * `entry` (a function reading the state contract's entry, `() => contract.X()`) for the
   * operations when called, so the stored text is a `require` of the contract module.
   */
  storedProvider(entry: () => Operations): pulumi.dynamic.ResourceProvider<I, O>;
}

/**
 * Defines one resource kind from its type token (provider/types.ts) and the kind its errors name.
 * @param token - `pulumi-nodejs:dynamic/apigw:<type>`.
 * @param errorKind - The resource kind in error messages, as Terraform words it.
 */
export function defineResource<I, O>(token: string, errorKind: string): ResourceDefinition<I, O> {
  const prefix = `pulumi-nodejs:dynamic/${RESOURCE_MODULE}:`;
  if (!token.startsWith(prefix)) throw new Error(`${token} is not a type token of this package (${prefix}<type>)`);
  return {
    token,
    module: RESOURCE_MODULE,
    type: token.slice(prefix.length),
    errorKind,
    error: (verb, id, cause, detail) => operationError(verb, errorKind, id, cause, detail),
    step: (verb, id, fn) => withOperation(verb, errorKind, id, fn),
    operations: (ops) => ops,
    storedProvider: (entry) => storedFacade(entry as () => Operations<I, O>),
  };
}

/**
 * A state contract entry: the function stored providers call to reach a kind's operations.
 * One per kind (never one taking the kind): Pulumi copies only the functions a stored provider reaches.
 */
export function entry<I, O>(operations: () => Operations<I, O>): () => Operations {
  return () => operations() as unknown as Operations;
}

/** Kept apart from the definition so the serialized closures capture `operations` alone. */
function storedFacade<I, O>(operations: () => Operations<I, O>): pulumi.dynamic.ResourceProvider<I, O> {
  return {
    check: (olds, news) => operations().check(olds, news),
    diff: (id, olds, news) => operations().diff(id, olds, news),
    create: (inputs) => operations().create(inputs),
    read: (id, props) => operations().read(id, props),
    update: (id, olds, news) => operations().update(id, olds, news),
    delete: (id, props) => operations().delete(id, props),
  };
}
