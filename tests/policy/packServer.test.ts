/**
 * Boots the pack the way the Pulumi CLI's nodejs language host does for a policy pack (RunPlugin,
 * kind "analyzer"): `node <@pulumi/pulumi/cmd/run-policy-pack resolved from policy/> <engine>
 * <policy dir>`, in policy/, then speaks the Analyzer gRPC protocol to it as the engine would.
 *
 * It proves what unit tests cannot: the pack starts from policy/package.json's `main` (the
 * compiled dist/policy/pack.js) with no node_modules of its own, it reads its version there, and
 * config sent by the engine reaches the policies.
 * It is not the CLI test (tests/e2e): no engine, no program, no stack.
 */
import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as rpc from "@pulumi/pulumi/proto/analyzer_pb";
import { vpcLinkHighAvailability, vpcLinkSecurityGroups } from "../../policy/policies";
import { VPC_LINK } from "../../policy/resources";
import { urnOf } from "./harness";

/** The gRPC library @pulumi/pulumi's generated client was built with (not a dependency of ours). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time from @pulumi/pulumi's own dependencies
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] })) as typeof grpcTypes;

const ROOT = [path.resolve(__dirname, "../../.."), process.cwd()].find((dir) =>
  fs.existsSync(path.join(dir, "policy", "PulumiPolicy.yaml")),
);
const PACK_DIR = path.join(ROOT ?? ".", "policy");

function unary<Req, Res>(
  method: (req: Req, cb: (err: grpcTypes.ServiceError | null, res: Res) => void) => unknown,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(req, (err, res) => (err ? reject(err) : resolve(res))));
}

function vpcLinkRequest(subnetIds: string[], securityGroupIds: string[]): rpc.AnalyzeRequest {
  const options = new rpc.AnalyzerResourceOptions();
  options.setIgnorechangesList([]);
  const request = new rpc.AnalyzeRequest();
  request.setType(VPC_LINK);
  request.setName("link");
  request.setUrn(urnOf(VPC_LINK, "link"));
  request.setProperties(Struct.fromJavaScript({ name: "orders-link", subnetIds, securityGroupIds, __provider: "exports.handler = 1;" }));
  request.setOptions(options);
  return request;
}

function diagnostics(response: rpc.AnalyzeResponse): [string, number, string][] {
  return response.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()]);
}

describe("policy pack served by @pulumi/pulumi's run-policy-pack (as the CLI starts it)", function () {
  this.timeout(60_000);
  let pack: ChildProcess | undefined;
  let client: AnalyzerClient | undefined;
  let stderr = "";

  before(async () => {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK_DIR] });
    pack = spawn(process.execPath, [runner, "127.0.0.1:1", PACK_DIR], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
    pack.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      pack?.stdout?.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      pack?.once("exit", (code) => reject(new Error(`the pack exited with ${code} before serving:\n${stderr}`)));
    });
    assert.match(port, /^\d+$/, `expected the pack to print its port, got ${port}\n${stderr}`);
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    pack?.kill();
  });

  function analyzer(): AnalyzerClient {
    assert.ok(client, `the pack did not start:\n${stderr}`);
    return client;
  }

  it("reports its name, its version from policy/package.json, and every policy with its level", async () => {
    const info = await unary<Empty, rpc.AnalyzerInfo>(analyzer().getAnalyzerInfo.bind(analyzer()), new Empty());
    const version = (JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { version: string }).version;
    assert.equal(info.getName(), "apigw-vpc-policies");
    assert.equal(info.getVersion(), version);
    assert.deepEqual(
      info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]),
      [
        ["association-valid-endpoints", rpc.EnforcementLevel.MANDATORY],
        ["no-conflicting-endpoint-lists", rpc.EnforcementLevel.MANDATORY],
        ["private-api-invoke-restricted", rpc.EnforcementLevel.MANDATORY],
        ["vpc-link-high-availability", rpc.EnforcementLevel.ADVISORY],
        ["vpc-link-security-groups", rpc.EnforcementLevel.MANDATORY],
        ["dns-readiness-enabled", rpc.EnforcementLevel.ADVISORY],
        ["integration-target-on-v2-link", rpc.EnforcementLevel.MANDATORY],
        ["private-domain-invoke-restricted", rpc.EnforcementLevel.MANDATORY],
        ["attached-statements-restricted-to-vpc", rpc.EnforcementLevel.MANDATORY],
        ["private-tls-1-2-minimum", rpc.EnforcementLevel.MANDATORY],
        ["tls13-strict-access-mode", rpc.EnforcementLevel.MANDATORY],
        ["no-shadowed-routing-rules", rpc.EnforcementLevel.MANDATORY],
      ],
    );
  });

  it("reports violations as the CLI shows them: description, newline, message", async () => {
    const response = await unary<rpc.AnalyzeRequest, rpc.AnalyzeResponse>(
      analyzer().analyze.bind(analyzer()),
      vpcLinkRequest(["subnet-0a"], []),
    );
    assert.deepEqual(diagnostics(response), [
      [
        "vpc-link-high-availability",
        rpc.EnforcementLevel.ADVISORY,
        `${vpcLinkHighAvailability.description}\nVpcLink 'link' has 1 subnet(s); at least 2 are required for high availability (config minSubnets)`,
      ],
      [
        "vpc-link-security-groups",
        rpc.EnforcementLevel.MANDATORY,
        `${vpcLinkSecurityGroups.description}\nVpcLink 'link' has no security groups; at least one is required`,
      ],
    ]);
  });

  it("applies config from the engine: minSubnets and an enforcement level override", async () => {
    const config = new rpc.PolicyConfig();
    config.setEnforcementlevel(rpc.EnforcementLevel.MANDATORY);
    config.setProperties(Struct.fromJavaScript({ minSubnets: 3 }));
    const request = new rpc.ConfigureAnalyzerRequest();
    request.getPolicyconfigMap().set("vpc-link-high-availability", config);
    await unary<rpc.ConfigureAnalyzerRequest, Empty>(analyzer().configure.bind(analyzer()), request);

    const response = await unary<rpc.AnalyzeRequest, rpc.AnalyzeResponse>(
      analyzer().analyze.bind(analyzer()),
      vpcLinkRequest(["subnet-0a", "subnet-0b"], ["sg-0a1b2c3d"]),
    );
    assert.deepEqual(diagnostics(response), [
      [
        "vpc-link-high-availability",
        rpc.EnforcementLevel.MANDATORY,
        `${vpcLinkHighAvailability.description}\nVpcLink 'link' has 2 subnet(s); at least 3 are required for high availability (config minSubnets)`,
      ],
    ]);
  });
});
