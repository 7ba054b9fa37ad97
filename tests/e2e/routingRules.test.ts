/**
 * The routing rules of a private custom domain name under the real Pulumi engine, against the
 * sandbox: `pulumi up` makes two rules and sets ROUTING_RULE_ONLY, and the invoke plane routes a
 * request by header and one by path; changing one rule previews an update and costs one
 * PutRoutingRule (its id kept); `pulumi destroy` removes both rules, restores the routing mode,
 * leaves another team's rule alone, puts no credentials in state and leaves no process behind
 * (runPulumi fails on one).
 */
import * as assert from "node:assert/strict";
import { CreateDeploymentCommand } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, CreateRoutingRuleCommand } from "@aws-sdk/client-apigatewayv2";
import { invokeDomainName } from "../../support/invoke";
import { buildPrivatePath, type PrivatePath } from "../../support/privatePath";
import { mustRunPulumi, selectStack, stackOutputs, writeStackConfig } from "../../support/pulumiRunner";
import { FAST, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, useSandbox, v1Client } from "../../support/sandbox";
import { opsByType, previewSteps, useFixtureStack } from "../../support/engine";

type Domain = NonNullable<PrivatePath["domain"]>;

describe("routing rules of a private custom domain under the real Pulumi engine", function () {
  this.timeout(240_000);
  const ctx = useSandbox(FAST);
  const fixture = useFixtureStack(ctx, "routing-stack", "routing");
  const { stack } = fixture;
  let path: PrivatePath;
  let domain: Domain;
  let foreignRuleId: string;
  let ruleIds: Record<string, string>;
  const rules = (ordersStage: string) => [
    {
      priority: 10,
      conditions: [{ matchHeaders: { anyOf: [{ header: "x-version", valueGlob: "beta*" }] } }],
      action: { invokeApi: { apiId: path.restApiId, stage: "beta" } },
    },
    {
      priority: 20,
      conditions: [{ matchBasePaths: { anyOf: ["orders"] } }],
      action: { invokeApi: { apiId: path.restApiId, stage: ordersStage, stripBasePath: true } },
    },
  ];
  const config = (ordersStage: string) => ({
    "aws:region": TEST_REGION,
    "apigw-vpc-routing-fixture:domainNameArn": domain.domainNameArn,
    "apigw-vpc-routing-fixture:routingMode": "ROUTING_RULE_ONLY",
    "apigw-vpc-routing-fixture:rules": rules(ordersStage),
  });
  const domainState = () => {
    const found = ctx.sandbox.control.state().domainNames.find((d) => d.domain.domainNameArn === domain.domainNameArn);
    assert.ok(found, "the domain is in the sandbox");
    return found;
  };
  const rulesInSandbox = () =>
    domainState()
      .rules.map((r) => [r.priority, r.routingRuleId, r.action.stage])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
  const lastInvokeReason = () => String(ctx.sandbox.control.requestLog({ operation: "Invoke" }).at(-1)?.params.reason);
  const call = (p: string, headers: Record<string, string> = {}) =>
    invokeDomainName({
      endpoint: ctx.sandbox.endpoint,
      domainName: domain.domainName,
      vpcEndpointId: path.vpcEndpointId,
      path: p,
      headers,
    });

  before(async () => {
    path = await buildPrivatePath({ domain: true });
    domain = path.domain as Domain;
    await v1Client().send(new CreateDeploymentCommand({ restApiId: path.restApiId, stageName: "beta" }));
    // Another team's rule on the same domain, at a priority this stack does not declare.
    const foreign = await new ApiGatewayV2Client({ region: TEST_REGION }).send(
      new CreateRoutingRuleCommand({
        DomainName: domain.domainName,
        DomainNameId: domain.domainNameId,
        Priority: 500,
        Conditions: [{ MatchBasePaths: { AnyOf: ["theirs"] } }],
        Actions: [{ InvokeApi: { ApiId: path.restApiId, Stage: "prod" } }],
      }),
    );
    foreignRuleId = foreign.RoutingRuleId as string;
    await selectStack(fixture.ws, stack);
    writeStackConfig(fixture.ws, stack, config("prod"));
  });

  it("1. `pulumi up` makes two rules, sets ROUTING_RULE_ONLY, and requests route by header and by path", async () => {
    ctx.sandbox.control.clearRequestLog();
    await mustRunPulumi(fixture.ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
    const mutations = ctx.sandbox.control
      .requestLog()
      .map((e) => e.operation)
      .filter((op) => !/^(Get|List)/.test(op));
    // The ownership journal on the domain (TagResource before the creates, with their ids before the mode; UntagResource at the end).
    assert.deepEqual(mutations, [
      "TagResource",
      "CreateRoutingRule",
      "CreateRoutingRule",
      "TagResource",
      "UpdateDomainName",
      "UntagResource",
    ]);
    const outputs = await stackOutputs(fixture.ws, ["--stack", stack]);
    ruleIds = outputs.ruleIds as Record<string, string>;
    assert.deepEqual(rulesInSandbox(), [
      [10, ruleIds["10"], "beta"],
      [20, ruleIds["20"], "prod"],
      [500, foreignRuleId, "prod"],
    ]);
    assert.equal(domainState().domain.routingMode, "ROUTING_RULE_ONLY");
    assert.equal(outputs.previousRoutingMode, "BASE_PATH_MAPPING_ONLY");

    const byHeader = await call("/", { "x-version": "beta-7" });
    assert.ok(byHeader.answered && byHeader.status === 200, JSON.stringify(byHeader));
    assert.match(lastInvokeReason(), new RegExp(`^routing rule ${ruleIds["10"]} \\(priority 10\\)`));
    const byPath = await call("/orders");
    assert.ok(byPath.answered && byPath.status === 200, JSON.stringify(byPath));
    assert.match(lastInvokeReason(), new RegExp(`^routing rule ${ruleIds["20"]} \\(priority 20\\)`));
  });

  it("2. changing one rule previews an update and costs one PutRoutingRule, keeping both ids", async () => {
    writeStackConfig(fixture.ws, stack, config("beta"));
    const ops = opsByType(previewSteps(await mustRunPulumi(fixture.ws, ["preview", "--json", "--stack", stack])));
    assert.deepEqual(ops.DomainRoutingRules, ["update"]);
    ctx.sandbox.control.clearRequestLog();
    await mustRunPulumi(fixture.ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
    assert.deepEqual(
      ctx.sandbox.control
        .requestLog()
        .map((e) => e.operation)
        .sort(),
      ["GetDomainName", "ListRoutingRules", "PutRoutingRule"],
    );
    assert.deepEqual(rulesInSandbox(), [
      [10, ruleIds["10"], "beta"],
      [20, ruleIds["20"], "beta"],
      [500, foreignRuleId, "prod"],
    ]);
    await mustRunPulumi(fixture.ws, ["preview", "--expect-no-changes", "--stack", stack]);
  });

  it("3. `pulumi destroy` removes its rules, restores the mode, keeps the other team's rule and no credentials in state", async () => {
    await mustRunPulumi(fixture.ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    assert.deepEqual(rulesInSandbox(), [[500, foreignRuleId, "prod"]]);
    assert.equal(domainState().domain.routingMode, "BASE_PATH_MAPPING_ONLY");
    const state = await mustRunPulumi(fixture.ws, ["stack", "export", "--stack", stack]);
    assert.ok(!state.includes(TEST_ACCESS_KEY_ID) && !state.includes(TEST_SECRET_ACCESS_KEY), "no credentials in state");
    assert.ok(!state.includes('"type": "pulumi-nodejs:dynamic/apigw:DomainRoutingRules"'), "the resource is gone from state");
  });
});
