/**
 * The records, errors and pure helpers of the sandbox's EC2 model (local/ec2.ts): id formats,
 * EC2's error codes and messages, filters with wildcards, and CIDR arithmetic.
 */
import { executeApiZones, regionZones, type ZoneInfo } from "./ec2Zones";
export { allZones, executeApiZones, regionZones, vpcLinkSupportsZone, type ZoneInfo } from "./ec2Zones";

/** An EC2 error: the code and message go into `<Errors><Error>`, with HTTP status 400 unless told. */
export class Ec2Error extends Error {
  constructor(
    /** EC2's error code, e.g. "InvalidVpcID.NotFound"; the SDK raises it as the error's `name`. */
    readonly code: string,
    message: string,
    /** HTTP status: 400 for client errors, 500 or 503 for server errors and throttling. */
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The account and region a request acts in. */
export interface Ec2Scope {
  /** From the SigV4 access key (local/domainRoutes.ts accountOf). */
  accountId: string;
  /** From the SigV4 credential scope. */
  region: string;
}

/** One `Filter.N`: a name and the values any of which may match (`*` and `?` are wildcards). */
export interface Ec2Filter {
  /** "vpc-id", "tag:KEY", "tag-key", ... */
  name: string;
  values: string[];
}

/** One `Tag.N` of CreateTags or DeleteTags. */
export interface Ec2Tag {
  key: string;
  /** Absent in DeleteTags when any value matches. */
  value?: string;
}

/** What every EC2 record has: where it lives, who owns it, its tags. */
export interface Owned {
  /** The region the record lives in. */
  region: string;
  /** The account id, as EC2's `ownerId`. */
  ownerId: string;
  /** Its tags, key to value. */
  tags: Record<string, string>;
}

/** A VPC; its state is always `available`. */
export interface VpcRecord extends Owned {
  /** `vpc-` and 17 hex digits. */
  vpcId: string;
  /** The primary IPv4 block, /16 to /28. */
  cidrBlock: string;
  /** The id of the primary block's association, as `cidrBlockAssociationSet` shows it. */
  cidrAssociationId: string;
  /** The DHCP options set, "default" as for a VPC created without one. */
  dhcpOptionsId: string;
  /** ModifyVpcAttribute's EnableDnsSupport; true on creation, as AWS does. */
  enableDnsSupport: boolean;
  /** ModifyVpcAttribute's EnableDnsHostnames; false on creation, as AWS does for a non-default VPC. */
  enableDnsHostnames: boolean;
}

/** A subnet in one zone; its state is always `available`. */
export interface SubnetRecord extends Owned {
  /** `subnet-` and 17 hex digits. */
  subnetId: string;
  /** The VPC it belongs to. */
  vpcId: string;
  /** A /16 to /28 block inside the VPC's, overlapping no other subnet's. */
  cidrBlock: string;
  /** "us-east-1a". */
  availabilityZone: string;
  /** "use1-az1". */
  availabilityZoneId: string;
}

/** A security group of a VPC. */
export interface SecurityGroupRecord extends Owned {
  /** `sg-` and 17 hex digits. */
  groupId: string;
  /** Unique within the VPC; "default" for the VPC's own group. */
  groupName: string;
  /** CreateSecurityGroup's required description. */
  description: string;
  /** The VPC it belongs to. */
  vpcId: string;
  /** The group every VPC is created with; it goes with the VPC and cannot be deleted alone. */
  isDefault: boolean;
  /** Inbound rules, one per protocol, port range and source (local/ec2Access.ts). */
  ingress: SecurityGroupRule[];
  /** Outbound rules; a new group allows all outbound traffic. */
  egress: SecurityGroupRule[];
}

/** One rule of a security group: a protocol, a port range and one source or destination. */
export interface SecurityGroupRule {
  /** "tcp", "udp", "icmp" or "-1" (all). */
  ipProtocol: string;
  /** The first port (absent for "-1"). */
  fromPort?: number;
  /** The last port (absent for "-1"). */
  toPort?: number;
  /** An IPv4 source or destination block; exactly one of cidrIp, cidrIpv6 and groupId is set. */
  cidrIp?: string;
  /** An IPv6 block. */
  cidrIpv6?: string;
  /** A security group whose members are the source or destination. */
  groupId?: string;
  /** The rule's description. */
  description?: string;
}

/** The states the sandbox's endpoints pass through; gone endpoints are not listed at all. */
export type VpcEndpointState = "pending" | "available" | "deleting";

/** An Interface endpoint to execute-api. */
export interface VpcEndpointRecord extends Owned {
  /** `vpce-` and 17 hex digits. */
  vpcEndpointId: string;
  /** The VPC it belongs to. */
  vpcId: string;
  /** `com.amazonaws.{region}.execute-api`. */
  serviceName: string;
  /** One per zone; each holds one of the endpoint's network interfaces. */
  subnetIds: string[];
  /** The security groups of the network interfaces. */
  groupIds: string[];
  /** `eni-` ids, one per subnet, in the order of `subnetIds`. */
  networkInterfaceIds: string[];
  /** Whether `execute-api.{region}.amazonaws.com` resolves to the endpoint inside the VPC. */
  privateDnsEnabled: boolean;
  /** The random part of the endpoint's DNS names: `{vpceId}-{dnsSuffix}.execute-api.{region}.vpce.amazonaws.com`. */
  dnsSuffix: string;
  /** Epoch ms of CreateVpcEndpoint. */
  createdAt: number;
  /** Epoch ms when `pending` turns `available`. */
  availableAt: number;
  /** The endpoint policy's JSON; EC2's full-access policy unless one was given. */
  policyDocument: string;
  /** Set by DeleteVpcEndpoints: the endpoint is `deleting` until then, and gone after. */
  goneAt?: number;
}

/** The endpoint delays, read at each create and delete so setDelays() applies at once. */
export interface Ec2Timings {
  /** pending -> available for a new endpoint. */
  provisionMs: number;
  /** deleting -> gone for a deleted endpoint. */
  deleteMs: number;
  /** gone -> its network interfaces released: until then they hold their subnets and groups (DependencyViolation). */
  releaseMs: number;
}

/** Network interfaces that keep subnets and security groups in use, until a time (Infinity while their owner lives). */
export interface InterfaceHold {
  /** The subnets the interfaces are in. */
  subnetIds: string[];
  /** The groups the interfaces carry. */
  groupIds: string[];
  /** Epoch ms when the interfaces are gone. */
  until: number;
}

/** What CreateVpcEndpoint takes, already parsed; the wire layer leaves absent parameters undefined. */
export interface VpcEndpointInput {
  vpcId?: string;
  /** Only "Interface" is offered. */
  vpcEndpointType?: string;
  serviceName?: string;
  subnetIds: string[];
  /** The VPC's default group when empty. */
  securityGroupIds: string[];
  /** @default true */
  privateDnsEnabled?: boolean;
  /** Idempotency: the same token with the same parameters returns the same endpoint. */
  clientToken?: string;
  /** The endpoint policy's JSON. @default full access */
  policyDocument?: string;
  tags: Record<string, string>;
}

/** Well-formed ids of the kinds the sandbox holds. */
export const ID = {
  vpc: /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  subnet: /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  sg: /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  vpce: /^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
};

/** MissingParameter, naming the parameter. */
export const missing = (name: string) => new Ec2Error("MissingParameter", `The request must contain the parameter ${name}`);
/** InvalidParameterValue in EC2's wording: "Value (x) for parameter y is invalid. Why." */
export const invalidValue = (name: string, value: string, why: string) =>
  new Ec2Error("InvalidParameterValue", `Value (${value}) for parameter ${name} is invalid. ${why}`);
/** The NotFound error of each kind of id. */
export const notFound = {
  vpc: (id: string) => new Ec2Error("InvalidVpcID.NotFound", `The vpc ID '${id}' does not exist`),
  subnet: (id: string) => new Ec2Error("InvalidSubnetID.NotFound", `The subnet ID '${id}' does not exist`),
  sg: (id: string) => new Ec2Error("InvalidGroup.NotFound", `The security group '${id}' does not exist`),
  // Assumed(endpoint-not-found-wording): the message wording of a missing endpoint is not documented.
  vpce: (id: string) => new Ec2Error("InvalidVpcEndpointId.NotFound", `The VpcEndpoint Id '${id}' does not exist`),
};
/** The Malformed error of each kind of id. */
export const malformed = {
  vpc: (id: string) => new Ec2Error("InvalidVpcID.Malformed", `Invalid id: "${id}"`),
  subnet: (id: string) => new Ec2Error("InvalidSubnetID.Malformed", `Invalid id: "${id}"`),
  sg: (id: string) => new Ec2Error("InvalidGroupId.Malformed", `Invalid id: "${id}"`),
  vpce: (id: string) => new Ec2Error("InvalidVpcEndpointId.Malformed", `Invalid Id: '${id}'`),
};
/** DependencyViolation of a VPC or subnet that something still uses. */
export const dependency = (kind: string, id: string) =>
  new Ec2Error("DependencyViolation", `The ${kind} '${id}' has dependencies and cannot be deleted.`);

/** The zone of a new subnet: given by name or by id (not both), else the region's first. */
export function subnetZone(region: string, name?: string, id?: string): ZoneInfo {
  if (name && id) throw new Ec2Error("InvalidParameterCombination", "Only one of availabilityZone or availabilityZoneId may be specified");
  const zones = regionZones(region);
  // Assumed(first-zone-by-default): without AvailabilityZone the sandbox picks the first zone; AWS picks one itself.
  const zone = name || id ? zones.find((z) => z.zoneName === (name ?? id) || z.zoneId === (name ?? id)) : zones[0];
  if (!zone)
    throw invalidValue(
      id ? "availabilityZoneId" : "availabilityZone",
      name ?? id ?? "",
      `Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.zoneName).join(", ")}.`,
    );
  return zone;
}

/** Refuses endpoint subnets in zones where the execute-api endpoint service is not offered. */
export function assertServiceZones(region: string, serviceName: string, subnets: SubnetRecord[]): void {
  const offered = executeApiZones(region).map((z) => z.zoneName);
  const outside = subnets.find((sub) => !offered.includes(sub.availabilityZone));
  // Assumed(endpoint-zone-unsupported-wording): a subnet in a zone the service is not offered in answers InvalidParameter.
  if (outside)
    throw new Ec2Error(
      "InvalidParameter",
      `The VPC endpoint service ${serviceName} does not support the availability zone of the subnet: ${outside.subnetId}.`,
    );
}

/** The record with this id: Malformed for a bad id, NotFound for an unknown one. */
export function find<T>(map: Map<string, T>, id: string, kind: keyof typeof ID): T {
  if (!ID[kind].test(id)) throw malformed[kind](id);
  const record = map.get(id);
  if (!record) throw notFound[kind](id);
  return record;
}

/** The fields every new record starts with. */
export function owned(scope: Ec2Scope, tags: Record<string, string>): Owned {
  return { region: scope.region, ownerId: scope.accountId, tags: { ...tags } };
}

/** The records with the given ids (all if none; each known to exist) that pass every filter. */
export function select<T extends Owned>(
  records: Map<string, T>,
  ids: string[],
  filters: Ec2Filter[],
  fields: (r: T) => Record<string, string[]>,
): T[] {
  const chosen = ids.length ? [...new Set(ids)].map((id) => records.get(id) as T) : [...records.values()];
  return chosen.filter((r) => filters.every((f) => matches(r, f, fields(r))));
}

/** VPC filter names; every kind also takes `tag:KEY`, `tag-key` and `tag-value`. */
export const vpcFields = (v: VpcRecord) => ({
  "vpc-id": [v.vpcId],
  "cidr-block": [v.cidrBlock],
  cidr: [v.cidrBlock],
  state: ["available"],
  "owner-id": [v.ownerId],
  "is-default": ["false"],
});
/** Subnet filter names. */
export const subnetFields = (s: SubnetRecord) => ({
  "subnet-id": [s.subnetId],
  "vpc-id": [s.vpcId],
  "availability-zone": [s.availabilityZone],
  "availability-zone-id": [s.availabilityZoneId],
  "cidr-block": [s.cidrBlock],
  state: ["available"],
  "owner-id": [s.ownerId],
});
/** Security group filter names. */
export const groupFields = (g: SecurityGroupRecord) => ({
  "group-id": [g.groupId],
  "group-name": [g.groupName],
  "vpc-id": [g.vpcId],
  description: [g.description],
  "owner-id": [g.ownerId],
});

function matches(record: Owned, filter: Ec2Filter, fields: Record<string, string[]>): boolean {
  let candidates: string[] | undefined;
  if (filter.name.startsWith("tag:")) {
    const value = record.tags[filter.name.slice(4)];
    candidates = value === undefined ? [] : [value];
  } else if (filter.name === "tag-key") candidates = Object.keys(record.tags);
  else if (filter.name === "tag-value") candidates = Object.values(record.tags);
  else candidates = fields[filter.name];
  if (!candidates) throw new Ec2Error("InvalidParameterValue", `The filter '${filter.name}' is invalid`);
  return filter.values.some((pattern) => candidates.some((c) => glob(pattern).test(c)));
}

function glob(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** An IPv4 block: its first address as a number, and its prefix length. */
interface Cidr {
  base: number;
  prefix: number;
}

/** An IPv4 block "a.b.c.d/n"; InvalidParameterValue for anything else. */
export function parseCidr(parameter: string, text: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || prefix > 32) throw invalidValue(parameter, text, "This is not a valid CIDR block.");
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  // Assumed(cidr-host-bits-refused): a block with host bits set is refused rather than normalized.
  if (base % 2 ** (32 - prefix) !== 0) throw invalidValue(parameter, text, "This is not a valid CIDR block.");
  return { base, prefix };
}

const size = (c: Cidr) => 2 ** (32 - c.prefix);
/** Whether `inner` lies inside `outer`. */
export const within = (inner: Cidr, outer: Cidr) => inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
/** Whether two blocks share an address. */
export const overlaps = (a: Cidr, b: Cidr) => a.base < b.base + size(b) && b.base < a.base + size(a);
