/**
 * Runs the real Pulumi CLI (built by scripts/pulumi-cli.sh) on a local file backend, for
 * `npm start`, the end-to-end tests and the benchmarks.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { assertNotUnitSuite } from "./suite";
import { requireTool } from "./tools";

export const REPO_ROOT = resolve(__dirname, "../..");
const CLI_SCRIPT = join(REPO_ROOT, "scripts/pulumi-cli.sh");
/** Where scripts/pulumi-cli.sh puts the binaries. */
export const PULUMI_CLI_BIN = join(REPO_ROOT, ".tools/bin");

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
}

export interface PulumiResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment every Pulumi command runs with: local backend, no update checks or plugin downloads. */
export function pulumiEnv(ws: PulumiWorkspace): NodeJS.ProcessEnv {
  mkdirSync(ws.stateDir, { recursive: true });
  return {
    ...process.env,
    ...ws.env,
    PATH: [ws.bin, join(REPO_ROOT, "node_modules/.bin"), process.env.PATH ?? ""].join(delimiter),
    PULUMI_HOME: join(ws.stateDir, ".pulumi-home"),
    PULUMI_BACKEND_URL: `file://${ws.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: ws.env.PULUMI_CONFIG_PASSPHRASE ?? "apigw-vpc-local",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // tsc already checks the program; ts-node need not type-check it again on every run.
    PULUMI_NODEJS_TRANSPILE_ONLY: ws.env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true",
    NO_COLOR: "1",
  };
}

/** Runs `pulumi <args>` and resolves with its exit code and output (it never rejects on a non-zero exit). */
export function runPulumi(ws: PulumiWorkspace, args: string[], opts: { echo?: boolean } = {}): Promise<PulumiResult> {
  return new Promise((done, fail) => {
    const child = spawn(join(ws.bin, "pulumi"), [...args, "--non-interactive"], { cwd: ws.cwd, env: pulumiEnv(ws), stdio: ["ignore", "pipe", "pipe"] });
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
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** Like runPulumi, but throws with the output when the command fails. */
export async function mustRunPulumi(ws: PulumiWorkspace, args: string[], opts: { echo?: boolean } = {}): Promise<string> {
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
  const salt = existsSync(file) ? readFileSync(file, "utf8").split("\n").find((l) => l.startsWith("encryptionsalt:")) : undefined;
  writeFileSync(file, `${salt ? `${salt}\n` : ""}config: ${JSON.stringify(config)}\n`);
}

/** `pulumi stack output --json` as an object. */
export async function stackOutputs(ws: PulumiWorkspace, extra: string[] = []): Promise<Record<string, unknown>> {
  return JSON.parse(await mustRunPulumi(ws, ["stack", "output", "--json", ...extra])) as Record<string, unknown>;
}

