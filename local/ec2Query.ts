/**
 * EC2's query protocol, both ways: reading `A.1.B=x` parameters (lists, filters, tags, paging)
 * and writing the XML answer's elements. Shared by local/ec2Wire.ts and local/ec2AccessWire.ts.
 */
import { Ec2Error, invalidValue, type Ec2Filter, type Ec2Tag } from "./ec2Records";

/** The query of one request: `A.1.B=x` becomes `{ A: { "1": { B: "x" } } }`. */
export interface QueryMap {
  [key: string]: string | QueryMap;
}

/** The form body as a nested map; a later duplicate key wins. */
export function parseQuery(body: string): QueryMap {
  const root: QueryMap = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.split(".");
    let node = root;
    parts.slice(0, -1).forEach((part) => {
      const next = node[part];
      node = typeof next === "object" ? next : (node[part] = {});
    });
    node[parts[parts.length - 1]] = value;
  }
  return root;
}

/** The EC2 Action of a form body, or undefined when the body is not an EC2 query. */
export function ec2ActionOf(contentType: string | undefined, body: string): string | undefined {
  if (!/application\/x-www-form-urlencoded/i.test(contentType ?? "")) return undefined;
  return new URLSearchParams(body).get("Action") ?? undefined;
}

export const str = (q: QueryMap, key: string): string | undefined => (typeof q[key] === "string" ? (q[key] as string) : undefined);
export const list = (q: QueryMap, key: string): (string | QueryMap)[] => {
  const node = q[key];
  if (typeof node !== "object") return [];
  return Object.keys(node)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => node[k]);
};
export const strings = (q: QueryMap, key: string) => list(q, key).filter((v): v is string => typeof v === "string");
export const maps = (q: QueryMap, key: string) => list(q, key).filter((v): v is QueryMap => typeof v === "object");

export function bool(q: QueryMap, key: string): boolean | undefined {
  const v = str(q, key);
  if (v === undefined) return undefined;
  if (v !== "true" && v !== "false") throw invalidValue(key, v, "Expected true or false.");
  return v === "true";
}

export function tags(q: QueryMap, key = "Tag"): Ec2Tag[] {
  return maps(q, key).map((t) => {
    const tagKey = str(t, "Key");
    if (!tagKey || tagKey.startsWith("aws:"))
      throw new Ec2Error("InvalidTagKey.Malformed", "Tag keys cannot be empty or null, and cannot start with aws:");
    return { key: tagKey, value: str(t, "Value") };
  });
}

export const filters = (q: QueryMap): Ec2Filter[] =>
  maps(q, "Filter").map((f) => ({ name: str(f, "Name") ?? "", values: strings(f, "Value") }));

/** `MaxResults` / `NextToken` over a full list; the token is the next offset. */
export function page<T>(items: T[], q: QueryMap): { items: T[]; next?: string } {
  const max = str(q, "MaxResults");
  if (max === undefined) return { items };
  const limit = Number(max);
  if (!Number.isInteger(limit) || limit < 5 || limit > 1000) throw invalidValue("MaxResults", max, "It must be between 5 and 1000.");
  const start = Number(str(q, "NextToken") ?? 0) || 0;
  const next = start + limit < items.length ? String(start + limit) : undefined;
  return { items: items.slice(start, start + limit), next };
}

/** One XML element; undefined content leaves it out, arrays are children. */
export function x(name: string, content: string | number | boolean | undefined | string[]): string {
  if (content === undefined) return "";
  const inner = Array.isArray(content) ? content.join("") : escape(String(content));
  return `<${name}>${inner}</${name}>`;
}
export const set = (name: string, items: string[][]) =>
  x(
    name,
    items.map((i) => x("item", i)),
  );
export const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
export const tagSet = (t: Record<string, string>) =>
  set(
    "tagSet",
    Object.entries(t).map(([k, v]) => [x("key", k), x("value", v)]),
  );
export const paged = (name: string, p: { items: string[][]; next?: string }) => set(name, p.items) + x("nextToken", p.next);
