/**
 * The published package, used the way users will: `npm pack`, installed into a fresh consumer
 * project, a consumer program compiled with tsc, then `pulumi up` and destroy against the sandbox.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mustRunPulumi, REPO_ROOT, runPulumi, selectStack, stackOutputs, writeStackConfig, type PulumiWorkspace } from "../../support/pulumiRunner";
import { apiEndpointIds, createRestApi, useSandbox, vpceIds } from "../../support/sandbox";
import { sandboxWorkspace } from "../../support/engine";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { PrivateApiAccess } from "pulumi-apigw-vpc";

const config = new pulumi.Config();
const access = new PrivateApiAccess("consumer", {
  restApiId: config.require("restApiId"),
  vpcEndpointIds: config.requireObject<string[]>("vpcEndpointIds"),
  stageName: "prod",
});

export const urls = access.urls;
`;

describe("the packaged consumer", function () {
  this.timeout(300_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 200, vpcLinkDeleteMs: 100, dnsPropagationMs: 300 } });
  let dir: string;
  let ws: PulumiWorkspace;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "apigw-vpc-consumer-"));
    const packed = mkdtempSync(join(tmpdir(), "apigw-vpc-pack-"));
    execFileSync("npm", ["pack", "--silent", "--pack-destination", packed], { cwd: REPO_ROOT, stdio: "pipe" });
    const tarball = join(packed, readdirSync(packed).find((f) => f.endsWith(".tgz")) as string);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, main: "bin/index.js", dependencies: { "pulumi-apigw-vpc": `file:${tarball}` } }, null, 2));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2020", module: "commonjs", outDir: "bin", esModuleInterop: true, skipLibCheck: true }, files: ["index.ts"] }));
    mkdirSync(join(dir, "bin"));
    writeFileSync(join(dir, "index.ts"), PROGRAM);
    // The peer @pulumi/pulumi comes along; the npm cache of this repo's install serves it offline.
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
    execFileSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], { stdio: "pipe" });
    rmSync(packed, { recursive: true, force: true });
    ws = sandboxWorkspace(ctx.sandbox, dir);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(ws.stateDir, { recursive: true, force: true });
  });

  it("installs from the tarball, compiles with tsc, deploys against the sandbox and destroys", async () => {
    const restApiId = await createRestApi({ name: "consumer" });
    const ids = vpceIds(2);
    await selectStack(ws, "dev");
    writeStackConfig(ws, "dev", { "aws:region": "us-east-1", "consumer:restApiId": restApiId, "consumer:vpcEndpointIds": ids });
    const up = await runPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", "dev"]);
    assert.equal(up.code, 0, up.stdout + up.stderr);
    assert.deepEqual(Object.keys((await stackOutputs(ws, ["--stack", "dev"])).urls as object), ids);
    assert.deepEqual(await apiEndpointIds(restApiId), ids);

    // The serialized providers load the installed package by path instead of copying it.
    const state = await mustRunPulumi(ws, ["stack", "export", "--stack", "dev"]);
    assert.match(state, /require\(\\"pulumi-apigw-vpc\/dist\/provider\//);
    const resources = (JSON.parse(state) as { deployment: { resources: { type: string; inputs?: { __provider?: string } }[] } }).deployment.resources;
    const providers = resources.filter((r) => r.inputs?.__provider).map((r) => [r.type, r.inputs?.__provider?.length ?? 0] as const);
    assert.equal(providers.length, 2, "the association and the readiness check");
    for (const [type, bytes] of providers) assert.ok(bytes <= 8 * 1024, `${type}: __provider is ${bytes} bytes`);

    await mustRunPulumi(ws, ["destroy", "--yes", "--skip-preview", "--stack", "dev"]);
    assert.deepEqual(await apiEndpointIds(restApiId), []);
  });
});
