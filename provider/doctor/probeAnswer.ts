/**
 * What one request to a per-VPCE URL came back with, and what that answer means (pure). The
 * request itself is made in provider/doctor/probe.ts.
 */
import type { CheckId } from "./types";

/** The outcome of one probe request. */
export type ProbeOutcome =
  | {
      /** The per-VPCE name does not resolve. */
      kind: "nxdomain";
      /** The name asked for. */
      hostname: string;
    }
  | {
      /** DNS failed otherwise (timeout, refused). */
      kind: "dns-error";
      /** Node's error code. */
      code: string;
    }
  | {
      /** No TCP connection, or no answer on it, within the timeout. */
      kind: "timeout";
      /** Whether the TCP connection was made (then the request went unanswered). */
      connected: boolean;
      /** The timeout, in milliseconds. */
      timeoutMs: number;
    }
  | {
      /** The connection failed (refused, reset, TLS). */
      kind: "connection-error";
      /** Node's error code. */
      code: string;
    }
  | {
      /** An HTTP answer. */
      kind: "http";
      /** Its status. */
      status: number;
      /** `x-amzn-ErrorType`, if sent. */
      errorType?: string;
      /** The start of the body. */
      body: string;
    };

/** What an answer means. */
export interface ProbeExplanation {
  /** True when the request went through: an answer below 500 other than a 403 refusal. */
  reached: boolean;
  /** The class of answer, e.g. "403 explicit deny". */
  kind: string;
  /** What it means, in one or two sentences. */
  meaning: string;
  /** The checks that can cause this answer, most likely first. */
  suspects: CheckId[];
}

/** The API Gateway message of a body (`message` or `Message`), or the body itself. */
export function gatewayMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const message = parsed.message ?? parsed.Message;
    if (typeof message === "string") return message;
  } catch {
    // not JSON: the text is the message
  }
  return body.trim();
}

/** Explains one probe outcome. */
export function explainProbe(outcome: ProbeOutcome): ProbeExplanation {
  switch (outcome.kind) {
    case "nxdomain":
      return {
        reached: false,
        kind: "NXDOMAIN",
        meaning: `${outcome.hostname} does not resolve: the endpoint is not associated with the API, or the association is minutes old and its name has not propagated.`,
        suspects: ["endpoint-associated", "dns-per-vpce"],
      };
    case "dns-error":
      return {
        reached: false,
        kind: `DNS error ${outcome.code}`,
        meaning:
          "The resolver did not answer: check the client's DNS settings (the VPC's enableDnsSupport, or the resolver this machine uses).",
        suspects: ["dns-per-vpce"],
      };
    case "timeout":
      return {
        reached: false,
        kind: outcome.connected ? "no answer" : "connect timeout",
        meaning: `No answer within ${outcome.timeoutMs} ms: a security group of the endpoint, a network ACL or a route drops the caller's TCP 443 (AWS sends no refusal).`,
        suspects: ["endpoint-security-group", "endpoint-available"],
      };
    case "connection-error":
      return {
        reached: false,
        kind: `connection error ${outcome.code}`,
        meaning: "The connection failed before any HTTP answer: the name resolves to an address that is not the endpoint's, or TLS failed.",
        suspects: ["endpoint-available", "dns-per-vpce"],
      };
    case "http":
      return explainHttp(outcome.status, outcome.body, outcome.errorType);
  }
}

function explainHttp(status: number, body: string, errorType?: string): ProbeExplanation {
  const message = gatewayMessage(body);
  if (status === 403) {
    if (errorType && SIGNATURE_ERRORS.has(errorType)) {
      return {
        reached: false,
        kind: `403 ${errorType}`,
        meaning: `API Gateway did not accept the probe's signature (${message}): the credentials are not valid in AWS, or the signing went wrong.`,
        suspects: [],
      };
    }
    if (/explicit deny/i.test(message)) {
      const endpoint = /endpoint policy/i.test(message);
      return {
        reached: false,
        kind: "403 explicit deny",
        meaning: `A Deny statement matched the request (${message}).${whoWasDenied(message)}`,
        suspects: endpoint ? ["endpoint-policy"] : ["resource-policy", "policy-deployed", "endpoint-policy"],
      };
    }
    if (/not authorized to perform/i.test(message)) {
      const endpoint = /endpoint policy/i.test(message);
      return {
        reached: false,
        kind: "403 no allow",
        meaning: `No statement allows the request (${message}).${whoWasDenied(message)}`,
        suspects: endpoint ? ["endpoint-policy"] : ["resource-policy", "policy-deployed", "endpoint-policy"],
      };
    }
    if (/missing authentication token/i.test(message)) {
      return {
        reached: false,
        kind: "403 Missing Authentication Token",
        meaning:
          "No such stage, resource or method behind this URL: check the stage name and the path. An AWS_IAM method answers this too when the request is unsigned (--sign-probe).",
        suspects: ["stage-deployed"],
      };
    }
    if (message === "Forbidden") {
      return {
        reached: false,
        kind: '403 {"message":"Forbidden"}',
        meaning:
          "API Gateway refused the request before any policy: the API is not associated with this endpoint, or the request went to a public API through an endpoint with private DNS.",
        suspects: ["endpoint-associated", "private-dns", "api-private"],
      };
    }
    return { reached: false, kind: "403", meaning: `Forbidden: ${message}`, suspects: ["resource-policy", "endpoint-policy"] };
  }
  if (status >= 500) {
    return {
      reached: false,
      kind: `${status}`,
      meaning:
        status === 504
          ? "The integration timed out (29 s by default)."
          : `The API answered with a server error${errorType ? ` (${errorType})` : ""}: the integration or its VPC link failed (${message}).`,
      suspects: ["vpc-link-status"],
    };
  }
  return { reached: true, kind: `${status}`, meaning: "The request reached the API's stage.", suspects: [] };
}

/** The x-amzn-ErrorType of a signature API Gateway refused. */
const SIGNATURE_ERRORS = new Set(["UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException"]);

/** Whom a denial names: an unsigned probe is anonymous, which statements naming a principal never match. */
function whoWasDenied(message: string): string {
  const caller = /^User: (\S+) is not authorized/.exec(message)?.[1];
  if (caller === undefined) return "";
  if (caller === "anonymous")
    return ' The probe was unsigned: only statements with Principal "*" apply to it, so a policy that names your role denies it here and may allow you (--sign-probe sends it as you).';
  return ` The probe was signed as ${caller}: this denial is for that identity.`;
}
