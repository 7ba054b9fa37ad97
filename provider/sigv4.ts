/**
 * SigV4 signing for `execute-api` with the AWS SDK's own signer (@smithy/signature-v4), over
 * node:crypto's SHA-256: the doctor signs its probe with it, tests sign invocations with it, and the
 * sandbox recomputes signatures with it.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/** What the signer hands a hash: a string, a buffer or a view of one. */
export type SourceData = string | ArrayBuffer | ArrayBufferView;

/** SHA-256 and HMAC-SHA-256 in the shape the SDK's signer takes (a hash constructor with an optional secret). */
export class NodeSha256 {
  private readonly hash: Hash | Hmac;
  /**
   * A SHA-256, or an HMAC-SHA-256 keyed by `secret`.
   * @param secret - The HMAC key; without it a plain SHA-256.
   */
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  /** Adds data. */
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  /** The digest. */
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** Credentials to sign with (never stored). */
export interface SigningCredentials {
  /** The access key id. */
  accessKeyId: string;
  /** The secret key. */
  secretAccessKey: string;
  /** The session token of temporary credentials. */
  sessionToken?: string;
  /** The scope's service. @default "execute-api" */
  service?: string;
}

/**
 * The headers with SigV4's added (`x-amz-date`, `x-amz-content-sha256`, `authorization`, and
 * `x-amz-security-token` for temporary credentials), as a caller signing for execute-api sends them.
 * @param credentials - Who signs.
 * @param region - The API's region.
 * @param method - The HTTP method.
 * @param url - The path and query (the host comes from `headers.host`).
 * @param headers - The headers to send, `host` among them.
 * @param body - The body, if any.
 * @returns The headers to send.
 */
export async function signedHeaders(
  credentials: SigningCredentials,
  region: string,
  method: string,
  url: URL,
  headers: Record<string, string>,
  body?: string,
): Promise<Record<string, string>> {
  const { service = "execute-api", ...keys } = credentials;
  const signer = new SignatureV4({ service, region, credentials: keys, sha256: NodeSha256 });
  const request = await signer.sign({
    method,
    protocol: "https:",
    hostname: headers.host,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...headers },
    body: body ?? "",
  });
  return request.headers as Record<string, string>;
}
