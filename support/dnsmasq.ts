/**
 * A real caching resolver for tests and benchmarks: dnsmasq (Debian's dnsmasq-base) on
 * loopback, forwarding the execute-api zones to a given authority and caching negative answers
 * for the SOA minimum, as a VPC or corporate resolver would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { requireTool } from "./tools";

export interface Dnsmasq {
  /** `host:port` to hand to a resolver. */
  server: string;
  stop(): Promise<void>;
}

export async function startDnsmasq(opts: { port: number; zones: string[]; authority: string; host?: string }): Promise<Dnsmasq> {
  requireTool("dnsmasq", "a caching resolver in front of the sandbox's DNS");
  const host = opts.host ?? "127.0.0.1";
  const args = [
    "--keep-in-foreground",
    "--conf-file=/dev/null",
    "--no-resolv",
    "--no-hosts",
    "--bind-interfaces",
    `--listen-address=${host}`,
    `--port=${opts.port}`,
    "--pid-file=",
    "--cache-size=1000",
    ...opts.zones.map((z) => `--server=/${z}/${opts.authority.replace(":", "#")}`),
  ];
  const child: ChildProcess = spawn("dnsmasq", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let spawnError: Error | undefined;
  child.once("error", (e) => (spawnError = e)); // e.g. not executable: reported below, never unhandled
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server = `${host}:${opts.port}`;
  const probe = new Resolver({ timeout: 200, tries: 1 });
  probe.setServers([server]);
  for (let i = 0; ; i++) {
    if (spawnError) throw new Error(`dnsmasq could not be started: ${spawnError.message}`, { cause: spawnError });
    if (child.exitCode !== null) throw new Error(`dnsmasq exited: ${stderr}`);
    try {
      await probe.resolveNs(opts.zones[0]);
      break;
    } catch (e) {
      if (i > 50) throw new Error(`dnsmasq did not answer on ${server}: ${(e as Error).message} ${stderr}`, { cause: e });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    server,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
