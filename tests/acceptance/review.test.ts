/**
 * A review of the real-account mode that needs no credentials and makes no AWS call: the plan
 * lists every resource with its tags, the code tags exactly what the plan lists, the sweeper's
 * rule finds all of it, and the suite refuses to run without an explicit region.
 */
import * as assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { acceptancePlan, CREATED_AT_TAG, newRunId, RUN_TAG, SWEPT_KINDS, type PlanContext } from "../../acceptance/plan";
import { sweepVerdict } from "../../acceptance/sweepMatch";
import { acceptanceTarget, MODE_VAR, REGION_VAR } from "../../acceptance/target";

const REPO_ROOT = join(__dirname, "../../..");
const HOUR = 3_600_000;
const ctx: PlanContext = { region: "eu-west-1", runId: "acc-review-0001", createdAt: new Date("2026-11-01T10:00:00Z") };

/** A local HTTP server standing in for every AWS endpoint: it counts what reaches it. */
function countingServer(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.statusCode = 500;
    res.end();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests })),
  );
}

/** An environment with no AWS credentials, profile or config, and every endpoint pointed at `endpoint`. */
function noCredentialsEnv(endpoint: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_") && !k.startsWith("APIGW_VPC_")));
  return {
    ...env,
    HOME: "/nonexistent",
    AWS_CONFIG_FILE: "/nonexistent/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ENDPOINT_URL: endpoint,
    ...extra,
  };
}

const node = (args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 60_000 });

describe("the acceptance suite's real-account plan, reviewed without credentials", function () {
  this.timeout(120_000);
  const plan = acceptancePlan(ctx);

  it("tags every resource it creates with the run and its start, and gives each a Name", () => {
    for (const r of plan.filter((p) => !p.removedWith)) {
      assert.equal(r.tags?.[RUN_TAG], ctx.runId, r.key);
      assert.equal(r.tags?.[CREATED_AT_TAG], "2026-11-01T10:00:00.000Z", r.key);
      assert.equal(r.tags?.Name, `apigw-vpc-${ctx.runId}-${r.key}`);
      assert.ok((SWEPT_KINDS as readonly string[]).includes(r.kind), `${r.key} is a kind the sweeper deletes`);
    }
    const keys = new Set(plan.map((r) => r.key));
    assert.equal(keys.size, plan.length, "keys are unique");
    for (const child of plan.filter((p) => p.removedWith)) {
      const parent = plan.find((p) => p.key === child.removedWith);
      assert.ok(parent?.tags, `${child.key} is removed with a tagged resource (${child.removedWith})`);
    }
  });

  it("the sweeper's rule finds every tagged resource of the run once it is old enough, and none of another run", () => {
    for (const r of plan.filter((p) => p.tags)) {
      const found = { kind: r.kind as (typeof SWEPT_KINDS)[number], id: r.key, tags: r.tags ?? {} };
      assert.equal(sweepVerdict(found, { olderThanMs: 2 * HOUR }, new Date(ctx.createdAt.getTime() + 3 * HOUR)).sweep, true, r.key);
      assert.equal(sweepVerdict(found, { olderThanMs: 2 * HOUR }, new Date(ctx.createdAt.getTime() + HOUR)).sweep, false, r.key);
      assert.equal(sweepVerdict(found, { olderThanMs: 0, runId: ctx.runId }, ctx.createdAt).sweep, true, r.key);
      assert.equal(sweepVerdict(found, { olderThanMs: 0, runId: "acc-other-0002" }, ctx.createdAt).sweep, false, r.key);
    }
    const untagged = { kind: "vpc" as const, id: "vpc-0123456789abcdef0", tags: { Name: "not ours" }, createdAt: new Date(0) };
    assert.equal(sweepVerdict(untagged, { olderThanMs: 0 }, new Date()).sweep, false);
  });

  it("the code tags exactly the resources the plan lists: setup in acceptance/provision.ts, scenarios in tests/acceptance/scenarios", () => {
    const source = (file: string) => readFileSync(join(REPO_ROOT, file), "utf8");
    const setupKeys = [
      ...source("acceptance/provision.ts").matchAll(/tagSpec\(ctx, "([^"]+)"|runTags\(ctx, "([^"]+)"\)|\(\[("[^\]]+")\] as const\)/g),
    ]
      .flatMap((m) => (m[3] ? [...m[3].matchAll(/"([^"]+)"/g)].map((k) => k[1]) : [m[1] ?? m[2]]))
      .sort();
    const scenarioDir = "tests/acceptance/scenarios";
    const scenarioKeys = readdirSync(join(REPO_ROOT, scenarioDir))
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => [...source(join(scenarioDir, f)).matchAll(/tags\("([^"]+)"\)/g)].map((m) => m[1]));
    const unique = (keys: string[]) => [...new Set(keys)].sort();
    assert.deepEqual(
      unique(setupKeys),
      plan
        .filter((r) => r.createdBy === "setup" && r.tags)
        .map((r) => r.key)
        .sort(),
    );
    assert.deepEqual(
      unique(scenarioKeys),
      plan
        .filter((r) => r.createdBy === "scenario")
        .map((r) => r.key)
        .sort(),
    );
  });

  it("`cli.js plan` prints every resource with its tags and the cost-bearing ones, with no credentials and no AWS call", async () => {
    const aws = await countingServer();
    try {
      const text = node(["dist/acceptance/cli.js", "plan", "--region", "eu-west-1", "--run", ctx.runId], noCredentialsEnv(aws.url));
      assert.equal(text.status, 0, text.stderr);
      for (const r of plan) assert.match(text.stdout, new RegExp(`\\b${r.key}\\b`), r.key);
      assert.match(text.stdout, new RegExp(`${RUN_TAG}=${ctx.runId}`));
      assert.match(text.stdout, /Cost-bearing while the run lasts \(2\):\n {2}vpce-a: interface VPC endpoint[^\n]*\n {2}vpce-b: /);
      assert.match(text.stdout, /npm run sweep -- --region eu-west-1 --older-than 0s --run acc-review-0001/);

      const json = node(["dist/acceptance/cli.js", "plan", "--region", "eu-west-1", "--json"], noCredentialsEnv(aws.url));
      assert.equal(json.status, 0, json.stderr);
      const parsed = JSON.parse(json.stdout) as { region: string; plan: { key: string; tags?: Record<string, string> }[] };
      assert.equal(parsed.region, "eu-west-1");
      assert.deepEqual(
        parsed.plan.map((r) => r.key),
        plan.map((r) => r.key),
      );
      assert.deepEqual(aws.requests, [], "no request reached AWS");
    } finally {
      aws.server.close();
    }
  });

  it("refuses a real-account run without an explicit region, before any AWS call", async () => {
    assert.throws(() => acceptanceTarget({ [MODE_VAR]: "aws" }), new RegExp(`${REGION_VAR} is required`));
    assert.throws(() => acceptanceTarget({ [MODE_VAR]: "aws", AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "us-east-1" }), /is required/);
    assert.throws(
      () => acceptanceTarget({ [MODE_VAR]: "aws", [REGION_VAR]: "Ireland" }),
      /must be an AWS region name like eu-west-1, got "Ireland"/,
    );
    assert.throws(() => acceptanceTarget({ [MODE_VAR]: "yes" }), /must be "aws" or "sandbox"/);
    assert.deepEqual(acceptanceTarget({ [MODE_VAR]: "aws", [REGION_VAR]: "eu-west-1" }), { mode: "aws", region: "eu-west-1" });
    assert.deepEqual(acceptanceTarget({}), { mode: "sandbox", region: "us-east-1" });

    const aws = await countingServer();
    try {
      const suite = node(
        [join(REPO_ROOT, "node_modules/mocha/bin/mocha.js"), "--config", ".mocharc.acceptance.json"],
        noCredentialsEnv(aws.url, { [MODE_VAR]: "aws", AWS_REGION: "us-east-1" }),
      );
      assert.notEqual(suite.status, 0);
      assert.match(suite.stdout + suite.stderr, new RegExp(`${REGION_VAR} is required`));
      const sweeper = node(
        ["dist/acceptance/cli.js", "sweep", "--older-than", "2h"],
        noCredentialsEnv(aws.url, { AWS_REGION: "us-east-1" }),
      );
      assert.equal(sweeper.status, 2);
      assert.match(sweeper.stderr, /--region is required/);
      assert.deepEqual(aws.requests, [], "no request reached AWS");
    } finally {
      aws.server.close();
    }
  });

  it("run ids are short, distinct and safe in names and tags", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRunId(Date.UTC(2026, 10, 23))));
    assert.equal(ids.size, 50);
    for (const id of ids) assert.match(id, /^acc-[0-9a-z]+-[0-9a-f]{8}$/);
    assert.equal(
      newRunId(0, () => Buffer.from([1, 2, 3, 4])),
      "acc-0-01020304",
    );
  });
});
