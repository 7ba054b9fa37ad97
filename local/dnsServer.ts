/**
 * A real DNS server (UDP and TCP, via dns2) authoritative for every
 * `execute-api.{region}.amazonaws.com[.cn]` zone. It answers the per-VPCE names once their
 * publication time has passed, NXDOMAIN with the zone's SOA otherwise (so resolvers cache
 * the negative answer), and NS/SOA for the zone naming itself so clients can discover it.
 */
import dns2 from "dns2";
import { executeApiDomain } from "../provider/endpointNames";
import { createHash } from "node:crypto";
import type { Socket as Dgram } from "node:dgram";
import type { AddressInfo, Server as NetServer, Socket } from "node:net";

const { Packet } = dns2;
// RFC 1035 response codes (dns2 has them at run time but does not declare them).
const RCODE = { FORMERR: 1, NXDOMAIN: 3, REFUSED: 5 } as const;
type DnsPacket = InstanceType<typeof Packet>;

/** The per-VPCE zone of a region: the provider's own naming rule. */
export const executeApiZone = executeApiDomain;

const ZONE = /^execute-api\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;
const PER_VPCE_LABEL = /^([a-z0-9]{10})-(vpce-[0-9a-f]+)$/;
const RECORD_TTL = 60;

export interface DnsLookup {
  /** The A addresses of a per-VPCE name, or undefined if it is not published now. */
  addressesOf(restApiId: string, vpcEndpointId: string, region: string): string[] | undefined;
  /** A private custom domain's addresses if it resolves now (the VPC's private hosted zone), else undefined. */
  privateDomainAddresses?(name: string): string[] | undefined;
  /** Seconds resolvers may cache a negative answer (the SOA minimum). */
  negativeTtl(): number;
}

export interface DnsServerHandle {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Two stable private addresses per endpoint, like the ENIs of a two-AZ VPC endpoint. */
export function endpointAddresses(vpcEndpointId: string): string[] {
  const h = createHash("sha256").update(vpcEndpointId).digest();
  return [`10.${h[0]}.${h[1]}.${(h[2] % 250) + 4}`, `10.${h[0]}.${(h[1] + 64) % 256}.${(h[3] % 250) + 4}`];
}

export async function startDnsServer(lookup: DnsLookup, host: string, port: number): Promise<DnsServerHandle> {
  const handle = (request: DnsPacket, send: (response: DnsPacket) => unknown) => {
    send(answer(request, lookup, host));
  };
  const { udp, tcp } = await bindOnOnePort(handle, host, port);
  const sockets = new Set<Socket>();
  tcp.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return {
    host,
    port: (udp.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

type Handler = (request: DnsPacket, send: (response: DnsPacket) => unknown) => void;

/** UDP and TCP must share one port: bind UDP first, then TCP on the port UDP got. */
async function bindOnOnePort(handle: Handler, host: string, port: number): Promise<{ udp: Dgram; tcp: NetServer }> {
  for (let attempt = 0; ; attempt++) {
    const udp = dns2.createUDPServer(handle as never) as unknown as Dgram;
    udp.on("requestError", () => undefined);
    await listen(udp, (done) => udp.bind(port, host, done));
    const tcp = dns2.createTCPServer(handle as never) as unknown as NetServer;
    tcp.on("requestError", () => undefined);
    try {
      await listen(tcp, (done) => tcp.listen((udp.address() as AddressInfo).port, host, done));
      return { udp, tcp };
    } catch (e) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (port !== 0 || attempt >= 10) throw e;
    }
  }
}

function listen(emitter: Dgram | NetServer, start: (done: () => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    emitter.once("error", reject);
    start(() => {
      emitter.off("error", reject);
      resolve();
    });
  });
}

function answer(request: DnsPacket, lookup: DnsLookup, host: string): DnsPacket {
  const response = Packet.createResponseFromRequest(request);
  response.header.aa = 1;
  const question = request.questions[0];
  if (!question) {
    response.header.rcode = RCODE.FORMERR;
    return response;
  }
  const name = question.name.toLowerCase().replace(/\.$/, "");
  const privateAddresses = lookup.privateDomainAddresses?.(name);
  if (privateAddresses) {
    if (question.type === Packet.TYPE.A || question.type === Packet.TYPE.ANY) {
      for (const address of privateAddresses)
        response.answers.push({ name: question.name, class: Packet.CLASS.IN, ttl: RECORD_TTL, type: Packet.TYPE.A, address } as never);
    }
    return response;
  }
  const zone = zoneOf(name);
  if (!zone) {
    response.header.aa = 0;
    response.header.rcode = RCODE.REFUSED;
    return response;
  }
  const soa = soaRecord(zone.zone, lookup.negativeTtl());
  const nsName = `ns.${zone.zone}`;
  const base = { name: question.name, class: Packet.CLASS.IN, ttl: RECORD_TTL };
  if (name === zone.zone) {
    if (question.type === Packet.TYPE.SOA) response.answers.push(soa);
    else if (question.type === Packet.TYPE.NS) {
      response.answers.push({ ...base, type: Packet.TYPE.NS, ns: nsName } as never);
      response.additionals.push({ name: nsName, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl: RECORD_TTL, address: host } as never);
    } else response.authorities.push(soa);
    return response;
  }
  if (name === nsName) {
    if (question.type === Packet.TYPE.A) response.answers.push({ ...base, type: Packet.TYPE.A, address: host } as never);
    else response.authorities.push(soa);
    return response;
  }
  const label = PER_VPCE_LABEL.exec(name.slice(0, -(zone.zone.length + 1)));
  const addresses = label && lookup.addressesOf(label[1], label[2], zone.region);
  if (!addresses) {
    response.header.rcode = RCODE.NXDOMAIN;
    response.authorities.push(soa);
    return response;
  }
  if (question.type === Packet.TYPE.A || question.type === Packet.TYPE.ANY) {
    for (const address of addresses) response.answers.push({ ...base, type: Packet.TYPE.A, address } as never);
  } else response.authorities.push(soa);
  return response;
}

function zoneOf(name: string): { zone: string; region: string } | undefined {
  const parts = name.split(".");
  for (let i = 0; i < parts.length; i++) {
    const candidate = parts.slice(i).join(".");
    const match = ZONE.exec(candidate);
    // Only the region's own partition suffix: cn-* under amazonaws.com.cn, others under amazonaws.com.
    if (match && candidate === executeApiZone(match[1])) return { zone: candidate, region: match[1] };
  }
  return undefined;
}

function soaRecord(zone: string, negativeTtl: number) {
  return {
    name: zone,
    type: Packet.TYPE.SOA,
    class: Packet.CLASS.IN,
    ttl: negativeTtl,
    primary: `ns.${zone}`,
    admin: `hostmaster.${zone}`,
    serial: 1,
    refresh: 7200,
    retry: 900,
    expiration: 1209600,
    minimum: negativeTtl,
  } as never;
}
