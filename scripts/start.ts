/**
 * `npm start`: the main job on an embedded default. Starts the sandbox, creates three VPCs with
 * an execute-api endpoint each, and a private REST API (a MOCK GET, a deny-all policy, a 'prod'
 * stage), builds the Pulumi CLI if needed, runs the stack program with `pulumi up` on a local
 * backend for two of the endpoints, shows the per-VPCE URLs and the DNS readiness timings, then
 * attaches the stack's invoke policy, redeploys, and sends one request through each endpoint:
 * the two associated ones go through, the third is refused by the policy. Then it destroys the
 * stack and stops the sandbox.
 *
 *   npm start              # up, show, destroy
 *   npm start -- --keep    # leave the stack and the sandbox running until Ctrl-C
 */
import { APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { startSandbox } from "../local";
import { endpointNetwork, invokeApi, type InvokeResult } from "../support/invoke";
import { makeDeployable } from "../support/sandbox";
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

/** Another team's statement, already in the API's policy: it admits no one, and the stack must keep it. */
const OTHER_TEAM_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Sid: "OtherTeamDenyAdmin", Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/admin/*" },
  ],
});

function describe(r: InvokeResult): string {
  if (!r.answered) return `no answer (${r.error})`;
  return `${r.status} ${r.body}`;
}

function heading(text: string): void {
  console.log(`\n=== ${text}`);
}

async function main(): Promise<void> {
  const keep = process.argv.includes("--keep");
  assertPulumiCliBuildable(); // a missing Go says so in one line, before the sandbox starts
  heading("Starting the local API Gateway + DNS sandbox");
  const sandbox = await startSandbox({
    timeScale: 0.1,
    delays: { vpcLinkProvisionMs: 3000, vpcLinkDeleteMs: 1000, dnsPropagationMs: 2500, refusedConnectionHoldMs: 2000 },
  });
  console.log(`endpoint ${sandbox.endpoint}, DNS ${sandbox.dns.host}:${sandbox.dns.port} (quotas at 1/10 of AWS's intervals)`);
  const env = { ...sandbox.env, AWS_ACCESS_KEY_ID: "sandbox", AWS_SECRET_ACCESS_KEY: "sandbox", AWS_REGION: REGION };
  Object.assign(process.env, env);

  heading("Creating three VPCs with an execute-api endpoint each (HTTPS admitted from the VPC)");
  const networks = [await endpointNetwork({ octet: 1 }), await endpointNetwork({ octet: 2 }), await endpointNetwork({ octet: 3 })];
  for (const n of networks) console.log(`${n.vpcEndpointId} in ${n.vpcId}`);
  const vpcEndpointIds = networks.slice(0, 2).map((n) => n.vpcEndpointId);
  const outsider = networks[2].vpcEndpointId;

  heading("Creating a private REST API (MOCK GET /, another team's statement that admits no one) with a 'prod' stage");
  const client = new APIGatewayClient({ region: REGION });
  // AWS deploys no private API without a resource policy: this one admits no one until the stack attaches its statement.
  const api = await client.send(new CreateRestApiCommand({ name: "orders", endpointConfiguration: { types: ["PRIVATE"] } }));
  const restApiId = api.id as string;
  await makeDeployable(restApiId, { policy: OTHER_TEAM_POLICY });
  await client.send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
  console.log(`REST API ${restApiId}`);

  heading("Building (or reusing) the Pulumi CLI");
  const ws: PulumiWorkspace = { cwd: REPO_ROOT, stateDir: join(REPO_ROOT, ".pulumi-state"), bin: ensurePulumiCli(), env };
  await selectStack(ws, STACK);
  writeStackConfig(ws, STACK, {
    "aws:region": REGION,
    "apigw-vpc:restApiId": restApiId,
    "apigw-vpc:vpcEndpointIds": vpcEndpointIds,
    "apigw-vpc:stageName": "prod",
    "apigw-vpc:attachInvokePolicy": true, // RestApiPolicyStatements: the stack's statement beside the other team's, then a redeploy
    // The VPC link goes in the first VPC's subnets, with its group: the sandbox, as AWS, refuses unknown ones.
    "apigw-vpc:vpcLinkSubnetIds": networks[0].subnetIds,
    "apigw-vpc:vpcLinkSecurityGroupIds": [networks[0].groupId],
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
    heading("The API's policy: the other team's statement, then the one the stack attached (and redeployed 'prod' for)");
    const policy = JSON.parse(outputs.apiPolicy as string) as { Statement: { Sid?: string; Effect: string }[] };
    for (const s of policy.Statement) console.log(`${s.Sid ?? "(no Sid)"}  ${s.Effect}`);
    heading("One request through each endpoint (GET /prod/ from inside its VPC)");
    for (const vpcEndpointId of [...vpcEndpointIds, outsider]) {
      // The third endpoint is not associated, so it is reached by its own DNS name with x-apigw-api-id.
      const result = await invokeApi({
        endpoint: sandbox.endpoint,
        restApiId,
        vpcEndpointId,
        stage: "prod",
        endpointHost: vpcEndpointId === outsider,
      });
      console.log(`${vpcEndpointId}${vpcEndpointId === outsider ? " (not in the policy)" : ""}  ${describe(result)}`);
    }
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
