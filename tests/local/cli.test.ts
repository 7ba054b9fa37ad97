/**
 * The `apigw-vpc-sandbox` bin, run as a child process: it prints the endpoint, the DNS address
 * and the exports to use them; the printed values work with the real SDK and a DNS resolver;
 * SIGTERM stops it with exit code 0.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { createServer } from "node:net";
import path from "node:path";
import { APIGatewayClient, CreateRestApiCommand, GetRestApiCommand } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetVpcLinksCommand } from "@aws-sdk/client-apigatewayv2";
import { executeApiZone } from "../../local";

const CLI = path.resolve(__dirname, "../../local/cli.js");
const CREDENTIALS = { accessKeyId: "x", secretAccessKey: "y" };

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[]): Running {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: "pipe" });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, exited };
}

/** Waits until the output has every `pattern` (or the process exits, or 20 s pass) and returns the matches. */
async function waitForLines(running: Running, patterns: RegExp[]): Promise<RegExpMatchArray[]> {
  const deadline = Date.now() + 20_000;
  let exited = false;
  void running.exited.then(() => (exited = true));
  while (!patterns.every((p) => p.test(running.stdout()))) {
    if (exited || Date.now() > deadline) assert.fail(`the CLI did not print ${patterns.join(", ")}; it printed:\n${running.stdout()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return patterns.map((p) => running.stdout().match(p) as RegExpMatchArray);
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("apigw-vpc-sandbox CLI", () => {
  let running: Running | undefined;
  afterEach(async () => {
    // Never leave a child behind: it would keep mocha from exiting.
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill("SIGKILL");
      await running.exited;
    }
    running = undefined;
  });

  it("prints the endpoint, the DNS address and the exports, serves them, and exits 0 on SIGTERM", async () => {
    running = run(["--time-scale", "0.0001"]);
    const [endpoint, dnsAddress, v1Export, v2Export, dnsExport] = await waitForLines(running, [
      /API Gateway sandbox endpoint: (http:\/\/127\.0\.0\.1:\d+)\n/,
      /DNS server \(UDP\+TCP\): +(127\.0\.0\.1):(\d+)\n/,
      /^export AWS_ENDPOINT_URL_API_GATEWAY=(\S+)$/m,
      /^export AWS_ENDPOINT_URL_APIGATEWAYV2=(\S+)$/m,
      /^export APIGW_VPC_DNS_SERVERS=(\S+)$/m,
    ]);
    assert.equal(v1Export[1], endpoint[1]);
    assert.equal(v2Export[1], endpoint[1]);
    assert.equal(dnsExport[1], `${dnsAddress[1]}:${dnsAddress[2]}`);

    const v1 = new APIGatewayClient({ region: "us-east-1", endpoint: v1Export[1], credentials: CREDENTIALS });
    const api = await v1.send(new CreateRestApiCommand({ name: "from-cli", endpointConfiguration: { types: ["PRIVATE"] } }));
    assert.equal((await v1.send(new GetRestApiCommand({ restApiId: api.id }))).name, "from-cli");
    const v2 = new ApiGatewayV2Client({ region: "us-east-1", endpoint: v2Export[1], credentials: CREDENTIALS });
    assert.deepEqual((await v2.send(new GetVpcLinksCommand({}))).Items, []);
    const resolver = new Resolver({ timeout: 3000, tries: 2 });
    resolver.setServers([dnsExport[1]]);
    assert.deepEqual(await resolver.resolveNs(executeApiZone("us-east-1")), [`ns.${executeApiZone("us-east-1")}`]);

    running.child.kill("SIGTERM");
    assert.deepEqual(await running.exited, { code: 0, signal: null });
  });

  it("listens on the ports given by --port and --dns-port", async () => {
    const [port, dnsPort] = [await freePort(), await freePort()];
    running = run(["--port", String(port), "--dns-port", String(dnsPort)]);
    const [endpoint, dns] = await waitForLines(running, [/endpoint: (\S+)\n/, /DNS server \(UDP\+TCP\): +(\S+)\n/]);
    assert.deepEqual([endpoint[1], dns[1]], [`http://127.0.0.1:${port}`, `127.0.0.1:${dnsPort}`]);
    running.child.kill("SIGINT");
    assert.deepEqual(await running.exited, { code: 0, signal: null });
  });

  it("prints its usage for --help and exits 0", async () => {
    running = run(["--help"]);
    assert.deepEqual(await running.exited, { code: 0, signal: null });
    assert.match(running.stdout(), /^usage: apigw-vpc-sandbox /);
  });

  it("exits 1 with the cause when its port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    try {
      running = run(["--port", String((blocker.address() as { port: number }).port)]);
      assert.deepEqual(await running.exited, { code: 1, signal: null });
      assert.match(running.stdout(), /EADDRINUSE/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it("exits 1 on an unknown option", async () => {
    running = run(["--no-such-option"]);
    assert.deepEqual(await running.exited, { code: 1, signal: null });
    assert.match(running.stdout(), /no-such-option/);
  });
});
