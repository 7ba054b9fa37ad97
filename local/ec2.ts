/**
 * The EC2 model of the sandbox: VPCs, subnets, security groups and interface VPC endpoints, per
 * account and region, with tags, filters and the dependency rules that order a teardown. An
 * endpoint's state is derived from timestamps when read (pending -> available, deleting -> gone),
 * so the model needs no timers. Records and helpers: local/ec2Records.ts; wire: local/ec2Wire.ts.
 */
import { defaultEgress, defaultGroupIngress, validEndpointPolicy } from "./ec2Access";
import { randomAwsId, randomId } from "./ids";
import {
  dependency,
  Ec2Error,
  find,
  ID,
  missing,
  overlaps,
  owned,
  parseCidr,
  assertServiceZones,
  subnetZone,
  select,
  subnetFields,
  groupFields,
  vpcFields,
  within,
  type Ec2Filter,
  type Ec2Scope,
  type Ec2Tag,
  type Ec2Timings,
  type InterfaceHold,
  type Owned,
  type SecurityGroupRecord,
  type SubnetRecord,
  type VpcEndpointInput,
  type VpcEndpointRecord,
  type VpcEndpointState,
  type VpcRecord,
} from "./ec2Records";

export * from "./ec2Records";

/** The records of one account and region. */
export interface Store {
  vpcs: Map<string, VpcRecord>;
  subnets: Map<string, SubnetRecord>;
  groups: Map<string, SecurityGroupRecord>;
  endpoints: Map<string, VpcEndpointRecord>;
  /** ClientToken -> the endpoint it created and the request it came with. */
  tokens: Map<string, { vpcEndpointId: string; request: string }>;
  /** The lingering interfaces of endpoints that are gone. */
  released: InterfaceHold[];
}

/** The EC2 resources of every account and region the sandbox has seen. */
export class Ec2Model {
  private readonly stores = new Map<string, Store>();

  /** Interfaces of other services in the account's subnets (the VPC links of local/vpcLinks.ts), set by the sandbox. */
  interfaceHolders: (scope: Ec2Scope) => InterfaceHold[] = () => [];

  constructor(private readonly timings: () => Ec2Timings) {}

  /** CreateVpc: the VPC and its default security group. */
  createVpc(scope: Ec2Scope, input: { cidrBlock?: string; tags: Record<string, string> }): VpcRecord {
    if (!input.cidrBlock) throw new Ec2Error("MissingParameter", "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
    const cidr = parseCidr("cidrBlock", input.cidrBlock);
    if (cidr.prefix < 16 || cidr.prefix > 28) throw new Ec2Error("InvalidVpcRange", `The CIDR '${input.cidrBlock}' is invalid.`);
    const store = this.store(scope);
    const vpc: VpcRecord = {
      ...owned(scope, input.tags),
      vpcId: randomAwsId("vpc"),
      cidrBlock: input.cidrBlock,
      cidrAssociationId: randomAwsId("vpc-cidr-assoc"),
      dhcpOptionsId: randomAwsId("dopt"),
      // AWS's defaults for a VPC that is not the default VPC.
      enableDnsSupport: true,
      enableDnsHostnames: false,
    };
    store.vpcs.set(vpc.vpcId, vpc);
    const group: SecurityGroupRecord = {
      ...owned(scope, {}),
      groupId: randomAwsId("sg"),
      groupName: "default",
      description: "default VPC security group",
      vpcId: vpc.vpcId,
      isDefault: true,
      ingress: [],
      egress: defaultEgress(),
    };
    group.ingress = defaultGroupIngress(group.groupId);
    store.groups.set(group.groupId, group);
    return vpc;
  }

  /** DescribeVpcs: every id must exist; then the filters narrow. */
  vpcs(scope: Ec2Scope, ids: string[], filters: Ec2Filter[]): VpcRecord[] {
    const store = this.store(scope);
    ids.forEach((id) => this.vpc(store, id));
    return select(store.vpcs, ids, filters, vpcFields);
  }

  /** DeleteVpc: refused while subnets, non-default groups or endpoints remain; the default group goes with it. */
  deleteVpc(scope: Ec2Scope, id?: string): void {
    if (!id) throw missing("vpcId");
    const store = this.store(scope);
    this.vpc(store, id);
    const users = [
      ...[...store.subnets.values()].filter((s) => s.vpcId === id),
      ...[...store.groups.values()].filter((g) => g.vpcId === id && !g.isDefault),
      ...this.liveEndpoints(store).filter((e) => e.vpcId === id),
    ];
    if (users.length > 0) throw dependency("vpc", id);
    store.vpcs.delete(id);
    for (const g of store.groups.values()) if (g.vpcId === id) store.groups.delete(g.groupId);
  }

  /** ModifyVpcAttribute: one DNS attribute per call. */
  modifyVpcAttribute(scope: Ec2Scope, id: string | undefined, attrs: { enableDnsSupport?: boolean; enableDnsHostnames?: boolean }): void {
    if (!id) throw missing("vpcId");
    const vpc = this.vpc(this.store(scope), id);
    const given = Object.entries(attrs).filter(([, v]) => v !== undefined);
    // Assumed(vpc-attribute-none-given): the wording without any attribute.
    if (given.length === 0) throw missing("EnableDnsSupport or EnableDnsHostnames");
    // Assumed(vpc-attribute-one-per-call): AWS takes exactly one attribute per call; the error for two is undocumented.
    if (given.length > 1)
      throw new Ec2Error(
        "InvalidParameterCombination",
        "Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames",
      );
    Object.assign(vpc, Object.fromEntries(given));
  }

  /** CreateSubnet: a block inside the VPC's, overlapping no other subnet, in one of the region's zones. */
  createSubnet(
    scope: Ec2Scope,
    input: { vpcId?: string; cidrBlock?: string; availabilityZone?: string; availabilityZoneId?: string; tags: Record<string, string> },
  ) {
    if (!input.vpcId) throw missing("vpcId");
    if (!input.cidrBlock) throw missing("cidrBlock");
    const store = this.store(scope);
    const vpc = this.vpc(store, input.vpcId);
    const cidr = parseCidr("cidrBlock", input.cidrBlock);
    const outer = parseCidr("cidrBlock", vpc.cidrBlock);
    if (cidr.prefix < 16 || cidr.prefix > 28 || cidr.prefix < outer.prefix || !within(cidr, outer))
      throw new Ec2Error("InvalidSubnet.Range", `The CIDR '${input.cidrBlock}' is invalid.`);
    for (const other of store.subnets.values())
      if (other.vpcId === vpc.vpcId && overlaps(cidr, parseCidr("cidrBlock", other.cidrBlock)))
        throw new Ec2Error("InvalidSubnet.Conflict", `The CIDR '${input.cidrBlock}' conflicts with another subnet`);
    const zone = subnetZone(scope.region, input.availabilityZone, input.availabilityZoneId);
    const subnet: SubnetRecord = {
      ...owned(scope, input.tags),
      subnetId: randomAwsId("subnet"),
      vpcId: vpc.vpcId,
      cidrBlock: input.cidrBlock,
      availabilityZone: zone.zoneName,
      availabilityZoneId: zone.zoneId,
    };
    store.subnets.set(subnet.subnetId, subnet);
    return subnet;
  }

  /** DescribeSubnets. */
  subnets(scope: Ec2Scope, ids: string[], filters: Ec2Filter[]): SubnetRecord[] {
    const store = this.store(scope);
    ids.forEach((id) => this.subnet(store, id));
    return select(store.subnets, ids, filters, subnetFields);
  }

  /** Free addresses: the block less AWS's five reserved ones and one per endpoint network interface. */
  availableIpCount(scope: Ec2Scope, subnet: SubnetRecord): number {
    const used = this.liveEndpoints(this.store(scope)).filter((e) => e.subnetIds.includes(subnet.subnetId)).length;
    return 2 ** (32 - parseCidr("cidrBlock", subnet.cidrBlock).prefix) - 5 - used;
  }

  /** DeleteSubnet: refused while an endpoint has a network interface in it. */
  deleteSubnet(scope: Ec2Scope, id?: string): void {
    if (!id) throw missing("subnetId");
    const store = this.store(scope);
    this.subnet(store, id);
    if (this.holds(store, scope).some((h) => h.subnetIds.includes(id))) throw dependency("subnet", id);
    store.subnets.delete(id);
  }

  /** CreateSecurityGroup: names are unique per VPC, and "default" is reserved. */
  createSecurityGroup(
    scope: Ec2Scope,
    input: { groupName?: string; description?: string; vpcId?: string; tags: Record<string, string> },
  ): SecurityGroupRecord {
    if (!input.groupName) throw missing("GroupName");
    if (!input.description) throw missing("GroupDescription");
    // Assumed(no-default-vpc): the sandbox has no default VPC, so a group needs VpcId.
    if (!input.vpcId) throw new Ec2Error("VPCIdNotSpecified", "No default VPC for this user");
    if (input.groupName === "default")
      throw new Ec2Error("InvalidGroup.Reserved", "The security group 'default' is reserved, and cannot be used to create a new group.");
    const store = this.store(scope);
    this.vpc(store, input.vpcId);
    if ([...store.groups.values()].some((g) => g.vpcId === input.vpcId && g.groupName === input.groupName))
      throw new Ec2Error("InvalidGroup.Duplicate", `The security group '${input.groupName}' already exists for VPC '${input.vpcId}'`);
    const group: SecurityGroupRecord = {
      ...owned(scope, input.tags),
      groupId: randomAwsId("sg"),
      groupName: input.groupName,
      description: input.description,
      vpcId: input.vpcId,
      isDefault: false,
      ingress: [],
      egress: defaultEgress(),
    };
    store.groups.set(group.groupId, group);
    return group;
  }

  /** DescribeSecurityGroups. */
  securityGroups(scope: Ec2Scope, ids: string[], names: string[], filters: Ec2Filter[]): SecurityGroupRecord[] {
    const store = this.store(scope);
    ids.forEach((id) => this.group(store, id));
    // Assumed(group-names-any-vpc): GroupNames (meant for the default VPC) matches names in any VPC, as the sandbox has no default VPC.
    const named = names.length ? [{ name: "group-name", values: names }] : [];
    return select(store.groups, ids, [...filters, ...named], groupFields);
  }

  /** DeleteSecurityGroup by id: refused for the default group and while an endpoint uses the group. */
  deleteSecurityGroup(scope: Ec2Scope, id?: string, name?: string): void {
    if (!id && name) throw new Ec2Error("InvalidGroup.NotFound", `The security group '${name}' does not exist in default VPC 'none'`);
    if (!id) throw new Ec2Error("MissingParameter", "The request must contain the parameter groupName or groupId");
    const store = this.store(scope);
    const group = this.group(store, id);
    if (group.isDefault) throw new Ec2Error("CannotDelete", `the specified group: "${id}" name: "default" cannot be deleted by a user`);
    if (this.holds(store, scope).some((h) => h.groupIds.includes(id)))
      throw new Ec2Error("DependencyViolation", `resource ${id} has a dependent object`);
    store.groups.delete(id);
  }

  /** CreateVpcEndpoint: an Interface endpoint to execute-api, `pending` for the provisioning delay. */
  createVpcEndpoint(scope: Ec2Scope, input: VpcEndpointInput): { endpoint: VpcEndpointRecord; clientToken?: string } {
    const store = this.store(scope);
    const request = JSON.stringify({ ...input, clientToken: undefined });
    const earlier = input.clientToken ? store.tokens.get(input.clientToken) : undefined;
    if (earlier) {
      const endpoint = this.liveEndpoints(store).find((e) => e.vpcEndpointId === earlier.vpcEndpointId);
      // Assumed(client-token-deleted-endpoint): a token whose endpoint is gone is refused like one with other parameters, as EC2's message says.
      if (earlier.request !== request || !endpoint)
        throw new Ec2Error(
          "IdempotentParameterMismatch",
          "The client token you have provided is associated with a resource that is already deleted or has different parameters. Please use a different client token.",
        );
      return { endpoint, clientToken: input.clientToken };
    }
    if (!input.vpcId) throw missing("VpcId");
    if (!input.serviceName) throw missing("ServiceName");
    const vpc = this.vpc(store, input.vpcId);
    // Assumed(endpoint-interface-only): the sandbox offers only Interface endpoints to execute-api, the one service it emulates.
    if ((input.vpcEndpointType ?? "Gateway") !== "Interface")
      throw new Ec2Error(
        "InvalidParameter",
        `Endpoint type (${input.vpcEndpointType ?? "Gateway"}) does not match available service types ([Interface]).`,
      );
    if (input.serviceName !== `com.amazonaws.${scope.region}.execute-api`)
      throw new Ec2Error("InvalidServiceName", `The Vpc Endpoint Service '${input.serviceName}' does not exist`);
    if (input.subnetIds.length === 0) throw missing("SubnetId");
    // Assumed(endpoint-unknown-ids): unknown ids answer as in RunInstances (InvalidSubnetID.NotFound, InvalidGroup.NotFound).
    const subnets = input.subnetIds.map((id) => this.subnet(store, id));
    // Assumed(endpoint-foreign-ids): a subnet or group of another VPC answers InvalidParameter.
    for (const s of subnets)
      if (s.vpcId !== vpc.vpcId)
        throw new Ec2Error("InvalidParameter", `The subnet ID '${s.subnetId}' does not belong to VPC '${vpc.vpcId}'`);
    // Assumed(duplicate-subnets-wording): the message of DuplicateSubnetsInSameZone (the code is documented).
    if (new Set(subnets.map((s) => s.availabilityZone)).size !== subnets.length)
      throw new Ec2Error(
        "DuplicateSubnetsInSameZone",
        "Found another VPC endpoint subnet in the availability zone of " + subnets[0].subnetId,
      );
    assertServiceZones(scope.region, input.serviceName, subnets);
    const groups = input.securityGroupIds.length
      ? input.securityGroupIds.map((id) => this.group(store, id))
      : [...store.groups.values()].filter((g) => g.vpcId === vpc.vpcId && g.isDefault);
    for (const g of groups)
      if (g.vpcId !== vpc.vpcId)
        throw new Ec2Error("InvalidParameter", `The security group '${g.groupId}' does not belong to VPC '${vpc.vpcId}'`);
    const privateDnsEnabled = input.privateDnsEnabled ?? true;
    if (privateDnsEnabled && !(vpc.enableDnsSupport && vpc.enableDnsHostnames))
      throw new Ec2Error(
        "InvalidParameter",
        `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpc.vpcId}`,
      );
    const now = Date.now();
    const endpoint: VpcEndpointRecord = {
      ...owned(scope, input.tags),
      vpcEndpointId: randomAwsId("vpce"),
      vpcId: vpc.vpcId,
      serviceName: input.serviceName,
      subnetIds: subnets.map((s) => s.subnetId),
      groupIds: groups.map((g) => g.groupId),
      networkInterfaceIds: subnets.map(() => randomAwsId("eni")),
      privateDnsEnabled,
      dnsSuffix: randomId(8),
      policyDocument: validEndpointPolicy(input.policyDocument),
      createdAt: now,
      availableAt: now + this.timings().provisionMs,
    };
    store.endpoints.set(endpoint.vpcEndpointId, endpoint);
    if (input.clientToken) store.tokens.set(input.clientToken, { vpcEndpointId: endpoint.vpcEndpointId, request });
    return { endpoint, clientToken: input.clientToken };
  }

  /** The endpoint's state at `now`. */
  stateOf(endpoint: VpcEndpointRecord, now = Date.now()): VpcEndpointState {
    if (endpoint.goneAt !== undefined) return "deleting";
    return now < endpoint.availableAt ? "pending" : "available";
  }

  /** DescribeVpcEndpoints: endpoints not yet gone. */
  vpcEndpoints(scope: Ec2Scope, ids: string[], filters: Ec2Filter[]): VpcEndpointRecord[] {
    const store = this.store(scope);
    ids.forEach((id) => this.endpoint(store, id));
    this.liveEndpoints(store);
    return select(store.endpoints, ids, filters, (e) => ({
      "vpc-endpoint-id": [e.vpcEndpointId],
      "vpc-id": [e.vpcId],
      "service-name": [e.serviceName],
      "vpc-endpoint-state": [this.stateOf(e)],
      "vpc-endpoint-type": ["Interface"],
    }));
  }

  /** Starts deleting each endpoint; the ids that are unknown come back as AWS's unsuccessful items. */
  deleteVpcEndpoints(scope: Ec2Scope, ids: string[]): { resourceId: string; code: string; message: string }[] {
    if (ids.length === 0) throw missing("VpcEndpointId");
    const store = this.store(scope);
    const unsuccessful: { resourceId: string; code: string; message: string }[] = [];
    const now = Date.now();
    for (const id of ids) {
      const endpoint = this.liveEndpoints(store).find((e) => e.vpcEndpointId === id);
      if (!endpoint)
        unsuccessful.push({ resourceId: id, code: "InvalidVpcEndpoint.NotFound", message: `The VpcEndpoint Id '${id}' does not exist` });
      else endpoint.goneAt ??= now + this.timings().deleteMs;
    }
    return unsuccessful;
  }

  /** CreateTags: every id must exist before any is tagged. */
  createTags(scope: Ec2Scope, ids: string[], tags: Ec2Tag[]): void {
    if (ids.length === 0) throw missing("resourceIdSet");
    if (tags.length === 0) throw missing("tagSet");
    const targets = ids.map((id) => this.taggable(scope, id));
    for (const t of targets) for (const tag of tags) t.tags[tag.key] = tag.value ?? "";
  }

  /** DeleteTags: a tag given with a value goes only if the value matches; no tags at all removes every tag. */
  deleteTags(scope: Ec2Scope, ids: string[], tags: Ec2Tag[]): void {
    if (ids.length === 0) throw missing("resourceIdSet");
    const targets = ids.map((id) => this.taggable(scope, id));
    for (const t of targets) {
      for (const key of Object.keys(t.tags))
        if (tags.length === 0 || tags.some((tag) => tag.key === key && (tag.value === undefined || tag.value === t.tags[key])))
          delete t.tags[key];
    }
  }

  /** Everything held, for the control API's state(). */
  all(region?: string) {
    const stores = [...this.stores.entries()].filter(([k]) => !region || k.endsWith(`/${region}`)).map(([, s]) => s);
    const now = Date.now();
    return {
      vpcs: stores.flatMap((s) => [...s.vpcs.values()]),
      subnets: stores.flatMap((s) => [...s.subnets.values()]),
      securityGroups: stores.flatMap((s) => [...s.groups.values()]),
      vpcEndpoints: stores.flatMap((s) => this.liveEndpoints(s).map((e) => ({ ...e, state: this.stateOf(e, now) }))),
    };
  }

  /** The records of one account and region, for the access rules (local/ec2Access.ts). */
  records(scope: Ec2Scope): Store {
    this.liveEndpoints(this.store(scope));
    return this.store(scope);
  }

  private store(scope: Ec2Scope): Store {
    const key = `${scope.accountId}/${scope.region}`;
    let store = this.stores.get(key);
    if (!store) {
      store = { vpcs: new Map(), subnets: new Map(), groups: new Map(), endpoints: new Map(), tokens: new Map(), released: [] };
      this.stores.set(key, store);
    }
    return store;
  }

  /** Endpoints not yet gone; the gone ones are dropped here, lazily, leaving their interfaces behind for a while. */
  private liveEndpoints(store: Store, now = Date.now()): VpcEndpointRecord[] {
    for (const e of store.endpoints.values())
      if (e.goneAt !== undefined && now >= e.goneAt) {
        store.endpoints.delete(e.vpcEndpointId);
        // Assumed(endpoint-interfaces-linger): a gone endpoint's interfaces hold its subnets and groups for releaseMs more.
        store.released.push({ subnetIds: e.subnetIds, groupIds: e.groupIds, until: e.goneAt + this.timings().releaseMs });
      }
    return [...store.endpoints.values()];
  }

  /** What holds subnets and groups now: live endpoints, the lingering interfaces of gone ones, and other services' interfaces. */
  private holds(store: Store, scope: Ec2Scope, now = Date.now()): InterfaceHold[] {
    const live = this.liveEndpoints(store, now).map((e) => ({ subnetIds: e.subnetIds, groupIds: e.groupIds, until: Infinity }));
    store.released = store.released.filter((h) => h.until > now);
    return [...live, ...store.released, ...this.interfaceHolders(scope).filter((h) => h.until > now)];
  }

  private vpc = (store: Store, id: string) => find(store.vpcs, id, "vpc");
  private subnet = (store: Store, id: string) => find(store.subnets, id, "subnet");
  private group = (store: Store, id: string) => find(store.groups, id, "sg");
  private endpoint = (store: Store, id: string) => {
    this.liveEndpoints(store);
    return find(store.endpoints, id, "vpce");
  };

  private taggable(scope: Ec2Scope, id: string): Owned {
    const store = this.store(scope);
    const kind = (Object.keys(ID) as (keyof typeof ID)[]).find((k) => ID[k].test(id));
    if (kind === "vpc") return this.vpc(store, id);
    if (kind === "subnet") return this.subnet(store, id);
    if (kind === "sg") return this.group(store, id);
    if (kind === "vpce") return this.endpoint(store, id);
    throw new Ec2Error("InvalidID", `The ID '${id}' is not valid`);
  }
}
