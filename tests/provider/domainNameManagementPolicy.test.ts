/**
 * DomainNameManagementPolicy against the sandbox: sharing a private domain with other accounts
 * costs one GetDomainName and at most one UpdateDomainName with one operation; other statements
 * survive; delete takes only our statement away; the pure planner's cases.
 */
import { CreateDomainNameCommand, GetDomainNameCommand, UpdateDomainNameCommand } from "@aws-sdk/client-api-gateway";
import * as assert from "node:assert/strict";
import {
  domainNameManagementPolicyProvider as provider,
  SHARE_STATEMENT_SID,
  sharedAccountsOf,
  type DomainNameManagementPolicyOutputs,
} from "../../provider/domainNameManagementPolicy/index";
import { FAST, useSandbox, v1Client } from "../../support/sandbox";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0000-4000-8000-000000000000";
const FOREIGN = {
  Sid: "SomeoneElses",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::999999999999:root" },
  Action: "apigateway:CreateAccessAssociation",
  Resource: "*",
};

describe("DomainNameManagementPolicy against the sandbox", () => {
  const ctx = useSandbox(FAST);
  let n = 0;
  const domain = async () => {
    ctx.sandbox.control.resetQuotas();
    const name = `share${++n}.example.com`;
    const d = await v1Client().send(
      new CreateDomainNameCommand({ domainName: name, certificateArn: CERT, endpointConfiguration: { types: ["PRIVATE"] } }),
    );
    return { name, id: d.domainNameId as string, arn: d.domainNameArn as string };
  };
  const policyOf = async (d: { name: string; id: string }) =>
    (await v1Client().send(new GetDomainNameCommand({ domainName: d.name, domainNameId: d.id }))).managementPolicy;
  const updates = () =>
    ctx.sandbox.control.requestLog({ operation: "UpdateDomainName" }).map((e) => (e.params.patchOperations as unknown[]).length);
  beforeEach(() => ctx.sandbox.control.clearRequestLog());

  it("shares with one UpdateDomainName carrying one operation, and none when nothing changes", async () => {
    const d = await domain();
    ctx.sandbox.control.clearRequestLog();
    const { outs } = await provider.create({ domainNameArn: d.arn, region: "us-east-1", accountIds: ["222222222222", "111111111111"] });
    assert.deepEqual(
      ctx.sandbox.control.requestLog().map((e) => e.operation),
      ["GetDomainName", "UpdateDomainName"],
    );
    assert.deepEqual(updates(), [1]);
    assert.deepEqual(sharedAccountsOf(await policyOf(d)), ["111111111111", "222222222222"]);
    ctx.sandbox.control.clearRequestLog();
    await provider.update!(d.arn, outs as DomainNameManagementPolicyOutputs, {
      domainNameArn: d.arn,
      region: "us-east-1",
      accountIds: ["111111111111", "222222222222"],
    });
    assert.deepEqual(
      ctx.sandbox.control.requestLog().map((e) => e.operation),
      ["GetDomainName"],
    );
  });

  it("keeps other statements through update and delete", async () => {
    const d = await domain();
    const start = JSON.stringify({ Version: "2012-10-17", Statement: [FOREIGN] });
    await v1Client().send(
      new UpdateDomainNameCommand({
        domainName: d.name,
        domainNameId: d.id,
        patchOperations: [{ op: "replace", path: "/managementPolicy", value: start }],
      }),
    );
    const { outs } = await provider.create({ domainNameArn: d.arn, region: "us-east-1", accountIds: ["111111111111"] });
    const { outs: next } = await provider.update!(d.arn, outs as DomainNameManagementPolicyOutputs, {
      domainNameArn: d.arn,
      region: "us-east-1",
      accountIds: ["333333333333"],
    });
    const statements = (JSON.parse((await policyOf(d)) ?? "{}") as { Statement: { Sid: string }[] }).Statement;
    assert.deepEqual(
      statements.map((s) => s.Sid),
      ["SomeoneElses", SHARE_STATEMENT_SID],
    );
    assert.deepEqual(sharedAccountsOf(await policyOf(d)), ["333333333333"]);
    await provider.delete!(d.arn, next as DomainNameManagementPolicyOutputs);
    assert.deepEqual(JSON.parse((await policyOf(d)) ?? "{}"), { Version: "2012-10-17", Statement: [FOREIGN] });
  });

  it("reads the shared accounts back, and deleting from a vanished domain succeeds", async () => {
    const d = await domain();
    const { outs } = await provider.create({ domainNameArn: d.arn, region: "us-east-1", accountIds: ["111111111111"] });
    const read = await provider.read!(d.arn, outs as DomainNameManagementPolicyOutputs);
    assert.deepEqual(read.props?.accountIds, ["111111111111"]);
    const { DeleteDomainNameCommand } = await import("@aws-sdk/client-api-gateway");
    await v1Client().send(new DeleteDomainNameCommand({ domainName: d.name, domainNameId: d.id }));
    assert.deepEqual(await provider.read!(d.arn, outs as DomainNameManagementPolicyOutputs), {});
    await provider.delete!(d.arn, outs as DomainNameManagementPolicyOutputs);
  });

  it("fails clearly for a domain this account cannot see", async () => {
    const arn = "arn:aws:apigateway:us-east-1:123456789012:/domainnames/missing.example.com+abcd1234";
    await assert.rejects(
      provider.create({ domainNameArn: arn, region: "us-east-1", accountIds: ["111111111111"] }),
      /^Error: creating domain name management policy \(arn:.*\): the domain does not exist in us-east-1, or this account does not own it$/,
    );
  });
});
