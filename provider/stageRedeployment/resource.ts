/** StageRedeployment's class and the provider it stores in state (the calls are in operations.ts). */
import * as pulumi from "@pulumi/pulumi";
import * as contract from "../stateContract";
import { programRegion } from "../validation";
import { STAGE_REDEPLOYMENT, type StageRedeploymentArgs } from "./model";
/** The provider stored in state: a small facade that reaches the operations through the state contract (stateContract.ts). */
export const stageRedeploymentProvider = STAGE_REDEPLOYMENT.storedProvider(() => contract.StageRedeployment());

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
    super(
      stageRedeploymentProvider,
      name,
      { ...args, region, deploymentId: undefined },
      opts,
      STAGE_REDEPLOYMENT.module,
      STAGE_REDEPLOYMENT.type,
    );
  }
}
