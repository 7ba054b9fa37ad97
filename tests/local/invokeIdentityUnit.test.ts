/**
 * The invoke plane's caller identification without a server: reading a SigV4 Authorization
 * header, registering identities, and checking requests signed by the AWS SDK's own signer
 * (@smithy/signature-v4) in memory: a valid one is its identity, a changed one or an unknown key
 * is refused, no header or a bearer token is anonymous.
 */
import assert from "node:assert/strict";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  identifyCaller,
  parseAmzDate,
  parseSigV4Authorization,
  principalContext,
  signedCallerOf,
  type ArrivedRequest,
  type SandboxIdentity,
} from "../../local/invokeIdentity";
import { NodeSha256 } from "../../provider/sigv4";

const IDENTITY: SandboxIdentity = {
  accessKeyId: "AKIAAPPROLE000000001",
  secretAccessKey: "app-secret",
  principalArn: "arn:aws:iam::123456789012:role/team/app",
};
const HOST = "a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com";
const identities = new Map([[IDENTITY.accessKeyId, IDENTITY]]);

/** A request as it would arrive, signed by the SDK's signer with the given credentials and service. */
async function signed(
  opts: { secret?: string; service?: string; path?: string; query?: Record<string, string>; body?: string } = {},
): Promise<ArrivedRequest> {
  const signer = new SignatureV4({
    service: opts.service ?? "execute-api",
    region: "us-east-1",
    credentials: { accessKeyId: IDENTITY.accessKeyId, secretAccessKey: opts.secret ?? IDENTITY.secretAccessKey },
    sha256: NodeSha256,
  });
  const path = opts.path ?? "/prod/orders";
  const query = opts.query ?? {};
  const request = await signer.sign({
    method: "POST",
    protocol: "https:",
    hostname: HOST,
    path,
    query,
    headers: { host: HOST, "content-type": "application/json" },
    body: opts.body ?? '{"a":1}',
  });
  const search = new URLSearchParams(query).toString();
  return {
    method: "POST",
    url: search ? `${path}?${search}` : path,
    headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
    body: opts.body ?? '{"a":1}',
  };
}

describe("invoke plane identity: SigV4 verification and registered identities", () => {
  it("names a role's caller by its assumed-role session and derives the account", () => {
    assert.deepEqual(signedCallerOf(IDENTITY), {
      principalArn: IDENTITY.principalArn,
      callerArn: "arn:aws:sts::123456789012:assumed-role/app/sandbox",
      accountId: "123456789012",
    });
    const user = signedCallerOf({ ...IDENTITY, principalArn: "arn:aws:iam::111122223333:user/ci" });
    assert.equal(user.callerArn, "arn:aws:iam::111122223333:user/ci");
    assert.deepEqual(principalContext(user), { "aws:PrincipalArn": user.principalArn, "aws:PrincipalAccount": "111122223333" });
    assert.deepEqual(principalContext(undefined), {});
  });

  it("refuses registrations that break a rule, naming the field", () => {
    assert.throws(() => signedCallerOf({ ...IDENTITY, principalArn: "arn:aws:iam::12345:role/app" }), /principalArn/);
    assert.throws(() => signedCallerOf({ ...IDENTITY, accessKeyId: "short" }), /accessKeyId/);
    assert.throws(() => signedCallerOf({ ...IDENTITY, secretAccessKey: "" }), /secretAccessKey/);
  });

  it("reads a SigV4 header, leaves other schemes anonymous, and names what an incomplete one lacks", () => {
    assert.equal(parseSigV4Authorization(undefined), undefined);
    assert.equal(parseSigV4Authorization("Bearer abc"), undefined);
    assert.deepEqual(
      parseSigV4Authorization(
        "AWS4-HMAC-SHA256 Credential=AKIAAPPROLE000000001/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=Host;X-Amz-Date, Signature=abc123",
      ),
      {
        accessKeyId: "AKIAAPPROLE000000001",
        scope: { date: "20260101", region: "us-east-1", service: "execute-api" },
        signedHeaders: ["host", "x-amz-date"],
        signature: "abc123",
      },
    );
    const incomplete = parseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=AKIAAPPROLE000000001/20260101/us-east-1/execute-api/aws4_request",
    );
    assert.ok(incomplete && "errorType" in incomplete);
    assert.equal(incomplete.errorType, "IncompleteSignatureException");
    assert.match(incomplete.message, /requires 'SignedHeaders' parameter\. Authorization header requires 'Signature' parameter\./);
  });

  it("parses X-Amz-Date and nothing else", () => {
    assert.equal(parseAmzDate("20260102T030405Z")?.toISOString(), "2026-01-02T03:04:05.000Z");
    assert.equal(parseAmzDate("2026-01-02T03:04:05Z"), undefined);
  });

  it("accepts a request the SDK signed, with a query string and a body", async () => {
    const result = await identifyCaller(identities, await signed({ query: { b: "2", a: "x y" } }), "us-east-1");
    assert.ok("caller" in result && result.caller);
    assert.equal(result.caller.callerArn, "arn:aws:sts::123456789012:assumed-role/app/sandbox");
  });

  it("treats a request without SigV4 as anonymous", async () => {
    const request = await signed();
    delete request.headers.authorization;
    assert.deepEqual(await identifyCaller(identities, request, "us-east-1"), {});
  });

  it("refuses a wrong secret, a changed body, path or query, and a signed header that is gone", async () => {
    const refusals: ArrivedRequest[] = [await signed({ secret: "wrong" })];
    refusals.push({ ...(await signed()), body: '{"a":2}' });
    refusals.push({ ...(await signed()), url: "/prod/other" });
    refusals.push({ ...(await signed({ query: { a: "1" } })), url: "/prod/orders?a=2" });
    const noDate = await signed();
    delete noDate.headers["content-type"];
    refusals.push(noDate);
    for (const request of refusals) {
      const result = await identifyCaller(identities, request, "us-east-1");
      assert.ok("refusal" in result, request.url);
      assert.equal(result.refusal.errorType, "InvalidSignatureException");
    }
  });

  it("refuses an unknown key, another service's scope, another region's, and a missing X-Amz-Date", async () => {
    const unknown = await identifyCaller(new Map(), await signed(), "us-east-1");
    assert.deepEqual(unknown, {
      refusal: { errorType: "UnrecognizedClientException", message: "The security token included in the request is invalid." },
    });
    const service = await identifyCaller(identities, await signed({ service: "apigateway" }), "us-east-1");
    assert.ok("refusal" in service && /scoped to correct service: 'execute-api'/.test(service.refusal.message));
    const region = await identifyCaller(identities, await signed(), "eu-west-1");
    assert.ok("refusal" in region && /valid region/.test(region.refusal.message));
    const noDate = await signed();
    delete noDate.headers["x-amz-date"];
    const missing = await identifyCaller(identities, noDate, "us-east-1");
    assert.ok("refusal" in missing && missing.refusal.errorType === "IncompleteSignatureException");
  });

  it("refuses a signing time more than 5 minutes from the clock, either way", async () => {
    const request = await signed();
    const signedAt = parseAmzDate(String(request.headers["x-amz-date"]))?.getTime() ?? 0;
    const within = await identifyCaller(identities, request, "us-east-1", signedAt + 4 * 60_000);
    assert.ok("caller" in within && within.caller);
    const late = await identifyCaller(identities, request, "us-east-1", signedAt + 6 * 60_000);
    assert.ok("refusal" in late);
    assert.equal(late.refusal.errorType, "InvalidSignatureException");
    assert.match(late.refusal.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const early = await identifyCaller(identities, request, "us-east-1", signedAt - 6 * 60_000);
    assert.ok("refusal" in early && /^Signature not yet current: /.test(early.refusal.message));
  });
});
