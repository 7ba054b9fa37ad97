/**
 * Which ingress rules admit a caller on TCP 443 (pure). The decision for one source is the
 * shared one (provider/accessPolicy's admitsOnTcp, which the sandbox's invoke plane uses); this
 * file only picks the caller to ask about and names the sources that decide.
 */
import { admitsOnTcp, inBlock, type InboundRule } from "../../accessPolicy";
import type { IngressRule } from "../snapshot";

/** How a set of rules treats a caller on 443. */
export type Admission =
  | {
      /** A CIDR rule admits the caller (or, with no caller given, an address in the VPC). */
      kind: "admitted";
      /** The sources that admit it. */
      sources: string[];
    }
  | {
      /** Only rules whose membership is not read here (group references, prefix lists) might admit it. */
      kind: "maybe";
      /** Those sources. */
      sources: string[];
    }
  | {
      /** Nothing admits it. */
      kind: "refused";
    };

/** Each source of a rule as its own inbound rule, as the shared decision takes them. */
function bySource(rule: IngressRule): { source: string; inbound: InboundRule }[] {
  const ports = { ipProtocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort };
  return [
    ...rule.cidrs.map((cidrIp) => ({ source: cidrIp, inbound: { ...ports, cidrIp } })),
    ...rule.ipv6Cidrs.map((cidrIpv6) => ({ source: cidrIpv6, inbound: { ...ports, cidrIpv6 } })),
  ];
}

/** An address in both blocks, if they share one: the base of whichever block lies in the other. */
function sharedAddress(a: string, b: string): string | undefined {
  const [baseA] = a.split("/");
  const [baseB] = b.split("/");
  if (inBlock(baseB, a)) return baseB;
  if (inBlock(baseA, b)) return baseA;
  return undefined;
}

/** Whether the rule's ports and protocol hold TCP 443 (asked of the shared decision with a group source). */
function on443(rule: IngressRule): boolean {
  return admitsOnTcp(
    [{ ipProtocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort, groupId: "g" }],
    { address: "", groupIds: ["g"] },
    443,
  );
}

/**
 * The admission of a caller at `sourceIp`, or of some caller in `vpcCidrs` when no address is
 * given. Group references and prefix lists are "maybe": their members are not read.
 */
export function admission(rules: IngressRule[], sourceIp: string | undefined, vpcCidrs: string[]): Admission {
  const admits = ({ source, inbound }: { source: string; inbound: InboundRule }) => {
    const callers = sourceIp ? [sourceIp] : vpcCidrs.flatMap((v) => sharedAddress(source, v) ?? []);
    return callers.some((address) => admitsOnTcp([inbound], { address, groupIds: [] }, 443));
  };
  const admitting = rules
    .flatMap(bySource)
    .filter(admits)
    .map((s) => s.source);
  if (admitting.length) return { kind: "admitted", sources: [...new Set(admitting)] };
  const opaque = rules.filter(on443).flatMap((r) => [...r.groupIds, ...r.prefixListIds]);
  if (opaque.length) return { kind: "maybe", sources: [...new Set(opaque)] };
  return { kind: "refused" };
}
