/**
 * The checks of one VPC endpoint (pure): it exists, is available, serves execute-api, is
 * associated with the API, admits the caller on 443, its policy allows the call, its private DNS,
 * and the per-VPCE name.
 */
import { executeApiDomain, perVpceHostname } from "../../endpointNames";
import type { EndpointView } from "../snapshot";
import type { CheckResult } from "../types";
import { found, result, skipped, unreadable, type CheckContext } from "./context";
import { associateCommand, open443Command, redeployCommand, resetEndpointPolicyCommand } from "./fixes";
import { admission } from "./network";
import { invokeRequest, describeDecision } from "./requests";

/** The execute-api service name of a region (`cn.com.amazonaws.…` in China). */
export function executeApiServiceName(region: string): string {
  return region.startsWith("cn-") ? `cn.com.amazonaws.${region}.execute-api` : `com.amazonaws.${region}.execute-api`;
}

/** endpoint-exists: DescribeVpcEndpoints shows it. Invisible is unknown: it may be another account's. */
export function endpointExists(ctx: CheckContext, vpce: string): CheckResult {
  const read = ctx.snapshot.endpoints[vpce];
  if (!read) return skipped("endpoint-exists", "not read", vpce);
  if (read.kind === "unreadable") return unreadable("endpoint-exists", "the endpoint", read, vpce);
  if (read.kind === "missing") {
    return result("endpoint-exists", "unknown", `${vpce} is not visible to this account: it is another account's, or it does not exist`, {
      subject: vpce,
      evidence: { vpcEndpointId: vpce, error: read.message },
      fix: `Run the doctor with the endpoint owner's credentials: aws ec2 describe-vpc-endpoints --region ${ctx.options.region} --vpc-endpoint-ids ${vpce}`,
      unknownBecause: "unreadable",
    });
  }
  const e = read.value;
  return result("endpoint-exists", "pass", `${vpce} in ${e.vpcId}`, { subject: vpce, evidence: { vpcId: e.vpcId, ownerId: e.ownerId } });
}

/** The endpoint, when endpoint-exists passed; otherwise the reason to skip. */
function endpointOf(ctx: CheckContext, vpce: string): EndpointView | undefined {
  return found(ctx.snapshot.endpoints[vpce]);
}

/** endpoint-available: state available. */
export function endpointAvailable(ctx: CheckContext, vpce: string): CheckResult {
  const e = endpointOf(ctx, vpce);
  if (!e) return skipped("endpoint-available", "the endpoint was not seen", vpce);
  const state = e.state.toLowerCase();
  if (state === "available") return result("endpoint-available", "pass", "available", { subject: vpce, evidence: { state: e.state } });
  const waiting = state === "pending" || state === "pendingacceptance";
  return result("endpoint-available", "fail", `state is ${e.state}`, {
    subject: vpce,
    evidence: { state: e.state },
    fix: waiting
      ? `Wait until it is available: aws ec2 wait vpc-endpoint-available --region ${ctx.options.region} --vpc-endpoint-ids ${vpce}` +
        (state === "pendingacceptance" ? " (the service owner must accept it first)" : "")
      : `Create a new interface endpoint for ${executeApiServiceName(ctx.options.region)}: this one is ${e.state}`,
  });
}

/** endpoint-service: an interface endpoint of the region's execute-api service. */
export function endpointService(ctx: CheckContext, vpce: string): CheckResult {
  const e = endpointOf(ctx, vpce);
  if (!e) return skipped("endpoint-service", "the endpoint was not seen", vpce);
  const expected = executeApiServiceName(ctx.options.region);
  const type = e.vpcEndpointType ?? "Interface";
  if (e.serviceName === expected && type.toLowerCase() === "interface") {
    return result("endpoint-service", "pass", expected, { subject: vpce, evidence: { serviceName: e.serviceName, vpcEndpointType: type } });
  }
  return result("endpoint-service", "fail", `${type} endpoint of ${e.serviceName}, not an Interface endpoint of ${expected}`, {
    subject: vpce,
    evidence: { serviceName: e.serviceName, vpcEndpointType: type, expected },
    fix: `aws ec2 create-vpc-endpoint --region ${ctx.options.region} --vpc-id ${e.vpcId} --vpc-endpoint-type Interface --service-name ${expected} --subnet-ids <subnets> --security-group-ids <groups>`,
  });
}

/** endpoint-associated: the API's endpointConfiguration lists the endpoint. */
export function endpointAssociated(ctx: CheckContext, vpce: string): CheckResult {
  const api = found(ctx.snapshot.api);
  if (!api) return skipped("endpoint-associated", "the API was not seen", vpce);
  if (api.vpcEndpointIds.includes(vpce)) {
    return result("endpoint-associated", "pass", `associated with ${api.id}`, {
      subject: vpce,
      evidence: { vpcEndpointIds: api.vpcEndpointIds },
    });
  }
  return result("endpoint-associated", "fail", `${api.id} is not associated with ${vpce}`, {
    subject: vpce,
    evidence: { vpcEndpointIds: api.vpcEndpointIds },
    fix: associateCommand(ctx.options.region, api.id, vpce),
  });
}

/** endpoint-security-group: a group of the endpoint admits the caller on TCP 443. */
export function endpointSecurityGroup(ctx: CheckContext, vpce: string): CheckResult {
  const e = endpointOf(ctx, vpce);
  if (!e) return skipped("endpoint-security-group", "the endpoint was not seen", vpce);
  const id = "endpoint-security-group" as const;
  for (const g of e.groupIds) {
    const read = ctx.snapshot.ingress[g];
    if (read?.kind === "unreadable") return unreadable(id, `security group ${g}`, read, vpce);
  }
  const vpcRead = ctx.snapshot.vpcs[e.vpcId];
  if (!ctx.options.sourceIp && vpcRead?.kind === "unreadable") return unreadable(id, `VPC ${e.vpcId}`, vpcRead, vpce);
  const vpcCidrs = found(vpcRead) ?? [];
  const rules = e.groupIds.flatMap((g) => found(ctx.snapshot.ingress[g]) ?? []);
  const caller = ctx.options.sourceIp ?? `a caller in ${e.vpcId} (${vpcCidrs.join(", ") || "CIDR unknown"})`;
  const verdict = admission(rules, ctx.options.sourceIp, vpcCidrs);
  const evidence = { groupIds: e.groupIds, caller };
  if (verdict.kind === "admitted") {
    return result(id, "pass", `443 open to ${caller} via ${verdict.sources.join(", ")}`, {
      subject: vpce,
      evidence: { ...evidence, sources: verdict.sources },
    });
  }
  if (verdict.kind === "maybe") {
    return result(id, "unknown", `443 is open only to ${verdict.sources.join(", ")}; whether ${caller} is a member is not shown`, {
      subject: vpce,
      evidence: { ...evidence, sources: verdict.sources },
      fix: "Check that the caller's network interface is in that group (or prefix list), or pass --source-ip and add a CIDR rule.",
      unknownBecause: "limit",
    });
  }
  const cidr = ctx.options.sourceIp
    ? `${ctx.options.sourceIp}/${ctx.options.sourceIp.includes(":") ? 128 : 32}`
    : (vpcCidrs[0] ?? "<caller CIDR>");
  return result(id, "fail", `no ingress rule of ${e.groupIds.join(", ") || "(no group)"} admits ${caller} on TCP 443`, {
    subject: vpce,
    evidence: { ...evidence, missingRule: `tcp 443 from ${cidr}` },
    fix: open443Command(ctx.options.region, e.groupIds[0] ?? "<group>", cidr),
  });
}

/** endpoint-policy: the endpoint's policy allows execute-api:Invoke on this request. */
export function endpointPolicy(ctx: CheckContext, vpce: string): CheckResult {
  const e = endpointOf(ctx, vpce);
  if (!e) return skipped("endpoint-policy", "the endpoint was not seen", vpce);
  const request = invokeRequest(ctx, e);
  if (!request) return skipped("endpoint-policy", "the API or stage was not seen", vpce);
  if (!e.policyDocument) return result("endpoint-policy", "pass", "default policy (full access)", { subject: vpce, evidence: {} });
  const decision = ctx.evaluate(e.policyDocument, request);
  const evidence = { resource: request.resource, context: request.context, ...describeDecision(decision, e.policyDocument) };
  if (decision.decision === "allow") return result("endpoint-policy", "pass", "allows the request", { subject: vpce, evidence });
  return result(
    "endpoint-policy",
    "fail",
    decision.decision === "explicit-deny" ? "a Deny statement matches the request" : "no statement allows the request",
    {
      subject: vpce,
      evidence,
      fix: `${resetEndpointPolicyCommand(ctx.options.region, vpce)} (or allow execute-api:Invoke on ${request.resource} in the endpoint policy)`,
    },
  );
}

/** private-dns: warns of the traps of private DNS on an execute-api endpoint. */
export function privateDns(ctx: CheckContext, vpce: string): CheckResult {
  const e = endpointOf(ctx, vpce);
  if (!e) return skipped("private-dns", "the endpoint was not seen", vpce);
  const region = ctx.options.region;
  const siblings = found(ctx.snapshot.vpcSiblings[e.vpcId]) ?? [];
  const others = siblings.filter((s) => s.vpcEndpointId !== vpce && s.privateDnsEnabled && s.state.toLowerCase() !== "deleted");
  if (e.privateDnsEnabled && others.length) {
    return result("private-dns", "warn", `${e.vpcId} has ${others.length + 1} execute-api endpoints with private DNS`, {
      subject: vpce,
      evidence: { privateDnsEnabled: true, alsoPrivateDns: others.map((o) => o.vpcEndpointId) },
      fix: `Keep private DNS on one endpoint per VPC: aws ec2 modify-vpc-endpoint --region ${region} --vpc-endpoint-id ${others[0].vpcEndpointId} --no-private-dns-enabled`,
    });
  }
  if (e.privateDnsEnabled) {
    return result("private-dns", "warn", `on: every public or regional API in ${region} answers 403 from ${e.vpcId}`, {
      subject: vpce,
      evidence: { privateDnsEnabled: true, resolvesToEndpoint: `*.${executeApiDomain(region)}` },
      fix:
        `Call public APIs from this VPC through a custom domain or an edge endpoint, or turn private DNS off and use the per-VPCE URL: ` +
        `aws ec2 modify-vpc-endpoint --region ${region} --vpc-endpoint-id ${vpce} --no-private-dns-enabled`,
    });
  }
  return result("private-dns", "pass", "off: callers use the per-VPCE name", { subject: vpce, evidence: { privateDnsEnabled: false } });
}

/** dns-per-vpce: `{api}-{vpce}.execute-api.{region}.amazonaws.com` resolves. */
export function dnsPerVpce(ctx: CheckContext, vpce: string): CheckResult {
  const api = found(ctx.snapshot.api);
  const answer = ctx.snapshot.perVpceDns[vpce];
  if (!api || !answer) return skipped("dns-per-vpce", "the API was not seen", vpce);
  const hostname = perVpceHostname(api.id, vpce, ctx.options.region);
  if (answer.kind === "addresses")
    return result("dns-per-vpce", "pass", `${hostname} -> ${answer.addresses.join(", ")}`, {
      subject: vpce,
      evidence: { hostname, addresses: answer.addresses },
    });
  if (answer.kind === "error") {
    return result("dns-per-vpce", "unknown", `the resolver did not answer for ${hostname} (${answer.code})`, {
      subject: vpce,
      evidence: { hostname, error: answer.code },
      fix: `dig ${hostname} (from a machine whose resolver works)`,
      unknownBecause: "unreadable",
    });
  }
  const stage = found(ctx.snapshot.stage)?.stageName ?? "<stage>";
  return result("dns-per-vpce", "fail", `${hostname} does not resolve (${answer.kind.toUpperCase()})`, {
    subject: vpce,
    evidence: { hostname, answer: answer.kind },
    fix: `Names appear within minutes of an association; if it still does not resolve, redeploy: ${redeployCommand(ctx.options.region, api.id, stage)}`,
  });
}
