/**
 * Check the effect, not just the status (provider/effects.ts): a mutation answered 200 whose
 * answer does not show the change is an error. The association's patch is driven against a
 * recording fake client that answers 200 and changes nothing, then against one that applies it.
 */
import * as assert from "node:assert/strict";
import type { APIGatewayClient, PatchOperation } from "@aws-sdk/client-api-gateway";
import { assertFieldEffect, assertListEffect, IneffectiveChangeError, listEffectGaps } from "../../provider/effects";
import { applyPlan, patchOperations, planAssociation } from "../../provider/vpcEndpointAssociation/index";

const A = "vpce-0aaaaaaaaaaaaaaaa";
const B = "vpce-0bbbbbbbbbbbbbbbb";
const C = "vpce-0cccccccccccccccc";
const REST_API_ID = "a1b2c3d4e5";

type Command = { constructor: { name: string }; input: { patchOperations?: PatchOperation[] } };

/** A REST API client that records every command and answers with the API's list; `applies` decides whether UpdateRestApi changes it. */
function fakeRestApiClient(initial: string[], applies: boolean) {
  const sent: string[] = [];
  let list = [...initial];
  const send = async (command: Command) => {
    const name = command.constructor.name.replace(/Command$/, "");
    sent.push(name);
    if (name === "UpdateRestApi" && applies) {
      for (const op of command.input.patchOperations ?? [])
        list = op.op === "add" ? [...list, op.value!] : list.filter((id) => id !== op.value);
    }
    return { id: REST_API_ID, endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds: [...list] } };
  };
  return { client: { send } as unknown as APIGatewayClient, send, sent };
}

/** The association's read, plan and patch, as create and update run them, against the fake. */
function associate(fake: ReturnType<typeof fakeRestApiClient>, desired: string[], managedBefore: string[] = []): Promise<string[]> {
  const read = async () =>
    (await fake.send({ constructor: { name: "GetRestApiCommand" }, input: {} })).endpointConfiguration.vpcEndpointIds;
  return applyPlan({ reads: fake.client, mutations: fake.client }, REST_API_ID, read, (current) =>
    planAssociation({ current, desired, managedBefore, adopted: [], exclusive: false }),
  );
}

describe("effects of mutations (provider/effects.ts)", () => {
  describe("the association's UpdateRestApi", () => {
    it("GIVEN a client that answers 200 and changes nothing WHEN ids are added THEN it fails naming them, and sends the patch once", async () => {
      const fake = fakeRestApiClient([C], false);
      await assert.rejects(associate(fake, [A, B]), (e: Error) => {
        assert.ok(e instanceof IneffectiveChangeError);
        assert.equal(
          e.message,
          `UpdateRestApi succeeded, but the endpointConfiguration.vpcEndpointIds in its answer lacks ${A}, ${B}: the change was not applied`,
        );
        return true;
      });
      assert.deepEqual(fake.sent, ["GetRestApi", "UpdateRestApi"], "no blind resend of an ignored patch");
    });

    it("GIVEN the same client WHEN a managed id is released THEN it fails naming the id still held", async () => {
      const fake = fakeRestApiClient([A, B], false);
      await assert.rejects(associate(fake, [A], [A, B]), new RegExp(`still holds ${B}: the change was not applied`));
    });

    it("GIVEN a client that applies the patch THEN the list it answered is returned, sorted", async () => {
      const fake = fakeRestApiClient([C], true);
      assert.deepEqual(await associate(fake, [B, A]), [A, B, C]);
      assert.deepEqual(fake.sent, ["GetRestApi", "UpdateRestApi"]);
    });

    it("GIVEN nothing to change THEN nothing is sent", async () => {
      const fake = fakeRestApiClient([A], false);
      assert.deepEqual(await associate(fake, [A]), [A]);
      assert.deepEqual(fake.sent, ["GetRestApi"]);
      assert.deepEqual(
        patchOperations(planAssociation({ current: [A], desired: [A], managedBefore: [], adopted: [], exclusive: false })),
        [],
      );
    });
  });

  describe("the pure checks", () => {
    it("listEffectGaps: ids not added and ids not removed", () => {
      assert.deepEqual(listEffectGaps({ add: [A, B], remove: [C] }, [A, C]), { notAdded: [B], notRemoved: [C] });
      assert.deepEqual(listEffectGaps({ add: [A], remove: [C] }, [A, B]), { notAdded: [], notRemoved: [] });
    });

    it("assertListEffect: an answer without the list cannot confirm the change", () => {
      assert.throws(() => assertListEffect("UpdateRestApi", "the list", { add: [A], remove: [] }, undefined), /answered without the list/);
      assert.doesNotThrow(() => assertListEffect("UpdateRestApi", "the list", { add: [A], remove: [B] }, [A, C]));
    });

    it("assertFieldEffect: the answered value must be the one sent", () => {
      assert.throws(() => assertFieldEffect("UpdateVpcLink", "Name", "new", "old"), /its answer has Name "old", not the "new" sent/);
      assert.doesNotThrow(() => assertFieldEffect("UpdateDomainName", "accounts", ["1", "2"], ["1", "2"]));
    });
  });
});
