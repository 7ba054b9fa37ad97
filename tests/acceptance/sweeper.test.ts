/**
 * The sweeper against the sandbox: the suite's own setup creates two runs (one three hours old),
 * next to resources that are not the suite's; `npm run sweep`'s program deletes only what the
 * tag and the age select, in dependency order, and survives lost answers and throttling.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { CreateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { CreateVpcLinkCommand } from "@aws-sdk/client-apigatewayv2";
import { CreateSubnetCommand, CreateVpcCommand, DeleteSubnetCommand } from "@aws-sdk/client-ec2";
import { acceptanceClients, type AcceptanceClients } from "../../acceptance/clients";
import { acceptancePlan, RUN_TAG, runTags, type PlanContext } from "../../acceptance/plan";
import { provision, type AcceptanceFixture } from "../../acceptance/provision";
import { findTagged, sweep } from "../../acceptance/sweeper";
import { createNetwork } from "../../support/network";
import { FAST, TEST_REGION, useSandbox } from "../../support/sandbox";

const REPO_ROOT = join(__dirname, "../../..");

describe("the sweeper, against the sandbox", function () {
  this.timeout(120_000);
  // Interfaces linger 3 s after their endpoint or link is gone, so the teardown meets
  // DependencyViolation however long its waits for "gone" took on a loaded machine.
  const ctx = useSandbox({ ...FAST, delays: { ...FAST.delays, interfaceReleaseMs: 3000 } });
  let clients: AcceptanceClients;
  const oldRun: PlanContext = { region: TEST_REGION, runId: "acc-old-0001", createdAt: new Date(Date.now() - 3 * 3_600_000) };
  const newRun: PlanContext = { region: TEST_REGION, runId: "acc-new-0002", createdAt: new Date() };
  let oldFixture: AcceptanceFixture;
  let newFixture: AcceptanceFixture;
  let foreignLinkId: string;
  let foreignApiId: string;

  /** `npm run sweep`'s program, with the sandbox's endpoints and the test's dummy credentials (async: the sandbox answers from this process). */
  const sweepCli = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ["dist/acceptance/cli.js", "sweep", "--region", TEST_REGION, ...args],
        { cwd: REPO_ROOT, env: process.env, encoding: "utf8", timeout: 60_000 },
        (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
      ),
    );
  const ids = (f: AcceptanceFixture) => [f.vpcId, ...f.subnetIds, ...f.securityGroupIds, ...f.vpcEndpointIds, f.restApiId].sort();
  const held = () => {
    const state = ctx.sandbox.control.state();
    const ec2 = state.ec2;
    return new Set<string>([
      ...state.restApis.map((a) => a.id),
      ...state.vpcLinks.map((l) => l.vpcLinkId),
      ...ec2.vpcs.map((v) => v.vpcId),
      ...ec2.subnets.map((s) => s.subnetId),
      ...ec2.securityGroups.map((g) => g.groupId),
      ...ec2.vpcEndpoints.map((e) => e.vpcEndpointId),
    ]);
  };
  const tagLink = async (name: string, tags: Record<string, string>, fixture: { subnetIds: string[]; securityGroupIds: string[] }) =>
    (
      await clients.apigwv2.send(
        new CreateVpcLinkCommand({ Name: name, SubnetIds: fixture.subnetIds, SecurityGroupIds: [fixture.securityGroupIds[0]], Tags: tags }),
      )
    ).VpcLinkId as string;

  before(async () => {
    clients = acceptanceClients(TEST_REGION);
    oldFixture = await provision(clients, oldRun);
    newFixture = await provision(clients, newRun);
    // A link a scenario of the old run created, and resources the suite never created.
    await tagLink("old-scenario-link", runTags(oldRun, "link-lifecycle"), oldFixture);
    // In a network of its own: a link in the run's subnets would hold them, on AWS as here.
    foreignLinkId = await tagLink(
      "someone-elses-link",
      { team: "payments" },
      await createNetwork({ octet: 200, groups: 2 }).then((n) => ({ subnetIds: n.subnetIds, securityGroupIds: n.groupIds })),
    );
    foreignApiId = (await clients.apigw.send(new CreateRestApiCommand({ name: "someone-elses-api", tags: { team: "payments" } })))
      .id as string;
  });
  after(() => clients?.destroy());

  it("finds every setup resource of a run by its tag: the plan's setup rows, by Name", async () => {
    const found = await findTagged(clients, newRun.runId);
    const names = found.map((r) => r.tags.Name).sort();
    const planned = acceptancePlan(newRun)
      .filter((r) => r.createdBy === "setup" && r.tags)
      .map((r) => r.tags?.Name)
      .sort();
    assert.deepEqual(names, planned);
    assert.deepEqual(found.map((r) => r.id).sort(), ids(newFixture));
  });

  it("--dry-run lists what is older than the age and deletes nothing", async () => {
    const before = held();
    const result = await sweepCli("--older-than", "2h", "--dry-run");
    assert.equal(result.status, 0, result.stderr);
    for (const id of ids(oldFixture)) assert.match(result.stdout, new RegExp(`would delete [a-z-]+ ${id}: run acc-old-0001`));
    for (const id of ids(newFixture)) assert.match(result.stdout, new RegExp(`keep [a-z-]+ ${id}: too young`));
    assert.match(result.stdout, /sweep us-east-1: 17 tagged, 9 would be deleted \(dry run\)/);
    assert.deepEqual(held(), before);
  });

  it("deletes the old run, links first and the VPC last, and keeps the young run and what is not the suite's", async () => {
    ctx.sandbox.control.clearRequestLog();
    const result = await sweepCli("--older-than", "2h");
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /9 deleted, 0 failed/);
    const now = held();
    for (const id of ids(oldFixture)) assert.ok(!now.has(id), `${id} deleted`);
    for (const id of [...ids(newFixture), foreignLinkId, foreignApiId]) assert.ok(now.has(id), `${id} kept`);
    const order = ctx.sandbox.control
      .requestLog()
      .filter((e) => e.status < 300 && /^Delete/.test(e.operation))
      .map((e) => e.operation);
    const last = (op: string) => order.lastIndexOf(op);
    const first = (op: string) => order.indexOf(op);
    assert.ok(last("DeleteVpcLink") < first("DeleteVpcEndpoints"), order.join(","));
    assert.ok(last("DeleteVpcEndpoints") < first("DeleteSecurityGroup"), order.join(","));
    assert.ok(last("DeleteSubnet") < first("DeleteVpc"), order.join(","));
  });

  it("a run's own teardown (the same code) survives a lost delete answer and throttling, and leaves nothing of the run", async () => {
    await tagLink("new-scenario-link", runTags(newRun, "link-components"), newFixture);
    ctx.sandbox.control.clearRequestLog();
    ctx.sandbox.control.injectFaults("DeleteVpcLink", { sequence: ["lost"] });
    ctx.sandbox.control.injectFaults("DeleteRestApi", { sequence: ["429", "429"] });
    ctx.sandbox.control.injectFaults("DeleteSubnet", { sequence: ["lost"] });
    const lines: string[] = [];
    const report = await sweep(clients, { runId: newRun.runId, olderThanMs: 0, log: (l) => lines.push(l) });
    ctx.sandbox.control.clearFaults();
    assert.deepEqual(report.failed, [], lines.join("\n"));
    // The faults happened: the lost deletes were resent (and found done), the throttled one waited its turn.
    const calls = (operation: string) => ctx.sandbox.control.requestLog({ operation }).length;
    assert.ok(
      calls("DeleteVpcLink") >= 2 && calls("DeleteRestApi") >= 3 && calls("DeleteSubnet") >= 3,
      JSON.stringify(ctx.sandbox.control.requestLog()),
    );
    assert.equal(report.deleted.length, 9);
    // The deleted link's and endpoints' interfaces lingered: the sweeper waited out DependencyViolation.
    const waited = ctx.sandbox.control.requestLog().filter((e) => e.errorType === "DependencyViolation");
    assert.ok(
      waited.length > 0 && waited.every((e) => ["DeleteSecurityGroup", "DeleteSubnet", "DeleteVpc"].includes(e.operation)),
      JSON.stringify(waited),
    );
    assert.deepEqual(await findTagged(clients, newRun.runId), []);
    const now = held();
    assert.ok(now.has(foreignLinkId) && now.has(foreignApiId), "what is not the suite's is never touched");
    const state = ctx.sandbox.control.state();
    assert.deepEqual(
      state.vpcLinks.filter((l) => l.tags?.[RUN_TAG]).map((l) => l.vpcLinkId),
      [],
    );
  });

  it("never deletes what is not the suite's to free what is: a tagged VPC holding a foreign subnet is reported as failed", async () => {
    const vpc = await clients.ec2.send(
      new CreateVpcCommand({
        CidrBlock: "10.9.0.0/16",
        TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: RUN_TAG, Value: "acc-held-0003" }] }],
      }),
    );
    const vpcId = vpc.Vpc?.VpcId as string;
    const subnet = await clients.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.9.1.0/24" }));
    // The default waits are 15 min each; the sweep's budget cuts them to what is left of it.
    const report = await sweep(clients, { runId: "acc-held-0003", olderThanMs: 0, budgetMs: 1000 });
    assert.deepEqual(report.deleted, []);
    assert.equal(report.failed.length, 1);
    assert.match(report.failed[0], new RegExp(`^vpc ${vpcId}: VPC ${vpcId}: still DependencyViolation after 1 s \\(DependencyViolation`));
    assert.ok(held().has(subnet.Subnet?.SubnetId as string) && held().has(vpcId));
    await clients.ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.Subnet?.SubnetId }));
    assert.deepEqual((await sweep(clients, { runId: "acc-held-0003", olderThanMs: 0 })).deleted, [`vpc ${vpcId}`]);
  });

  it("refuses a malformed age", async () => {
    const bad = await sweepCli("--older-than", "two hours");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--older-than must be a duration like 90m, 2h or 0s, got "two hours"/);
  });
});
