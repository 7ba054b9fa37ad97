/** The file-list checks of `npm run check:package`, on small made-up packages. */
import * as assert from "node:assert/strict";
import { exportSubpaths, packageProblems, type PackageFacts } from "../../scripts/checkPackage";

const MANIFEST = {
  name: "pkg",
  main: "dist/lib.js",
  types: "dist/lib.d.ts",
  bin: { "pkg-cli": "dist/cli.js" },
  exports: {
    ".": { types: "./dist/lib.d.ts", default: "./dist/lib.js" },
    "./local": { types: "./dist/local/index.d.ts", default: "./dist/local/index.js" },
    "./package.json": "./package.json",
    "./dist/*": "./dist/*",
  },
};
const FILES = [
  "package.json",
  "dist/lib.js",
  "dist/lib.d.ts",
  "dist/cli.js",
  "dist/local/index.js",
  "dist/local/index.d.ts",
  "dist/policy/pack.js",
  "policy/PulumiPolicy.yaml",
  "policy/package.json",
];
const facts = (files: string[], mapSources: Record<string, string[]> = {}): PackageFacts => ({
  manifest: MANIFEST,
  policyManifest: { main: "../dist/policy/pack.js" },
  files,
  mapSources,
});

describe("check:package's file list", () => {
  it("finds nothing wrong with a package that ships every target and nothing else", () => {
    assert.deepEqual(packageProblems(facts(FILES)), []);
  });

  it("names a missing exports target and a leaked test file", () => {
    const files = [...FILES.filter((f) => f !== "dist/local/index.d.ts"), "dist/tests/docs/readme.test.js"];
    assert.deepEqual(packageProblems(facts(files)), [
      'exports["./local"].types: dist/local/index.d.ts is not in the package',
      "dist/tests/docs/readme.test.js is in the package: tests, their support, benchmarks and scripts are not published",
    ]);
  });

  it("names a missing policy pack file, a stack file, a tarball and a source map whose source is not shipped", () => {
    const files = [...FILES.filter((f) => f !== "dist/policy/pack.js"), "Pulumi.dev.yaml", "pkg-0.1.0.tgz", "dist/lib.js.map"];
    assert.deepEqual(packageProblems(facts(files, { "dist/lib.js.map": ["../lib.ts"] })), [
      "policy/package.json main: dist/policy/pack.js is not in the package",
      "Pulumi.dev.yaml is in the package: a Pulumi project or stack file",
      "pkg-0.1.0.tgz is in the package: a packed tarball",
      "dist/lib.js.map refers to lib.ts, which the package does not ship",
    ]);
    assert.deepEqual(packageProblems(facts([...FILES, "lib.ts", "dist/lib.js.map"], { "dist/lib.js.map": ["../lib.ts"] })), []);
  });

  it("names what `pulumi package add` needs of the plugin folder: its two files and its main", () => {
    const plugin = { ...facts(FILES), pluginManifest: { main: "../dist/plugin/main.js" } };
    assert.deepEqual(packageProblems(plugin), [
      "plugin/package.json main: dist/plugin/main.js is not in the package",
      "pulumi package add needs plugin/PulumiPlugin.yaml, which is not in the package",
      "pulumi package add needs plugin/package.json, which is not in the package",
    ]);
    const shipped = [...FILES, "dist/plugin/main.js", "plugin/PulumiPlugin.yaml", "plugin/package.json"];
    assert.deepEqual(packageProblems({ ...plugin, files: shipped }), []);
  });

  it("imports each code entry of exports by its specifier, not package.json nor a wildcard", () => {
    assert.deepEqual(exportSubpaths(MANIFEST), ["pkg", "pkg/local"]);
  });
});
