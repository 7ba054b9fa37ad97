/**
 * The Node.js runtimes the tests run on. The suites and the Pulumi programs they start run on
 * Node.js 22 LTS at least (@pulumi/pulumi 3.260 requires it, and the AWS SDK warns on older
 * majors); a machine with an older `node` gets one from scripts/node-runtime.sh, which installs
 * it from the npm registry into .tools/node/<major>.
 */
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";

const REPO = resolve(__dirname, "..", "..");

/** The oldest Node.js major the suites, and the programs they run, may use. */
export const MIN_TEST_NODE_MAJOR = 22;

/** The major of a Node.js version string (`22.12.0` or `v22.12.0`). */
export function nodeMajor(version: string = process.versions.node): number {
  return Number(version.replace(/^v/, "").split(".")[0]);
}

const installed = new Map<number, string>();

/** The folder of a `node` of this major: the running one, or one that scripts/node-runtime.sh installs (once per process). */
export function nodeBinFor(major: number): string {
  if (nodeMajor() === major) return dirname(process.execPath);
  const known = installed.get(major);
  if (known) return known;
  const output = execFileSync("bash", [join(REPO, "scripts/node-runtime.sh"), String(major)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const bin = output.trim().split("\n").pop() ?? "";
  installed.set(major, bin);
  return bin;
}

/**
 * The folder of the `node` that Pulumi programs, dynamic providers and policy packs run on by
 * default: the running one when it is recent enough (the test launcher already re-executed on
 * Node.js 22), else Node.js 22 from scripts/node-runtime.sh.
 */
export function programNodeBin(): string {
  return nodeMajor() >= MIN_TEST_NODE_MAJOR ? dirname(process.execPath) : nodeBinFor(MIN_TEST_NODE_MAJOR);
}
