/**
 * The sandbox's EC2 model, its networks: VPCs, subnets and security groups, with the rules AWS
 * applies to their blocks, zones, names and dependencies. Endpoints: local/ec2.ts.
 */
import { defaultEgress, defaultGroupIngress } from "./ec2Access";
import { randomAwsId } from "./ids";
import {
  dependency,
  Ec2Error,
  missing,
  overlaps,
  owned,
  parseCidr,
  subnetZone,
  select,
  subnetFields,
  groupFields,
  vpcFields,
  within,
  type Ec2Filter,
  type Ec2Scope,
  type SecurityGroupRecord,
  type SubnetRecord,
  type VpcRecord,
} from "./ec2Records";
import { Ec2Stores } from "./ec2Stores";

/** VPCs, subnets and security groups. */
export abstract class Ec2Network extends Ec2Stores {
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
}
