/**
 * The build as users get it: `npm pack` of this repo, `npm install --prefer-offline` of the
 * tarball into a temporary consumer project. Made once per run and shared by the scenarios that
 * need it (providerSize, engineOverhead); run.ts removes it at the end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, run } from "./common";

export interface InstalledPackage {
  /** The consumer project: package.json and node_modules/pulumi-apigw-vpc (with its peer @pulumi/pulumi). */
  consumer: string;
  nodeModules: string;
}

let work: string | undefined;
let pending: Promise<InstalledPackage> | undefined;

async function install(): Promise<InstalledPackage> {
  work = mkdtempSync(join(tmpdir(), "apigw-vpc-bench-installed-"));
  const packed = (await run("npm", ["pack", REPO_ROOT, "--pack-destination", work, "--silent"], { cwd: work }))
    .trim()
    .split("\n")
    .pop() as string;
  const consumer = join(work, "consumer");
  mkdirSync(consumer);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "bench-consumer", version: "1.0.0", private: true }));
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", join(work, packed)], { cwd: consumer });
  return { consumer, nodeModules: join(consumer, "node_modules") };
}

/** The installed copy, packed and installed on first use. */
export function installedPackage(): Promise<InstalledPackage> {
  pending ??= install();
  return pending;
}

export function removeInstalledPackage(): void {
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
  pending = undefined;
}
