/**
 * The REST API fields the sandbox stores as AWS does, through the real
 * @aws-sdk/client-api-gateway: policy (create, get, `replace /policy`, the `execute-api:/`
 * shorthand, GetRestApi's escaped form), disableExecuteApiEndpoint, apiKeySource,
 * binaryMediaTypes, endpointConfiguration.ipAddressType; the deployment rules (no methods, a
 * PRIVATE API without a policy); GetDeployment(s), CreateStage/DeleteStage, stage variables;
 * method and integration responses; the integration timeout bounds; base path mappings to a stage.
 */
import assert from "node:assert/strict";
import {
  APIGatewayClient,
  BadRequestException,
  ConflictException,
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  GetRestApiCommand,
  GetStageCommand,
  NotFoundException,
  PutIntegrationResponseCommand,
  UpdateIntegrationCommand,
  UpdateRestApiCommand,
  type PatchOperation,
} from "@aws-sdk/client-api-gateway";
import { evaluatePolicy, executeApiArn, parsePolicy } from "../../provider/accessPolicy";
import { createRestApi, FAST, makeDeployable, OPEN_INVOKE_POLICY, rejectsWith, useSandbox, vpceIds } from "../../support/sandbox";

const client = () => new APIGatewayClient({ region: "us-east-1" });
const update = (restApiId: string, patchOperations: PatchOperation[]) =>
  client().send(new UpdateRestApiCommand({ restApiId, patchOperations }));
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
    {
      Effect: "Deny",
      Principal: "*",
      Action: "execute-api:Invoke",
      Resource: "execute-api:/*",
      Condition: { IpAddress: { "aws:VpcSourceIp": "10.9.0.0/16" } },
    },
  ],
});

describe("sandbox v1: REST API fields, deployments and stages as AWS stores them", () => {
  useSandbox({ ...FAST, timeScale: 1e-4 });

  describe("policy", () => {
    it("stores the policy given at create with execute-api:/ expanded, and GetRestApi returns it escaped", async () => {
      const created = await client().send(
        new CreateRestApiCommand({ name: "p", endpointConfiguration: { types: ["PRIVATE"] }, policy: POLICY }),
      );
      const read = await client().send(new GetRestApiCommand({ restApiId: created.id }));
      assert.equal(read.policy, created.policy);
      assert.ok(read.policy?.startsWith('{\\"Version\\":\\"2012-10-17\\"'), read.policy);
      const stored = parsePolicy(read.policy as string);
      const resource = `arn:aws:execute-api:us-east-1:123456789012:${created.id}/*`;
      assert.deepEqual(
        stored.Statement.map((s) => s.Resource),
        [resource, resource],
      );
      const arn = executeApiArn({
        region: "us-east-1",
        accountId: "123456789012",
        restApiId: created.id as string,
        stage: "prod",
        method: "GET",
        path: "/",
      });
      assert.equal(
        evaluatePolicy(read.policy as string, { action: "execute-api:Invoke", resource: arn, context: { "aws:VpcSourceIp": "10.9.1.1" } })
          .decision,
        "explicit-deny",
      );
    });

    it("replaces /policy (AWS's documented way to attach one), and an empty value detaches it", async () => {
      const id = await createRestApi();
      assert.equal((await client().send(new GetRestApiCommand({ restApiId: id }))).policy, undefined);
      const attached = await update(id, [{ op: "replace", path: "/policy", value: OPEN_INVOKE_POLICY }]);
      assert.match(attached.policy ?? "", new RegExp(`execute-api:us-east-1:123456789012:${id}\\\\\\\\/\\*`));
      const detached = await update(id, [{ op: "replace", path: "/policy", value: "" }]);
      assert.equal(detached.policy, undefined);
    });

    it("refuses a policy that is not a policy document, naming the problem", async () => {
      const id = await createRestApi();
      const e = await rejectsWith(update(id, [{ op: "replace", path: "/policy", value: "{not json" }]), BadRequestException, 400);
      assert.match(e.message, /Invalid policy document.*not valid JSON/);
      await rejectsWith(
        client().send(new CreateRestApiCommand({ name: "p", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*" }] }) })),
        BadRequestException,
        400,
      );
    });
  });

  describe("the other stored fields", () => {
    it("keeps disableExecuteApiEndpoint, apiKeySource and binaryMediaTypes from create", async () => {
      const created = await client().send(
        new CreateRestApiCommand({
          name: "f",
          disableExecuteApiEndpoint: true,
          apiKeySource: "AUTHORIZER",
          binaryMediaTypes: ["image/png"],
        }),
      );
      const read = await client().send(new GetRestApiCommand({ restApiId: created.id }));
      assert.equal(read.disableExecuteApiEndpoint, true);
      assert.equal(read.apiKeySource, "AUTHORIZER");
      assert.deepEqual(read.binaryMediaTypes, ["image/png"]);
    });

    it("patches /disableExecuteApiEndpoint, /apiKeySource and /binaryMediaTypes/<escaped type>", async () => {
      const id = await createRestApi();
      let api = await update(id, [
        { op: "replace", path: "/disableExecuteApiEndpoint", value: "true" },
        { op: "replace", path: "/apiKeySource", value: "AUTHORIZER" },
        { op: "add", path: "/binaryMediaTypes/image~1jpeg" },
        { op: "add", path: "/binaryMediaTypes/application~1octet-stream" },
      ]);
      assert.equal(api.disableExecuteApiEndpoint, true);
      assert.equal(api.apiKeySource, "AUTHORIZER");
      assert.deepEqual(api.binaryMediaTypes, ["image/jpeg", "application/octet-stream"]);
      api = await update(id, [
        { op: "replace", path: "/binaryMediaTypes/image~1jpeg", value: "image/png" },
        { op: "remove", path: "/binaryMediaTypes/application~1octet-stream" },
      ]);
      assert.deepEqual(api.binaryMediaTypes, ["image/png"]);
    });

    it("refuses bad values with BadRequestException", async () => {
      const id = await createRestApi();
      await rejectsWith(update(id, [{ op: "replace", path: "/apiKeySource", value: "QUERY" }]), BadRequestException, 400);
      await rejectsWith(update(id, [{ op: "replace", path: "/disableExecuteApiEndpoint", value: "yes" }]), BadRequestException, 400);
      await rejectsWith(update(id, [{ op: "remove", path: "/binaryMediaTypes/text~1csv" }]), BadRequestException, 400);
      await rejectsWith(update(id, [{ op: "replace", path: "/minimumCompressionSize", value: "1" }]), BadRequestException, 400);
    });

    it("gives PRIVATE APIs only dualstack, and returns ipAddressType", async () => {
      await rejectsWith(
        client().send(new CreateRestApiCommand({ name: "v4", endpointConfiguration: { types: ["PRIVATE"], ipAddressType: "ipv4" } })),
        BadRequestException,
        400,
      );
      const regional = await client().send(
        new CreateRestApiCommand({ name: "r", endpointConfiguration: { types: ["REGIONAL"], ipAddressType: "dualstack" } }),
      );
      assert.equal(regional.endpointConfiguration?.ipAddressType, "dualstack");
      const id = await createRestApi();
      await rejectsWith(
        update(id, [{ op: "replace", path: "/endpointConfiguration/ipAddressType", value: "ipv4" }]),
        BadRequestException,
        400,
      );
      assert.equal((await client().send(new GetRestApiCommand({ restApiId: id }))).endpointConfiguration?.ipAddressType, "dualstack");
    });
  });

  describe("deployments", () => {
    it("refuses to deploy an API without methods, with AWS's message", async () => {
      const id = await createRestApi({ type: "REGIONAL" });
      const e = await rejectsWith(
        client().send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" })),
        BadRequestException,
        400,
      );
      assert.equal(e.message, "The REST API doesn't contain any methods");
    });

    it("refuses to deploy a PRIVATE API without a resource policy, with AWS's message", async () => {
      const id = await createRestApi();
      await makeDeployable(id);
      await update(id, [{ op: "replace", path: "/policy", value: "" }]);
      const e = await rejectsWith(
        client().send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" })),
        BadRequestException,
        400,
      );
      assert.equal(e.message, "Private REST API doesn't have a resource policy attached to it");
    });

    it("serves GetDeployment and GetDeployments", async () => {
      const id = await createRestApi();
      await makeDeployable(id);
      const d = await client().send(new CreateDeploymentCommand({ restApiId: id, description: "first" }));
      const read = await client().send(new GetDeploymentCommand({ restApiId: id, deploymentId: d.id }));
      assert.equal(read.description, "first");
      assert.deepEqual(read.createdDate, d.createdDate);
      const all = await client().send(new GetDeploymentsCommand({ restApiId: id }));
      assert.deepEqual(
        all.items?.map((i) => i.id),
        [d.id],
      );
      await rejectsWith(client().send(new GetDeploymentCommand({ restApiId: id, deploymentId: "nope00" })), NotFoundException, 404);
    });
  });

  describe("stages", () => {
    it("creates a stage with variables, refuses a second one of that name, and deletes it", async () => {
      const id = await createRestApi();
      await makeDeployable(id);
      const d = await client().send(new CreateDeploymentCommand({ restApiId: id }));
      const stage = await client().send(
        new CreateStageCommand({ restApiId: id, stageName: "live", deploymentId: d.id, variables: { vpcLinkId: "abc123" } }),
      );
      assert.equal(stage.$metadata.httpStatusCode, 201);
      const read = await client().send(new GetStageCommand({ restApiId: id, stageName: "live" }));
      assert.deepEqual(read.variables, { vpcLinkId: "abc123" });
      assert.equal(read.deploymentId, d.id);
      await rejectsWith(
        client().send(new CreateStageCommand({ restApiId: id, stageName: "live", deploymentId: d.id })),
        ConflictException,
        409,
      );
      await rejectsWith(
        client().send(new CreateStageCommand({ restApiId: id, stageName: "other", deploymentId: "nope00" })),
        NotFoundException,
        404,
      );
      await rejectsWith(
        client().send(new CreateStageCommand({ restApiId: id, stageName: "bad-name", deploymentId: d.id })),
        BadRequestException,
        400,
      );
      await client().send(new DeleteStageCommand({ restApiId: id, stageName: "live" }));
      await rejectsWith(client().send(new GetStageCommand({ restApiId: id, stageName: "live" })), NotFoundException, 404);
      await rejectsWith(client().send(new DeleteStageCommand({ restApiId: id, stageName: "live" })), NotFoundException, 404);
    });

    it("sets a stage's variables from CreateDeployment", async () => {
      const id = await createRestApi();
      await makeDeployable(id);
      await client().send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod", variables: { color: "blue" } }));
      assert.deepEqual((await client().send(new GetStageCommand({ restApiId: id, stageName: "prod" }))).variables, { color: "blue" });
    });
  });

  describe("method and integration responses, timeouts", () => {
    it("stores method and integration responses, and GetMethod lists the method's", async () => {
      const id = await createRestApi();
      await makeDeployable(id);
      const resourceId = (await client().send(new GetRestApiCommand({ restApiId: id }))).rootResourceId as string;
      const m = { restApiId: id, resourceId, httpMethod: "GET" };
      assert.equal((await client().send(new GetMethodResponseCommand({ ...m, statusCode: "200" }))).statusCode, "200");
      const ir = await client().send(new GetIntegrationResponseCommand({ ...m, statusCode: "200" }));
      assert.deepEqual(ir.responseTemplates, { "application/json": '{"ok":true}' });
      assert.deepEqual(Object.keys((await client().send(new GetMethodCommand(m))).methodResponses ?? {}), ["200"]);
      await rejectsWith(client().send(new GetMethodResponseCommand({ ...m, statusCode: "404" })), NotFoundException, 404);
      await rejectsWith(client().send(new PutIntegrationResponseCommand({ ...m, statusCode: "404" })), NotFoundException, 404);
    });

    it("accepts integration timeouts of 50 to 29,000 ms only", async () => {
      const id = await createRestApi();
      await makeDeployable(id);
      const resourceId = (await client().send(new GetRestApiCommand({ restApiId: id }))).rootResourceId as string;
      const patch = (value: string) =>
        client().send(
          new UpdateIntegrationCommand({
            restApiId: id,
            resourceId,
            httpMethod: "GET",
            patchOperations: [{ op: "replace", path: "/timeoutInMillis", value }],
          }),
        );
      assert.equal((await patch("29000")).timeoutInMillis, 29000);
      assert.equal((await patch("50")).timeoutInMillis, 50);
      await rejectsWith(patch("60000"), BadRequestException, 400);
      await rejectsWith(patch("49"), BadRequestException, 400);
    });
  });

  it("refuses a base path mapping to a stage the API does not have", async () => {
    const id = await createRestApi({ vpcEndpointIds: vpceIds(1) });
    await makeDeployable(id);
    await client().send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    const domain = await client().send(
      new CreateDomainNameCommand({
        domainName: "api.example.internal",
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        endpointConfiguration: { types: ["PRIVATE"] },
        policy: OPEN_INVOKE_POLICY,
      }),
    );
    const ref = { domainName: "api.example.internal", domainNameId: domain.domainNameId, restApiId: id };
    const e = await rejectsWith(
      client().send(new CreateBasePathMappingCommand({ ...ref, basePath: "a", stage: "nope" })),
      BadRequestException,
      400,
    );
    assert.equal(e.message, "Invalid stage identifier specified");
    assert.equal((await client().send(new CreateBasePathMappingCommand({ ...ref, basePath: "b", stage: "prod" }))).stage, "prod");
  });
});
