/**
 * The sandbox's EC2 model through the real @aws-sdk/client-ec2 (pointed at it by
 * AWS_ENDPOINT_URL_EC2): zones, VPCs with their default group, subnets, security groups and
 * tags, filters, accounts and regions, EC2's error codes, and the shared fault path.
 * Interface endpoints and teardown order: ec2Endpoints.test.ts.
 */
import assert from "node:assert/strict";
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  paginateDescribeVpcs,
  type Tag,
} from "@aws-sdk/client-ec2";
import { ec2RejectsWith, useSandbox } from "../../support/sandbox";

const client = (region = "us-east-1", credentials?: { accessKeyId: string; secretAccessKey: string }) =>
  new EC2Client({ region, maxAttempts: 1, credentials });
const tagged = (resourceType: "vpc" | "subnet" | "security-group", tags: Record<string, string>) => [
  { ResourceType: resourceType, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
];
const tagMap = (tags: Tag[] = []) => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));

async function createVpc(tags: Record<string, string> = {}, cidr = "10.0.0.0/16", region = "us-east-1"): Promise<string> {
  const out = await client(region).send(new CreateVpcCommand({ CidrBlock: cidr, TagSpecifications: tagged("vpc", tags) }));
  return out.Vpc?.VpcId as string;
}

describe("sandbox EC2: VPCs, subnets, security groups and tags", () => {
  const ctx = useSandbox();
  afterEach(() => ctx.sandbox.control.clearFaults());

  it("lists the region's zones a, b and c as available, with zone ids", async () => {
    const zones = (await client("eu-west-1").send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones ?? [];
    assert.deepEqual(
      zones.map((z) => [z.ZoneName, z.ZoneId, z.State, z.RegionName]),
      [
        ["eu-west-1a", "euw1-az1", "available", "eu-west-1"],
        ["eu-west-1b", "euw1-az2", "available", "eu-west-1"],
        ["eu-west-1c", "euw1-az3", "available", "eu-west-1"],
      ],
    );
    const one = await client("eu-west-1").send(
      new DescribeAvailabilityZonesCommand({ Filters: [{ Name: "zone-name", Values: ["eu-west-1b"] }] }),
    );
    assert.deepEqual(
      one.AvailabilityZones?.map((z) => z.ZoneId),
      ["euw1-az2"],
    );
  });

  it("creates a tagged VPC with its default security group, finds it by id and by tag filters, and deletes it", async () => {
    const run = `run-${Date.now()}`;
    const vpcId = await createVpc({ suite: "ec2", run });
    assert.match(vpcId, /^vpc-[0-9a-f]{17}$/);
    const byId = (await client().send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs ?? [];
    assert.equal(byId[0].CidrBlock, "10.0.0.0/16");
    assert.equal(byId[0].State, "available");
    assert.equal(byId[0].IsDefault, false);
    assert.deepEqual(tagMap(byId[0].Tags), { suite: "ec2", run });

    const find = async (Filters: { Name: string; Values: string[] }[]) =>
      ((await client().send(new DescribeVpcsCommand({ Filters }))).Vpcs ?? []).map((v) => v.VpcId);
    assert.deepEqual(await find([{ Name: `tag:run`, Values: [run] }]), [vpcId]);
    assert.deepEqual(
      await find([
        { Name: "tag:run", Values: ["run-*"] },
        { Name: "vpc-id", Values: [vpcId] },
      ]),
      [vpcId],
    );
    assert.ok((await find([{ Name: "tag-key", Values: ["suite"] }])).includes(vpcId));
    assert.deepEqual(await find([{ Name: "tag:run", Values: ["other"] }]), []);

    const groups = await client().send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
    assert.deepEqual(
      groups.SecurityGroups?.map((g) => [g.GroupName, g.Description, g.IpPermissionsEgress?.[0]?.IpRanges?.[0]?.CidrIp]),
      [["default", "default VPC security group", "0.0.0.0/0"]],
    );

    await client().send(new DeleteVpcCommand({ VpcId: vpcId }));
    const gone = await ec2RejectsWith(client().send(new DescribeVpcsCommand({ VpcIds: [vpcId] })), "InvalidVpcID.NotFound");
    assert.equal(gone.message, `The vpc ID '${vpcId}' does not exist`);
    assert.equal(
      ctx.sandbox.control.state().ec2.securityGroups.filter((g) => g.vpcId === vpcId).length,
      0,
      "the default group goes with it",
    );
  });

  it("sets one DNS attribute per ModifyVpcAttribute call", async () => {
    const vpcId = await createVpc();
    const vpc = () => ctx.sandbox.control.state().ec2.vpcs.find((v) => v.vpcId === vpcId);
    assert.deepEqual([vpc()?.enableDnsSupport, vpc()?.enableDnsHostnames], [true, false]);
    await client().send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    await client().send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: false } }));
    assert.deepEqual([vpc()?.enableDnsSupport, vpc()?.enableDnsHostnames], [false, true]);
    await ec2RejectsWith(
      client().send(
        new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } }),
      ),
      "InvalidParameterCombination",
    );
  });

  it("creates subnets in two zones inside the VPC's block, finds them by vpc-id and tag, and refuses bad blocks and zones", async () => {
    const vpcId = await createVpc();
    const create = (CidrBlock: string, AvailabilityZone: string, tags: Record<string, string> = {}) =>
      client().send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock, AvailabilityZone, TagSpecifications: tagged("subnet", tags) }));
    const a = (await create("10.0.1.0/24", "us-east-1a", { tier: "private" })).Subnet;
    const b = (await create("10.0.2.0/24", "us-east-1b", { tier: "private" })).Subnet;
    assert.match(a?.SubnetId ?? "", /^subnet-[0-9a-f]{17}$/);
    assert.deepEqual([a?.AvailabilityZoneId, a?.AvailableIpAddressCount, a?.VpcId], ["use1-az3", 251, vpcId]);

    const found = await client().send(
      new DescribeSubnetsCommand({
        Filters: [
          { Name: "vpc-id", Values: [vpcId] },
          { Name: "tag:tier", Values: ["private"] },
        ],
      }),
    );
    assert.deepEqual(found.Subnets?.map((s) => s.AvailabilityZone).sort(), ["us-east-1a", "us-east-1b"]);

    await ec2RejectsWith(create("10.0.1.128/25", "us-east-1c"), "InvalidSubnet.Conflict");
    await ec2RejectsWith(create("10.1.0.0/24", "us-east-1c"), "InvalidSubnet.Range");
    const zone = await ec2RejectsWith(create("10.0.3.0/24", "us-east-1z"), "InvalidParameterValue");
    assert.match(zone.message, /us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f, us-east-1-bos-1a\./);

    await client().send(new DeleteSubnetCommand({ SubnetId: b?.SubnetId }));
    await ec2RejectsWith(client().send(new DescribeSubnetsCommand({ SubnetIds: [b?.SubnetId as string] })), "InvalidSubnetID.NotFound");
    await ec2RejectsWith(client().send(new DeleteVpcCommand({ VpcId: vpcId })), "DependencyViolation");
  });

  it("creates security groups unique by name per VPC, keeps the default group, and deletes the others", async () => {
    const vpcId = await createVpc();
    const create = (GroupName: string) =>
      client().send(
        new CreateSecurityGroupCommand({
          VpcId: vpcId,
          GroupName,
          Description: "endpoint",
          TagSpecifications: tagged("security-group", { n: GroupName }),
        }),
      );
    const { GroupId, Tags } = await create("vpce");
    assert.match(GroupId ?? "", /^sg-[0-9a-f]{17}$/);
    assert.deepEqual(tagMap(Tags), { n: "vpce" });
    const duplicate = await ec2RejectsWith(create("vpce"), "InvalidGroup.Duplicate");
    assert.equal(duplicate.message, `The security group 'vpce' already exists for VPC '${vpcId}'`);

    const named = await client().send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: "vpc-id", Values: [vpcId] },
          { Name: "group-name", Values: ["default"] },
        ],
      }),
    );
    const defaultId = named.SecurityGroups?.[0]?.GroupId as string;
    await ec2RejectsWith(client().send(new DeleteSecurityGroupCommand({ GroupId: defaultId })), "CannotDelete");
    await ec2RejectsWith(client().send(new DeleteVpcCommand({ VpcId: vpcId })), "DependencyViolation");

    await client().send(new DeleteSecurityGroupCommand({ GroupId }));
    await ec2RejectsWith(client().send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId as string] })), "InvalidGroup.NotFound");
    await client().send(new DeleteVpcCommand({ VpcId: vpcId }));
  });

  it("adds and removes tags on several resources at once, all or none", async () => {
    const vpcId = await createVpc();
    const subnetId = (await client().send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.0.0/24" }))).Subnet?.SubnetId as string;
    await client().send(
      new CreateTagsCommand({
        Resources: [vpcId, subnetId],
        Tags: [
          { Key: "owner", Value: "ci" },
          { Key: "tmp", Value: "1" },
        ],
      }),
    );
    await client().send(
      new DeleteTagsCommand({ Resources: [vpcId, subnetId], Tags: [{ Key: "owner", Value: "someone-else" }, { Key: "tmp" }] }),
    );
    const vpcTags = (await client().send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0]?.Tags;
    const subnetTags = (await client().send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets?.[0]?.Tags;
    assert.deepEqual([tagMap(vpcTags), tagMap(subnetTags)], [{ owner: "ci" }, { owner: "ci" }]);

    const missing = "vpc-0123456789abcdef0";
    await ec2RejectsWith(
      client().send(new CreateTagsCommand({ Resources: [vpcId, missing], Tags: [{ Key: "x", Value: "y" }] })),
      "InvalidVpcID.NotFound",
    );
    assert.equal(tagMap((await client().send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0]?.Tags).x, undefined);
    await ec2RejectsWith(client().send(new CreateTagsCommand({ Resources: ["i-123"], Tags: [{ Key: "x", Value: "y" }] })), "InvalidID");
    await client().send(new DeleteTagsCommand({ Resources: [vpcId] }));
    assert.deepEqual((await client().send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0]?.Tags, []);
  });

  it("answers malformed and missing input with EC2's codes and messages", async () => {
    const missing = await ec2RejectsWith(client().send(new CreateVpcCommand({})), "MissingParameter");
    assert.match(missing.message, /cidrBlock/);
    await ec2RejectsWith(client().send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/8" })), "InvalidVpcRange");
    const cidr = await ec2RejectsWith(client().send(new CreateVpcCommand({ CidrBlock: "10.0.0.300/16" })), "InvalidParameterValue");
    assert.equal(cidr.message, "Value (10.0.0.300/16) for parameter cidrBlock is invalid. This is not a valid CIDR block.");
    await ec2RejectsWith(client().send(new DescribeVpcsCommand({ VpcIds: ["vpc-123"] })), "InvalidVpcID.Malformed");
    const filter = await ec2RejectsWith(
      client().send(new DescribeVpcsCommand({ Filters: [{ Name: "colour", Values: ["red"] }] })),
      "InvalidParameterValue",
    );
    assert.equal(filter.message, "The filter 'colour' is invalid");
    await ec2RejectsWith(
      client().send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: tagged("subnet", { a: "b" }) })),
      "InvalidParameterValue",
    );
  });

  it("answers a dry run with DryRunOperation and changes nothing", async () => {
    const before = ctx.sandbox.control.state().ec2.vpcs.length;
    const dry = await ec2RejectsWith(
      client().send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", DryRun: true })),
      "DryRunOperation",
      412,
    );
    assert.equal(dry.message, "Request would have succeeded, but DryRun flag is set.");
    assert.equal(ctx.sandbox.control.state().ec2.vpcs.length, before);
  });

  it("keeps each account and region apart", async () => {
    const run = `iso-${Date.now()}`;
    await createVpc({ run });
    ctx.sandbox.control.mapAccessKey("AKIAOTHERACCOUNT0001", "210987654321");
    const other = client("us-east-1", { accessKeyId: "AKIAOTHERACCOUNT0001", secretAccessKey: "x" });
    const byRun = [{ Name: "tag:run", Values: [run] }];
    assert.equal((await other.send(new DescribeVpcsCommand({ Filters: byRun }))).Vpcs?.length, 0);
    assert.equal((await client("eu-west-1").send(new DescribeVpcsCommand({ Filters: byRun }))).Vpcs?.length, 0);
    const own = (await client().send(new DescribeVpcsCommand({ Filters: byRun }))).Vpcs ?? [];
    assert.deepEqual(
      own.map((v) => v.OwnerId),
      ["123456789012"],
    );
    const log = ctx.sandbox.control.requestLog({ operation: "DescribeVpcs" }).slice(-3);
    assert.deepEqual(
      log.map((e) => [e.accountId, e.region]),
      [
        ["210987654321", "us-east-1"],
        ["123456789012", "eu-west-1"],
        ["123456789012", "us-east-1"],
      ],
    );
  });

  it("pages DescribeVpcs with MaxResults and NextToken, as the SDK's paginator walks them", async () => {
    const run = `page-${Date.now()}`;
    const ids = await Promise.all(Array.from({ length: 7 }, (_, i) => createVpc({ run }, `10.${i}.0.0/16`)));
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateDescribeVpcs({ client: client(), pageSize: 5 }, { Filters: [{ Name: "tag:run", Values: [run] }] })) {
      pages.push(page.Vpcs?.length ?? 0);
      seen.push(...(page.Vpcs ?? []).map((v) => v.VpcId as string));
    }
    assert.deepEqual(pages, [5, 2]);
    assert.deepEqual(seen.sort(), ids.sort());
  });

  it("takes injected faults on CreateVpc through the shared path, as EC2's throttling and internal errors", async () => {
    ctx.sandbox.control.clearRequestLog();
    ctx.sandbox.control.injectFaults("CreateVpc", { sequence: ["429", "500"] });
    const throttled = await ec2RejectsWith(createVpc(), "RequestLimitExceeded", 503);
    assert.equal(throttled.message, "Request limit exceeded.");
    await ec2RejectsWith(createVpc(), "InternalError", 500);
    assert.match(await createVpc(), /^vpc-/);
    assert.deepEqual(
      ctx.sandbox.control.requestLog({ operation: "CreateVpc" }).map((e) => [e.status, e.errorType, e.params.CidrBlock]),
      [
        [503, "RequestLimitExceeded", "10.0.0.0/16"],
        [500, "InternalError", "10.0.0.0/16"],
        [200, undefined, "10.0.0.0/16"],
      ],
    );
  });

  it("answers the raw query protocol in EC2's XML namespace, and an unknown Action with InvalidAction", async () => {
    const post = (body: string) =>
      fetch(ctx.sandbox.endpoint, {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      });
    const ok = await post("Action=DescribeAvailabilityZones&Version=2016-11-15&ZoneName.1=us-east-1c");
    assert.equal(ok.status, 200);
    const xml = await ok.text();
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeAvailabilityZonesResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/">/,
    );
    assert.match(xml, /<availabilityZoneInfo><item><zoneName>us-east-1c<\/zoneName><zoneId>use1-az2<\/zoneId>/);
    const bad = await post("Action=RunInstances&Version=2016-11-15");
    assert.equal(bad.status, 400);
    assert.match(
      await bad.text(),
      /<Response><Errors><Error><Code>InvalidAction<\/Code><Message>The action RunInstances is not valid for this web service.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>/,
    );
  });
});
