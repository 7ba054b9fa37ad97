/**
 * DomainNameAccessAssociations against the sandbox, through the real SDK: exact calls per change,
 * adoption, a consumer account working from the domain's ARN alone, rejection of undeclared
 * foreign associations, a lost create response, the account quota, and the serialized provider.
 */
import {
  APIGatewayClient,
  CreateDomainNameAccessAssociationCommand,
  CreateDomainNameCommand,
  UpdateDomainNameCommand,
} from "@aws-sdk/client-api-gateway";
import * as assert from "node:assert/strict";
import {
  domainNameAccessAssociationsProvider as provider,
  type DomainNameAccessAssociationsInputs,
  type DomainNameAccessAssociationsOutputs,
} from "../../provider/domainNameAccessAssociations/index";
import { FAST, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, useSandbox, vpceIds } from "../../support/sandbox";
import { callInFreshProcess, serializeProvider } from "../../support/serialization";

const OWNER = "111111111111";
const CONSUMER = "222222222222";
const CONSUMER_KEY = "AKIASANDBOXCONSUMER1";
const CERT = "arn:aws:acm:us-east-1:111111111111:certificate/0123abcd-0000-4000-8000-000000000000";

const ownerClient = () =>
  new APIGatewayClient({ region: "us-east-1", credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY } });
const consumerClient = () =>
  new APIGatewayClient({ region: "us-east-1", credentials: { accessKeyId: CONSUMER_KEY, secretAccessKey: "consumer-secret" } });

let domains = 0;
/** A private domain of the owner, shared with the consumer account through its managementPolicy. */
async function sharedDomain(): Promise<string> {
  const name = `d${++domains}.internal.example.com`;
  const d = await ownerClient().send(
    new CreateDomainNameCommand({ domainName: name, certificateArn: CERT, endpointConfiguration: { types: ["PRIVATE"] } }),
  );
  const management = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: [CONSUMER] }, Action: "apigateway:CreateAccessAssociation", Resource: d.domainNameArn },
    ],
  });
  await ownerClient().send(
    new UpdateDomainNameCommand({
      domainName: name,
      domainNameId: d.domainNameId,
      patchOperations: [{ op: "replace", path: "/managementPolicy", value: management }],
    }),
  );
  return d.domainNameArn as string;
}

const inputsFor = (
  domainNameArn: string,
  vpcEndpointIds: string[],
  extra: Partial<DomainNameAccessAssociationsInputs> = {},
): DomainNameAccessAssociationsInputs => ({
  domainNameArn,
  vpcEndpointIds: [...vpcEndpointIds].sort(),
  region: "us-east-1",
  rejectOtherAccounts: false,
  otherAccountVpcEndpointIds: [],
  ...extra,
});

async function create(inputs: DomainNameAccessAssociationsInputs): Promise<DomainNameAccessAssociationsOutputs> {
  const { outs } = await provider.create(inputs);
  assert.ok(outs, "create returns outputs");
  return outs;
}

describe("DomainNameAccessAssociations against the sandbox", () => {
  const ctx = useSandbox({ ...FAST, accounts: { [TEST_ACCESS_KEY_ID]: OWNER, [CONSUMER_KEY]: CONSUMER } });
  const calls = () => ctx.sandbox.control.requestLog().map((e) => e.operation);
  const associations = (arn: string, account?: string) =>
    ctx.sandbox.control
      .state()
      .accessAssociations.filter((a) => a.domainNameArn === arn && (!account || a.accountId === account))
      .map((a) => a.accessAssociationSource)
      .sort();
  const asConsumer = async <T>(fn: () => Promise<T>): Promise<T> => {
    process.env.AWS_ACCESS_KEY_ID = CONSUMER_KEY;
    try {
      return await fn();
    } finally {
      process.env.AWS_ACCESS_KEY_ID = TEST_ACCESS_KEY_ID;
    }
  };
  beforeEach(() => {
    ctx.sandbox.control.clearFaults();
    ctx.sandbox.control.resetQuotas();
    ctx.sandbox.control.clearRequestLog();
  });

  it("create makes one association per endpoint after one list call", async () => {
    const arn = await sharedDomain();
    const ids = vpceIds(3);
    ctx.sandbox.control.clearRequestLog();
    const outs = await create(inputsFor(arn, ids));
    assert.deepEqual(calls(), ["GetDomainNameAccessAssociations", ...ids.map(() => "CreateDomainNameAccessAssociation")]);
    assert.deepEqual(Object.keys(outs.associationArns), ids);
    assert.match(outs.associationArns[ids[0]], new RegExp(`:${OWNER}:/domainnameaccessassociations/domainname/.+/vpcesource/${ids[0]}$`));
    assert.deepEqual(outs.adoptedVpcEndpointIds, []);
    assert.deepEqual(associations(arn), ids);
  });

  it("a change of k endpoints out of n makes k calls plus one list", async () => {
    const arn = await sharedDomain();
    const ids = vpceIds(10);
    const outs = await create(inputsFor(arn, ids));
    const added = vpceIds(3);
    const desired = [...ids.slice(2), ...added];
    ctx.sandbox.control.clearRequestLog();
    const { outs: next } = await provider.update!(arn, outs, inputsFor(arn, desired));
    const log = calls();
    assert.equal(log[0], "GetDomainNameAccessAssociations");
    assert.equal(log.length, 1 + 5);
    assert.equal(log.filter((c) => c === "CreateDomainNameAccessAssociation").length, 3);
    assert.equal(log.filter((c) => c === "DeleteDomainNameAccessAssociation").length, 2);
    assert.deepEqual(next?.vpcEndpointIds, [...desired].sort());
    assert.deepEqual(associations(arn), [...desired].sort());
    ctx.sandbox.control.clearRequestLog();
    await provider.update!(arn, next as DomainNameAccessAssociationsOutputs, inputsFor(arn, desired));
    assert.deepEqual(calls(), ["GetDomainNameAccessAssociations"], "no change, no mutation");
  });

  it("adopts associations that existed before and leaves them on delete", async () => {
    const arn = await sharedDomain();
    const [old, fresh] = vpceIds(2);
    await ownerClient().send(
      new CreateDomainNameAccessAssociationCommand({
        domainNameArn: arn,
        accessAssociationSourceType: "VPCE",
        accessAssociationSource: old,
      }),
    );
    const outs = await create(inputsFor(arn, [old, fresh]));
    assert.deepEqual(outs.adoptedVpcEndpointIds, [old]);
    ctx.sandbox.control.clearRequestLog();
    await provider.delete!(arn, outs);
    assert.deepEqual(calls(), ["GetDomainNameAccessAssociations", "DeleteDomainNameAccessAssociation"]);
    assert.deepEqual(associations(arn), [old]);
  });

  it("tolerates associations deleted out of band: read drops them, delete succeeds", async () => {
    const arn = await sharedDomain();
    const ids = vpceIds(2);
    const outs = await create(inputsFor(arn, ids));
    const { DeleteDomainNameAccessAssociationCommand } = await import("@aws-sdk/client-api-gateway");
    await ownerClient().send(
      new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: outs.associationArns[ids[0]] }),
    );
    const read = await provider.read!(arn, outs);
    assert.deepEqual(read.props?.vpcEndpointIds, [ids[1]]);
    await provider.delete!(arn, outs);
    assert.deepEqual(associations(arn), []);
  });

  it("read without state imports every association of this account with the domain", async () => {
    const arn = await sharedDomain();
    const ids = vpceIds(2);
    for (const v of ids)
      await ownerClient().send(
        new CreateDomainNameAccessAssociationCommand({
          domainNameArn: arn,
          accessAssociationSourceType: "VPCE",
          accessAssociationSource: v,
        }),
      );
    const read = await provider.read!(arn, undefined as unknown as DomainNameAccessAssociationsOutputs);
    assert.equal(read.id, arn);
    assert.deepEqual(read.props?.vpcEndpointIds, ids);
    assert.deepEqual(read.props?.adoptedVpcEndpointIds, [], "imported associations are owned: delete removes them");
    await provider.delete!(arn, read.props as DomainNameAccessAssociationsOutputs);
    assert.deepEqual(associations(arn), []);
  });

  it("a consumer in another account associates from the domain's ARN alone", async () => {
    const arn = await sharedDomain();
    const ids = vpceIds(2);
    ctx.sandbox.control.clearRequestLog();
    const outs = await asConsumer(() => create(inputsFor(arn, ids)));
    assert.ok(
      calls().every((c) => !c.includes("DomainName") || c.includes("AccessAssociation")),
      "no call reads the owner's domain",
    );
    assert.ok(ctx.sandbox.control.requestLog().every((e) => e.accountId === CONSUMER));
    assert.deepEqual(associations(arn, CONSUMER), ids);
    assert.match(outs.associationArns[ids[0]], new RegExp(`:${CONSUMER}:/domainnameaccessassociations/`));
    await asConsumer(() => provider.delete!(arn, outs));
    assert.deepEqual(associations(arn), []);
  });

  it("a consumer the domain is not shared with gets a clear error and leaves nothing", async () => {
    const name = `d${++domains}.private.example.com`;
    const d = await ownerClient().send(
      new CreateDomainNameCommand({ domainName: name, certificateArn: CERT, endpointConfiguration: { types: ["PRIVATE"] } }),
    );
    const arn = d.domainNameArn as string;
    const error = await asConsumer(() => provider.create(inputsFor(arn, vpceIds(2)))).then(
      () => undefined,
      (e: Error & { properties?: DomainNameAccessAssociationsOutputs }) => e,
    );
    assert.ok(error);
    assert.match(
      error.message,
      new RegExp(
        `^creating domain name access associations \\(${arn.replace(/[+.]/g, "\\$&")}\\): AccessDeniedException: .*CreateAccessAssociation`,
      ),
    );
    assert.deepEqual(error.properties?.associationArns, {});
    assert.deepEqual(associations(arn), []);
  });

  it("rejectOtherAccounts rejects only the foreign associations nobody declared", async () => {
    const arn = await sharedDomain();
    const [own, kept, declaredForeign, stray] = vpceIds(4);
    for (const v of [kept, declaredForeign, stray]) {
      await consumerClient().send(
        new CreateDomainNameAccessAssociationCommand({
          domainNameArn: arn,
          accessAssociationSourceType: "VPCE",
          accessAssociationSource: v,
        }),
      );
    }
    ctx.sandbox.control.clearRequestLog();
    const outs = await create(
      inputsFor(arn, [own], { rejectOtherAccounts: true, otherAccountVpcEndpointIds: [kept, declaredForeign].sort() }),
    );
    assert.deepEqual(calls(), [
      "GetDomainNameAccessAssociations",
      "CreateDomainNameAccessAssociation",
      "GetDomainNameAccessAssociations",
      "RejectDomainNameAccessAssociation",
    ]);
    assert.equal(outs.rejectedAssociationArns.length, 1);
    assert.match(outs.rejectedAssociationArns[0], new RegExp(`/vpcesource/${stray}$`));
    assert.deepEqual(associations(arn, CONSUMER), [kept, declaredForeign].sort());
    assert.deepEqual(associations(arn, OWNER), [own]);
  });

  it("a create whose response was lost is found, not repeated and not adopted", async () => {
    const arn = await sharedDomain();
    const [lost] = vpceIds(1);
    // The provider's create draws a reset after 300 ms; meanwhile the same association is made,
    // as if the provider's own request had landed and only its answer was lost.
    ctx.sandbox.control.injectFaults("CreateDomainNameAccessAssociation", { sequence: ["reset"], latencyMs: 300 });
    const pending = create(inputsFor(arn, [lost]));
    while (!calls().includes("CreateDomainNameAccessAssociation")) await new Promise((r) => setTimeout(r, 10));
    await ownerClient().send(
      new CreateDomainNameAccessAssociationCommand({
        domainNameArn: arn,
        accessAssociationSourceType: "VPCE",
        accessAssociationSource: lost,
      }),
    );
    const outs = await pending;
    assert.deepEqual(outs.vpcEndpointIds, [lost]);
    assert.deepEqual(outs.adoptedVpcEndpointIds, [], "the association is ours: delete removes it");
    await provider.delete!(arn, outs);
    assert.deepEqual(associations(arn), []);
  });

  it("retries 429 and 409 answers and ends with exactly the declared associations", async () => {
    const arn = await sharedDomain();
    const ids = vpceIds(3);
    ctx.sandbox.control.injectFaults("CreateDomainNameAccessAssociation", { sequence: ["429", "409", "429"] });
    const outs = await create(inputsFor(arn, ids));
    assert.deepEqual(outs.vpcEndpointIds, ids);
    assert.deepEqual(associations(arn), ids);
  });

  it("reaching the account quota names it, and records what was made so nothing leaks", async () => {
    const arn = await sharedDomain();
    const existing = ctx.sandbox.control.state().accessAssociations.filter((a) => a.accountId === OWNER).length;
    const ids = vpceIds(100 - existing + 2);
    const error = await provider.create(inputsFor(arn, ids)).then(
      () => undefined,
      (e: Error & { id?: string; properties?: DomainNameAccessAssociationsOutputs }) => e,
    );
    assert.ok(error);
    assert.match(
      error.message,
      /Quota exceeded.*quota of domain name access associations, 100 per account and region by default, is adjustable/,
    );
    assert.equal(error.id, arn);
    const recorded = error.properties as DomainNameAccessAssociationsOutputs;
    assert.equal(recorded.vpcEndpointIds.length, 100 - existing);
    assert.deepEqual(recorded.vpcEndpointIds, associations(arn));
    await provider.delete!(arn, recorded);
    assert.deepEqual(associations(arn), []);
  });

  it("the serialized provider runs in a fresh process and holds no credentials", async () => {
    const text = await serializeProvider(provider);
    assert.ok(!text.includes(TEST_ACCESS_KEY_ID) && !text.includes(TEST_SECRET_ACCESS_KEY));
    const arn = await sharedDomain();
    const ids = vpceIds(2);
    const env = { ...ctx.sandbox.env, AWS_ACCESS_KEY_ID: CONSUMER_KEY, AWS_SECRET_ACCESS_KEY: "consumer-secret", PATH: process.env.PATH };
    const created = (await callInFreshProcess(text, "create", [inputsFor(arn, ids)], env)) as {
      id: string;
      outs: DomainNameAccessAssociationsOutputs;
    };
    assert.deepEqual(associations(arn, CONSUMER), ids);
    await callInFreshProcess(text, "delete", [created.id, created.outs], env);
    assert.deepEqual(associations(arn), []);
  });
});
