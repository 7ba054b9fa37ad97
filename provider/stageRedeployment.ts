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
import * as pulumi from "@pulumi/pulumi";
import { REST_API_ID, REST_API_ID_RULE } from "./ids";
import { isNotFound, withApiGateway } from "./clients";
import { operationError, withOperation } from "./errors";
import { providerVia } from "./providerVia";
import * as contract from "./stateContract";
import { checkId, checkRegion, Failures, programRegion, UNKNOWN } from "./validation";

/** Arguments of {@link StageRedeployment}. */
export interface StageRedeploymentArgs {
  /** The REST API's id. Changing it replaces the resource. @default - none, required */
  readonly restApiId: pulumi.Input<string>;
  /** The stage to (re)deploy. Changing it replaces the resource. @default - none, required */
  readonly stageName: pulumi.Input<string>;
  /**
   * `"change"` deploys on create and whenever `triggers` change; `"delete"` deploys only when it
   * is deleted, after everything that depends on it. @default "change"
   */
  readonly when?: pulumi.Input<"change" | "delete">;
  /** Name -> revision of each integration the stage serves (e.g. PrivateIntegration.revision). @default - none */
  readonly triggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The deployment's description. @default "pulumi-apigw-vpc: integrations changed" */
  readonly description?: pulumi.Input<string>;
  /** The API's region. @default - the `aws:region` stack config, else AWS_REGION / AWS_DEFAULT_REGION */
  readonly region?: pulumi.Input<string>;
}

/** The inputs after check(): defaults filled in. */
export interface StageRedeploymentInputs {
  /** The REST API's id. */
  restApiId: string;
  /** The stage to deploy. */
  stageName: string;
  /** When the deployment happens: on create and trigger changes, or on delete only. */
  when: "change" | "delete";
  /** Name -> revision; empty when not given. */
  triggers: Record<string, string>;
  /** The description every deployment of this resource carries. */
  description: string;
  /** The resolved region. */
  region: string;
}

/** The state the provider records. */
export interface StageRedeploymentOutputs extends StageRedeploymentInputs {
  /** The last deployment this resource made, or "" if none yet. */
  deploymentId: string;
}

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const KIND = "API Gateway REST stage redeployment";

/** Validates and fills defaults; every failure names the field and the rule. */
export function checkStageRedeploymentInputs(
  news: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): pulumi.dynamic.CheckResult<StageRedeploymentInputs> {
  const f = new Failures();
  checkId(f, "restApiId", news.restApiId, REST_API_ID, REST_API_ID_RULE);
  checkId(f, "stageName", news.stageName, STAGE_NAME, "a stage name (1 to 128 letters, digits, _ and -)");
  const when = news.when ?? "change";
  if (when !== UNKNOWN && when !== "change" && when !== "delete") f.add("when", `${JSON.stringify(when)} is not "change" or "delete"`);
  const triggers = news.triggers ?? {};
  if (triggers !== UNKNOWN && (typeof triggers !== "object" || Array.isArray(triggers)))
    f.add("triggers", "must be a map of names to strings");
  const region = checkRegion(f, news.region, env);
  const inputs = {
    restApiId: news.restApiId,
    stageName: news.stageName,
    when,
    triggers,
    description: news.description ?? "pulumi-apigw-vpc: integrations changed",
    region,
  } as StageRedeploymentInputs;
  return f.list.length ? { inputs, failures: f.list } : { inputs };
}

/** Pure: identity replaces; a trigger change is an update (which deploys). */
export function diffStageRedeployment(olds: Partial<StageRedeploymentOutputs>, news: StageRedeploymentInputs): pulumi.dynamic.DiffResult {
  const replaces = (["restApiId", "stageName", "region", "when"] as const).filter((k) => olds[k] !== undefined && olds[k] !== news[k]);
  const changed =
    JSON.stringify(sortedEntries(olds.triggers)) !== JSON.stringify(sortedEntries(news.triggers)) || olds.description !== news.description;
  return { changes: changed || replaces.length > 0, replaces: [...replaces], deleteBeforeReplace: false };
}

const sortedEntries = (m: Record<string, string> | undefined) =>
  m && typeof m === "object" ? Object.entries(m).sort(([a], [b]) => a.localeCompare(b)) : m;

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
export const stageRedeploymentOperations: Required<
  Omit<pulumi.dynamic.ResourceProvider<StageRedeploymentInputs, StageRedeploymentOutputs>, "configure">
> = {
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
};

/** The provider stored in state: a small facade over the operations (see providerVia). */
export const stageRedeploymentProvider = providerVia(() => contract.StageRedeployment());

/** One CreateDeployment of a stage per `up` in which any trigger changed (or, with `when: "delete"`, on delete). */
export class StageRedeployment extends pulumi.dynamic.Resource {
  /** The REST API's id. */
  declare readonly restApiId: pulumi.Output<string>;
  /** The deployed stage. */
  declare readonly stageName: pulumi.Output<string>;
  /** The last deployment this resource made, or "" if none yet. */
  declare readonly deploymentId: pulumi.Output<string>;

  /**
   * Declares the redeployment; with `when: "change"` create deploys the stage once.
   * @param name - The Pulumi resource name.
   * @param args - The stage, the triggers and when to deploy.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: StageRedeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    const region = args.region ?? programRegion(new pulumi.Config("aws"));
    super(stageRedeploymentProvider, name, { ...args, region, deploymentId: undefined }, opts, "apigw", "StageRedeployment");
  }
}
