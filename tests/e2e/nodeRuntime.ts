/** The Node.js majors the package is tested on, and where to find each one's `node`. */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../../support/pulumiRunner";

/** The Node.js majors the package is tested on (and that `engines` in package.json names). */
export const TESTED_NODE_MAJORS = [20, 22, 24] as const;

/** The folder of a `node` of this major: the running one, or one that scripts/node-runtime.sh installs. */
export function nodeBinFor(major: number): string {
  if (Number(process.versions.node.split(".")[0]) === major) return dirname(process.execPath);
  const output = execFileSync("bash", [join(REPO_ROOT, "scripts/node-runtime.sh"), String(major)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return output.trim().split("\n").pop() ?? "";
}

/** Our compiled code, as a stack frame shows it. */
const OWN_FRAME = /\/dist\/(lib|provider|components|local|testing|policy)[/.]/;

/** The blocks of `output` that are deprecation warnings with a frame in our code. */
export function ownDeprecationWarnings(output: string): string[] {
  return output
    .split(/\n(?=\S)/)
    .filter((block) => /DeprecationWarning/.test(block))
    .filter((block) => block.split("\n").some((line) => /^\s+at /.test(line) && OWN_FRAME.test(line) && !/\/dist\/tests\//.test(line)));
}
