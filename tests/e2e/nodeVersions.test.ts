/**
 * The suites that need no engine (unit, sandbox, components, policies, mocks) on the newest
 * tested Node.js major, with pending deprecations turned on. Node hides deprecation warnings
 * for code inside node_modules, so the package's own code is run from dist/ here, where every
 * deprecated API it uses would print a warning with a stack through our files.
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../support/pulumiRunner";
import { nodeBinFor, ownDeprecationWarnings, TESTED_NODE_MAJORS } from "./nodeRuntime";

const NEWEST = Math.max(...TESTED_NODE_MAJORS);
describe(`the engine-free suites on Node.js ${NEWEST}`, function () {
  this.timeout(900_000);

  it("pass, and print no deprecation warning from this package's code", async () => {
    const node = join(nodeBinFor(NEWEST), "node");
    const specs = readdirSync(join(REPO_ROOT, "dist/tests"), { recursive: true, encoding: "utf8" })
      // The e2e suite and the acceptance scenarios run the engine; the acceptance review and sweeper tests do not.
      .filter((file) => file.endsWith(".test.js") && !file.startsWith("e2e/") && !file.startsWith("acceptance/scenarios/"))
      .map((file) => join("dist/tests", file));
    assert.ok(specs.length > 20, `found only ${specs.length} test files`);
    const args = [
      "--pending-deprecation",
      "--trace-deprecation",
      "--stack-trace-limit=100",
      join(REPO_ROOT, "node_modules/mocha/bin/mocha.js"),
      "--no-config",
      "--timeout",
      "60000",
      "--reporter",
      "dot",
      ...specs,
    ];
    const { code, output } = await new Promise<{ code: number; output: string }>((done, fail) => {
      const child = spawn(node, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d));
      child.stderr.on("data", (d: Buffer) => (output += d));
      child.on("error", fail);
      child.on("close", (exit) => done({ code: exit ?? -1, output }));
    });
    assert.equal(code, 0, output.slice(-6000));
    assert.match(output, /\d+ passing/);
    assert.deepEqual(ownDeprecationWarnings(output), []);
  });

  it("the deprecation filter recognises a warning whose stack passes through our code", () => {
    const warning = [
      "(node:1) [DEP0040] DeprecationWarning: The `punycode` module is deprecated.",
      "    at node:punycode:7:10",
      "    at Object.<anonymous> (/repo/dist/provider/vpcLink.js:3:1)",
    ].join("\n");
    const foreign = ["(node:1) [DEP0040] DeprecationWarning: x", "    at Object.<anonymous> (/repo/node_modules/dns2/index.js:1:1)"].join(
      "\n",
    );
    assert.deepEqual(ownDeprecationWarnings(`${warning}\n${foreign}\n`), [warning]);
  });
});
