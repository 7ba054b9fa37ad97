/**
 * The policies of the `apigw-vpc-policies` pack, each a plain object so tests can call its
 * validateResource / validateStack directly. `new PolicyPack` lives only in index.ts.
 *
 * Resource policies see a resource's inputs before it is created or updated. Stack policies see
 * every resource's outputs at the end of a preview or update, with `parent`, `dependencies` and
 * `propertyDependencies` resolved, and `opts.ignoreChanges` from the program (@pulumi/policy 1.21).
 * Resources are matched by type token, never by the shape of their properties.
 */
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { privateDomainInvokeRestricted } from "./domainPolicies";
import { openInvokeStatements, parsePolicyDocument } from "./iamPolicy";
import { integrationTargetOnV2Link } from "./integrationPolicies";
import { noShadowedRoutingRules } from "./routingRulePolicies";
import { attachedStatementsRestrictedToVpc } from "./statementPolicies";
import { privateTlsMinimum, tls13StrictAccessMode } from "./tlsPolicies";
import {
  ENDPOINT_DNS_READINESS,
  ENDPOINT_IDS_PATH,
  ignoreChangesCovers,
  isRecord,
  knownElements,
  parentUrn,
  PRIVATE_API_ACCESS,
  propertyDependencyUrns,
  quoteList,
  readKnown,
  REST_API,
  REST_API_POLICY,
  VPC_ENDPOINT,
  VPC_ENDPOINT_ASSOCIATION,
  VPC_ENDPOINT_ID,
  VPC_LINK,
} from "./resources";

/** Config of `association-valid-endpoints`. */
export interface AssociationValidEndpointsConfig {
  /** When set, the only VPC endpoint ids an association may declare. */
  readonly allowedVpcEndpointIds?: readonly string[];
}

/** Config of `vpc-link-high-availability`. */
export interface VpcLinkHighAvailabilityConfig {
  /** The fewest distinct subnets a VpcLink may span. */
  readonly minSubnets?: number;
}

/** The default of `minSubnets`: two subnets, so two Availability Zones can serve the link. */
export const DEFAULT_MIN_SUBNETS = 2;

const ENDPOINT_IDS_DOTTED = ENDPOINT_IDS_PATH.join(".");

function show(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

/** 1. Every VpcEndpointAssociation declares at least one well-formed (and, if configured, allowed) id. */
export const associationValidEndpoints: ResourceValidationPolicy = {
  name: "association-valid-endpoints",
  description:
    "A VpcEndpointAssociation declares at least one VPC endpoint id, every id is well-formed " +
    "(vpce- and 8 or 17 lowercase hex digits), and, if allowedVpcEndpointIds is configured, every id is in it.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedVpcEndpointIds: {
        type: "array",
        items: { type: "string", pattern: VPC_ENDPOINT_ID.source },
        description: "If set, the only VPC endpoint ids that associations may declare.",
      },
    },
  },
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    if (args.type !== VPC_ENDPOINT_ASSOCIATION) return;
    const subject = `VpcEndpointAssociation '${args.name}'`;
    // An unknown list escapes (engine: "can't run during preview"); unknown elements are skipped
    // here and checked at update time, when they are known.
    const ids = knownElements(args.props.vpcEndpointIds);
    if (!ids || ids.known.length + ids.unknown === 0) {
      reportViolation(`${subject} declares no VPC endpoint ids; at least one is required`);
      return;
    }
    const wellFormed = (id: unknown): id is string => typeof id === "string" && VPC_ENDPOINT_ID.test(id);
    for (const id of ids.known.filter((i) => !wellFormed(i))) {
      reportViolation(`${subject} has malformed VPC endpoint id ${show(id)}; expected vpce- followed by 8 or 17 lowercase hex digits`);
    }
    const { allowedVpcEndpointIds } = args.getConfig<AssociationValidEndpointsConfig>();
    if (allowedVpcEndpointIds === undefined) return;
    const allowed = new Set(allowedVpcEndpointIds);
    for (const id of ids.known.filter(wellFormed).filter((i) => !allowed.has(i))) {
      reportViolation(`${subject} associates '${id}', which is not in the allowed list (config allowedVpcEndpointIds)`);
    }
  },
};

/** The RestApis an association targets: through its restApiId dependency, else by equal id. */
function targetedRestApis(association: PolicyResource, restApis: readonly PolicyResource[]): PolicyResource[] {
  const dependencies = propertyDependencyUrns(association, "restApiId");
  const byDependency = restApis.filter((api) => dependencies.has(api.urn));
  if (byDependency.length > 0) return byDependency;
  const restApiId = readKnown(() => association.props.restApiId as unknown);
  if (typeof restApiId !== "string" || restApiId === "") return [];
  return restApis.filter((api) => readKnown(() => api.props.id as unknown) === restApiId);
}

/**
 * Whether the RestApi declares endpointConfiguration.vpcEndpointIds. A stack policy sees outputs,
 * so: a known non-empty list, or (unknown during preview) a list fed by a VpcEndpoint.
 */
function declaresEndpointIds(api: PolicyResource): boolean {
  const configuration = readKnown(() => api.props.endpointConfiguration as unknown);
  if (!isRecord(configuration)) return false;
  const ids = readKnown(() => configuration.vpcEndpointIds);
  if (Array.isArray(ids)) return ids.length > 0;
  if (ids !== undefined || !("vpcEndpointIds" in configuration)) return false;
  return (api.propertyDependencies.endpointConfiguration ?? []).some((d) => d.type === VPC_ENDPOINT);
}

/**
 * 2. A RestApi whose endpoint list an association also manages ignores changes to that list.
 *
 * `opts.ignoreChanges` is available to stack policies (the engine fills it from the program's
 * resource options). But the RestApi's `props` are its outputs: the API's live endpoint list as of
 * its last create, update or refresh, not what the program declares. After a `pulumi refresh` that
 * list includes the ids the association added, so an API that declares no ids is then also asked
 * to ignore changes (harmless to follow, but a false report; inputs are not sent to stack policies).
 */
export const noConflictingEndpointLists: StackValidationPolicy = {
  name: "no-conflicting-endpoint-lists",
  description:
    "An aws.apigateway.RestApi that declares endpointConfiguration.vpcEndpointIds and is also the target of a " +
    "VpcEndpointAssociation lists endpointConfiguration.vpcEndpointIds in ignoreChanges; otherwise the two fight on every update.",
  enforcementLevel: "mandatory",
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation): void => {
    const restApis = args.resources.filter((r) => r.type === REST_API);
    const associations = args.resources.filter((r) => r.type === VPC_ENDPOINT_ASSOCIATION);
    for (const api of restApis) {
      const names = associations.filter((a) => targetedRestApis(a, restApis).includes(api)).map((a) => a.name);
      if (names.length === 0 || ignoreChangesCovers(api.opts.ignoreChanges, ENDPOINT_IDS_PATH) || !declaresEndpointIds(api)) continue;
      reportViolation(
        `RestApi '${api.name}' declares ${ENDPOINT_IDS_DOTTED} and is also the target of ` +
          `VpcEndpointAssociation${names.length > 1 ? "s" : ""} ${quoteList(names)}; add "${ENDPOINT_IDS_DOTTED}" ` +
          "to the RestApi's ignoreChanges, or the two will fight on every update",
        api.urn,
      );
    }
  },
};

/** True if a RestApi's endpoint types (a string in @pulumi/aws 7, a list before) include PRIVATE. */
export function isPrivateEndpointConfiguration(configuration: unknown): boolean {
  if (!isRecord(configuration)) return false;
  const types = configuration.types;
  const list: unknown[] = Array.isArray(types) ? types : [types];
  return list.some((t) => typeof t === "string" && t.toUpperCase() === "PRIVATE");
}

/** Reports each open statement of `policy` (or that it cannot be read): "<subject> policy ...". */
function reportOpenInvoke(subject: string, policy: unknown, reportViolation: ReportViolation, urn?: string): void {
  const parsed = parsePolicyDocument(policy);
  if (!parsed.ok) {
    reportViolation(`${subject} policy ${parsed.problem}, so it cannot be checked for an aws:SourceVpce or aws:SourceVpc condition`, urn);
    return;
  }
  for (const label of openInvokeStatements(parsed.statements)) {
    reportViolation(
      `${subject} policy ${label} allows execute-api:Invoke to any principal without an aws:SourceVpce or aws:SourceVpc condition`,
      urn,
    );
  }
}

/**
 * 3. A PRIVATE RestApi's policy does not let everyone invoke it without a VPC condition.
 *
 * Two halves in one policy: the RestApi's inline `policy` is checked as a resource (its inputs,
 * before it is deployed). A RestApiPolicy's inputs do not say whether its API is PRIVATE, so it is
 * checked at stack level, where its RestApi is found through its restApiId dependency or id; a
 * RestApiPolicy for an API outside the stack is not checked.
 */
export const privateApiInvokeRestricted: ResourceValidationPolicy & StackValidationPolicy = {
  name: "private-api-invoke-restricted",
  description:
    "The policy of a PRIVATE aws.apigateway.RestApi, or its aws.apigateway.RestApiPolicy, does not Allow execute-api:Invoke " +
    "to any principal without an aws:SourceVpce or aws:SourceVpc condition (or a Deny of requests from outside them).",
  enforcementLevel: "mandatory",
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    if (args.type !== REST_API || !isPrivateEndpointConfiguration(args.props.endpointConfiguration)) return;
    reportOpenInvoke(`RestApi '${args.name}' is PRIVATE and its`, args.props.policy, reportViolation);
  },
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation): void => {
    const restApis = args.resources.filter((r) => r.type === REST_API);
    for (const resource of args.resources.filter((r) => r.type === REST_API_POLICY)) {
      const api = targetedRestApis(resource, restApis)[0];
      if (!api || !isPrivateEndpointConfiguration(readKnown(() => api.props.endpointConfiguration as unknown))) continue;
      const policy = readKnown(() => resource.props.policy as unknown);
      if (policy === undefined) continue; // unknown during preview: checked again after the update
      reportOpenInvoke(
        `RestApiPolicy '${resource.name}' applies to PRIVATE RestApi '${api.name}' and its`,
        policy,
        reportViolation,
        resource.urn,
      );
    }
  },
};

/** 4. A VpcLink spans at least `minSubnets` (default 2) distinct subnets. */
export const vpcLinkHighAvailability: ResourceValidationPolicy = {
  name: "vpc-link-high-availability",
  description: "A VpcLink spans at least two subnets (config minSubnets), so one Availability Zone failing does not cut it off.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      minSubnets: {
        type: "integer",
        minimum: 1,
        default: DEFAULT_MIN_SUBNETS,
        description: "The fewest distinct subnets a VpcLink may span.",
      },
    },
  },
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    if (args.type !== VPC_LINK) return;
    const minSubnets = args.getConfig<VpcLinkHighAvailabilityConfig>().minSubnets ?? DEFAULT_MIN_SUBNETS;
    const ids = knownElements(args.props.subnetIds);
    // Unknown elements count as distinct: they are outputs of different subnets.
    const count = ids ? new Set(ids.known).size + ids.unknown : 0;
    if (count < minSubnets) {
      reportViolation(
        `VpcLink '${args.name}' has ${count} subnet(s); at least ${minSubnets} are required for high availability (config minSubnets)`,
      );
    }
  },
};

/** 5. A VpcLink has at least one security group. */
export const vpcLinkSecurityGroups: ResourceValidationPolicy = {
  name: "vpc-link-security-groups",
  description: "A VpcLink has at least one security group, so the traffic its network interfaces accept is explicit.",
  enforcementLevel: "mandatory",
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    if (args.type !== VPC_LINK) return;
    const groups: unknown = args.props.securityGroupIds;
    if (!Array.isArray(groups) || groups.length === 0) {
      reportViolation(`VpcLink '${args.name}' has no security groups; at least one is required`);
    }
  },
};

/** 6. A PrivateApiAccess keeps its DNS wait: it has an EndpointDnsReadiness child. */
export const dnsReadinessEnabled: StackValidationPolicy = {
  name: "dns-readiness-enabled",
  description:
    "A PrivateApiAccess does not turn off the DNS wait (waitForDns: false), so its per-endpoint URLs resolve " +
    "before anything that depends on them runs.",
  enforcementLevel: "advisory",
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation): void => {
    // The component's args are invisible to policies; its EndpointDnsReadiness child is the evidence.
    const waited = new Set(args.resources.filter((r) => r.type === ENDPOINT_DNS_READINESS).map(parentUrn));
    for (const access of args.resources.filter((r) => r.type === PRIVATE_API_ACCESS && !waited.has(r.urn))) {
      reportViolation(
        `PrivateApiAccess '${access.name}' has no EndpointDnsReadiness child (waitForDns: false); ` +
          "its per-endpoint URLs may not resolve for several minutes after the association changes",
        access.urn,
      );
    }
  },
};

/** Every policy of the pack, in the order of the README's policy table. */
export const policies = [
  associationValidEndpoints,
  noConflictingEndpointLists,
  privateApiInvokeRestricted,
  vpcLinkHighAvailability,
  vpcLinkSecurityGroups,
  dnsReadinessEnabled,
  integrationTargetOnV2Link,
  privateDomainInvokeRestricted,
  attachedStatementsRestrictedToVpc,
  privateTlsMinimum,
  tls13StrictAccessMode,
  noShadowedRoutingRules,
] as const;
