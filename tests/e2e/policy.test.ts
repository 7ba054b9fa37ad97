/**
 * The policy pack (policy/) under the real Pulumi CLI: `pulumi preview --policy-pack policy` on
 * the fixture stack tests/fixtures/policy-stack, with config that makes the stack compliant or
 * makes it break policies. A preview runs only the dynamic providers' check(); the sandbox
 * stands in for AWS anyway, so nothing can reach it.
 */
import * as assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomAwsId } from "../../local";
import { dnsReadinessEnabled, vpcLinkHighAvailability, vpcLinkSecurityGroups } from "../../policy/policies";
import { REPO_ROOT, runPulumi, selectStack, writeStackConfig, type PulumiResult, type PulumiWorkspace } from "../../support/pulumiRunner";
import { createRestApi, useSandbox, vpceIds } from "../../support/sandbox";
import { sandboxWorkspace } from "../../support/engine";

const FIXTURE = join(REPO_ROOT, "tests/fixtures/policy-stack");
const PACK = join(REPO_ROOT, "policy");
const PROJECT = "apigw-vpc-policy-fixture";

/** One entry of the CLI's "Policy Violations" section. */
interface Violation {
  level: string;
  policy: string;
  /** `type: name` of the resource, if the violation names one. */
  resource?: string;
  /** The policy's description, a newline, and the violation message. */
  text: string;
}

/**
 * Parses the "Policy Violations:" section of `pulumi preview` (v3.68 text output): per violation
 * a header `[level]  pack vX.Y.Z  policy (type: name)`, then the description and the message,
 * then a blank line. Sorted by policy, so tests do not depend on the CLI's order.
 */
function policyViolations(output: string): Violation[] {
  const start = output.indexOf("\nPolicy Violations:\n");
  if (start < 0) return [];
  const lines = output.slice(start).split("\n").slice(2);
  const violations: Violation[] = [];
  for (const line of lines) {
    const header = /^\s+\[(\w+)\]\s+apigw-vpc-policies v\S+\s+(\S+)(?: \((.+)\))?$/.exec(line);
    if (header) violations.push({ level: header[1], policy: header[2], ...(header[3] ? { resource: header[3] } : {}), text: "" });
    else if (/^\S/.test(line)) break; // the next section
    else if (line.trim() !== "" && violations.length > 0) {
      const last = violations[violations.length - 1];
      last.text += (last.text ? "\n" : "") + line.trim();
    }
  }
  return violations.sort((a, b) => a.policy.localeCompare(b.policy) || (a.resource ?? "").localeCompare(b.resource ?? ""));
}

/** What the CLI shows for a violation of `policy`: its description, then the message. */
const shown = (policy: { description: string }, message: string) => `${policy.description}\n${message}`;

const LINK = "pulumi-nodejs:dynamic/apigw:VpcLink: link";

describe("the policy pack under the real Pulumi CLI (`pulumi preview --policy-pack`)", function () {
  this.timeout(180_000);
  const ctx = useSandbox();
  const suffix = Date.now().toString(36);
  const stacks: string[] = [];
  let ws: PulumiWorkspace;
  let restApiId: string;

  interface StackShape {
    subnets: number;
    securityGroups: number;
    waitForDns: boolean;
  }
  const COMPLIANT: StackShape = { subnets: 2, securityGroups: 1, waitForDns: true };

  /** Creates stack `policy-<label>-<suffix>` shaped by `shape`, and previews it with the pack. */
  async function previewWithPack(label: string, shape: StackShape, policyConfig?: Record<string, unknown>): Promise<PulumiResult & { output: string }> {
    const stack = `policy-${label}-${suffix}`;
    stacks.push(stack);
    await selectStack(ws, stack);
    writeStackConfig(ws, stack, {
      "aws:region": "us-east-1",
      [`${PROJECT}:restApiId`]: restApiId,
      [`${PROJECT}:vpcEndpointIds`]: vpceIds(2),
      [`${PROJECT}:subnetIds`]: Array.from({ length: shape.subnets }, () => randomAwsId("subnet")),
      [`${PROJECT}:securityGroupIds`]: Array.from({ length: shape.securityGroups }, () => randomAwsId("sg")),
      [`${PROJECT}:waitForDns`]: shape.waitForDns,
    });
    const args = ["preview", "--stack", stack, "--policy-pack", PACK];
    if (policyConfig) {
      const file = join(ws.stateDir, `${stack}.policy-config.json`);
      writeFileSync(file, JSON.stringify(policyConfig));
      args.push("--policy-pack-config", file);
    }
    const result = await runPulumi(ws, args);
    return { ...result, output: result.stdout + result.stderr };
  }

  before(async () => {
    ws = sandboxWorkspace(ctx.sandbox, FIXTURE);
    restApiId = await createRestApi({ name: "policy-e2e" });
  });
  after(async () => {
    for (const stack of stacks) {
      await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
      rmSync(join(FIXTURE, `Pulumi.${stack}.yaml`), { force: true });
    }
    rmSync(ws.stateDir, { recursive: true, force: true });
  });

  it("passes a compliant stack (two subnets, a security group, the DNS wait on) with no violations", async () => {
    const result = await previewWithPack("compliant", COMPLIANT);
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(policyViolations(result.output), []);
    assert.match(result.output, /Policy Packs run:[\s\S]*\/policy\)/, "the pack ran");
    assert.match(result.output, /pulumi-nodejs:dynamic\/apigw:EndpointDnsReadiness access-dns create/);
  });

  it("fails on a VpcLink without a security group, with vpc-link-security-groups' message", async () => {
    const result = await previewWithPack("no-sg", { ...COMPLIANT, securityGroups: 0 });
    assert.notEqual(result.code, 0, result.output);
    assert.deepEqual(policyViolations(result.output), [
      {
        level: "mandatory",
        policy: "vpc-link-security-groups",
        resource: LINK,
        text: shown(vpcLinkSecurityGroups, "VpcLink 'link' has no security groups; at least one is required"),
      },
    ]);
  });

  it("warns without failing on advisory violations: one subnet, and the DNS wait turned off", async () => {
    const result = await previewWithPack("advisory", { subnets: 1, securityGroups: 1, waitForDns: false });
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(policyViolations(result.output), [
      {
        level: "advisory",
        policy: "dns-readiness-enabled",
        resource: "apigw-vpc:index:PrivateApiAccess: access",
        text: shown(
          dnsReadinessEnabled,
          "PrivateApiAccess 'access' has no EndpointDnsReadiness child (waitForDns: false); " +
            "its per-endpoint URLs may not resolve for several minutes after the association changes",
        ),
      },
      {
        level: "advisory",
        policy: "vpc-link-high-availability",
        resource: LINK,
        text: shown(vpcLinkHighAvailability, "VpcLink 'link' has 1 subnet(s); at least 2 are required for high availability (config minSubnets)"),
      },
    ]);
  });

  const threeSubnets = "VpcLink 'link' has 2 subnet(s); at least 3 are required for high availability (config minSubnets)";

  it("applies --policy-pack-config: minSubnets 3 makes a two-subnet link an advisory warning", async () => {
    const result = await previewWithPack("min-subnets", COMPLIANT, { "vpc-link-high-availability": { minSubnets: 3 } });
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(policyViolations(result.output), [
      { level: "advisory", policy: "vpc-link-high-availability", resource: LINK, text: shown(vpcLinkHighAvailability, threeSubnets) },
    ]);
  });

  it("applies --policy-pack-config: enforcementLevel mandatory makes the same violation fail the preview", async () => {
    const result = await previewWithPack("mandatory-ha", COMPLIANT, { "vpc-link-high-availability": { enforcementLevel: "mandatory", minSubnets: 3 } });
    assert.notEqual(result.code, 0, result.output);
    assert.deepEqual(policyViolations(result.output), [
      { level: "mandatory", policy: "vpc-link-high-availability", resource: LINK, text: shown(vpcLinkHighAvailability, threeSubnets) },
    ]);
  });
});
