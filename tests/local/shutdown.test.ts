/**
 * Clean shutdown: close() releases the HTTP port and the DNS port (UDP and TCP) even with
 * client connections still open, leaves no handles behind (so mocha exits without --exit),
 * can be called twice, and a failed start releases whatever it had bound.
 */
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { connect, createServer, type Server } from "node:net";
import dns2 from "dns2";
import { APIGatewayClient, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { executeApiZone, startSandbox, type Sandbox } from "../../local";

const CREDENTIALS = { accessKeyId: "x", secretAccessKey: "y" };

/** Binds TCP `port` on `host`, then releases it: proves nobody holds it. */
function bindTcp(host: string, port: number): Promise<void> {
  const server = createServer();
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

function bindUdp(host: string, port: number): Promise<void> {
  const socket = createSocket("udp4");
  return new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, host, () => socket.close(() => resolve()));
  });
}

/** Counts of the listening handle kinds a sandbox opens. */
function listeningHandles(): { tcpServers: number; udp: number } {
  const kinds = process.getActiveResourcesInfo();
  return { tcpServers: kinds.filter((k) => k === "TCPServerWrap").length, udp: kinds.filter((k) => k === "UDPWrap").length };
}

/**
 * Node drops a closed handle from its list a moment after the close callback: poll until at most
 * `limit` remain (or 5 s). "At most", because a handle an earlier test closed may still be counted
 * in the baseline and vanish meanwhile.
 */
async function eventuallyAtMost(limit: { tcpServers: number; udp: number }): Promise<void> {
  const within = () => listeningHandles().tcpServers <= limit.tcpServers && listeningHandles().udp <= limit.udp;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !within()) await new Promise((r) => setTimeout(r, 10));
  assert.ok(within(), `listening handles ${JSON.stringify(listeningHandles())} exceed ${JSON.stringify(limit)}`);
}

/** Exercises every listener of a sandbox and leaves connections open: an SDK keep-alive socket and an idle DNS TCP client. */
async function useAndLeaveOpen(sandbox: Sandbox): Promise<() => void> {
  const client = new APIGatewayClient({ region: "us-east-1", endpoint: sandbox.endpoint, credentials: CREDENTIALS });
  await client.send(new GetRestApisCommand({}));
  const udp = await dns2.UDPClient({ dns: sandbox.dns.host, port: sandbox.dns.port, timeout: 3000 })(executeApiZone("us-east-1"), "NS");
  assert.equal(udp.answers.length, 1);
  const idle = connect(sandbox.dns.port, sandbox.dns.host);
  idle.on("error", () => undefined);
  await new Promise((resolve) => idle.once("connect", resolve));
  return () => idle.destroy();
}

describe("sandbox shutdown", () => {
  it("frees the HTTP port and the DNS port (UDP and TCP) after close(), despite open client connections", async () => {
    const sandbox = await startSandbox({ timeScale: 1e-4 });
    const port = Number(new URL(sandbox.endpoint).port);
    const cleanup = await useAndLeaveOpen(sandbox);
    try {
      await sandbox.close();
      await bindTcp("127.0.0.1", port);
      await bindTcp(sandbox.dns.host, sandbox.dns.port);
      await bindUdp(sandbox.dns.host, sandbox.dns.port);
    } finally {
      cleanup();
    }
  });

  it("leaves no listening handles behind", async () => {
    const baseline = listeningHandles();
    const sandbox = await startSandbox({ timeScale: 1e-4 });
    const running = listeningHandles();
    assert.ok(running.tcpServers >= 2 && running.udp >= 1, "HTTP and DNS TCP servers and the DNS UDP socket are listed while running");
    const cleanup = await useAndLeaveOpen(sandbox);
    await sandbox.close();
    cleanup();
    await eventuallyAtMost(baseline);
  });

  it("starts again on the same fixed ports right after close()", async () => {
    const first = await startSandbox({ timeScale: 1e-4 });
    const port = Number(new URL(first.endpoint).port);
    const dnsPort = first.dns.port;
    await first.close();
    const second = await startSandbox({ timeScale: 1e-4, port, dns: { port: dnsPort } });
    try {
      assert.equal(second.endpoint, `http://127.0.0.1:${port}`);
      assert.deepEqual(second.dns, { host: "127.0.0.1", port: dnsPort });
      const client = new APIGatewayClient({ region: "us-east-1", endpoint: second.endpoint, credentials: CREDENTIALS });
      assert.deepEqual((await client.send(new GetRestApisCommand({}))).items, []);
    } finally {
      await second.close();
    }
  });

  it("can be closed twice", async () => {
    const sandbox = await startSandbox({ timeScale: 1e-4 });
    await Promise.all([sandbox.close(), sandbox.close()]);
    await sandbox.close();
    await bindTcp(sandbox.dns.host, sandbox.dns.port);
  });

  describe("a failed start", () => {
    let blocker: Server | undefined;
    afterEach(async () => {
      await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
      blocker = undefined;
    });
    const occupy = async (host: string): Promise<number> => {
      const server = createServer();
      blocker = server;
      await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
      return (server.address() as { port: number }).port;
    };

    it("rejects with EADDRINUSE when the HTTP port is taken, and releases the DNS port it had bound", async () => {
      const baseline = listeningHandles();
      const port = await occupy("127.0.0.1");
      await assert.rejects(startSandbox({ port, dns: { host: "127.0.0.1", port: 0 } }), { code: "EADDRINUSE" });
      await eventuallyAtMost({ tcpServers: baseline.tcpServers + 1, udp: baseline.udp });
    });

    it("rejects with EADDRINUSE when a fixed DNS port is taken, and binds nothing", async () => {
      const baseline = listeningHandles();
      const port = await occupy("127.0.0.1");
      await assert.rejects(startSandbox({ dns: { host: "127.0.0.1", port } }), { code: "EADDRINUSE" });
      await eventuallyAtMost({ tcpServers: baseline.tcpServers + 1, udp: baseline.udp });
      await bindUdp("127.0.0.1", port);
    });
  });
});
