/**
 * The doctor's vocabulary (pure): its options, the ids of its checks in the order a request
 * travels, a check's result and the diagnosis. Nothing here does I/O.
 */

/** What {@link diagnosePrivateApi} is asked to walk; the CLI's flags carry the same names in kebab-case. */
export interface DiagnoseOptions {
  /** The region of the API and the endpoints. */
  region: string;
  /** The private REST API. */
  restApiId?: string;
  /** The endpoints to walk. @default every endpoint associated with the API */
  vpcEndpointIds?: string[];
  /** The stage. @default the API's only stage (the first by name when it has several) */
  stageName?: string;
  /** A private custom domain name, with {@link DiagnoseOptions.domainNameId}. */
  domainName?: string;
  /** The id API Gateway gave the private custom domain name. */
  domainNameId?: string;
  /** An API Gateway v2 VPC link that an integration goes through. */
  vpcLinkId?: string;
  /** The caller's address, for the security-group and policy checks. @default unknown: checks that need it say so */
  sourceIp?: string;
  /** Also send one HTTPS request to each per-VPCE URL and explain its answer. @default false */
  probe?: boolean;
  /**
   * Sign the probe (SigV4, service execute-api) with the SDK's default credential chain, so that
   * policies naming a principal see you rather than an anonymous caller. @default false (unsigned)
   */
  signProbe?: boolean;
  /** The path the probe requests under the stage, and the policy checks evaluate. @default "/" */
  path?: string;
  /**
   * The host name callers use (the TLS server name and Host), for the STRICT access mode check and the probe.
   * @default the per-VPCE name `{api}-{vpce}.execute-api.{region}.amazonaws.com`
   */
  host?: string;
  /** The security policy the API should have (e.g. what the program declares). @default - not compared */
  expectSecurityPolicy?: string;
  /** The endpoint access mode the API should have. @default - not compared */
  expectEndpointAccessMode?: string;
}

/** The ids of the checks, in the order a request travels. */
export const CHECK_IDS = [
  "api-exists",
  "api-private",
  "api-tls",
  "endpoint-exists",
  "endpoint-available",
  "endpoint-service",
  "endpoint-ip-type",
  "endpoint-associated",
  "endpoint-security-group",
  "endpoint-policy",
  "private-dns",
  "domain-private",
  "domain-access-association",
  "domain-policy",
  "base-path-mapping",
  "strict-access-mode",
  "routing-rules",
  "resource-policy",
  "stage-deployed",
  "policy-deployed",
  "vpc-link-status",
  "dns-per-vpce",
  "probe",
] as const;

/** A check's stable id. */
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * `pass`: the link holds. `fail`: it is broken. `warn`: it holds but sets a known trap.
 * `unknown`: the control plane cannot show it (see {@link CheckResult.unknownBecause}).
 * `skipped`: an earlier failure makes it moot, or the options do not ask for it.
 */
export type CheckStatus = "pass" | "fail" | "warn" | "unknown" | "skipped";

/** One check's outcome. */
export interface CheckResult {
  /** The stable id. */
  id: CheckId;
  /** What it checked, e.g. the endpoint id, when the check runs once per endpoint. */
  subject?: string;
  /** The outcome. */
  status: CheckStatus;
  /** One line for people: what was seen. */
  summary: string;
  /** What the check saw: ids, the denying statement, the missing rule. */
  evidence: Record<string, unknown>;
  /** The exact command or Pulumi argument that repairs a `fail` or `warn`, or how to check an `unknown`. */
  fix?: string;
  /**
   * Why an `unknown` is unknown: `limit` when AWS does not show it (the verdict can still be ok),
   * `unreadable` when a read failed or saw nothing (the verdict becomes unknown).
   */
  unknownBecause?: "limit" | "unreadable";
}

/** The doctor's answer. */
export interface Diagnosis {
  /** `broken` when a check fails; `unknown` when a needed read failed; `ok` otherwise. */
  verdict: "ok" | "broken" | "unknown";
  /** The id of the first failing check, in the order a request travels, or null. */
  rootCause: CheckId | null;
  /** Every check, in that order. */
  checks: CheckResult[];
}
