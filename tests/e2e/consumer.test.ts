/**
 * The published package, used the way users will: `npm pack`, installed into a fresh consumer
 * project, a consumer program (PrivateApiAccess + PrivateIntegrationLink) compiled with tsc,
 * then the whole lifecycle under the real engine against the sandbox, once per supported
 * Node.js major: up, a no-op preview, an update, a replacement, refresh, a policy-pack preview
 * and destroy. The Node.js runtimes other than the machine's come from scripts/node-runtime.sh.
 */
import * as assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { createNetwork, type SandboxNetwork } from "../../support/network";
import { mustRunPulumi, runPulumi, selectStack, stackOutputs, writeStackConfig, type PulumiWorkspace } from "../../support/pulumiRunner";
import { apiEndpointIds, createRestApi, useSandbox, vpceIds } from "../../support/sandbox";
import { devDependencyRange, installPackedConsumer, policyViolationsFromEventLog, sandboxWorkspace } from "../../support/engine";
import { nodeBinFor, ownDeprecationWarnings, TESTED_NODE_MAJORS } from "./nodeRuntime";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { PrivateApiAccess, PrivateIntegrationLink } from "pulumi-apigw-vpc";

const config = new pulumi.Config();
const access = new PrivateApiAccess("consumer", {
  restApiId: config.require("restApiId"),
  vpcEndpointIds: config.requireObject<string[]>("vpcEndpointIds"),
  stageName: "prod",
});
const link = new PrivateIntegrationLink("consumer-link", {
  name: "consumer-link",
  subnetIds: config.requireObject<string[]>("subnetIds"),
  securityGroupIds: config.requireObject<string[]>("securityGroupIds"),
});

export const urls = access.urls;
export const vpcLinkId = link.vpcLinkId;
export const nodeVersion = process.version;
`;

describe("the packaged consumer", function () {
  this.timeout(600_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 200, vpcLinkDeleteMs: 100, dnsPropagationMs: 300 } });
  let dir: string;

  before(() => {
    dir = installPackedConsumer(PROGRAM, { "@pulumi/policy": devDependencyRange("@pulumi/policy") });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const major of TESTED_NODE_MAJORS) {
    describe(`on Node.js ${major}`, () => {
      const stack = `node${major}`;
      let ws: PulumiWorkspace;
      let restApiId: string;
      let ids: string[];
      let network: SandboxNetwork;
      let subnets: string[];
      let securityGroups: string[];
      const outputs: string[] = [];

      const configure = () =>
        writeStackConfig(ws, stack, {
          "aws:region": "us-east-1",
          "consumer:restApiId": restApiId,
          "consumer:vpcEndpointIds": ids,
          "consumer:subnetIds": subnets,
          "consumer:securityGroupIds": securityGroups,
        });
      const pulumi = async (args: string[]) => {
        const result = await runPulumi(ws, [...args, "--stack", stack]);
        outputs.push(result.stdout + result.stderr);
        assert.equal(result.code, 0, `pulumi ${args.join(" ")}:\n${result.stdout}\n${result.stderr}`);
        return result.stdout;
      };
      const links = () => ctx.sandbox.control.state().vpcLinks;

      before(async () => {
        ws = sandboxWorkspace(ctx.sandbox, dir);
        ws.nodeBin = nodeBinFor(major);
        ws.env.NODE_OPTIONS = "--trace-deprecation --stack-trace-limit=100";
        ws.env.PULUMI_DEBUG_COMMANDS = "true"; // enables --event-log
        restApiId = await createRestApi({ name: `consumer-node${major}` });
        ids = vpceIds(2);
        network = await createNetwork({ subnets: 3 });
        subnets = network.subnetIds.slice(0, 2);
        securityGroups = network.groupIds;
        await selectStack(ws, stack);
        configure();
      });
      after(async () => {
        await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
        rmSync(join(dir, `Pulumi.${stack}.yaml`), { force: true });
        rmSync(ws.stateDir, { recursive: true, force: true });
      });

      it(`up: runs the program on Node.js ${major}, outputs the per-VPCE URLs and creates one AVAILABLE link`, async () => {
        await pulumi(["up", "--yes", "--skip-preview"]);
        const out = await stackOutputs(ws, ["--stack", stack]);
        assert.match(String(out.nodeVersion), new RegExp(`^v${major}\\.`));
        assert.deepEqual(Object.keys(out.urls as object), [...ids].sort());
        assert.deepEqual(await apiEndpointIds(restApiId), [...ids].sort());
        assert.deepEqual(
          links().map((l) => [l.vpcLinkId, l.vpcLinkStatus]),
          [[out.vpcLinkId, "AVAILABLE"]],
        );

        // The serialized providers load the installed package by path instead of copying it.
        const state = await mustRunPulumi(ws, ["stack", "export", "--stack", stack]);
        assert.match(state, /require\(\\"pulumi-apigw-vpc\/dist\/provider\//);
        const resources = (JSON.parse(state) as { deployment: { resources: { type: string; inputs?: { __provider?: string } }[] } })
          .deployment.resources;
        const providers = resources.filter((r) => r.inputs?.__provider).map((r) => [r.type, r.inputs?.__provider?.length ?? 0] as const);
        assert.equal(providers.length, 3, "the association, the readiness check and the link");
        for (const [type, bytes] of providers) assert.ok(bytes <= 8 * 1024, `${type}: __provider is ${bytes} bytes`);
      });

      it("preview right after up shows no changes", async () => {
        await pulumi(["preview", "--expect-no-changes"]);
      });

      it("update: one endpoint swapped, in place", async () => {
        ids = [ids[0], vpceIds(1)[0]];
        configure();
        await pulumi(["up", "--yes", "--skip-preview"]);
        assert.deepEqual(await apiEndpointIds(restApiId), [...ids].sort());
        assert.deepEqual(Object.keys((await stackOutputs(ws, ["--stack", stack])).urls as object), [...ids].sort());
      });

      it("replace: a new subnet list replaces the link, and exactly one link remains", async () => {
        const before = links().map((l) => l.vpcLinkId);
        subnets = network.subnetIds.slice(1, 3);
        configure();
        await pulumi(["up", "--yes", "--skip-preview"]);
        const after = links();
        assert.equal(after.length, 1);
        assert.notEqual(after[0].vpcLinkId, before[0]);
        assert.deepEqual([...after[0].subnetIds].sort(), [...subnets].sort());
      });

      it("refresh finds no drift, and preview after it shows no changes", async () => {
        await pulumi(["refresh", "--yes", "--skip-preview"]);
        await pulumi(["preview", "--expect-no-changes"]);
      });

      it("the installed policy pack runs on the stack and finds it compliant", async () => {
        const eventLog = join(ws.stateDir, "policy-events.jsonl");
        const output = await pulumi([
          "preview",
          "--policy-pack",
          join(dir, "node_modules/pulumi-apigw-vpc/policy"),
          "--event-log",
          eventLog,
        ]);
        assert.match(output, /apigw-vpc-policies@v\S+/, "the pack ran");
        assert.deepEqual(policyViolationsFromEventLog(eventLog), []);
      });

      it("destroy removes the ids and the link", async () => {
        await pulumi(["destroy", "--yes", "--skip-preview"]);
        assert.deepEqual(await apiEndpointIds(restApiId), []);
        assert.deepEqual(links(), []);
      });

      it("no deprecation warning came from this package", () => {
        assert.deepEqual(outputs.flatMap(ownDeprecationWarnings), []);
      });
    });
  }
});
