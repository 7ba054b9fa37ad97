/**
 * 9. Fleet scale: K stacks on one private REST API, each creating, updating and deleting its own
 * VpcEndpointAssociation (create adds one id, update swaps it for another, delete removes it),
 * all at once, against the control plane's account rate (10 requests/s, burst 40: the sandbox's
 * bucket at time scale 1, local/limits.ts). Two ways:
 *
 * The creates run through check() with a URN, as under the engine, so each writes and clears its
 * ownership journal on the API (TagResource and UntagResource: 8 calls per stack, not 6).
 *
 *   in one process -> K callers share the process's adaptive token bucket (provider/rateLimiter.ts)
 *   K processes    -> one Node process per stack, as separate `pulumi up` runs are: no shared
 *                     bucket, only each process's adaptive rate and the jitter after Retry-After
 *
 * Figures: failed operations; wall time as a ratio of the floor the rate allows (successful calls
 * ÷ 10 per second, the calls being those the sandbox answered 2xx); requests sent per successful
 * call. The floor is the baseline: no client can finish faster than the account's rate admits.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { Sandbox } from "../local";
import { GENERAL_RATE_PER_SECOND } from "../local/limits";
import { randomAwsId } from "../local/ids";
import {
  vpcEndpointAssociationOperations as association,
  type VpcEndpointAssociationInputs,
  type VpcEndpointAssociationOutputs,
} from "../provider/vpcEndpointAssociation/index";
import { apiEndpointIds, createRestApi } from "../support/sandbox";
import { fmt, REGION, sandboxEnv, withSandbox, type Row, type ScenarioResult } from "./common";

/** The K measured; BENCH_FLEET_SIZES=3,5 runs others (a quick try of the scenario). */
const SIZES = (process.env.BENCH_FLEET_SIZES ?? "10,50,100").split(",").map(Number);
/** The runs measured; BENCH_FLEET_MODES=processes (or one) runs only the K processes (or the one process) rows. */
const MODES = (["in one process", "K processes"] as const).filter((mode) => {
  const only = process.env.BENCH_FLEET_MODES;
  return !only || (only === "processes" ? mode === "K processes" : only === "one" ? mode === "in one process" : true);
});
const WORKER = join(__dirname, "fleetWorker.js");

/**
 * One stack's life: create with `first`, update to `second`, delete, each through check() with
 * the class's URN as the engine runs them (so the create keeps its ownership journal). Returns
 * the operations that failed.
 */
export async function stackLife(restApiId: string, first: string, second: string): Promise<string[]> {
  const failed: string[] = [];
  const urn = `urn:pulumi:stack-${first}::fleet::pulumi-nodejs:dynamic/apigw:VpcEndpointAssociation::association`;
  const checked = async (id: string, olds: object) =>
    (
      await association.check(
        olds as VpcEndpointAssociationInputs,
        { restApiId, vpcEndpointIds: [id], region: REGION, creationUrn: urn } as never,
      )
    ).inputs as VpcEndpointAssociationInputs;
  const createInputs = await checked(first, {});
  let outs: VpcEndpointAssociationOutputs;
  try {
    outs = (await association.create(createInputs)).outs as VpcEndpointAssociationOutputs;
  } catch (e) {
    return [`create: ${(e as Error).message}`];
  }
  try {
    outs = (await association.update(restApiId, outs, await checked(second, createInputs))).outs ?? outs;
  } catch (e) {
    failed.push(`update: ${(e as Error).message}`);
  }
  try {
    await association.delete(restApiId, outs);
  } catch (e) {
    failed.push(`delete: ${(e as Error).message}`);
  }
  return failed;
}

interface Run {
  k: number;
  mode: "in one process" | "K processes";
  failed: string[];
  wallMs: number;
  calls: number;
  requests: number;
  throttled: number;
  leftOnApi: number;
}

/** K stacks as K callers in this process. */
async function inProcess(restApiId: string, k: number): Promise<string[]> {
  const lives = await Promise.all(Array.from({ length: k }, () => stackLife(restApiId, randomAwsId("vpce"), randomAwsId("vpce"))));
  return lives.flat();
}

/** K stacks as K Node processes; each loads the provider first, and all start together on "go". */
async function inProcesses(sandbox: Sandbox, restApiId: string, k: number, started: (at: number) => void): Promise<string[]> {
  const env = { ...process.env, ...sandboxEnv(sandbox) };
  const children = Array.from({ length: k }, () =>
    spawn(process.execPath, [WORKER, restApiId, randomAwsId("vpce"), randomAwsId("vpce")], { env, stdio: ["pipe", "pipe", "inherit"] }),
  );
  const outputs = children.map((child) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const ready = new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    const done = new Promise<string>((resolve) => child.on("exit", () => resolve(out)));
    return { child, ready, done };
  });
  await Promise.all(outputs.map((o) => o.ready));
  started(Date.now());
  for (const { child } of outputs) child.stdin.end("go\n");
  const results = await Promise.all(outputs.map((o) => o.done));
  return results.flatMap((out) => {
    const line = out.split("\n").find((l) => l.startsWith("{"));
    return line ? (JSON.parse(line) as { failed: string[] }).failed : ["a worker exited without a result"];
  });
}

async function measure(k: number, mode: Run["mode"]): Promise<Run> {
  return withSandbox({ timeScale: 1 }, async (sandbox) => {
    const restApiId = await createRestApi({ name: `fleet-${k}` });
    await new Promise((r) => setTimeout(r, 4_000)); // let the bucket refill to its burst of 40
    sandbox.control.clearRequestLog();
    let startedAt = Date.now();
    const failed =
      mode === "in one process" ? await inProcess(restApiId, k) : await inProcesses(sandbox, restApiId, k, (at) => (startedAt = at));
    const wallMs = Date.now() - startedAt;
    const log = sandbox.control.requestLog({ region: REGION });
    const leftOnApi = (await apiEndpointIds(restApiId)).length;
    return {
      k,
      mode,
      failed,
      wallMs,
      calls: log.filter((e) => e.status >= 200 && e.status < 300).length,
      requests: log.length,
      throttled: log.filter((e) => e.status === 429).length,
      leftOnApi,
    };
  });
}

function rows(run: Run): Row[] {
  const floorMs = (run.calls / GENERAL_RATE_PER_SECOND) * 1000;
  const ratio = run.wallMs / floorMs;
  const perCall = run.requests / Math.max(1, run.calls);
  const atTarget = run.k === 100;
  const label = `K=${run.k}, ${run.mode}`;
  return [
    {
      figure: `${label}: failed operations (of ${run.k * 3}) / ids left`,
      value: `${run.failed.length} / ${run.leftOnApi}`,
      baseline: "—",
      ratio: "—",
      target: "0 / 0",
      met: run.failed.length === 0 && run.leftOnApi === 0,
    },
    {
      figure: `${label}: wall time ÷ floor (${run.calls} calls at 10/s)`,
      value: `${fmt.ratio(ratio)} (${fmt.s(run.wallMs)})`,
      baseline: fmt.s(floorMs),
      ratio: fmt.ratio(ratio),
      target: atTarget ? "≤ 1.5" : "—",
      met: atTarget ? ratio <= 1.5 : null,
    },
    {
      figure: `${label}: requests per successful call (429s)`,
      value: `${fmt.ratio(perCall)} (${run.throttled})`,
      baseline: "1",
      ratio: fmt.ratio(perCall),
      target: atTarget ? "≤ 2" : "—",
      met: atTarget ? perCall <= 2 : null,
    },
  ];
}

/** The scenario: every K, in one process and then as K processes, each in a fresh sandbox. */
export async function fleetScale(): Promise<ScenarioResult> {
  const runs: Run[] = [];
  for (const k of SIZES) {
    for (const mode of MODES) {
      const run = await measure(k, mode);
      process.stderr.write(` [K=${k} ${mode}: ${(run.wallMs / 1000).toFixed(1)} s, ${run.failed.length} failed]`);
      runs.push(run);
    }
  }
  return {
    rows: runs.flatMap(rows),
    details: Object.fromEntries(
      runs.map((r) => [`${r.k} ${r.mode}`, { ...r, failed: r.failed.slice(0, 5), failedCount: r.failed.length }]),
    ),
    notes: [
      "the sandbox's account bucket at time scale 1 (10 requests/s, burst 40); each stack runs create (GetRestApi, TagResource, UpdateRestApi, UntagResource), update and delete (GetRestApi + UpdateRestApi each); the floor is the successful calls ÷ 10/s, with no credit for the burst",
      "K processes share no token bucket; each carries its own throttle streak from call to call (provider/throttleStreak.ts): it probes a stray 429, then spreads its retries and paces its new calls over a window that grows with 429s in a row",
    ],
  };
}
