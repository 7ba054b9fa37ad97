import * as assert from "node:assert/strict";
import { associationValidEndpoints } from "../../policy/policies";
import { VPC_ENDPOINT_ASSOCIATION, VPC_LINK } from "../../policy/resources";
import { resourceArgs, resourceMessages, UNKNOWN_ARRAY, UNKNOWN_STRING, validateResource } from "./harness";

const API = "abcde12345";
const LONG = "vpce-0123456789abcdef0";
const SHORT = "vpce-0a1b2c3d";
const OTHER = "vpce-fedcba9876543210f";

function association(vpcEndpointIds: unknown, config?: object) {
  return resourceArgs(VPC_ENDPOINT_ASSOCIATION, "assoc", { restApiId: API, vpcEndpointIds, region: "us-east-1" }, { config });
}

const malformed = (id: string) =>
  `VpcEndpointAssociation 'assoc' has malformed VPC endpoint id ${id}; expected vpce- followed by 8 or 17 lowercase hex digits`;
const NO_IDS = "VpcEndpointAssociation 'assoc' declares no VPC endpoint ids; at least one is required";
const notAllowed = (id: string) =>
  `VpcEndpointAssociation 'assoc' associates '${id}', which is not in the allowed list (config allowedVpcEndpointIds)`;

describe("policy association-valid-endpoints", () => {
  it("is mandatory by default and declares allowedVpcEndpointIds as a list of endpoint ids", () => {
    assert.equal(associationValidEndpoints.name, "association-valid-endpoints");
    assert.equal(associationValidEndpoints.enforcementLevel, "mandatory");
    assert.deepEqual(associationValidEndpoints.configSchema?.properties.allowedVpcEndpointIds?.type, "array");
  });

  const compliant: [string, unknown][] = [
    ["one 17-digit id", [LONG]],
    ["one 8-digit id", [SHORT]],
    ["several ids", [LONG, SHORT, OTHER]],
    ["the same id twice", [LONG, LONG]],
  ];
  for (const [title, ids] of compliant) {
    it(`accepts ${title}`, async () => {
      assert.deepEqual(await resourceMessages(associationValidEndpoints, association(ids)), []);
    });
  }

  const violating: [string, unknown, string[]][] = [
    ["an empty list", [], [NO_IDS]],
    ["a missing list", undefined, [NO_IDS]],
    ["a single id instead of a list", LONG, [NO_IDS]],
    ["an id without the vpce- prefix", ["0123456789abcdef0"], [malformed("'0123456789abcdef0'")]],
    ["an id with 9 hex digits", ["vpce-0123456789"], [malformed("'vpce-0123456789'")]],
    ["an id with upper-case hex", ["vpce-0123ABCD"], [malformed("'vpce-0123ABCD'")]],
    ["a subnet id", [LONG, "subnet-01234567"], [malformed("'subnet-01234567'")]],
    ["a number", [42], [malformed("42")]],
    ["two malformed ids, each reported", ["vpce-x", "vpce-y"], [malformed("'vpce-x'"), malformed("'vpce-y'")]],
    ["malformed ids of mixed kinds, in list order", [LONG, "vpce-x", null, 7], [malformed("'vpce-x'"), malformed("null"), malformed("7")]],
  ];
  for (const [title, ids, messages] of violating) {
    it(`rejects ${title}`, async () => {
      assert.deepEqual(await resourceMessages(associationValidEndpoints, association(ids)), messages);
    });
  }

  it("reports against the association itself (no urn: the engine uses the resource's)", async () => {
    assert.deepEqual(await validateResource(associationValidEndpoints, association([])), [{ message: NO_IDS }]);
  });

  it("ignores other resource types, even with the same property names", async () => {
    const link = resourceArgs(VPC_LINK, "assoc", { vpcEndpointIds: [], subnetIds: [], securityGroupIds: [] });
    assert.deepEqual(await resourceMessages(associationValidEndpoints, link), []);
  });

  describe("config allowedVpcEndpointIds", () => {
    const config = { allowedVpcEndpointIds: [LONG, SHORT] };

    it("accepts ids in the allowed list", async () => {
      assert.deepEqual(await resourceMessages(associationValidEndpoints, association([SHORT, LONG], config)), []);
    });

    it("rejects each id outside the allowed list", async () => {
      assert.deepEqual(await resourceMessages(associationValidEndpoints, association([LONG, OTHER], config)), [notAllowed(OTHER)]);
    });

    it("reports a malformed id as malformed only, not also as not allowed", async () => {
      assert.deepEqual(await resourceMessages(associationValidEndpoints, association(["vpce-x"], config)), [malformed("'vpce-x'")]);
    });

    it("with an empty allowed list, allows no id at all", async () => {
      const messages = await resourceMessages(associationValidEndpoints, association([LONG], { allowedVpcEndpointIds: [] }));
      assert.deepEqual(messages, [notAllowed(LONG)]);
    });
  });

  describe("during preview", () => {
    it("checks the known ids of a list with unknown elements and skips the unknown ones", async () => {
      assert.deepEqual(await resourceMessages(associationValidEndpoints, association([UNKNOWN_STRING])), []);
      assert.deepEqual(await resourceMessages(associationValidEndpoints, association([UNKNOWN_STRING, "vpce-x"])), [malformed("'vpce-x'")]);
    });

    it("lets an entirely unknown list escape, so the engine reports it cannot run during preview", async () => {
      await assert.rejects(
        resourceMessages(associationValidEndpoints, association(UNKNOWN_ARRAY)),
        (e: Error) => e.message === "Array value at .vpcEndpointIds can't be known during preview",
      );
    });
  });
});
