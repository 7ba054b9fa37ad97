/** The Node.js majors the package is tested on, and where to find each one's `node`. */
export { nodeBinFor } from "../../support/nodeRuntime";

/** The Node.js majors the package is tested on (and that `engines` in package.json names). */
export const TESTED_NODE_MAJORS = [22, 24] as const;

/** Our compiled code, as a stack frame shows it. */
const OWN_FRAME = /\/dist\/(lib|provider|components|local|testing|policy)[/.]/;

/** The blocks of `output` that are deprecation warnings with a frame in our code. */
export function ownDeprecationWarnings(output: string): string[] {
  return output
    .split(/\n(?=\S)/)
    .filter((block) => /DeprecationWarning/.test(block))
    .filter((block) => block.split("\n").some((line) => /^\s+at /.test(line) && OWN_FRAME.test(line) && !/\/dist\/tests\//.test(line)));
}
