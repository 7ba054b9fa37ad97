/**
 * DomainRoutingRules against the sandbox, through the real SDK clients: the rules of a private
 * domain as an owned set keyed by priority, changed with the fewest calls (exact call lists from
 * the request log), the routing mode set with them and restored on delete, foreign rules never
 * touched, a taken priority refused before any change, a rule deleted out of band made again,
 * a lost answer read back, and import.
 */
import * as assert from "node:assert/strict";
import { GetDomainNameCommand } from "@aws-sdk/client-api-gateway";
import {
  ApiGatewayV2Client,
  CreateRoutingRuleCommand,
  DeleteRoutingRuleCommand,
  ListRoutingRulesCommand,
} from "@aws-sdk/client-apigatewayv2";
import {
  domainRoutingRulesOperations as ops,
  type DomainRoutingRulesInputs,
  type DomainRoutingRulesOutputs,
} from "../../provider/domainRoutingRules/index";
import type { RoutingRuleSpec } from "../../provider/routingRules";
import { buildPrivatePath, type PrivatePath } from "../../support/privatePath";
import { FAST, TEST_REGION, useSandbox, v1Client } from "../../support/sandbox";

type Domain = NonNullable<PrivatePath["domain"]>;

describe("DomainRoutingRules against the sandbox", () => {
  const ctx = useSandbox(FAST);
  const control = () => ctx.sandbox.control;
  const v2 = () => new ApiGatewayV2Client({ region: TEST_REGION });
  let path: PrivatePath;
  let domain: Domain;
  const ref = () => ({ DomainName: domain.domainName, DomainNameId: domain.domainNameId });
  const beta = (priority = 10): RoutingRuleSpec => ({
    priority,
    conditions: [{ matchHeaders: { anyOf: [{ header: "x-version", valueGlob: "beta*" }] } }],
    action: { apiId: path.restApiId, stage: "prod", stripBasePath: false },
  });
  const users = (priority = 20, stripBasePath = true): RoutingRuleSpec => ({
    priority,
    conditions: [{ matchBasePaths: { anyOf: ["users"] } }],
    action: { apiId: path.restApiId, stage: "prod", stripBasePath },
  });
  const inputs = (
    rules: RoutingRuleSpec[],
    routingMode: DomainRoutingRulesInputs["routingMode"] = "ROUTING_RULE_ONLY",
  ): DomainRoutingRulesInputs => ({
    domainNameArn: domain.domainNameArn,
    region: TEST_REGION,
    rules,
    routingMode,
  });
  const create = async (i: DomainRoutingRulesInputs) => (await ops.create(i)).outs as DomainRoutingRulesOutputs;
  const update = async (olds: DomainRoutingRulesOutputs, i: DomainRoutingRulesInputs) =>
    (await ops.update(domain.domainNameArn, olds, i)).outs as DomainRoutingRulesOutputs;
  const calls = () =>
    control()
      .requestLog()
      .map((e) => e.operation);
  const present = async () =>
    ((await v2().send(new ListRoutingRulesCommand(ref()))).RoutingRules ?? []).map((r) => ({ priority: r.Priority, id: r.RoutingRuleId }));
  const mode = async () =>
    (await v1Client().send(new GetDomainNameCommand({ domainName: domain.domainName, domainNameId: domain.domainNameId }))).routingMode;
  const foreign = (priority: number, stage = "prod") =>
    v2().send(
      new CreateRoutingRuleCommand({
        ...ref(),
        Priority: priority,
        Conditions: [{ MatchBasePaths: { AnyOf: ["theirs"] } }],
        Actions: [{ InvokeApi: { ApiId: path.restApiId, Stage: stage } }],
      }),
    );

  beforeEach(async () => {
    path = await buildPrivatePath({ domain: true });
    domain = path.domain as Domain;
    control().clearRequestLog();
  });

  it("creates two rules and sets the mode: one list, one create per rule, one UpdateDomainName", async () => {
    const made = await ops.create(inputs([beta(), users()]));
    assert.equal(made.id, domain.domainNameArn);
    const outs = made.outs as DomainRoutingRulesOutputs;
    assert.deepEqual(calls(), ["GetDomainName", "ListRoutingRules", "CreateRoutingRule", "CreateRoutingRule", "UpdateDomainName"]);
    assert.deepEqual(Object.keys(outs.ruleIds), ["10", "20"]);
    assert.equal(outs.previousRoutingMode, "BASE_PATH_MAPPING_ONLY");
    assert.equal(await mode(), "ROUTING_RULE_ONLY");
    assert.deepEqual(
      (await present()).map((r) => r.priority),
      [10, 20],
    );
  });

  it("changes one rule with one PutRoutingRule (same id), moves one with one PutRoutingRule, and sends nothing when nothing changed", async () => {
    const outs = await create(inputs([beta(), users()]));
    control().clearRequestLog();
    const changed = await update(outs, inputs([beta(), users(20, false)]));
    assert.deepEqual(calls(), ["GetDomainName", "ListRoutingRules", "PutRoutingRule"]);
    assert.deepEqual(changed.ruleIds, outs.ruleIds);
    control().clearRequestLog();
    const moved = await update(changed, inputs([beta(), users(30, false)]));
    assert.deepEqual(calls(), ["GetDomainName", "ListRoutingRules", "PutRoutingRule"]);
    assert.deepEqual(moved.ruleIds, { "10": outs.ruleIds["10"], "30": outs.ruleIds["20"] });
    control().clearRequestLog();
    await ops.update(domain.domainNameArn, moved as DomainRoutingRulesOutputs, inputs([beta(), users(30, false)]));
    assert.deepEqual(calls(), ["GetDomainName", "ListRoutingRules"]);
  });

  it("never touches rules at other priorities, and delete restores the mode and removes only its own rules", async () => {
    const theirs = await foreign(500);
    const outs = await create(inputs([beta()]));
    const next = await update(outs, inputs([users()], "ROUTING_RULE_THEN_BASE_PATH_MAPPING"));
    assert.deepEqual(
      (await present()).map((r) => r.priority),
      [20, 500],
    );
    control().clearRequestLog();
    await ops.delete(domain.domainNameArn, next as DomainRoutingRulesOutputs);
    assert.deepEqual(calls(), ["GetDomainName", "UpdateDomainName", "ListRoutingRules", "DeleteRoutingRule"]);
    assert.deepEqual(await present(), [{ priority: 500, id: theirs.RoutingRuleId }]);
    assert.equal(await mode(), "BASE_PATH_MAPPING_ONLY");
  });

  it("refuses a declared priority held by a different rule it did not make, before any change", async () => {
    await foreign(10);
    await assert.rejects(
      ops.create(inputs([beta(), users()])),
      /creating domain routing rules .*priority 10 is held by routing rule \w+, which this resource did not make/,
    );
    assert.deepEqual(calls().slice(-2), ["GetDomainName", "ListRoutingRules"]);
    assert.equal(await mode(), "BASE_PATH_MAPPING_ONLY");
  });

  it("adopts an identical rule it did not make and leaves it on delete", async () => {
    await ops.create(inputs([beta()], "ROUTING_RULE_THEN_BASE_PATH_MAPPING"));
    // A second declaration of the same rule (another stack) adopts it.
    const outs = await create(inputs([beta()], "ROUTING_RULE_THEN_BASE_PATH_MAPPING"));
    assert.deepEqual(outs.adoptedPriorities, [10]);
    await ops.delete(domain.domainNameArn, outs);
    assert.deepEqual(
      (await present()).map((r) => r.priority),
      [10],
    );
  });

  it("makes a rule deleted out of band again, and read drops it until then", async () => {
    const outs = await create(inputs([beta(), users()]));
    await v2().send(new DeleteRoutingRuleCommand({ ...ref(), RoutingRuleId: outs.ruleIds["20"] }));
    const read = await ops.read(domain.domainNameArn, outs);
    assert.deepEqual(Object.keys((read.props as DomainRoutingRulesOutputs).ruleIds), ["10"]);
    control().clearRequestLog();
    const again = await update(read.props as DomainRoutingRulesOutputs, inputs([beta(), users()]));
    assert.deepEqual(calls(), ["GetDomainName", "ListRoutingRules", "CreateRoutingRule"]);
    assert.deepEqual(Object.keys(again.ruleIds), ["10", "20"]);
  });

  it("reads a lost CreateRoutingRule answer back instead of sending it again", async () => {
    control().injectFaults("CreateRoutingRule", { sequence: ["lost"] });
    const outs = await create(inputs([beta()]));
    assert.equal(control().requestLog({ operation: "CreateRoutingRule" }).length, 1);
    assert.deepEqual(await present(), [{ priority: 10, id: outs.ruleIds["10"] }]);
  });

  it("records a move that failed at the rule's old priority, and the next update finishes it with one put", async () => {
    const outs = await create(inputs([beta(), users()]));
    control().injectFaults("PutRoutingRule", { sequence: ["500"] });
    const failed = await ops.update(domain.domainNameArn, outs, inputs([beta(), users(30)])).then(
      () => assert.fail("the put should have failed"),
      (e: { id?: string; properties?: DomainRoutingRulesOutputs }) => e,
    );
    assert.equal(failed.id, domain.domainNameArn);
    assert.deepEqual(failed.properties?.ruleIds, outs.ruleIds);
    control().clearRequestLog();
    const done = await update(failed.properties as DomainRoutingRulesOutputs, inputs([beta(), users(30)]));
    assert.deepEqual(calls(), ["GetDomainName", "ListRoutingRules", "PutRoutingRule"]);
    assert.deepEqual(done.ruleIds, { "10": outs.ruleIds["10"], "30": outs.ruleIds["20"] });
  });

  it("imports every rule of the domain (read without state)", async () => {
    await ops.create(inputs([beta(), users()]));
    const read = await ops.read(domain.domainNameArn, undefined as unknown as DomainRoutingRulesOutputs);
    const props = read.props as DomainRoutingRulesOutputs;
    assert.deepEqual(
      props.rules.map((r) => r.priority),
      [10, 20],
    );
    assert.equal(props.routingMode, "ROUTING_RULE_ONLY");
  });
});
