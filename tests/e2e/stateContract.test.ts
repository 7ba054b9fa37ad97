/**
 * The state contract under the real engine: a stack made with the previous release's packed
 * package (0.1.0, what users' state holds today) is refreshed, updated and destroyed with the
 * current one, and the providers stored in state are snapshotted (what they require, which
 * kinds they ask for). APIGW_VPC_UPGRADE_FROM names another commit to upgrade from.
 */
import * as assert from "node:assert/strict";
import { execFileSync, execSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mustRunPulumi, REPO_ROOT, runPulumi, selectStack, writeStackConfig, type PulumiWorkspace } from "../../support/pulumiRunner";
import { createNetwork } from "../../support/network";
import { apiEndpointIds, createRestApi, useSandbox, vpceIds } from "../../support/sandbox";
import { sandboxWorkspace, writeConsumerProject } from "../../support/engine";

/** The commit of the previous release (0.1.0). */
const PREVIOUS_RELEASE = "92ba7bf3f32e032fdc72d8f4c5ed694984a36e5f";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { PrivateApiAccess, VpcLink } from "pulumi-apigw-vpc";

const config = new pulumi.Config();
const access = new PrivateApiAccess("upgrade", {
  restApiId: config.require("restApiId"),
  vpcEndpointIds: config.requireObject<string[]>("vpcEndpointIds"),
  stageName: "prod",
});
const link = new VpcLink("upgrade-link", {
  name: "upgrade-link",
  subnetIds: config.requireObject<string[]>("subnetIds"),
  securityGroupIds: [],
  tags: config.requireObject<Record<string, string>>("tags"),
});
export const urls = access.urls;
export const vpcLinkId = link.vpcLinkId;
`;

/** Packs the package as of `commit` (its own sources, built with this checkout's node_modules). */
function packCommit(commit: string, into: string): string {
  const src = mkdtempSync(join(tmpdir(), "apigw-vpc-prev-"));
  try {
    execSync(`git -C ${JSON.stringify(REPO_ROOT)} archive ${commit} | tar -x -C ${JSON.stringify(src)}`, { stdio: "pipe" });
    symlinkSync(join(REPO_ROOT, "node_modules"), join(src, "node_modules"));
    execFileSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", src], { stdio: "pipe" });
    return pack(src, into);
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
}

function pack(dir: string, into: string): string {
  const before = new Set(readdirSync(into));
  execFileSync("npm", ["pack", "--silent", "--pack-destination", into], { cwd: dir, stdio: "pipe" });
  const made = readdirSync(into).find((f) => f.endsWith(".tgz") && !before.has(f)) as string;
  const named = join(into, `${dir === REPO_ROOT ? "current" : "previous"}-${made}`);
  execFileSync("mv", [join(into, made), named]);
  return named;
}

/** Installs `tarball` as the consumer's pulumi-apigw-vpc, replacing whatever was there. */
function install(dir: string, tarball: string): void {
  rmSync(join(dir, "node_modules/pulumi-apigw-vpc"), { recursive: true, force: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      { name: "upgrade", private: true, main: "bin/index.js", dependencies: { "pulumi-apigw-vpc": `file:${tarball}` } },
      null,
      2,
    ),
  );
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
  execFileSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], { stdio: "pipe" });
}

type StoredResource = { type: string; id?: string; inputs?: { __provider?: string } };

/** What each stored provider of ours requires from the package, and which kinds it asks the contract for. */
function contractSurface(resources: StoredResource[]): Record<string, { requires: string[]; kinds: string[] }> {
  const surface: Record<string, { requires: string[]; kinds: string[] }> = {};
  for (const r of resources.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic/apigw:"))) {
    const text = r.inputs?.__provider ?? "";
    surface[r.type] = {
      requires: [...new Set([...text.matchAll(/require\("(pulumi-apigw-vpc\/[^"]+)"\)/g)].map((m) => m[1]))].sort(),
      kinds: [...new Set([...text.matchAll(/\.(VpcLink|VpcEndpointAssociation|EndpointDnsReadiness)\(\)/g)].map((m) => m[1]))].sort(),
    };
  }
  return surface;
}

describe("the state contract: previous package -> current package under the real engine", function () {
  this.timeout(900_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 200, vpcLinkDeleteMs: 100, dnsPropagationMs: 200 } });
  let dir: string;
  let packs: string;
  let ws: PulumiWorkspace;
  let previous: string;
  let current: string;

  before(() => {
    const from = process.env.APIGW_VPC_UPGRADE_FROM ?? PREVIOUS_RELEASE;
    dir = mkdtempSync(join(tmpdir(), "apigw-vpc-upgrade-"));
    packs = mkdtempSync(join(tmpdir(), "apigw-vpc-packs-"));
    previous = packCommit(execFileSync("git", ["-C", REPO_ROOT, "rev-parse", from], { encoding: "utf8" }).trim(), packs);
    current = pack(REPO_ROOT, packs);
    writeConsumerProject(dir, "upgrade", PROGRAM);
    ws = sandboxWorkspace(ctx.sandbox, dir);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(packs, { recursive: true, force: true });
    rmSync(ws.stateDir, { recursive: true, force: true });
  });

  it("creates with the previous package; refreshes, updates and destroys with the current one; stores the contract module", async () => {
    const restApiId = await createRestApi({ name: "upgrade" });
    const ids = vpceIds(3);
    const { subnetIds } = await createNetwork({ groups: 0 });
    const links = () => ctx.sandbox.control.state().vpcLinks;
    const config = (vpcEndpointIds: string[], tags: Record<string, string>) =>
      writeStackConfig(ws, "dev", {
        "aws:region": "us-east-1",
        "upgrade:restApiId": restApiId,
        "upgrade:vpcEndpointIds": vpcEndpointIds,
        "upgrade:subnetIds": subnetIds,
        "upgrade:tags": tags,
      });
    const exported = async () =>
      (JSON.parse(await mustRunPulumi(ws, ["stack", "export", "--stack", "dev"])) as { deployment: { resources: StoredResource[] } })
        .deployment.resources;

    // GIVEN a stack made by the previous release's package
    install(dir, previous);
    await selectStack(ws, "dev");
    config(ids.slice(0, 2), { stage: "one" });
    await mustRunPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", "dev"]);
    assert.deepEqual(await apiEndpointIds(restApiId), ids.slice(0, 2));
    assert.equal(links().length, 1);
    const linkId = links()[0].vpcLinkId;

    // WHEN the current package replaces it: refresh runs the providers stored by the previous one
    install(dir, current);
    const refresh = await runPulumi(ws, ["refresh", "--yes", "--skip-preview", "--stack", "dev"]);
    assert.equal(refresh.code, 0, refresh.stdout + refresh.stderr);
    const up = await runPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", "dev"]);
    config(ids, { stage: "two" });
    const changed = await runPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", "dev"]);
    assert.equal(up.code, 0, up.stdout + up.stderr);
    assert.equal(changed.code, 0, changed.stdout + changed.stderr);

    // THEN the same link (no replacement), the new list, and every stored provider uses the contract module
    assert.deepEqual(
      links().map((l) => [l.vpcLinkId, l.tags.stage]),
      [[linkId, "two"]],
    );
    assert.deepEqual(await apiEndpointIds(restApiId), [...ids].sort());
    assert.deepEqual(contractSurface(await exported()), {
      "pulumi-nodejs:dynamic/apigw:EndpointDnsReadiness": {
        requires: ["pulumi-apigw-vpc/dist/provider/stateContract.js"],
        kinds: ["EndpointDnsReadiness"],
      },
      "pulumi-nodejs:dynamic/apigw:VpcEndpointAssociation": {
        requires: ["pulumi-apigw-vpc/dist/provider/stateContract.js"],
        kinds: ["VpcEndpointAssociation"],
      },
      "pulumi-nodejs:dynamic/apigw:VpcLink": { requires: ["pulumi-apigw-vpc/dist/provider/stateContract.js"], kinds: ["VpcLink"] },
    });

    await mustRunPulumi(ws, ["destroy", "--yes", "--skip-preview", "--stack", "dev"]);
    assert.deepEqual(links(), [], "no leaked link");
    assert.deepEqual(await apiEndpointIds(restApiId), []);
    // Every command ran through runPulumi, which fails on any process left behind.
  });
});
