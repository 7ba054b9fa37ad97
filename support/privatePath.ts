/**
 * Test and bench support: a healthy private path built in the sandbox through the public AWS
 * APIs, as a user builds one: a VPC with an execute-api interface endpoint whose group admits
 * the VPC on 443, a PRIVATE REST API associated with it, a resource policy that admits only that
 * endpoint, a deployed stage, and (on request) a private custom domain mapped to the stage.
 */
import {
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameAccessAssociationCommand,
  CreateDomainNameCommand,
  CreateRestApiCommand,
  GetRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from "@aws-sdk/client-api-gateway";
import { createEndpoint, createNetwork } from "./network";
import { TEST_REGION, v1Client } from "./sandbox";

/** The ids of a private path. */
export interface PrivatePath {
  region: string;
  vpcId: string;
  subnetIds: string[];
  /** The first endpoint's security group. */
  groupId: string;
  /** The first endpoint. */
  vpcEndpointId: string;
  /** Every endpoint, each with its own security group (`groupIds`, in the same order). */
  vpcEndpointIds: string[];
  groupIds: string[];
  restApiId: string;
  stageName: string;
  /** Present when the path was built with a domain. */
  domain?: { domainName: string; domainNameId: string; domainNameArn: string };
}

/** The policy PrivateApiAccess's invokePolicy has: allow these endpoints, deny every other caller. */
export function endpointOnlyPolicy(endpoints: string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        Condition: { StringEquals: { "aws:SourceVpce": endpoints } },
      },
      {
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        Condition: { StringNotEquals: { "aws:SourceVpce": endpoints } },
      },
    ],
  });
}

/**
 * Builds a healthy private path; `endpoints` (default 1) endpoints, each with its own group;
 * `domain` adds a private custom domain mapped to the stage.
 */
export async function buildPrivatePath(opts: { region?: string; domain?: boolean; endpoints?: number } = {}): Promise<PrivatePath> {
  const region = opts.region ?? TEST_REGION;
  const apigw = v1Client(region);
  try {
    const endpoints = opts.endpoints ?? 1;
    const network = await createNetwork({ region, groups: endpoints, admitVpcHttps: true });
    const { vpcId, subnetIds, groupIds } = network;
    const vpcEndpointIds: string[] = [];
    for (const groupId of groupIds) vpcEndpointIds.push(await createEndpoint(network, { groupId }));
    const [vpcEndpointId] = vpcEndpointIds;
    const [groupId] = groupIds;
    const api = await apigw.send(
      new CreateRestApiCommand({
        name: "doctor-path",
        endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds },
        policy: endpointOnlyPolicy(vpcEndpointIds),
      }),
    );
    const restApiId = api.id as string;
    const rootId = (await apigw.send(new GetRestApiCommand({ restApiId }))).rootResourceId as string;
    const method = { restApiId, resourceId: rootId, httpMethod: "GET" };
    await apigw.send(new PutMethodCommand({ ...method, authorizationType: "NONE" }));
    await apigw.send(new PutMethodResponseCommand({ ...method, statusCode: "200" }));
    await apigw.send(
      new PutIntegrationCommand({ ...method, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }),
    );
    await apigw.send(
      new PutIntegrationResponseCommand({ ...method, statusCode: "200", responseTemplates: { "application/json": '{"ok": true}' } }),
    );
    const stageName = "prod";
    await apigw.send(new CreateDeploymentCommand({ restApiId, stageName }));
    const path: PrivatePath = { region, vpcId, subnetIds, groupId, vpcEndpointId, vpcEndpointIds, groupIds, restApiId, stageName };
    if (opts.domain) path.domain = await privateDomain(apigw, path);
    return path;
  } finally {
    apigw.destroy();
  }
}

async function privateDomain(apigw: ReturnType<typeof v1Client>, path: PrivatePath): Promise<NonNullable<PrivatePath["domain"]>> {
  const domainName = `api-${path.restApiId}.internal.example.com`;
  const created = await apigw.send(
    new CreateDomainNameCommand({
      domainName,
      certificateArn: `arn:aws:acm:${path.region}:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab`,
      endpointConfiguration: { types: ["PRIVATE"] },
      securityPolicy: "TLS_1_2",
      policy: endpointOnlyPolicy([path.vpcEndpointId]),
    }),
  );
  const domain = { domainName, domainNameId: created.domainNameId as string, domainNameArn: created.domainNameArn as string };
  await apigw.send(
    new CreateBasePathMappingCommand({ domainName, domainNameId: domain.domainNameId, restApiId: path.restApiId, stage: path.stageName }),
  );
  await apigw.send(
    new CreateDomainNameAccessAssociationCommand({
      domainNameArn: domain.domainNameArn,
      accessAssociationSourceType: "VPCE",
      accessAssociationSource: path.vpcEndpointId,
    }),
  );
  return domain;
}
