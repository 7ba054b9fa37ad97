/**
 * 6. Engine overhead: the real Pulumi CLI (v3.68.0 from .tools/bin) on a file backend, against
 * the sandbox, running bench/fixtures/engine in a temporary project that imports the compiled
 * package from dist/ (so, as for this repo's own stack, Pulumi serializes the providers by value).
 *
 *   ours     -> 50 VpcEndpointAssociation (one PRIVATE REST API each, 2 endpoint ids) and
 *               10 VpcLink: `pulumi preview`, `up`, a no-change `preview`, `destroy`; once with the
 *               package from dist/, once from the installed copy (bench/installed.ts)
 *   baseline -> the same 60 resources with the same inputs as no-op dynamic resources
 *   padded   -> the no-op resources with a `__provider` as big as ours: separates what the size
 *               of the state costs from what our CRUD costs
 *   also     -> the API Gateway calls both previews made (sandbox request log): target zero
 *
 * Quotas run at time scale 0.001 and the sandbox's provisioning delays are 0, so the figures are
 * the engine's and the providers' own time, not AWS's. 10 links is exactly the per-region quota
 * of VPC links (the sandbox's default, and AWS's).
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { type Sandbox } from "../local";
import { apiGatewayClient } from "../provider/clients";
import { vpcEndpointAssociationProvider } from "../provider/vpcEndpointAssociation/index";
import { vpcLinkProvider } from "../provider/vpcLink/index";
import { mustRunPulumi, runPulumi, selectStack, writeStackConfig, type PulumiWorkspace } from "../support/pulumiRunner";
import { sandboxWorkspace } from "../support/engine";
import { createNetwork } from "../support/network";
import { serializeProvider } from "../support/serialization";
import { fmt, REGION, REPO_ROOT, seededRandom, vpceIds, withSandbox, type Row, type ScenarioResult } from "./common";
import { installedPackage } from "./installed";
import { noopProvider } from "./providerSize";

const ASSOCIATIONS = 50;
const LINKS = 10;
const TIME_SCALE = 0.001;
const MODES = ["noop", "padded", "real", "installed"] as const;
type Mode = (typeof MODES)[number];
const COMMANDS = ["preview", "up", "previewNoChange", "destroy"] as const;
type Command = (typeof COMMANDS)[number];

const ARGS: Record<Command, string[]> = {
  preview: ["preview"],
  up: ["up", "--yes", "--skip-preview"],
  previewNoChange: ["preview", "--expect-no-changes"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

interface ModeRun {
  seconds: Record<Command, number>;
  /** Per command: API Gateway calls, and the span from the first call to the last. */
  api: Record<Command, { calls: number; spanMs: number }>;
  /** After `up`: the bytes of `pulumi stack export`, and of all `__provider` values in it. */
  state: { bytes: number; providerBytes: number };
}

/** A temporary project: the fixture, with node_modules pointing at the repo's. */
function projectDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "apigw-vpc-bench-engine-"));
  cpSync(join(REPO_ROOT, "bench/fixtures/engine"), dir, { recursive: true });
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** The installed copy's consumer project, with the fixture added: the package comes from its node_modules. */
async function installedProjectDir(): Promise<string> {
  const { consumer } = await installedPackage();
  cpSync(join(REPO_ROOT, "bench/fixtures/engine"), consumer, { recursive: true });
  return consumer;
}

async function stackConfig(): Promise<Record<string, unknown>> {
  const client = apiGatewayClient(REGION);
  const random = seededRandom(6);
  try {
    const associations = [];
    for (let i = 0; i < ASSOCIATIONS; i++) {
      const api = await client.send(new CreateRestApiCommand({ name: `bench-engine-${i}`, endpointConfiguration: { types: ["PRIVATE"] } }));
      associations.push({ restApiId: api.id, vpcEndpointIds: vpceIds(2, random) });
    }
    // One network for every link: the sandbox, as AWS, refuses subnets and groups it does not know.
    const network = await createNetwork({ region: REGION });
    const links = Array.from({ length: LINKS }, (_, i) => ({
      name: `bench-engine-link-${i}`,
      subnetIds: [...network.subnetIds].sort(),
      securityGroupIds: network.groupIds,
    }));
    const noopBytes = Buffer.byteLength(await serializeProvider(noopProvider));
    const padBytes = async (p: object) => Math.max(0, Buffer.byteLength(await serializeProvider(p)) - noopBytes);
    return {
      "aws:region": REGION,
      "apigw-vpc-bench:region": REGION,
      "apigw-vpc-bench:lib": join(REPO_ROOT, "dist/lib.js"),
      "apigw-vpc-bench:associations": associations,
      "apigw-vpc-bench:links": links,
      "apigw-vpc-bench:padBytes": { association: await padBytes(vpcEndpointAssociationProvider), link: await padBytes(vpcLinkProvider) },
    };
  } finally {
    client.destroy();
  }
}

async function stateSize(ws: PulumiWorkspace, stack: string): Promise<ModeRun["state"]> {
  const text = await mustRunPulumi(ws, ["stack", "export", "--stack", stack]);
  const resources =
    (JSON.parse(text) as { deployment?: { resources?: { inputs?: { __provider?: string } }[] } }).deployment?.resources ?? [];
  return {
    bytes: Buffer.byteLength(text),
    providerBytes: resources.reduce((sum, r) => sum + Buffer.byteLength(r.inputs?.__provider ?? ""), 0),
  };
}

async function runMode(sandbox: Sandbox, ws: PulumiWorkspace, mode: Mode, config: Record<string, unknown>): Promise<ModeRun> {
  const stack = `bench-${mode}`;
  await selectStack(ws, stack);
  const fixture =
    mode === "installed" ? { "apigw-vpc-bench:mode": "real", "apigw-vpc-bench:lib": "pulumi-apigw-vpc" } : { "apigw-vpc-bench:mode": mode };
  writeStackConfig(ws, stack, { ...config, ...fixture });
  const run = { seconds: {}, api: {}, state: { bytes: 0, providerBytes: 0 } } as ModeRun;
  let destroyed = false;
  try {
    for (const command of COMMANDS) {
      sandbox.control.resetQuotas();
      sandbox.control.clearRequestLog();
      const started = Date.now();
      await mustRunPulumi(ws, [...ARGS[command], "--stack", stack]);
      run.seconds[command] = (Date.now() - started) / 1000;
      const log = sandbox.control.requestLog();
      run.api[command] = { calls: log.length, spanMs: log.length ? log[log.length - 1].time - log[0].time : 0 };
      if (command === "up") run.state = await stateSize(ws, stack);
      destroyed = command === "destroy";
    }
  } finally {
    if (!destroyed) await runPulumi(ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
  }
  return run;
}

function rows(runs: Record<Mode, ModeRun>): Row[] {
  const { real, noop, padded, installed } = runs;
  const time = (command: Command, label: string, ours: ModeRun): Row => ({
    figure: label,
    value: `${ours.seconds[command].toFixed(1)} s`,
    baseline: `${noop.seconds[command].toFixed(1)} s (no-op)`,
    ratio: fmt.ratio(ours.seconds[command] / noop.seconds[command]),
    target: "—",
    met: null,
  });
  const calls = [real, installed].flatMap((r) => [r.api.preview.calls, r.api.previewNoChange.calls]);
  return [
    time("preview", `pulumi preview (new stack), ${ASSOCIATIONS} associations + ${LINKS} links from dist/`, real),
    time("up", "pulumi up, from dist/", real),
    time("previewNoChange", "pulumi preview (no changes), from dist/", real),
    time("destroy", "pulumi destroy, from dist/", real),
    time("up", "pulumi up, installed from npm", installed),
    time("destroy", "pulumi destroy, installed from npm", installed),
    time("up", "pulumi up, no-op padded to dist/'s __provider size", padded),
    time("destroy", "pulumi destroy, no-op padded to dist/'s __provider size", padded),
    {
      figure: "state after up (stack export): from dist/ / installed",
      value: `${fmt.kb(real.state.bytes)} / ${fmt.kb(installed.state.bytes)}`,
      baseline: `${fmt.kb(noop.state.bytes)} (no-op)`,
      ratio: fmt.ratio(installed.state.bytes / noop.state.bytes),
      target: "—",
      met: null,
    },
    {
      figure: "API Gateway calls during preview (new + no changes; dist/, installed)",
      value: calls.join(" + "),
      baseline: "0 (no-op)",
      ratio: "—",
      target: "0",
      met: calls.every((c) => c === 0),
    },
  ];
}

export async function engineOverhead(): Promise<ScenarioResult> {
  const delays = { vpcLinkProvisionMs: 0, vpcLinkDeleteMs: 0, dnsPropagationMs: 0 };
  return withSandbox({ timeScale: TIME_SCALE, delays, seed: 6 }, async (sandbox) => {
    const dir = projectDir();
    const workspaces = { repo: sandboxWorkspace(sandbox, dir), installed: sandboxWorkspace(sandbox, await installedProjectDir()) };
    try {
      const config = await stackConfig();
      const runs = {} as Record<Mode, ModeRun>;
      for (const mode of MODES)
        runs[mode] = await runMode(sandbox, mode === "installed" ? workspaces.installed : workspaces.repo, mode, config);
      return {
        rows: rows(runs),
        details: {
          ...runs,
          associations: ASSOCIATIONS,
          links: LINKS,
          timeScale: TIME_SCALE,
          padBytes: config["apigw-vpc-bench:padBytes"],
          pulumiCli: "v3.68.0",
        },
        notes: [
          "Engine: wall time of each CLI command (file backend, --non-interactive), one run each. The 10 links are created (and deleted) concurrently, queueing on the quotas (at time scale 0.001: 0.1 s and 0.3 s of queue).",
          "From dist/: the fixture requires the compiled package by path, so Pulumi copies the providers into the state by value (as for this repo's own stack). Installed: the same program in the installed copy's consumer project (its own peer @pulumi/pulumi).",
          "The padded no-op rows show how much of the overhead is the size of `__provider` in the state, not our CRUD. Ratio of the state row = installed / no-op.",
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
      for (const ws of Object.values(workspaces)) rmSync(ws.stateDir, { recursive: true, force: true });
    }
  });
}
