/**
 * DNS probing for the readiness check: find a zone's authoritative servers by walking up the
 * name with NS queries, and ask servers directly for A records. Querying the authority (not a
 * recursive resolver) matters: resolvers cache NXDOMAIN for the zone's negative TTL.
 */
import { Resolver } from "node:dns/promises";

/** One probe's outcome for one name on one server set. */
export type ProbeAnswer =
  | {
      /** The name answers. */
      kind: "addresses";
      /** Its A records. */
      addresses: string[];
    }
  | {
      /** The name does not exist (yet). */
      kind: "nxdomain";
    }
  | {
      /** The name exists without A records. */
      kind: "nodata";
    }
  | {
      /** The query failed (timeout, refused, ...). */
      kind: "error";
      /** Node's DNS error code, e.g. ETIMEOUT. */
      code: string;
    };

const SERVER = /^(?:(\d{1,3}(?:\.\d{1,3}){3})|\[([0-9a-fA-F:]+)\])(?::(\d{1,5}))?$|^([0-9a-fA-F]*:[0-9a-fA-F:]+)$/;

/** True for `host[:port]` with an IPv4 address, `[v6]:port`, or a bare IPv6 address. */
export function isDnsServer(text: string): boolean {
  const match = SERVER.exec(text);
  if (!match) return false;
  const port = match[3] === undefined ? 53 : Number(match[3]);
  const octetsOk = !match[1] || match[1].split(".").every((o) => Number(o) <= 255);
  return octetsOk && port > 0 && port < 65536;
}

/** Servers from `APIGW_VPC_DNS_SERVERS` (comma or space separated), or undefined. */
export function dnsServersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const list = (env.APIGW_VPC_DNS_SERVERS ?? "").split(/[\s,]+/).filter(Boolean);
  return list.length ? list : undefined;
}

export function resolverFor(servers: string[], timeoutMs = 1000): Resolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  resolver.setServers(servers);
  return resolver;
}

/** An A query through the given resolver, with NXDOMAIN and errors as values. */
export async function queryA(resolver: Resolver, hostname: string): Promise<ProbeAnswer> {
  try {
    const addresses = await resolver.resolve4(hostname);
    return addresses.length ? { kind: "addresses", addresses } : { kind: "nodata" };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "UNKNOWN";
    if (code === "ENOTFOUND") return { kind: "nxdomain" };
    if (code === "ENODATA") return { kind: "nodata" };
    return { kind: "error", code };
  }
}

/**
 * Asks every server separately: published means at least one answers with addresses and none
 * denies the name (unreachable servers do not count either way).
 */
export async function queryAuthorities(servers: string[], hostname: string, timeoutMs = 1000): Promise<ProbeAnswer> {
  const answers = await Promise.all(servers.map((s) => queryA(resolverFor([s], timeoutMs), hostname)));
  const denial = answers.find((a) => a.kind === "nxdomain" || a.kind === "nodata");
  if (denial) return denial;
  const found = answers.filter((a): a is Extract<ProbeAnswer, { kind: "addresses" }> => a.kind === "addresses");
  if (found.length) return { kind: "addresses", addresses: [...new Set(found.flatMap((a) => a.addresses))].sort() };
  return answers[0] ?? { kind: "error", code: "NOSERVERS" };
}

export interface Authority {
  /** The zone whose NS records were found. */
  zone: string;
  /** The NS host names. */
  nameServers: string[];
  /** Their addresses, as resolver server strings (port 53). */
  servers: string[];
}

/** Walks up from `hostname` asking `recursive` for NS records; undefined if none is found. */
export async function discoverAuthority(hostname: string, recursive: Resolver): Promise<Authority | undefined> {
  const labels = hostname.replace(/\.$/, "").split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    const zone = labels.slice(i).join(".");
    let nameServers: string[];
    try {
      nameServers = await recursive.resolveNs(zone);
    } catch {
      continue;
    }
    if (!nameServers.length) continue;
    const addresses = await Promise.all(nameServers.map((ns) => recursive.resolve4(ns).catch(() => [] as string[])));
    const servers = [...new Set(addresses.flat())];
    if (servers.length) return { zone, nameServers, servers };
  }
  return undefined;
}
