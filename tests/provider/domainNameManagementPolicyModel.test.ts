/**
 * DomainNameManagementPolicy's pure model, with no AWS and no sandbox: check(), diff() and the
 * policy planner (our statement set or removed, other statements kept, no call when nothing changes).
 */
import * as assert from "node:assert/strict";
import { checkManagementPolicyInputs, planManagementPolicy } from "../../provider/domainNameManagementPolicy/index";
import { UNKNOWN } from "../../provider/validation";
const FOREIGN = {
  Sid: "SomeoneElses",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::999999999999:root" },
  Action: "apigateway:CreateAccessAssociation",
  Resource: "*",
};

describe("DomainNameManagementPolicy pure logic", () => {
  const arn = "arn:aws:apigateway:us-east-1:123456789012:/domainnames/api.example.com+abcd1234";

  it("plans nothing when our statement already says it, whatever the account order", () => {
    const once = planManagementPolicy(undefined, arn, ["2".repeat(12), "1".repeat(12)]);
    assert.ok(once);
    assert.equal(planManagementPolicy(once, arn, ["1".repeat(12), "2".repeat(12)]), undefined);
    assert.equal(planManagementPolicy(undefined, arn, []), undefined);
  });

  it("removes only our statement when no account is left", () => {
    const current = JSON.stringify({
      Version: "2012-10-17",
      Statement: [FOREIGN, JSON.parse(planManagementPolicy(undefined, arn, ["1".repeat(12)]) as string).Statement[0]],
    });
    assert.deepEqual(JSON.parse(planManagementPolicy(current, arn, []) as string).Statement, [FOREIGN]);
  });

  it("check refuses bad accounts, the owner itself and a bad ARN", () => {
    const reasons = (news: Record<string, unknown>) => (checkManagementPolicyInputs(news, {}).failures ?? []).map((f) => f.reason);
    assert.match(
      reasons({ domainNameArn: arn, accountIds: ["12345"] }).join(),
      /accountIds\[0\]: "12345" is not a 12-digit AWS account id/,
    );
    assert.match(reasons({ domainNameArn: arn, accountIds: ["123456789012"] }).join(), /accountIds\[0\]: 123456789012 owns the domain/);
    assert.match(
      reasons({ domainNameArn: "arn:aws:apigateway:us-east-1::/domainnames/x.example.com", accountIds: ["111111111111"] }).join(),
      /^domainNameArn: /,
    );
    assert.match(reasons({ domainNameArn: arn, accountIds: [] }).join(), /accountIds: must be a non-empty list/);
    assert.deepEqual(reasons({ domainNameArn: UNKNOWN, accountIds: ["111111111111", UNKNOWN] }), [], "values unknown at preview pass");
  });
});
