/**
 * Private custom domain names in the sandbox, through the real @aws-sdk/client-api-gateway:
 * CreateDomainName (PRIVATE), Get/Update/DeleteDomainName with and without domainNameId, base
 * path mappings, and domain name access associations across two accounts, with their errors.
 */
import assert from "node:assert/strict";
import {
  APIGatewayClient,
  APIGatewayServiceException,
  BadRequestException,
  ConflictException,
  CreateBasePathMappingCommand,
  CreateDomainNameAccessAssociationCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  DeleteBasePathMappingCommand,
  DeleteDomainNameAccessAssociationCommand,
  DeleteDomainNameCommand,
  GetBasePathMappingCommand,
  GetBasePathMappingsCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  NotFoundException,
  RejectDomainNameAccessAssociationCommand,
  UpdateDomainNameCommand,
} from "@aws-sdk/client-api-gateway";
import { createRestApi, FAST, makeDeployable, rejectsWith, TEST_ACCESS_KEY_ID, useSandbox, vpceIds } from "../../support/sandbox";

const OWNER = "111111111111";
const CONSUMER = "222222222222";
const CONSUMER_KEY = "AKIASANDBOXCONSUMER1";
const CERT = "arn:aws:acm:us-east-1:111111111111:certificate/0123abcd-0000-4000-8000-000000000000";

const owner = () => new APIGatewayClient({ region: "us-east-1" });
const consumer = () =>
  new APIGatewayClient({ region: "us-east-1", credentials: { accessKeyId: CONSUMER_KEY, secretAccessKey: "consumer-secret" } });

async function createPrivateDomain(name: string, extra: Record<string, unknown> = {}) {
  return owner().send(
    new CreateDomainNameCommand({ domainName: name, certificateArn: CERT, endpointConfiguration: { types: ["PRIVATE"] }, ...extra }),
  );
}

describe("sandbox private custom domain names", () => {
  const ctx = useSandbox({ ...FAST, maxAccessAssociations: 3, accounts: { [TEST_ACCESS_KEY_ID]: OWNER, [CONSUMER_KEY]: CONSUMER } });
  beforeEach(() => ctx.sandbox.control.resetQuotas());

  it("creates a PRIVATE domain with domainNameId, domainNameArn and a deny-all policy", async () => {
    const d = await createPrivateDomain("api.internal.example.com");
    assert.match(d.domainNameId ?? "", /^[a-z0-9]{10}$/);
    assert.equal(d.domainNameArn, `arn:aws:apigateway:us-east-1:${OWNER}:/domainnames/api.internal.example.com+${d.domainNameId}`);
    assert.deepEqual(d.endpointConfiguration?.types, ["PRIVATE"]);
    const policy = JSON.parse(d.policy ?? "{}") as { Statement: { Effect: string; Action: string }[] };
    assert.deepEqual(
      policy.Statement.map((s) => [s.Effect, s.Action]),
      [["Deny", "execute-api:Invoke"]],
    );
    assert.equal(d.domainNameStatus, "AVAILABLE");
  });

  it("refuses a PRIVATE domain without a certificate, and a second domain of one name", async () => {
    await rejectsWith(
      owner().send(new CreateDomainNameCommand({ domainName: "nocert.example.com", endpointConfiguration: { types: ["PRIVATE"] } })),
      BadRequestException,
      400,
    );
    await createPrivateDomain("twice.example.com");
    ctx.sandbox.control.resetQuotas();
    await rejectsWith(createPrivateDomain("twice.example.com"), ConflictException, 409);
  });

  it("needs domainNameId to get, update and delete a private domain", async () => {
    const d = await createPrivateDomain("needs-id.example.com");
    const e = await rejectsWith(owner().send(new GetDomainNameCommand({ domainName: "needs-id.example.com" })), NotFoundException, 404);
    assert.equal(e.message, "Invalid domain name identifier specified");
    await rejectsWith(
      owner().send(new GetDomainNameCommand({ domainName: "needs-id.example.com", domainNameId: "wrong00000" })),
      NotFoundException,
      404,
    );
    await rejectsWith(owner().send(new DeleteDomainNameCommand({ domainName: "needs-id.example.com" })), NotFoundException, 404);
    const got = await owner().send(new GetDomainNameCommand({ domainName: "needs-id.example.com", domainNameId: d.domainNameId }));
    assert.equal(got.domainNameArn, d.domainNameArn);
    const listed = await owner().send(new GetDomainNamesCommand({}));
    assert.ok(listed.items?.some((i) => i.domainNameId === d.domainNameId));
    await owner().send(new DeleteDomainNameCommand({ domainName: "needs-id.example.com", domainNameId: d.domainNameId }));
    await rejectsWith(
      owner().send(new GetDomainNameCommand({ domainName: "needs-id.example.com", domainNameId: d.domainNameId })),
      NotFoundException,
      404,
    );
  });

  it("patches policy and managementPolicy, and refuses other paths and non-JSON", async () => {
    const d = await createPrivateDomain("patch.example.com");
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: ["execute-api:/*"] }],
    });
    const management = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: [CONSUMER] }, Action: "apigateway:CreateAccessAssociation", Resource: d.domainNameArn },
      ],
    });
    const updated = await owner().send(
      new UpdateDomainNameCommand({
        domainName: "patch.example.com",
        domainNameId: d.domainNameId,
        patchOperations: [
          { op: "replace", path: "/policy", value: policy },
          { op: "replace", path: "/managementPolicy", value: management },
        ],
      }),
    );
    assert.equal(updated.policy, policy);
    assert.equal(updated.managementPolicy, management);
    await rejectsWith(
      owner().send(
        new UpdateDomainNameCommand({
          domainName: "patch.example.com",
          domainNameId: d.domainNameId,
          patchOperations: [{ op: "replace", path: "/certificateName", value: "x" }],
        }),
      ),
      BadRequestException,
      400,
    );
    await rejectsWith(
      owner().send(
        new UpdateDomainNameCommand({
          domainName: "patch.example.com",
          domainNameId: d.domainNameId,
          patchOperations: [{ op: "replace", path: "/policy", value: "not json" }],
        }),
      ),
      BadRequestException,
      400,
    );
    await rejectsWith(
      owner().send(new UpdateDomainNameCommand({ domainName: "patch.example.com", patchOperations: [] })),
      NotFoundException,
      404,
    );
  });

  it("creates, reads and deletes base path mappings with domainNameId", async () => {
    const d = await createPrivateDomain("mapped.example.com");
    const restApiId = await createRestApi();
    await makeDeployable(restApiId);
    await owner().send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
    const ref = { domainName: "mapped.example.com", domainNameId: d.domainNameId };
    await rejectsWith(
      owner().send(new CreateBasePathMappingCommand({ domainName: "mapped.example.com", restApiId, basePath: "orders" })),
      NotFoundException,
      404,
    );
    const m = await owner().send(new CreateBasePathMappingCommand({ ...ref, restApiId, basePath: "orders", stage: "prod" }));
    assert.deepEqual({ ...m, $metadata: undefined }, { basePath: "orders", restApiId, stage: "prod", $metadata: undefined });
    await rejectsWith(owner().send(new CreateBasePathMappingCommand({ ...ref, restApiId, basePath: "orders" })), ConflictException, 409);
    await rejectsWith(
      owner().send(new CreateBasePathMappingCommand({ ...ref, restApiId: "nosuchapi0", basePath: "x" })),
      BadRequestException,
      400,
    );
    await owner().send(new CreateBasePathMappingCommand({ ...ref, restApiId }));
    const all = await owner().send(new GetBasePathMappingsCommand(ref));
    assert.deepEqual(all.items?.map((i) => i.basePath).sort(), ["(none)", "orders"]);
    assert.equal((await owner().send(new GetBasePathMappingCommand({ ...ref, basePath: "orders" }))).stage, "prod");
    await owner().send(new DeleteBasePathMappingCommand({ ...ref, basePath: "orders" }));
    await rejectsWith(owner().send(new GetBasePathMappingCommand({ ...ref, basePath: "orders" })), NotFoundException, 404);
    await rejectsWith(owner().send(new DeleteBasePathMappingCommand({ ...ref, basePath: "orders" })), NotFoundException, 404);
  });

  it("associates endpoints, lists them by owner, deletes and rejects them across accounts", async () => {
    const d = await createPrivateDomain("shared.example.com");
    const arn = d.domainNameArn as string;
    const [mine, theirs] = vpceIds(2);
    const own = await owner().send(
      new CreateDomainNameAccessAssociationCommand({
        domainNameArn: arn,
        accessAssociationSourceType: "VPCE",
        accessAssociationSource: mine,
      }),
    );
    assert.equal(
      own.domainNameAccessAssociationArn,
      `arn:aws:apigateway:us-east-1:${OWNER}:/domainnameaccessassociations/domainname/shared.example.com+${d.domainNameId}/vpcesource/${mine}`,
    );
    await rejectsWith(
      owner().send(
        new CreateDomainNameAccessAssociationCommand({
          domainNameArn: arn,
          accessAssociationSourceType: "VPCE",
          accessAssociationSource: mine,
        }),
      ),
      ConflictException,
      409,
    );

    // The consumer may associate only once the owner's managementPolicy names its account.
    const denied = await consumer()
      .send(
        new CreateDomainNameAccessAssociationCommand({
          domainNameArn: arn,
          accessAssociationSourceType: "VPCE",
          accessAssociationSource: theirs,
        }),
      )
      .catch((e: unknown) => e);
    assert.ok(
      denied instanceof APIGatewayServiceException && denied.name === "AccessDeniedException" && denied.$metadata.httpStatusCode === 403,
      String(denied),
    );
    const management = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${CONSUMER}:root` },
          Action: "apigateway:CreateAccessAssociation",
          Resource: arn,
        },
      ],
    });
    await owner().send(
      new UpdateDomainNameCommand({
        domainName: "shared.example.com",
        domainNameId: d.domainNameId,
        patchOperations: [{ op: "replace", path: "/managementPolicy", value: management }],
      }),
    );
    const shared = await consumer().send(new GetDomainNamesCommand({ resourceOwner: "OTHER_ACCOUNTS" }));
    assert.ok(shared.items?.some((i) => i.domainNameArn === arn));
    assert.deepEqual(
      await owner()
        .send(new GetDomainNamesCommand({ resourceOwner: "OTHER_ACCOUNTS" }))
        .then((r) => r.items),
      [],
    );
    const foreign = await consumer().send(
      new CreateDomainNameAccessAssociationCommand({
        domainNameArn: arn,
        accessAssociationSourceType: "VPCE",
        accessAssociationSource: theirs,
      }),
    );
    assert.match(
      foreign.domainNameAccessAssociationArn ?? "",
      new RegExp(`:${CONSUMER}:/domainnameaccessassociations/.*/vpcesource/${theirs}$`),
    );

    const sources = async (c: APIGatewayClient, resourceOwner?: "SELF" | "OTHER_ACCOUNTS") =>
      (await c.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner }))).items?.map((i) => i.accessAssociationSource);
    assert.deepEqual(await sources(owner()), [mine]);
    assert.deepEqual(await sources(owner(), "OTHER_ACCOUNTS"), [theirs]);
    assert.deepEqual(await sources(consumer(), "SELF"), [theirs]);

    // Only the owner rejects, only other accounts' associations; only the maker deletes.
    await rejectsWith(
      consumer().send(
        new RejectDomainNameAccessAssociationCommand({
          domainNameAccessAssociationArn: foreign.domainNameAccessAssociationArn,
          domainNameArn: arn,
        }),
      ),
      NotFoundException,
      404,
    );
    await rejectsWith(
      owner().send(
        new RejectDomainNameAccessAssociationCommand({
          domainNameAccessAssociationArn: own.domainNameAccessAssociationArn,
          domainNameArn: arn,
        }),
      ),
      BadRequestException,
      400,
    );
    await rejectsWith(
      owner().send(
        new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: foreign.domainNameAccessAssociationArn }),
      ),
      NotFoundException,
      404,
    );
    await owner().send(
      new RejectDomainNameAccessAssociationCommand({
        domainNameAccessAssociationArn: foreign.domainNameAccessAssociationArn,
        domainNameArn: arn,
      }),
    );
    assert.deepEqual(await sources(consumer()), []);
    await owner().send(
      new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: own.domainNameAccessAssociationArn }),
    );
    await rejectsWith(
      owner().send(new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: own.domainNameAccessAssociationArn })),
      NotFoundException,
      404,
    );
    assert.deepEqual(await sources(owner()), []);
  });

  it("refuses bad association input and answers the account quota with a clear error", async () => {
    const d = await createPrivateDomain("quota.example.com");
    const arn = d.domainNameArn as string;
    const create = (source: string, domainNameArn = arn, type = "VPCE") =>
      owner().send(
        new CreateDomainNameAccessAssociationCommand({
          domainNameArn,
          accessAssociationSourceType: type as "VPCE",
          accessAssociationSource: source,
        }),
      );
    const [a, b, c, extra] = vpceIds(4);
    await rejectsWith(create("vpce-xyz"), BadRequestException, 400);
    await rejectsWith(create(a, "arn:aws:apigateway:us-east-1:111111111111:/domainnames/quota.example.com"), BadRequestException, 400);
    await rejectsWith(create(a, arn, "VPC"), BadRequestException, 400);
    await rejectsWith(create(a, arn.replace(/\+.*$/, "+nosuchid00")), NotFoundException, 404);
    const existing = ctx.sandbox.control.state().accessAssociations.filter((x) => x.accountId === OWNER).length;
    for (const id of [a, b, c].slice(0, 3 - existing)) await create(id);
    const e = await rejectsWith(create(extra), BadRequestException, 400);
    assert.match(e.message, /at most 3 domain name access associations per account/);
  });

  it("takes the account from a header when there is no signature", async () => {
    const response = await fetch(`${ctx.sandbox.endpoint}/domainnameaccessassociations?resourceOwner=SELF`, {
      headers: { "x-apigw-sandbox-account-id": "333333333333" },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { item: [] });
    assert.equal(ctx.sandbox.control.requestLog({ operation: "GetDomainNameAccessAssociations" }).at(-1)?.accountId, "333333333333");
  });
});
