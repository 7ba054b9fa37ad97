/**
 * The HTTP routes of custom domain names, base path mappings and domain name access
 * associations, in the paths and shapes of `@aws-sdk/client-api-gateway`, and the account a
 * request acts for.
 */
import type { IncomingMessage } from "node:http";
import type { AccessAssociationRecord, DomainNameModel, DomainNameRecord } from "./domainNames";
import { ACCOUNT_ID, type PatchOperation } from "./restApis";

/** The account of requests whose access key the sandbox does not know. */
export const DEFAULT_ACCOUNT_ID = ACCOUNT_ID;
/** A header that picks the account directly, for raw HTTP tests. */
export const ACCOUNT_HEADER = "x-apigw-sandbox-account-id";

interface Reply {
  status: number;
  body?: unknown;
}

/** Path parameters arrive decoded; `domainNameId` and the list parameters come as query strings. */
export type DomainHandler = (
  region: string,
  p: Record<string, string>,
  body: Record<string, unknown>,
  q: URLSearchParams,
  accountId: string,
) => Reply;

const NAME = "(?<domainName>[^/]+)";
export const DOMAIN_ROUTES = [
  { method: "POST", pattern: /^\/domainnames$/, operation: "CreateDomainName" },
  { method: "GET", pattern: /^\/domainnames$/, operation: "GetDomainNames" },
  { method: "GET", pattern: new RegExp(`^/domainnames/${NAME}$`), operation: "GetDomainName" },
  { method: "PATCH", pattern: new RegExp(`^/domainnames/${NAME}$`), operation: "UpdateDomainName" },
  { method: "DELETE", pattern: new RegExp(`^/domainnames/${NAME}$`), operation: "DeleteDomainName" },
  { method: "POST", pattern: new RegExp(`^/domainnames/${NAME}/basepathmappings$`), operation: "CreateBasePathMapping" },
  { method: "GET", pattern: new RegExp(`^/domainnames/${NAME}/basepathmappings$`), operation: "GetBasePathMappings" },
  { method: "GET", pattern: new RegExp(`^/domainnames/${NAME}/basepathmappings/(?<basePath>[^/]+)$`), operation: "GetBasePathMapping" },
  {
    method: "DELETE",
    pattern: new RegExp(`^/domainnames/${NAME}/basepathmappings/(?<basePath>[^/]+)$`),
    operation: "DeleteBasePathMapping",
  },
  { method: "POST", pattern: /^\/domainnameaccessassociations$/, operation: "CreateDomainNameAccessAssociation" },
  { method: "GET", pattern: /^\/domainnameaccessassociations$/, operation: "GetDomainNameAccessAssociations" },
  { method: "DELETE", pattern: /^\/domainnameaccessassociations\/(?<arn>[^/]+)$/, operation: "DeleteDomainNameAccessAssociation" },
  { method: "POST", pattern: /^\/rejectdomainnameaccessassociations$/, operation: "RejectDomainNameAccessAssociation" },
];

export function domainHandlers(model: DomainNameModel): Record<string, DomainHandler> {
  const id = (q: URLSearchParams) => q.get("domainNameId") ?? undefined;
  return {
    CreateDomainName: (region, _p, body, _q, account) => ({ status: 201, body: domainShape(model.create(region, account, body)) }),
    GetDomainNames: (region, _p, _b, q, account) => ({
      status: 200,
      body: page(model.list(region, account, q.get("resourceOwner") ?? undefined).map(domainShape), q),
    }),
    GetDomainName: (region, p, _b, q, account) => ({ status: 200, body: domainShape(model.get(region, account, p.domainName, id(q))) }),
    UpdateDomainName: (region, p, body, q, account) => ({
      status: 200,
      body: domainShape(model.update(region, account, p.domainName, id(q), (body.patchOperations as PatchOperation[] | undefined) ?? [])),
    }),
    DeleteDomainName: (region, p, _b, q, account) => {
      model.delete(region, account, p.domainName, id(q));
      return { status: 202 };
    },
    CreateBasePathMapping: (region, p, body, q, account) => ({
      status: 201,
      body: model.createMapping(region, account, p.domainName, id(q), body),
    }),
    GetBasePathMappings: (region, p, _b, q, account) => ({
      status: 200,
      body: page(model.mappings(region, account, p.domainName, id(q)), q),
    }),
    GetBasePathMapping: (region, p, _b, q, account) => ({
      status: 200,
      body: model.mapping(region, account, p.domainName, p.basePath, id(q)),
    }),
    DeleteBasePathMapping: (region, p, _b, q, account) => {
      model.deleteMapping(region, account, p.domainName, p.basePath, id(q));
      return { status: 202 };
    },
    CreateDomainNameAccessAssociation: (region, _p, body, _q, account) => ({
      status: 201,
      body: associationShape(model.createAssociation(region, account, body)),
    }),
    GetDomainNameAccessAssociations: (region, _p, _b, q, account) => ({
      status: 200,
      body: page(model.listAssociations(region, account, q.get("resourceOwner") ?? undefined).map(associationShape), q),
    }),
    DeleteDomainNameAccessAssociation: (region, p, _b, _q, account) => {
      model.deleteAssociation(region, account, p.arn);
      return { status: 202 };
    },
    RejectDomainNameAccessAssociation: (region, _p, _b, q, account) => {
      model.rejectAssociation(region, account, q.get("domainNameAccessAssociationArn") ?? "", q.get("domainNameArn") ?? "");
      return { status: 202 };
    },
  };
}

/**
 * The account a request acts for: the header if present, else the account the SigV4 access key
 * is mapped to, else the default account.
 */
export function accountOf(req: IncomingMessage, accessKeys: ReadonlyMap<string, string>): string {
  const header = req.headers[ACCOUNT_HEADER];
  if (typeof header === "string" && /^\d{12}$/.test(header)) return header;
  const key = /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? "")?.[1];
  return (key && accessKeys.get(key)) || DEFAULT_ACCOUNT_ID;
}

function domainShape(d: DomainNameRecord) {
  const { region: _region, accountId: _account, ...shape } = d;
  return shape;
}

function associationShape(a: AccessAssociationRecord) {
  const { region: _region, accountId: _account, createdAt: _createdAt, ...shape } = a;
  return shape;
}

/** Lists of API Gateway v1: `item` and `position`, `limit` up to 500. */
function page<T>(items: T[], q: URLSearchParams) {
  const limit = Math.min(Number(q.get("limit") ?? 25) || 25, 500);
  const start = Number(q.get("position") ?? 0) || 0;
  const next = start + limit < items.length ? String(start + limit) : undefined;
  return { item: items.slice(start, start + limit), ...(next ? { position: next } : {}) };
}
