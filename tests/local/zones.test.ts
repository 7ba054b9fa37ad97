/**
 * Zones and lingering interfaces in the sandbox, as on AWS, through the real SDK clients: zone ids
 * and types (an opted-in Local Zone, one not opted in), the zones that offer execute-api endpoints,
 * VPC links refused in a zone the guide does not list, network interfaces of a deleted VPC link
 * holding their subnet and group for a while, and the acceptance suite's choice of zones.
 */
import assert from "node:assert/strict";
import { CreateVpcLinkCommand, DeleteVpcLinkCommand, ApiGatewayV2Client, BadRequestException } from "@aws-sdk/client-apigatewayv2";
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DescribeAvailabilityZonesCommand,
  DescribeVpcEndpointServicesCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { chooseZones } from "../../acceptance/zones";
import { ec2RejectsWith, FAST, rejectsWith, useSandbox } from "../../support/sandbox";

const RELEASE_MS = 600;
const ec2 = (region = "us-east-1") => new EC2Client({ region, maxAttempts: 1 });
const v2 = () => new ApiGatewayV2Client({ region: "us-east-1", maxAttempts: 1 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function subnetIn(zoneId: string, cidr: string): Promise<{ vpcId: string; subnetId: string; groupId: string }> {
  const vpcId = (await ec2().send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc?.VpcId as string;
  const subnet = await ec2().send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZoneId: zoneId }));
  const group = await ec2().send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: "link", Description: "link" }));
  return { vpcId, subnetId: subnet.Subnet?.SubnetId as string, groupId: group.GroupId as string };
}

describe("sandbox zones and lingering interfaces", () => {
  const ctx = useSandbox({ ...FAST, delays: { ...FAST.delays, interfaceReleaseMs: RELEASE_MS } });
  beforeEach(() => ctx.sandbox.control.resetQuotas());

  it("lists us-east-1's Availability Zones by id (names map per account) and the Local Zone the account opted into", async () => {
    const zones = (await ec2().send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones ?? [];
    assert.deepEqual(
      zones.map((z) => [z.ZoneName, z.ZoneId, z.ZoneType, z.OptInStatus]),
      [
        ["us-east-1a", "use1-az3", "availability-zone", "opt-in-not-required"],
        ["us-east-1b", "use1-az1", "availability-zone", "opt-in-not-required"],
        ["us-east-1c", "use1-az2", "availability-zone", "opt-in-not-required"],
        ["us-east-1d", "use1-az4", "availability-zone", "opt-in-not-required"],
        ["us-east-1e", "use1-az5", "availability-zone", "opt-in-not-required"],
        ["us-east-1f", "use1-az6", "availability-zone", "opt-in-not-required"],
        ["us-east-1-bos-1a", "use1-bos1-az1", "local-zone", "opted-in"],
      ],
    );
    const boston = zones[6];
    assert.deepEqual(
      [boston.GroupName, boston.NetworkBorderGroup, boston.ParentZoneId],
      ["us-east-1-bos-1", "us-east-1-bos-1", "use1-az1"],
    );
    const all = (await ec2().send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: true }))).AvailabilityZones ?? [];
    assert.deepEqual(
      all.filter((z) => z.ZoneType === "local-zone").map((z) => [z.ZoneName, z.OptInStatus]),
      [
        ["us-east-1-bos-1a", "opted-in"],
        ["us-east-1-mia-1a", "not-opted-in"],
      ],
    );
    const local = await ec2().send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: "zone-type", Values: ["local-zone"] }] }));
    assert.deepEqual(
      local.AvailabilityZones?.map((z) => z.ZoneId),
      ["use1-bos1-az1"],
    );
    const byId = await ec2().send(new DescribeAvailabilityZonesCommand({ ZoneIds: ["use1-az1"] }));
    assert.deepEqual(
      byId.AvailabilityZones?.map((z) => z.ZoneName),
      ["us-east-1b"],
    );
    await ec2RejectsWith(ec2().send(new DescribeAvailabilityZonesCommand({ ZoneIds: ["use1-az9"] })), "InvalidParameterValue");
  });

  it("lists the zones that offer execute-api endpoints, and refuses an endpoint in a subnet of another zone", async () => {
    const service = "com.amazonaws.us-east-1.execute-api";
    const found = await ec2().send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [service] }));
    assert.deepEqual(found.ServiceNames, [service]);
    const detail = found.ServiceDetails?.[0];
    assert.deepEqual(detail?.AvailabilityZones, ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"]);
    assert.deepEqual(
      [detail?.Owner, detail?.ServiceType?.[0]?.ServiceType, detail?.VpcEndpointPolicySupported],
      ["amazon", "Interface", true],
    );
    await ec2RejectsWith(
      ec2().send(new DescribeVpcEndpointServicesCommand({ ServiceNames: ["com.amazonaws.us-east-1.nosuch"] })),
      "InvalidServiceName",
    );

    const inAz5 = await subnetIn("use1-az5", "10.0.5.0/24");
    const refused = await ec2RejectsWith(
      ec2().send(
        new CreateVpcEndpointCommand({
          VpcId: inAz5.vpcId,
          VpcEndpointType: "Interface",
          ServiceName: service,
          SubnetIds: [inAz5.subnetId],
          PrivateDnsEnabled: false,
        }),
      ),
      "InvalidParameter",
    );
    assert.match(refused.message, new RegExp(`does not support the availability zone of the subnet: ${inAz5.subnetId}`));
  });

  it("refuses a VPC link in a zone the guide does not list (use1-az3, us-east-1a in this account)", async () => {
    const inAz3 = await subnetIn("use1-az3", "10.0.3.0/24");
    const e = await rejectsWith(
      v2().send(new CreateVpcLinkCommand({ Name: "az3", SubnetIds: [inAz3.subnetId] })),
      BadRequestException,
      400,
    );
    // AWS's wording, as users report it.
    assert.equal(e.message, "Subnet is in Availability Zone 'use1-az3' where service is not available");
  });

  it("keeps a deleted VPC link's subnet and group in use while its interfaces linger (DependencyViolation), then frees them", async () => {
    const n = await subnetIn("use1-az1", "10.0.1.0/24");
    const link = await v2().send(new CreateVpcLinkCommand({ Name: "held", SubnetIds: [n.subnetId], SecurityGroupIds: [n.groupId] }));
    await ec2RejectsWith(ec2().send(new DeleteSubnetCommand({ SubnetId: n.subnetId })), "DependencyViolation");
    await v2().send(new DeleteVpcLinkCommand({ VpcLinkId: link.VpcLinkId }));
    await sleep((FAST.delays?.vpcLinkDeleteMs ?? 0) + 50);
    const gone = ctx.sandbox.control.state().vpcLinks.some((l) => l.vpcLinkId === link.VpcLinkId);
    assert.equal(gone, false, "the link itself is gone");
    await ec2RejectsWith(ec2().send(new DeleteSecurityGroupCommand({ GroupId: n.groupId })), "DependencyViolation");
    await ec2RejectsWith(ec2().send(new DeleteSubnetCommand({ SubnetId: n.subnetId })), "DependencyViolation");
    await sleep(RELEASE_MS);
    await ec2().send(new DeleteSecurityGroupCommand({ GroupId: n.groupId }));
    await ec2().send(new DeleteSubnetCommand({ SubnetId: n.subnetId }));
  });

  it("the acceptance suite chooses zones by type and id where endpoints are offered and links supported, not by sorted names", async () => {
    const zones = (await ec2().send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: true }))).AvailabilityZones ?? [];
    const service = await ec2().send(new DescribeVpcEndpointServicesCommand({ ServiceNames: ["com.amazonaws.us-east-1.execute-api"] }));
    const offered = service.ServiceDetails?.[0]?.AvailabilityZones ?? [];
    assert.deepEqual(chooseZones("us-east-1", zones, offered), [
      { zoneName: "us-east-1b", zoneId: "use1-az1" },
      { zoneName: "us-east-1c", zoneId: "use1-az2" },
    ]);
    // Sorted names would have taken us-east-1a (use1-az3, no VPC links) first.
    assert.equal([...zones.map((z) => z.ZoneName as string)].sort()[0], "us-east-1-bos-1a");
    assert.throws(
      () => chooseZones("us-east-1", zones, ["us-east-1a", "us-east-1e"]),
      /us-east-1 has 1 zone\(s\) the suite can use, it needs 2: 6 available Availability Zone\(s\), 2 of them offering execute-api endpoints, 1 of those supporting VPC links/,
    );
  });
});
