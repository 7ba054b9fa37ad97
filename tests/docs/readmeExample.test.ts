/**
 * The README holds the unit-test example whole: each file of the example the package ships
 * (testing/example) appears in the README, verbatim, in a block marked
 * `<!-- doc-test: example testing/example/FILE -->`. tests/e2e/unitTestSetup.test.ts installs and
 * runs that project on TypeScript 5 and 6.
 */
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const REPO_ROOT = resolve(__dirname, "../../..");
const EXAMPLE = "testing/example";

/** The README's example blocks: the file each names, and its text. */
export function exampleBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const fence = /^<!--\s*doc-test:\s*example\s+(\S+)\s*-->\s*\n```\w*\s*\n([\s\S]*?)^```\s*$/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) blocks.set(m[1], m[2]);
  return blocks;
}

describe("the README's unit-test example", () => {
  const blocks = exampleBlocks(readFileSync(join(REPO_ROOT, "README.md"), "utf8"));
  const files = readdirSync(join(REPO_ROOT, EXAMPLE)).map((f) => `${EXAMPLE}/${f}`);

  it("shows every file of the shipped example, and no other", () => {
    assert.deepEqual([...blocks.keys()].sort(), files.sort());
  });

  for (const file of files) {
    it(`${file} is in the README verbatim`, () => {
      assert.equal(blocks.get(file), readFileSync(join(REPO_ROOT, file), "utf8"));
    });
  }

  it("finds a marked block, whatever its language", () => {
    const found = exampleBlocks("<!-- doc-test: example a/b.json -->\n```json\n{}\n```\n");
    assert.deepEqual([...found], [["a/b.json", "{}\n"]]);
  });
});
