/**
 * The sandbox's EC2 interface endpoints through the real @aws-sdk/client-ec2: the execute-api
 * endpoint's shape and DNS names, pending -> available and deleting -> gone, ClientToken
 * idempotency, unsuccessful items, the dependency errors that order a teardown, and API
 * Gateway associations that keep taking vpce ids EC2 never created.
 */
import assert from "node:assert/strict";
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DeleteVpcEndpointsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  type CreateVpcEndpointCommandInput,
} from "@aws-sdk/client-ec2";
import { apiEndpointIds, createRestApi, ec2RejectsWith, useSandbox, vpceIds } from "../../support/sandbox";

// Long enough for the checks made while an endpoint is pending or deleting to land inside the window on a busy machine.
const PROVISION_MS = 300;
const DELETE_MS = 1000;
// The gone endpoint's interfaces hold its subnets and groups this much longer.
const RELEASE_MS = 1000;
const client = (region = "us-east-1") => new EC2Client({ region, maxAttempts: 1 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Network {
  vpcId: string;
  subnetIds: string[];
  groupId: string;
}

/** A VPC with DNS support and hostnames, subnets in zones a and b, and one security group. */
async function network(region = "us-east-1"): Promise<Network> {
  const ec2 = client(region);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc?.VpcId as string;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const subnetIds: string[] = [];
  for (const [i, zone] of ["a", "b"].entries()) {
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: `${region}${zone}` }),
    );
    subnetIds.push(subnet.Subnet?.SubnetId as string);
  }
  const group = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: "vpce", Description: "execute-api endpoint" }));
  return { vpcId, subnetIds, groupId: group.GroupId as string };
}

const endpointInput = (n: Network, extra: Partial<CreateVpcEndpointCommandInput> = {}): CreateVpcEndpointCommandInput => ({
  VpcEndpointType: "Interface",
  ServiceName: "com.amazonaws.us-east-1.execute-api",
  VpcId: n.vpcId,
  SubnetIds: n.subnetIds,
  SecurityGroupIds: [n.groupId],
  PrivateDnsEnabled: true,
  ...extra,
});

async function describe1(id: string) {
  const out = await client().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }));
  assert.equal(out.VpcEndpoints?.length, 1);
  return out.VpcEndpoints?.[0];
}

describe("sandbox EC2: execute-api interface endpoints", () => {
  const ctx = useSandbox({
    timeScale: 0.01,
    delays: { vpcEndpointProvisionMs: PROVISION_MS, vpcEndpointDeleteMs: DELETE_MS, interfaceReleaseMs: RELEASE_MS },
  });

  it("creates a tagged endpoint with one interface per subnet and AWS's DNS names, pending then available", async () => {
    const n = await network();
    const created = await client().send(
      new CreateVpcEndpointCommand(
        endpointInput(n, { TagSpecifications: [{ ResourceType: "vpc-endpoint", Tags: [{ Key: "suite", Value: "ec2" }] }] }),
      ),
    );
    const e = created.VpcEndpoint;
    const id = e?.VpcEndpointId as string;
    assert.match(id, /^vpce-[0-9a-f]{17}$/);
    assert.deepEqual([e?.State, e?.VpcEndpointType, e?.VpcId, e?.PrivateDnsEnabled], ["pending", "Interface", n.vpcId, true]);
    assert.deepEqual(
      [e?.SubnetIds, e?.Groups?.map((g) => g.GroupId), e?.Tags],
      [n.subnetIds, [n.groupId], [{ Key: "suite", Value: "ec2" }]],
    );
    assert.equal(e?.NetworkInterfaceIds?.length, 2);
    const names = e?.DnsEntries?.map((d) => d.DnsName ?? "") ?? [];
    const host = new RegExp(`^${id}-[a-z0-9]{8}(-us-east-1[ab])?\\.execute-api\\.us-east-1\\.vpce\\.amazonaws\\.com$`);
    assert.ok(
      names.slice(0, 3).every((name) => host.test(name)),
      names.join(", "),
    );
    assert.deepEqual(names.slice(3), ["execute-api.us-east-1.amazonaws.com"]);
    const free = await client().send(new DescribeSubnetsCommand({ SubnetIds: n.subnetIds }));
    assert.deepEqual(
      free.Subnets?.map((s) => s.AvailableIpAddressCount),
      [250, 250],
      "each interface takes an address",
    );

    await sleep(PROVISION_MS + 50);
    assert.equal((await describe1(id))?.State, "available");
    const byState = await client().send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: "vpc-id", Values: [n.vpcId] },
          { Name: "vpc-endpoint-state", Values: ["available"] },
          { Name: "tag:suite", Values: ["ec2"] },
        ],
      }),
    );
    assert.deepEqual(
      byState.VpcEndpoints?.map((v) => v.VpcEndpointId),
      [id],
    );
  });

  it("blocks deleting the subnets, the group and the VPC until the endpoint and its interfaces are gone, then tears down in order", async () => {
    const n = await network();
    const id = (await client().send(new CreateVpcEndpointCommand(endpointInput(n)))).VpcEndpoint?.VpcEndpointId as string;
    const blocked = async () => {
      const subnet = await ec2RejectsWith(client().send(new DeleteSubnetCommand({ SubnetId: n.subnetIds[0] })), "DependencyViolation");
      assert.equal(subnet.message, `The subnet '${n.subnetIds[0]}' has dependencies and cannot be deleted.`);
      const group = await ec2RejectsWith(client().send(new DeleteSecurityGroupCommand({ GroupId: n.groupId })), "DependencyViolation");
      assert.equal(group.message, `resource ${n.groupId} has a dependent object`);
      await ec2RejectsWith(client().send(new DeleteVpcCommand({ VpcId: n.vpcId })), "DependencyViolation");
    };
    await blocked();

    const deleted = await client().send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id] }));
    assert.deepEqual(deleted.Unsuccessful, []);
    assert.equal((await describe1(id))?.State, "deleting");
    await blocked();

    await sleep(DELETE_MS + 50);
    await ec2RejectsWith(client().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] })), "InvalidVpcEndpointId.NotFound");
    // Gone, but its network interfaces linger a while and still hold the subnets and the group.
    await blocked();
    await sleep(RELEASE_MS);
    for (const SubnetId of n.subnetIds) await client().send(new DeleteSubnetCommand({ SubnetId }));
    await client().send(new DeleteSecurityGroupCommand({ GroupId: n.groupId }));
    await client().send(new DeleteVpcCommand({ VpcId: n.vpcId }));
    assert.equal(
      ctx.sandbox.control.state().ec2.vpcs.some((v) => v.vpcId === n.vpcId),
      false,
    );
  });

  it("returns the same endpoint for a repeated ClientToken with the same parameters, and refuses it with others", async () => {
    const n = await network();
    const token = `token-${Date.now()}`;
    const first = await client().send(new CreateVpcEndpointCommand(endpointInput(n, { ClientToken: token })));
    const again = await client().send(new CreateVpcEndpointCommand(endpointInput(n, { ClientToken: token })));
    assert.equal(again.VpcEndpoint?.VpcEndpointId, first.VpcEndpoint?.VpcEndpointId);
    assert.equal(again.ClientToken, token);
    const inVpc = ctx.sandbox.control.state().ec2.vpcEndpoints.filter((e) => e.vpcId === n.vpcId);
    assert.equal(inVpc.length, 1);
    await ec2RejectsWith(
      client().send(new CreateVpcEndpointCommand(endpointInput(n, { ClientToken: token, SubnetIds: n.subnetIds.slice(0, 1) }))),
      "IdempotentParameterMismatch",
    );
  });

  it("lets a retry with the same ClientToken find the endpoint whose answer was lost", async () => {
    const n = await network();
    ctx.sandbox.control.injectFaults("CreateVpcEndpoint", { sequence: ["lost"] });
    const input = endpointInput(n, { ClientToken: `lost-${Date.now()}` });
    const lost = await client()
      .send(new CreateVpcEndpointCommand(input))
      .then(
        () => undefined,
        (e: Error & { code?: string }) => e.code,
      );
    assert.equal(lost, "ECONNRESET");
    const retried = await client().send(new CreateVpcEndpointCommand(input));
    const inVpc = ctx.sandbox.control.state().ec2.vpcEndpoints.filter((e) => e.vpcId === n.vpcId);
    assert.deepEqual(
      inVpc.map((e) => e.vpcEndpointId),
      [retried.VpcEndpoint?.VpcEndpointId],
    );
    assert.deepEqual(
      ctx.sandbox.control
        .requestLog({ operation: "CreateVpcEndpoint" })
        .slice(-2)
        .map((e) => [e.status, e.errorType]),
      [
        [200, "ResponseLost"],
        [200, undefined],
      ],
    );

    await client().send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [retried.VpcEndpoint?.VpcEndpointId as string] }));
    await sleep(DELETE_MS + 50);
    await ec2RejectsWith(client().send(new CreateVpcEndpointCommand(input)), "IdempotentParameterMismatch");
  });

  it("deletes the endpoints it knows and reports unknown ids as unsuccessful items", async () => {
    const n = await network();
    const id = (await client().send(new CreateVpcEndpointCommand(endpointInput(n)))).VpcEndpoint?.VpcEndpointId as string;
    const unknown = "vpce-0123456789abcdef0";
    const out = await client().send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id, unknown] }));
    assert.deepEqual(out.Unsuccessful, [
      { ResourceId: unknown, Error: { Code: "InvalidVpcEndpoint.NotFound", Message: `The VpcEndpoint Id '${unknown}' does not exist` } },
    ]);
    assert.equal((await describe1(id))?.State, "deleting");
  });

  it("refuses what AWS refuses: another service, private DNS without VPC DNS, two subnets in one zone, foreign or unknown ids", async () => {
    const n = await network();
    const other = await network();
    const create = (extra: Partial<CreateVpcEndpointCommandInput>) => client().send(new CreateVpcEndpointCommand(endpointInput(n, extra)));
    const service = await ec2RejectsWith(create({ ServiceName: "com.amazonaws.us-east-1.s3" }), "InvalidServiceName");
    assert.equal(service.message, "The Vpc Endpoint Service 'com.amazonaws.us-east-1.s3' does not exist");
    await ec2RejectsWith(create({ SubnetIds: [n.subnetIds[0], other.subnetIds[0]] }), "InvalidParameter");
    await ec2RejectsWith(create({ SecurityGroupIds: [other.groupId] }), "InvalidParameter");
    await ec2RejectsWith(create({ SubnetIds: ["subnet-0123456789abcdef0"] }), "InvalidSubnetID.NotFound");
    await ec2RejectsWith(create({ SecurityGroupIds: ["sg-0123456789abcdef0"] }), "InvalidGroup.NotFound");
    await ec2RejectsWith(create({ VpcId: undefined }), "MissingParameter");

    const third = (
      await client().send(new CreateSubnetCommand({ VpcId: n.vpcId, CidrBlock: "10.0.9.0/24", AvailabilityZone: "us-east-1a" }))
    ).Subnet;
    await ec2RejectsWith(create({ SubnetIds: [n.subnetIds[0], third?.SubnetId as string] }), "DuplicateSubnetsInSameZone");

    await client().send(new ModifyVpcAttributeCommand({ VpcId: n.vpcId, EnableDnsHostnames: { Value: false } }));
    const dns = await ec2RejectsWith(create({}), "InvalidParameter");
    assert.match(dns.message, /enableDnsSupport and enableDnsHostnames/);
    const plain = await create({ PrivateDnsEnabled: false });
    assert.deepEqual(
      plain.VpcEndpoint?.DnsEntries?.some((d) => d.DnsName === "execute-api.us-east-1.amazonaws.com"),
      false,
    );
    assert.equal(ctx.sandbox.control.state().ec2.vpcEndpoints.filter((e) => e.vpcId === n.vpcId).length, 1, "only the valid one exists");
  });

  it("uses the VPC's default group when no group is given", async () => {
    const n = await network();
    const e = (await client().send(new CreateVpcEndpointCommand(endpointInput(n, { SecurityGroupIds: undefined })))).VpcEndpoint;
    const defaultGroup = ctx.sandbox.control.state().ec2.securityGroups.find((g) => g.vpcId === n.vpcId && g.isDefault);
    assert.deepEqual(
      e?.Groups?.map((g) => g.GroupId),
      [defaultGroup?.groupId],
    );
  });

  it("keeps taking vpce ids on REST APIs that EC2 never created", async () => {
    const ids = vpceIds(2);
    const api = await createRestApi({ vpcEndpointIds: ids });
    assert.deepEqual(await apiEndpointIds(api), ids);
    await ec2RejectsWith(client().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ids[0]] })), "InvalidVpcEndpointId.NotFound");
  });
});
