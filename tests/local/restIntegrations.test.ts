/**
 * The sandbox's REST resource tree through the real @aws-sdk/client-api-gateway: resources,
 * methods, private integrations on a v2 VPC link (AWS's errors), atomic UpdateIntegration,
 * deployments that capture integrations, in-use links refusing DeleteVpcLink, and an
 * INACTIVE link failing invocations until it is re-provisioned.
 */
import assert from "node:assert/strict";
import {
  BadRequestException,
  ConflictException,
  CreateDeploymentCommand,
  DeleteIntegrationCommand,
  DeleteMethodCommand,
  GetIntegrationCommand,
  GetResourcesCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutMethodCommand,
  TestInvokeMethodCommand,
  UpdateIntegrationCommand,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, BadRequestException as V2BadRequest, DeleteVpcLinkCommand } from "@aws-sdk/client-apigatewayv2";
import { availableLink, loadBalancerArn, restApiWithMethods } from "../../support/restFixtures";
import { rejectsWith, useSandbox, v1Client } from "../../support/sandbox";

const ALB = loadBalancerArn("app", "orders");
const NLB = loadBalancerArn("net", "orders");

describe("sandbox: REST resources, methods and private integrations", () => {
  const ctx = useSandbox();
  const client = v1Client();
  const v2 = new ApiGatewayV2Client({ region: "us-east-1" });
  const put = (restApiId: string, resourceId: string, extra: Record<string, unknown>) =>
    client.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId,
        httpMethod: "GET",
        type: "HTTP_PROXY",
        integrationHttpMethod: "GET",
        uri: "http://orders.internal/",
        connectionType: "VPC_LINK",
        ...extra,
      }),
    );

  it("lists resources with their paths and methods, and refuses a duplicate method", async () => {
    const { restApiId, resources } = await restApiWithMethods({ orders: ["GET", "POST"] });
    const listed = await client.send(new GetResourcesCommand({ restApiId }));
    const orders = listed.items?.find((r) => r.id === resources.orders);
    assert.equal(orders?.path, "/orders");
    assert.deepEqual(Object.keys(orders?.resourceMethods ?? {}).sort(), ["GET", "POST"]);
    await rejectsWith(
      client.send(new PutMethodCommand({ restApiId, resourceId: resources.orders, httpMethod: "GET", authorizationType: "NONE" })),
      ConflictException,
      409,
    );
  });

  it("puts a private integration on a v2 link and reads back connectionType, connectionId and integrationTarget", async () => {
    const { restApiId, resources } = await restApiWithMethods({ orders: ["GET"] });
    const link = await availableLink();
    await put(restApiId, resources.orders, { connectionId: link, integrationTarget: ALB, timeoutInMillis: 5000 });
    const got = await client.send(new GetIntegrationCommand({ restApiId, resourceId: resources.orders, httpMethod: "GET" }));
    assert.equal(got.connectionType, "VPC_LINK");
    assert.equal(got.connectionId, link);
    assert.equal(got.integrationTarget, ALB);
    assert.equal(got.timeoutInMillis, 5000);
    assert.equal(got.httpMethod, "GET");
  });

  it("answers AWS's errors: no target for a v2 link, a malformed or foreign-region ARN, an unknown link, no method", async () => {
    const { restApiId, resources } = await restApiWithMethods({ orders: ["GET"] });
    const link = await availableLink();
    const missing = await rejectsWith(put(restApiId, resources.orders, { connectionId: link }), BadRequestException, 400);
    assert.match(missing.message, /IntegrationTarget is required for VpcLinkV2/);
    const malformed = await rejectsWith(
      put(restApiId, resources.orders, {
        connectionId: link,
        integrationTarget: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0123456789abcdef",
      }),
      BadRequestException,
      400,
    );
    assert.match(malformed.message, /Invalid IntegrationTarget/);
    const foreign = await rejectsWith(
      put(restApiId, resources.orders, { connectionId: link, integrationTarget: loadBalancerArn("app", "orders", "eu-west-1") }),
      BadRequestException,
      400,
    );
    assert.match(foreign.message, /eu-west-1/);
    await rejectsWith(put(restApiId, resources.orders, { connectionId: "zzzzzzz", integrationTarget: ALB }), NotFoundException, 404);
    const noMethod = await rejectsWith(
      client.send(new PutIntegrationCommand({ restApiId, resourceId: resources.orders, httpMethod: "DELETE", type: "MOCK" })),
      NotFoundException,
      404,
    );
    assert.match(noMethod.message, /Invalid Method identifier/);
  });

  it("applies UpdateIntegration patches atomically: a bad operation changes nothing", async () => {
    const { restApiId, resources } = await restApiWithMethods({ orders: ["GET"] });
    const link = await availableLink();
    await put(restApiId, resources.orders, { connectionId: link, integrationTarget: ALB });
    const key = { restApiId, resourceId: resources.orders, httpMethod: "GET" };
    const updated = await client.send(
      new UpdateIntegrationCommand({
        ...key,
        patchOperations: [
          { op: "replace", path: "/integrationTarget", value: NLB },
          { op: "add", path: "/requestParameters/integration.request.header.x-tenant", value: "'orders'" },
        ],
      }),
    );
    assert.equal(updated.integrationTarget, NLB);
    assert.deepEqual(updated.requestParameters, { "integration.request.header.x-tenant": "'orders'" });
    await rejectsWith(
      client.send(
        new UpdateIntegrationCommand({
          ...key,
          patchOperations: [
            { op: "replace", path: "/uri", value: "http://other.internal/" },
            { op: "replace", path: "/integrationTarget", value: "" },
          ],
        }),
      ),
      BadRequestException,
      400,
    );
    const after = await client.send(new GetIntegrationCommand(key));
    assert.equal(after.uri, "http://orders.internal/");
    assert.equal(after.integrationTarget, NLB);
  });

  it("blocks DeleteVpcLink while an integration or a deployed stage refers to the link, naming the references", async () => {
    const { restApiId, resources } = await restApiWithMethods({ orders: ["GET"] });
    const link = await availableLink();
    await put(restApiId, resources.orders, { connectionId: link, integrationTarget: ALB });
    const byIntegration = await rejectsWith(v2.send(new DeleteVpcLinkCommand({ VpcLinkId: link })), V2BadRequest, 400);
    assert.match(byIntegration.message, new RegExp(`Cannot delete vpc link.*${link}.*referenced in \\[${restApiId}:GET:/orders:\\]`));
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
    const key = { restApiId, resourceId: resources.orders, httpMethod: "GET" };
    await client.send(new DeleteIntegrationCommand(key));
    // The integration is gone, but the deployed stage still serves it.
    const byStage = await rejectsWith(v2.send(new DeleteVpcLinkCommand({ VpcLinkId: link })), V2BadRequest, 400);
    assert.match(byStage.message, new RegExp(`\\[${restApiId}:GET:/orders:prod\\] in format of \\[RESTApiId:Method:Resource:Stage\\]`));
    assert.deepEqual(ctx.sandbox.control.state().vpcLinks.find((l) => l.vpcLinkId === link)?.references, [`${restApiId}:GET:/orders:prod`]);
    // A method without an integration cannot be deployed; remove it, then redeploy.
    const undeployable = await rejectsWith(
      client.send(new CreateDeploymentCommand({ restApiId, stageName: "prod" })),
      BadRequestException,
      400,
    );
    assert.match(undeployable.message, /No integration defined for method/);
    await client.send(new DeleteMethodCommand(key));
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
    await v2.send(new DeleteVpcLinkCommand({ VpcLinkId: link }));
  });

  it("resolves a stage-variable connectionId when the deployment captures it", async () => {
    const { restApiId, resources } = await restApiWithMethods({ orders: ["GET"] });
    const link = await availableLink();
    await put(restApiId, resources.orders, { connectionId: "${stageVariables.vpcLinkV2Id}", integrationTarget: ALB });
    await v2.send(new DeleteVpcLinkCommand({ VpcLinkId: await availableLink() })); // an unrelated link is free
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: "live", variables: { vpcLinkV2Id: link } }));
    const refused = await rejectsWith(v2.send(new DeleteVpcLinkCommand({ VpcLinkId: link })), V2BadRequest, 400);
    assert.match(refused.message, new RegExp(`${restApiId}:GET:/orders:live`));
  });

  it("fails invocations through an INACTIVE link until traffic has re-provisioned it", async () => {
    const { restApiId, resources } = await restApiWithMethods({ orders: ["GET"] });
    const link = await availableLink();
    await put(restApiId, resources.orders, { connectionId: link, integrationTarget: ALB });
    const invoke = () => client.send(new TestInvokeMethodCommand({ restApiId, resourceId: resources.orders, httpMethod: "GET" }));
    assert.equal((await invoke()).status, 200);
    ctx.sandbox.control.setVpcLinkInactive(link);
    const failed = await invoke();
    assert.equal(failed.status, 500);
    assert.match(failed.log ?? "", /INACTIVE/);
    const statuses = [failed.status];
    const deadline = Date.now() + 10_000;
    while (statuses[statuses.length - 1] !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      statuses.push((await invoke()).status as number);
    }
    assert.equal(statuses[statuses.length - 1], 200, "the link came back after re-provisioning");
    assert.ok(statuses.slice(0, -1).every((s) => s === 500));
    assert.equal(ctx.sandbox.control.state().vpcLinks.find((l) => l.vpcLinkId === link)?.vpcLinkStatus, "AVAILABLE");
  });
});
