/**
 * The stack program (index.ts) under the real Pulumi engine, against the sandbox: up, no-op
 * previews, in-place updates, a replacement, drift through refresh, destroy, and the state.
 */
import * as assert from "node:assert/strict";
import { UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import {
  mustRunPulumi,
  REPO_ROOT,
  runPulumi,
  selectStack,
  stackOutputs,
  writeStackConfig,
  type PulumiWorkspace,
} from "../../support/pulumiRunner";
import {
  apiEndpointIds,
  createRestApi,
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  useSandbox,
  v1Client,
  vpceIds,
} from "../../support/sandbox";
import { opsByType, previewSteps, sandboxWorkspace } from "../../support/engine";
import { createNetwork, type SandboxNetwork } from "../../support/network";
import { rmSync } from "node:fs";
import { join } from "node:path";

describe("the stack program under the real Pulumi engine", function () {
  this.timeout(240_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 300, vpcLinkDeleteMs: 200, dnsPropagationMs: 400 } });
  const stack = `e2e-${Date.now().toString(36)}`;
  let ws: PulumiWorkspace;
  let restApiId: string;
  let ids: string[];
  let network: SandboxNetwork;
  let subnets: string[];
  let securityGroups: string[];

  const config = (vpcEndpointIds: string[], subnetIds: string[]) => ({
    "aws:region": "us-east-1",
    "apigw-vpc:restApiId": restApiId,
    "apigw-vpc:vpcEndpointIds": vpcEndpointIds,
    "apigw-vpc:vpcLinkSubnetIds": subnetIds,
    "apigw-vpc:vpcLinkSecurityGroupIds": securityGroups,
    "apigw-vpc:dnsTimeout": "60s",
  });
  const links = () => ctx.sandbox.control.state().vpcLinks;
  const preview = async () => opsByType(previewSteps(await mustRunPulumi(ws, ["preview", "--json", "--stack", stack])));

  before(async () => {
    ws = sandboxWorkspace(ctx.sandbox, REPO_ROOT);
    restApiId = await createRestApi({ name: "e2e" });
    ids = vpceIds(3);
    network = await createNetwork({ subnets: 3 });
    subnets = network.subnetIds.slice(0, 2).sort();
    securityGroups = network.groupIds;
    await selectStack(ws, stack);
    writeStackConfig(ws, stack, config(ids, subnets));
  });
  after(async () => {
    await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
    rmSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), { force: true });
    rmSync(ws.stateDir, { recursive: true, force: true });
  });

  it("1. `pulumi up` succeeds, outputs the per-VPCE URLs, and leaves exactly the declared ids and an AVAILABLE link", async () => {
    const up = await runPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
    assert.equal(up.code, 0, up.stdout + up.stderr);
    const outputs = await stackOutputs(ws, ["--stack", stack]);
    assert.deepEqual(
      outputs.urls,
      Object.fromEntries(ids.map((v) => [v, `https://${restApiId}-${v}.execute-api.us-east-1.amazonaws.com/prod`])),
    );
    assert.deepEqual(await apiEndpointIds(restApiId), ids);
    assert.deepEqual(
      links().map((l) => [l.vpcLinkStatus, [...l.subnetIds].sort()]),
      [["AVAILABLE", subnets]],
    );
    assert.equal(outputs.vpcLinkId, links()[0].vpcLinkId);
  });

  it("2. `pulumi preview --expect-no-changes` passes right after", async () => {
    const result = await runPulumi(ws, ["preview", "--expect-no-changes", "--stack", stack]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it("3. reordering the ids and the subnets in config is still no change", async () => {
    writeStackConfig(ws, stack, config([...ids].reverse(), [...subnets].reverse()));
    const result = await runPulumi(ws, ["preview", "--expect-no-changes", "--stack", stack]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it("4. adding or removing one id previews an update (not a replace), and `up` changes exactly that id", async () => {
    const [added] = vpceIds(1);
    writeStackConfig(ws, stack, config([...ids, added], subnets));
    assert.deepEqual((await preview()).VpcEndpointAssociation, ["update"]);
    ctx.sandbox.control.clearRequestLog();
    await mustRunPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
    const patches = ctx.sandbox.control.requestLog({ operation: "UpdateRestApi" }).map((e) => e.params.patchOperations);
    assert.deepEqual(patches, [[{ op: "add", path: "/endpointConfiguration/vpcEndpointIds", value: added }]]);
    ids = [...ids, added].sort();
    assert.deepEqual(await apiEndpointIds(restApiId), ids);

    const removed = ids[0];
    ids = ids.slice(1);
    writeStackConfig(ws, stack, config(ids, subnets));
    assert.deepEqual((await preview()).VpcEndpointAssociation, ["update"]);
    ctx.sandbox.control.clearRequestLog();
    await mustRunPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
    assert.deepEqual(
      ctx.sandbox.control.requestLog({ operation: "UpdateRestApi" }).map((e) => e.params.patchOperations),
      [[{ op: "remove", path: "/endpointConfiguration/vpcEndpointIds", value: removed }]],
    );
    assert.deepEqual(await apiEndpointIds(restApiId), ids);
  });

  it("5. changing the link's subnets previews a replace, and `up` leaves one new link with the old one deleted", async () => {
    const oldLink = links()[0].vpcLinkId;
    subnets = [subnets[0], network.subnetIds[2]].sort();
    writeStackConfig(ws, stack, config(ids, subnets));
    const ops = (await preview()).VpcLink ?? [];
    assert.ok(
      ops.some((op) => op === "replace" || op === "create-replacement"),
      `expected a replace, got ${ops.join(", ")}`,
    );
    await mustRunPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
    const now = links(); // delete() returned only once the old link was gone

    assert.equal(now.length, 1);
    assert.notEqual(now[0].vpcLinkId, oldLink);
    assert.deepEqual([...now[0].subnetIds].sort(), subnets);
  });

  it("6. an id removed out of band shows as drift in `pulumi refresh`, and the next `up` restores it", async () => {
    const victim = ids[1];
    await v1Client().send(
      new UpdateRestApiCommand({
        restApiId,
        patchOperations: [{ op: "remove", path: "/endpointConfiguration/vpcEndpointIds", value: victim }],
      }),
    );
    const refresh = await mustRunPulumi(ws, ["refresh", "--yes", "--stack", stack]);
    assert.match(refresh, /~\s+1 updated|1 updated/);
    const drift = opsByType(previewSteps(await mustRunPulumi(ws, ["preview", "--json", "--stack", stack])));
    assert.deepEqual(drift.VpcEndpointAssociation, ["update"]);
    await mustRunPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
    assert.deepEqual(await apiEndpointIds(restApiId), ids);
  });

  it("7. the state of the live stack holds every resource and its provider, but neither the access key nor the secret key", async () => {
    const state = await mustRunPulumi(ws, ["stack", "export", "--stack", stack]);
    const resources =
      (JSON.parse(state) as { deployment: { resources?: { type: string; inputs?: Record<string, unknown> }[] } }).deployment.resources ??
      [];
    const dynamic = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/apigw:"));
    assert.deepEqual(dynamic.map((r) => r.type.split(":").pop()).sort(), ["EndpointDnsReadiness", "VpcEndpointAssociation", "VpcLink"]);
    assert.ok(
      dynamic.every((r) => typeof r.inputs?.__provider === "string"),
      "each dynamic resource stores its provider",
    );
    assert.ok(!state.includes(TEST_ACCESS_KEY_ID), "access key in state");
    assert.ok(!state.includes(TEST_SECRET_ACCESS_KEY), "secret key in state");
  });

  it("8. `pulumi destroy` leaves no managed id and no link", async () => {
    await mustRunPulumi(ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    assert.deepEqual(await apiEndpointIds(restApiId), []);
    assert.deepEqual(links(), []); // delete() waits until each link is gone
  });
});
