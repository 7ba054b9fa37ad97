/**
 * The EC2 side of who may reach a private API: security-group rules (authorize, revoke, and
 * whether a caller is admitted on a port), the VPC endpoint's policy (ModifyVpcEndpoint) and
 * DescribeTags. Works on the records of local/ec2.ts.
 */
import { isIP } from "node:net";
import { admitsOnTcp, DEFAULT_ENDPOINT_POLICY, parsePolicy, PolicyDocumentError, type Caller } from "../provider/accessPolicy";
import type { Ec2Model } from "./ec2";
import {
  Ec2Error,
  ID,
  invalidValue,
  missing,
  type Ec2Filter,
  type Ec2Scope,
  type SecurityGroupRecord,
  type SecurityGroupRule,
  type VpcEndpointRecord,
} from "./ec2Records";

/** AWS's outbound rule of every new group: all traffic to anywhere. */
export const defaultEgress = (): SecurityGroupRule[] => [{ ipProtocol: "-1", cidrIp: "0.0.0.0/0" }];
/** AWS's inbound rule of a VPC's default group: all traffic from members of the group. */
export const defaultGroupIngress = (groupId: string): SecurityGroupRule[] => [{ ipProtocol: "-1", groupId }];

/** The JSON of EC2's default (full access) endpoint policy. */
export const DEFAULT_ENDPOINT_POLICY_JSON = JSON.stringify(DEFAULT_ENDPOINT_POLICY);

/**
 * An endpoint policy as given, after EC2's check that it is a policy document.
 * Assumed(endpoint-policy-malformed): the code and wording EC2 uses for a malformed endpoint policy.
 */
export function validEndpointPolicy(policy: string | undefined): string {
  if (policy === undefined) return DEFAULT_ENDPOINT_POLICY_JSON;
  try {
    parsePolicy(policy);
  } catch (e) {
    if (e instanceof PolicyDocumentError) throw new Ec2Error("MalformedPolicyDocument", `The policy document is malformed: ${e.message}`);
    throw e;
  }
  return policy;
}

const PROTOCOLS: Record<string, string> = {
  tcp: "tcp",
  "6": "tcp",
  udp: "udp",
  "17": "udp",
  icmp: "icmp",
  "1": "icmp",
  "-1": "-1",
  all: "-1",
};

/** The rules of `IpPermissions.N`, one per source, in EC2's words for what is wrong. */
export function parsePermissions(
  permissions: { ipProtocol?: string; fromPort?: string; toPort?: string; cidrIps: string[]; cidrIpv6s: string[]; groupIds: string[] }[],
): SecurityGroupRule[] {
  if (permissions.length === 0) throw missing("IpPermissions");
  return permissions.flatMap((p) => {
    const ipProtocol = PROTOCOLS[(p.ipProtocol ?? "").toLowerCase()];
    if (!ipProtocol) throw invalidValue("IpProtocol", p.ipProtocol ?? "", "Valid values are tcp, udp, icmp, -1 or a protocol number.");
    const ports: Pick<SecurityGroupRule, "fromPort" | "toPort"> = {};
    if (ipProtocol === "tcp" || ipProtocol === "udp") {
      const from = Number(p.fromPort);
      const to = Number(p.toPort);
      // Assumed(security-group-port-rules): the wording for missing or reversed TCP/UDP ports.
      if (p.fromPort === undefined || p.toPort === undefined || !Number.isInteger(from) || !Number.isInteger(to))
        throw new Ec2Error("InvalidParameterValue", "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
      if (from < 0 || to > 65535 || from > to)
        throw new Ec2Error("InvalidParameterValue", `Invalid TCP/UDP port range: from port ${from}, to port ${to}.`);
      Object.assign(ports, { fromPort: from, toPort: to });
    }
    for (const c of p.cidrIps)
      if (isIP(c.split("/")[0]) !== 4 || !/\/\d{1,2}$/.test(c)) throw invalidValue("CidrIp", c, "CIDR block is malformed.");
    for (const c of p.cidrIpv6s)
      if (isIP(c.split("/")[0]) !== 6 || !/\/\d{1,3}$/.test(c)) throw invalidValue("CidrIpv6", c, "CIDR block is malformed.");
    for (const g of p.groupIds) if (!ID.sg.test(g)) throw new Ec2Error("InvalidGroupId.Malformed", `Invalid id: "${g}"`);
    const sources = [
      ...p.cidrIps.map((cidrIp) => ({ cidrIp })),
      ...p.cidrIpv6s.map((cidrIpv6) => ({ cidrIpv6 })),
      ...p.groupIds.map((groupId) => ({ groupId })),
    ];
    // Assumed(security-group-rule-needs-source): a permission without a source is refused.
    if (sources.length === 0) throw missing("IpRanges, Ipv6Ranges or UserIdGroupPairs");
    return sources.map((source) => ({ ipProtocol, ...ports, ...source }));
  });
}

const sameRule = (a: SecurityGroupRule, b: SecurityGroupRule) =>
  a.ipProtocol === b.ipProtocol &&
  a.fromPort === b.fromPort &&
  a.toPort === b.toPort &&
  a.cidrIp === b.cidrIp &&
  a.cidrIpv6 === b.cidrIpv6 &&
  a.groupId === b.groupId;

const describeRule = (r: SecurityGroupRule) =>
  `peer: ${r.cidrIp ?? r.cidrIpv6 ?? r.groupId}, ${r.ipProtocol === "-1" ? "ALL" : r.ipProtocol.toUpperCase()}, from port: ${r.fromPort ?? "-1"}, to port: ${r.toPort ?? "-1"}, ALLOW`;

/** The group of this scope, NotFound as EC2 says it. */
function group(model: Ec2Model, scope: Ec2Scope, groupId: string | undefined): SecurityGroupRecord {
  if (!groupId) throw missing("GroupId");
  return model.securityGroups(scope, [groupId], [], [])[0];
}

/** AuthorizeSecurityGroupIngress/Egress: all rules are added, or none (a duplicate refuses the call). */
export function authorize(
  model: Ec2Model,
  scope: Ec2Scope,
  direction: "ingress" | "egress",
  groupId: string | undefined,
  rules: SecurityGroupRule[],
) {
  const g = group(model, scope, groupId);
  for (const r of rules) {
    if (r.groupId) group(model, scope, r.groupId);
    if (g[direction].some((existing) => sameRule(existing, r)))
      throw new Ec2Error("InvalidPermission.Duplicate", `the specified rule "${describeRule(r)}" already exists`);
  }
  g[direction].push(...rules);
}

/** RevokeSecurityGroupIngress/Egress: every rule must exist. */
export function revoke(
  model: Ec2Model,
  scope: Ec2Scope,
  direction: "ingress" | "egress",
  groupId: string | undefined,
  rules: SecurityGroupRule[],
) {
  const g = group(model, scope, groupId);
  // Assumed(revoke-unknown-rule): revoking a rule the group does not have answers InvalidPermission.NotFound.
  for (const r of rules)
    if (!g[direction].some((existing) => sameRule(existing, r)))
      throw new Ec2Error("InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
  g[direction] = g[direction].filter((existing) => !rules.some((r) => sameRule(existing, r)));
}

/** Whether any of the groups admits the caller on TCP `port` (provider/accessPolicy's rule, shared with the doctor). */
export function admits(groups: SecurityGroupRecord[], caller: Caller, port: number): boolean {
  return admitsOnTcp(
    groups.flatMap((g) => g.ingress),
    caller,
    port,
  );
}

/** What ModifyVpcEndpoint takes here (AWS's other parameters are not emulated). */
export interface ModifyVpcEndpointInput {
  vpcEndpointId?: string;
  policyDocument?: string;
  resetPolicy?: boolean;
  privateDnsEnabled?: boolean;
  addSecurityGroupIds: string[];
  removeSecurityGroupIds: string[];
}

/** ModifyVpcEndpoint: the policy (or its reset), private DNS and the security groups, checked before any change. */
export function modifyVpcEndpoint(model: Ec2Model, scope: Ec2Scope, input: ModifyVpcEndpointInput): void {
  if (!input.vpcEndpointId) throw missing("VpcEndpointId");
  const endpoint: VpcEndpointRecord = model.vpcEndpoints(scope, [input.vpcEndpointId], [])[0];
  if (input.resetPolicy && input.policyDocument !== undefined)
    throw new Ec2Error("InvalidParameterCombination", "The parameter PolicyDocument cannot be used with the parameter ResetPolicy");
  const policy = input.policyDocument !== undefined ? validEndpointPolicy(input.policyDocument) : undefined;
  const added = input.addSecurityGroupIds.map((id) => group(model, scope, id));
  for (const g of added)
    if (g.vpcId !== endpoint.vpcId)
      throw new Ec2Error("InvalidParameter", `The security group '${g.groupId}' does not belong to VPC '${endpoint.vpcId}'`);
  for (const id of input.removeSecurityGroupIds)
    if (!endpoint.groupIds.includes(id))
      throw new Ec2Error("InvalidGroup.NotFound", `The security group '${id}' is not associated with the endpoint`);
  const groupIds = [
    ...new Set([...endpoint.groupIds.filter((id) => !input.removeSecurityGroupIds.includes(id)), ...added.map((g) => g.groupId)]),
  ];
  // Assumed(endpoint-needs-a-group): an interface endpoint keeps at least one security group.
  if (groupIds.length === 0) throw new Ec2Error("InvalidParameter", "An interface endpoint must have at least one security group");
  if (input.privateDnsEnabled === true) {
    const vpc = model.vpcs(scope, [endpoint.vpcId], [])[0];
    if (!(vpc.enableDnsSupport && vpc.enableDnsHostnames))
      throw new Ec2Error(
        "InvalidParameter",
        `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpc.vpcId}`,
      );
  }
  if (policy !== undefined) endpoint.policyDocument = policy;
  if (input.resetPolicy) endpoint.policyDocument = DEFAULT_ENDPOINT_POLICY_JSON;
  if (input.privateDnsEnabled !== undefined) endpoint.privateDnsEnabled = input.privateDnsEnabled;
  endpoint.groupIds = groupIds;
}

/** One row of DescribeTags. */
export interface TagDescription {
  resourceId: string;
  resourceType: string;
  key: string;
  value: string;
}

const FILTERS = ["resource-id", "resource-type", "key", "value"];

/** DescribeTags: every tag of the scope's records, narrowed by filters (resource-id, resource-type, key, value). */
export function describeTags(model: Ec2Model, scope: Ec2Scope, filters: Ec2Filter[]): TagDescription[] {
  for (const f of filters) if (!FILTERS.includes(f.name)) throw new Ec2Error("InvalidParameterValue", `The filter '${f.name}' is invalid`);
  const store = model.records(scope);
  const kinds: [string, Iterable<{ tags: Record<string, string> }>, (r: never) => string][] = [
    ["vpc", store.vpcs.values(), (r: { vpcId: string }) => r.vpcId],
    ["subnet", store.subnets.values(), (r: { subnetId: string }) => r.subnetId],
    ["security-group", store.groups.values(), (r: { groupId: string }) => r.groupId],
    ["vpc-endpoint", store.endpoints.values(), (r: { vpcEndpointId: string }) => r.vpcEndpointId],
  ];
  const rows: TagDescription[] = [];
  for (const [resourceType, records, idOf] of kinds)
    for (const r of records)
      for (const [key, value] of Object.entries(r.tags)) rows.push({ resourceId: idOf(r as never), resourceType, key, value });
  const field = (row: TagDescription, name: string) =>
    name === "resource-id" ? row.resourceId : name === "resource-type" ? row.resourceType : name === "key" ? row.key : row.value;
  return rows.filter((row) => filters.every((f) => f.values.some((v) => glob(v).test(field(row, f.name)))));
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
