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
  UpdateDomainNameCommand,
  UpdateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  APIGatewayClient,
} from "@aws-sdk/client-api-gateway";
import { createEndpoint, createNetwork } from "./network";
import { TEST_ACCESS_KEY_ID, TEST_REGION, v1Client } from "./sandbox";

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

/** A consumer account, as the sandbox's `accounts` option maps its access key. */
export interface ConsumerAccount {
  /** Its 12-digit account id. */
  account: string;
  /** The access key the sandbox maps to it. */
  accessKeyId: string;
}

/**
 * Shares `path`'s private domain with a consumer account's endpoint, as AWS's cross-account
 * guide does: builds the consumer's endpoint (with its key), lets the consumer create access
 * associations (the domain's management policy), allows both endpoints in the domain's and the
 * API's policies (`addToApi`: also associates the consumer's endpoint with the API), redeploys,
 * and creates the association as the consumer.
 */
export async function shareDomainWithConsumer(
  path: PrivatePath,
  consumer: ConsumerAccount,
  opts: { addToApi?: boolean } = {},
): Promise<{ consumerVpce: string; associationArn: string }> {
  const domain = path.domain;
  if (!domain) throw new Error("the path has no private domain");
  process.env.AWS_ACCESS_KEY_ID = consumer.accessKeyId;
  let consumerVpce: string;
  try {
    consumerVpce = (await buildPrivatePath()).vpcEndpointId;
  } finally {
    process.env.AWS_ACCESS_KEY_ID = TEST_ACCESS_KEY_ID;
  }
  const both = [path.vpcEndpointId, consumerVpce];
  const management = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: [consumer.account] },
        Action: "apigateway:CreateAccessAssociation",
        Resource: domain.domainNameArn,
      },
    ],
  });
  const owner = v1Client(TEST_REGION);
  await owner.send(
    new UpdateDomainNameCommand({
      domainName: domain.domainName,
      domainNameId: domain.domainNameId,
      patchOperations: [
        { op: "replace", path: "/managementPolicy", value: management },
        { op: "replace", path: "/policy", value: endpointOnlyPolicy(both) },
      ],
    }),
  );
  await owner.send(
    new UpdateRestApiCommand({
      restApiId: path.restApiId,
      patchOperations: [
        ...(opts.addToApi ? [{ op: "add" as const, path: "/endpointConfiguration/vpcEndpointIds", value: consumerVpce }] : []),
        { op: "replace", path: "/policy", value: endpointOnlyPolicy(both) },
      ],
    }),
  );
  await owner.send(new CreateDeploymentCommand({ restApiId: path.restApiId, stageName: path.stageName }));
  const client = new APIGatewayClient({
    region: TEST_REGION,
    credentials: { accessKeyId: consumer.accessKeyId, secretAccessKey: "consumer-secret" },
  });
  try {
    const association = await client.send(
      new CreateDomainNameAccessAssociationCommand({
        domainNameArn: domain.domainNameArn,
        accessAssociationSourceType: "VPCE",
        accessAssociationSource: consumerVpce,
      }),
    );
    return { consumerVpce, associationArn: association.domainNameAccessAssociationArn as string };
  } finally {
    client.destroy();
  }
}
