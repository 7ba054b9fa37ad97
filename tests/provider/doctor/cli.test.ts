/**
 * `apigw-vpc doctor` as a user runs it: a child process with the sandbox's environment. Exit 0
 * for ok, 1 for broken, 2 with one line for bad usage or an AWS it cannot read; the table puts
 * the root cause first, with no colour when not on a terminal; --json is the library's result.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RevokeSecurityGroupIngressCommand, EC2Client } from "@aws-sdk/client-ec2";
import { REPO_ROOT } from "../../../support/pulumiRunner";
import { buildPrivatePath, type PrivatePath } from "../../../support/privatePath";
import { FAST, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, useSandbox } from "../../../support/sandbox";

const CLI = join(REPO_ROOT, "dist/provider/doctor/cli.js");

/** The README's example run of the doctor: its command's arguments (the API id as `API`) and its output. */
function readmeDoctorExample(): { command: string[]; output: string; restApiId: string } {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const at = readme.indexOf("Example: the endpoint's only 443 rule was revoked");
  const command = /`npx apigw-vpc doctor ([^`]+)`/.exec(readme.slice(at))?.[1].split(" ") ?? [];
  const id = command[command.indexOf("--rest-api-id") + 1];
  const block = /```text\n([\s\S]*?)\n```/.exec(readme.slice(at))?.[1] ?? "";
  return { command: command.map((a) => (a === id ? "API" : a)), output: block, restApiId: id };
}

/** `text` with what differs from run to run (ids, addresses, the deployment) replaced by its kind. */
function withoutIds(text: string, restApiId: string): string {
  return text
    .replaceAll(restApiId, "API")
    .replace(/\b(vpce|sg|vpc)-[0-9a-f]{17}\b/g, "$1-ID")
    .replace(/\b\d+\.\d+\.\d+\.\d+\b/g, "IP")
    .replace(/serves deployment [a-z0-9]+/g, "serves deployment ID");
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("apigw-vpc doctor (the CLI, in a child process)", () => {
  // A refused caller's connection is held past the probe's 5 s, as AWS drops it: the README's example shows that answer.
  const ctx = useSandbox({
    ...FAST,
    delays: { ...FAST.delays, dnsPropagationMs: 50, vpcEndpointProvisionMs: 50, refusedConnectionHoldMs: 6000 },
  });
  let path: PrivatePath;

  /** Runs the CLI asynchronously: the sandbox answers from this process. */
  const run = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [CLI, ...args],
        {
          env: {
            PATH: process.env.PATH ?? "",
            ...ctx.sandbox.env,
            AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
            AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
            ...env,
          },
          timeout: 60_000,
        },
        (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
      );
    });

  before(async () => {
    path = await buildPrivatePath();
    const deadline = Date.now() + 10_000;
    while (ctx.sandbox.control.state().dnsRecords.some((r) => r.restApiId === path.restApiId && !r.published)) {
      if (Date.now() > deadline) throw new Error("names never published");
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  const base = () => ["doctor", "--region", TEST_REGION, "--rest-api-id", path.restApiId, "--stage", path.stageName];

  it("exits 0 on a healthy path and prints one line per check, verdict first, without colour off a terminal", async () => {
    const r = await run(base());
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines[0], "OK");
    assert.match(r.stdout, new RegExp(`^ok +endpoint-security-group +${path.vpcEndpointId} +443 open to`, "m"));
    assert.match(r.stdout, /^\? +policy-deployed +AWS does not show which policy a deployment captured$/m);
    assert.equal(r.stdout.includes("\u001b["), false);
    assert.equal(r.stderr, "");
  });

  it("--json prints the library's result; --probe explains the answer", async () => {
    const r = await run([...base(), "--json", "--probe"]);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout) as {
      verdict: string;
      rootCause: null;
      checks: { id: string; status: string; evidence: { kind?: string } }[];
    };
    assert.equal(d.verdict, "ok");
    assert.equal(d.rootCause, null);
    const probe = d.checks.find((c) => c.id === "probe");
    assert.equal(probe?.status, "pass");
    assert.equal(probe?.evidence.kind, "200");
  });

  it("exits 1 when broken, with the root cause and its fix first", async () => {
    const ec2 = new EC2Client({ region: TEST_REGION });
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: path.groupId,
        IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/16" }] }],
      }),
    );
    ec2.destroy();
    const r = await run(base());
    assert.equal(r.code, 1, r.stderr);
    const [first, second] = r.stdout.split("\n");
    assert.equal(
      first,
      `BROKEN: endpoint-security-group (${path.vpcEndpointId}): no ingress rule of ${path.groupId} admits a caller in ${path.vpcId} (10.0.0.0/16) on TCP 443`,
    );
    assert.equal(
      second,
      `  fix: aws ec2 authorize-security-group-ingress --region ${TEST_REGION} --group-id ${path.groupId} --protocol tcp --port 443 --cidr 10.0.0.0/16`,
    );
    // The README shows this very run, with --probe: its table must be what the CLI prints now.
    const { command, output, restApiId } = readmeDoctorExample();
    const probed = await run([...base(), "--probe"]);
    assert.equal(probed.code, 1, probed.stderr);
    assert.deepEqual(
      command.slice(command.indexOf("--region")),
      [...base().slice(1), "--probe"].map((a) => (a === path.restApiId ? "API" : a)),
    );
    assert.equal(withoutIds(probed.stdout.trimEnd(), path.restApiId), withoutIds(output, restApiId));
  });

  const usage: [string, string[], RegExp][] = [
    ["no command", [], /^apigw-vpc: a command is required\. Usage: apigw-vpc doctor/],
    ["an unknown command", ["heal"], /^apigw-vpc: unknown command heal\./],
    ["a missing --region", ["doctor", "--rest-api-id", "a1b2c3d4e5"], /^apigw-vpc doctor: --region is required$/],
    [
      "a malformed endpoint id",
      ["doctor", "--region", "us-east-1", "--rest-api-id", "a1b2c3d4e5", "--vpc-endpoint-id", "vpce-nope"],
      /^apigw-vpc doctor: --vpc-endpoint-id must each be/,
    ],
  ];
  for (const [what, args, message] of usage) {
    it(`exits 2 with one line for ${what}, before any AWS call`, async () => {
      ctx.sandbox.control.clearRequestLog();
      const r = await run(args);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
      assert.match(r.stderr.trimEnd(), message);
      assert.deepEqual(ctx.sandbox.control.requestLog(), []);
    });
  }

  it("exits 2 with one line when AWS cannot be read (nothing listens at the endpoint)", async () => {
    const closed = "http://127.0.0.1:9";
    const r = await run(base(), {
      AWS_ENDPOINT_URL_API_GATEWAY: closed,
      AWS_ENDPOINT_URL_APIGATEWAYV2: closed,
      AWS_ENDPOINT_URL_EC2: closed,
    });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^apigw-vpc doctor: cannot read REST API ${path.restApiId} in ${TEST_REGION}: `));
  });

  it("--help prints the options and exits 0", async () => {
    const r = await run(["doctor", "--help"]);
    assert.equal(r.code, 0);
    for (const flag of [
      "--region",
      "--rest-api-id",
      "--vpc-endpoint-id",
      "--stage",
      "--domain-name",
      "--domain-name-id",
      "--vpc-link-id",
      "--source-ip",
      "--probe",
      "--json",
    ])
      assert.ok(r.stdout.includes(flag), flag);
  });
});
