/**
 * Runs the real Pulumi CLI (built by scripts/pulumi-cli.sh) on a local file backend, for
 * `npm start`, the end-to-end tests and the benchmarks.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { programNodeBin } from "./nodeRuntime";
import { assertNotUnitSuite } from "./suite";
import { requireTool } from "./tools";

export const REPO_ROOT = resolve(__dirname, "../..");
const CLI_SCRIPT = join(REPO_ROOT, "scripts/pulumi-cli.sh");
/** Where scripts/pulumi-cli.sh puts the binaries (PULUMI_TOOLS_DIR moves them, as it moves the script's). */
export const PULUMI_CLI_BIN = join(process.env.PULUMI_TOOLS_DIR ?? join(REPO_ROOT, ".tools"), "bin");

/** Throws a one-line MissingToolError if the CLI is not built yet and Go, which builds it, is missing. */
export function assertPulumiCliBuildable(bin = PULUMI_CLI_BIN, env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(join(bin, "pulumi"))) requireTool("go", "building the Pulumi CLI (scripts/pulumi-cli.sh)", env);
}

/** The folder with `pulumi`, its language host and shims: built (or reused) on first use. */
export function ensurePulumiCli(): string {
  assertNotUnitSuite("Pulumi engine");
  assertPulumiCliBuildable();
  const output = execFileSync("bash", [CLI_SCRIPT], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const bin = output.trim().split("\n").pop() ?? "";
  if (!existsSync(join(bin, "pulumi"))) throw new Error(`scripts/pulumi-cli.sh did not produce ${bin}/pulumi`);
  return bin;
}

export interface PulumiWorkspace {
  /** The project directory (holding Pulumi.yaml). */
  cwd: string;
  /** Where the file backend keeps state. */
  stateDir: string;
  /** Extra environment (AWS endpoints, credentials, DNS servers). */
  env: NodeJS.ProcessEnv;
  bin: string;
  /** A folder with the `node` that runs the program, the dynamic providers and policy packs (default: Node.js 22 or newer, see `programNodeBin`). */
  nodeBin?: string;
  /** Folders put first on PATH, e.g. an activated Python virtualenv's bin. */
  pathPrefix?: string[];
}

export interface PulumiResult {
  code: number;
  /** The signal that ended the CLI, if one did. */
  signal?: NodeJS.Signals;
  stdout: string;
  stderr: string;
}

/** The environment every Pulumi command runs with: local backend, no update checks or plugin downloads. */
export function pulumiEnv(ws: PulumiWorkspace): NodeJS.ProcessEnv {
  mkdirSync(ws.stateDir, { recursive: true });
  return {
    ...process.env,
    ...ws.env,
    PATH: [
      ...(ws.pathPrefix ?? []),
      // The language host and the provider shim run the `node` they find first on PATH.
      ws.nodeBin ?? programNodeBin(),
      ws.bin,
      join(REPO_ROOT, "node_modules/.bin"),
      process.env.PATH ?? "",
    ].join(delimiter),
    PULUMI_HOME: join(ws.stateDir, ".pulumi-home"),
    PULUMI_BACKEND_URL: `file://${ws.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: ws.env.PULUMI_CONFIG_PASSPHRASE ?? "apigw-vpc-local",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    // tsc already checks the program; ts-node need not type-check it again on every run.
    PULUMI_NODEJS_TRANSPILE_ONLY: ws.env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true",
    NO_COLOR: "1",
  };
}

/** The environment variable that marks every process of one CLI run, plugins and programs included. */
export const RUN_MARKER = "APIGW_VPC_PULUMI_RUN";

/**
 * The processes (pid and command line) whose environment carries `RUN_MARKER=runId`: the CLI
 * and everything it started, which keep the marker because each inherits its parent's
 * environment. Read from /proc (Linux).
 */
export function processesOfRun(runId: string): { pid: number; cmdline: string }[] {
  const marker = `${RUN_MARKER}=${runId}`;
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(marker)) continue;
      // A zombie has ended; it waits only for its parent (or init) to reap it.
      const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      found.push({ pid, cmdline: readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0").join(" ").trim() });
    } catch {
      // The process ended while we looked, or it is not ours to read.
    }
  }
  return found;
}

/** Sends SIGKILL to every process of the run: the whole tree, even parts that left the CLI's process group. */
export function killRun(runId: string): void {
  for (const { pid } of processesOfRun(runId)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/**
 * Waits (up to `graceMs`) for the run's processes to end. Those still there are killed and
 * returned: a CLI that exits must not leave plugins or programs behind.
 */
export async function leftoverProcesses(runId: string, graceMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + graceMs;
  let left = processesOfRun(runId);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = processesOfRun(runId);
  }
  killRun(runId);
  // SIGKILL is delivered asynchronously: wait until the killed processes are gone.
  for (let waited = 0; processesOfRun(runId).length > 0 && waited < 5_000; waited += 50) await sleep(50);
  return left.map((p) => `${p.pid} ${p.cmdline}`);
}

export interface RunOptions {
  /** Copy the CLI's output to this process's stdout/stderr as it comes. */
  echo?: boolean;
  /** Called with the run's id once the CLI has started (see `killRun`). */
  onStart?: (runId: string) => void;
}

/**
 * Runs `pulumi <args>` and resolves with its exit code and output (it never rejects on a
 * non-zero exit). It rejects if the CLI leaves any process behind (they are killed first).
 */
export async function runPulumi(ws: PulumiWorkspace, args: string[], opts: RunOptions = {}): Promise<PulumiResult> {
  const runId = randomUUID();
  const result = await new Promise<PulumiResult>((done, fail) => {
    const child = spawn(join(ws.bin, "pulumi"), [...args, "--non-interactive"], {
      cwd: ws.cwd,
      env: { ...pulumiEnv(ws), [RUN_MARKER]: runId },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
      if (opts.echo) process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
      if (opts.echo) process.stderr.write(d);
    });
    child.on("spawn", () => opts.onStart?.(runId));
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code: code ?? -1, signal: signal ?? undefined, stdout, stderr }));
  });
  const leftovers = await leftoverProcesses(runId);
  if (leftovers.length > 0)
    throw new Error(`pulumi ${args.join(" ")} left ${leftovers.length} process(es) behind:\n${leftovers.join("\n")}`);
  return result;
}

/** Like runPulumi, but throws with the output when the command fails. */
export async function mustRunPulumi(ws: PulumiWorkspace, args: string[], opts: RunOptions = {}): Promise<string> {
  const result = await runPulumi(ws, args, opts);
  if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Selects the stack, creating it if needed. */
export async function selectStack(ws: PulumiWorkspace, stack: string): Promise<void> {
  const selected = await runPulumi(ws, ["stack", "select", stack]);
  if (selected.code !== 0) await mustRunPulumi(ws, ["stack", "init", stack]);
}

/**
 * Replaces the stack's config (Pulumi.<stack>.yaml) with `config`, keeping the stack's
 * encryption salt. Values may be lists and maps: JSON is valid YAML.
 */
export function writeStackConfig(ws: PulumiWorkspace, stack: string, config: Record<string, unknown>): void {
  const file = join(ws.cwd, `Pulumi.${stack}.yaml`);
  const salt = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .find((l) => l.startsWith("encryptionsalt:"))
    : undefined;
  writeFileSync(file, `${salt ? `${salt}\n` : ""}config: ${JSON.stringify(config)}\n`);
}

/** `pulumi stack output --json` as an object. */
export async function stackOutputs(ws: PulumiWorkspace, extra: string[] = []): Promise<Record<string, unknown>> {
  return JSON.parse(await mustRunPulumi(ws, ["stack", "output", "--json", ...extra])) as Record<string, unknown>;
}
