/**
 * PrivateIntegration and StageRedeployment: check() names the field, diff() replaces only the
 * method's identity, updates send the fewest patch operations, several integrations share one
 * CreateDeployment, and a deleted integration keeps its link in use until the stage is redeployed.
 */
import {
  DeleteIntegrationCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  NotFoundException,
  UpdateIntegrationCommand,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, BadRequestException, DeleteVpcLinkCommand } from "@aws-sdk/client-apigatewayv2";
import * as assert from "node:assert/strict";
import {
  checkPrivateIntegrationInputs,
  privateIntegrationProvider as provider,
  type PrivateIntegrationInputs,
  type PrivateIntegrationOutputs,
} from "../../provider/privateIntegration/index";
import {
  stageRedeploymentProvider as redeploy,
  type StageRedeploymentInputs,
  type StageRedeploymentOutputs,
} from "../../provider/stageRedeployment/index";
import { vpcLinkProvider, type VpcLinkOutputs } from "../../provider/vpcLink/index";
import { availableLink, loadBalancerArn, restApiWithMethods } from "../../support/restFixtures";
import { rejectsWith, useSandbox, v1Client } from "../../support/sandbox";
import { callInFreshProcess, serializeProvider } from "../../support/serialization";

const ALB = loadBalancerArn("app", "orders");
const NLB = loadBalancerArn("net", "orders");
const base = {
  restApiId: "abcdefghij",
  resourceId: "abc123",
  httpMethod: "GET",
  vpcLinkId: "abc1234",
  integrationTarget: ALB,
  uri: "http://orders.internal/",
  region: "us-east-1",
};
function checked(raw: Record<string, unknown>): PrivateIntegrationInputs {
  const result = checkPrivateIntegrationInputs(raw, {});
  assert.deepEqual(result.failures ?? [], []);
  return result.inputs as PrivateIntegrationInputs;
}

describe("PrivateIntegration and StageRedeployment against the sandbox", () => {
  const ctx = useSandbox();
  const control = () => ctx.sandbox.control;
  /** Requests that AWS accepted (quota 429s are retried by the client and not counted). */
  const ops = (operation: string) =>
    control()
      .requestLog({ operation })
      .filter((e) => e.status < 300);
  const v2 = new ApiGatewayV2Client({ region: "us-east-1" });
  beforeEach(() => control().clearRequestLog());

  async function setup(paths: Record<string, string[]> = { orders: ["GET"], users: ["GET"] }) {
    const fixture = await restApiWithMethods(paths);
    const link = await availableLink();
    control().clearRequestLog();
    const integration = (resource: "orders" | "users" | "root", extra: Record<string, unknown> = {}) =>
      checked({
        ...base,
        restApiId: fixture.restApiId,
        resourceId: resource === "root" ? fixture.rootId : fixture.resources[resource],
        vpcLinkId: link,
        ...extra,
      });
    return { ...fixture, link, integration };
  }
  const stage = (restApiId: string, when: "change" | "delete", triggers: Record<string, string> = {}) =>
    ({ restApiId, stageName: "prod", when, triggers, description: "d", region: "us-east-1" }) as StageRedeploymentInputs;

  it("creates with one PutIntegration, and a repeated create (a lost answer) sends none", async () => {
    const { integration } = await setup();
    const inputs = integration("orders");
    const { id, outs } = await provider.create(inputs);
    assert.equal(id, `${inputs.restApiId}/${inputs.resourceId}/GET`);
    assert.match(outs?.revision ?? "", /^[0-9a-f]{16}$/);
    const got = await v1Client().send(
      new GetIntegrationCommand({ restApiId: inputs.restApiId, resourceId: inputs.resourceId, httpMethod: "GET" }),
    );
    assert.deepEqual([got.connectionType, got.connectionId, got.integrationTarget], ["VPC_LINK", inputs.vpcLinkId, ALB]);
    await provider.create(inputs);
    assert.equal(ops("PutIntegration").length, 1);
  });

  it("updates a target change with a single replace operation, and a no-op with no call", async () => {
    const { integration } = await setup();
    const olds = (await provider.create(integration("orders"))).outs as PrivateIntegrationOutputs;
    control().clearRequestLog();
    const news = integration("orders", { integrationTarget: NLB });
    const { outs } = await provider.update!("id", olds, news);
    assert.notEqual(outs?.revision, olds.revision);
    assert.deepEqual(
      ops("UpdateIntegration").map((e) => e.params.patchOperations),
      [[{ op: "replace", path: "/integrationTarget", value: NLB }]],
    );
    await provider.update!("id", outs as PrivateIntegrationOutputs, news);
    assert.equal(ops("UpdateIntegration").length, 1);
  });

  it("createMethod: puts the method, and delete removes it so the API stays deployable", async () => {
    const { restApiId, rootId, integration } = await setup();
    const inputs = integration("orders", { resourceId: rootId, httpMethod: "POST", createMethod: true });
    await provider.create(inputs);
    const method = await v1Client().send(new GetMethodCommand({ restApiId, resourceId: rootId, httpMethod: "POST" }));
    assert.equal(method.methodIntegration?.integrationTarget, ALB);
    await provider.delete!("id", { ...inputs, revision: "r" });
    await rejectsWith(v1Client().send(new GetMethodCommand({ restApiId, resourceId: rootId, httpMethod: "POST" })), NotFoundException, 404);
    await provider.delete!("id", { ...inputs, revision: "r" }); // already gone: success
  });

  it("redeploys a stage once for two changed integrations, and after delete only in the drain", async () => {
    const { restApiId, link, integration } = await setup();
    const a = (await provider.create(integration("orders", { createMethod: false }))).outs as PrivateIntegrationOutputs;
    const b = (await provider.create(integration("users"))).outs as PrivateIntegrationOutputs;
    const drain = (await redeploy.create(stage(restApiId, "delete"))).outs as StageRedeploymentOutputs;
    const after = (await redeploy.create(stage(restApiId, "change", { a: a.revision, b: b.revision }))).outs as StageRedeploymentOutputs;
    assert.equal(ops("CreateDeployment").length, 1);
    // Both targets change: two patches, one deployment.
    const a2 = (await provider.update!("a", a, integration("orders", { integrationTarget: NLB }))).outs as PrivateIntegrationOutputs;
    const b2 = (await provider.update!("b", b, integration("users", { integrationTarget: NLB }))).outs as PrivateIntegrationOutputs;
    const news = stage(restApiId, "change", { a: a2.revision, b: b2.revision });
    assert.equal((await redeploy.diff!("x", after, news)).changes, true);
    await redeploy.update!("x", after, news);
    assert.equal(ops("CreateDeployment").length, 2);
    // Destroy order: the "change" flavour does nothing, the integrations go, the stage still holds the link.
    await redeploy.delete!("x", { ...after, ...news });
    await provider.delete!("a", a2);
    await provider.delete!("b", b2);
    const stillUsed = await rejectsWith(v2.send(new DeleteVpcLinkCommand({ VpcLinkId: link })), BadRequestException, 400);
    assert.match(stillUsed.message, new RegExp(`${restApiId}:GET:/orders:prod`));
    // VpcLink's own delete retries while the link is in use, then quotes AWS's message.
    await assert.rejects(
      vpcLinkProvider.delete!(link, { region: "us-east-1", timeouts: { delete: "300ms" } } as VpcLinkOutputs),
      new RegExp(
        `deleting API Gateway v2 VPC Link \\(${link}\\): BadRequestException: Cannot delete vpc link.*${restApiId}:GET:/orders:prod.*still refused after`,
      ),
    );
    // The link stays referenced through the stage: DeleteIntegration leaves methods without one, so AWS refuses the drain deploy.
    await assert.rejects(
      redeploy.delete!("drain", drain),
      /deleting API Gateway REST stage redeployment \(drain\): BadRequestException: No integration defined for method/,
    );
  });

  it("drains the stage on delete once the created methods are gone, so the link delete succeeds", async () => {
    const { restApiId, link, integration } = await setup({});
    const inputs = [
      integration("root", { httpMethod: "POST", createMethod: true }),
      integration("root", { httpMethod: "PUT", createMethod: true }),
    ];
    const drain = (await redeploy.create(stage(restApiId, "delete"))).outs as StageRedeploymentOutputs;
    const outs = await Promise.all(inputs.map(async (i) => (await provider.create(i)).outs as PrivateIntegrationOutputs));
    await redeploy.create(stage(restApiId, "change", Object.fromEntries(outs.map((o, n) => [n, o.revision]))));
    for (const o of outs) await provider.delete!("x", o);
    await rejectsWith(v2.send(new DeleteVpcLinkCommand({ VpcLinkId: link })), BadRequestException, 400);
    await redeploy.delete!("drain", drain);
    await v2.send(new DeleteVpcLinkCommand({ VpcLinkId: link }));
    assert.equal(ops("CreateDeployment").length, 2);
  });

  it("a create repeated after a lost answer adopts the method and integration it made; another integration is refused", async () => {
    const { restApiId, rootId, integration } = await setup({});
    const inputs = integration("root", { httpMethod: "POST", createMethod: true });
    await provider.create(inputs);
    await provider.create(inputs);
    assert.deepEqual([ops("PutMethod").length, ops("PutIntegration").length], [1, 1]);
    await assert.rejects(
      provider.create({ ...inputs, integrationTarget: NLB }),
      new RegExp(
        `^Error: creating API Gateway REST private integration \\(${restApiId}/${rootId}/POST\\): the method already exists with another integration`,
      ),
    );
  });

  it("an update repeated after a lost answer finds nothing to patch", async () => {
    const { integration } = await setup();
    const olds = (await provider.create(integration("orders"))).outs as PrivateIntegrationOutputs;
    await provider.update!("id", olds, integration("orders", { timeoutInMillis: 5000 }));
    await provider.update!("id", olds, integration("orders", { timeoutInMillis: 5000 })); // the engine still holds the old state
    assert.deepEqual(
      ops("UpdateIntegration").map((e) => e.params.patchOperations),
      [[{ op: "replace", path: "/timeoutInMillis", value: "5000" }]],
    );
  });

  it("disappears: an integration deleted out of band reads as gone, and drift reads back as it is", async () => {
    const { restApiId, resources, integration } = await setup();
    const outs = (await provider.create(integration("orders"))).outs as PrivateIntegrationOutputs;
    await v1Client().send(
      new UpdateIntegrationCommand({
        restApiId,
        resourceId: resources.orders,
        httpMethod: "GET",
        patchOperations: [{ op: "replace", path: "/integrationTarget", value: NLB }],
      }),
    );
    const drift = await provider.read!("id", outs);
    assert.equal(drift.props?.integrationTarget, NLB);
    assert.notEqual(drift.props?.revision, outs.revision);
    await v1Client().send(new DeleteIntegrationCommand({ restApiId, resourceId: resources.orders, httpMethod: "GET" }));
    assert.deepEqual(await provider.read!("id", outs), {});
    await assert.rejects(
      provider.update!("id", outs, integration("orders", { integrationTarget: NLB })),
      /updating API Gateway REST private integration \(id\): the integration no longer exists/,
    );
  });

  it("stays within CreateDeployment's quota: redeployments of three stages at once all succeed, queued on Retry-After", async () => {
    const { restApiId } = await setup({});
    control().resetQuotas();
    const stages = ["a", "b", "c"].map((stageName) => ({ ...stage(restApiId, "change"), stageName }));
    const made = await Promise.all(stages.map((s) => redeploy.create(s)));
    assert.equal(new Set(made.map((m) => m.outs?.deploymentId)).size, 3);
    const all = control().requestLog({ operation: "CreateDeployment" });
    assert.equal(all.filter((e) => e.status === 201).length, 3);
    assert.ok(
      all.some((e) => e.status === 429),
      "the quota was hit and retried",
    );
  });

  it("runs from its serialized form in a fresh process, without credentials in the text", async () => {
    const { integration } = await setup();
    const text = await serializeProvider(provider);
    assert.doesNotMatch(text, /sandbox-secret|AKIASANDBOX/);
    const result = (await callInFreshProcess(text, "create", [integration("users")], process.env)) as { id: string };
    assert.match(result.id, /\/GET$/);
  });
});
