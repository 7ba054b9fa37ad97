#!/usr/bin/env node
/**
 * apigw-vpc-sandbox: runs the local API Gateway + DNS sandbox until interrupted and prints
 * how to point the AWS SDK (and this package's DNS readiness check) at it.
 *
 *   apigw-vpc-sandbox [--port N] [--dns-host 127.0.0.2] [--dns-port 53] [--time-scale 0.1]
 */
import { parseArgs } from "node:util";
import { startSandbox } from "./index";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "dns-host": { type: "string" },
      "dns-port": { type: "string" },
      "time-scale": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log("usage: apigw-vpc-sandbox [--host 127.0.0.1] [--port 0] [--dns-host 127.0.0.1] [--dns-port 0] [--time-scale 1]");
    return;
  }
  const sandbox = await startSandbox({
    host: values.host,
    port: values.port ? Number(values.port) : undefined,
    dns: { host: values["dns-host"], port: values["dns-port"] ? Number(values["dns-port"]) : undefined },
    timeScale: values["time-scale"] ? Number(values["time-scale"]) : undefined,
  });
  console.log(`API Gateway sandbox endpoint: ${sandbox.endpoint}`);
  console.log(`DNS server (UDP+TCP):         ${sandbox.dns.host}:${sandbox.dns.port}`);
  console.log("");
  console.log("# Point the AWS SDK, the AWS CLI and this package at it:");
  for (const [name, value] of Object.entries(sandbox.env)) console.log(`export ${name}=${value}`);
  console.log("export AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox AWS_REGION=us-east-1");
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
