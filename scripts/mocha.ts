/**
 * Runs mocha on Node.js 22 or newer: `npm test` and `npm run test:*` call it in place of
 * mocha. On an older `node` it runs mocha on the Node.js 22 that scripts/node-runtime.sh
 * installs (from the npm registry, once), with that runtime first on PATH, so the Pulumi
 * programs, dynamic providers and policy packs the tests start run on it too (the Node.js
 * language host runs the `node` it finds on PATH).
 *
 *   node dist/scripts/mocha.js --config .mocharc.unit.json [more mocha arguments]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { delimiter, dirname, join } from "node:path";
import { MIN_TEST_NODE_MAJOR, nodeBinFor, nodeMajor } from "../support/nodeRuntime";
import { REPO_ROOT } from "../support/pulumiRunner";
import { withSystemSbin } from "../support/tools";

/** The `node` that runs the suites: this one if recent enough, else Node.js 22. */
export function suiteNode(): string {
  return nodeMajor() >= MIN_TEST_NODE_MAJOR ? process.execPath : join(nodeBinFor(MIN_TEST_NODE_MAJOR), "node");
}

function main(): void {
  const node = suiteNode();
  const version = node === process.execPath ? process.version : execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  const args = process.argv.slice(2);
  console.log(`mocha ${args.join(" ")}: on Node.js ${version} (${node})`);
  const run = spawnSync(node, [join(REPO_ROOT, "node_modules/mocha/bin/mocha.js"), ...args], {
    cwd: REPO_ROOT,
    stdio: "inherit",
    // dnsmasq lives in /usr/sbin, which a normal user's PATH often lacks.
    env: { ...process.env, PATH: [dirname(node), withSystemSbin(process.env.PATH)].join(delimiter) },
  });
  if (run.error) throw run.error;
  process.exit(run.status ?? 1);
}

if (require.main === module) main();
