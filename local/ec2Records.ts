/**
 * The records, errors and pure helpers of the sandbox's EC2 model (local/ec2.ts): id formats,
 * EC2's error codes and messages, filters with wildcards, and CIDR arithmetic.
 */
export class Ec2Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The account and region a request acts in. */
export interface Ec2Scope {
  accountId: string;
  region: string;
}

/** One `Filter.N`: a name and the values any of which may match (`*` and `?` are wildcards). */
export interface Ec2Filter {
  name: string;
  values: string[];
}

export interface Ec2Tag {
  key: string;
  /** Absent in DeleteTags when any value matches. */
  value?: string;
}

/** What every EC2 record has: where it lives, who owns it, its tags. */
export interface Owned {
  region: string;
  ownerId: string;
  tags: Record<string, string>;
}

export interface VpcRecord extends Owned {
  vpcId: string;
  cidrBlock: string;
  cidrAssociationId: string;
  dhcpOptionsId: string;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
}

export interface SubnetRecord extends Owned {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  availabilityZoneId: string;
}

export interface SecurityGroupRecord extends Owned {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  /** The group every VPC is created with; it goes with the VPC and cannot be deleted alone. */
  isDefault: boolean;
}

export type VpcEndpointState = "pending" | "available" | "deleting";

export interface VpcEndpointRecord extends Owned {
  vpcEndpointId: string;
  vpcId: string;
  serviceName: string;
  subnetIds: string[];
  groupIds: string[];
  networkInterfaceIds: string[];
  privateDnsEnabled: boolean;
  dnsSuffix: string;
  createdAt: number;
  availableAt: number;
  /** Set by DeleteVpcEndpoints: the endpoint is `deleting` until then, and gone after. */
  goneAt?: number;
}

/** Zones of a region and their ids, as DescribeAvailabilityZones lists them. */
export interface ZoneInfo {
  zoneName: string;
  zoneId: string;
  regionName: string;
}

export interface Ec2Timings {
  /** pending -> available for a new endpoint. */
  provisionMs: number;
  /** deleting -> gone for a deleted endpoint. */
  deleteMs: number;
}

/** What CreateVpcEndpoint takes, already parsed. */
export interface VpcEndpointInput {
  vpcId?: string;
  vpcEndpointType?: string;
  serviceName?: string;
  subnetIds: string[];
  securityGroupIds: string[];
  privateDnsEnabled?: boolean;
  clientToken?: string;
  tags: Record<string, string>;
}

/** Well-formed ids of the kinds the sandbox holds. */
export const ID = {
  vpc: /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  subnet: /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  sg: /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  vpce: /^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
};

export const missing = (name: string) => new Ec2Error("MissingParameter", `The request must contain the parameter ${name}`);
export const invalidValue = (name: string, value: string, why: string) =>
  new Ec2Error("InvalidParameterValue", `Value (${value}) for parameter ${name} is invalid. ${why}`);
export const notFound = {
  vpc: (id: string) => new Ec2Error("InvalidVpcID.NotFound", `The vpc ID '${id}' does not exist`),
  subnet: (id: string) => new Ec2Error("InvalidSubnetID.NotFound", `The subnet ID '${id}' does not exist`),
  sg: (id: string) => new Ec2Error("InvalidGroup.NotFound", `The security group '${id}' does not exist`),
  // Assumed: the message wording of a missing endpoint is not documented.
  vpce: (id: string) => new Ec2Error("InvalidVpcEndpointId.NotFound", `The VpcEndpoint Id '${id}' does not exist`),
};
export const malformed = {
  vpc: (id: string) => new Ec2Error("InvalidVpcID.Malformed", `Invalid id: "${id}"`),
  subnet: (id: string) => new Ec2Error("InvalidSubnetID.Malformed", `Invalid id: "${id}"`),
  sg: (id: string) => new Ec2Error("InvalidGroupId.Malformed", `Invalid id: "${id}"`),
  vpce: (id: string) => new Ec2Error("InvalidVpcEndpointId.Malformed", `Invalid Id: '${id}'`),
};
export const dependency = (kind: string, id: string) =>
  new Ec2Error("DependencyViolation", `The ${kind} '${id}' has dependencies and cannot be deleted.`);

/** The region's zones `{region}a` to `c`, as DescribeAvailabilityZones lists them. */
export function regionZones(region: string): ZoneInfo[] {
  // Assumed: zone ids follow AWS's short region code ("use1-az1"); AWS shuffles the mapping per account.
  const [area, direction, number] = region.split("-");
  const short = direction?.replace("north", "n").replace("south", "s").replace("east", "e").replace("west", "w").replace("central", "c");
  return ["a", "b", "c"].map((letter, i) => ({
    zoneName: `${region}${letter}`,
    zoneId: `${area}${short ?? ""}${number ?? ""}-az${i + 1}`,
    regionName: region,
  }));
}

export function find<T>(map: Map<string, T>, id: string, kind: keyof typeof ID): T {
  if (!ID[kind].test(id)) throw malformed[kind](id);
  const record = map.get(id);
  if (!record) throw notFound[kind](id);
  return record;
}

export function owned(scope: Ec2Scope, tags: Record<string, string>): Owned {
  return { region: scope.region, ownerId: scope.accountId, tags: { ...tags } };
}

/** The records with the given ids (all if none) that pass every filter. */
export function select<T extends Owned>(
  records: T[],
  ids: string[],
  idOf: (r: T) => string,
  filters: Ec2Filter[],
  fields: (r: T) => Record<string, string[]>,
): T[] {
  return records.filter((r) => (ids.length === 0 || ids.includes(idOf(r))) && filters.every((f) => matches(r, f, fields(r))));
}

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

interface Cidr {
  base: number;
  prefix: number;
}

export function parseCidr(parameter: string, text: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || prefix > 32) throw invalidValue(parameter, text, "This is not a valid CIDR block.");
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  // Assumed: a block with host bits set is refused rather than normalized.
  if (base % 2 ** (32 - prefix) !== 0) throw invalidValue(parameter, text, "This is not a valid CIDR block.");
  return { base, prefix };
}

const size = (c: Cidr) => 2 ** (32 - c.prefix);
export const within = (inner: Cidr, outer: Cidr) => inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
export const overlaps = (a: Cidr, b: Cidr) => a.base < b.base + size(b) && b.base < a.base + size(a);
