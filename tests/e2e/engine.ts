/** Support for end-to-end tests: the real Pulumi CLI against the sandbox, on a file backend. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import type { Sandbox } from "../../local";
import { ensurePulumiCli, REPO_ROOT, runPulumi, type PulumiWorkspace } from "../../scripts/pulumiRunner";
import { TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY } from "../support";

/** A workspace whose stacks talk to the sandbox with the dummy test credentials. */
export function sandboxWorkspace(sandbox: Sandbox, cwd: string): PulumiWorkspace {
  return {
    cwd,
    stateDir: mkdtempSync(join(tmpdir(), "apigw-vpc-state-")),
    bin: ensurePulumiCli(),
    env: { ...sandbox.env, AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY, AWS_REGION: TEST_REGION },
  };
}

export interface PreviewStep {
  op: string;
  urn: string;
}

/** The steps of `pulumi preview --json`. */
export function previewSteps(stdout: string): PreviewStep[] {
  const parsed = JSON.parse(stdout) as { steps?: PreviewStep[] };
  return (parsed.steps ?? []).filter((s) => s.op !== "same");
}

/** The step ops per resource type suffix, e.g. { VpcEndpointAssociation: ["update"] }. */
export function opsByType(steps: PreviewStep[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const step of steps) {
    const type = (step.urn.split("::")[2] ?? "").split("$").pop()?.split(":").pop() ?? "";
    (result[type] ??= []).push(step.op);
  }
  return result;
}

/**
 * Mocha hooks for one stack of a fixture project under tests/fixtures: a workspace on the
 * sandbox before the suite; the stack, its config file and its state removed after it.
 */
export function useFixtureStack(ctx: { readonly sandbox: Sandbox }, fixture: string, label: string): { readonly ws: PulumiWorkspace; readonly stack: string; readonly dir: string } {
  const dir = join(REPO_ROOT, "tests/fixtures", fixture);
  const stack = `e2e-${label}-${Date.now().toString(36)}`;
  let ws: PulumiWorkspace | undefined;
  before(() => {
    ws = sandboxWorkspace(ctx.sandbox, dir);
  });
  after(async () => {
    if (!ws) return;
    await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
    rmSync(join(dir, `Pulumi.${stack}.yaml`), { force: true });
    rmSync(ws.stateDir, { recursive: true, force: true });
  });
  return {
    stack,
    dir,
    get ws(): PulumiWorkspace {
      if (!ws) throw new Error("the workspace is ready only inside tests and hooks");
      return ws;
    },
  };
}

/**
 * A user's project built from the published package: `npm pack` of this repository, installed
 * with `dependencies` into a fresh directory, and `program` (index.ts) compiled with tsc to
 * bin/index.js. Other dependencies and the peer @pulumi/pulumi come from the npm cache of this
 * repository's install, so it works offline.
 */
export function installPackedConsumer(program: string, dependencies: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "apigw-vpc-consumer-"));
  const packed = mkdtempSync(join(tmpdir(), "apigw-vpc-pack-"));
  try {
    execFileSync("npm", ["pack", "--silent", "--pack-destination", packed], { cwd: REPO_ROOT, stdio: "pipe" });
    const tarball = join(packed, readdirSync(packed).find((f) => f.endsWith(".tgz")) as string);
    const manifest = { name: "consumer", private: true, main: "bin/index.js", dependencies: { "pulumi-apigw-vpc": `file:${tarball}`, ...dependencies } };
    writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2020", module: "commonjs", outDir: "bin", esModuleInterop: true, skipLibCheck: true }, files: ["index.ts"] }));
    mkdirSync(join(dir, "bin"));
    writeFileSync(join(dir, "index.ts"), program);
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
    execFileSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], { stdio: "pipe" });
    return dir;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    rmSync(packed, { recursive: true, force: true });
  }
}

/** A repository devDependency's version range, to install the same version into a consumer. */
export function devDependencyRange(name: string): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const range = manifest.devDependencies[name];
  if (!range) throw new Error(`package.json has no devDependency ${name}`);
  return range;
}

/**
 * The processes (pid and command line) whose working directory is `dir` or below it: what a
 * Pulumi run left behind there (language hosts, policy packs). Linux /proc; other processes of
 * the user may vanish while we read, and those are skipped.
 */
export function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd !== dir && !cwd.startsWith(dir + sep)) continue;
      // A zombie has exited already; it only waits for its parent to collect its status.
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"))) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim()}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}
