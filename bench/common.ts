/**
 * Shared plumbing of the benchmarks: the result types, a sandbox with process.env pointed at it,
 * statistics, a seeded PRNG, and a child-process runner for the fresh-process measurements.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { startSandbox, type Sandbox, type SandboxOptions } from "../local";
import { seededRandom } from "../local/limits";
import { SANDBOX_ENV_KEYS } from "../support/sandbox";

/** The repository root (this file runs from dist/bench). */
export const REPO_ROOT = resolve(__dirname, "../..");
export const REGION = "us-east-1";

/** One line of the table: every cell is already formatted for display. */
export interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null when the figure has no target (context only). */
  met: boolean | null;
}

export interface ScenarioResult {
  rows: Row[];
  /** Raw numbers behind the rows, for bench/results.json. */
  details: Record<string, unknown>;
  /** Assumptions a reader needs to interpret the figures. */
  notes: string[];
}

export type Scenario = () => Promise<ScenarioResult>;

const CREDENTIALS = { AWS_ACCESS_KEY_ID: "AKIASANDBOXBENCH0001", AWS_SECRET_ACCESS_KEY: "sandbox-bench-secret", AWS_REGION: REGION };

/** Starts a sandbox, points the AWS SDK (process.env) at it for `fn`, then restores and closes. */
export async function withSandbox<T>(options: SandboxOptions, fn: (sandbox: Sandbox) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox(options);
  const saved = Object.fromEntries(SANDBOX_ENV_KEYS.map((k) => [k, process.env[k]]));
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_DEFAULT_REGION;
  Object.assign(process.env, sandbox.env, CREDENTIALS, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
  try {
    return await fn(sandbox);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await sandbox.close();
  }
}

/** The environment a child process (or the Pulumi CLI) needs to reach the sandbox. */
export function sandboxEnv(sandbox: Sandbox): Record<string, string> {
  return { ...sandbox.env, ...CREDENTIALS };
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export { seededRandom };

/**
 * Runs `measure` for every n of `sizes` and every k of {@link changeSizes}(n) in a fresh sandbox,
 * with one plain SDK client (for setup and the baseline) and one seeded random source.
 */
export async function measureAcrossSizes<T>(
  timeScale: number,
  sizes: readonly number[],
  seed: number,
  measure: (sandbox: Sandbox, client: APIGatewayClient, n: number, k: number, random: () => number) => Promise<T>,
): Promise<T[]> {
  return withSandbox({ timeScale, seed: 1 }, async (sandbox) => {
    const client = new APIGatewayClient({ region: REGION });
    const random = seededRandom(seed);
    const cases: T[] = [];
    try {
      for (const n of sizes) {
        for (const k of changeSizes(n)) cases.push(await measure(sandbox, client, n, k, random));
      }
    } finally {
      client.destroy();
    }
    return cases;
  });
}

/** `n` distinct, sorted, well-formed VPC endpoint ids drawn from `random`. */
export function vpceIds(n: number, random: () => number): string[] {
  const ids = new Set<string>();
  while (ids.size < n) ids.add(`vpce-${Array.from({ length: 17 }, () => Math.floor(random() * 16).toString(16)).join("")}`);
  return [...ids].sort();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs a command; rejects with its output if it exits non-zero. */
export function run(
  file: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((done, fail) =>
    execFile(
      file,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? fail(new Error(`${file} ${args.join(" ")}: ${err.message}\n${stderr}`)) : done(stdout)),
    ),
  );
}

let children = 0;

/**
 * Runs a Node script (text) in a fresh process and parses the JSON it prints last. The script
 * runs from a file in `dir` (its require() resolves from there), never with `node -e`: in eval
 * mode `exports` and the built-in modules are globals, which changes what Pulumi serializes.
 */
export async function runNodeJson<T>(script: string, opts: { cwd?: string; env?: NodeJS.ProcessEnv; dir?: string } = {}): Promise<T> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "apigw-vpc-bench-child-"));
  const file = join(dir, `.bench-child-${process.pid}-${++children}.js`);
  writeFileSync(file, script);
  try {
    const stdout = await run(process.execPath, [file], {
      cwd: opts.cwd ?? dir,
      env: { ...process.env, NODE_NO_WARNINGS: "1", ...opts.env },
    });
    return JSON.parse(stdout.trim().split("\n").pop() ?? "") as T;
  } finally {
    rmSync(opts.dir ? file : dir, { recursive: true, force: true });
  }
}

/** Formatting helpers for table cells. */
export const fmt = {
  s: (ms: number, digits = 1) => `${(ms / 1000).toFixed(digits)} s`,
  ms: (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`,
  kb: (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`),
  /** Two significant digits (0.0025, 0.95, 1.3), one decimal from 10 up. */
  ratio: (r: number) => (!Number.isFinite(r) ? "—" : r >= 10 ? r.toFixed(1) : String(Number(r.toPrecision(2)))),
};

/** The change sizes measured for n endpoints: 1 and 10 % of n. */
export function changeSizes(n: number): number[] {
  return [...new Set([1, Math.max(1, Math.round(n / 10))])];
}

/** n endpoints, and the set after k changes: ⌊k/2⌋ removals and ⌈k/2⌉ additions, sorted. */
export function changedSet(n: number, k: number, random: () => number): { old: string[]; desired: string[] } {
  const [old, fresh] = [vpceIds(n, random), vpceIds(Math.ceil(k / 2), random)];
  return { old, desired: [...old.slice(Math.floor(k / 2)), ...fresh].sort() };
}
