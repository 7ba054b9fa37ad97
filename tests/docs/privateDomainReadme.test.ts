/**
 * The README's "Private custom domain names" examples: each TypeScript block type-checks against
 * the package, runs under the mocks helper, and every dynamic resource it declares passes its
 * provider's check().
 */
import * as assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ts from "typescript";
import { checkAccessAssociationsInputs } from "../../provider/domainNameAccessAssociations";
import { checkManagementPolicyInputs } from "../../provider/domainNameManagementPolicy";
import { checkResolutionInputs } from "../../provider/domainNameResolution";
import { useRecordingMocks } from "../components/mockRecorder";

const REPO_ROOT = resolve(__dirname, "../../..");
const WORK_DIR = join(REPO_ROOT, "dist", "readme-examples");

/** The ```ts blocks of one README section. */
function sectionBlocks(heading: string): string[] {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has a "${heading}" section`);
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

const CHECKS: Record<string, (inputs: Record<string, unknown>) => { failures?: { reason: string }[] }> = {
  "pulumi-nodejs:dynamic/apigw:DomainNameAccessAssociations": (i) => checkAccessAssociationsInputs(i, {}),
  "pulumi-nodejs:dynamic/apigw:DomainNameManagementPolicy": (i) => checkManagementPolicyInputs(i, {}),
  "pulumi-nodejs:dynamic/apigw:DomainNameResolution": (i) => checkResolutionInputs(i),
};

describe("README: private custom domain name examples", function () {
  this.timeout(120_000);
  const blocks = sectionBlocks("Private custom domain names");
  before(() => mkdirSync(WORK_DIR, { recursive: true }));
  after(() => rmSync(WORK_DIR, { recursive: true, force: true }));

  it("has two examples, and both type-check against the package", () => {
    assert.equal(blocks.length, 2);
    const files = blocks.map((code, i) => {
      const file = join(WORK_DIR, `example${i}.ts`);
      writeFileSync(file, code.replace(/from "pulumi-apigw-vpc"/g, `from "../../lib"`));
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true, noEmit: true, esModuleInterop: true, skipLibCheck: true, target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, lib: ["lib.es2022.d.ts"], types: ["node"],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.deepEqual(problems, []);
  });

  for (const [i, title] of [[0, "the consumer example"], [1, "the owner example"]] as const) {
    it(`${title} runs under mocks, and its dynamic resources pass check()`, async () => {
      const recorded = await useRecordingMocks();
      const file = join(WORK_DIR, `example${i}.js`);
      writeFileSync(file, ts.transpileModule(blocks[i].replace(/from "pulumi-apigw-vpc"/g, `from "../lib"`), { compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true } }).outputText);
      require(file);
      await new Promise((r) => setTimeout(r, 200));
      const ours = recorded.filter((r) => r.type in CHECKS);
      assert.ok(ours.some((r) => r.type.endsWith("DomainNameAccessAssociations")));
      if (i === 1) assert.ok(ours.some((r) => r.type.endsWith("DomainNameManagementPolicy")), "the owner shares the domain");
      for (const r of ours) assert.deepEqual(CHECKS[r.type](r.inputs).failures ?? [], [], `${r.type} ${r.name}`);
    });
  }
});
