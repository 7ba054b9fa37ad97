/**
 * Who calls the invoke plane. AWS's "Use VPC endpoint policies for private APIs" table: no
 * Authorization header, or one that is not SigV4 (a bearer token), is an anonymous caller; a valid
 * SigV4 signature is the IAM identity that signed it; an invalid one is refused. The sandbox knows
 * the identities a test registers (access key id and secret -> principal), and checks a signature
 * by recomputing it with the SDK's own signer (@smithy/signature-v4) for service `execute-api`.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { RequestContext } from "../provider/accessPolicy";
import { NodeSha256 } from "../provider/sigv4";

/** An IAM identity the sandbox knows: what `registerIdentity` takes. */
export interface SandboxIdentity {
  /** The access key id its requests are signed with. */
  accessKeyId: string;
  /** The secret key. */
  secretAccessKey: string;
  /**
   * The principal policies name: `arn:aws:iam::{account}:role/{name}` or `…:user/{name}`. A role's
   * requests are signed by a session of it, `arn:aws:sts::{account}:assumed-role/{name}/{session}`.
   */
  principalArn: string;
  /** The session name of a role's caller ARN. @default "sandbox" */
  sessionName?: string;
  /** The identity's IAM policy (JSON), for AWS_IAM methods; none (an implicit deny) by default. */
  identityPolicy?: string;
}

/** A caller whose signature checked out. */
export interface SignedCaller {
  /** The principal policies match (the role or user ARN): aws:PrincipalArn. */
  principalArn: string;
  /** The ARN AWS names in its denials (an assumed-role session for a role). */
  callerArn: string;
  /** The principal's account: aws:PrincipalAccount. */
  accountId: string;
  /** Its IAM policy (JSON), if any. */
  identityPolicy?: string;
}

/** A refusal before any policy is read: 403 with AWS's error type and message. */
export interface SignatureRefusal {
  /** The x-amzn-ErrorType. */
  errorType: string;
  /** The `message` of the body. */
  message: string;
}

const PRINCIPAL = /^arn:(aws[a-z-]*):iam::(\d{12}):(role|user)\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

/**
 * Checks a registration and derives the caller ARN and account. Throws naming the field and the rule.
 * @param identity - The identity to register.
 * @returns The caller that a valid signature with its key stands for.
 */
export function signedCallerOf(identity: SandboxIdentity): SignedCaller {
  if (!/^[A-Z0-9]{16,128}$/.test(identity.accessKeyId)) throw new Error("accessKeyId must be 16 to 128 upper-case letters and digits");
  if (!identity.secretAccessKey) throw new Error("secretAccessKey must not be empty");
  const match = PRINCIPAL.exec(identity.principalArn);
  if (!match) throw new Error("principalArn must be an IAM role or user ARN, arn:aws:iam::{12-digit account}:role/{name} or …:user/{name}");
  const [, partition, accountId, kind, name] = match;
  const callerArn =
    kind === "role"
      ? `arn:${partition}:sts::${accountId}:assumed-role/${name}/${identity.sessionName ?? "sandbox"}`
      : identity.principalArn;
  return {
    principalArn: identity.principalArn,
    callerArn,
    accountId,
    ...(identity.identityPolicy !== undefined ? { identityPolicy: identity.identityPolicy } : {}),
  };
}

/** The parts of a SigV4 Authorization header. */
export interface SigV4Authorization {
  /** The access key id of the Credential. */
  accessKeyId: string;
  /** The scope's date, region and service. */
  scope: { date: string; region: string; service: string };
  /** The signed header names, lower case. */
  signedHeaders: string[];
  /** The hex signature. */
  signature: string;
}

/**
 * Reads an Authorization header: undefined when it is absent or not SigV4 (the caller is
 * anonymous), the parts, or the refusal of a SigV4 header that lacks one.
 * Assumed(sigv4-incomplete-message): a SigV4 header without Credential, SignedHeaders or Signature answers IncompleteSignatureException naming the missing parameter.
 * @param header - The Authorization header.
 * @returns The parts, a refusal, or undefined.
 */
export function parseSigV4Authorization(header: string | undefined): SigV4Authorization | SignatureRefusal | undefined {
  if (!header || !/^AWS4-HMAC-SHA256(\s|$)/.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const part of header.slice("AWS4-HMAC-SHA256".length).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((p) => !params.get(p));
  if (missing.length)
    return {
      errorType: "IncompleteSignatureException",
      message: missing.map((p) => `Authorization header requires '${p}' parameter.`).join(" ") + ` Authorization=${header}`,
    };
  const credential = (params.get("Credential") as string).split("/");
  if (credential.length !== 5 || credential[4] !== "aws4_request")
    return {
      errorType: "IncompleteSignatureException",
      message: `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${params.get("Credential")}'`,
    };
  const [accessKeyId, date, region, service] = credential;
  return {
    accessKeyId,
    scope: { date, region, service },
    signedHeaders: (params.get("SignedHeaders") as string).split(";").map((h) => h.toLowerCase()),
    signature: params.get("Signature") as string,
  };
}

/** AWS's answers to a signature it cannot accept (IAM's and execute-api's published messages). */
export const UNKNOWN_KEY: SignatureRefusal = {
  errorType: "UnrecognizedClientException",
  message: "The security token included in the request is invalid.",
};
/** Assumed(sigv4-mismatch-message): the message is AWS's first paragraph; AWS appends the canonical request and string to sign, which the sandbox leaves out. */
export const SIGNATURE_MISMATCH: SignatureRefusal = {
  errorType: "InvalidSignatureException",
  message:
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
};

/** The request as it arrived, what the signature covers. */
export interface ArrivedRequest {
  /** The HTTP method. */
  method: string;
  /** The path and query as sent (still percent-encoded). */
  url: string;
  /** The headers, names lower case. */
  headers: IncomingMessage["headers"];
  /** The body. */
  body: string;
}

/**
 * Identifies the caller of one request: anonymous (undefined), a registered identity whose
 * signature matches, or a refusal (unknown key, wrong scope, missing date, wrong signature).
 * @param identities - Access key id -> registered identity.
 * @param request - The request as it arrived.
 * @param region - The region of the name the request was sent to.
 * @param now - The time the request arrived, in epoch milliseconds.
 * @returns The caller, undefined for anonymous, or the refusal.
 */
export async function identifyCaller(
  identities: ReadonlyMap<string, SandboxIdentity>,
  request: ArrivedRequest,
  region: string,
  now = Date.now(),
): Promise<{ caller?: SignedCaller } | { refusal: SignatureRefusal }> {
  const authorization = request.headers.authorization;
  const parsed = parseSigV4Authorization(typeof authorization === "string" ? authorization : undefined);
  if (parsed === undefined) return {};
  if ("errorType" in parsed) return { refusal: parsed };
  const identity = identities.get(parsed.accessKeyId);
  if (!identity) return { refusal: UNKNOWN_KEY };
  // Assumed(sigv4-scope-messages): the wording of a credential scoped to another service or region.
  if (parsed.scope.service !== "execute-api")
    return {
      refusal: { errorType: "InvalidSignatureException", message: "Credential should be scoped to correct service: 'execute-api'. " },
    };
  if (parsed.scope.region !== region)
    return {
      refusal: {
        errorType: "InvalidSignatureException",
        message: `Credential should be scoped to a valid region, not '${parsed.scope.region}'. `,
      },
    };
  const amzDate = request.headers["x-amz-date"];
  const signingDate = typeof amzDate === "string" ? parseAmzDate(amzDate) : undefined;
  // Assumed(sigv4-date-header): the sandbox reads the signing time only from a signed X-Amz-Date (AWS also takes Date).
  if (!signingDate || !parsed.signedHeaders.includes("x-amz-date") || amzDate?.slice(0, 8) !== parsed.scope.date)
    return {
      refusal: {
        errorType: "IncompleteSignatureException",
        message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      },
    };
  const skew = skewRefusal(signingDate, now);
  if (skew) return { refusal: skew };
  // The signer takes a payload hash header at its word; the service hashes the body it received.
  const claimedHash = request.headers["x-amz-content-sha256"];
  if (claimedHash !== undefined && claimedHash !== createHash("sha256").update(request.body).digest("hex"))
    return { refusal: SIGNATURE_MISMATCH };
  const expected = await expectedSignature(identity, parsed, request, signingDate);
  const given = Buffer.from(parsed.signature, "utf8");
  const wanted = Buffer.from(expected, "utf8");
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { refusal: SIGNATURE_MISMATCH };
  return { caller: signedCallerOf(identity) };
}

/** The signature the identity's secret gives the request's signed headers, by the SDK's signer. */
async function expectedSignature(identity: SandboxIdentity, auth: SigV4Authorization, request: ArrivedRequest, signingDate: Date) {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    // A header the client signed but did not send, or sent twice, cannot match.
    if (typeof value !== "string") return "";
    headers[name] = value;
  }
  const url = new URL(request.url, "http://sandbox");
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? all[0] : all;
  }
  const signer = new SignatureV4({
    service: "execute-api",
    region: auth.scope.region,
    credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey },
    sha256: NodeSha256,
    // Only what the client signed: the signer adds no checksum header of its own.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: request.method, protocol: "https:", hostname: headers.host ?? "", path: url.pathname, query, headers, body: request.body },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  return /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? "";
}

/** SigV4's clock rule: a signing time more than 5 minutes from the server's clock is refused. */
const MAX_SKEW_MS = 5 * 60_000;

/**
 * The refusal of a signing time too far from `now`, or undefined.
 * Assumed(sigv4-skew-messages): the wording of "Signature expired" and "Signature not yet current" is AWS's common answer, not on an API Gateway page.
 */
function skewRefusal(signingDate: Date, now: number): SignatureRefusal | undefined {
  const at = (ms: number) => amzDate(new Date(ms));
  const signed = at(signingDate.getTime());
  if (signingDate.getTime() < now - MAX_SKEW_MS)
    return {
      errorType: "InvalidSignatureException",
      message: `Signature expired: ${signed} is now earlier than ${at(now - MAX_SKEW_MS)} (${at(now)} - 5 min.)`,
    };
  if (signingDate.getTime() > now + MAX_SKEW_MS)
    return {
      errorType: "InvalidSignatureException",
      message: `Signature not yet current: ${signed} is still later than ${at(now + MAX_SKEW_MS)} (${at(now)} + 5 min.)`,
    };
  return undefined;
}

/** A Date as `YYYYMMDDTHHMMSSZ`. */
const amzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

/** `YYYYMMDDTHHMMSSZ` as a Date, or undefined. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The condition keys of a signed caller (none for an anonymous one). */
export function principalContext(caller: SignedCaller | undefined): RequestContext {
  return caller ? { "aws:PrincipalArn": caller.principalArn, "aws:PrincipalAccount": caller.accountId } : {};
}
