/**
 * Root hooks of `npm run test:acceptance` (see .mocharc.acceptance.json): one backend for the
 * whole run. Before: choose the target (the sandbox unless APIGW_VPC_ACC=aws with an explicit
 * region), print the plan and what costs money, create the setup. After: sweep the run with
 * the sweeper's own code, and fail if anything tagged with the run is left.
 */
import { Resolver } from "node:dns/promises";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acceptanceClients, type AcceptanceClients } from "../../acceptance/clients";
import { acceptancePlan, formatPlan, newRunId, runTags, type PlanContext } from "../../acceptance/plan";
import { provision, type AcceptanceFixture } from "../../acceptance/provision";
import { findTagged, sweep, SWEEP_BUDGET_MS } from "../../acceptance/sweeper";
import { acceptanceTarget, type AcceptanceTarget } from "../../acceptance/target";
import { waitUntil } from "../../provider/waiter";
import { startSandbox, type Sandbox } from "../../local";
import { ensurePulumiCli, REPO_ROOT, runPulumi, selectStack, writeStackConfig, type PulumiWorkspace } from "../../support/pulumiRunner";
import { apiEndpointIds, SANDBOX_ENV_KEYS, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from "../../support/sandbox";
import { findVpcLinkById } from "../../provider/vpcLink/index";
import type { GetVpcLinkResponse } from "@aws-sdk/client-apigatewayv2";

/** Everything a scenario needs, the same in both modes. */
export interface AcceptanceRun {
  target: AcceptanceTarget;
  ctx: PlanContext;
  fixture: AcceptanceFixture;
  clients: AcceptanceClients;
  /** Set in sandbox mode only: scenarios must not depend on it. */
  sandbox?: Sandbox;
  /** The environment the engine's programs run with (endpoints and dummy keys in sandbox mode; the caller's own in aws mode). */
  engineEnv: Record<string, string>;
  /** The tags of a resource a scenario creates (the plan's key). */
  tags(key: string): Record<string, string>;
  /** IPv4 addresses of a name, from the sandbox's DNS or the machine's resolver. */
  resolve(hostname: string): Promise<string[]>;
  /** Polls `read` until `check` holds (AWS is eventually consistent); the timeout scales with the mode. */
  eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean): Promise<T>;
  /** Mocha timeout for one engine step. */
  stepTimeoutMs: number;
}

let run: AcceptanceRun | undefined;

/** The current run; only inside tests and hooks. */
export function acceptance(): AcceptanceRun {
  if (!run) throw new Error("the acceptance run is not set up: run through .mocharc.acceptance.json");
  return run;
}

let savedEnv: Record<string, string | undefined> = {};

async function setUp(this: Mocha.Context): Promise<void> {
  const target = acceptanceTarget();
  const aws = target.mode === "aws";
  this.timeout(aws ? 30 * 60_000 : 120_000);
  const ctx: PlanContext = { region: target.region, runId: newRunId(), createdAt: new Date() };
  console.log(`${formatPlan(ctx, acceptancePlan(ctx))}\n`);

  savedEnv = Object.fromEntries(SANDBOX_ENV_KEYS.map((k) => [k, process.env[k]]));
  let sandbox: Sandbox | undefined;
  let engineEnv: Record<string, string> = { AWS_REGION: target.region };
  if (!aws) {
    sandbox = await startSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 300, vpcLinkDeleteMs: 200, dnsPropagationMs: 300 } });
    engineEnv = { ...engineEnv, ...sandbox.env, AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY };
  }
  Object.assign(process.env, engineEnv);
  const clients = acceptanceClients(target.region);
  const dnsResolver = new Resolver();
  if (sandbox) dnsResolver.setServers([`${sandbox.dns.host}:${sandbox.dns.port}`]);
  const eventuallyMs = aws ? 10 * 60_000 : 10_000;
  // Set before provisioning, so the after hook sweeps a setup that failed halfway.
  run = {
    target,
    ctx,
    fixture: undefined as unknown as AcceptanceFixture,
    clients,
    sandbox,
    engineEnv,
    tags: (key) => runTags(ctx, key),
    resolve: (hostname) => dnsResolver.resolve4(hostname),
    stepTimeoutMs: aws ? 30 * 60_000 : 180_000,
    eventually: async (what, read, check) => {
      const result = await waitUntil({ timeoutMs: eventuallyMs, poll: read, isSettled: check, minDelayMs: 100, maxDelayMs: 10_000 });
      if (!result.settled) throw new Error(`${what}: not so after ${eventuallyMs / 1000} s; last: ${JSON.stringify(result.value)}`);
      return result.value;
    },
  };
  run.fixture = await provision(clients, ctx, (line) => console.log(`  setup: ${line}`));
}

async function tearDown(this: Mocha.Context): Promise<void> {
  if (!run) return;
  // The sweep's waiting is capped by its budget; the margin covers its calls and the final check.
  this.timeout(run.target.mode === "aws" ? SWEEP_BUDGET_MS + 5 * 60_000 : 120_000);
  const { clients, ctx, sandbox } = run;
  try {
    const report = await sweep(clients, { runId: ctx.runId, olderThanMs: 0, log: (line) => console.log(`  teardown: ${line}`) });
    const left = await findTagged(clients, ctx.runId);
    if (report.failed.length > 0 || left.length > 0)
      throw new Error(
        `the sweep of run ${ctx.runId} left resources behind (run \`npm run sweep -- --region ${ctx.region} --older-than 0s --run ${ctx.runId}\`):\n` +
          [...report.failed, ...left.map((r) => `${r.kind} ${r.id}`)].join("\n"),
      );
  } finally {
    clients.destroy();
    await sandbox?.close();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    run = undefined;
  }
}

/** The link as AWS holds it, or undefined once it is gone. */
export function readVpcLink(vpcLinkId: string): Promise<GetVpcLinkResponse | undefined> {
  return findVpcLinkById(acceptance().clients.apigwv2, vpcLinkId);
}

/** The private API's endpoint list, sorted. */
export function endpointsOfApi(): Promise<string[]> {
  return apiEndpointIds(acceptance().fixture.restApiId, acceptance().target.region);
}

/** Mocha root hooks. */
export const mochaHooks = { beforeAll: setUp, afterAll: tearDown };

/**
 * Mocha hooks for one scenario's stack of tests/fixtures/acceptance-stack: a workspace and stack
 * before, and after, a destroy (so a failed scenario leaves nothing for the sweep but tagged
 * leftovers) and the stack's removal.
 */
export function useScenarioStack(label: string): {
  readonly ws: PulumiWorkspace;
  readonly stack: string;
  configure(config: Record<string, unknown>): void;
} {
  const dir = join(REPO_ROOT, "tests/fixtures/acceptance-stack");
  const stack = `acc-${label}-${Date.now().toString(36)}`;
  let ws: PulumiWorkspace | undefined;
  before(async function () {
    this.timeout(120_000);
    ws = { cwd: dir, stateDir: mkdtempSync(join(tmpdir(), "apigw-vpc-acc-state-")), bin: ensurePulumiCli(), env: acceptance().engineEnv };
    await selectStack(ws, stack);
  });
  after(async function () {
    if (!ws) return;
    this.timeout(acceptance().stepTimeoutMs);
    await runPulumi(ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
    rmSync(join(dir, `Pulumi.${stack}.yaml`), { force: true });
    rmSync(ws.stateDir, { recursive: true, force: true });
  });
  return {
    stack,
    get ws(): PulumiWorkspace {
      if (!ws) throw new Error("the workspace is ready only inside tests and hooks");
      return ws;
    },
    configure(config) {
      if (!ws) throw new Error("configure inside tests and hooks");
      const { region } = acceptance().target;
      writeStackConfig(ws, stack, {
        "aws:region": region,
        ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`apigw-vpc-acceptance:${k}`, v])),
      });
    },
  };
}
