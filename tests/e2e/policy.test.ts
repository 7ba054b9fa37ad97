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
import { policyViolationsFromEventLog, sandboxWorkspace, type PolicyViolation } from "../../support/engine";

const FIXTURE = join(REPO_ROOT, "tests/fixtures/policy-stack");
const PACK = join(REPO_ROOT, "policy");
const PROJECT = "apigw-vpc-policy-fixture";

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
  async function previewWithPack(
    label: string,
    shape: StackShape,
    policyConfig?: Record<string, unknown>,
  ): Promise<PulumiResult & { output: string; violations: PolicyViolation[] }> {
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
    const eventLog = join(ws.stateDir, `${stack}.events.jsonl`);
    const args = ["preview", "--stack", stack, "--policy-pack", PACK, "--event-log", eventLog];
    if (policyConfig) {
      const file = join(ws.stateDir, `${stack}.policy-config.json`);
      writeFileSync(file, JSON.stringify(policyConfig));
      args.push("--policy-pack-config", file);
    }
    const result = await runPulumi(ws, args);
    return { ...result, output: result.stdout + result.stderr, violations: policyViolationsFromEventLog(eventLog) };
  }

  before(async () => {
    ws = sandboxWorkspace(ctx.sandbox, FIXTURE);
    ws.env.PULUMI_DEBUG_COMMANDS = "true"; // enables --event-log
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
    assert.deepEqual(result.violations, []);
    assert.match(result.output, /apigw-vpc-policies@v\S+ \(local: \S+\/policy\)/, "the pack ran");
    assert.match(result.output, /pulumi-nodejs:dynamic\/apigw:EndpointDnsReadiness access-dns create/);
  });

  it("fails on a VpcLink without a security group, with vpc-link-security-groups' message", async () => {
    const result = await previewWithPack("no-sg", { ...COMPLIANT, securityGroups: 0 });
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

  it("warns without failing on advisory violations: one subnet, and the DNS wait turned off", async () => {
    const result = await previewWithPack("advisory", { subnets: 1, securityGroups: 1, waitForDns: false });
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(result.violations, [
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
        text: shown(
          vpcLinkHighAvailability,
          "VpcLink 'link' has 1 subnet(s); at least 2 are required for high availability (config minSubnets)",
        ),
      },
    ]);
  });

  const threeSubnets = "VpcLink 'link' has 2 subnet(s); at least 3 are required for high availability (config minSubnets)";

  it("applies --policy-pack-config: minSubnets 3 makes a two-subnet link an advisory warning", async () => {
    const result = await previewWithPack("min-subnets", COMPLIANT, { "vpc-link-high-availability": { minSubnets: 3 } });
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(result.violations, [
      { level: "advisory", policy: "vpc-link-high-availability", resource: LINK, text: shown(vpcLinkHighAvailability, threeSubnets) },
    ]);
  });

  it("applies --policy-pack-config: enforcementLevel mandatory makes the same violation fail the preview", async () => {
    const result = await previewWithPack("mandatory-ha", COMPLIANT, {
      "vpc-link-high-availability": { enforcementLevel: "mandatory", minSubnets: 3 },
    });
    assert.notEqual(result.code, 0, result.output);
    assert.deepEqual(result.violations, [
      { level: "mandatory", policy: "vpc-link-high-availability", resource: LINK, text: shown(vpcLinkHighAvailability, threeSubnets) },
    ]);
  });
});
