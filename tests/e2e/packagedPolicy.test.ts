/**
 * The policies as users get them from npm, under the real Pulumi CLI. A project that installed
 * the packed package and @pulumi/policy previews a VpcLink with
 * `--policy-pack node_modules/pulumi-apigw-vpc/policy`: compliant, breaking a mandatory policy,
 * with --policy-pack-config, and without @pulumi/policy. Then with the README's own pack, which
 * composes apigwVpcPolicies() with a policy of its own. A preview runs only check(); the sandbox
 * stands in for AWS anyway.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomAwsId } from "../../local";
import { vpcLinkHighAvailability, vpcLinkSecurityGroups } from "../../policy/policies";
import { MISSING_POLICY_SDK } from "../../policy/sdk";
import { REPO_ROOT, runPulumi, selectStack, writeStackConfig, type PulumiResult, type PulumiWorkspace } from "../../support/pulumiRunner";
import { useSandbox } from "../../support/sandbox";
import {
  devDependencyRange,
  installPackedConsumer,
  policyViolationsFromEventLog,
  sandboxWorkspace,
  type PolicyViolation,
} from "../../support/engine";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { VpcLink } from "pulumi-apigw-vpc";

const config = new pulumi.Config();
new VpcLink("link", {
  name: "orders-link",
  subnetIds: config.requireObject<string[]>("subnetIds"),
  securityGroupIds: config.requireObject<string[]>("securityGroupIds"),
});
`;

const READY_PACK = "node_modules/pulumi-apigw-vpc/policy";
const OWN_PACK = "acme-apigw-vpc";
const LINK = "pulumi-nodejs:dynamic/apigw:VpcLink: link";

/** The README's fenced block of `language` that contains `marker`. */
function readmeBlock(language: string, marker: string): string {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
  const found = blocks.filter((b) => b.includes(marker));
  assert.equal(found.length, 1, `README.md: expected one \`\`\`${language} block with ${marker}`);
  return found[0];
}

/** What the CLI shows for a violation of `policy`: its description, then the message. */
const shown = (policy: { description: string }, message: string) => `${policy.description}\n${message}`;

describe("the policies from the npm package under the real Pulumi CLI", function () {
  this.timeout(300_000);
  const ctx = useSandbox();
  let dir: string;
  let ws: PulumiWorkspace;

  before(() => {
    dir = installPackedConsumer(PROGRAM, {
      "@pulumi/policy": devDependencyRange("@pulumi/policy"),
      "@pulumi/pulumi": devDependencyRange("@pulumi/pulumi"),
    });
    // The README's pack directory, verbatim; its dependencies resolve from the project around it.
    const pack = join(dir, OWN_PACK);
    mkdirSync(pack);
    writeFileSync(join(pack, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(join(pack, "package.json"), readmeBlock("json", `"name": "${OWN_PACK}"`));
    writeFileSync(join(pack, "index.ts"), readmeBlock("ts", 'from "pulumi-apigw-vpc/policy"'));
    // The pack runner type-checks it too, but with its own defaults: here strict, through the package's exports.
    const tsc = join(REPO_ROOT, "node_modules/typescript/bin/tsc");
    execFileSync(
      process.execPath,
      [tsc, "--noEmit", "--strict", "--skipLibCheck", "--module", "node16", "--target", "ES2022", join(pack, "index.ts")],
      { stdio: "pipe" },
    );
    ws = sandboxWorkspace(ctx.sandbox, dir);
    ws.env.PULUMI_DEBUG_COMMANDS = "true"; // enables --event-log
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (ws) rmSync(ws.stateDir, { recursive: true, force: true });
  });

  /**
   * Previews a VpcLink with `subnets` and `securityGroups` under the pack at `packPath`, with the
   * violations from the engine's event log. runPulumi fails if the CLI leaves a process behind.
   */
  async function preview(
    packPath: string,
    shape: { subnets: number; securityGroups: number },
    policyConfig?: object,
  ): Promise<PulumiResult & { output: string; violations: PolicyViolation[] }> {
    await selectStack(ws, "dev");
    writeStackConfig(ws, "dev", {
      "aws:region": "us-east-1",
      "consumer:subnetIds": Array.from({ length: shape.subnets }, () => randomAwsId("subnet")),
      "consumer:securityGroupIds": Array.from({ length: shape.securityGroups }, () => randomAwsId("sg")),
    });
    const eventLog = join(ws.stateDir, `events-${Date.now()}.jsonl`);
    const args = ["preview", "--stack", "dev", "--policy-pack", packPath, "--event-log", eventLog];
    if (policyConfig) {
      const file = join(ws.stateDir, "policy-config.json");
      writeFileSync(file, JSON.stringify(policyConfig));
      args.push("--policy-pack-config", file);
    }
    const result = await runPulumi(ws, args);
    return { ...result, output: result.stdout + result.stderr, violations: policyViolationsFromEventLog(eventLog) };
  }

  it("installs the ready pack with the package: node_modules/pulumi-apigw-vpc/policy passes a compliant VpcLink", async () => {
    const result = await preview(READY_PACK, { subnets: 2, securityGroups: 1 });
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(result.violations, []);
    assert.match(
      result.output,
      /apigw-vpc-policies@v0\.1\.0 \(local: node_modules\/pulumi-apigw-vpc\/policy\)/,
      `the pack ran, at the package's version\n${result.output}`,
    );
  });

  it("fails the preview when the ready pack's mandatory vpc-link-security-groups is broken, with its message", async () => {
    const result = await preview(READY_PACK, { subnets: 2, securityGroups: 0 });
    assert.notEqual(result.code, 0, result.output);
    assert.deepEqual(result.violations, [
      {
        level: "mandatory",
        policy: "vpc-link-security-groups",
        resource: LINK,
        text: shown(vpcLinkSecurityGroups, "VpcLink 'link' has no security groups; at least one is required"),
      },
    ]);
  });

  it("applies --policy-pack-config to the ready pack: minSubnets 3 makes a two-subnet link an advisory warning", async () => {
    const result = await preview(READY_PACK, { subnets: 2, securityGroups: 1 }, { "vpc-link-high-availability": { minSubnets: 3 } });
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(result.violations, [
      {
        level: "advisory",
        policy: "vpc-link-high-availability",
        resource: LINK,
        text: shown(
          vpcLinkHighAvailability,
          "VpcLink 'link' has 2 subnet(s); at least 3 are required for high availability (config minSubnets)",
        ),
      },
    ]);
  });

  it("stops the ready pack with a message naming @pulumi/policy when the project lacks it", async () => {
    // As if the optional peer was never installed: the package's own files are untouched.
    const installed = join(dir, "node_modules/@pulumi/policy");
    const aside = join(dir, "policy-sdk-aside");
    renameSync(installed, aside);
    try {
      const result = await preview(READY_PACK, { subnets: 2, securityGroups: 1 });
      assert.notEqual(result.code, 0, result.output);
      assert.ok(result.output.includes(MISSING_POLICY_SDK), result.output);
    } finally {
      renameSync(aside, installed);
    }
  });

  it("runs the README's own pack: apigwVpcPolicies({ all: mandatory, minSubnets 3 }) and its own policy both report", async () => {
    const result = await preview(OWN_PACK, { subnets: 2, securityGroups: 1 });
    assert.notEqual(result.code, 0, "the composed vpc-link-high-availability is mandatory\n" + result.output);
    assert.deepEqual(result.violations, [
      {
        level: "mandatory",
        policy: "vpc-link-high-availability",
        resource: LINK,
        text: shown(
          vpcLinkHighAvailability,
          "VpcLink 'link' has 2 subnet(s); at least 3 are required for high availability (config minSubnets)",
        ),
      },
      {
        level: "advisory",
        policy: "vpc-link-name-prefix",
        resource: LINK,
        text: "A VpcLink's name starts with acme-, so the links in a shared account can be attributed.\nVpcLink 'link' is named 'orders-link'; names start with acme-",
      },
    ]);
  });
});
