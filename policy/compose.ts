/**
 * `apigwVpcPolicies(config)`: the pack's policies, ready to spread into a user's own PolicyPack,
 * with enforcement levels and config chosen in code (the AWSGuard style).
 *
 * Config given here becomes each config property's schema `default`: the engine fills defaults
 * from the schema before it sends config to the pack, so `--policy-pack-config` (or the config of
 * a pack enabled in Pulumi Cloud) still overrides it. `getConfig()` falls back to the same values
 * when no engine sent any (a policy called directly).
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchemaType } from "@pulumi/policy/schema";
import { policies, type AssociationValidEndpointsConfig, type VpcLinkHighAvailabilityConfig } from "./policies";
import { quoteList } from "./resources";

/**
 * One policy's setting: its enforcement level alone, or its config with an optional level. (The
 * config is copied into a mapped type so it satisfies the index signature below.)
 */
export type PolicySetting<C extends object = Record<never, never>> =
  EnforcementLevel | ({ readonly [K in keyof C]: C[K] } & { readonly enforcementLevel?: EnforcementLevel });

/** The setting of a policy this file does not list by name. */
export type AnyPolicySetting = EnforcementLevel | { readonly enforcementLevel?: EnforcementLevel; readonly [property: string]: unknown };

/** The settings of {@link apigwVpcPolicies}, keyed by policy name. */
export interface ApigwVpcPoliciesConfig {
  /**
   * The enforcement level of every policy that is not given one of its own here.
   * @default - each policy's own level (see the README's table)
   */
  readonly all?: EnforcementLevel;
  /** `association-valid-endpoints`: its level and `allowedVpcEndpointIds`. @default - any well-formed id */
  readonly "association-valid-endpoints"?: PolicySetting<AssociationValidEndpointsConfig>;
  /** `vpc-link-high-availability`: its level and `minSubnets`. @default - two subnets, advisory */
  readonly "vpc-link-high-availability"?: PolicySetting<VpcLinkHighAvailabilityConfig>;
  /** Any other policy of the pack, by name: its level (and config, if its schema has any). */
  readonly [policy: string]: AnyPolicySetting | undefined;
}

type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;

/**
 * Every policy of the pack, each with the level and config that `config` gives it. A name that is
 * not a policy of the pack, or a config property its schema does not declare, throws.
 */
export function apigwVpcPolicies(config: ApigwVpcPoliciesConfig = {}): Policies {
  const names = policies.map((p) => p.name);
  const unknown = Object.keys(config).filter((key) => key !== "all" && !names.includes(key));
  if (unknown.length > 0) {
    throw new Error(`apigwVpcPolicies: no policy named ${quoteList(unknown)}; the policies are ${quoteList(names)}`);
  }
  return policies.map((policy) => configured(policy, config[policy.name], level("all", config.all)));
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** `value` if it is an enforcement level (or absent); otherwise throws, naming `key`. */
function level(key: string, value: unknown): EnforcementLevel | undefined {
  if (value === undefined || LEVELS.includes(value as EnforcementLevel)) return value as EnforcementLevel | undefined;
  throw new Error(`apigwVpcPolicies: ${key} has enforcement level ${JSON.stringify(value)}; it must be one of ${quoteList(LEVELS)}`);
}

function configured(policy: PackPolicy, setting: AnyPolicySetting | undefined, all: EnforcementLevel | undefined): PackPolicy {
  const { enforcementLevel, ...properties } = (typeof setting === "string" ? { enforcementLevel: setting } : (setting ?? {})) as {
    enforcementLevel?: EnforcementLevel;
  } & Record<string, unknown>;
  const copy: PackPolicy = { ...policy, enforcementLevel: level(`'${policy.name}'`, enforcementLevel) ?? all ?? policy.enforcementLevel };
  if (Object.keys(properties).length === 0) return copy;

  copy.configSchema = withDefaults(policy, properties);
  const withConfig = <A extends { getConfig<T extends object>(): T }>(args: A): A => ({
    ...args,
    getConfig: <T extends object>() => ({ ...properties, ...args.getConfig<Record<string, unknown>>() }) as T,
  });
  const resource = copy as Partial<ResourceValidationPolicy>;
  const validateResource = resource.validateResource;
  if (validateResource !== undefined) {
    const wrap = (validate: ResourceValidation) => (args: ResourceValidationArgs, report: ReportViolation) =>
      validate(withConfig(args), report);
    resource.validateResource = Array.isArray(validateResource) ? validateResource.map(wrap) : wrap(validateResource);
  }
  const stack = copy as Partial<StackValidationPolicy>;
  const validateStack = stack.validateStack;
  if (typeof validateStack === "function") {
    stack.validateStack = (args: StackValidationArgs, report: ReportViolation) => validateStack(withConfig(args), report);
  }
  return copy;
}

/** The policy's config schema with `properties` as the defaults; a property it lacks throws. */
function withDefaults(policy: PackPolicy, properties: Record<string, unknown>): PolicyConfigSchema {
  const schema = policy.configSchema ?? { properties: {} };
  const declared = Object.keys(schema.properties);
  const undeclared = Object.keys(properties).filter((key) => !declared.includes(key));
  if (undeclared.length > 0) {
    const accepted = declared.length > 0 ? `it accepts ${quoteList(declared)} and enforcementLevel` : "it accepts only enforcementLevel";
    throw new Error(`apigwVpcPolicies: policy '${policy.name}' has no config ${quoteList(undeclared)}; ${accepted}`);
  }
  const merged = Object.fromEntries(
    Object.entries(schema.properties).map(([key, property]) => [
      key,
      key in properties ? { ...property, default: properties[key] as PolicyConfigJSONSchemaType } : property,
    ]),
  );
  return { ...schema, properties: merged };
}
