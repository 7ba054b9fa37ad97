/**
 * The invoke plane for private custom domain names, through the real SDK clients (EC2 and API
 * Gateway build the path: an endpoint, a PRIVATE API with a MOCK method, a private domain, its
 * base path mapping and access association) and plain node:http requests to the sandbox's port
 * with `Host: {domain}`: a healthy domain answers from the mapped stage; no association, an
 * association the owner rejected, a denying domain policy, no matching base path mapping and a
 * denying API resource policy each get AWS's refusal.
 */
import assert from "node:assert/strict";
import {
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  DeleteBasePathMappingCommand,
  DeleteDomainNameAccessAssociationCommand,
  GetDomainNameAccessAssociationsCommand,
  RejectDomainNameAccessAssociationCommand,
  UpdateDomainNameCommand,
  UpdateRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { domainExecuteApiArn, parseDomainNameArn } from "../../provider/domainNameArns";
import { invokeDomainName, type InvokeResult } from "../../support/invoke";
import { buildPrivatePath, endpointOnlyPolicy, shareDomainWithConsumer, type PrivatePath } from "../../support/privatePath";
import { FAST, TEST_ACCESS_KEY_ID, TEST_REGION, useSandbox, v1Client } from "../../support/sandbox";

const OWNER = "111111111111";
const CONSUMER = "222222222222";
const CONSUMER_KEY = "AKIASANDBOXCONSUMER2";
const OTHER_VPCE = "vpce-0aaaaaaaaaaaaaaaa";

type Domain = NonNullable<PrivatePath["domain"]>;

const forbidden = (r: InvokeResult, reason: RegExp, log: () => unknown) => {
  assert.match(String(log()), reason);
  assert.ok(r.answered, JSON.stringify(r));
  assert.equal(r.status, 403, r.body);
  assert.equal(r.headers["x-amzn-errortype"], "ForbiddenException");
  assert.equal(r.body, '{"message":"Forbidden"}');
};

const explicitDeny = (r: InvokeResult, resource: string) => {
  assert.ok(r.answered, JSON.stringify(r));
  assert.equal(r.status, 403, r.body);
  assert.equal(r.headers["x-amzn-errortype"], "AccessDeniedException");
  assert.deepEqual(JSON.parse(r.body), {
    Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${resource} with an explicit deny`,
  });
};

describe("sandbox invoke plane: private custom domain names through a VPC endpoint", () => {
  const ctx = useSandbox({ ...FAST, accounts: { [TEST_ACCESS_KEY_ID]: OWNER, [CONSUMER_KEY]: CONSUMER } });
  const apigw = () => v1Client();
  let path: PrivatePath;
  let domain: Domain;
  const lastReason = () => ctx.sandbox.control.requestLog({ operation: "Invoke" }).at(-1)?.params.reason;
  const call = (extra: { path?: string; vpcEndpointId?: string } = {}) =>
    invokeDomainName({ endpoint: ctx.sandbox.endpoint, domainName: domain.domainName, vpcEndpointId: path.vpcEndpointId, ...extra });

  beforeEach(async () => {
    path = await buildPrivatePath({ domain: true });
    domain = path.domain as Domain;
  });

  it("serves the mapped stage's MOCK method at the domain's root (200), and logs the invocation", async () => {
    const r = await call();
    assert.ok(r.answered && r.status === 200, JSON.stringify(r));
    assert.equal(r.body, '{"ok": true}');
    const logged = ctx.sandbox.control.requestLog({ operation: "Invoke" }).at(-1);
    assert.equal(logged?.params.domainName, domain.domainName);
    assert.equal(logged?.params.reason, "MOCK integration");
  });

  it("routes the longest base path first and hands the API the rest of the path", async () => {
    await apigw().send(
      new CreateBasePathMappingCommand({
        domainName: domain.domainName,
        domainNameId: domain.domainNameId,
        basePath: "v1",
        restApiId: path.restApiId,
        stage: path.stageName,
      }),
    );
    const root = await call({ path: "/v1" });
    assert.ok(root.answered && root.status === 200, JSON.stringify(root));
    // Under v1, /orders is the API's /orders, which has no method: the API answers, not the domain.
    const deeper = await call({ path: "/v1/orders" });
    assert.ok(deeper.answered && deeper.status === 403, JSON.stringify(deeper));
    assert.equal(deeper.headers["x-amzn-errortype"], "MissingAuthenticationTokenException");
  });

  it("refuses an endpoint without an access association: 403 Forbidden", async () => {
    const [association] =
      (await apigw().send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: "SELF" }))).items?.filter(
        (a) => a.domainNameArn === domain.domainNameArn,
      ) ?? [];
    await apigw().send(
      new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: association.domainNameAccessAssociationArn }),
    );
    forbidden(await call(), /no access association/, lastReason);
  });

  it("refuses a consumer's endpoint once the owner rejects its association: 200 before, 403 Forbidden after", async () => {
    const { consumerVpce, associationArn } = await shareDomainWithConsumer(path, { account: CONSUMER, accessKeyId: CONSUMER_KEY });
    const before = await call({ vpcEndpointId: consumerVpce });
    assert.ok(before.answered && before.status === 200, JSON.stringify(before));
    await apigw().send(
      new RejectDomainNameAccessAssociationCommand({
        domainNameAccessAssociationArn: associationArn,
        domainNameArn: domain.domainNameArn,
      }),
    );
    forbidden(await call({ vpcEndpointId: consumerVpce }), /no access association/, lastReason);
    const owners = await call();
    assert.ok(owners.answered && owners.status === 200, "the owner's own association still serves");
  });

  it("refuses when the domain's policy denies the endpoint: 403 AccessDeniedException on the domain's execute-api ARN", async () => {
    await apigw().send(
      new UpdateDomainNameCommand({
        domainName: domain.domainName,
        domainNameId: domain.domainNameId,
        patchOperations: [{ op: "replace", path: "/policy", value: endpointOnlyPolicy([OTHER_VPCE]) }],
      }),
    );
    const parts = parseDomainNameArn(domain.domainNameArn);
    assert.ok(parts);
    explicitDeny(await call(), domainExecuteApiArn(parts));
  });

  it("refuses a path no base path mapping serves: 403 Forbidden", async () => {
    await apigw().send(
      new DeleteBasePathMappingCommand({ domainName: domain.domainName, domainNameId: domain.domainNameId, basePath: "(none)" }),
    );
    forbidden(await call(), /no base path mapping/, lastReason);
    await apigw().send(
      new CreateBasePathMappingCommand({
        domainName: domain.domainName,
        domainNameId: domain.domainNameId,
        basePath: "v1",
        restApiId: path.restApiId,
        stage: path.stageName,
      }),
    );
    forbidden(await call({ path: "/v2" }), /no base path mapping/, lastReason);
  });

  it("refuses when the mapped API's deployed resource policy denies the endpoint: 403 AccessDeniedException on the method ARN", async () => {
    await apigw().send(
      new UpdateRestApiCommand({
        restApiId: path.restApiId,
        patchOperations: [{ op: "replace", path: "/policy", value: endpointOnlyPolicy([OTHER_VPCE]) }],
      }),
    );
    await apigw().send(new CreateDeploymentCommand({ restApiId: path.restApiId, stageName: path.stageName }));
    explicitDeny(await call(), `arn:aws:execute-api:${TEST_REGION}:${OWNER}:${path.restApiId}/${path.stageName}/GET/`);
  });
});
