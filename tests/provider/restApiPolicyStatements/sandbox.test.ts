/**
 * RestApiPolicyStatements against the sandbox, through the real AWS SDK: the standard set
 * (basic, disappears, lost response, concurrent owners, import), with exact call counts from the
 * sandbox's request log. The API's policy holds statements of others ("foreign"), which must keep
 * their place through everything.
 */
import * as assert from "node:assert/strict";
import { DeleteRestApiCommand, GetRestApiCommand, GetStageCommand } from "@aws-sdk/client-api-gateway";
import {
  parsePolicy,
  restApiPolicyStatementsProvider as provider,
  type PolicyStatement,
  type RestApiPolicyStatementsInputs,
  type RestApiPolicyStatementsOutputs,
} from "../../../provider/restApiPolicyStatements";
import { callInFreshProcess, serializeProvider } from "../../../support/serialization";
import { TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, useSandbox, v1Client, vpceIds } from "../../../support/sandbox";
import { foreignStatement as foreign, policySids, setPolicy, sharedPolicyApi } from "../../../support/sharedPolicy";

/** create() with its outputs asserted present. */
async function create(i: RestApiPolicyStatementsInputs): Promise<{ id: string; outs: RestApiPolicyStatementsOutputs }> {
  const { id, outs } = await provider.create(i);
  assert.ok(outs, "create returns outputs");
  return { id, outs };
}

const statement = (Sid: string, vpce: string): PolicyStatement => ({
  Sid,
  Effect: "Allow",
  Principal: "*",
  Action: "execute-api:Invoke",
  Resource: "execute-api:/*",
  Condition: { StringEquals: { "aws:SourceVpce": [vpce] } },
});

const inputs = (
  restApiId: string,
  statements: PolicyStatement[],
  extra: Partial<RestApiPolicyStatementsInputs> = {},
): RestApiPolicyStatementsInputs => ({
  restApiId,
  statements,
  region: TEST_REGION,
  redeployStages: [],
  ...extra,
});

describe("RestApiPolicyStatements against the sandbox", function () {
  this.timeout(120_000);
  const ctx = useSandbox();
  const control = () => ctx.sandbox.control;
  const calls = () =>
    control()
      .requestLog()
      .map((e) => e.operation);
  const [v1, v2, v3] = vpceIds(3);
  beforeEach(() => {
    control().clearFaults();
    control().clearRequestLog();
  });

  describe("basic", () => {
    it("create appends its statements after the others with one read and one write, reads back once, and deploys each stage once", async () => {
      const api = await sharedPolicyApi();
      control().clearRequestLog();
      const { id, outs } = await create(inputs(api, [statement("TeamA", v1)], { redeployStages: ["prod"] }));
      assert.equal(id, api);
      assert.deepEqual(calls(), ["GetRestApi", "GetStages", "UpdateRestApi", "GetRestApi", "CreateDeployment"]);
      assert.deepEqual(await policySids(api), ["ForeignA", "ForeignB", "TeamA"]);
      const stage = await v1Client().send(new GetStageCommand({ restApiId: api, stageName: "prod" }));
      assert.equal(outs.deploymentIds.prod, stage.deploymentId, "the stage serves the deployment made after the write");
      assert.deepEqual(
        parsePolicy(outs.policy).Statement.map((s) => s.Sid),
        ["ForeignA", "ForeignB", "TeamA"],
      );
    });

    it("an update with nothing to change writes and deploys nothing: one GetRestApi (the stored, expanded form means the same)", async () => {
      const api = await sharedPolicyApi();
      const { outs } = await create(inputs(api, [statement("TeamA", v1)], { redeployStages: ["prod"] }));
      control().clearRequestLog();
      await provider.update!(api, outs, inputs(api, [statement("TeamA", v1)], { redeployStages: ["prod"] }));
      assert.deepEqual(calls(), ["GetRestApi"]);
    });

    it("update replaces a changed statement where it stands, adds new ones at the end and removes released ones; delete removes only its own", async () => {
      const api = await sharedPolicyApi();
      const { outs } = await create(inputs(api, [statement("TeamA", v1), statement("TeamB", v2)]));
      await setPolicy(api, [foreign("ForeignA"), statement("TeamA", v1), foreign("ForeignB"), statement("TeamB", v2)]);
      control().clearRequestLog();
      const updated = await provider.update!(
        api,
        outs,
        inputs(api, [statement("TeamA", v3), statement("TeamC", v1)], { redeployStages: ["prod"] }),
      );
      assert.deepEqual(calls(), ["GetRestApi", "GetStages", "UpdateRestApi", "GetRestApi", "CreateDeployment"]);
      assert.deepEqual(await policySids(api), ["ForeignA", "TeamA", "ForeignB", "TeamC"]);
      const teamA = parsePolicy((await v1Client().send(new GetRestApiCommand({ restApiId: api }))).policy).Statement[1];
      assert.deepEqual(teamA.Condition, { StringEquals: { "aws:SourceVpce": [v3] } });
      control().clearRequestLog();
      await provider.delete!(api, updated.outs!);
      assert.deepEqual(calls(), ["GetRestApi", "UpdateRestApi", "GetRestApi", "CreateDeployment"]);
      assert.deepEqual(await policySids(api), ["ForeignA", "ForeignB"]);
    });

    it("refuses a stage that does not exist, naming it, before writing anything", async () => {
      const api = await sharedPolicyApi();
      await assert.rejects(create(inputs(api, [statement("TeamA", v1)], { redeployStages: ["prd"] })), {
        message: `creating REST API policy statements (${api}): redeployStages: "prd" is not a stage of REST API ${api}`,
      });
      assert.deepEqual(await policySids(api), ["ForeignA", "ForeignB"]);
    });

    it("deleting the last statement of a PRIVATE API clears the policy and deploys nothing (AWS deploys no PRIVATE API without one)", async () => {
      const api = await sharedPolicyApi();
      await setPolicy(api, []);
      const { outs } = await create(inputs(api, [statement("TeamA", v1)], { redeployStages: ["prod"] }));
      control().clearRequestLog();
      await provider.delete!(api, outs);
      assert.deepEqual(calls(), ["GetRestApi", "UpdateRestApi", "GetRestApi"]);
      assert.equal((await v1Client().send(new GetRestApiCommand({ restApiId: api }))).policy, undefined);
    });
  });

  it("the provider as stored in state runs in a fresh process, holds no credentials, and its check names the field", async () => {
    const text = await serializeProvider(provider);
    assert.ok(!text.includes(TEST_ACCESS_KEY_ID) && !text.includes(TEST_SECRET_ACCESS_KEY), "no credentials in the serialized provider");
    assert.doesNotMatch(text, /middlewareStack/, "no SDK client captured");
    const api = await sharedPolicyApi();
    const env = {
      ...ctx.sandbox.env,
      AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
      PATH: process.env.PATH,
    };
    const created = (await callInFreshProcess(text, "create", [inputs(api, [statement("TeamA", v1)])], env)) as { id: string };
    assert.equal(created.id, api);
    assert.deepEqual(await policySids(api), ["ForeignA", "ForeignB", "TeamA"]);
    const checked = (await callInFreshProcess(
      text,
      "check",
      [{}, { restApiId: api, statements: [{ Effect: "Allow" }], region: "us-east-1" }],
      env,
    )) as {
      failures: { property: string }[];
    };
    assert.deepEqual(
      checked.failures.map((f) => f.property),
      ["statements[0].Sid", "statements[0]", "statements[0]", "statements[0]"],
    );
  });

  describe("disappears", () => {
    it("a statement removed or changed outside shows in read, and the next update restores it in place", async () => {
      const api = await sharedPolicyApi();
      const declared = [statement("TeamA", v1), statement("TeamB", v2)];
      const { outs } = await create(inputs(api, declared));
      await setPolicy(api, [foreign("ForeignA"), statement("TeamA", v3), foreign("ForeignB")]);
      const read = await provider.read!(api, outs);
      const refreshed = read.props as RestApiPolicyStatementsOutputs;
      assert.deepEqual(
        refreshed.statements.map((s) => [s.Sid, s.Condition]),
        [["TeamA", { StringEquals: { "aws:SourceVpce": [v3] } }]],
        "TeamA as changed outside; TeamB gone",
      );
      assert.equal((await provider.diff!(api, refreshed, inputs(api, declared))).changes, true, "the next up has work to do");
      await provider.update!(api, refreshed, inputs(api, declared));
      assert.deepEqual(await policySids(api), ["ForeignA", "TeamA", "ForeignB", "TeamB"]);
      const unchanged = (await provider.read!(api, outs)).props as RestApiPolicyStatementsOutputs;
      assert.deepEqual(unchanged.statements, declared, "a statement that still means the same keeps its recorded spelling");
    });

    it("a deleted API drops the resource on read, and delete succeeds with one GetRestApi", async () => {
      const api = await sharedPolicyApi();
      const { outs } = await create(inputs(api, [statement("TeamA", v1)], { redeployStages: ["prod"] }));
      await v1Client().send(new DeleteRestApiCommand({ restApiId: api }));
      assert.deepEqual(await provider.read!(api, outs), {});
      control().clearRequestLog();
      await provider.delete!(api, outs);
      assert.deepEqual(calls(), ["GetRestApi"]);
    });
  });

  describe("lost response", () => {
    it("UpdateRestApi's answer lost: no resend, the statement is there once, no error", async () => {
      const api = await sharedPolicyApi();
      control().clearRequestLog();
      control().injectFaults("UpdateRestApi", { sequence: ["lost"] });
      await create(inputs(api, [statement("TeamA", v1)], { redeployStages: ["prod"] }));
      assert.deepEqual(
        control()
          .requestLog({ operation: "UpdateRestApi" })
          .map((e) => e.errorType),
        ["ResponseLost"],
      );
      assert.deepEqual(await policySids(api), ["ForeignA", "ForeignB", "TeamA"]);
      assert.equal(
        control().requestLog({ operation: "CreateDeployment" }).length,
        1,
        "a lost write still counts as a change: the stage is deployed",
      );
    });

    it("a refused write (429, 409) is planned again on a fresh read, never resent as it was", async () => {
      const api = await sharedPolicyApi();
      control().clearRequestLog();
      control().injectFaults("UpdateRestApi", { sequence: ["429", "409"] });
      await create(inputs(api, [statement("TeamA", v1)]));
      assert.deepEqual(calls(), [
        "GetRestApi",
        "UpdateRestApi",
        "GetRestApi",
        "UpdateRestApi",
        "GetRestApi",
        "UpdateRestApi",
        "GetRestApi",
      ]);
      assert.deepEqual(
        control()
          .requestLog({ operation: "UpdateRestApi" })
          .map((e) => e.status),
        [429, 409, 200],
      );
    });

    it("delete: the answer lost: only our statement is removed, once", async () => {
      const api = await sharedPolicyApi();
      const { outs } = await create(inputs(api, [statement("TeamA", v1)]));
      control().clearRequestLog();
      control().injectFaults("UpdateRestApi", { sequence: ["lost"] });
      await provider.delete!(api, outs);
      assert.deepEqual(
        control()
          .requestLog({ operation: "UpdateRestApi" })
          .map((e) => e.errorType),
        ["ResponseLost"],
      );
      assert.deepEqual(await policySids(api), ["ForeignA", "ForeignB"]);
    });
  });

  describe("concurrent owners", () => {
    it("two owners writing at once under faults: both statements end in the policy, the foreign ones stay in order", async () => {
      const api = await sharedPolicyApi();
      // Slow reads make both owners read the same policy before either writes: one write is lost.
      control().injectFaults("GetRestApi", { latencyMs: 150, probabilities: { 429: 0.1, 500: 0.1 } });
      control().injectFaults("UpdateRestApi", { latencyMs: 50, probabilities: { 429: 0.1, 500: 0.05, lost: 0.2 } });
      const [a, b] = await Promise.all([create(inputs(api, [statement("TeamA", v1)])), create(inputs(api, [statement("TeamB", v2)]))]);
      control().clearFaults();
      const sids = await policySids(api);
      assert.deepEqual(sids.slice(0, 2), ["ForeignA", "ForeignB"]);
      assert.deepEqual([...sids.slice(2)].sort(), ["TeamA", "TeamB"]);
      assert.ok(
        control()
          .requestLog({ operation: "UpdateRestApi" })
          .filter((e) => e.status === 200 || e.errorType === "ResponseLost").length >= 2,
      );

      // One owner deletes while the other changes its statement: nothing of the other's is lost.
      control().injectFaults("GetRestApi", { latencyMs: 150, probabilities: { 429: 0.1 } });
      control().injectFaults("UpdateRestApi", { latencyMs: 50, probabilities: { lost: 0.2 } });
      await Promise.all([provider.delete!(api, a.outs), provider.update!(api, b.outs, inputs(api, [statement("TeamB", v3)]))]);
      control().clearFaults();
      assert.deepEqual(await policySids(api), ["ForeignA", "ForeignB", "TeamB"]);
    });

    it("a writer that keeps replacing the policy makes the converge loop give up after its bound, with a clear error", async () => {
      const api = await sharedPolicyApi();
      // Every write is undone: the sandbox "loses" the statement by restoring the foreign policy right after.
      const restore = setInterval(() => void setPolicy(api, [foreign("ForeignA"), foreign("ForeignB")]).catch(() => undefined), 100);
      try {
        await assert.rejects(create(inputs(api, [statement("TeamA", v1)])), /replaced by another writer 6 times in a row/);
      } finally {
        clearInterval(restore);
      }
    });
  });

  describe("import", () => {
    it("a declared Sid already in the policy is an error naming it, and nothing is written", async () => {
      const api = await sharedPolicyApi();
      await setPolicy(api, [foreign("ForeignA"), statement("TeamA", v2)]);
      control().clearRequestLog();
      await assert.rejects(create(inputs(api, [statement("TeamA", v1), statement("TeamZ", v1)])), {
        message: `creating REST API policy statements (${api}): the policy already has a statement with Sid "TeamA" that this resource did not create; choose another Sid, or set importExisting: true to take it over`,
      });
      assert.deepEqual(calls(), ["GetRestApi"]);
    });

    it("importExisting takes the statement over: replaced in place, and removed on delete", async () => {
      const api = await sharedPolicyApi();
      await setPolicy(api, [foreign("ForeignA"), statement("TeamA", v2), foreign("ForeignB")]);
      const { outs } = await create(inputs(api, [statement("TeamA", v1)], { importExisting: true }));
      assert.equal(outs.importExisting, true);
      assert.deepEqual(await policySids(api), ["ForeignA", "TeamA", "ForeignB"]);
      await provider.delete!(api, outs);
      assert.deepEqual(await policySids(api), ["ForeignA", "ForeignB"]);
    });
  });
});
