import { createHash } from "node:crypto";
import type { PolicyStatement } from "../provider/restApiPolicyStatements/model";

/**
 * Pure: an IAM policy that allows execute-api:Invoke on `resource` only from the given VPC
 * endpoints (aws:SourceVpce) and denies every other caller. Shared by the REST API's resource
 * policy (PrivateApiAccess) and a private custom domain's policy (PrivateDomainAccess).
 */
export function endpointOnlyInvokePolicy(resource: string, endpoints: readonly string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowInvokeFromAssociatedEndpoints",
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringEquals: { "aws:SourceVpce": endpoints } },
      },
      {
        Sid: "DenyInvokeFromAnywhereElse",
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringNotEquals: { "aws:SourceVpce": endpoints } },
      },
    ],
  });
}

/**
 * Pure: a Sid unique to one component instance, so that several stacks can each attach their
 * statement to one API's policy: `prefix` + the name's letters and digits + 8 hex digits of a
 * hash of the project, stack and name (Sids take letters and digits only).
 */
export function componentStatementSid(prefix: string, project: string, stack: string, name: string): string {
  const readable = name.replace(/[^A-Za-z0-9]/g, "").slice(0, 40);
  return `${prefix}${readable}${createHash("sha256").update(`${project}/${stack}/${name}`).digest("hex").slice(0, 8)}`;
}

/**
 * Pure: the one statement a component attaches to a shared policy: execute-api:Invoke on
 * `resource`, allowed from the given endpoints only. Unlike {@link endpointOnlyInvokePolicy} it
 * has no Deny: in a policy shared with others, a Deny of every other endpoint would lock them out.
 */
export function endpointInvokeStatement(sid: string, resource: string, endpoints: readonly string[]): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: "*",
    Action: "execute-api:Invoke",
    Resource: resource,
    Condition: { StringEquals: { "aws:SourceVpce": [...new Set(endpoints)].sort() } },
  };
}
