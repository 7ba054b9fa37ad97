/** The Node.js majors the package is tested on, and where to find each one's `node`. */
import { readFileSync } from "node:fs";
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

/** The AWS SDK's notice that it will soon require a newer Node.js major (printed by every process that sends on Node.js 20). */
const AWS_SDK_NODE_WARNING = /NodeVersionSupportWarning|The AWS SDK for JavaScript \(v3\)[\s\S]*?will require node/;

/** The texts in `texts` that carry the AWS SDK's Node.js version warning. */
export function awsSdkNodeWarnings(texts: readonly string[]): string[] {
  return texts.filter((text) => AWS_SDK_NODE_WARNING.test(text));
}

/** The messages of every diagnostic event (any severity) in an engine event log (`--event-log FILE`). */
export function diagnosticsFromEventLog(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { diagnosticEvent?: { message?: string } })
    .flatMap((event) => (event.diagnosticEvent?.message !== undefined ? [event.diagnosticEvent.message] : []));
}
