/**
 * Test and bench support: a network in the sandbox's EC2, made through the real EC2 client as a
 * user makes one: a VPC with DNS hostnames, subnets in zones where both VPC links and the
 * execute-api endpoint service are offered, security groups, and (on request) an available
 * execute-api interface endpoint. The sandbox refuses a VPC link on subnets or groups it does not
 * know, so every test, benchmark and fixture that creates a link starts here. The acceptance
 * suite's provisioning (acceptance/provision.ts) cannot use it: it runs without the test helpers,
 * against real AWS, with tags, retries and zones read from the account.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
} from "@aws-sdk/client-ec2";
import type { Sandbox } from "../local";
import { allZones, executeApiZones, vpcLinkSupportsZone } from "../local/ec2Zones";

/** What {@link createNetwork} made. */
export interface SandboxNetwork {
  /** The region the network is in. */
  region: string;
  /** The VPC. */
  vpcId: string;
  /** The VPC's block, 10.{octet}.0.0/16. */
  cidr: string;
  /** The subnets, 10.{octet}.{i}.0/24, spread over the zones of {@link networkZoneIds} in order. */
  subnetIds: string[];
  /** The zone ids of the subnets, in the same order. */
  zoneIds: string[];
  /** The security groups (not the VPC's default group). */
  groupIds: string[];
}

/** Options of {@link createNetwork}; every one has a default. */
export interface NetworkOptions {
  /** @default "us-east-1" */
  region?: string;
  /** The second octet of the VPC's 10.x.0.0/16 block. @default 0 */
  octet?: number;
  /** How many subnets. @default 2 */
  subnets?: number;
  /** How many security groups. @default 1 */
  groups?: number;
  /** Whether each group admits HTTPS (TCP 443) from the VPC's block. @default false */
  admitVpcHttps?: boolean;
}

/**
 * The zone ids a test network uses, in order: Availability Zones where the guide supports VPC
 * links and the execute-api endpoint service is offered. In us-east-1 that leaves out use1-az3
 * (us-east-1a in the sandbox's account) and use1-az5.
 */
export function networkZoneIds(region: string): string[] {
  const offered = new Set(executeApiZones(region).map((z) => z.zoneId));
  return allZones(region)
    .filter((z) => offered.has(z.zoneId) && vpcLinkSupportsZone(region, z.zoneId))
    .map((z) => z.zoneId);
}

/** Creates a VPC, its subnets and security groups in the sandbox's EC2 (AWS_ENDPOINT_URL_EC2). */
export async function createNetwork(opts: NetworkOptions = {}): Promise<SandboxNetwork> {
  const region = opts.region ?? "us-east-1";
  const octet = opts.octet ?? 0;
  const cidr = `10.${octet}.0.0/16`;
  const zones = networkZoneIds(region);
  const ec2 = new EC2Client({ region });
  try {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc?.VpcId as string;
    // Private DNS on an endpoint needs hostnames; AWS's default for a new VPC is off.
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const subnetIds: string[] = [];
    const zoneIds: string[] = [];
    for (let i = 0; i < (opts.subnets ?? 2); i++) {
      const zoneId = zones[i % zones.length];
      const created = await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${octet}.${i}.0/24`, AvailabilityZoneId: zoneId }),
      );
      subnetIds.push(created.Subnet?.SubnetId as string);
      zoneIds.push(zoneId);
    }
    const groupIds: string[] = [];
    for (let i = 0; i < (opts.groups ?? 1); i++) {
      const groupId = (
        await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `group-${i}`, Description: "test network" }))
      ).GroupId as string;
      if (opts.admitVpcHttps)
        await ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: groupId,
            IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: cidr }] }],
          }),
        );
      groupIds.push(groupId);
    }
    return { region, vpcId, cidr, subnetIds, zoneIds, groupIds };
  } finally {
    ec2.destroy();
  }
}

const shared = new WeakMap<Sandbox, Map<string, Promise<SandboxNetwork>>>();

/**
 * One network per sandbox and region (three subnets, two groups), made on first use: for tests
 * that only need somewhere real to put VPC links. process.env must point at `sandbox`.
 */
export function sharedNetwork(sandbox: Sandbox, region = "us-east-1"): Promise<SandboxNetwork> {
  const byRegion = shared.get(sandbox) ?? new Map<string, Promise<SandboxNetwork>>();
  shared.set(sandbox, byRegion);
  let network = byRegion.get(region);
  if (!network) {
    network = createNetwork({ region, subnets: 3, groups: 2 });
    byRegion.set(region, network);
    // A failed attempt (e.g. under injected faults) is not remembered.
    network.catch(() => byRegion.delete(region));
  }
  return network;
}

/**
 * Creates an execute-api interface endpoint (private DNS off) in the network's subnets of distinct
 * zones, in one group (default the first), and waits until it is available; returns its id.
 */
export async function createEndpoint(network: SandboxNetwork, opts: { groupId?: string; policyDocument?: string } = {}): Promise<string> {
  const ec2 = new EC2Client({ region: network.region });
  try {
    // An endpoint takes one subnet per zone.
    const subnetIds = network.subnetIds.filter((_, i) => network.zoneIds.indexOf(network.zoneIds[i]) === i);
    const created = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcEndpointType: "Interface",
        ServiceName: `com.amazonaws.${network.region}.execute-api`,
        VpcId: network.vpcId,
        SubnetIds: subnetIds,
        SecurityGroupIds: [opts.groupId ?? network.groupIds[0]],
        PrivateDnsEnabled: false,
        PolicyDocument: opts.policyDocument,
      }),
    );
    const vpcEndpointId = created.VpcEndpoint?.VpcEndpointId as string;
    await waitEndpointAvailable(ec2, vpcEndpointId);
    return vpcEndpointId;
  } finally {
    ec2.destroy();
  }
}

/** Waits (up to 20 s) until EC2 says the interface endpoint is available. */
export async function waitEndpointAvailable(ec2: EC2Client, vpcEndpointId: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const state = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpcEndpointId] }))).VpcEndpoints?.[0]?.State;
    if (String(state).toLowerCase() === "available") return;
    if (Date.now() > deadline) throw new Error(`endpoint ${vpcEndpointId} never became available`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
