/**
 * What the policies know about the resources they police: type tokens, and small pure helpers
 * for reading properties that may be unknown during preview.
 *
 * Unknown values: @pulumi/policy wraps `props` in a proxy that throws `UnknownValueError` when a
 * policy reads a value that is not known yet (an output of a resource not yet created). If that
 * error escapes, the engine reports "can't run policy ... during preview" as an advisory note and
 * runs the policy again at update time, when inputs are known. The policies let it escape when a
 * whole property they need is unknown, and use {@link readKnown} only where part of the answer is
 * enough (one unknown id in a list, one unrelated resource in a stack).
 */
import type { PolicyResource } from "@pulumi/policy";
import { ENDPOINT_DNS_READINESS_TYPE, PRIVATE_INTEGRATION_TYPE, VPC_ENDPOINT_ASSOCIATION_TYPE, VPC_LINK_TYPE } from "../provider/types";
import { loadPolicySdk } from "./sdk";

/** Our dynamic resources: `new pulumi.dynamic.Resource(provider, name, props, opts, "apigw", type)`. */
export const VPC_ENDPOINT_ASSOCIATION = VPC_ENDPOINT_ASSOCIATION_TYPE;
export const VPC_LINK = VPC_LINK_TYPE;
export const ENDPOINT_DNS_READINESS = ENDPOINT_DNS_READINESS_TYPE;
export const PRIVATE_INTEGRATION = PRIVATE_INTEGRATION_TYPE;
/** The plain (non-remote) component: its args are not visible to policies, only its children. */
export const PRIVATE_API_ACCESS = "apigw-vpc:index:PrivateApiAccess";
/** AWS resources, matched by token so the pack does not depend on @pulumi/aws. */
export const REST_API = "aws:apigateway/restApi:RestApi";
export const REST_API_POLICY = "aws:apigateway/restApiPolicy:RestApiPolicy";
export const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
export const REST_INTEGRATION = "aws:apigateway/integration:Integration";
/** Links of the apigatewayv2 kind: ours, and @pulumi/aws's. */
export const V2_VPC_LINK_TYPES: readonly string[] = [VPC_LINK, "aws:apigatewayv2/vpcLink:VpcLink"];

/**
 * A VPC endpoint id: `vpce-` and 8 or 17 lowercase hex digits. The same rule as the association
 * provider's check(); kept here so the pack stays self-contained when published.
 */
export const VPC_ENDPOINT_ID = /^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** The property path a RestApi must ignore when a VpcEndpointAssociation manages its endpoints. */
export const ENDPOINT_IDS_PATH = ["endpointConfiguration", "vpcEndpointIds"] as const;

/**
 * @pulumi/policy exports this class at runtime (index.js), but its proxy.d.ts is stripped of it,
 * so the declared type is lost; restore a usable one here.
 */
const UnknownValueError = (loadPolicySdk() as unknown as { UnknownValueError: new (...args: never[]) => Error }).UnknownValueError;

/** True if `e` is the proxy's "value not known during preview" error. */
export function isUnknownValueError(e: unknown): boolean {
  return typeof UnknownValueError === "function" && e instanceof UnknownValueError;
}

/** The value `read` returns, or undefined if it reads a value unknown during preview. */
export function readKnown<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (isUnknownValueError(e)) return undefined;
    throw e;
  }
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A list's known elements in order, and how many are unknown; undefined if `value` is no list. */
export function knownElements(value: unknown): { known: unknown[]; unknown: number } | undefined {
  if (!Array.isArray(value)) return undefined;
  const result = { known: [] as unknown[], unknown: 0 };
  for (let i = 0; i < value.length; i++) {
    const element = readKnown(() => value[i] as unknown);
    if (element === undefined) result.unknown++;
    else result.known.push(element);
  }
  return result;
}

/**
 * Splits a Pulumi property path (`a.b`, `a["b"]`, `a.*`, `a[0]`, `a[*]`) into segments; undefined
 * if it is not one this pack understands (such an entry is treated as covering nothing).
 */
export function parsePropertyPath(path: string): string[] | undefined {
  const segments: string[] = [];
  let rest = path;
  while (rest.length > 0) {
    let match: RegExpExecArray | null;
    if ((match = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest))) segments.push(match[1].replace(/\\(.)/g, "$1"));
    else if ((match = /^\[(\d+|\*)\]/.exec(rest))) segments.push(match[1]);
    else if ((match = (segments.length === 0 ? /^([^.[\]"]+)/ : /^\.([^.[\]"]+)/).exec(rest))) segments.push(match[1]);
    else return undefined;
    rest = rest.slice(match[0].length);
  }
  return segments.length > 0 ? segments : undefined;
}

/** True if an `ignoreChanges` entry covers `target`: it names it, an ancestor, or a wildcard. */
export function ignoreChangesCovers(ignoreChanges: readonly string[], target: readonly string[]): boolean {
  return ignoreChanges.some((entry) => {
    const segments = parsePropertyPath(entry);
    if (!segments || segments.length > target.length) return false;
    return segments.every((segment, i) => segment === "*" || segment === target[i]);
  });
}

/** The resources `resource` depends on through the property `key` (its input `key`). */
export function propertyDependencyUrns(resource: PolicyResource, key: string): Set<string> {
  const deps = resource.propertyDependencies[key] ?? [];
  return new Set(deps.map((d) => d.urn));
}

/** The urn of the resource's parent, from the resolved parent or, failing that, its options. */
export function parentUrn(resource: PolicyResource): string | undefined {
  return resource.parent?.urn ?? resource.opts.parent;
}

/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`: names for a message. */
export function quoteList(names: readonly string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}
