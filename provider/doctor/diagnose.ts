/**
 * The walk (pure): every check in the order a request travels, the root cause and the verdict,
 * as a function of what the reads saw.
 */
import { apiExists, apiPrivate, policyDeployed, resourcePolicy, stageDeployed } from "./checks/apiChecks";
import { result, skipped, type CheckContext } from "./checks/context";
import { basePathMapping, domainAccessAssociation, domainPolicy, domainPrivate, vpcLinkStatus } from "./checks/domainChecks";
import {
  dnsPerVpce,
  endpointAssociated,
  endpointAvailable,
  endpointExists,
  endpointPolicy,
  endpointSecurityGroup,
  endpointService,
  privateDns,
} from "./checks/endpointChecks";
import { apiTls, endpointIpType, strictAccessMode } from "./checks/tlsChecks";
import { routingRules } from "./checks/routingChecks";
import { explainProbe } from "./probeAnswer";
import { CHECK_IDS, type CheckId, type CheckResult, type Diagnosis } from "./types";

type PerEndpoint = (ctx: CheckContext, vpce: string) => CheckResult;
type Once = (ctx: CheckContext, earlier: CheckResult[]) => CheckResult;

const PER_ENDPOINT: Partial<Record<CheckId, PerEndpoint>> = {
  "endpoint-exists": endpointExists,
  "endpoint-available": endpointAvailable,
  "endpoint-service": endpointService,
  "endpoint-ip-type": endpointIpType,
  "endpoint-associated": endpointAssociated,
  "endpoint-security-group": endpointSecurityGroup,
  "endpoint-policy": endpointPolicy,
  "private-dns": privateDns,
  "domain-access-association": domainAccessAssociation,
  "domain-policy": domainPolicy,
  "resource-policy": resourcePolicy,
  "dns-per-vpce": dnsPerVpce,
  probe: probeCheck,
};

const ONCE: Partial<Record<CheckId, Once>> = {
  "api-exists": apiExists,
  "api-private": apiPrivate,
  "api-tls": apiTls,
  "domain-private": domainPrivate,
  "base-path-mapping": basePathMapping,
  "strict-access-mode": strictAccessMode,
  "routing-rules": routingRules,
  "stage-deployed": stageDeployed,
  "policy-deployed": policyDeployed,
  "vpc-link-status": vpcLinkStatus,
};

/** probe: one request through the endpoint went through; otherwise what its answer means. */
function probeCheck(ctx: CheckContext, vpce: string): CheckResult {
  const outcome = ctx.snapshot.probes?.[vpce];
  if (!outcome) return skipped("probe", ctx.options.probe ? "not sent: the path was not readable" : "no --probe", vpce);
  const explained = explainProbe(outcome);
  const answer = outcome.kind === "http" ? { status: outcome.status, body: outcome.body } : { outcome: outcome.kind };
  const evidence = { answer, kind: explained.kind, meaning: explained.meaning, suspects: explained.suspects };
  if (explained.reached) return result("probe", "pass", `${explained.kind}: ${explained.meaning}`, { subject: vpce, evidence });
  return result("probe", "fail", `${explained.kind}: ${explained.meaning}`, {
    subject: vpce,
    evidence,
    fix: `Look first at: ${explained.suspects.join(", ")}`,
  });
}

/** The verdict: broken on any fail, unknown when a needed read failed, ok otherwise. */
export function verdictOf(checks: CheckResult[]): Pick<Diagnosis, "verdict" | "rootCause"> {
  const failing = checks.find((c) => c.status === "fail");
  if (failing) return { verdict: "broken", rootCause: failing.id };
  const unreadable = checks.some((c) => c.status === "unknown" && c.unknownBecause === "unreadable");
  return { verdict: unreadable ? "unknown" : "ok", rootCause: null };
}

/** Runs every check on what the reads saw. */
export function diagnose(ctx: CheckContext): Diagnosis {
  const checks: CheckResult[] = [];
  const endpoints = ctx.snapshot.vpcEndpointIds;
  for (const id of CHECK_IDS) {
    const once = ONCE[id];
    if (once) {
      checks.push(once(ctx, checks));
      continue;
    }
    const each = PER_ENDPOINT[id] as PerEndpoint;
    if (!endpoints.length) {
      checks.push(
        id === "endpoint-associated" && ctx.snapshot.api?.kind === "found" ? noEndpoint(ctx) : skipped(id, "no endpoint to walk"),
      );
      continue;
    }
    for (const vpce of endpoints) checks.push(each(ctx, vpce));
  }
  return { ...verdictOf(checks), checks };
}

function noEndpoint(ctx: CheckContext): CheckResult {
  return result("endpoint-associated", "fail", "no VPC endpoint is associated with the API, and none was named", {
    fix: `Associate one: aws apigateway update-rest-api --region ${ctx.options.region} --rest-api-id ${ctx.options.restApiId} --patch-operations op=add,path=/endpointConfiguration/vpcEndpointIds,value=<vpce-id> (Pulumi: PrivateApiAccess's vpcEndpointIds)`,
  });
}
