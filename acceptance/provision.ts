/**
 * Creates what the acceptance plan's setup rows describe: a VPC with two subnets in two AZs, two
 * security groups, two execute-api interface endpoints, and a private REST API deployed to a
 * stage. Every taggable resource carries the run's tags, so a failed setup is swept like any run.
 */
import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeAvailabilityZonesCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcAttributeCommand,
  type ResourceType,
  type TagSpecification,
} from "@aws-sdk/client-ec2";
import { waitUntil } from "../provider/waiter";
import { retryOn, type AcceptanceClients } from "./clients";
import { NETWORK, STAGE_NAME, runTags, type PlanContext } from "./plan";
import { chooseZones } from "./zones";

/** The codes of an id EC2 has just created but does not list yet. */
const JUST_CREATED = ["InvalidVpcID.NotFound", "InvalidSubnetID.NotFound", "InvalidGroup.NotFound", "InvalidSecurityGroupID.NotFound"];

/** What the scenarios run against. */
export interface AcceptanceFixture {
  /** The run's region. */
  region: string;
  /** The run's id (the value of its tag). */
  runId: string;
  /** The VPC. */
  vpcId: string;
  /** Two subnets, in two AZs. */
  subnetIds: [string, string];
  /** The zone ids of the two subnets, in the same order. */
  zoneIds: [string, string];
  /** Two security groups of the VPC. */
  securityGroupIds: [string, string];
  /** Two available execute-api interface endpoints. */
  vpcEndpointIds: [string, string];
  /** The private REST API, with no endpoint associated yet. */
  restApiId: string;
  /** Its deployed stage. */
  stageName: string;
}

const tagSpec = (ctx: PlanContext, key: string, type: ResourceType): TagSpecification[] => [
  { ResourceType: type, Tags: Object.entries(runTags(ctx, key)).map(([Key, Value]) => ({ Key, Value })) },
];

/** The API's resource policy: invocable only through endpoints of the run's VPC (AWS refuses to deploy a private API without one). */
export function privateApiPolicy(vpcId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
      {
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        Condition: { StringNotEquals: { "aws:SourceVpc": vpcId } },
      },
    ],
  });
}

/** Creates the setup rows of the plan and waits until the endpoints are available. */
export async function provision(
  clients: AcceptanceClients,
  ctx: PlanContext,
  log: (line: string) => void = () => undefined,
): Promise<AcceptanceFixture> {
  const { ec2, apigw } = clients;
  // By zone type and id, where the endpoint service is offered and VPC links are supported; not by sorted names.
  const zones = await ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: "zone-type", Values: ["availability-zone"] }] }));
  const service = `com.amazonaws.${ctx.region}.execute-api`;
  const services = await ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [service] }));
  const serviceZones = services.ServiceDetails?.find((d) => d.ServiceName === service)?.AvailabilityZones ?? [];
  const chosen = chooseZones(ctx.region, zones.AvailabilityZones ?? [], serviceZones);
  log(`zones ${chosen.map((z) => `${z.zoneName} (${z.zoneId})`).join(", ")}`);

  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: NETWORK.vpcCidr, TagSpecifications: tagSpec(ctx, "vpc", "vpc") }));
  const vpcId = vpc.Vpc?.VpcId as string;
  log(`created VPC ${vpcId}`);
  // EC2 is eventually consistent: an id it just returned may answer NotFound for a moment.
  const settled = <T>(what: string, call: () => Promise<T>) => retryOn(JUST_CREATED, what, call, 2 * 60_000);
  // One attribute per call, as EC2 requires; hostnames need support first.
  await settled(`VPC ${vpcId}`, () => ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } })));
  await settled(`VPC ${vpcId}`, () => ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } })));

  const subnetIds = (await Promise.all(
    (["subnet-a", "subnet-b"] as const).map(async (key, i) => {
      const s = await settled(`VPC ${vpcId}`, () =>
        ec2.send(
          new CreateSubnetCommand({
            VpcId: vpcId,
            CidrBlock: NETWORK.subnetCidrs[i],
            AvailabilityZoneId: chosen[i].zoneId,
            TagSpecifications: tagSpec(ctx, key, "subnet"),
          }),
        ),
      );
      return s.Subnet?.SubnetId as string;
    }),
  )) as [string, string];
  const securityGroupIds = (await Promise.all(
    (["sg-a", "sg-b"] as const).map(async (key) => {
      const g = await settled(`VPC ${vpcId}`, () =>
        ec2.send(
          new CreateSecurityGroupCommand({
            VpcId: vpcId,
            GroupName: `apigw-vpc-${ctx.runId}-${key}`,
            Description: `pulumi-apigw-vpc acceptance run ${ctx.runId}`,
            TagSpecifications: tagSpec(ctx, key, "security-group"),
          }),
        ),
      );
      return g.GroupId as string;
    }),
  )) as [string, string];
  log(`created subnets ${subnetIds.join(", ")} and security groups ${securityGroupIds.join(", ")}`);

  const vpcEndpointIds = (await Promise.all(
    (["vpce-a", "vpce-b"] as const).map(async (key) => {
      const e = await settled(`VPC ${vpcId}`, () =>
        ec2.send(
          new CreateVpcEndpointCommand({
            VpcEndpointType: "Interface",
            VpcId: vpcId,
            ServiceName: service,
            SubnetIds: subnetIds,
            SecurityGroupIds: [securityGroupIds[0]],
            // Assumed(two-endpoints-private-dns-off): a VPC takes a second execute-api endpoint when neither has private DNS.
            PrivateDnsEnabled: false,
            // A resent create (lost answer) returns the same endpoint instead of a second one.
            ClientToken: `${ctx.runId}-${key}`,
            TagSpecifications: tagSpec(ctx, key, "vpc-endpoint"),
          }),
        ),
      );
      return e.VpcEndpoint?.VpcEndpointId as string;
    }),
  )) as [string, string];
  const ready = await waitUntil({
    timeoutMs: 15 * 60_000,
    minDelayMs: 200,
    maxDelayMs: 15_000,
    poll: async () =>
      (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-endpoint-id", Values: vpcEndpointIds }] }))).VpcEndpoints ??
      [],
    // All of them listed (a new id may be missing for a moment) and each settled.
    isSettled: (endpoints) =>
      endpoints.length === vpcEndpointIds.length && endpoints.every((e) => ["available", "failed"].includes((e.State ?? "").toLowerCase())),
  });
  const notAvailable = ready.value.filter((e) => (e.State ?? "").toLowerCase() !== "available");
  if (!ready.settled || notAvailable.length > 0)
    throw new Error(`VPC endpoints not available: ${notAvailable.map((e) => `${e.VpcEndpointId} ${e.State}`).join(", ")}`);
  log(`endpoints ${vpcEndpointIds.join(", ")} are available`);

  const api = await apigw.send(
    new CreateRestApiCommand({
      name: `apigw-vpc-${ctx.runId}`,
      description: `pulumi-apigw-vpc acceptance run ${ctx.runId}`,
      endpointConfiguration: { types: ["PRIVATE"] },
      policy: privateApiPolicy(vpcId),
      tags: runTags(ctx, "rest-api"),
    }),
  );
  const restApiId = api.id as string;
  const resources = await apigw.send(new GetResourcesCommand({ restApiId }));
  const rootId = resources.items?.find((r) => r.path === "/")?.id as string;
  await apigw.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: "GET", authorizationType: "NONE" }));
  await apigw.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId: rootId,
      httpMethod: "GET",
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode": 200}' },
    }),
  );
  await apigw.send(new CreateDeploymentCommand({ restApiId, stageName: STAGE_NAME, description: `acceptance run ${ctx.runId}` }));
  log(`created private REST API ${restApiId}, deployed to stage ${STAGE_NAME}`);
  const zoneIds = [chosen[0].zoneId, chosen[1].zoneId] as [string, string];
  return {
    region: ctx.region,
    runId: ctx.runId,
    vpcId,
    subnetIds,
    zoneIds,
    securityGroupIds,
    vpcEndpointIds,
    restApiId,
    stageName: STAGE_NAME,
  };
}
