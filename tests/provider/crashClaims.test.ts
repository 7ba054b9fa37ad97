/**
 * A rerun of a create cut off by a crash claims what the killed run made, with no flag, through
 * the provider's operations against the sandbox (tests/e2e/crash.test.ts does it through the
 * engine). The killed run's leftovers are arranged with the plain SDK: for VpcEndpointAssociation
 * its journal on the REST API (and, after the patch, the ids); for DomainNameAccessAssociations
 * associations that carry its creation token. Without the token's mark, the same leftovers are
 * someone else's and stay adopted.
 */
import * as assert from "node:assert/strict";
import {
  APIGatewayClient,
  CreateDomainNameAccessAssociationCommand,
  CreateDomainNameCommand,
  GetRestApiCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { domainNameAccessAssociationsProvider as accessAssociations } from "../../provider/domainNameAccessAssociations";
import { journalTags, restApiArn } from "../../provider/ownershipJournal";
import {
  vpcEndpointAssociationProvider as association,
  type VpcEndpointAssociationInputs,
} from "../../provider/vpcEndpointAssociation/index";
import { CREATION_TOKEN_TAG } from "../../provider/vpcLink/model";
import { apiEndpointIds, createRestApi, TEST_REGION, useSandbox, v1Client, vpceIds } from "../../support/sandbox";

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/apigw:VpcEndpointAssociation::a";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0000-4000-8000-000000000000";

/** Inputs through check(), as the engine runs a create: no old inputs, the class's URN. */
async function associationInputs(restApiId: string, vpcEndpointIds: string[]): Promise<VpcEndpointAssociationInputs> {
  const result = await association.check!(
    {} as VpcEndpointAssociationInputs,
    {
      restApiId,
      vpcEndpointIds,
      region: TEST_REGION,
      creationUrn: URN,
    } as unknown as VpcEndpointAssociationInputs,
  );
  assert.deepEqual(result.failures ?? [], []);
  return result.inputs!;
}

const tagsOf = async (restApiId: string) => (await v1Client().send(new GetRestApiCommand({ restApiId }))).tags ?? {};

describe("Reruns after a crash claim what the killed create made", () => {
  const ctx = useSandbox();
  const log = (operation: string) => ctx.sandbox.control.requestLog({ operation });
  beforeEach(() => ctx.sandbox.control.clearRequestLog());

  describe("VpcEndpointAssociation: the journal on the REST API", () => {
    for (const patched of [false, true]) {
      it(`killed ${patched ? "after" : "before"} the patch: the rerun owns the ids, clears the journal, and delete removes them`, async () => {
        const [foreign, ...ids] = vpceIds(3);
        const restApiId = await createRestApi({ vpcEndpointIds: [foreign] });
        const inputs = await associationInputs(restApiId, ids);
        assert.ok(inputs.creationToken, "check() turned the URN into a creation token");
        // The killed run: its journal, and (after the patch) its ids.
        await v1Client().send(
          new TagResourceCommand({ resourceArn: restApiArn(TEST_REGION, restApiId), tags: journalTags(inputs.creationToken, ids) }),
        );
        if (patched)
          await v1Client().send(
            new UpdateRestApiCommand({
              restApiId,
              patchOperations: ids.map((value) => ({ op: "add", path: "/endpointConfiguration/vpcEndpointIds", value })),
            }),
          );
        ctx.sandbox.control.clearRequestLog();

        const outs = (await association.create(inputs)).outs!;
        assert.deepEqual(outs.adoptedVpcEndpointIds, [], "claimed, not adopted");
        assert.deepEqual(outs.vpcEndpointIds, ids);
        assert.deepEqual(await tagsOf(restApiId), {}, "journal cleared");
        assert.equal(log("UpdateRestApi").length, patched ? 0 : 1, "the ids already there are not added again");

        await association.delete!(restApiId, outs);
        assert.deepEqual(await apiEndpointIds(restApiId), [foreign], "delete removes the claimed ids, keeps the foreign one");
      });
    }

    it("a create writes its journal before the patch and clears it after: TagResource, UpdateRestApi, UntagResource", async () => {
      const restApiId = await createRestApi();
      const ids = vpceIds(2);
      const inputs = await associationInputs(restApiId, ids);
      ctx.sandbox.control.clearRequestLog();
      await association.create(inputs);
      assert.deepEqual(
        ctx.sandbox.control.requestLog().map((e) => e.operation),
        ["GetRestApi", "TagResource", "UpdateRestApi", "UntagResource"],
      );
      assert.deepEqual(log("TagResource")[0].params.tags, journalTags(inputs.creationToken!, ids));
      assert.deepEqual(await tagsOf(restApiId), {});
    });

    it("ids already on the API with no journal of this token stay adopted (someone else's)", async () => {
      const ids = vpceIds(2);
      const restApiId = await createRestApi({ vpcEndpointIds: ids });
      const other = await associationInputs(restApiId, ids);
      await v1Client().send(
        new TagResourceCommand({ resourceArn: restApiArn(TEST_REGION, restApiId), tags: journalTags(`${"f".repeat(32)}.0`, ids) }),
      );
      const outs = (await association.create(other)).outs!;
      assert.deepEqual(outs.adoptedVpcEndpointIds, ids);
      await association.delete!(restApiId, outs);
      assert.deepEqual(await apiEndpointIds(restApiId), ids);
    });

    it("with 50 tags on the API, the journal waits for a slot instead of failing", async () => {
      const restApiId = await createRestApi();
      const arn = restApiArn(TEST_REGION, restApiId);
      const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`team-${i}`, "x"]));
      await v1Client().send(new TagResourceCommand({ resourceArn: arn, tags: fifty }));
      const created = association.create(await associationInputs(restApiId, vpceIds(1)));
      while (!log("TagResource").some((e) => e.status === 400)) await new Promise((r) => setTimeout(r, 20));
      await v1Client().send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["team-0"] }));
      const outs = (await created).outs!;
      assert.equal(outs.vpcEndpointIds.length, 1);
      assert.equal(Object.keys(await tagsOf(restApiId)).length, 49, "the journal came and went");
    });
  });

  describe("DomainNameAccessAssociations: the creation token on each association", () => {
    let domains = 0;
    const domain = async () => {
      const d = await v1Client().send(
        new CreateDomainNameCommand({
          domainName: `c${++domains}.internal.example.com`,
          certificateArn: CERT,
          endpointConfiguration: { types: ["PRIVATE"] },
        }),
      );
      return d.domainNameArn as string;
    };
    const inputsFor = async (domainNameArn: string, vpcEndpointIds: string[]) => {
      const result = await accessAssociations.check!(
        {} as never,
        { domainNameArn, vpcEndpointIds, creationUrn: URN.replace("VpcEndpointAssociation", "DomainNameAccessAssociations") } as never,
      );
      assert.deepEqual(result.failures ?? [], []);
      return result.inputs!;
    };
    const made = (domainNameArn: string, vpce: string, tags?: Record<string, string>) =>
      new APIGatewayClient({ region: TEST_REGION }).send(
        new CreateDomainNameAccessAssociationCommand({
          domainNameArn,
          accessAssociationSourceType: "VPCE",
          accessAssociationSource: vpce,
          tags,
        }),
      );

    it("the rerun claims the associations carrying its token; delete removes them, and leaves one without it", async () => {
      const arn = await domain();
      const [mine, someoneElses, fresh] = vpceIds(3);
      const inputs = await inputsFor(arn, [mine, someoneElses, fresh]);
      assert.ok(inputs.creationToken);
      await made(arn, mine, { [CREATION_TOKEN_TAG]: inputs.creationToken }); // the killed run's
      await made(arn, someoneElses);
      const outs = (await accessAssociations.create(inputs)).outs!;
      assert.deepEqual(outs.adoptedVpcEndpointIds, [someoneElses]);
      assert.deepEqual(Object.keys(outs.associationArns).sort(), [mine, someoneElses, fresh].sort());
      const freshOne = ctx.sandbox.control.state().accessAssociations.find((a) => a.accessAssociationSource === fresh);
      assert.equal(freshOne?.tags[CREATION_TOKEN_TAG], inputs.creationToken, "what a create makes carries its token");
      await accessAssociations.delete!(arn, outs);
      assert.deepEqual(
        ctx.sandbox.control
          .state()
          .accessAssociations.filter((a) => a.domainNameArn === arn)
          .map((a) => a.accessAssociationSource),
        [someoneElses],
      );
    });
  });
});
