/**
 * `npm start`: the main job on an embedded default. Starts the sandbox, creates a private REST
 * API with two VPC endpoint ids and a stage in it, builds the Pulumi CLI if needed, runs the
 * stack program with `pulumi up` on a local backend, shows the per-VPCE URLs and the DNS
 * readiness timings, then destroys the stack and stops the sandbox.
 *
 *   npm start              # up, show, destroy
 *   npm start -- --keep    # leave the stack and the sandbox running until Ctrl-C
 */
import { APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { randomAwsId, startSandbox } from "../local";
import {
  assertPulumiCliBuildable,
  ensurePulumiCli,
  mustRunPulumi,
  REPO_ROOT,
  selectStack,
  stackOutputs,
  writeStackConfig,
  type PulumiWorkspace,
} from "../support/pulumiRunner";

const STACK = "sandbox";
const REGION = "us-east-1";

function heading(text: string): void {
  console.log(`\n=== ${text}`);
}

async function main(): Promise<void> {
  const keep = process.argv.includes("--keep");
  assertPulumiCliBuildable(); // a missing Go says so in one line, before the sandbox starts
  heading("Starting the local API Gateway + DNS sandbox");
  const sandbox = await startSandbox({
    timeScale: 0.1,
    delays: { vpcLinkProvisionMs: 3000, vpcLinkDeleteMs: 1000, dnsPropagationMs: 2500 },
  });
  console.log(`endpoint ${sandbox.endpoint}, DNS ${sandbox.dns.host}:${sandbox.dns.port} (quotas at 1/10 of AWS's intervals)`);
  const env = { ...sandbox.env, AWS_ACCESS_KEY_ID: "sandbox", AWS_SECRET_ACCESS_KEY: "sandbox", AWS_REGION: REGION };
  Object.assign(process.env, env);

  heading("Creating a private REST API with a 'prod' stage in the sandbox");
  const client = new APIGatewayClient({ region: REGION });
  const api = await client.send(new CreateRestApiCommand({ name: "orders", endpointConfiguration: { types: ["PRIVATE"] } }));
  const restApiId = api.id as string;
  await client.send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
  const vpcEndpointIds = [randomAwsId("vpce"), randomAwsId("vpce")];
  console.log(`REST API ${restApiId}; VPC endpoints ${vpcEndpointIds.join(", ")}`);

  heading("Building (or reusing) the Pulumi CLI");
  const ws: PulumiWorkspace = { cwd: REPO_ROOT, stateDir: join(REPO_ROOT, ".pulumi-state"), bin: ensurePulumiCli(), env };
  await selectStack(ws, STACK);
  writeStackConfig(ws, STACK, {
    "aws:region": REGION,
    "apigw-vpc:restApiId": restApiId,
    "apigw-vpc:vpcEndpointIds": vpcEndpointIds,
    "apigw-vpc:stageName": "prod",
    "apigw-vpc:vpcLinkSubnetIds": [randomAwsId("subnet"), randomAwsId("subnet")],
    "apigw-vpc:vpcLinkSecurityGroupIds": [randomAwsId("sg")],
  });

  try {
    heading("pulumi up");
    await mustRunPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", STACK], { echo: true });
    const outputs = await stackOutputs(ws, ["--stack", STACK]);
    heading("Per-VPCE URLs");
    for (const [vpce, url] of Object.entries(outputs.urls as Record<string, string>)) console.log(`${vpce}  ${url}`);
    heading("DNS readiness (queried the sandbox's authoritative DNS)");
    for (const [host, r] of Object.entries(outputs.dnsReadiness as Record<string, { addresses: string[]; waitedMs: number }>)) {
      console.log(`${host}  ready after ${(r.waitedMs / 1000).toFixed(1)} s -> ${r.addresses.join(", ")}`);
    }
    console.log(
      `total wait ${((outputs.dnsTotalWaitMs as number) / 1000).toFixed(1)} s; VPC link ${outputs.vpcLinkId} is ${outputs.vpcLinkStatus}`,
    );
    if (keep) {
      heading("Keeping the stack and the sandbox: Ctrl-C to stop (state is in .pulumi-state)");
      for (const [name, value] of Object.entries(env)) console.log(`export ${name}=${value}`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    }
  } finally {
    heading("pulumi destroy (the sandbox is in memory: nothing outlives this run)");
    await mustRunPulumi(ws, ["destroy", "--yes", "--skip-preview", "--stack", STACK], { echo: false }).then(
      () => console.log("destroyed"),
      (e: Error) => console.error(e.message),
    );
    await mustRunPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", STACK]).catch(() => undefined);
    rmSync(join(REPO_ROOT, `Pulumi.${STACK}.yaml`), { force: true });
    await sandbox.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
