/**
 * StageRedeployment: one CreateDeployment of a REST API stage for many integrations.
 *
 * Dynamic resources cannot see each other, so "one redeploy per `up` however many integrations
 * changed" is a resource of its own whose input `triggers` holds each integration's `revision`.
 * It depends on all of them, so the engine runs it after the last one changed, once. Pulumi
 * deletes dependents first, so the same resource cannot also redeploy *after* the integrations
 * are deleted; that is the `when: "delete"` flavour, placed between the integrations (which
 * depend on it) and the VPC link (which it depends on):
 *
 *   up:      link -> drain (no call) -> integrations -> redeploy (CreateDeployment if triggers changed)
 *   destroy: redeploy (no call) -> integrations deleted -> drain (CreateDeployment) -> link deleted
 *
 *   check  -> no AWS call: restApiId, stageName, region, when, triggers
 *   diff   -> no AWS call: restApiId, stageName, region or when replace; changed triggers update
 *   create -> when "change": CreateDeployment of the stage; when "delete": nothing
 *   read   -> GetStage (NotFound: the stage is gone, so is the resource)
 *   update -> when "change": CreateDeployment if the triggers changed; otherwise nothing
 *   delete -> when "delete": GetStage, then CreateDeployment if the stage still exists, so it no
 *             longer serves (or references) what was deleted; when "change": nothing
 *
 * CreateDeployment's quota (1 request every 5 s) is the client retry strategy's business: a 429
 * waits for Retry-After.
 */
import { CreateDeploymentCommand, GetStageCommand, type APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { isNotFound, withApiGateway } from "../clients";
import { operationError, withOperation } from "../errors";
import { checkStageRedeploymentInputs, diffStageRedeployment, STAGE_REDEPLOYMENT, type StageRedeploymentInputs } from "./model";

/** The resource kind in every error message. */
const KIND = STAGE_REDEPLOYMENT.errorKind;

/**
 * Assumed(deployment-repeat-harmless): a deployment repeated because its first answer was lost is
 * harmless (it deploys the same API state again), so no read-before-retry is needed.
 */
async function deploy(client: APIGatewayClient, i: StageRedeploymentInputs): Promise<string> {
  const d = await client.send(new CreateDeploymentCommand({ restApiId: i.restApiId, stageName: i.stageName, description: i.description }));
  return d.id ?? "";
}

async function stageExists(client: APIGatewayClient, i: StageRedeploymentInputs): Promise<boolean> {
  try {
    await client.send(new GetStageCommand({ restApiId: i.restApiId, stageName: i.stageName }));
    return true;
  } catch (e) {
    if (isNotFound(e)) return false; // the stage, or the whole API, is gone
    throw e;
  }
}

const idOf = (i: StageRedeploymentInputs) => `${i.restApiId}/${i.stageName}/${i.when}`;

/** The operations behind {@link stageRedeploymentProvider}; tests may call either. */
export const stageRedeploymentOperations = STAGE_REDEPLOYMENT.operations({
  async check(_olds, news) {
    return checkStageRedeploymentInputs(news as unknown as Record<string, unknown>);
  },

  async diff(_id, olds, news) {
    return diffStageRedeployment(olds, news);
  },

  async create(inputs) {
    const id = idOf(inputs);
    if (inputs.when === "delete") return { id, outs: { ...inputs, deploymentId: "" } };
    return withApiGateway(inputs.region, async (client) => {
      return { id, outs: { ...inputs, deploymentId: await withOperation("creating", KIND, id, () => deploy(client, inputs)) } };
    });
  },

  async read(id, props) {
    if (!props?.region) throw operationError("reading", KIND, id, undefined, "no region in the state");
    return withApiGateway(props.region, async (client) => {
      if (!(await withOperation("reading", KIND, id, () => stageExists(client, props)))) return {};
      return { id, props, inputs: props };
    });
  },

  async update(id, olds, news) {
    if (news.when === "delete") return { outs: { ...news, deploymentId: olds.deploymentId ?? "" } };
    return withApiGateway(news.region, async (client) => {
      return { outs: { ...news, deploymentId: await withOperation("updating", KIND, id, () => deploy(client, news)) } };
    });
  },

  async delete(id, props) {
    if (props.when !== "delete") return;
    return withApiGateway(props.region, async (client) => {
      await withOperation("deleting", KIND, id, async () => {
        if (await stageExists(client, props)) await deploy(client, { ...props, description: "pulumi-apigw-vpc: integrations removed" });
      });
    });
  },
});
