/**
 * The README's PrivateRestApiIntegration example: it type-checks against the package, runs under
 * mocks, and every resource it declares passes its provider's check().
 */
import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ts from "typescript";
import { checkPrivateIntegrationInputs } from "../../provider/privateIntegration";
import { checkStageRedeploymentInputs } from "../../provider/stageRedeployment";
import { checkVpcLinkInputs } from "../../provider/vpcLink";
import { useRecordingMocks } from "./mockRecorder";

const REPO = resolve(__dirname, "../../..");
const example = (() => {
  const blocks = [...readFileSync(join(REPO, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const found = blocks.find((b) => b.includes("new PrivateRestApiIntegration("));
  if (!found) throw new Error("the README has no PrivateRestApiIntegration example");
  return found;
})();

describe("README: the PrivateRestApiIntegration example", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "apigw-vpc-readme-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("type-checks against the package's sources", () => {
    const file = join(dir, "example.ts");
    writeFileSync(file, example.replace(/from "pulumi-apigw-vpc"/g, `from ${JSON.stringify(join(REPO, "lib"))}`));
    const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true, types: ["node"], typeRoots: [join(REPO, "node_modules/@types")] });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.deepEqual(diagnostics, []);
  });

  it("declares resources that all pass check()", async () => {
    const recorded = await useRecordingMocks();
    const file = join(dir, "example.js");
    writeFileSync(file, ts.transpileModule(example.replace(/from "pulumi-apigw-vpc"/g, `from ${JSON.stringify(join(REPO, "dist/lib"))}`), { compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true } }).outputText);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the example, transpiled, is loaded after the mocks are set
    const program = require(file) as { invokeUrls: { apply: (f: (v: unknown) => void) => void } };
    await new Promise((r) => program.invokeUrls.apply(r));
    const checks: Record<string, (news: Record<string, unknown>, env: NodeJS.ProcessEnv) => { failures?: unknown[] }> = {
      "pulumi-nodejs:dynamic/apigw:PrivateIntegration": checkPrivateIntegrationInputs,
      "pulumi-nodejs:dynamic/apigw:StageRedeployment": checkStageRedeploymentInputs,
      "pulumi-nodejs:dynamic/apigw:VpcLink": checkVpcLinkInputs,
    };
    const checked = recorded.filter((r) => checks[r.type]);
    assert.deepEqual(checked.map((r) => r.type.split(":").pop()).sort(), ["PrivateIntegration", "StageRedeployment", "StageRedeployment", "VpcLink"]);
    for (const r of checked) {
      const { __provider: _p, ...inputs } = r.inputs;
      assert.deepEqual(checks[r.type](inputs, {}).failures ?? [], [], `${r.type} ${r.name}`);
    }
  });
});
