/**
 * API Gateway v1's tag operations on REST APIs, as the API reference describes them:
 *
 *   TagResource   PUT    /tags/{resource_arn}  {"tags": {...}}     -> 204
 *   UntagResource DELETE /tags/{resource_arn}?tagKeys=k&tagKeys=… -> 204
 *   GetTags       GET    /tags/{resource_arn}                      -> 200 {"tags": {...}}
 *
 * The ARN of a REST API is `arn:{partition}:apigateway:{region}::/restapis/{id}`. Keys are 1 to 128
 * characters and must not start with `aws:`; values at most 256; at most 50 tags per resource.
 * Private custom domain names are tagged the same way, by their ARN
 * `arn:{partition}:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId}`, with the same
 * limits. Other ARNs go to the VPC links' tags (http.ts). The operation names are the v2 ones too
 * (both APIs call them TagResource, UntagResource and GetTags).
 */
import type { RestApiModel } from "./restApis";
import type { DomainNameModel } from "./domainNames";
import { parseDomainNameArn } from "../provider/domainNameArns";
import { badRequest, notFound } from "./errors";

/** At most this many tags per resource (the API Gateway developer guide's tagging limits). */
export const MAX_REST_API_TAGS = 50;

export const REST_API_TAG_ROUTES = [
  { method: "PUT", pattern: /^\/tags\/(?<resourceArn>.+)$/, operation: "TagResource" },
  { method: "DELETE", pattern: /^\/tags\/(?<resourceArn>.+)$/, operation: "UntagResource" },
  { method: "GET", pattern: /^\/tags\/(?<resourceArn>.+)$/, operation: "GetTags" },
];

const REST_API_ARN = /^arn:aws[a-z-]*:apigateway:(?<region>[a-z0-9-]+)::\/restapis\/(?<id>[a-z0-9]+)$/;

/** True for a REST API's or a private domain name's ARN: the v1 tag operations answer for them (the v2 ones for VPC links). */
export const isRestApiArn = (arn: string): boolean => REST_API_ARN.test(arn) || parseDomainNameArn(arn) !== undefined;

/** The REST API or private domain name an ARN names; NotFound for any other resource (or a malformed ARN). */
function taggedOf(models: TaggedModels, region: string, arn: string, accountId: string): { tags: Record<string, string> } {
  const m = REST_API_ARN.exec(arn);
  const domain = parseDomainNameArn(arn);
  // Assumed(v1-tags-foreign-arn): an ARN of another region, or of a resource the sandbox does not tag, is NotFound.
  if (m?.groups && m.groups.region === region) return models.restApis.get(region, m.groups.id);
  // Assumed(domain-name-tags-owner-only): only the domain's owner tags it; another account's ARN is NotFound.
  if (domain && domain.region === region && models.domains && domain.accountId === accountId)
    return models.domains.get(region, accountId, domain.domainName, domain.domainNameId);
  throw notFound(`Invalid resource ARN specified: ${arn}`);
}

/** What the v1 tag operations reach: REST APIs and (when given) private domain names. */
export interface TaggedModels {
  /** The REST APIs. */
  restApis: RestApiModel;
  /** The custom domain names. */
  domains?: DomainNameModel;
}

/** Tags a request may set: keys 1-128 characters without `aws:`, values at most 256, all strings. */
function validTags(tags: unknown): Record<string, string> {
  if (!tags || typeof tags !== "object" || Array.isArray(tags)) throw badRequest("Invalid tags: a map of strings is required");
  for (const [k, v] of Object.entries(tags)) {
    if (k.length < 1 || k.length > 128) throw badRequest(`Invalid tag key '${k}': it must be 1 to 128 characters`);
    if (k.toLowerCase().startsWith("aws:")) throw badRequest(`Invalid tag key '${k}': the aws: prefix is reserved`);
    if (typeof v !== "string" || v.length > 256) throw badRequest(`Invalid tag value for '${k}': at most 256 characters`);
  }
  return { ...(tags as Record<string, string>) };
}

type Reply = { status: number; body?: unknown };

/** The handlers of {@link REST_API_TAG_ROUTES}. */
export function restApiTagHandlers(models: TaggedModels) {
  return {
    TagResource: (region: string, p: Record<string, string>, body: Record<string, unknown>, accountId: string): Reply => {
      const api = taggedOf(models, region, p.resourceArn, accountId);
      const merged = { ...api.tags, ...validTags(body.tags) };
      // Assumed(rest-api-tag-limit-error): past 50 tags AWS answers BadRequestException, as it does for VPC links.
      if (Object.keys(merged).length > MAX_REST_API_TAGS) throw badRequest(`Too many tags: at most ${MAX_REST_API_TAGS} per resource`);
      api.tags = merged;
      return { status: 204 };
    },
    UntagResource: (region: string, p: Record<string, string>, _b: unknown, q: URLSearchParams, accountId: string): Reply => {
      const api = taggedOf(models, region, p.resourceArn, accountId);
      const keys = q.getAll("tagKeys");
      if (!keys.length) throw badRequest("tagKeys is required");
      api.tags = Object.fromEntries(Object.entries(api.tags).filter(([k]) => !keys.includes(k)));
      return { status: 204 };
    },
    GetTags: (region: string, p: Record<string, string>, accountId: string): Reply => ({
      status: 200,
      body: { tags: { ...taggedOf(models, region, p.resourceArn, accountId).tags } },
    }),
  };
}
