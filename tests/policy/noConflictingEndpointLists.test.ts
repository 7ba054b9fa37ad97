import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { noConflictingEndpointLists } from "../../policy/policies";
import { REST_API, VPC_ENDPOINT, VPC_ENDPOINT_ASSOCIATION } from "../../policy/resources";
import { stackArgs, stackResource, UNKNOWN_ARRAY, UNKNOWN_STRING, validateStack, type Violation } from "./harness";

const API_ID = "abcde12345";
const VPCE = "vpce-0123456789abcdef0";

function restApi(opts: { name?: string; id?: string; vpcEndpointIds?: unknown; ignoreChanges?: string[]; deps?: PolicyResource[] } = {}) {
  const endpointConfiguration: Record<string, unknown> = { types: "PRIVATE" };
  if ("vpcEndpointIds" in opts) endpointConfiguration.vpcEndpointIds = opts.vpcEndpointIds;
  return stackResource(
    REST_API,
    opts.name ?? "api",
    { id: opts.id ?? API_ID, name: "orders", endpointConfiguration },
    { ignoreChanges: opts.ignoreChanges, propertyDependencies: opts.deps ? { endpointConfiguration: opts.deps } : {} },
  );
}

/** An association of `api`, linked by dependency (as `restApiId: api.id` does) unless `byDependency` is false. */
function association(api: PolicyResource, opts: { name?: string; restApiId?: string; byDependency?: boolean } = {}) {
  return stackResource(
    VPC_ENDPOINT_ASSOCIATION,
    opts.name ?? "assoc",
    { restApiId: opts.restApiId ?? API_ID, vpcEndpointIds: [VPCE], region: "us-east-1", exclusive: false },
    { propertyDependencies: opts.byDependency === false ? {} : { restApiId: [api] } },
  );
}

const conflict = (api: string, associations: string): Violation => ({
  message:
    `RestApi '${api}' declares endpointConfiguration.vpcEndpointIds and is also the target of ${associations}; ` +
    `add "endpointConfiguration.vpcEndpointIds" to the RestApi's ignoreChanges, or the two will fight on every update`,
  urn: `urn:pulumi:dev::apigw-vpc-app::${REST_API}::${api}`,
});

async function check(resources: PolicyResource[]): Promise<Violation[]> {
  return validateStack(noConflictingEndpointLists, stackArgs(resources));
}

describe("policy no-conflicting-endpoint-lists", () => {
  it("is a mandatory stack policy", () => {
    assert.equal(noConflictingEndpointLists.name, "no-conflicting-endpoint-lists");
    assert.equal(noConflictingEndpointLists.enforcementLevel, "mandatory");
    assert.equal(typeof noConflictingEndpointLists.validateStack, "function");
  });

  it("reports a RestApi that declares endpoint ids, is associated by dependency, and does not ignore the list", async () => {
    const api = restApi({ vpcEndpointIds: [VPCE] });
    assert.deepEqual(await check([api, association(api)]), [conflict("api", "VpcEndpointAssociation 'assoc'")]);
  });

  it("matches by equal id values when there is no dependency (e.g. the id passed as a literal)", async () => {
    const api = restApi({ vpcEndpointIds: [VPCE] });
    assert.deepEqual(await check([api, association(api, { byDependency: false })]), [conflict("api", "VpcEndpointAssociation 'assoc'")]);
  });

  it("names every association of the same RestApi in one violation", async () => {
    const api = restApi({ vpcEndpointIds: [VPCE] });
    const violations = await check([
      api,
      association(api, { name: "a" }),
      association(api, { name: "b" }),
      association(api, { name: "c" }),
    ]);
    assert.deepEqual(violations, [conflict("api", "VpcEndpointAssociations 'a', 'b' and 'c'")]);
  });

  const ignoring: [string, string[]][] = [
    ["the exact path", ["endpointConfiguration.vpcEndpointIds"]],
    ["the parent object", ["endpointConfiguration"]],
    ["a wildcard under the parent", ["endpointConfiguration.*"]],
    ["the bracketed form", ['endpointConfiguration["vpcEndpointIds"]']],
    ["every property", ["*"]],
    ["the path among others", ["tags", "endpointConfiguration.vpcEndpointIds"]],
  ];
  for (const [title, ignoreChanges] of ignoring) {
    it(`accepts a RestApi whose ignoreChanges lists ${title}`, async () => {
      const api = restApi({ vpcEndpointIds: [VPCE], ignoreChanges });
      assert.deepEqual(await check([api, association(api)]), []);
    });
  }

  const notIgnoring: [string, string[]][] = [
    ["a sibling property", ["endpointConfiguration.types"]],
    ["one element of the list", ["endpointConfiguration.vpcEndpointIds[0]"]],
    ["a differently cased name", ["EndpointConfiguration.VpcEndpointIds"]],
    ["a malformed path", ["endpointConfiguration..vpcEndpointIds"]],
  ];
  for (const [title, ignoreChanges] of notIgnoring) {
    it(`still reports a RestApi whose ignoreChanges lists only ${title}`, async () => {
      const api = restApi({ vpcEndpointIds: [VPCE], ignoreChanges });
      assert.deepEqual(await check([api, association(api)]), [conflict("api", "VpcEndpointAssociation 'assoc'")]);
    });
  }

  it("accepts a RestApi that declares no endpoint ids (absent or empty) while associated", async () => {
    const absent = restApi({ name: "absent" });
    const empty = restApi({ name: "empty", id: "fghij67890", vpcEndpointIds: [] });
    assert.deepEqual(
      await check([absent, association(absent, { name: "a" }), empty, association(empty, { name: "e", restApiId: "fghij67890" })]),
      [],
    );
  });

  it("accepts a RestApi that declares endpoint ids but no association targets", async () => {
    const api = restApi({ vpcEndpointIds: [VPCE] });
    const other = restApi({ name: "other", id: "zzzzz99999" });
    assert.deepEqual(await check([api, other, association(other, { restApiId: "zzzzz99999" })]), []);
  });

  describe("during preview", () => {
    it("matches by dependency while the RestApi's id is still unknown", async () => {
      const api = restApi({ id: UNKNOWN_STRING, vpcEndpointIds: [VPCE] });
      const assoc = association(api, { restApiId: UNKNOWN_STRING });
      assert.deepEqual(await check([api, assoc]), [conflict("api", "VpcEndpointAssociation 'assoc'")]);
    });

    it("does not match unknown ids to each other without a dependency", async () => {
      const api = restApi({ id: UNKNOWN_STRING, vpcEndpointIds: [VPCE] });
      assert.deepEqual(await check([api, association(api, { restApiId: UNKNOWN_STRING, byDependency: false })]), []);
    });

    it("treats an unknown endpoint list fed by a VpcEndpoint as declared", async () => {
      const vpce = stackResource(VPC_ENDPOINT, "vpce", { id: UNKNOWN_STRING, vpcEndpointType: "Interface" });
      const api = restApi({ vpcEndpointIds: UNKNOWN_ARRAY, deps: [vpce] });
      assert.deepEqual(await check([vpce, api, association(api)]), [conflict("api", "VpcEndpointAssociation 'assoc'")]);
    });

    it("treats an unknown endpoint list without such a dependency as not declared (the provider computes it)", async () => {
      const api = restApi({ vpcEndpointIds: UNKNOWN_ARRAY });
      assert.deepEqual(await check([api, association(api)]), []);
    });
  });

  it("has no config, so a config value changes nothing", async () => {
    const api = restApi({ vpcEndpointIds: [VPCE] });
    const violations = await validateStack(noConflictingEndpointLists, stackArgs([api, association(api)], { minSubnets: 5 }));
    assert.deepEqual(violations, [conflict("api", "VpcEndpointAssociation 'assoc'")]);
  });
});
