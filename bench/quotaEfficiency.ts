/**
 * 2. Quota efficiency: 10 VPC links created, then deleted, all at once, under the documented
 * quotas (CreateVpcLink 1 per 15 s, DeleteVpcLink 1 per 30 s).
 *
 *   ours     -> vpcLinkProvider.create / .delete, 10 concurrent calls each, at a quota time scale
 *               of 0.02 (CreateVpcLink's 15 s becomes 300 ms); figures are divided by the scale
 *   baseline -> the same CreateVpcLink / DeleteVpcLink calls from a plain ApiGatewayV2Client with
 *               the SDK's default retry settings, at time scale 1: the SDK's backoff (1 s base,
 *               Retry-After honoured up to backoff + 5 s, 3 attempts) cannot be scaled, so the
 *               baseline meets the real quota in real time (it gives up within ~15 s)
 *
 * The quota floor: the first of N calls may go at once, each next one a full interval later, so
 * N calls cannot finish sooner than (N - 1) x interval. Efficiency = floor / elapsed.
 */
import { ApiGatewayV2Client, CreateVpcLinkCommand, DeleteVpcLinkCommand } from "@aws-sdk/client-apigatewayv2";
import { DOCUMENTED_INTERVAL_QUOTAS, type Sandbox } from "../local";
import { createNetwork } from "../support/network";
import { vpcLinkProvider, type VpcLinkInputs, type VpcLinkOutputs } from "../provider/vpcLink/index";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serializeProvider } from "../support/serialization";
import { fmt, REGION, REPO_ROOT, withSandbox, type Row, type ScenarioResult } from "./common";

const LINKS = 10;
const TIME_SCALE = 0.02;
const TARGET_EFFICIENCY = 0.9;
type Operation = "CreateVpcLink" | "DeleteVpcLink";

export interface Phase {
  operation: Operation;
  succeeded: number;
  failed: number;
  /** Requests sent, 429s included. */
  requests: number;
  throttled: number;
  /** Unscaled: real milliseconds divided by the time scale. */
  elapsedMs: number;
  floorMs: number;
  efficiency: number;
  errors: string[];
}

/** The network the links go in, made in the run's sandbox before the phases. */
let subnetIds: string[] = [];
let securityGroupIds: string[] = [];
const linkInputs = (i: number): VpcLinkInputs => ({ name: `bench-link-${i}`, subnetIds, securityGroupIds, tags: {}, region: REGION });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Starts the calls together on fresh quota buckets; elapsed ends when the last one settles. */
async function phase<T>(
  sandbox: Sandbox,
  operation: Operation,
  scale: number,
  calls: (() => Promise<T>)[],
): Promise<{ phase: Phase; values: T[] }> {
  sandbox.control.setTimeScale(scale);
  sandbox.control.resetQuotas();
  sandbox.control.clearRequestLog();
  const started = Date.now();
  const settled = await Promise.allSettled(calls.map((call) => call()));
  const elapsedMs = (Date.now() - started) / scale;
  const log = sandbox.control.requestLog({ operation });
  const values = settled.filter((s): s is PromiseFulfilledResult<Awaited<T>> => s.status === "fulfilled").map((s) => s.value);
  const errors = settled
    .filter((s): s is PromiseRejectedResult => s.status === "rejected")
    .map((s) => String((s.reason as Error)?.message ?? s.reason));
  const floorMs = Math.max(0, values.length - 1) * DOCUMENTED_INTERVAL_QUOTAS[operation] * 1000;
  return {
    phase: {
      operation,
      succeeded: values.length,
      failed: errors.length,
      requests: log.length,
      throttled: log.filter((e) => e.status === 429).length,
      elapsedMs,
      floorMs,
      efficiency: elapsedMs > 0 ? floorMs / elapsedMs : 0,
      errors: [...new Set(errors)],
    },
    values,
  };
}

type LinkProvider = typeof vpcLinkProvider;

async function ours(sandbox: Sandbox, provider: LinkProvider): Promise<Phase[]> {
  const created = await phase(
    sandbox,
    "CreateVpcLink",
    TIME_SCALE,
    range(LINKS).map((i) => () => provider.create(linkInputs(i))),
  );
  const links = [...created.values, ...(await topUp(sandbox, created.values.length))].map((c) => ({
    id: c.id,
    outs: c.outs as VpcLinkOutputs,
  }));
  const deleted = await phase(
    sandbox,
    "DeleteVpcLink",
    TIME_SCALE,
    links.map((l) => () => provider.delete?.(l.id, l.outs) ?? Promise.resolve()),
  );
  // Links whose delete failed would count against the next run's 10-per-region quota.
  setupQuotas(sandbox);
  await Promise.all(
    sandbox.control.state(REGION).vpcLinks.map((l) => vpcLinkProvider.delete?.(l.vpcLinkId, { region: REGION } as VpcLinkOutputs)),
  );
  return [created.phase, deleted.phase];
}

/**
 * The provider as the engine runs it for a project-local program (this repo's own stack): the
 * `__provider` text, loaded from a file under dist/ so it resolves the repo's node_modules.
 */
async function serializedInRepo(): Promise<LinkProvider> {
  const file = join(REPO_ROOT, "dist/bench", `.serialized-vpcLink-${process.pid}.js`);
  writeFileSync(file, await serializeProvider(vpcLinkProvider));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(file) as { handler: () => LinkProvider }).handler();
  } finally {
    rmSync(file, { force: true });
  }
}

/** Untimed set-up at a tiny scale; the scale-1 phase left its next slot up to 30 s away, so forget it. */
function setupQuotas(sandbox: Sandbox): void {
  sandbox.control.setTimeScale(0.001);
  sandbox.control.resetQuotas();
}

/** Creates the links a failed create phase left out (untimed), so every delete phase deletes 10. */
async function topUp(sandbox: Sandbox, have: number) {
  setupQuotas(sandbox);
  return Promise.all(range(LINKS - have).map((i) => vpcLinkProvider.create(linkInputs(LINKS + i))));
}

async function baseline(sandbox: Sandbox): Promise<Phase[]> {
  const client = new ApiGatewayV2Client({ region: REGION }); // the SDK's defaults: standard mode, 3 attempts
  try {
    const create = (i: number) => async () =>
      (await client.send(new CreateVpcLinkCommand({ Name: linkInputs(i).name, SubnetIds: subnetIds, SecurityGroupIds: securityGroupIds })))
        .VpcLinkId as string;
    const created = await phase(sandbox, "CreateVpcLink", 1, range(LINKS).map(create));
    const ids = [...created.values, ...(await topUp(sandbox, created.values.length)).map((t) => t.id)];
    const deleted = await phase(
      sandbox,
      "DeleteVpcLink",
      1,
      ids.map((id) => async () => {
        await client.send(new DeleteVpcLinkCommand({ VpcLinkId: id }));
        return id;
      }),
    );
    // What the baseline could not delete goes with the sandbox (it lives in memory only).
    return [created.phase, deleted.phase];
  } finally {
    client.destroy();
  }
}

function rows(mine: Phase, base: Phase): Row[] {
  const verb = mine.operation === "CreateVpcLink" ? "create" : "delete";
  const interval = DOCUMENTED_INTERVAL_QUOTAS[mine.operation];
  const baseEfficiency = base.failed
    ? `n/a: ${base.succeeded} done in ${fmt.s(base.elapsedMs)}`
    : `${fmt.ratio(base.efficiency)} (${fmt.s(base.elapsedMs)})`;
  return [
    {
      figure: `${LINKS} concurrent ${verb}s: failed operations`,
      value: `${mine.failed} of ${LINKS}`,
      baseline: `${base.failed} of ${LINKS}`,
      ratio: "—",
      target: "0",
      met: mine.failed === 0,
    },
    {
      figure: `${LINKS} concurrent ${verb}s: efficiency (floor ${LINKS - 1} × ${interval} s = ${fmt.s(mine.floorMs, 0)})`,
      value: `${fmt.ratio(mine.efficiency)} (${fmt.s(mine.elapsedMs)})`,
      baseline: baseEfficiency,
      ratio: base.failed ? "—" : fmt.ratio(mine.efficiency / base.efficiency),
      target: `≥ ${TARGET_EFFICIENCY}`,
      met: mine.failed === 0 && mine.efficiency >= TARGET_EFFICIENCY,
    },
  ];
}

export async function quotaEfficiency(): Promise<ScenarioResult> {
  const delays = { vpcLinkProvisionMs: 0, vpcLinkDeleteMs: 0, dnsPropagationMs: 0 };
  return withSandbox({ timeScale: TIME_SCALE, delays, seed: 2 }, async (sandbox) => {
    const network = await createNetwork({ region: REGION });
    subnetIds = [...network.subnetIds].sort();
    securityGroupIds = network.groupIds;
    const mine = await ours(sandbox, vpcLinkProvider);
    const serialized = await ours(sandbox, await serializedInRepo());
    const base = await baseline(sandbox);
    const serializedRows = serialized.map((p): Row => ({
      figure: `${LINKS} concurrent ${p.operation === "CreateVpcLink" ? "creates" : "deletes"}, serialized provider (in repo): failed`,
      value: `${p.failed} of ${p.failed + p.succeeded}${p.failed ? "" : `, efficiency ${fmt.ratio(p.efficiency)}`}`,
      baseline: `${base[p.operation === "CreateVpcLink" ? 0 : 1].failed} of ${LINKS}`,
      ratio: "—",
      target: "0",
      met: p.failed === 0,
    }));
    return {
      rows: [...rows(mine[0], base[0]), ...rows(mine[1], base[1]), ...serializedRows],
      details: {
        ours: mine,
        oursSerializedInRepo: serialized,
        baselineSdkDefaults: base,
        timeScale: TIME_SCALE,
        baselineTimeScale: 1,
        links: LINKS,
      },
      notes: [
        `Ours runs at quota time scale ${TIME_SCALE}; its elapsed time is divided by the scale, so its few real milliseconds of HTTP and polling count ${1 / TIME_SCALE}-fold (pessimistic).`,
        "The baseline (plain ApiGatewayV2Client, default retry: 3 attempts, backoff base 1 s for throttling, Retry-After honoured up to backoff + 5 s) runs at time scale 1, because the SDK's own delays cannot be scaled.",
        "The serialized rows run the `__provider` text Pulumi stores for a project-local program (this repo's stack), not the in-process object: what `pulumi up` executes.",
        "Provisioning and deletion delays are 0, so the elapsed time is the quota's alone (real AWS adds minutes of PENDING/DELETING on top, for both).",
      ],
    };
  });
}
