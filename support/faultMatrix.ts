/**
 * The fault matrix under the real engine, shared by tests/e2e/faultMatrix.test.ts and the
 * faultMatrix benchmark: a stack of VPC links and an association is created, changed and
 * destroyed while every mutation loses ~30 % of its answers (the sandbox applies the call, then
 * drops the connection) and also meets 429, 409 and 5xx (FIRST_FAULTS makes sure of each case in
 * every command), and reads meet 429 and 5xx. It counts
 * what happened and what was left: leaked links, lost declared ids, removed foreign ids.
 */
import { APIGatewayClient, CreateRestApiCommand, GetRestApiCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { randomAwsId, type FaultKind, type Sandbox } from "../local";
import { createNetwork } from "./network";
import { REPO_ROOT, runPulumi, selectStack, writeStackConfig, type PulumiWorkspace } from "./pulumiRunner";
import { TEST_REGION } from "./sandbox";
import { sandboxWorkspace } from "./engine";

/** The mutations the stack's providers send. */
export const MUTATIONS = ["CreateVpcLink", "DeleteVpcLink", "UpdateVpcLink", "TagResource", "UntagResource", "UpdateRestApi"];
/** The reads they send. */
export const READS = ["GetVpcLink", "GetVpcLinks", "GetRestApi"];

/**
 * Per-mutation probabilities, tried in the sandbox's order 429, 409, 500, reset, lost: the
 * answer of about 30 % of all mutations is lost (0.375 x 0.9 x 0.95 x 0.95 = 0.305).
 */
export const MUTATION_FAULTS = { 429: 0.1, 409: 0.05, 500: 0.05, lost: 0.375 };
export const READ_FAULTS = { 429: 0.1, 500: 0.05 };
/**
 * The first requests of some mutations in each command, before the probabilities: every run meets
 * each case (a 409 then a lost create; a 5xx then a lost delete; a lost patch).
 */
export const FIRST_FAULTS: Record<string, FaultKind[]> = {
  CreateVpcLink: ["409", "lost"],
  DeleteVpcLink: ["500", "lost"],
  UpdateRestApi: ["lost"],
};

export interface FaultMatrixCounts {
  /** Requests that reached the sandbox, by operation kind. */
  mutations: number;
  reads: number;
  /** Mutations whose answer was lost after they took effect. */
  lostAnswers: number;
  throttled: number;
  conflicts: number;
  serverErrors: number;
  /** `pulumi` commands run, and how many exited non-zero (each is rerun, at most 3 times). */
  commands: number;
  failedCommands: number;
  /** CreateVpcLink answered 201, against the links the program declares over its life (a link removed and declared again counts twice). */
  linksCreated: number;
  linksDeclared: number;
  /** Links in the sandbox that no state records, after each `up` and after destroy. */
  leakedLinks: number;
  /** Declared ids missing from the API after an `up`. */
  lostIds: number;
  /** Ids no resource declared that were removed from the API. */
  foreignRemoved: number;
  elapsedMs: number;
  errors: string[];
}

export interface FaultMatrixOptions {
  /** Links of the first `up`; each change round declares one more or one fewer, alternately. */
  links: number;
  /** `up`s that change the declared ids and links after the first one. */
  rounds: number;
  /** Faults on (the matrix) or off (the baseline). The sandbox's seed makes a run replayable. */
  faults: boolean;
  label: string;
}

const FIXTURE = join(REPO_ROOT, "tests/fixtures/crash-stack");
const KEY = "apigw-vpc-crash-fixture";

/** Runs the matrix on `sandbox`; the stack, its config and its state are removed afterwards. */
export async function runFaultMatrix(sandbox: Sandbox, opts: FaultMatrixOptions): Promise<FaultMatrixCounts> {
  const control = sandbox.control;
  const ws: PulumiWorkspace = sandboxWorkspace(sandbox, FIXTURE);
  const stack = `matrix-${opts.label}-${Date.now().toString(36)}`;
  const client = new APIGatewayClient({ region: TEST_REGION });
  const foreign = [randomAwsId("vpce"), randomAwsId("vpce")].sort();
  const pool = Array.from({ length: 8 }, () => randomAwsId("vpce")).sort();
  /** Round r declares a window of 4 ids sliding over the pool, so each round adds and removes some. */
  const idsOf = (round: number) => pool.slice(round % 5, (round % 5) + 4);
  const counts: FaultMatrixCounts = {
    mutations: 0,
    reads: 0,
    lostAnswers: 0,
    throttled: 0,
    conflicts: 0,
    serverErrors: 0,
    commands: 0,
    failedCommands: 0,
    linksCreated: 0,
    linksDeclared: 0,
    leakedLinks: 0,
    lostIds: 0,
    foreignRemoved: 0,
    elapsedMs: 0,
    errors: [],
  };
  const started = Date.now();
  try {
    const api = await client.send(
      new CreateRestApiCommand({ name: `matrix-${opts.label}`, endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds: foreign } }),
    );
    const restApiId = api.id as string;
    const apiIds = async () =>
      [...((await client.send(new GetRestApiCommand({ restApiId }))).endpointConfiguration?.vpcEndpointIds ?? [])].sort();
    await selectStack(ws, stack);
    const { subnetIds } = await createNetwork({ region: TEST_REGION });
    const configure = (ids: string[], count: number) =>
      writeStackConfig(ws, stack, {
        "aws:region": TEST_REGION,
        [`${KEY}:count`]: count,
        [`${KEY}:subnetIds`]: subnetIds,
        [`${KEY}:restApiId`]: restApiId,
        [`${KEY}:vpcEndpointIds`]: ids,
      });
    control.clearRequestLog();
    const faultsOn = () => {
      if (!opts.faults) return;
      for (const op of MUTATIONS) control.injectFaults(op, { probabilities: MUTATION_FAULTS, sequence: FIRST_FAULTS[op] ?? [] });
      for (const op of READS) control.injectFaults(op, { probabilities: READ_FAULTS });
    };

    /** A command, rerun (at most 3 times) until it exits 0, as a user would. */
    const converge = async (args: string[]) => {
      for (let attempt = 1; ; attempt++) {
        counts.commands++;
        faultsOn();
        const result = await runPulumi(ws, [...args, "--yes", "--skip-preview", "--stack", stack]);
        control.clearFaults(); // the audits read without faults
        if (result.code === 0) return;
        counts.failedCommands++;
        counts.errors.push(
          `${args[0]} #${attempt}: ${(result.stdout + result.stderr)
            .split("\n")
            .filter((l) => /error:/i.test(l))
            .slice(0, 2)
            .join(" | ")}`,
        );
        if (attempt === 3) throw new Error(`pulumi ${args.join(" ")} failed 3 times: ${counts.errors.slice(-1)[0]}`);
      }
    };
    /** Leaks and losses after an `up` of `ids` and `count` links. */
    const audit = async (ids: string[], count: number) => {
      const state = JSON.parse((await runPulumi(ws, ["stack", "export", "--stack", stack])).stdout) as {
        deployment: { resources?: { type: string; id?: string }[] };
      };
      const recorded = new Set((state.deployment.resources ?? []).filter((r) => r.type.endsWith(":VpcLink")).map((r) => r.id));
      const live = control.state().vpcLinks.filter((l) => l.vpcLinkStatus !== "DELETING");
      counts.leakedLinks += live.filter((l) => !recorded.has(l.vpcLinkId)).length;
      if (recorded.size !== count) counts.errors.push(`the state records ${recorded.size} links, the program declares ${count}`);
      const now = await apiIds();
      counts.lostIds += ids.filter((id) => !now.includes(id)).length;
      counts.foreignRemoved += foreign.filter((id) => !now.includes(id)).length;
    };

    let declaredLinks = 0;
    for (let round = 0; round <= opts.rounds; round++) {
      const count = opts.links + (round % 2);
      if (round === 0 || count > opts.links) declaredLinks += round === 0 ? count : 1;
      configure(idsOf(round), count);
      await converge(["up"]);
      await audit(idsOf(round), count);
    }
    await converge(["destroy"]);
    await new Promise((r) => setTimeout(r, 300)); // the last link's DELETING phase
    counts.leakedLinks += control.state().vpcLinks.length;
    const left = await apiIds();
    counts.foreignRemoved += foreign.filter((id) => !left.includes(id)).length;
    counts.lostIds += left.filter((id) => !foreign.includes(id)).length; // ours left behind after destroy
    counts.linksDeclared = declaredLinks;

    const log = control.requestLog();
    counts.mutations = log.filter((e) => MUTATIONS.includes(e.operation)).length;
    counts.reads = log.filter((e) => READS.includes(e.operation)).length;
    counts.lostAnswers = log.filter((e) => e.errorType === "ResponseLost").length;
    counts.throttled = log.filter((e) => e.status === 429).length;
    counts.conflicts = log.filter((e) => e.status === 409).length;
    counts.serverErrors = log.filter((e) => e.status >= 500).length;
    counts.linksCreated = log.filter((e) => e.operation === "CreateVpcLink" && e.status === 201).length;
    // Nothing of ours may stay on the shared API; undo what the matrix itself added, if anything.
    const stray = (await apiIds()).filter((id) => !foreign.includes(id));
    if (stray.length)
      await client.send(
        new UpdateRestApiCommand({
          restApiId,
          patchOperations: stray.map((value) => ({ op: "remove", path: "/endpointConfiguration/vpcEndpointIds", value })),
        }),
      );
  } finally {
    counts.elapsedMs = Date.now() - started;
    control.clearFaults();
    client.destroy();
    await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
    rmSync(join(FIXTURE, `Pulumi.${stack}.yaml`), { force: true });
    rmSync(ws.stateDir, { recursive: true, force: true });
  }
  return counts;
}
