/**
 * The endpoint settings a component declares for its PRIVATE API or domain name (`ipAddressType`,
 * `securityPolicy`, `endpointAccessMode`): checked when the component is built, before any AWS
 * call, against the rules of provider/endpointSecurity.ts. A value not known yet (a preview) is
 * checked once it is known, and never reported as bad input.
 */
import * as pulumi from "@pulumi/pulumi";
import { endpointSecurityProblems, type EndpointSecuritySettings } from "../provider/endpointSecurity";
import type { CheckFailure } from "../provider/validation";

/** The settings a component accepts for the PRIVATE API or domain name it serves. */
export interface EndpointSettingsArgs {
  /**
   * The IP address type of the API or domain: PRIVATE ones support only `dualstack`, which AWS
   * gives them by default. The per-VPCE names and URLs are the same for either type.
   * @default - not declared (AWS's default for PRIVATE, dualstack)
   */
  readonly ipAddressType?: pulumi.Input<string>;
  /**
   * The TLS security policy the API or domain uses: `TLS_1_2`, or an enhanced
   * `SecurityPolicy_TLS13_*` policy (post-quantum and FIPS variants included), which needs
   * `endpointAccessMode`. With `diagnose`, the doctor fails when the API's policy differs.
   * @default - not declared (AWS's default for PRIVATE, TLS_1_2)
   */
  readonly securityPolicy?: pulumi.Input<string>;
  /**
   * STRICT or BASIC, required with an enhanced security policy and refused with a legacy one.
   * STRICT refuses requests whose TLS server name and Host are not the API's (or domain's) own
   * names on its endpoint type.
   * @default - not declared
   */
  readonly endpointAccessMode?: pulumi.Input<string>;
}

/** The declared settings once known. */
export interface DeclaredEndpointSettings {
  /** ipv4 or dualstack, if declared. */
  ipAddressType?: string;
  /** The security policy, if declared. */
  securityPolicy?: string;
  /** STRICT or BASIC, if declared. */
  endpointAccessMode?: string;
}

const FIELDS = ["ipAddressType", "securityPolicy", "endpointAccessMode"] as const;

/**
 * Pure: the failures of the declared settings of a PRIVATE API or domain, each naming the field
 * and the rule, as a provider's check() reports them.
 * @param values - The declared values (any JSON); `undefined` is not declared.
 * @param unknowns - Fields not known yet: no rule reads them.
 */
export function endpointSettingsFailures(
  values: Record<(typeof FIELDS)[number], unknown>,
  unknowns: ReadonlySet<keyof EndpointSecuritySettings> = new Set(),
): CheckFailure[] {
  return endpointSecurityProblems({ endpointType: "PRIVATE", ...values }, "", unknowns);
}

const isPending = (value: unknown) => pulumi.Output.isInstance(value) || value instanceof Promise;

/**
 * Checks the declared settings now where they are plain values (throwing Pulumi's
 * InputPropertiesError with each field and rule), and the rest once they are known.
 * @param component - `PrivateApiAccess orders`, for the message.
 * @param args - The component's arguments.
 * @returns The declared settings, failing (an error naming the field and rule) if a later value breaks a rule.
 */
export function checkedEndpointSettings(component: string, args: EndpointSettingsArgs): pulumi.Output<DeclaredEndpointSettings> {
  const pending = new Set(FIELDS.filter((f) => isPending(args[f])));
  const plain = Object.fromEntries(FIELDS.map((f) => [f, pending.has(f) ? undefined : args[f]])) as Record<
    (typeof FIELDS)[number],
    unknown
  >;
  throwOn(component, endpointSettingsFailures(plain, pending));
  return pulumi.all(FIELDS.map((f) => pulumi.output(args[f]))).apply(([ipAddressType, securityPolicy, endpointAccessMode]) => {
    if (pending.size) throwOn(component, endpointSettingsFailures({ ipAddressType, securityPolicy, endpointAccessMode }));
    return {
      ...(ipAddressType === undefined ? {} : { ipAddressType }),
      ...(securityPolicy === undefined ? {} : { securityPolicy }),
      ...(endpointAccessMode === undefined ? {} : { endpointAccessMode }),
    };
  });
}

function throwOn(component: string, failures: CheckFailure[]): void {
  if (!failures.length) return;
  throw new pulumi.InputPropertiesError({
    message: `${component}: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`,
    errors: failures.map((f) => ({ propertyPath: f.property, reason: f.reason })),
  });
}
