/**
 * 9. Doctor reads: what walking a private path costs in AWS read calls, counted from the
 * sandbox's request log, for one API with 1 and with 5 endpoints (each with its own group),
 * a private custom domain and a VPC link.
 *
 *   ours     -> diagnosePrivateApi: GetRestApi, GetStage, one DescribeVpcEndpoints for the
 *               endpoints and one for their VPCs' other execute-api endpoints, one
 *               DescribeSecurityGroups and one DescribeVpcs for all of them, and the domain's and
 *               link's reads
 *   baseline -> a naive walk, as a checklist reads it: the API and its stages and deployments,
 *               then each endpoint, each of its groups, its VPC and the VPC's endpoints one call
 *               at a time; the domain by listing domains then reading it; the link by listing
 *               links then reading it
 */
import {
  APIGatewayClient,
  GetBasePathMappingsCommand,
  GetDeploymentsCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetRestApiCommand,
  GetStagesCommand,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetVpcLinkCommand, GetVpcLinksCommand } from "@aws-sdk/client-apigatewayv2";
import { DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import type { Sandbox } from "../local";
import { diagnosePrivateApi, type DiagnoseOptions } from "../provider/doctor";
import { buildPrivatePath, type PrivatePath } from "../support/privatePath";
import { availableLink } from "../support/restFixtures";
import { fmt, REGION, withSandbox, type Row, type ScenarioResult } from "./common";

const TARGET_CALLS = 15;
const FAST = { timeScale: 0.001, delays: { dnsPropagationMs: 50, vpcEndpointProvisionMs: 50, vpcLinkProvisionMs: 50 } };

/** The naive walk's reads, one resource per call. */
async function naiveWalk(path: PrivatePath, vpcLinkId: string): Promise<void> {
  const apigw = new APIGatewayClient({ region: REGION });
  const v2 = new ApiGatewayV2Client({ region: REGION });
  const ec2 = new EC2Client({ region: REGION });
  try {
    const restApiId = path.restApiId;
    await apigw.send(new GetRestApiCommand({ restApiId }));
    await apigw.send(new GetStagesCommand({ restApiId }));
    await apigw.send(new GetDeploymentsCommand({ restApiId }));
    for (const id of path.vpcEndpointIds) {
      const e = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints?.[0];
      for (const g of e?.Groups ?? []) await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [g.GroupId as string] }));
      await ec2.send(new DescribeVpcsCommand({ VpcIds: [e?.VpcId as string] }));
      await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-id", Values: [e?.VpcId as string] }] }));
    }
    if (path.domain) {
      const { domainName, domainNameId } = path.domain;
      await apigw.send(new GetDomainNamesCommand({ resourceOwner: "SELF" }));
      await apigw.send(new GetDomainNameCommand({ domainName, domainNameId }));
      await apigw.send(new GetBasePathMappingsCommand({ domainName, domainNameId }));
      await apigw.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: "SELF" }));
      await apigw.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: "OTHER_ACCOUNTS" }));
    }
    await v2.send(new GetVpcLinksCommand({}));
    await v2.send(new GetVpcLinkCommand({ VpcLinkId: vpcLinkId }));
  } finally {
    [apigw, v2, ec2].forEach((c) => c.destroy());
  }
}

interface Measured {
  endpoints: number;
  ours: number;
  baseline: number;
  verdict: string;
  mutations: number;
}

async function measure(sandbox: Sandbox, endpoints: number): Promise<Measured> {
  const path = await buildPrivatePath({ endpoints, domain: endpoints === 1 });
  const vpcLinkId = await availableLink(REGION);
  const options: DiagnoseOptions = {
    region: REGION,
    restApiId: path.restApiId,
    stageName: path.stageName,
    vpcLinkId,
    ...(path.domain ? { domainName: path.domain.domainName, domainNameId: path.domain.domainNameId } : {}),
  };
  sandbox.control.clearRequestLog();
  const diagnosis = await diagnosePrivateApi(options);
  const ourLog = sandbox.control.requestLog();
  sandbox.control.clearRequestLog();
  await naiveWalk(path, vpcLinkId);
  const baseline = sandbox.control.requestLog().length;
  const mutations = ourLog.filter((e) => !/^(Get|Describe)/.test(e.operation)).length;
  return { endpoints, ours: ourLog.length, baseline, verdict: diagnosis.verdict, mutations };
}

export async function doctorReads(): Promise<ScenarioResult> {
  const cases = await withSandbox(FAST, async (sandbox) => [await measure(sandbox, 1), await measure(sandbox, 5)]);
  const rows: Row[] = cases.map((c) => ({
    figure: `read calls, ${c.endpoints} endpoint${c.endpoints > 1 ? "s" : ""}${c.endpoints === 1 ? " + domain" : ""} + link`,
    value: String(c.ours),
    baseline: String(c.baseline),
    ratio: fmt.ratio(c.ours / c.baseline),
    target: c.endpoints === 1 ? `≤ ${TARGET_CALLS}, no mutation` : "flat in endpoints",
    met: c.mutations === 0 && c.verdict === "ok" && (c.endpoints === 1 ? c.ours <= TARGET_CALLS : c.ours <= cases[0].ours),
  }));
  return {
    rows,
    details: { cases },
    notes: [
      "Counted from the sandbox's request log; the per-VPCE DNS lookups are not AWS calls and are not counted.",
      "Baseline: one call per resource, as a checklist walks them (see bench/doctorReads.ts). Ratio = our calls / baseline calls.",
    ],
  };
}
