/**
 * The v2 (HTTP API) VPC link model. Status is derived from timestamps when read, so the
 * sandbox needs no timers: PENDING -> AVAILABLE (or FAILED) after the provisioning delay,
 * DELETING -> gone after the deletion delay, INACTIVE when the control API says so.
 */
import { badRequest, notFound } from "./errors";
import type { InterfaceHold } from "./ec2Records";
import { vpcLinkSupportsZone } from "./ec2Zones";
import { randomId, SECURITY_GROUP_ID, SUBNET_ID } from "./ids";
import { ACCOUNT_ID as DEFAULT_ACCOUNT } from "./restApis";

/** The statuses a v2 VPC link goes through, as GetVpcLink reports them. */
export type VpcLinkStatus = "PENDING" | "AVAILABLE" | "DELETING" | "FAILED" | "INACTIVE";

/** A VPC link as GetVpcLink answers it, its status derived at the time of reading. */
export interface VpcLinkView {
  /** The link's id. */
  vpcLinkId: string;
  /** The link's name. */
  name: string;
  /** The subnets, as created. */
  subnetIds: string[];
  /** The security groups, as created. */
  securityGroupIds: string[];
  /** The link's tags, the provider's creation token included. */
  tags: Record<string, string>;
  /** ISO time of creation. */
  createdDate: string;
  /** The status now (PENDING until the provisioning delay has passed). */
  vpcLinkStatus: VpcLinkStatus;
  /** AWS's message for the status, e.g. why a link FAILED. */
  vpcLinkStatusMessage: string;
  /** Always V2: the sandbox emulates HTTP API links only. */
  vpcLinkVersion: "V2";
}

/** What a VPC link needs to know of the caller's EC2: a subnet's VPC and zone id, a group's VPC; undefined when unknown. */
export interface VpcLinkNetwork {
  /** A subnet of the account and region. */
  subnet(scope: { accountId: string; region: string }, id: string): { vpcId: string; zoneId: string } | undefined;
  /** A security group of the account and region. */
  group(scope: { accountId: string; region: string }, id: string): { vpcId: string } | undefined;
}

interface VpcLinkRecord {
  id: string;
  region: string;
  name: string;
  subnetIds: string[];
  securityGroupIds: string[];
  tags: Record<string, string>;
  createdAt: number;
  settledAt: number;
  failure?: string;
  inactive: boolean;
  goneAt?: number;
}

export interface VpcLinkTimings {
  provisionMs: number;
  deleteMs: number;
  maxLinksPerRegion: number;
  /** gone -> the link's network interfaces released (they hold their subnets and groups until then). */
  releaseMs: number;
}

const MAX_SUBNETS = 10;
const MAX_TAGS = 50;

export class VpcLinkModel {
  private readonly links = new Map<string, VpcLinkRecord>();
  /** Subnet id -> the FAILED status message a link in it gets. */
  readonly badSubnets = new Map<string, string>();
  /** Link key -> integration references ("METHOD:/path"). */
  readonly references = new Map<string, Set<string>>();
  /** REST integrations and deployed stages that use a link (set by the sandbox: local/restIntegrations.ts). */
  referencesFrom: (region: string, id: string) => string[] = () => [];
  /** What the caller's EC2 knows of its subnets and groups (set by the sandbox from local/ec2.ts). */
  network: VpcLinkNetwork = { subnet: () => undefined, group: () => undefined };
  /** The interfaces of deleted links, lingering. */
  private released: (InterfaceHold & { region: string })[] = [];

  constructor(private readonly timings: () => VpcLinkTimings) {}

  create(
    region: string,
    body: { name?: string; subnetIds?: string[]; securityGroupIds?: string[]; tags?: Record<string, string> },
    accountId = DEFAULT_ACCOUNT,
  ): VpcLinkView {
    const name = body.name ?? "";
    if (name.length < 1 || name.length > 128) throw badRequest("Invalid VPC link name: it must be 1 to 128 characters");
    const subnetIds = [...new Set(body.subnetIds ?? [])];
    if (subnetIds.length < 1 || subnetIds.length > MAX_SUBNETS)
      throw badRequest(`Invalid subnetIds: a VPC link takes 1 to ${MAX_SUBNETS} subnets`);
    subnetIds.forEach((s) => {
      if (!SUBNET_ID.test(s)) throw badRequest(`Invalid subnet id: ${s}`);
    });
    const securityGroupIds = [...new Set(body.securityGroupIds ?? [])];
    securityGroupIds.forEach((s) => {
      if (!SECURITY_GROUP_ID.test(s)) throw badRequest(`Invalid security group id: ${s}`);
    });
    this.assertOneNetwork({ accountId, region }, subnetIds, securityGroupIds);
    const tags = validateTags(body.tags ?? {});
    const { provisionMs, maxLinksPerRegion } = this.timings();
    if (this.list(region).length >= maxLinksPerRegion) {
      // Assumed(vpc-link-quota-error): AWS's exact error for the per-region link quota is undocumented.
      throw badRequest(`Quota exceeded: at most ${maxLinksPerRegion} VPC links per account in ${region}`);
    }
    const now = Date.now();
    const badSubnet = subnetIds.find((s) => this.badSubnets.has(s));
    const record: VpcLinkRecord = {
      id: randomId(7),
      region,
      name,
      subnetIds,
      securityGroupIds,
      tags,
      createdAt: now,
      settledAt: now + provisionMs,
      failure: badSubnet ? this.badSubnets.get(badSubnet) : undefined,
      inactive: false,
    };
    this.links.set(key(region, record.id), record);
    return view(record, now);
  }

  /**
   * The subnets and groups must exist in the caller's account (a link takes only its own account's
   * resources), lie in one VPC, and the subnets in zones where VPC links are supported. AWS answers
   * these synchronously, as it does for a zone it does not support, so no link is created.
   */
  private assertOneNetwork(scope: { accountId: string; region: string }, subnetIds: string[], groupIds: string[]): void {
    const subnets = subnetIds.map((id) => {
      const subnet = this.network.subnet(scope, id);
      // Assumed(vpc-link-unknown-subnet): a subnet EC2 does not know is refused at create (400, EC2's wording), not left to go FAILED.
      if (!subnet) throw badRequest(`The subnet ID '${id}' does not exist`);
      return { id, ...subnet };
    });
    const groups = groupIds.map((id) => {
      const group = this.network.group(scope, id);
      // Assumed(vpc-link-unknown-security-group): likewise for a security group (EC2's InvalidGroup.NotFound wording).
      if (!group) throw badRequest(`The security group '${id}' does not exist`);
      return { id, ...group };
    });
    const [first] = subnets;
    // Assumed(vpc-link-one-vpc): a link's network interfaces sit in one VPC: subnets of two VPCs, or a group of another VPC, are refused.
    for (const s of subnets)
      if (s.vpcId !== first.vpcId)
        throw badRequest(`Subnets of a VPC link must be in one VPC: ${first.id} is in ${first.vpcId}, ${s.id} in ${s.vpcId}`);
    for (const g of groups)
      if (g.vpcId !== first.vpcId)
        throw badRequest(`Security group ${g.id} is in ${g.vpcId}, not in ${first.vpcId}, the VPC of the subnets`);
    for (const s of subnets)
      // Assumed(vpc-link-unsupported-zone-refused): AWS's answer for a zone the guide does not list, as users report it (the subnet id is not named).
      if (!vpcLinkSupportsZone(scope.region, s.zoneId))
        throw badRequest(`Subnet is in Availability Zone '${s.zoneId}' where service is not available`);
  }

  get(region: string, id: string): VpcLinkView {
    return view(this.record(region, id), Date.now());
  }

  list(region: string): VpcLinkView[] {
    return this.listAll(region).map(({ region: _r, ...v }) => v);
  }

  /** Links with their regions, of one region or of all regions. */
  listAll(region?: string): (VpcLinkView & { region: string })[] {
    const now = Date.now();
    this.collectGone(now);
    return [...this.links.values()].filter((l) => !region || l.region === region).map((l) => ({ ...view(l, now), region: l.region }));
  }

  rename(region: string, id: string, name: string | undefined): VpcLinkView {
    const record = this.record(region, id);
    if (name !== undefined) {
      if (name.length < 1 || name.length > 128) throw badRequest("Invalid VPC link name: it must be 1 to 128 characters");
      if (record.goneAt !== undefined) throw badRequest(`VPC link ${id} is being deleted`);
      record.name = name;
    }
    return view(record, Date.now());
  }

  delete(region: string, id: string): void {
    const record = this.record(region, id);
    const refs = this.references.get(key(region, id));
    if (refs?.size) {
      throw badRequest(
        `Cannot delete vpc link. Vpc link '${id}', is referenced in [${[...refs].join(", ")}] in format of [Method:Resource].`,
      );
    }
    const restRefs = this.referencesFrom(region, id);
    if (restRefs.length) {
      throw badRequest(
        `Cannot delete vpc link. Vpc link '${id}', is referenced in [${restRefs.join(", ")}] in format of [RESTApiId:Method:Resource:Stage].`,
      );
    }
    record.goneAt ??= Date.now() + this.timings().deleteMs;
  }

  tag(arn: string, tags: Record<string, string>): void {
    const record = this.byArn(arn);
    const merged = { ...record.tags, ...validateTags(tags) };
    if (Object.keys(merged).length > MAX_TAGS) throw badRequest(`Too many tags: at most ${MAX_TAGS} per resource`);
    record.tags = merged;
  }

  untag(arn: string, keys: string[]): void {
    const record = this.byArn(arn);
    for (const k of keys) delete record.tags[k];
  }

  tagsOf(arn: string): Record<string, string> {
    return { ...this.byArn(arn).tags };
  }

  setInactive(region: string, id: string, inactive: boolean): void {
    const record = this.record(region, id);
    if (!inactive && record.inactive) record.settledAt = Date.now() + this.timings().provisionMs;
    record.inactive = inactive;
  }

  /** The network interfaces of the region's links: those of live links, and the lingering ones of deleted links. */
  interfaceHolds(region: string, now = Date.now()): InterfaceHold[] {
    this.collectGone(now);
    const live = [...this.links.values()]
      // An INACTIVE link has no interfaces: API Gateway deleted them.
      .filter((l) => l.region === region && !(l.inactive && now >= l.settledAt))
      .map((l) => ({ subnetIds: l.subnetIds, groupIds: l.securityGroupIds, until: Infinity }));
    this.released = this.released.filter((h) => h.until > now);
    return [...live, ...this.released.filter((h) => h.region === region)];
  }

  private byArn(arn: string): VpcLinkRecord {
    const match = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::\/vpclinks\/([a-z0-9]+)$/.exec(arn);
    if (!match) throw notFound(`Invalid resource ARN: ${arn}`, "Tags");
    return this.record(match[1], match[2]);
  }

  private record(region: string, id: string): VpcLinkRecord {
    this.collectGone(Date.now());
    const record = this.links.get(key(region, id));
    if (!record) throw notFound(`Unable to find VpcLink with id '${id}'`, "VpcLink");
    return record;
  }

  private collectGone(now: number): void {
    for (const [k, l] of this.links) {
      if (l.goneAt !== undefined && now >= l.goneAt) {
        // Assumed(vpc-link-interfaces-linger): a deleted link's interfaces hold its subnets and groups for releaseMs more.
        this.released.push({
          region: l.region,
          subnetIds: l.subnetIds,
          groupIds: l.securityGroupIds,
          until: l.goneAt + this.timings().releaseMs,
        });
        this.links.delete(k);
        this.references.delete(k);
      }
    }
  }
}

export const vpcLinkKey = (region: string, id: string) => key(region, id);
const key = (region: string, id: string) => `${region}/${id}`;

function status(l: VpcLinkRecord, now: number): { status: VpcLinkStatus; message: string } {
  if (l.goneAt !== undefined) return { status: "DELETING", message: "VPC link is being deleted" };
  if (now < l.settledAt) return { status: "PENDING", message: "VPC link is provisioning ENIs" };
  if (l.failure) return { status: "FAILED", message: l.failure };
  if (l.inactive)
    return { status: "INACTIVE", message: "VPC link is inactive: no traffic for 60 days, its network interfaces were deleted" };
  return { status: "AVAILABLE", message: "VPC link is ready to route traffic" };
}

function view(l: VpcLinkRecord, now: number): VpcLinkView {
  const s = status(l, now);
  return {
    vpcLinkId: l.id,
    name: l.name,
    subnetIds: [...l.subnetIds],
    securityGroupIds: [...l.securityGroupIds],
    tags: { ...l.tags },
    createdDate: new Date(l.createdAt).toISOString(),
    vpcLinkStatus: s.status,
    vpcLinkStatusMessage: s.message,
    vpcLinkVersion: "V2",
  };
}

function validateTags(tags: Record<string, string>): Record<string, string> {
  for (const [k, v] of Object.entries(tags)) {
    if (k.length < 1 || k.length > 128) throw badRequest(`Invalid tag key '${k}': it must be 1 to 128 characters`);
    if (k.toLowerCase().startsWith("aws:")) throw badRequest(`Invalid tag key '${k}': the aws: prefix is reserved`);
    if (typeof v !== "string" || v.length > 256) throw badRequest(`Invalid tag value for '${k}': at most 256 characters`);
  }
  return { ...tags };
}
