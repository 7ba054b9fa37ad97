/**
 * The endpoint settings of REST APIs and custom domain names that AWS added in 2025 (pure):
 * `endpointConfiguration.ipAddressType`, the TLS `securityPolicy` and its `endpointAccessMode`,
 * with the rules AWS documents for them (API Gateway REST API reference, EndpointConfiguration,
 * CreateRestApi, CreateDomainName; developer guide "IP address types for REST APIs" and
 * "Security policies for REST APIs"). The sandbox, the components, the policy pack and the
 * doctor all read them here.
 */

/** `ipv4` or `dualstack` (EndpointConfiguration.ipAddressType). */
export const IP_ADDRESS_TYPES = ["ipv4", "dualstack"] as const;

/** The endpoint access modes (EndpointAccessMode). */
export const ENDPOINT_ACCESS_MODES = ["STRICT", "BASIC"] as const;

/** The legacy TLS policies: the only ones that take no endpoint access mode. */
export const LEGACY_SECURITY_POLICIES = ["TLS_1_0", "TLS_1_2"] as const;

/**
 * The enhanced policies for REGIONAL and PRIVATE APIs and domain names, as the developer guide's
 * "Supported security policies" lists them.
 */
export const REGIONAL_SECURITY_POLICIES = [
  "SecurityPolicy_TLS13_1_3_2025_09",
  "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
  "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
  "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09",
  "SecurityPolicy_TLS13_1_2_PQ_2025_09",
  "SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09",
  "SecurityPolicy_TLS13_1_2_2021_06",
  // Assumed(tls-ext2-policies-regional): the Ext2 policies are in the service model's SecurityPolicy enum but not in the
  // guide's tables; not being _EDGE policies, they are taken to serve REGIONAL and PRIVATE endpoints.
  "SecurityPolicy_TLS13_1_2_Ext2_PQ_2025_09",
  "SecurityPolicy_TLS13_1_2_Ext2_FIPS_PQ_2025_09",
] as const;

/** The enhanced policies of edge-optimized APIs and domain names (CloudFront's). */
export const EDGE_SECURITY_POLICIES = [
  "SecurityPolicy_TLS13_2025_EDGE",
  "SecurityPolicy_TLS12_PFS_2025_EDGE",
  "SecurityPolicy_TLS12_2018_EDGE",
] as const;

/** Every value of the service model's SecurityPolicy enum. */
export const SECURITY_POLICIES: readonly string[] = [...LEGACY_SECURITY_POLICIES, ...REGIONAL_SECURITY_POLICIES, ...EDGE_SECURITY_POLICIES];

/** The endpoint settings of one REST API or custom domain name, as given (any JSON). */
export interface EndpointSecuritySettings {
  /** EDGE, REGIONAL or PRIVATE. */
  endpointType?: unknown;
  /** `ipv4` or `dualstack`. */
  ipAddressType?: unknown;
  /** A value of {@link SECURITY_POLICIES}. */
  securityPolicy?: unknown;
  /** STRICT or BASIC. */
  endpointAccessMode?: unknown;
}

/** A broken rule: the field and what it must be. */
export interface SettingProblem {
  /** The field, e.g. `securityPolicy`. */
  property: string;
  /** The rule, for people. */
  reason: string;
}

/** True for an enhanced policy (`SecurityPolicy_*`), which needs an endpoint access mode. */
export function isEnhancedPolicy(policy: string): boolean {
  return policy.startsWith("SecurityPolicy_");
}

/** True for a `SecurityPolicy_TLS13_*` policy (TLS 1.3, or 1.3 and 1.2). */
export function isTls13Policy(policy: string): boolean {
  return policy.startsWith("SecurityPolicy_TLS13_");
}

/** True when the policy refuses TLS 1.0 and 1.1: everything but `TLS_1_0`. */
export function refusesTls10(policy: string): boolean {
  return SECURITY_POLICIES.includes(policy) && policy !== "TLS_1_0";
}

/** The security policy an endpoint gets when none is given (developer guide, "Default security policies"). */
export function defaultSecurityPolicy(kind: "api" | "domain", endpointType: string): string {
  return kind === "domain" || endpointType === "PRIVATE" ? "TLS_1_2" : "TLS_1_0";
}

/**
 * The IP address type an endpoint gets when none is given: dualstack for PRIVATE, ipv4 otherwise.
 * Assumed(ip-address-type-default): the guide gives ipv4 as the default of REGIONAL and EDGE APIs and says PRIVATE
 * supports only dualstack; the same defaults are taken for domain names, and the wording of the refusal is ours.
 */
export function defaultIpAddressType(endpointType: string): string {
  return endpointType === "PRIVATE" ? "dualstack" : "ipv4";
}

/** The policies an endpoint type accepts. */
export function securityPoliciesFor(endpointType: string): readonly string[] {
  if (endpointType === "EDGE") return [...LEGACY_SECURITY_POLICIES, ...EDGE_SECURITY_POLICIES];
  // Assumed(private-legacy-tls-accepted): PRIVATE APIs and domain names default to TLS_1_2; AWS documents no refusal of the
  // legacy TLS_1_0 on them, so it is accepted (the policy pack refuses it instead).
  return [...LEGACY_SECURITY_POLICIES, ...REGIONAL_SECURITY_POLICIES];
}

const isString = (v: unknown): v is string => typeof v === "string";

/**
 * Every rule the settings break, in field order; an absent setting breaks none but rule 3's.
 * 1. `ipAddressType` is ipv4 or dualstack, and dualstack on PRIVATE ("For the PRIVATE endpoint type, only dualstack is supported").
 * 2. `securityPolicy` is a value of the SecurityPolicy enum that the endpoint type accepts.
 * 3. An enhanced policy (`SecurityPolicy_*`) needs `endpointAccessMode` STRICT or BASIC; a legacy one takes none
 *    ("Only available for ... security policies that start with SecurityPolicy_").
 * @param settings - The values as given; `undefined` means not set.
 * @param prefix - Put before each property name, e.g. `endpointConfiguration.` or `args.`.
 * @param unknowns - Fields not known yet (a preview): no rule that reads them is applied.
 */
export function endpointSecurityProblems(
  settings: EndpointSecuritySettings,
  prefix = "",
  unknowns: ReadonlySet<keyof EndpointSecuritySettings> = new Set(),
): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const known = <K extends keyof EndpointSecuritySettings>(k: K) => (unknowns.has(k) ? undefined : settings[k]);
  const rawType = known("endpointType");
  const type = isString(rawType) ? rawType : undefined;
  const ipAddressType = known("ipAddressType");
  const securityPolicy = known("securityPolicy");
  const endpointAccessMode = known("endpointAccessMode");
  if (ipAddressType !== undefined) {
    if (!isString(ipAddressType) || !(IP_ADDRESS_TYPES as readonly string[]).includes(ipAddressType))
      problems.push({ property: `${prefix}ipAddressType`, reason: `must be one of ${IP_ADDRESS_TYPES.join(", ")}` });
    else if (type === "PRIVATE" && ipAddressType !== "dualstack")
      problems.push({ property: `${prefix}ipAddressType`, reason: "a PRIVATE endpoint supports only dualstack" });
  }
  if (securityPolicy !== undefined) {
    if (!isString(securityPolicy) || !SECURITY_POLICIES.includes(securityPolicy))
      problems.push({ property: `${prefix}securityPolicy`, reason: `must be one of ${SECURITY_POLICIES.join(", ")}` });
    else if (type && !securityPoliciesFor(type).includes(securityPolicy))
      problems.push({
        property: `${prefix}securityPolicy`,
        reason: `${securityPolicy} is not offered on ${type} endpoints; use one of ${securityPoliciesFor(type).join(", ")}`,
      });
  }
  if (endpointAccessMode !== undefined) {
    if (!isString(endpointAccessMode) || !(ENDPOINT_ACCESS_MODES as readonly string[]).includes(endpointAccessMode))
      problems.push({ property: `${prefix}endpointAccessMode`, reason: `must be one of ${ENDPOINT_ACCESS_MODES.join(", ")}` });
    else if (isString(securityPolicy) && !isEnhancedPolicy(securityPolicy))
      problems.push({
        property: `${prefix}endpointAccessMode`,
        reason: `only available with an enhanced security policy (SecurityPolicy_*), not ${securityPolicy}`,
      });
    else if (securityPolicy === undefined && !unknowns.has("securityPolicy"))
      problems.push({
        property: `${prefix}endpointAccessMode`,
        reason: "only available with an enhanced security policy (SecurityPolicy_*): set securityPolicy too",
      });
  } else if (isString(securityPolicy) && isEnhancedPolicy(securityPolicy) && !unknowns.has("endpointAccessMode"))
    problems.push({
      property: `${prefix}endpointAccessMode`,
      reason: `required (STRICT or BASIC) with the enhanced security policy ${securityPolicy}`,
    });
  return problems;
}
