/**
 * The README's unit-test setup, as a new user runs it: the example the package ships
 * (testing/example: a program, a mocha setup with stack config and the mocks, a test, a tsconfig
 * and package.json) copied out of the packed package into a fresh project, installed with
 * TypeScript 5 and with TypeScript 6, then `npm test` (tsc, then mocha) on Node.js 22. It
 * passes, awaits no output forever and leaves no promise dangling; with a malformed endpoint id
 * in the stack config, the same test fails with the provider's own message.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { packPackage } from "../../support/engine";
import { programNodeBin } from "../../support/nodeRuntime";

/** The newest TypeScript 5 and 6 releases (`npm view typescript versions`). */
const TYPESCRIPT_VERSIONS = ["5.9.3", "6.0.3"] as const;

/** `npm test` in a consumer project, on Node.js 22 or newer. */
function npmTest(dir: string): { code: number; output: string } {
  const run = spawnSync("npm", ["test"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, PATH: [programNodeBin(), process.env.PATH ?? ""].join(delimiter), NO_COLOR: "1" },
  });
  return { code: run.status ?? -1, output: `${run.stdout}\n${run.stderr}` };
}

describe("the README's unit-test setup in a fresh project", function () {
  this.timeout(600_000);
  let work: string;
  let example: string;
  let tarball: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), "apigw-vpc-unit-setup-"));
    tarball = packPackage(work);
    execFileSync("tar", ["-xzf", tarball, "-C", work]);
    example = join(work, "package/testing/example");
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const typescript of TYPESCRIPT_VERSIONS) {
    describe(`on TypeScript ${typescript}`, () => {
      let dir: string;
      before(() => {
        dir = join(work, `ts${typescript}`);
        cpSync(example, dir, { recursive: true });
        const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
          dependencies: Record<string, string>;
          devDependencies: Record<string, string>;
        };
        manifest.dependencies["pulumi-apigw-vpc"] = `file:${tarball}`;
        manifest.devDependencies.typescript = typescript;
        writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
        execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
        const installed = JSON.parse(readFileSync(join(dir, "node_modules/typescript/package.json"), "utf8")) as { version: string };
        assert.equal(installed.version, typescript);
      });

      it("`npm test` compiles and passes: a URL per endpoint, and the malformed id refused, with no promise left active", () => {
        const { code, output } = npmTest(dir);
        assert.equal(code, 0, output);
        assert.match(output, /2 passing/);
        assert.doesNotMatch(output, /promises? (were|was) still active|error TS\d+/);
      });

      it("a malformed endpoint id in the stack config fails the test with the provider's check() message", () => {
        const mocks = join(dir, "mocks.ts");
        const original = readFileSync(mocks, "utf8");
        try {
          writeFileSync(mocks, original.replace('"vpce-0bbbbbbbbbbbbbbbb"', '"vpce-xyz"'));
          const { code, output } = npmTest(dir);
          assert.notEqual(code, 0, output);
          assert.match(output, /1 failing/);
          assert.match(
            output,
            /vpcEndpointIds\[1\]: "vpce-xyz" is not a VPC endpoint id \(vpce- followed by 8 or 17 lowercase hex digits\)/,
          );
        } finally {
          writeFileSync(mocks, original);
        }
      });
    });
  }
});
