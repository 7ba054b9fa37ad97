/**
 * 7. Redeploy economy: what changing the targets of n private integrations in one `up` costs in
 * CreateDeployment calls and in time, under CreateDeployment's quota (1 request every 5 s, run
 * at a time scale so 5 s is 100 ms).
 *
 *   ours     -> n UpdateIntegration (in parallel, as the engine runs them), then one
 *               StageRedeployment update: one CreateDeployment
 *   baseline -> each integration redeploys the stage itself: n CreateDeployment, queued behind
 *               the quota on Retry-After
 */
import type { Sandbox } from "../local";
import {
  checkPrivateIntegrationInputs,
  privateIntegrationOperations as integrations,
  type PrivateIntegrationInputs,
  type PrivateIntegrationOutputs,
} from "../provider/privateIntegration/index";
import {
  stageRedeploymentOperations as redeploy,
  type StageRedeploymentInputs,
  type StageRedeploymentOutputs,
} from "../provider/stageRedeployment/index";
import { availableLink, loadBalancerArn, restApiWithMethods } from "../support/restFixtures";
import { fmt, REGION, withSandbox, type Row, type ScenarioResult } from "./common";

const SIZES = [2, 5, 10];
const TIME_SCALE = 0.02;

function inputs(restApiId: string, resourceId: string, vpcLinkId: string, kind: "app" | "net", i: number): PrivateIntegrationInputs {
  const checked = checkPrivateIntegrationInputs({
    restApiId,
    resourceId,
    httpMethod: "GET",
    vpcLinkId,
    integrationTarget: loadBalancerArn(kind, `svc${i}`),
    uri: `http://svc${i}.internal/`,
    region: REGION,
  });
  if (checked.failures?.length) throw new Error(`redeploy economy: ${JSON.stringify(checked.failures)}`);
  return checked.inputs as PrivateIntegrationInputs;
}

/** n integrations on one stage, created and deployed once; returns what a retarget needs. */
async function arrange(n: number) {
  const paths = Object.fromEntries(Array.from({ length: n }, (_, i) => [`svc${i}`, ["GET"]]));
  const { restApiId, resources } = await restApiWithMethods(paths);
  const link = await availableLink();
  const olds = await Promise.all(
    Array.from(
      { length: n },
      async (_, i) =>
        (await integrations.create(inputs(restApiId, resources[`svc${i}`], link, "app", i))).outs as PrivateIntegrationOutputs,
    ),
  );
  const stage: StageRedeploymentInputs = {
    restApiId,
    stageName: "prod",
    when: "change",
    triggers: Object.fromEntries(olds.map((o, i) => [i, o.revision])),
    description: "bench",
    region: REGION,
  };
  const deployed = (await redeploy.create(stage)).outs as StageRedeploymentOutputs;
  return { restApiId, resources, link, olds, stage, deployed };
}

const deployments = (sandbox: Sandbox) => sandbox.control.requestLog({ operation: "CreateDeployment" });

async function measure(sandbox: Sandbox, n: number) {
  const run = async (shared: boolean) => {
    const a = await arrange(n);
    sandbox.control.resetQuotas();
    sandbox.control.clearRequestLog();
    const started = Date.now();
    const news = await Promise.all(
      a.olds.map(async (old, i) => {
        const next = inputs(a.restApiId, a.resources[`svc${i}`], a.link, "net", i);
        const outs = (await integrations.update(`x${i}`, old, next)).outs as PrivateIntegrationOutputs;
        if (!shared) await redeploy.update("each", a.deployed, { ...a.stage, triggers: { [i]: outs.revision } });
        return outs;
      }),
    );
    if (shared)
      await redeploy.update("shared", a.deployed, { ...a.stage, triggers: Object.fromEntries(news.map((o, i) => [i, o.revision])) });
    const elapsed = Date.now() - started;
    const log = deployments(sandbox);
    return { ms: elapsed, accepted: log.filter((e) => e.status === 201).length, throttled: log.filter((e) => e.status === 429).length };
  };
  return { n, ours: await run(true), baseline: await run(false) };
}

export async function redeployEconomy(): Promise<ScenarioResult> {
  return withSandbox(
    { timeScale: TIME_SCALE, seed: 7, delays: { vpcLinkProvisionMs: 50, vpcLinkDeleteMs: 50, dnsPropagationMs: 50 } },
    async (sandbox) => {
      const cases = [];
      for (const n of SIZES) cases.push(await measure(sandbox, n));
      const rows: Row[] = cases.flatMap((c) => [
        {
          figure: `n=${c.n}: CreateDeployment accepted / throttled`,
          value: `${c.ours.accepted} / ${c.ours.throttled}`,
          baseline: `${c.baseline.accepted} / ${c.baseline.throttled}`,
          ratio: fmt.ratio(c.ours.accepted / c.baseline.accepted),
          target: `1 / 0, ratio ≤ ${fmt.ratio(1 / c.n)}`,
          met: c.ours.accepted === 1 && c.ours.throttled === 0,
        },
        {
          figure: `n=${c.n}: retarget time`,
          value: fmt.ms(c.ours.ms),
          baseline: fmt.ms(c.baseline.ms),
          ratio: fmt.ratio(c.ours.ms / c.baseline.ms),
          target: "ratio < 1",
          met: c.n === 1 || c.ours.ms < c.baseline.ms,
        },
      ]);
      return {
        rows,
        details: { cases, timeScale: TIME_SCALE },
        notes: [
          `CreateDeployment's quota (1 every 5 s) runs at time scale ${TIME_SCALE}: 100 ms. Times include the integration patches; the baseline's extra time is the deployments queued on Retry-After.`,
        ],
      };
    },
  );
}
