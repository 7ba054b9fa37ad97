/**
 * The published package, used the way users will: `npm pack`, installed into a fresh consumer
 * project, a consumer program compiled with tsc, then `pulumi up` and destroy against the sandbox.
 */
import * as assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { mustRunPulumi, runPulumi, selectStack, stackOutputs, writeStackConfig, type PulumiWorkspace } from "../../scripts/pulumiRunner";
import { apiEndpointIds, createRestApi, useSandbox, vpceIds } from "../support";
import { installPackedConsumer, sandboxWorkspace } from "./engine";

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
    dir = installPackedConsumer(PROGRAM);
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
