/** Support for end-to-end tests: the real Pulumi CLI against the sandbox, on a file backend. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../local";
import { ensurePulumiCli, REPO_ROOT, runPulumi, type PulumiWorkspace } from "./pulumiRunner";
import { TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY } from "./sandbox";

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
export function useFixtureStack(
  ctx: { readonly sandbox: Sandbox },
  fixture: string,
  label: string,
): { readonly ws: PulumiWorkspace; readonly stack: string; readonly dir: string } {
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

/** A policy violation as the engine reports it. */
export interface PolicyViolation {
  level: string;
  policy: string;
  /** `type: name` of the resource, if the violation names one. */
  resource?: string;
  /** The policy's description, a newline, and the violation message. */
  text: string;
}

/**
 * The policy violations in an engine event log (`pulumi preview --event-log FILE`): structured
 * engine events, so the tests do not depend on how a CLI version prints them. Sorted by policy,
 * then resource, so tests do not depend on the engine's order.
 */
export function policyViolationsFromEventLog(file: string): PolicyViolation[] {
  if (!existsSync(file)) return [];
  const violations: PolicyViolation[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const event = (
      JSON.parse(line) as { policyEvent?: { resourceUrn?: string; message: string; policyName: string; enforcementLevel: string } }
    ).policyEvent;
    if (!event) continue;
    const urn = event.resourceUrn;
    const resource = urn ? `${urn.split("::")[2].split("$").pop()}: ${urn.split("::").pop()}` : undefined;
    violations.push({
      level: event.enforcementLevel,
      policy: event.policyName,
      ...(resource ? { resource } : {}),
      text: event.message.trim(),
    });
  }
  return violations.sort((a, b) => a.policy.localeCompare(b.policy) || (a.resource ?? "").localeCompare(b.resource ?? ""));
}

/**
 * The files of a user's Node.js project in `dir`: Pulumi.yaml for project `name` (plain
 * JavaScript, compiled by tsc beforehand), a strict tsconfig that compiles `program` (index.ts)
 * to bin/index.js, with `compilerOptions` over its defaults, and the program itself.
 */
export function writeConsumerProject(dir: string, name: string, program: string, compilerOptions: Record<string, unknown> = {}): void {
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n`);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2020",
        module: "commonjs",
        outDir: "bin",
        esModuleInterop: true,
        skipLibCheck: true,
        ...compilerOptions,
      },
      files: ["index.ts"],
    }),
  );
  mkdirSync(join(dir, "bin"), { recursive: true });
  writeFileSync(join(dir, "index.ts"), program);
}

/**
 * A user's project built from the published package: `npm pack` of this repository, installed
 * with `dependencies` into a fresh directory, and `program` (index.ts) compiled with tsc to
 * bin/index.js (`compilerOptions` as for {@link writeConsumerProject}). The peer @pulumi/pulumi
 * comes along; the npm cache of this repository's install serves everything offline.
 */
export function installPackedConsumer(
  program: string,
  dependencies: Record<string, string> = {},
  compilerOptions: Record<string, unknown> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), "apigw-vpc-consumer-"));
  const packed = mkdtempSync(join(tmpdir(), "apigw-vpc-pack-"));
  try {
    const tarball = packPackage(packed);
    const manifest = {
      name: "consumer",
      private: true,
      main: "bin/index.js",
      dependencies: { "pulumi-apigw-vpc": `file:${tarball}`, ...dependencies },
    };
    writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
    writeConsumerProject(dir, "consumer", program, compilerOptions);
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

/** `npm pack` of this repository (its dist/ as built) into `dest`; returns the tarball's path. */
export function packPackage(dest: string): string {
  execFileSync("npm", ["pack", "--silent", "--pack-destination", dest], { cwd: REPO_ROOT, stdio: "pipe" });
  return join(dest, readdirSync(dest).find((f) => f.endsWith(".tgz")) as string);
}

/** This repository's devDependency range for `name`, to install the same version into a consumer. */
export function devDependencyRange(name: string): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const range = manifest.devDependencies[name];
  if (!range) throw new Error(`package.json has no devDependency ${name}`);
  return range;
}
