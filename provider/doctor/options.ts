/**
 * The doctor's options (pure): the rules each one follows, and the CLI's flags parsed into them.
 * Bad input is refused here, before any AWS call, with the flag and the rule.
 */
import { isIP } from "node:net";
import { parseArgs } from "node:util";
import { DOMAIN_NAME, DOMAIN_NAME_ID } from "../domainNameArns";
import { ENDPOINT_ACCESS_MODES, SECURITY_POLICIES } from "../endpointSecurity";
import { REST_API_ID, REST_API_ID_RULE, VPC_ENDPOINT_ID, VPC_ENDPOINT_ID_RULE, VPC_LINK_ID } from "../ids";
import type { DiagnoseOptions } from "./types";

/** Bad usage: a missing, unknown or malformed option. The CLI exits 2 with its message. */
export class DoctorUsageError extends Error {
  /**
   * An error whose message names the option and its rule.
   * @param message - The option and the rule it breaks.
   */
  constructor(message: string) {
    super(message);
    this.name = "DoctorUsageError";
  }
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Every rule an options object breaks, each naming the option (empty when valid). */
export function optionProblems(o: DiagnoseOptions): string[] {
  const problems: string[] = [];
  if (!o.region) problems.push("region is required");
  else if (!REGION.test(o.region)) problems.push(`region must be an AWS region such as us-east-1, got "${o.region}"`);
  if (!o.restApiId) problems.push("restApiId is required");
  else if (!REST_API_ID.test(o.restApiId)) problems.push(`restApiId must be ${REST_API_ID_RULE}, got "${o.restApiId}"`);
  for (const v of o.vpcEndpointIds ?? [])
    if (!VPC_ENDPOINT_ID.test(v)) problems.push(`vpcEndpointIds must each be ${VPC_ENDPOINT_ID_RULE}, got "${v}"`);
  if (o.stageName !== undefined && !STAGE_NAME.test(o.stageName))
    problems.push(`stageName must be 1-128 letters, digits, - or _, got "${o.stageName}"`);
  if ((o.domainName === undefined) !== (o.domainNameId === undefined))
    problems.push("domainName and domainNameId go together: a private domain name is known by both");
  if (o.domainName !== undefined && !DOMAIN_NAME.test(o.domainName)) problems.push(`domainName must be a DNS name, got "${o.domainName}"`);
  if (o.domainNameId !== undefined && !DOMAIN_NAME_ID.test(o.domainNameId))
    problems.push(`domainNameId must be lowercase letters and digits, got "${o.domainNameId}"`);
  if (o.vpcLinkId !== undefined && !VPC_LINK_ID.test(o.vpcLinkId))
    problems.push(`vpcLinkId must be lowercase letters and digits, got "${o.vpcLinkId}"`);
  if (o.sourceIp !== undefined && !isIP(o.sourceIp)) problems.push(`sourceIp must be an IPv4 or IPv6 address, got "${o.sourceIp}"`);
  if (o.path !== undefined && !o.path.startsWith("/")) problems.push(`path must start with "/", got "${o.path}"`);
  if (o.host !== undefined && !DOMAIN_NAME.test(o.host)) problems.push(`host must be a DNS name, got "${o.host}"`);
  if (o.expectSecurityPolicy !== undefined && !SECURITY_POLICIES.includes(o.expectSecurityPolicy))
    problems.push(`expectSecurityPolicy must be one of ${SECURITY_POLICIES.join(", ")}, got "${o.expectSecurityPolicy}"`);
  if (o.expectEndpointAccessMode !== undefined && !(ENDPOINT_ACCESS_MODES as readonly string[]).includes(o.expectEndpointAccessMode))
    problems.push(`expectEndpointAccessMode must be STRICT or BASIC, got "${o.expectEndpointAccessMode}"`);
  return problems;
}

/** Throws {@link DoctorUsageError} naming the first broken rule. */
export function assertOptions(o: DiagnoseOptions): void {
  const [first] = optionProblems(o);
  if (first) throw new DoctorUsageError(first);
}

/** The CLI's value flags and the options they set. */
const VALUE_FLAGS: Record<string, keyof DiagnoseOptions> = {
  "--region": "region",
  "--rest-api-id": "restApiId",
  "--vpc-endpoint-id": "vpcEndpointIds",
  "--stage": "stageName",
  "--domain-name": "domainName",
  "--domain-name-id": "domainNameId",
  "--vpc-link-id": "vpcLinkId",
  "--source-ip": "sourceIp",
  "--path": "path",
  "--host": "host",
  "--expect-security-policy": "expectSecurityPolicy",
  "--expect-endpoint-access-mode": "expectEndpointAccessMode",
};

/** What `apigw-vpc doctor …` asks for. */
export interface DoctorCommand {
  /** The options of the walk. */
  options: DiagnoseOptions;
  /** Print the diagnosis as JSON. */
  json: boolean;
  /** Print the usage and exit 0. */
  help: boolean;
}

/** Parses the arguments after `doctor` (node's parseArgs: `--flag value` or `--flag=value`). */
export function parseDoctorArgs(argv: string[]): DoctorCommand {
  const spec = Object.fromEntries(
    Object.keys(VALUE_FLAGS).map((flag) => [flag.slice(2), { type: "string" as const, multiple: flag === "--vpc-endpoint-id" }]),
  );
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...spec,
        probe: { type: "boolean" },
        "sign-probe": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new DoctorUsageError(`${(e as Error).message.replace(/\. To specify .*$/s, "")} (see apigw-vpc doctor --help)`);
  }
  const options: Record<string, unknown> = { region: "" };
  for (const [flag, key] of Object.entries(VALUE_FLAGS)) if (values[flag.slice(2)] !== undefined) options[key] = values[flag.slice(2)];
  if (values.probe) options.probe = true;
  if (values["sign-probe"]) options.signProbe = true;
  const command = { options: options as unknown as DiagnoseOptions, json: values.json === true, help: values.help === true };
  if (command.help) return command;
  const [problem] = optionProblems(command.options);
  if (problem) throw new DoctorUsageError(inFlags(problem));
  return command;
}

/** A message about options, in the CLI's words: `restApiId` -> `--rest-api-id`. */
function inFlags(message: string): string {
  const flagOf = (option: string) => Object.entries(VALUE_FLAGS).find(([, key]) => key === option)?.[0] ?? option;
  return message
    .replace(/^(\w+)( and )(\w+)/, (_m, a: string, and: string, b: string) => flagOf(a) + and + flagOf(b))
    .replace(/^(\w+)/, flagOf);
}

/** The usage text. */
export const DOCTOR_USAGE = `Usage: apigw-vpc doctor --region REGION --rest-api-id ID [options]

Walks the path of a request to a private REST API through its VPC endpoints, and names the broken link.

  --region REGION           the API's region (required)
  --rest-api-id ID          the private REST API (required)
  --vpc-endpoint-id VPCE    an endpoint to walk; repeatable (default: every endpoint associated with the API)
  --stage NAME              the stage (default: the API's only stage, else the first by name)
  --domain-name NAME        a private custom domain name, with --domain-name-id
  --domain-name-id ID       its id
  --vpc-link-id ID          an API Gateway v2 VPC link that an integration uses
  --source-ip ADDRESS       the caller's address, for the security-group and policy checks
  --path PATH               the request path under the stage (default: /)
  --host NAME               the host name callers use, for a STRICT API or domain (default: the per-VPCE name)
  --expect-security-policy P       fail unless the API's security policy is P
  --expect-endpoint-access-mode M  fail unless the API's endpoint access mode is M (STRICT or BASIC)
  --probe                   also send one HTTPS request to each per-VPCE URL and explain the answer
  --sign-probe              sign the probe with your AWS credentials (SigV4), so a policy naming a principal sees you
  --json                    print the diagnosis as JSON

Exit status: 0 ok, 1 broken, 2 bad usage, AWS unreadable, or a verdict of unknown.`;
