/** Which ingress rules admit a caller on TCP 443 (pure). */
import { BlockList, isIP } from "node:net";
import type { IngressRule } from "../snapshot";

/** True when a rule covers TCP port 443. */
export function covers443(rule: IngressRule): boolean {
  if (rule.ipProtocol === "-1" || rule.ipProtocol === "all") return true;
  if (rule.ipProtocol !== "tcp" && rule.ipProtocol !== "6") return false;
  return (rule.fromPort ?? 0) <= 443 && 443 <= (rule.toPort ?? 65535);
}

/** True when `cidr` (v4 or v6) contains `address`. */
export function cidrContains(cidr: string, address: string): boolean {
  const [net, bits] = cidr.split("/");
  const family = isIP(net);
  if (!family || family !== isIP(address)) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  const list = new BlockList();
  list.addSubnet(net, Number(bits ?? (family === 4 ? 32 : 128)), type);
  return list.check(address, type);
}

/** True when two IPv4 or IPv6 blocks share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [netA] = a.split("/");
  const [netB] = b.split("/");
  return cidrContains(a, netB) || cidrContains(b, netA);
}

/** How a set of rules treats a caller on 443. */
export type Admission =
  | {
      /** A CIDR rule admits the caller (or, with no caller given, a source in the VPC). */
      kind: "admitted";
      /** The sources that admit it. */
      sources: string[];
    }
  | {
      /** Only rules whose membership cannot be seen here (group references, prefix lists) might admit it. */
      kind: "maybe";
      /** Those sources. */
      sources: string[];
    }
  | {
      /** Nothing admits it. */
      kind: "refused";
    };

/**
 * The admission of a caller at `sourceIp`, or of a caller somewhere in `vpcCidrs` when no address
 * is given. Group references and prefix lists are "maybe": their members are not read.
 */
export function admission(rules: IngressRule[], sourceIp: string | undefined, vpcCidrs: string[]): Admission {
  const on443 = rules.filter(covers443);
  const callerIn = (cidr: string) => (sourceIp ? cidrContains(cidr, sourceIp) : vpcCidrs.some((v) => cidrsOverlap(cidr, v)));
  const cidrSources = on443.flatMap((r) => [...r.cidrs, ...r.ipv6Cidrs]).filter(callerIn);
  if (cidrSources.length) return { kind: "admitted", sources: [...new Set(cidrSources)] };
  const opaque = on443.flatMap((r) => [...r.groupIds, ...r.prefixListIds]);
  if (opaque.length) return { kind: "maybe", sources: [...new Set(opaque)] };
  return { kind: "refused" };
}
