/**
 * The checks of the 2025 endpoint settings (pure): the API's TLS security policy and access
 * mode, each endpoint's IP address type against an IPv6 caller, and STRICT mode against the
 * host name and the endpoint type a request uses (provider/endpointSecurity.ts holds the rules).
 */
import { isIPv6 } from "node:net";
import { executeApiDomain, perVpceHostname } from "../../endpointNames";
import { isEnhancedPolicy, refusesTls10 } from "../../endpointSecurity";
import type { CheckResult } from "../types";
import { found, result, skipped, type CheckContext } from "./context";

const updateApi = (ctx: CheckContext, id: string, ops: string) =>
  `aws apigateway update-rest-api --region ${ctx.options.region} --rest-api-id ${id} --patch-operations ${ops}`;

/**
 * api-tls: the API's security policy and access mode are the ones expected (`expectSecurityPolicy`,
 * `expectEndpointAccessMode`), an enhanced policy has its mode; warns on TLS_1_0 for a PRIVATE API.
 */
export function apiTls(ctx: CheckContext): CheckResult {
  const api = found(ctx.snapshot.api);
  if (!api) return skipped("api-tls", "the API was not seen");
  const policy = api.securityPolicy;
  const mode = api.endpointAccessMode;
  const evidence = { securityPolicy: policy ?? null, endpointAccessMode: mode ?? null };
  const shown = `${policy ?? "no security policy shown"}${mode ? ` (${mode})` : ""}`;
  const { expectSecurityPolicy: wantPolicy, expectEndpointAccessMode: wantMode } = ctx.options;
  if ((wantPolicy && wantPolicy !== policy) || (wantMode && wantMode !== mode)) {
    const ops = [
      ...(wantPolicy && wantPolicy !== policy ? [`op=replace,path=/securityPolicy,value=${wantPolicy}`] : []),
      ...(wantMode && wantMode !== mode ? [`op=replace,path=/endpointAccessMode,value=${wantMode}`] : []),
    ];
    return result("api-tls", "fail", `${shown}, expected ${wantPolicy ?? policy}${wantMode ? ` (${wantMode})` : ""}`, {
      evidence: { ...evidence, expected: { securityPolicy: wantPolicy ?? null, endpointAccessMode: wantMode ?? null } },
      fix: `${updateApi(ctx, api.id, ops.join(" "))} (Pulumi: the RestApi's securityPolicy and endpointAccessMode); it takes about 15 minutes (apiStatus UPDATING)`,
    });
  }
  if (policy && isEnhancedPolicy(policy) && !mode)
    return result("api-tls", "fail", `${policy} needs an endpoint access mode, and none is set`, {
      evidence,
      fix: updateApi(ctx, api.id, "op=replace,path=/endpointAccessMode,value=STRICT"),
    });
  if (policy && api.endpointTypes.includes("PRIVATE") && !refusesTls10(policy))
    return result("api-tls", "warn", `${policy}: the private API accepts TLS 1.0`, {
      evidence,
      fix: updateApi(ctx, api.id, "op=replace,path=/securityPolicy,value=TLS_1_2"),
    });
  return result("api-tls", "pass", shown, { evidence });
}

/**
 * endpoint-ip-type: an IPv6 caller (`sourceIp`) needs a dualstack (or ipv6) endpoint and a
 * dualstack API; the names do not change with the IP address type.
 */
export function endpointIpType(ctx: CheckContext, vpce: string): CheckResult {
  const endpoint = found(ctx.snapshot.endpoints[vpce]);
  const api = found(ctx.snapshot.api);
  if (!endpoint) return skipped("endpoint-ip-type", "the endpoint was not seen", vpce);
  const evidence = { endpointIpAddressType: endpoint.ipAddressType ?? null, apiIpAddressType: api?.ipAddressType ?? null };
  const summary = `endpoint ${endpoint.ipAddressType ?? "ipv4"}, API ${api?.ipAddressType ?? "unknown"}`;
  const caller = ctx.options.sourceIp;
  if (!caller || !isIPv6(caller)) return result("endpoint-ip-type", "pass", summary, { subject: vpce, evidence });
  if (!endpoint.ipAddressType || endpoint.ipAddressType === "ipv4")
    return result("endpoint-ip-type", "fail", `the IPv6 caller ${caller} cannot reach ${vpce}: the endpoint is ipv4 only`, {
      subject: vpce,
      evidence: { ...evidence, sourceIp: caller },
      fix:
        `aws ec2 modify-vpc-endpoint --region ${ctx.options.region} --vpc-endpoint-id ${vpce} --ip-address-type dualstack ` +
        "--dns-options DnsRecordIpType=dualstack (its subnets need IPv6 CIDR blocks; Pulumi: the VpcEndpoint's ipAddressType)",
    });
  if (api && api.ipAddressType && api.ipAddressType !== "dualstack")
    return result("endpoint-ip-type", "fail", `the API is ${api.ipAddressType}: IPv6 callers need dualstack`, {
      subject: vpce,
      evidence: { ...evidence, sourceIp: caller },
      fix: updateApi(ctx, api.id, "op=replace,path=/endpointConfiguration/ipAddressType,value=dualstack"),
    });
  return result("endpoint-ip-type", "pass", summary, { subject: vpce, evidence: { ...evidence, sourceIp: caller } });
}

/**
 * strict-access-mode: in STRICT mode a request must use one of the resource's own names (SNI and
 * Host) on its own endpoint type: the per-VPCE or private DNS name for a private API, the domain's
 * name for a private domain, and a domain mapped to a STRICT API must be of the API's endpoint type.
 */
export function strictAccessMode(ctx: CheckContext): CheckResult {
  const api = found(ctx.snapshot.api);
  const domain = found(ctx.snapshot.domain);
  if (!api) return skipped("strict-access-mode", "the API was not seen");
  const strictApi = api.endpointAccessMode === "STRICT";
  const strictDomain = domain?.endpointAccessMode === "STRICT";
  if (!strictApi && !strictDomain) return result("strict-access-mode", "pass", "no STRICT endpoint access mode", {});
  const region = ctx.options.region;
  const vpces = ctx.snapshot.vpcEndpointIds;
  const names = domain
    ? [domain.domainName]
    : [...vpces.map((v) => perVpceHostname(api.id, v, region)), `${api.id}.${executeApiDomain(region)}`];
  const host = ctx.options.host ?? names[0];
  const evidence = { host, names, api: api.endpointAccessMode ?? null, domain: domain?.endpointAccessMode ?? null };
  if (domain && strictApi && domain.endpointTypes[0] !== api.endpointTypes[0])
    return result("strict-access-mode", "fail", `the API is STRICT and ${api.endpointTypes[0]}, the domain ${domain.endpointTypes[0]}`, {
      evidence,
      fix: "Map the API under a domain name of its own endpoint type, or set the API's endpointAccessMode to BASIC",
    });
  if ((domain ? strictDomain : strictApi) && !names.includes(host))
    return result(
      "strict-access-mode",
      "fail",
      `STRICT refuses ${host}: it is not a name of the ${domain ? "domain" : "API"} on its endpoint type`,
      {
        evidence,
        fix: `Call ${names.join(" or ")} (the TLS server name and the Host must both be it), or set endpointAccessMode to BASIC`,
      },
    );
  return result("strict-access-mode", "pass", `STRICT: ${host} is a name of the ${domain ? "domain" : "API"}`, { evidence });
}
