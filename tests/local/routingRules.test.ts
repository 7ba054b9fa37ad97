/**
 * Routing rules of private custom domain names in the sandbox, through the real SDK clients:
 * CreateRoutingRule/ListRoutingRules/GetRoutingRule/PutRoutingRule/DeleteRoutingRule with
 * `domainNameId`, AWS's refusals (a taken priority, a priority out of range, too many
 * conditions, a bad glob, a missing stage, no domainNameId), the domain's `routingMode` on
 * CreateDomainName and UpdateDomainName, and the invoke plane routing by header and base path
 * in priority order, then by base path mapping as the mode says.
 */
import assert from "node:assert/strict";
import {
  BadRequestException as V1BadRequestException,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  GetDomainNameCommand,
  UpdateDomainNameCommand,
} from "@aws-sdk/client-api-gateway";
import {
  ApiGatewayV2Client,
  BadRequestException,
  ConflictException,
  CreateRoutingRuleCommand,
  DeleteRoutingRuleCommand,
  GetRoutingRuleCommand,
  ListRoutingRulesCommand,
  NotFoundException,
  PutRoutingRuleCommand,
} from "@aws-sdk/client-apigatewayv2";
import { invokeDomainName } from "../../support/invoke";
import { buildPrivatePath, type PrivatePath } from "../../support/privatePath";
import { FAST, rejectsWith, TEST_REGION, useSandbox, v1Client } from "../../support/sandbox";

type Domain = NonNullable<PrivatePath["domain"]>;
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0000-4000-8000-000000000000";

describe("sandbox: routing rules of private custom domain names", () => {
  const ctx = useSandbox(FAST);
  const v2 = () => new ApiGatewayV2Client({ region: TEST_REGION });
  let path: PrivatePath;
  let domain: Domain;
  const ref = () => ({ DomainName: domain.domainName, DomainNameId: domain.domainNameId });
  const rule = (priority: number, stage = "prod", conditions: object[] = []) => ({
    ...ref(),
    Priority: priority,
    Conditions: conditions,
    Actions: [{ InvokeApi: { ApiId: path.restApiId, Stage: stage } }],
  });
  const setMode = (value: string) =>
    v1Client().send(
      new UpdateDomainNameCommand({
        domainName: domain.domainName,
        domainNameId: domain.domainNameId,
        patchOperations: [{ op: "replace", path: "/routingMode", value }],
      }),
    );
  const call = (p: string, headers: Record<string, string> = {}) =>
    invokeDomainName({
      endpoint: ctx.sandbox.endpoint,
      domainName: domain.domainName,
      vpcEndpointId: path.vpcEndpointId,
      path: p,
      headers,
    });
  const lastReason = () => String(ctx.sandbox.control.requestLog({ operation: "Invoke" }).at(-1)?.params.reason);

  beforeEach(async () => {
    path = await buildPrivatePath({ domain: true });
    domain = path.domain as Domain;
  });

  it("creates, lists by priority, gets, replaces in place (same id) and deletes a rule", async () => {
    const made = await v2().send(
      new CreateRoutingRuleCommand(rule(200, "prod", [{ MatchHeaders: { AnyOf: [{ Header: "x-version", ValueGlob: "beta*" }] } }])),
    );
    assert.match(made.RoutingRuleId ?? "", /^[a-z0-9]+$/);
    assert.ok(made.RoutingRuleArn?.endsWith(`/domainnames/${domain.domainName}+${domain.domainNameId}/routingrules/${made.RoutingRuleId}`));
    await v2().send(new CreateRoutingRuleCommand(rule(100)));
    const listed = await v2().send(new ListRoutingRulesCommand(ref()));
    assert.deepEqual(
      listed.RoutingRules?.map((r) => r.Priority),
      [100, 200],
    );
    const put = await v2().send(
      new PutRoutingRuleCommand({ ...rule(300, "prod", [{ MatchBasePaths: { AnyOf: ["users"] } }]), RoutingRuleId: made.RoutingRuleId }),
    );
    assert.equal(put.RoutingRuleId, made.RoutingRuleId);
    const got = await v2().send(new GetRoutingRuleCommand({ ...ref(), RoutingRuleId: made.RoutingRuleId }));
    assert.equal(got.Priority, 300);
    assert.deepEqual(got.Conditions, [{ MatchBasePaths: { AnyOf: ["users"] } }]);
    assert.equal(got.Actions?.[0].InvokeApi?.StripBasePath, false);
    await v2().send(new DeleteRoutingRuleCommand({ ...ref(), RoutingRuleId: made.RoutingRuleId }));
    await rejectsWith(v2().send(new GetRoutingRuleCommand({ ...ref(), RoutingRuleId: made.RoutingRuleId })), NotFoundException, 404);
  });

  it("refuses a second rule at a taken priority, also through PutRoutingRule: 409 ConflictException", async () => {
    await v2().send(new CreateRoutingRuleCommand(rule(10)));
    const other = await v2().send(new CreateRoutingRuleCommand(rule(20)));
    await rejectsWith(v2().send(new CreateRoutingRuleCommand(rule(10))), ConflictException, 409);
    await rejectsWith(v2().send(new PutRoutingRuleCommand({ ...rule(10), RoutingRuleId: other.RoutingRuleId })), ConflictException, 409);
  });

  it("refuses what AWS documents as invalid: 400 BadRequestException", async () => {
    const bad = [
      rule(0),
      rule(1_000_001),
      rule(5, "prod", [
        { MatchHeaders: { AnyOf: [{ Header: "a", ValueGlob: "1" }] } },
        { MatchHeaders: { AnyOf: [{ Header: "b", ValueGlob: "2" }] } },
        { MatchHeaders: { AnyOf: [{ Header: "c", ValueGlob: "3" }] } },
      ]),
      rule(5, "prod", [{ MatchBasePaths: { AnyOf: ["a"] } }, { MatchBasePaths: { AnyOf: ["b"] } }]),
      rule(5, "prod", [{ MatchHeaders: { AnyOf: [{ Header: "x-version", ValueGlob: "be*ta" }] } }]),
      rule(5, "nosuchstage"),
      { ...rule(5), Actions: [] },
    ];
    for (const input of bad) await rejectsWith(v2().send(new CreateRoutingRuleCommand(input)), BadRequestException, 400);
  });

  it("answers 404 for a private domain named without its domainNameId", async () => {
    await rejectsWith(v2().send(new ListRoutingRulesCommand({ DomainName: domain.domainName })), NotFoundException, 404);
  });

  it("keeps the routingMode given on CreateDomainName and changes it with UpdateDomainName replace /routingMode", async () => {
    const created = await v1Client().send(
      new CreateDomainNameCommand({
        domainName: "modes.example.com",
        certificateArn: CERT,
        endpointConfiguration: { types: ["PRIVATE"] },
        routingMode: "ROUTING_RULE_ONLY",
      }),
    );
    assert.equal(created.routingMode, "ROUTING_RULE_ONLY");
    const before = await v1Client().send(new GetDomainNameCommand({ domainName: domain.domainName, domainNameId: domain.domainNameId }));
    assert.equal(before.routingMode, "BASE_PATH_MAPPING_ONLY");
    assert.equal((await setMode("ROUTING_RULE_THEN_BASE_PATH_MAPPING")).routingMode, "ROUTING_RULE_THEN_BASE_PATH_MAPPING");
    await rejectsWith(setMode("RULES_PLEASE"), V1BadRequestException, 400);
  });

  it("routes by header and base path in priority order, then by base path mapping as the mode says", async () => {
    await v1Client().send(new CreateDeploymentCommand({ restApiId: path.restApiId, stageName: "beta" }));
    const beta = await v2().send(
      new CreateRoutingRuleCommand(rule(10, "beta", [{ MatchHeaders: { AnyOf: [{ Header: "X-Version", ValueGlob: "beta*" }] } }])),
    );
    const users = await v2().send(
      new CreateRoutingRuleCommand({
        ...rule(20, "prod", [{ MatchBasePaths: { AnyOf: ["users"] } }]),
        Actions: [{ InvokeApi: { ApiId: path.restApiId, Stage: "prod", StripBasePath: true } }],
      }),
    );
    // BASE_PATH_MAPPING_ONLY (the default): rules are not evaluated; the root mapping serves "/".
    const mapped = await call("/", { "x-version": "beta-2" });
    assert.ok(mapped.answered && mapped.status === 200, JSON.stringify(mapped));
    assert.equal(lastReason(), "MOCK integration");

    await setMode("ROUTING_RULE_ONLY");
    const byHeader = await call("/", { "x-version": "beta-2" });
    assert.ok(byHeader.answered && byHeader.status === 200, JSON.stringify(byHeader));
    assert.match(lastReason(), new RegExp(`^routing rule ${beta.RoutingRuleId} \\(priority 10\\)`));
    // Header values are case-sensitive: "Beta" is not "beta*", so the path rule serves /users (stripped to "/").
    const byPath = await call("/users", { "x-version": "Beta" });
    assert.ok(byPath.answered && byPath.status === 200, JSON.stringify(byPath));
    assert.match(lastReason(), new RegExp(`^routing rule ${users.RoutingRuleId} \\(priority 20\\)`));
    // Both match: the lower priority number wins.
    await call("/users", { "x-version": "beta" });
    assert.match(lastReason(), new RegExp(`^routing rule ${beta.RoutingRuleId}`));
    // No rule matches: ROUTING_RULE_ONLY refuses, ROUTING_RULE_THEN_BASE_PATH_MAPPING falls back to the mapping.
    const none = await call("/orders");
    assert.ok(none.answered && none.status === 403, JSON.stringify(none));
    assert.match(lastReason(), /no routing rule/);
    await setMode("ROUTING_RULE_THEN_BASE_PATH_MAPPING");
    await call("/");
    assert.equal(lastReason(), "MOCK integration");
  });
});
