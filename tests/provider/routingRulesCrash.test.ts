/**
 * DomainRoutingRules after a crash, against the sandbox through the real SDK clients: a step's
 * ownership journal on the private domain name (a tag keyed by its creation token) lets the rerun
 * of a create that was cut off claim the rules the killed run made, with no flag, so delete
 * removes them and restores the mode the domain had before. An identical rule without a journal
 * entry (or under another token) stays adopted, and delete leaves it. The sandbox's tags on
 * private domain names follow AWS's limits.
 */
import * as assert from "node:assert/strict";
import {
  GetDomainNameCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDomainNameCommand,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, CreateRoutingRuleCommand, ListRoutingRulesCommand, PutRoutingRuleCommand } from "@aws-sdk/client-apigatewayv2";
import {
  domainRoutingRulesOperations as ops,
  routingJournalEntries,
  type DomainRoutingRulesInputs,
  type DomainRoutingRulesOutputs,
} from "../../provider/domainRoutingRules/index";
import { journalTags } from "../../provider/ownershipJournal";
import type { RoutingRuleSpec } from "../../provider/routingRules";
import { buildPrivatePath, type PrivatePath } from "../../support/privatePath";
import { FAST, TEST_REGION, useSandbox, v1Client } from "../../support/sandbox";

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/apigw:DomainRoutingRules::routes";

describe("DomainRoutingRules: reruns after a crash claim what the killed step made", () => {
  const ctx = useSandbox(FAST);
  const control = () => ctx.sandbox.control;
  const v2 = () => new ApiGatewayV2Client({ region: TEST_REGION });
  let path: PrivatePath;
  let domain: NonNullable<PrivatePath["domain"]>;
  const ref = () => ({ DomainName: domain.domainName, DomainNameId: domain.domainNameId });
  const rule = (priority: number, base: string): RoutingRuleSpec => ({
    priority,
    conditions: [{ matchBasePaths: { anyOf: [base] } }],
    action: { apiId: path.restApiId, stage: path.stageName, stripBasePath: false },
  });
  /** Inputs through check(), as the engine runs a create: no old inputs, the class's URN. */
  const inputs = async (rules: RoutingRuleSpec[], urn = URN): Promise<DomainRoutingRulesInputs> => {
    const result = await ops.check(
      {} as DomainRoutingRulesInputs,
      {
        domainNameArn: domain.domainNameArn,
        rules: rules.map((r) => ({ ...r, action: { invokeApi: r.action } })), // as a program declares them
        routingMode: "ROUTING_RULE_ONLY",
        creationUrn: urn,
      } as unknown as DomainRoutingRulesInputs,
    );
    assert.deepEqual(result.failures ?? [], []);
    return result.inputs!;
  };
  const present = async () =>
    ((await v2().send(new ListRoutingRulesCommand(ref()))).RoutingRules ?? []).map((r) => ({ priority: r.Priority, id: r.RoutingRuleId }));
  const domainNow = () => v1Client().send(new GetDomainNameCommand({ domainName: domain.domainName, domainNameId: domain.domainNameId }));
  const calls = () =>
    control()
      .requestLog()
      .map((e) => e.operation);

  beforeEach(async () => {
    path = await buildPrivatePath({ domain: true });
    domain = path.domain!;
    control().clearRequestLog();
  });

  it("killed between the creates and the journal clear: the rerun claims the rules and the mode before, delete removes them", async () => {
    const declared = await inputs([rule(10, "users"), rule(20, "orders")]);
    assert.ok(declared.creationToken, "check() turned the URN into a creation token");
    // The killed run, as it left the domain: its journal (rule ids once known, the mode before), its rules, its mode.
    const made: { priority: number; id: string }[] = [];
    for (const [priority, base] of [
      [10, "users"],
      [20, "orders"],
    ] as const) {
      const answer = await v2().send(
        new CreateRoutingRuleCommand({
          ...ref(),
          Priority: priority,
          Conditions: [{ MatchBasePaths: { AnyOf: [base] } }],
          Actions: [{ InvokeApi: { ApiId: path.restApiId, Stage: path.stageName, StripBasePath: false } }],
        }),
      );
      made.push({ priority, id: answer.RoutingRuleId! });
    }
    const journal = routingJournalEntries({ rules: made, previousRoutingMode: "BASE_PATH_MAPPING_ONLY" });
    await v1Client().send(
      new TagResourceCommand({ resourceArn: domain.domainNameArn, tags: journalTags(declared.creationToken!, journal) }),
    );
    await v1Client().send(
      new UpdateDomainNameCommand({
        domainName: domain.domainName,
        domainNameId: domain.domainNameId,
        patchOperations: [{ op: "replace", path: "/routingMode", value: "ROUTING_RULE_ONLY" }],
      }),
    );

    control().clearRequestLog();
    const outs = (await ops.create(await inputs([rule(10, "users"), rule(20, "orders")]))).outs as DomainRoutingRulesOutputs;
    assert.deepEqual(outs.adoptedPriorities, [], "claimed, not adopted");
    assert.deepEqual(outs.ruleIds, Object.fromEntries(made.map((m) => [String(m.priority), m.id])));
    assert.equal(outs.previousRoutingMode, "BASE_PATH_MAPPING_ONLY", "the mode before the killed run, from its journal");
    assert.deepEqual(calls(), ["GetDomainName", "ListRoutingRules", "TagResource", "UntagResource"], "nothing made twice");
    assert.deepEqual((await domainNow()).tags ?? {}, {}, "journal cleared");

    await ops.delete(domain.domainNameArn, outs);
    assert.deepEqual(await present(), [], "delete removes the claimed rules");
    assert.equal((await domainNow()).routingMode, "BASE_PATH_MAPPING_ONLY", "and restores the mode");
  });

  it("a step's calls: the journal is written before the first create, with the ids before the mode, and cleared at the end", async () => {
    const outs = (await ops.create(await inputs([rule(10, "users"), rule(20, "orders")]))).outs as DomainRoutingRulesOutputs;
    assert.deepEqual(calls(), [
      "GetDomainName",
      "ListRoutingRules",
      "TagResource",
      "CreateRoutingRule",
      "CreateRoutingRule",
      "TagResource",
      "UpdateDomainName",
      "UntagResource",
    ]);
    assert.deepEqual((await domainNow()).tags ?? {}, {});
    assert.deepEqual(outs.adoptedPriorities, []);
  });

  it("an update killed after a move: the rerun claims the moved rule by the id its journal names, and delete removes it", async () => {
    const first = (await ops.create(await inputs([rule(10, "users")]))).outs as DomainRoutingRulesOutputs;
    const id = first.ruleIds["10"];
    // The update as check() gives it (old inputs: a new generation of the token).
    const next = await ops.check(first, {
      domainNameArn: domain.domainNameArn,
      rules: [{ ...rule(30, "users"), action: { invokeApi: rule(30, "users").action } }],
      routingMode: "ROUTING_RULE_ONLY",
      creationUrn: URN,
    } as unknown as DomainRoutingRulesInputs);
    const moved = next.inputs!;
    assert.notEqual(moved.creationToken, first.creationToken);
    // The killed update: its journal, and its PutRoutingRule that moved the rule to 30.
    const tags = journalTags(moved.creationToken!, routingJournalEntries({ rules: [{ priority: 30, id }] }));
    await v1Client().send(new TagResourceCommand({ resourceArn: domain.domainNameArn, tags }));
    await v2().send(
      new PutRoutingRuleCommand({
        ...ref(),
        RoutingRuleId: id,
        Priority: 30,
        Conditions: [{ MatchBasePaths: { AnyOf: ["users"] } }],
        Actions: [{ InvokeApi: { ApiId: path.restApiId, Stage: path.stageName, StripBasePath: false } }],
      }),
    );
    control().clearRequestLog();
    const outs = (await ops.update(domain.domainNameArn, first, moved)).outs as DomainRoutingRulesOutputs;
    assert.deepEqual(outs.ruleIds, { "30": id });
    assert.deepEqual(outs.adoptedPriorities, [], "claimed, not adopted");
    assert.deepEqual(calls(), ["GetDomainName", "ListRoutingRules", "TagResource", "UntagResource"]);
    await ops.delete(domain.domainNameArn, outs);
    assert.deepEqual(await present(), []);
  });

  it("killed after the journal write, before any create: the rerun makes the rules once and clears the journal", async () => {
    const declared = await inputs([rule(10, "users")]);
    const tags = journalTags(
      declared.creationToken!,
      routingJournalEntries({ rules: [{ priority: 10 }], previousRoutingMode: "BASE_PATH_MAPPING_ONLY" }),
    );
    await v1Client().send(new TagResourceCommand({ resourceArn: domain.domainNameArn, tags }));
    const outs = (await ops.create(declared)).outs as DomainRoutingRulesOutputs;
    assert.deepEqual(outs.adoptedPriorities, []);
    assert.equal((await present()).length, 1);
    assert.deepEqual((await domainNow()).tags ?? {}, {});
    await ops.delete(domain.domainNameArn, outs);
    assert.deepEqual(await present(), []);
  });

  it("an identical rule without a journal entry, or under another token, stays adopted and delete leaves it", async () => {
    const theirs = await v2().send(
      new CreateRoutingRuleCommand({
        ...ref(),
        Priority: 10,
        Conditions: [{ MatchBasePaths: { AnyOf: ["users"] } }],
        Actions: [{ InvokeApi: { ApiId: path.restApiId, Stage: path.stageName, StripBasePath: false } }],
      }),
    );
    const other = await inputs([rule(10, "users")], `${URN}-other`);
    const otherTags = journalTags(other.creationToken!, routingJournalEntries({ rules: [{ priority: 10 }] }));
    await v1Client().send(new TagResourceCommand({ resourceArn: domain.domainNameArn, tags: otherTags }));
    const outs = (await ops.create(await inputs([rule(10, "users")]))).outs as DomainRoutingRulesOutputs;
    assert.deepEqual(outs.adoptedPriorities, [10]);
    await ops.delete(domain.domainNameArn, outs);
    assert.deepEqual(await present(), [{ priority: 10, id: theirs.RoutingRuleId }]);
    assert.deepEqual((await domainNow()).tags, otherTags, "another token's journal is not touched");
  });

  it("the sandbox tags a private domain name by its ARN, up to 50 tags, and only for its owner's region", async () => {
    const arn = domain.domainNameArn;
    await v1Client().send(new TagResourceCommand({ resourceArn: arn, tags: { team: "platform" } }));
    assert.deepEqual((await v1Client().send(new GetTagsCommand({ resourceArn: arn }))).tags, { team: "platform" });
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    await assert.rejects(v1Client().send(new TagResourceCommand({ resourceArn: arn, tags: many })), { name: "BadRequestException" });
    await v1Client().send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["team"] }));
    assert.deepEqual((await v1Client().send(new GetTagsCommand({ resourceArn: arn }))).tags, {});
    const elsewhere = arn.replace(`:${TEST_REGION}:`, ":eu-west-1:");
    await assert.rejects(v1Client("eu-west-1").send(new GetTagsCommand({ resourceArn: elsewhere })), { name: "NotFoundException" });
  });
});
