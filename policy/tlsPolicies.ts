/**
 * Policies for the TLS settings of REST APIs and custom domain names (AWS's 2025 security
 * policies), plain objects like those in policies.ts. Values unknown during preview pass.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { defaultSecurityPolicy, isTls13Policy, refusesTls10 } from "../provider/endpointSecurity";
import { DOMAIN_NAME } from "./domainPolicies";
import { isRecord, readKnown, REST_API } from "./resources";

/** The endpoint type of a RestApi or DomainName (`types` as a string or a list); undefined when unknown. */
function endpointTypeOf(props: Record<string, unknown>): string | undefined {
  if (!("endpointConfiguration" in props)) return "EDGE";
  const configuration = readKnown(() => props.endpointConfiguration);
  if (!isRecord(configuration)) return undefined;
  if (!("types" in configuration)) return "EDGE";
  const types = readKnown(() => configuration.types);
  if (types === undefined) return undefined;
  const first = readKnown(() => ([] as unknown[]).concat(types)[0]);
  return typeof first === "string" ? first : undefined;
}

function kindOf(type: string): "RestApi" | "DomainName" | undefined {
  return type === REST_API ? "RestApi" : type === DOMAIN_NAME ? "DomainName" : undefined;
}

/**
 * A PRIVATE aws.apigateway.RestApi or DomainName uses a security policy of TLS 1.2 or later: not
 * the legacy `TLS_1_0` (an absent policy passes, as AWS gives PRIVATE ones `TLS_1_2`).
 */
export const privateTlsMinimum: ResourceValidationPolicy = {
  name: "private-tls-1-2-minimum",
  description:
    "A PRIVATE aws.apigateway.RestApi or DomainName uses a securityPolicy of TLS 1.2 or later (TLS_1_2 or an enhanced SecurityPolicy_*), never TLS_1_0.",
  enforcementLevel: "mandatory",
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    const kind = kindOf(args.type);
    if (!kind || endpointTypeOf(args.props) !== "PRIVATE") return;
    const policy = readKnown(() => args.props.securityPolicy);
    const effective = policy ?? defaultSecurityPolicy(kind === "RestApi" ? "api" : "domain", "PRIVATE");
    if (typeof effective === "string" && !refusesTls10(effective))
      reportViolation(
        `${kind} '${args.name}' is PRIVATE and its securityPolicy is ${effective}, which accepts TLS 1.0: use TLS_1_2 or an enhanced SecurityPolicy_TLS13_* policy`,
      );
  },
};

/**
 * An aws.apigateway.RestApi or DomainName with a `SecurityPolicy_TLS13_*` policy sets
 * `endpointAccessMode: "STRICT"`: BASIC is AWS's mode for a migration, and STRICT the one it
 * recommends (it checks the endpoint type and the TLS server name of every request).
 */
export const tls13StrictAccessMode: ResourceValidationPolicy = {
  name: "tls13-strict-access-mode",
  description: "An aws.apigateway.RestApi or DomainName with a SecurityPolicy_TLS13_* securityPolicy sets endpointAccessMode to STRICT.",
  enforcementLevel: "mandatory",
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    const kind = kindOf(args.type);
    const policy = readKnown(() => args.props.securityPolicy);
    if (!kind || typeof policy !== "string" || !isTls13Policy(policy)) return;
    const mode = readKnown(() => args.props.endpointAccessMode);
    if (mode === undefined && "endpointAccessMode" in args.props) return; // unknown during preview
    if (mode !== "STRICT")
      reportViolation(
        `${kind} '${args.name}' uses ${policy} with endpointAccessMode ${mode === undefined ? "unset" : JSON.stringify(mode)}: set endpointAccessMode to "STRICT" (BASIC is for a migration)`,
      );
  },
};
