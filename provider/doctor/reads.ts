/**
 * The doctor's reads (I/O): only Get* and Describe* calls, batched so that one API and one
 * endpoint cost at most 15 (see the README's doctor IAM policy). Each read's failure becomes a
 * value, so one denied permission leaves one check unknown instead of stopping the walk.
 *
 * | read                                   | calls                                      |
 * |----------------------------------------|--------------------------------------------|
 * | the API and its stage                  | GetRestApi, GetStage (or GetStages)        |
 * | the endpoints, their groups and VPCs   | DescribeVpcEndpoints x2, DescribeSecurityGroups, DescribeVpcs |
 * | a private custom domain                | GetDomainName, GetDomainNameAccessAssociations (x2 for the owner), GetBasePathMappings, ListRoutingRules (v2) |
 * | a VPC link                             | GetVpcLink (v2)                            |
 */
import { Resolver } from "node:dns/promises";
import {
  GetBasePathMappingsCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNameCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetStagesCommand,
  APIGatewayClient,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetVpcLinkCommand, ListRoutingRulesCommand } from "@aws-sdk/client-apigatewayv2";
import {
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type IpPermission,
} from "@aws-sdk/client-ec2";
import { dnsServersFromEnv, queryA, queryAuthorities, type ProbeAnswer } from "../dnsProbe";
import { perVpceHostname } from "../endpointNames";
import { ApiGatewayRetryStrategy, type RetryPolicy } from "../retry";
import { executeApiServiceName } from "./checks/endpointChecks";
import { policyJson } from "./evaluator";
import type { AccessAssociationView, EndpointView, IngressRule, Read, Snapshot } from "./snapshot";
import type { DiagnoseOptions } from "./types";

/** The three read clients of one region. */
export interface DoctorClients {
  /** API Gateway (v1): the API, stages, domains. */
  apigw: APIGatewayClient;
  /** API Gateway v2: the VPC link. */
  apigwv2: ApiGatewayV2Client;
  /** EC2: endpoints, security groups, VPCs. */
  ec2: EC2Client;
  /** Closes their sockets. */
  destroy(): void;
}

/**
 * A person is waiting: reads are retried after throttling and server errors for seconds, not
 * the minutes the providers wait behind a quota; a read that still fails is reported as unknown.
 */
export const DOCTOR_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 2000, maxTotalMs: 10_000 };

/** Read clients for `region`: the SDK's default credentials and `AWS_ENDPOINT_URL*`, retried per {@link DOCTOR_RETRY_POLICY}. */
export function doctorClients(region: string): DoctorClients {
  const retry = () => ({ retryStrategy: new ApiGatewayRetryStrategy(DOCTOR_RETRY_POLICY), maxAttempts: DOCTOR_RETRY_POLICY.maxAttempts });
  const apigw = new APIGatewayClient({ region, ...retry() });
  const apigwv2 = new ApiGatewayV2Client({ region, ...retry() });
  const ec2 = new EC2Client({ region, ...retry() });
  return { apigw, apigwv2, ec2, destroy: () => [apigw, apigwv2, ec2].forEach((c) => c.destroy()) };
}

const NOT_FOUND = /NotFound/;

/** Runs one read, turning AWS's "not found" into `missing` and any other failure into `unreadable`. */
export async function read<T>(call: () => Promise<T>): Promise<Read<T>> {
  try {
    return { kind: "found", value: await call() };
  } catch (e) {
    const { name = "Error", message = String(e) } = e as { name?: string; message?: string };
    return NOT_FOUND.test(name) ? { kind: "missing", message } : { kind: "unreadable", message: `${name}: ${message}` };
  }
}

/** The v1 reads that need nothing but the options, in parallel. */
async function readApiGateway(o: DiagnoseOptions, c: DoctorClients): Promise<Partial<Snapshot>> {
  const snapshot: Partial<Snapshot> = {};
  const domainKey = { domainName: o.domainName, domainNameId: o.domainNameId };
  await Promise.all([
    o.restApiId &&
      read(() => c.apigw.send(new GetRestApiCommand({ restApiId: o.restApiId }))).then((r) => {
        snapshot.api = mapRead(r, (a) => ({
          id: a.id ?? (o.restApiId as string),
          name: a.name,
          endpointTypes: a.endpointConfiguration?.types ?? [],
          vpcEndpointIds: a.endpointConfiguration?.vpcEndpointIds ?? [],
          policy: policyJson(a.policy),
          ipAddressType: a.endpointConfiguration?.ipAddressType,
          securityPolicy: a.securityPolicy,
          endpointAccessMode: a.endpointAccessMode,
        }));
      }),
    o.restApiId && readStage(o, c, snapshot),
    o.domainName &&
      read(() => c.apigw.send(new GetDomainNameCommand(domainKey))).then((r) => {
        snapshot.domain = mapRead(r, (d) => ({
          domainName: d.domainName ?? (o.domainName as string),
          domainNameId: d.domainNameId ?? (o.domainNameId as string),
          domainNameArn: d.domainNameArn,
          endpointTypes: d.endpointConfiguration?.types ?? [],
          policy: policyJson(d.policy),
          securityPolicy: d.securityPolicy,
          endpointAccessMode: d.endpointAccessMode,
          routingMode: d.routingMode,
        }));
      }),
    o.domainName &&
      read(() =>
        c.apigwv2.send(new ListRoutingRulesCommand({ DomainName: o.domainName, DomainNameId: o.domainNameId, MaxResults: 100 })),
      ).then((r) => {
        snapshot.routingRules = mapRead(r, (l) =>
          (l.RoutingRules ?? []).map((rule) => ({
            priority: rule.Priority ?? 0,
            conditions: (rule.Conditions ?? []).map((c) =>
              c.MatchHeaders
                ? {
                    matchHeaders: {
                      anyOf: (c.MatchHeaders.AnyOf ?? []).map((h) => ({ header: h.Header ?? "", valueGlob: h.ValueGlob ?? "" })),
                    },
                  }
                : { matchBasePaths: { anyOf: c.MatchBasePaths?.AnyOf ?? [] } },
            ),
            action: {
              apiId: rule.Actions?.[0]?.InvokeApi?.ApiId ?? "",
              stage: rule.Actions?.[0]?.InvokeApi?.Stage ?? "",
              stripBasePath: rule.Actions?.[0]?.InvokeApi?.StripBasePath ?? false,
            },
          })),
        );
      }),
    o.domainName &&
      readAssociations(c, "SELF").then((r) => {
        snapshot.accessAssociations = r;
      }),
    o.domainName &&
      read(() => c.apigw.send(new GetBasePathMappingsCommand(domainKey))).then((r) => {
        snapshot.basePathMappings = mapRead(r, (m) =>
          (m.items ?? []).map(({ basePath, restApiId, stage }) => ({ basePath, restApiId, stage })),
        );
      }),
    o.vpcLinkId &&
      read(() => c.apigwv2.send(new GetVpcLinkCommand({ VpcLinkId: o.vpcLinkId }))).then((r) => {
        snapshot.vpcLink = mapRead(r, (l) => ({
          vpcLinkId: l.VpcLinkId ?? (o.vpcLinkId as string),
          status: l.VpcLinkStatus,
          statusMessage: l.VpcLinkStatusMessage,
        }));
      }),
  ]);
  return snapshot;
}

async function readStage(o: DiagnoseOptions, c: DoctorClients, snapshot: Partial<Snapshot>): Promise<void> {
  if (o.stageName) {
    const r = await read(() => c.apigw.send(new GetStageCommand({ restApiId: o.restApiId, stageName: o.stageName })));
    snapshot.stage = mapRead(r, (s) => ({ stageName: s.stageName ?? (o.stageName as string), deploymentId: s.deploymentId }));
    return;
  }
  const r = await read(() => c.apigw.send(new GetStagesCommand({ restApiId: o.restApiId })));
  if (r.kind !== "found") {
    snapshot.stage = r;
    return;
  }
  const stages = (r.value.item ?? [])
    .filter((s) => s.stageName)
    .sort((a, b) => (a.stageName as string).localeCompare(b.stageName as string));
  if (!stages.length) {
    snapshot.stage = { kind: "missing", message: "the API has no stage" };
    return;
  }
  snapshot.stage = { kind: "found", value: { stageName: stages[0].stageName as string, deploymentId: stages[0].deploymentId } };
  snapshot.otherStages = stages.slice(1).map((s) => s.stageName as string);
}

function readAssociations(c: DoctorClients, resourceOwner: "SELF" | "OTHER_ACCOUNTS"): Promise<Read<AccessAssociationView[]>> {
  return read(() => c.apigw.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner }))).then((r) =>
    mapRead(r, (page) =>
      (page.items ?? []).map((a) => ({
        arn: a.domainNameAccessAssociationArn,
        domainNameArn: a.domainNameArn,
        sourceType: a.accessAssociationSourceType,
        source: a.accessAssociationSource,
      })),
    ),
  );
}

function mapRead<T, U>(r: Read<T>, fn: (value: T) => U): Read<U> {
  return r.kind === "found" ? { kind: "found", value: fn(r.value) } : r;
}

function ingressOf(p: IpPermission): IngressRule {
  return {
    ipProtocol: p.IpProtocol ?? "-1",
    fromPort: p.FromPort,
    toPort: p.ToPort,
    cidrs: (p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
    ipv6Cidrs: (p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : [])),
    groupIds: (p.UserIdGroupPairs ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
    prefixListIds: (p.PrefixListIds ?? []).flatMap((l) => (l.PrefixListId ? [l.PrefixListId] : [])),
  };
}

/** A read of many ids by a filter (absent ids are simply not returned), fanned out per id. */
function perId<T>(ids: string[], r: Read<Map<string, T>>): Record<string, Read<T>> {
  return Object.fromEntries(
    ids.map((id): [string, Read<T>] => {
      if (r.kind !== "found") return [id, r];
      const value = r.value.get(id);
      return [id, value === undefined ? { kind: "missing", message: `${id} was not returned` } : { kind: "found", value }];
    }),
  );
}

/** The EC2 reads: the endpoints, then their groups, VPCs and the other execute-api endpoints of those VPCs. */
async function readEc2(
  o: DiagnoseOptions,
  c: DoctorClients,
  vpcEndpointIds: string[],
): Promise<Pick<Snapshot, "endpoints" | "ingress" | "vpcs" | "vpcSiblings">> {
  const out: Pick<Snapshot, "endpoints" | "ingress" | "vpcs" | "vpcSiblings"> = { endpoints: {}, ingress: {}, vpcs: {}, vpcSiblings: {} };
  if (!vpcEndpointIds.length) return out;
  const endpoints = await read(async () => {
    const answer = await c.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-endpoint-id", Values: vpcEndpointIds }] }));
    return new Map(
      (answer.VpcEndpoints ?? []).map((e): [string, EndpointView] => [
        e.VpcEndpointId ?? "",
        {
          vpcEndpointId: e.VpcEndpointId ?? "",
          vpcEndpointType: e.VpcEndpointType,
          state: e.State ?? "unknown",
          serviceName: e.ServiceName ?? "",
          vpcId: e.VpcId ?? "",
          privateDnsEnabled: e.PrivateDnsEnabled ?? false,
          groupIds: (e.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
          policyDocument: e.PolicyDocument,
          ownerId: e.OwnerId,
          ipAddressType: e.IpAddressType,
        },
      ]),
    );
  });
  out.endpoints = perId(vpcEndpointIds, endpoints);
  const seen = endpoints.kind === "found" ? [...endpoints.value.values()] : [];
  const groupIds = [...new Set(seen.flatMap((e) => e.groupIds))];
  const vpcIds = [...new Set(seen.map((e) => e.vpcId).filter(Boolean))];
  await Promise.all([
    groupIds.length &&
      read(async () => {
        const answer = await c.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-id", Values: groupIds }] }));
        return new Map((answer.SecurityGroups ?? []).map((g) => [g.GroupId ?? "", (g.IpPermissions ?? []).map(ingressOf)]));
      }).then((r) => {
        out.ingress = perId(groupIds, r);
      }),
    vpcIds.length &&
      !o.sourceIp &&
      read(async () => {
        const answer = await c.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "vpc-id", Values: vpcIds }] }));
        return new Map(
          (answer.Vpcs ?? []).map((v) => [
            v.VpcId ?? "",
            [
              ...new Set([
                ...(v.CidrBlock ? [v.CidrBlock] : []),
                ...(v.CidrBlockAssociationSet ?? []).flatMap((a) => (a.CidrBlock ? [a.CidrBlock] : [])),
                ...(v.Ipv6CidrBlockAssociationSet ?? []).flatMap((a) => (a.Ipv6CidrBlock ? [a.Ipv6CidrBlock] : [])),
              ]),
            ],
          ]),
        );
      }).then((r) => {
        out.vpcs = perId(vpcIds, r);
      }),
    vpcIds.length &&
      read(async () => {
        const filters = [
          { Name: "vpc-id", Values: vpcIds },
          { Name: "service-name", Values: [executeApiServiceName(o.region)] },
        ];
        const answer = await c.ec2.send(new DescribeVpcEndpointsCommand({ Filters: filters }));
        const byVpc = new Map<string, { vpcEndpointId: string; privateDnsEnabled: boolean; state: string }[]>(vpcIds.map((v) => [v, []]));
        for (const e of answer.VpcEndpoints ?? [])
          byVpc
            .get(e.VpcId ?? "")
            ?.push({ vpcEndpointId: e.VpcEndpointId ?? "", privateDnsEnabled: e.PrivateDnsEnabled ?? false, state: e.State ?? "unknown" });
        return byVpc;
      }).then((r) => {
        out.vpcSiblings = perId(vpcIds, r);
      }),
  ]);
  return out;
}

/** The A lookup of a per-VPCE name: the servers of `APIGW_VPC_DNS_SERVERS`, else the system's resolver. */
export function lookupPerVpce(hostname: string): Promise<ProbeAnswer> {
  const servers = dnsServersFromEnv();
  return servers ? queryAuthorities(servers, hostname) : queryA(new Resolver({ timeout: 2000, tries: 2 }), hostname);
}

/** Reads everything the checks need. */
export async function readSnapshot(
  o: DiagnoseOptions,
  c: DoctorClients,
  lookup: (hostname: string) => Promise<ProbeAnswer> = lookupPerVpce,
): Promise<Snapshot> {
  const v1 = await readApiGateway(o, c);
  const api = v1.api?.kind === "found" ? v1.api.value : undefined;
  const vpcEndpointIds = o.vpcEndpointIds?.length ? [...new Set(o.vpcEndpointIds)] : (api?.vpcEndpointIds ?? []);
  const [ec2, dns] = await Promise.all([
    readEc2(o, c, vpcEndpointIds),
    Promise.all(vpcEndpointIds.map(async (v) => [v, api ? await lookup(perVpceHostname(api.id, v, o.region)) : undefined] as const)),
  ]);
  const snapshot: Snapshot = {
    region: o.region,
    ...v1,
    vpcEndpointIds,
    ...ec2,
    perVpceDns: Object.fromEntries(dns.filter((d): d is readonly [string, ProbeAnswer] => d[1] !== undefined)),
  };
  // The owner sees other accounts' associations with its domain only with resourceOwner=OTHER_ACCOUNTS.
  const own = snapshot.accessAssociations;
  const missing = (list: AccessAssociationView[]) => vpcEndpointIds.some((v) => !list.some((a) => a.source === v));
  if (snapshot.domain?.kind === "found" && own?.kind === "found" && missing(own.value)) {
    const others = await readAssociations(c, "OTHER_ACCOUNTS");
    snapshot.accessAssociations = others.kind === "found" ? { kind: "found", value: [...own.value, ...others.value] } : others;
  }
  return snapshot;
}
