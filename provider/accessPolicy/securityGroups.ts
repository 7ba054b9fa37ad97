/**
 * Whether a VPC endpoint's security groups let a caller in: the inbound rules of every group of
 * the endpoint, a caller's address and its own groups. Pure; EC2's DescribeSecurityGroups rules
 * map onto {@link InboundRule} one source each.
 */
import { BlockList, isIP } from "node:net";

/** One inbound rule with one source. */
export interface InboundRule {
  /** "tcp", "udp", "icmp" or "-1" (all traffic). */
  ipProtocol: string;
  /** The first port (absent for "-1"). */
  fromPort?: number;
  /** The last port (absent for "-1"). */
  toPort?: number;
  /** An IPv4 source block. */
  cidrIp?: string;
  /** An IPv6 source block. */
  cidrIpv6?: string;
  /** A source security group: its members are admitted. */
  groupId?: string;
}

/** A caller as the endpoint's network interfaces see it. */
export interface Caller {
  /** The source address. */
  address: string;
  /** The security groups of the caller's network interface, if any. */
  groupIds: string[];
}

/**
 * Whether any rule admits the caller on TCP `port`: a tcp or all-traffic rule whose ports hold
 * the port, and whose source holds the address or names one of the caller's groups.
 * @param rules - The inbound rules of all the endpoint's groups.
 * @param caller - The caller's address and groups.
 * @param port - The TCP port, 443 for execute-api.
 * @returns Whether a connection is accepted.
 */
export function admitsOnTcp(rules: readonly InboundRule[], caller: Caller, port: number): boolean {
  return rules.some((r) => {
    if (r.ipProtocol !== "tcp" && r.ipProtocol !== "-1") return false;
    if (r.ipProtocol === "tcp" && ((r.fromPort ?? 0) > port || (r.toPort ?? 65535) < port)) return false;
    if (r.groupId) return caller.groupIds.includes(r.groupId);
    return inBlock(caller.address, r.cidrIp ?? r.cidrIpv6 ?? "");
  });
}

/** Whether an address lies in a CIDR block of its family. */
export function inBlock(address: string, block: string): boolean {
  const family = isIP(address);
  const [base, bits] = block.split("/");
  if (!family || isIP(base) !== family) return false;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  const list = new BlockList();
  list.addSubnet(base, prefix, type);
  return list.check(address, type);
}
