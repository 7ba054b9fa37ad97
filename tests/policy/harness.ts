/**
 * Builds the argument bags @pulumi/policy's server hands to policies (server.js, 1.21), so tests
 * can call a policy's validateResource / validateStack directly and collect what it reports.
 *
 * Realism kept on purpose: props are wrapped in the library's own unknownCheckingProxy (reading an
 * unknown throws, as during preview); dynamic resources carry `__provider`; urns follow Pulumi's
 * format, with the parent's type chain for children; stack resources get `parent`,
 * `dependencies` and `propertyDependencies` as resource objects, and no `opts.parent` (the
 * engine's AnalyzeStack does not send it), while resource args get `opts.parent`.
 */
import * as policySdk from "@pulumi/policy";
import type {
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/** The library's sentinels for values unknown during preview (internal module, stable since 1.0). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the internal module has no type declarations
const proxyModule = require("@pulumi/policy/proxy") as { unknownStringValue: string; unknownArrayValue: string };
export const UNKNOWN_STRING = proxyModule.unknownStringValue;
export const UNKNOWN_ARRAY = proxyModule.unknownArrayValue;

/** Exported by @pulumi/policy at runtime; its .d.ts loses the type. */
const unknownCheckingProxy = (policySdk as unknown as { unknownCheckingProxy<T>(value: T): T }).unknownCheckingProxy;

const STACK = "dev";
const PROJECT = "apigw-vpc-app";
/** What our dynamic resources carry: the serialized provider. Policies must ignore it. */
export const PROVIDER_BLOB = "exports.handler = __f0; function __f0() { /* serialized provider */ }";

/** A violation as the policy reported it. */
export interface Violation {
  readonly message: string;
  readonly urn?: string;
}

/** Pulumi's urn for `name` of `type`, nested under `parent`'s type chain if given. */
export function urnOf(type: string, name: string, parent?: PolicyResource): string {
  const qualifiedType = parent ? `${parent.urn.split("::")[2]}$${type}` : type;
  return `urn:pulumi:${STACK}::${PROJECT}::${qualifiedType}::${name}`;
}

function options(ignoreChanges: readonly string[] = [], parent?: string): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [...ignoreChanges],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(parent ? { parent } : {}),
  };
}

function withProvider(type: string, props: Record<string, unknown>): Record<string, unknown> {
  return type.startsWith("pulumi-nodejs:dynamic/") ? { ...props, __provider: PROVIDER_BLOB } : props;
}

function isTypeOf(type: string, resourceClass: object): boolean {
  return (resourceClass as { __pulumiType?: string }).__pulumiType === type;
}

function notApplicable(reason?: string): never {
  throw new Error(`not applicable: ${reason ?? "Policy does not apply"}`);
}

/** What a test may set on a resource under validation. */
export interface ResourceOptions {
  readonly config?: object;
  readonly ignoreChanges?: readonly string[];
  readonly parent?: PolicyResource;
}

/** The args of one Analyze call: a resource's inputs before it is created or updated. */
export function resourceArgs(
  type: string,
  name: string,
  props: Record<string, unknown>,
  opts: ResourceOptions = {},
): ResourceValidationArgs {
  const proxied = unknownCheckingProxy(withProvider(type, props));
  return {
    type,
    name,
    urn: urnOf(type, name, opts.parent),
    props: proxied,
    opts: options(opts.ignoreChanges, opts.parent?.urn),
    stackTags: new Map(),
    isType: (resourceClass) => isTypeOf(type, resourceClass),
    asType: ((resourceClass: object) => (isTypeOf(type, resourceClass) ? proxied : undefined)) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => ({ ...(opts.config ?? {}) }) as T,
    notApplicable,
  };
}

/** What a test may set on a resource in a stack. */
export interface StackResourceOptions {
  readonly parent?: PolicyResource;
  readonly ignoreChanges?: readonly string[];
  /** Resources the given input properties were computed from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly PolicyResource[]>>;
}

/** A resource as AnalyzeStack presents it: its outputs, options, parent and dependencies. */
export function stackResource(type: string, name: string, props: Record<string, unknown>, opts: StackResourceOptions = {}): PolicyResource {
  const proxied = unknownCheckingProxy(withProvider(type, props));
  const propertyDependencies = Object.fromEntries(Object.entries(opts.propertyDependencies ?? {}).map(([k, v]) => [k, [...v]]));
  const dependencies = [...new Set(Object.values(propertyDependencies).flat())];
  return {
    type,
    name,
    urn: urnOf(type, name, opts.parent),
    props: proxied,
    opts: options(opts.ignoreChanges),
    ...(opts.parent ? { parent: opts.parent } : {}),
    dependencies,
    propertyDependencies,
    isType: (resourceClass) => isTypeOf(type, resourceClass),
    asType: ((resourceClass: object) => (isTypeOf(type, resourceClass) ? proxied : undefined)) as PolicyResource["asType"],
  };
}

/** The args of one AnalyzeStack call. */
export function stackArgs(resources: readonly PolicyResource[], config: object = {}): StackValidationArgs {
  return {
    resources: [...resources],
    stackTags: new Map(),
    getConfig: <T extends object>() => ({ ...config }) as T,
    notApplicable,
  };
}

function collector(): { violations: Violation[]; report: ReportViolation } {
  const violations: Violation[] = [];
  const report: ReportViolation = (message: string, urn?: string) => {
    violations.push(urn === undefined ? { message } : { message, urn });
  };
  return { violations, report };
}

/** Runs every validateResource of `policy` on `args`, as the server does, and returns the violations. */
export async function validateResource(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<Violation[]> {
  const { violations, report } = collector();
  const v = policy.validateResource;
  const validations = Array.isArray(v) ? v : v ? [v] : [];
  for (const validate of validations) await validate(args, report);
  return violations;
}

/** Runs `policy`'s validateStack on `args` and returns the violations. */
export async function validateStack(policy: StackValidationPolicy, args: StackValidationArgs): Promise<Violation[]> {
  const { violations, report } = collector();
  await policy.validateStack(args, report);
  return violations;
}

/** The messages only, for tables. */
export async function resourceMessages(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<string[]> {
  return (await validateResource(policy, args)).map((v) => v.message);
}
