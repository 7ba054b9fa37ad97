/**
 * Test support for REST private integrations: a REST API with resources and methods, an
 * AVAILABLE v2 VPC link, and load balancer ARNs, all arranged through the real SDK clients.
 */
import { ApiGatewayV2Client, CreateVpcLinkCommand, GetVpcLinkCommand } from "@aws-sdk/client-apigatewayv2";
import {
  CreateResourceCommand,
  GetRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { createNetwork } from "./network";
import { createRestApi, OPEN_INVOKE_POLICY, TEST_REGION, v1Client } from "./sandbox";

/** An ALB (`app`) or NLB (`net`) ARN in the region. */
export function loadBalancerArn(kind: "app" | "net", name: string, region = TEST_REGION): string {
  return `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/${kind}/${name}/0123456789abcdef`;
}

/** Creates a v2 link (in a new network of its own) and waits until it is AVAILABLE; returns its id. */
export async function availableLink(region = TEST_REGION): Promise<string> {
  const v2 = new ApiGatewayV2Client({ region });
  const network = await createNetwork({ region });
  const created = await v2.send(
    new CreateVpcLinkCommand({ Name: "rest-link", SubnetIds: network.subnetIds, SecurityGroupIds: network.groupIds }),
  );
  const id = created.VpcLinkId as string;
  const deadline = Date.now() + 20_000;
  while ((await v2.send(new GetVpcLinkCommand({ VpcLinkId: id }))).VpcLinkStatus !== "AVAILABLE") {
    if (Date.now() > deadline) throw new Error(`link ${id} never became AVAILABLE`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return id;
}

export interface RestFixture {
  restApiId: string;
  rootId: string;
  /** pathPart -> resource id, for each resource created under the root. */
  resources: Record<string, string>;
}

/**
 * A PRIVATE REST API with `/{pathPart}` resources, each with the given methods (no
 * integration yet), a MOCK GET on the root and a resource policy, so the API stays deployable
 * on its own (AWS deploys no PRIVATE API without a policy).
 */
export async function restApiWithMethods(paths: Record<string, string[]>, region = TEST_REGION): Promise<RestFixture> {
  const client = v1Client(region);
  const restApiId = await createRestApi({ region });
  const rootId = (await client.send(new GetRestApiCommand({ restApiId }))).rootResourceId as string;
  await client.send(
    new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: "replace", path: "/policy", value: OPEN_INVOKE_POLICY }] }),
  );
  await client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: "GET", authorizationType: "NONE" }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: "GET", type: "MOCK" }));
  const resources: Record<string, string> = {};
  for (const [pathPart, methods] of Object.entries(paths)) {
    const r = await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart }));
    resources[pathPart] = r.id as string;
    for (const httpMethod of methods) {
      await client.send(new PutMethodCommand({ restApiId, resourceId: r.id, httpMethod, authorizationType: "NONE" }));
    }
  }
  return { restApiId, rootId, resources };
}
