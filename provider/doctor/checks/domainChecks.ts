/**
 * The checks of a private custom domain name and of a VPC link (pure): the domain is PRIVATE, the
 * endpoint has an access association, the domain's policy admits the call, the API's stage is
 * mapped; the link is AVAILABLE.
 */
import { domainExecuteApiArn, parseDomainNameArn } from "../../domainNameArns";
import type { CheckResult } from "../types";
import { endpointOnlyPolicy } from "./apiChecks";
import { found, result, skipped, unreadable, type CheckContext } from "./context";
import { basePathMappingCommand, domainAssociationCommand, replaceDomainPolicyCommand } from "./fixes";
import { describeDecision, invokeContext } from "./requests";
import { routingModeOf, rulesRoutingHere } from "./routingChecks";

const names = (ctx: CheckContext) => `${ctx.options.domainName} (${ctx.options.domainNameId})`;

/** domain-private: GetDomainName answers with a PRIVATE domain. Another account's domain is not readable. */
export function domainPrivate(ctx: CheckContext): CheckResult {
  const read = ctx.snapshot.domain;
  if (!read) return skipped("domain-private", "no --domain-name");
  if (read.kind === "unreadable") return unreadable("domain-private", `domain ${names(ctx)}`, read);
  if (read.kind === "missing") {
    return result(
      "domain-private",
      "unknown",
      `${names(ctx)} is not visible: it is another account's (which a consumer cannot read), or it does not exist`,
      {
        evidence: { error: read.message },
        fix: `Ask the domain's owner, or check the name and id: aws apigateway get-domain-names --region ${ctx.options.region} --resource-owner SELF`,
        unknownBecause: "unreadable",
      },
    );
  }
  const d = read.value;
  if (d.endpointTypes.includes("PRIVATE"))
    return result("domain-private", "pass", `${d.domainName} is PRIVATE`, { evidence: { domainNameArn: d.domainNameArn } });
  return result("domain-private", "fail", `${d.domainName} is ${d.endpointTypes.join(", ")}, not PRIVATE`, {
    evidence: { types: d.endpointTypes },
    fix: "A domain's endpoint type cannot become PRIVATE: create a private custom domain name (Pulumi: aws.apigateway.DomainName with endpointConfiguration.types PRIVATE)",
  });
}

/** The domain's ARN: from GetDomainName, else from an association that names the domain. */
function domainArnOf(ctx: CheckContext): string | undefined {
  const fromDomain = found(ctx.snapshot.domain)?.domainNameArn;
  if (fromDomain) return fromDomain;
  const suffix = `/domainnames/${ctx.options.domainName}+${ctx.options.domainNameId}`;
  return (found(ctx.snapshot.accessAssociations) ?? []).map((a) => a.domainNameArn).find((arn) => arn?.endsWith(suffix));
}

/** domain-access-association: the endpoint has an access association with the domain. */
export function domainAccessAssociation(ctx: CheckContext, vpce: string): CheckResult {
  const read = ctx.snapshot.accessAssociations;
  if (!read) return skipped("domain-access-association", "no --domain-name", vpce);
  if (read.kind === "unreadable") return unreadable("domain-access-association", "the access associations", read, vpce);
  const suffix = `/domainnames/${ctx.options.domainName}+${ctx.options.domainNameId}`;
  const all = found(read) ?? [];
  const match = all.find((a) => a.domainNameArn?.endsWith(suffix) && a.source === vpce);
  if (match)
    return result("domain-access-association", "pass", `associated (${match.arn ?? "no ARN"})`, {
      subject: vpce,
      evidence: { arn: match.arn },
    });
  const arn = domainArnOf(ctx) ?? `<domain ARN of ${ctx.options.domainName}>`;
  return result(
    "domain-access-association",
    "fail",
    `no access association of ${vpce} with ${ctx.options.domainName} (never made, deleted, or rejected by the owner)`,
    {
      subject: vpce,
      evidence: { associationsSeen: all.map((a) => a.arn) },
      fix: domainAssociationCommand(ctx.options.region, arn, vpce),
    },
  );
}

/** domain-policy: the domain's policy allows execute-api:Invoke through this endpoint. */
export function domainPolicy(ctx: CheckContext, vpce: string): CheckResult {
  const domain = found(ctx.snapshot.domain);
  const endpoint = found(ctx.snapshot.endpoints[vpce]);
  if (!ctx.snapshot.domain) return skipped("domain-policy", "no --domain-name", vpce);
  if (!domain) {
    return result("domain-policy", "unknown", "the domain is not readable here: its owner's account holds the policy", {
      subject: vpce,
      fix: "Run the doctor with the domain owner's credentials",
      unknownBecause: ctx.snapshot.domain.kind === "unreadable" ? "unreadable" : "limit",
    });
  }
  if (!endpoint) return skipped("domain-policy", "the endpoint was not seen", vpce);
  const fix = replaceDomainPolicyCommand(ctx.options.region, domain.domainName, domain.domainNameId, endpointOnlyPolicy([vpce]));
  if (!domain.policy)
    return result("domain-policy", "fail", "the domain has no policy: a new private domain denies every call", { subject: vpce, fix });
  const parts = domain.domainNameArn ? parseDomainNameArn(domain.domainNameArn) : undefined;
  const resource = parts
    ? domainExecuteApiArn(parts)
    : `arn:aws:execute-api:${ctx.options.region}:*:/domainnames/${domain.domainName}+${domain.domainNameId}`;
  const request = { resource, context: invokeContext(ctx, endpoint) };
  const decision = ctx.evaluate(domain.policy, request);
  const evidence = { resource, context: request.context, ...describeDecision(decision, domain.policy) };
  if (decision.decision === "allow") return result("domain-policy", "pass", "allows the call", { subject: vpce, evidence });
  return result(
    "domain-policy",
    "fail",
    decision.decision === "explicit-deny" ? "a Deny statement matches the call" : "no statement allows the call",
    { subject: vpce, evidence, fix },
  );
}

/** base-path-mapping: the domain maps a base path to the API's stage. */
export function basePathMapping(ctx: CheckContext): CheckResult {
  const read = ctx.snapshot.basePathMappings;
  if (!read) return skipped("base-path-mapping", "no --domain-name");
  if (read.kind === "unreadable") return unreadable("base-path-mapping", "the base path mappings", read);
  // Routing rules come first (routing-rules checks them): mappings are not used, or not needed for this path.
  const mode = routingModeOf(ctx);
  if (mode === "ROUTING_RULE_ONLY") return skipped("base-path-mapping", "routingMode ROUTING_RULE_ONLY: base path mappings are not used");
  if (mode === "ROUTING_RULE_THEN_BASE_PATH_MAPPING" && rulesRoutingHere(ctx).length)
    return skipped("base-path-mapping", "a routing rule routes the path to the API's stage first");
  const api = found(ctx.snapshot.api);
  const stage = found(ctx.snapshot.stage)?.stageName ?? ctx.options.stageName;
  const mappings = found(read) ?? [];
  const match = mappings.find((m) => m.restApiId === ctx.options.restApiId && (!stage || !m.stage || m.stage === stage));
  if (match)
    return result(
      "base-path-mapping",
      "pass",
      `/${match.basePath === "(none)" ? "" : (match.basePath ?? "")} -> ${match.restApiId}/${match.stage ?? "(default stage)"}`,
      { evidence: { ...match } },
    );
  if (read.kind === "missing" && !found(ctx.snapshot.domain)) {
    return result("base-path-mapping", "unknown", "the mappings are not readable: the domain is another account's", {
      fix: "Run the doctor with the domain owner's credentials",
      unknownBecause: "limit",
    });
  }
  return result(
    "base-path-mapping",
    "fail",
    `no base path of ${ctx.options.domainName} maps to ${ctx.options.restApiId}/${stage ?? "<stage>"}`,
    {
      evidence: { mappings },
      fix: basePathMappingCommand(
        ctx.options.region,
        ctx.options.domainName ?? "",
        ctx.options.domainNameId ?? "",
        api?.id ?? ctx.options.restApiId ?? "<api>",
        stage ?? "<stage>",
      ),
    },
  );
}

/** vpc-link-status: the v2 VPC link is AVAILABLE. */
export function vpcLinkStatus(ctx: CheckContext): CheckResult {
  const read = ctx.snapshot.vpcLink;
  const id = ctx.options.vpcLinkId ?? "";
  if (!read) return skipped("vpc-link-status", "no --vpc-link-id");
  if (read.kind === "unreadable") return unreadable("vpc-link-status", `VPC link ${id}`, read);
  if (read.kind === "missing") {
    return result("vpc-link-status", "fail", `no VPC link ${id} in ${ctx.options.region}`, {
      evidence: { error: read.message },
      fix: `Check the id: aws apigatewayv2 get-vpc-links --region ${ctx.options.region} (Pulumi: PrivateIntegrationLink)`,
    });
  }
  const { status = "unknown", statusMessage } = read.value;
  const evidence = { status, statusMessage };
  if (status === "AVAILABLE") return result("vpc-link-status", "pass", "AVAILABLE", { evidence });
  const fixes: Record<string, string> = {
    INACTIVE:
      "Unused for 60 days, API Gateway removed its network interfaces: send a request through the integration, and it is re-provisioned within minutes",
    PENDING: `Wait until it is AVAILABLE: aws apigatewayv2 get-vpc-link --region ${ctx.options.region} --vpc-link-id ${id}`,
    FAILED: `Recreate the link with subnets and security groups that work (${statusMessage ?? "no status message"})`,
    DELETING: "The link is being deleted: point the integration at another link",
  };
  return result("vpc-link-status", "fail", `${status}${statusMessage ? `: ${statusMessage}` : ""}`, {
    evidence,
    fix: fixes[status] ?? `Inspect the link: aws apigatewayv2 get-vpc-link --vpc-link-id ${id}`,
  });
}
