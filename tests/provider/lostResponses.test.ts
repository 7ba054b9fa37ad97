/**
 * Lost answers: the sandbox applies a mutation and then drops the connection ("lost"), so the
 * client never learns that it took effect. Every mutation must end exactly once: one link, no
 * error, the exact desired endpoint list.
 */
import * as assert from "node:assert/strict";
import { ApiGatewayV2Client, CreateVpcLinkCommand, GetVpcLinkCommand } from "@aws-sdk/client-apigatewayv2";
import {
  vpcEndpointAssociationProvider as association,
  type VpcEndpointAssociationInputs,
} from "../../provider/vpcEndpointAssociation/index";
import { CREATION_TOKEN_TAG, vpcLinkProvider as link, type VpcLinkInputs, type VpcLinkOutputs } from "../../provider/vpcLink/index";
import { sharedNetwork, type SandboxNetwork } from "../../support/network";
import { apiEndpointIds, createRestApi, TEST_REGION, useSandbox, vpceIds } from "../../support/sandbox";

/** The suite's network, where its links go. */
let network: SandboxNetwork;
const subnets = () => network.subnetIds.slice(0, 2).sort();

/** Program inputs through check(), as the engine runs it; `olds` are the old inputs of an existing resource. */
async function checkedLink(raw: Record<string, unknown>, olds: Partial<VpcLinkInputs> = {}): Promise<VpcLinkInputs> {
  const result = await link.check!(olds as VpcLinkInputs, raw as unknown as VpcLinkInputs);
  assert.deepEqual(result.failures ?? [], []);
  return result.inputs!;
}

const associationInputs = (restApiId: string, vpcEndpointIds: string[]): VpcEndpointAssociationInputs => ({
  restApiId,
  vpcEndpointIds: [...vpcEndpointIds].sort(),
  region: TEST_REGION,
  exclusive: false,
});

describe("Lost answers: every mutation takes effect exactly once", () => {
  const ctx = useSandbox();
  before(async () => {
    network = await sharedNetwork(ctx.sandbox);
  });
  const control = () => ctx.sandbox.control;
  const links = () => control().state().vpcLinks;
  const log = (operation: string) => control().requestLog({ operation });
  beforeEach(() => {
    control().clearFaults();
    control().clearRequestLog();
  });
  afterEach(async () => {
    control().clearFaults();
    for (const l of links()) await link.delete!(l.vpcLinkId, { region: l.region } as VpcLinkOutputs);
  });

  it("VpcLink create: CreateVpcLink's answer lost: one link, adopted by its creation token, no error", async () => {
    control().injectFaults("CreateVpcLink", { sequence: ["lost"] });
    const news = await checkedLink({
      name: "lost",
      subnetIds: subnets(),
      securityGroupIds: [],
      creationUrn: "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/apigw:VpcLink::lost",
    });
    const { id, outs } = await link.create(news);
    assert.deepEqual(
      links().map((l) => l.vpcLinkId),
      [id],
      "exactly one link",
    );
    assert.equal(outs?.status, "AVAILABLE");
    assert.deepEqual(
      log("CreateVpcLink").map((e) => e.errorType),
      ["ResponseLost"],
      "sent once: the lost answer is followed by a read, not a resend",
    );
    assert.ok(log("GetVpcLinks").length >= 2, "looked for the token before creating and after the lost answer");
    assert.equal(links()[0].tags[CREATION_TOKEN_TAG], news.creationToken);
  });

  it("VpcLink create: a reset before the server acts, and a 500, lead to exactly one new link", async () => {
    control().injectFaults("CreateVpcLink", { sequence: ["reset", "500"] });
    const { id } = await link.create(await checkedLink({ name: "refused", subnetIds: subnets(), securityGroupIds: [] }));
    assert.deepEqual(
      links().map((l) => l.vpcLinkId),
      [id],
    );
    assert.deepEqual(
      log("CreateVpcLink").map((e) => e.status),
      [0, 500, 201],
    );
  });

  it("VpcLink create after a crash: the next create adopts the tagged link instead of making a second one", async () => {
    const news = await checkedLink({
      name: "crashed",
      subnetIds: subnets(),
      securityGroupIds: [],
      creationUrn: "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/apigw:VpcLink::crashed",
    });
    // GIVEN a create whose process died after CreateVpcLink (the link exists, no state records it)
    const orphan = await new ApiGatewayV2Client({ region: TEST_REGION }).send(
      new CreateVpcLinkCommand({
        Name: news.name,
        SubnetIds: news.subnetIds,
        Tags: { [CREATION_TOKEN_TAG]: news.creationToken! },
      }),
    );
    control().clearRequestLog();
    // WHEN the next `up` creates the resource again (new resource: no old inputs, same token)
    const again = await checkedLink({
      name: "crashed",
      subnetIds: news.subnetIds,
      securityGroupIds: [],
      creationUrn: "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/apigw:VpcLink::crashed",
    });
    assert.equal(again.creationToken, news.creationToken);
    const { id } = await link.create(again);
    // THEN it is the orphan, and nothing else was created
    assert.equal(id, orphan.VpcLinkId);
    assert.equal(log("CreateVpcLink").length, 0);
    assert.deepEqual(
      links().map((l) => l.vpcLinkId),
      [id],
    );
  });

  it("VpcLink replacement with unchanged inputs (--replace) never adopts the old link: its generation differs", async () => {
    const urn = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/apigw:VpcLink::replaced";
    const first = await checkedLink({ name: "replaced", subnetIds: subnets(), securityGroupIds: [], creationUrn: urn });
    const old = await link.create(first);
    const replacement = await checkedLink({ name: "replaced", subnetIds: first.subnetIds, securityGroupIds: [], creationUrn: urn }, first);
    assert.notEqual(replacement.creationToken, first.creationToken);
    const next = await link.create(replacement);
    assert.notEqual(next.id, old.id, "create-before-delete makes a second link while the old one exists");
    await link.delete!(old.id, old.outs!);
    assert.deepEqual(
      links().map((l) => l.vpcLinkId),
      [next.id],
    );
  });

  it("VpcLink delete: DeleteVpcLink's answer lost: success, the link is gone, one DeleteVpcLink sent", async () => {
    const { id, outs } = await link.create(await checkedLink({ name: "to-delete", subnetIds: subnets(), securityGroupIds: [] }));
    control().clearRequestLog();
    control().injectFaults("DeleteVpcLink", { sequence: ["lost"] });
    await link.delete!(id, outs!);
    assert.deepEqual(links(), []);
    assert.deepEqual(
      log("DeleteVpcLink").map((e) => e.errorType),
      ["ResponseLost"],
    );
    await assert.rejects(new ApiGatewayV2Client({ region: TEST_REGION }).send(new GetVpcLinkCommand({ VpcLinkId: id })), {
      name: "NotFoundException",
    });
  });

  it("association create: UpdateRestApi's answer lost: no error, the exact list, one patch", async () => {
    const [foreign, ...ours] = vpceIds(3);
    const api = await createRestApi({ vpcEndpointIds: [foreign] });
    control().injectFaults("UpdateRestApi", { sequence: ["lost"] });
    const { outs } = await association.create(associationInputs(api, ours));
    assert.deepEqual(await apiEndpointIds(api), [foreign, ...ours].sort());
    assert.deepEqual(outs?.apiVpcEndpointIds, [foreign, ...ours].sort());
    assert.deepEqual(
      outs?.adoptedVpcEndpointIds,
      [],
      "ids this resource added itself are not adopted, even when seen after the lost answer",
    );
    assert.deepEqual(
      log("UpdateRestApi").map((e) => e.errorType),
      ["ResponseLost"],
    );
  });

  it("association update: a lost answer, then a 500: the patch applies once, the re-plan sends only what is left", async () => {
    const ids = vpceIds(4);
    const api = await createRestApi();
    const { outs } = await association.create(associationInputs(api, ids.slice(0, 2)));
    control().clearRequestLog();
    control().injectFaults("UpdateRestApi", { sequence: ["lost"] });
    const desired = ids.slice(1);
    const result = await association.update!(api, outs!, associationInputs(api, desired));
    assert.deepEqual(await apiEndpointIds(api), desired);
    assert.deepEqual(result.outs?.vpcEndpointIds, desired);
    assert.deepEqual(log("UpdateRestApi").length, 1);

    control().clearRequestLog();
    control().injectFaults("UpdateRestApi", { sequence: ["500"] });
    const again = await association.update!(api, result.outs!, associationInputs(api, ids));
    assert.deepEqual(await apiEndpointIds(api), ids);
    assert.deepEqual(
      log("UpdateRestApi").map((e) => e.status),
      [500, 200],
      "a refused patch is sent again after a fresh read",
    );
    assert.deepEqual(again.outs?.apiVpcEndpointIds, ids);
  });

  it("association delete: UpdateRestApi's answer lost: success, only the managed ids removed", async () => {
    const [foreign, ...ours] = vpceIds(3);
    const api = await createRestApi({ vpcEndpointIds: [foreign] });
    const { outs } = await association.create(associationInputs(api, ours));
    control().clearRequestLog();
    control().injectFaults("UpdateRestApi", { sequence: ["lost"] });
    await association.delete!(api, outs!);
    assert.deepEqual(await apiEndpointIds(api), [foreign]);
    assert.deepEqual(
      log("UpdateRestApi").map((e) => e.errorType),
      ["ResponseLost"],
    );
  });
});
