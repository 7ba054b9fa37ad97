/**
 * EC2's query protocol for the access side (local/ec2Access.ts): security-group rules,
 * ModifyVpcEndpoint and DescribeTags, and the XML of a group's rules and an endpoint's policy.
 */
import { authorize, describeTags, modifyVpcEndpoint, parsePermissions, revoke } from "./ec2Access";
import type { Ec2Model } from "./ec2";
import { bool, filters, maps, page, paged, set, str, strings, x, type QueryMap } from "./ec2Query";
import type { Ec2Scope, SecurityGroupRecord, SecurityGroupRule, VpcEndpointRecord } from "./ec2Records";

/** `IpPermissions.N` (or the flat legacy parameters) as rules. */
function permissions(q: QueryMap): SecurityGroupRule[] {
  const given = maps(q, "IpPermissions").map((p) => ({
    ipProtocol: str(p, "IpProtocol"),
    fromPort: str(p, "FromPort"),
    toPort: str(p, "ToPort"),
    cidrIps: maps(p, "IpRanges").map((r) => str(r, "CidrIp") ?? ""),
    cidrIpv6s: maps(p, "Ipv6Ranges").map((r) => str(r, "CidrIpv6") ?? ""),
    // The SDK serializes UserIdGroupPairs under its XML name, Groups.
    groupIds: [...maps(p, "Groups"), ...maps(p, "UserIdGroupPairs")].map((r) => str(r, "GroupId") ?? ""),
  }));
  if (given.length === 0 && str(q, "IpProtocol") !== undefined) {
    const cidr = str(q, "CidrIp");
    const source = str(q, "SourceSecurityGroupId");
    given.push({
      ipProtocol: str(q, "IpProtocol"),
      fromPort: str(q, "FromPort"),
      toPort: str(q, "ToPort"),
      cidrIps: cidr ? [cidr] : [],
      cidrIpv6s: [],
      groupIds: source ? [source] : [],
    });
  }
  return parsePermissions(given);
}

type Handler = (model: Ec2Model, scope: Ec2Scope, q: QueryMap) => string;

const rulesChange =
  (change: typeof authorize, direction: "ingress" | "egress"): Handler =>
  (model, scope, q) => {
    change(model, scope, direction, str(q, "GroupId"), permissions(q));
    return x("return", true);
  };

/** The actions of the access side, merged into local/ec2Wire.ts's table. */
export const ACCESS_HANDLERS: Record<string, Handler> = {
  AuthorizeSecurityGroupIngress: rulesChange(authorize, "ingress"),
  AuthorizeSecurityGroupEgress: rulesChange(authorize, "egress"),
  RevokeSecurityGroupIngress: rulesChange(revoke, "ingress"),
  RevokeSecurityGroupEgress: rulesChange(revoke, "egress"),
  ModifyVpcEndpoint: (model, scope, q) => {
    modifyVpcEndpoint(model, scope, {
      vpcEndpointId: str(q, "VpcEndpointId"),
      policyDocument: str(q, "PolicyDocument"),
      resetPolicy: bool(q, "ResetPolicy"),
      privateDnsEnabled: bool(q, "PrivateDnsEnabled"),
      addSecurityGroupIds: strings(q, "AddSecurityGroupId"),
      removeSecurityGroupIds: strings(q, "RemoveSecurityGroupId"),
    });
    return x("return", true);
  },
  DescribeTags: (model, scope, q) =>
    paged(
      "tagSet",
      page(
        describeTags(model, scope, filters(q)).map((t) => [
          x("resourceId", t.resourceId),
          x("resourceType", t.resourceType),
          x("key", t.key),
          x("value", t.value),
        ]),
        q,
      ),
    ),
};

/** `ipPermissions` and `ipPermissionsEgress` of a group: rules grouped by protocol and ports, as EC2 lists them. */
export function groupRulesXml(g: SecurityGroupRecord): string {
  const xml = (rules: SecurityGroupRule[]) => {
    const byRange = new Map<string, SecurityGroupRule[]>();
    for (const r of rules) {
      const k = `${r.ipProtocol}/${r.fromPort ?? ""}/${r.toPort ?? ""}`;
      byRange.set(k, [...(byRange.get(k) ?? []), r]);
    }
    return [...byRange.values()].map((rs) => [
      x("ipProtocol", rs[0].ipProtocol),
      x("fromPort", rs[0].fromPort),
      x("toPort", rs[0].toPort),
      set(
        "groups",
        rs.filter((r) => r.groupId).map((r) => [x("userId", g.ownerId), x("groupId", r.groupId)]),
      ),
      set(
        "ipRanges",
        rs.filter((r) => r.cidrIp).map((r) => [x("cidrIp", r.cidrIp)]),
      ),
      set(
        "ipv6Ranges",
        rs.filter((r) => r.cidrIpv6).map((r) => [x("cidrIpv6", r.cidrIpv6)]),
      ),
      x("prefixListIds", []),
    ]);
  };
  return set("ipPermissions", xml(g.ingress)) + set("ipPermissionsEgress", xml(g.egress));
}

/** The endpoint's `policyDocument` element. */
export const endpointPolicyXml = (e: VpcEndpointRecord) => x("policyDocument", e.policyDocument);
