/**
 * 10. Shared policy statements: what one change of an owned statement costs in API calls, and
 * what it leaves of the other teams' statements, on a policy of n foreign statements with s
 * stages to redeploy.
 *
 *   ours     -> restApiPolicyStatementsOperations.update: GetRestApi, one UpdateRestApi
 *               (`replace /policy`), the read-back GetRestApi, one CreateDeployment per stage
 *   baseline -> the whole document owned by one resource, as Terraform's
 *               aws_api_gateway_rest_api_policy and @pulumi/aws's RestApiPolicy: one UpdateRestApi
 *               with the owner's statements only, the read after it, one CreateDeployment per
 *               stage (a deployment triggered by the policy)
 */
import { CreateDeploymentCommand, GetRestApiCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import type { Sandbox } from "../local";
import {
  parsePolicy,
  restApiPolicyStatementsOperations as ops,
  type PolicyStatement,
  type RestApiPolicyStatementsOutputs,
} from "../provider/restApiPolicyStatements";
import { createRestApi, makeDeployable, v1Client } from "../support/sandbox";
import { foreignStatement, setPolicy } from "../support/sharedPolicy";
import { fmt, REGION, withSandbox, type Row, type ScenarioResult } from "./common";

const CASES = [
  { n: 5, s: 1 },
  { n: 30, s: 3 },
];
const TIME_SCALE = 0.01; // CreateDeployment's 1 per 5 s runs as 50 ms

const statement = (vpce: string): PolicyStatement => ({
  Sid: "TeamA",
  Effect: "Allow",
  Principal: "*",
  Action: "execute-api:Invoke",
  Resource: "execute-api:/*",
  Condition: { StringEquals: { "aws:SourceVpce": [vpce] } },
});

/** A deployable API with n foreign statements and s stages. */
async function arrange(n: number, s: number): Promise<{ restApiId: string; stages: string[] }> {
  const restApiId = await createRestApi();
  await makeDeployable(restApiId);
  await setPolicy(
    restApiId,
    Array.from({ length: n }, (_, i) => foreignStatement(`Foreign${i}`)),
  );
  const stages = Array.from({ length: s }, (_, i) => `stage${i}`);
  for (const stageName of stages) await v1Client().send(new CreateDeploymentCommand({ restApiId, stageName }));
  return { restApiId, stages };
}

/** Calls answered (a 429 under CreateDeployment's quota is resent on Retry-After and not counted). */
const count = (sandbox: Sandbox) => {
  const log = sandbox.control.requestLog().filter((e) => e.status !== 429);
  return {
    calls: log.length,
    reads: log.filter((e) => e.operation === "GetRestApi").length,
    writes: log.filter((e) => e.operation === "UpdateRestApi").length,
    deployments: log.filter((e) => e.operation === "CreateDeployment").length,
  };
};
const foreignLeft = async (restApiId: string) =>
  parsePolicy((await v1Client().send(new GetRestApiCommand({ restApiId }))).policy).Statement.filter((x) =>
    String(x.Sid).startsWith("Foreign"),
  ).length;

async function measure(sandbox: Sandbox, n: number, s: number) {
  const ourApi = await arrange(n, s);
  const base = { restApiId: ourApi.restApiId, region: REGION, redeployStages: ourApi.stages };
  const created = await ops.create({ ...base, statements: [statement("vpce-0123456789abcdef0")] });
  sandbox.control.clearRequestLog();
  await ops.update("x", created.outs as RestApiPolicyStatementsOutputs, { ...base, statements: [statement("vpce-0123456789abcdef1")] });
  const ours = { ...count(sandbox), foreignKept: await foreignLeft(ourApi.restApiId) };

  const baseApi = await arrange(n, s);
  sandbox.control.clearRequestLog();
  const document = JSON.stringify({ Version: "2012-10-17", Statement: [statement("vpce-0123456789abcdef1")] });
  await v1Client().send(
    new UpdateRestApiCommand({ restApiId: baseApi.restApiId, patchOperations: [{ op: "replace", path: "/policy", value: document }] }),
  );
  await v1Client().send(new GetRestApiCommand({ restApiId: baseApi.restApiId }));
  for (const stageName of baseApi.stages) await v1Client().send(new CreateDeploymentCommand({ restApiId: baseApi.restApiId, stageName }));
  const baseline = { ...count(sandbox), foreignKept: await foreignLeft(baseApi.restApiId) };
  return { n, s, ours, baseline };
}

export async function policyStatements(): Promise<ScenarioResult> {
  return withSandbox({ timeScale: TIME_SCALE, seed: 11 }, async (sandbox) => {
    const cases = [];
    for (const { n, s } of CASES) cases.push(await measure(sandbox, n, s));
    const rows: Row[] = cases.flatMap((c) => [
      {
        figure: `n=${c.n} foreign, s=${c.s} stages: reads / writes / deployments per change`,
        value: `${c.ours.reads} / ${c.ours.writes} / ${c.ours.deployments}`,
        baseline: `${c.baseline.reads} / ${c.baseline.writes} / ${c.baseline.deployments}`,
        ratio: fmt.ratio(c.ours.calls / c.baseline.calls),
        target: `2 (read + read-back) / 1 / ${c.s}`,
        met: c.ours.reads === 2 && c.ours.writes === 1 && c.ours.deployments === c.s && c.ours.calls === 3 + c.s,
      },
      {
        figure: `n=${c.n} foreign, s=${c.s} stages: foreign statements kept`,
        value: `${c.ours.foreignKept}`,
        baseline: `${c.baseline.foreignKept}`,
        ratio: "—",
        target: `${c.n}`,
        met: c.ours.foreignKept === c.n,
      },
    ]);
    return {
      rows,
      details: { cases, timeScale: TIME_SCALE },
      notes: [
        "A change replaces one owned statement. Ratio = our calls / the baseline's. The baseline owns the whole document, so it costs one read less and drops every other team's statement.",
      ],
    };
  });
}
