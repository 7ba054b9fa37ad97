/**
 * The EC2 side of access through the real @aws-sdk/client-ec2: security-group rules
 * (AuthorizeSecurityGroupIngress/Egress, RevokeSecurityGroupIngress/Egress, IpPermissions in
 * DescribeSecurityGroups, AWS's default rules), the endpoint's PolicyDocument and
 * ModifyVpcEndpoint (policy, ResetPolicy, PrivateDnsEnabled, security groups), and DescribeTags.
 */
import assert from "node:assert/strict";
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeSecurityGroupsCommand,
  DescribeTagsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import { endpointNetwork, type EndpointNetwork } from "../../support/invoke";
import { ec2RejectsWith, FAST, useSandbox } from "../../support/sandbox";

const ec2 = () => new EC2Client({ region: "us-east-1", maxAttempts: 1 });
const group = async (id: string) => (await ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups?.[0];
const endpoint = async (id: string) => (await ec2().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints?.[0];
const FULL_ACCESS = { Statement: [{ Action: "*", Effect: "Allow", Principal: "*", Resource: "*" }] };

describe("sandbox EC2: security-group rules, endpoint policies and DescribeTags", () => {
  useSandbox(FAST);
  let n: EndpointNetwork;

  before(async () => {
    n = await endpointNetwork({ octet: 7, admitVpc: false });
  });

  it("gives a new group AWS's default rules: all outbound, no inbound; the default group admits its members", async () => {
    const g = await group(n.groupId);
    assert.deepEqual(g?.IpPermissions, []);
    assert.equal(g?.IpPermissionsEgress?.[0]?.IpProtocol, "-1");
    assert.equal(g?.IpPermissionsEgress?.[0]?.IpRanges?.[0]?.CidrIp, "0.0.0.0/0");
    const all = await ec2().send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [n.vpcId] }] }));
    const byDefault = all.SecurityGroups?.find((s) => s.GroupName === "default");
    assert.equal(byDefault?.IpPermissions?.[0]?.UserIdGroupPairs?.[0]?.GroupId, byDefault?.GroupId);
  });

  it("authorizes ingress rules and lists them grouped by protocol and ports; a duplicate is refused", async () => {
    const rule = { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.7.0.0/16" }, { CidrIp: "192.168.0.0/24" }] };
    await ec2().send(new AuthorizeSecurityGroupIngressCommand({ GroupId: n.groupId, IpPermissions: [rule] }));
    const g = await group(n.groupId);
    assert.equal(g?.IpPermissions?.length, 1);
    assert.deepEqual(
      { ...g?.IpPermissions?.[0], IpRanges: g?.IpPermissions?.[0]?.IpRanges?.map((r) => r.CidrIp) },
      {
        IpProtocol: "tcp",
        FromPort: 443,
        ToPort: 443,
        IpRanges: ["10.7.0.0/16", "192.168.0.0/24"],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      },
    );
    await ec2RejectsWith(
      ec2().send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: n.groupId,
          IpPermissions: [{ ...rule, IpRanges: [{ CidrIp: "10.7.0.0/16" }] }],
        }),
      ),
      "InvalidPermission.Duplicate",
    );
    await ec2().send(
      new RevokeSecurityGroupIngressCommand({ GroupId: n.groupId, IpPermissions: [{ ...rule, IpRanges: [{ CidrIp: "192.168.0.0/24" }] }] }),
    );
    assert.deepEqual(
      (await group(n.groupId))?.IpPermissions?.[0]?.IpRanges?.map((r) => r.CidrIp),
      ["10.7.0.0/16"],
    );
    await ec2RejectsWith(
      ec2().send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: n.groupId,
          IpPermissions: [{ ...rule, IpRanges: [{ CidrIp: "172.16.0.0/12" }] }],
        }),
      ),
      "InvalidPermission.NotFound",
    );
  });

  it("refuses malformed rules and unknown groups with EC2's codes", async () => {
    const perm = (p: Record<string, unknown>) =>
      ec2().send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: n.groupId, IpPermissions: [{ IpRanges: [{ CidrIp: "10.0.0.0/8" }], ...p }] }),
      );
    await ec2RejectsWith(perm({ IpProtocol: "tcp" }), "InvalidParameterValue");
    await ec2RejectsWith(perm({ IpProtocol: "tcp", FromPort: 500, ToPort: 400 }), "InvalidParameterValue");
    await ec2RejectsWith(perm({ IpProtocol: "gre2" }), "InvalidParameterValue");
    await ec2RejectsWith(perm({ IpProtocol: "tcp", FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: "10.0.0/8" }] }), "InvalidParameterValue");
    await ec2RejectsWith(
      ec2().send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: "sg-0123456789abcdef0",
          IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "10.0.0.0/8" }] }],
        }),
      ),
      "InvalidGroup.NotFound",
    );
  });

  it("authorizes and revokes egress rules", async () => {
    const callers = await ec2().send(new CreateSecurityGroupCommand({ VpcId: n.vpcId, GroupName: "egress", Description: "egress" }));
    const https = { IpProtocol: "tcp", FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: n.groupId }] };
    await ec2().send(new AuthorizeSecurityGroupEgressCommand({ GroupId: callers.GroupId, IpPermissions: [https] }));
    await ec2().send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: callers.GroupId,
        IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      }),
    );
    const g = await group(callers.GroupId as string);
    assert.deepEqual(
      g?.IpPermissionsEgress?.map((p) => [p.IpProtocol, p.FromPort, p.UserIdGroupPairs?.[0]?.GroupId]),
      [["tcp", 443, n.groupId]],
    );
  });

  it("shows the endpoint's policy (full access by default), changes it with ModifyVpcEndpoint and resets it", async () => {
    assert.deepEqual(JSON.parse((await endpoint(n.vpcEndpointId))?.PolicyDocument ?? ""), FULL_ACCESS);
    const custom = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "*" }] });
    await ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: n.vpcEndpointId, PolicyDocument: custom }));
    assert.equal((await endpoint(n.vpcEndpointId))?.PolicyDocument, custom);
    await ec2RejectsWith(
      ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: n.vpcEndpointId, PolicyDocument: custom, ResetPolicy: true })),
      "InvalidParameterCombination",
    );
    await ec2RejectsWith(
      ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: n.vpcEndpointId, PolicyDocument: "{" })),
      "MalformedPolicyDocument",
    );
    await ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: n.vpcEndpointId, ResetPolicy: true }));
    assert.deepEqual(JSON.parse((await endpoint(n.vpcEndpointId))?.PolicyDocument ?? ""), FULL_ACCESS);
  });

  it("turns private DNS on and off, and adds and removes security groups", async () => {
    await ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: n.vpcEndpointId, PrivateDnsEnabled: true }));
    assert.equal((await endpoint(n.vpcEndpointId))?.PrivateDnsEnabled, true);
    await ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: n.vpcEndpointId, PrivateDnsEnabled: false }));
    assert.equal((await endpoint(n.vpcEndpointId))?.PrivateDnsEnabled, false);
    const extra = await ec2().send(new CreateSecurityGroupCommand({ VpcId: n.vpcId, GroupName: "extra", Description: "extra" }));
    await ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: n.vpcEndpointId, AddSecurityGroupIds: [extra.GroupId as string] }));
    assert.deepEqual((await endpoint(n.vpcEndpointId))?.Groups?.map((g) => g.GroupId).sort(), [n.groupId, extra.GroupId].sort());
    await ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: n.vpcEndpointId, RemoveSecurityGroupIds: [extra.GroupId as string] }));
    assert.deepEqual(
      (await endpoint(n.vpcEndpointId))?.Groups?.map((g) => g.GroupId),
      [n.groupId],
    );
    await ec2RejectsWith(
      ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: n.vpcEndpointId, RemoveSecurityGroupIds: [n.groupId] })),
      "InvalidParameter",
    );
    await ec2RejectsWith(
      ec2().send(new ModifyVpcEndpointCommand({ VpcEndpointId: "vpce-0123456789abcdef0", ResetPolicy: true })),
      "InvalidVpcEndpointId.NotFound",
    );
  });

  it("describes tags of every kind, narrowed by resource id, type, key and value", async () => {
    await ec2().send(new CreateTagsCommand({ Resources: [n.vpcId, n.vpcEndpointId], Tags: [{ Key: "team", Value: "orders" }] }));
    await ec2().send(new CreateTagsCommand({ Resources: [n.groupId], Tags: [{ Key: "team", Value: "billing" }] }));
    const byKey = await ec2().send(
      new DescribeTagsCommand({
        Filters: [
          { Name: "key", Values: ["team"] },
          { Name: "value", Values: ["ord*"] },
        ],
      }),
    );
    assert.deepEqual(
      byKey.Tags?.filter((t) => [n.vpcId, n.vpcEndpointId].includes(t.ResourceId as string))
        .map((t) => [t.ResourceType, t.Value])
        .sort(),
      [
        ["vpc", "orders"],
        ["vpc-endpoint", "orders"],
      ],
    );
    const one = await ec2().send(new DescribeTagsCommand({ Filters: [{ Name: "resource-id", Values: [n.groupId] }] }));
    assert.deepEqual(
      one.Tags?.map((t) => [t.ResourceId, t.ResourceType, t.Key, t.Value]),
      [[n.groupId, "security-group", "team", "billing"]],
    );
    await ec2RejectsWith(ec2().send(new DescribeTagsCommand({ Filters: [{ Name: "colour", Values: ["x"] }] })), "InvalidParameterValue");
  });
});
