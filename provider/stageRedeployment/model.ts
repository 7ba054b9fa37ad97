/** StageRedeployment's model: args, inputs, outputs, check(), diff() and its planners. Pure: no I/O, no AWS SDK. */
import type * as pulumi from "@pulumi/pulumi";
import { REST_API_ID, REST_API_ID_RULE } from "../ids";
import { checkId, checkRegion, Failures, UNKNOWN } from "../validation";
import { defineResource } from "../defineResource";
import { STAGE_REDEPLOYMENT_TYPE } from "../types";

/** StageRedeployment's type token, error kind, operations typing and stored provider (see defineResource.ts). */
export const STAGE_REDEPLOYMENT = defineResource<StageRedeploymentInputs, StageRedeploymentOutputs>(
  STAGE_REDEPLOYMENT_TYPE,
  "API Gateway REST stage redeployment",
);

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
