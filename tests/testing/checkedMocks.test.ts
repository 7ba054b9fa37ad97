/**
 * The mocks check as `pulumi preview` checks: each registration of one of our resources goes
 * through its provider's own check(), so a unit test fails on the same bad input with the same
 * text; and outputValue/outputError settle on a failed output instead of hanging.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { PrivateApiAccess, VpcEndpointAssociation, VpcLink } from "../../lib";
import * as types from "../../provider/types";
import { vpcEndpointAssociationProvider } from "../../provider/vpcEndpointAssociation/index";
import { apigwVpcMocks, CHECKED_TYPES, outputError, outputValue, type ApigwVpcMockOverrides } from "../../testing";

const API = "ordersapi1";
const GOOD = "vpce-0aaaaaaaaaaaaaaaa";

async function useMocks(overrides: ApigwVpcMockOverrides = {}, config: Record<string, string> = {}): Promise<void> {
  await pulumi.runtime.setMocks(apigwVpcMocks(overrides), "checked", "test", false);
  pulumi.runtime.setAllConfig(config);
}

describe("apigwVpcMocks runs each resource's check()", () => {
  beforeEach(() => useMocks());

  it("GIVEN a malformed endpoint id WHEN the association registers THEN its outputs fail with check()'s own reason", async () => {
    const association = new VpcEndpointAssociation("bad", { restApiId: API, vpcEndpointIds: [GOOD, "vpce-xyz"] });
    const error = await outputError(association.apiVpcEndpointIds);
    const news = { restApiId: API, vpcEndpointIds: [GOOD, "vpce-xyz"], region: "us-east-1" };
    const { failures } = await vpcEndpointAssociationProvider.check!({} as never, news as never);
    assert.ok(failures?.length);
    // Pulumi's runtime puts "failed to register new resource ..." before the mocks' error.
    assert.equal(
      error.message,
      `failed to register new resource bad [${types.VPC_ENDPOINT_ASSOCIATION_TYPE}]: ${types.VPC_ENDPOINT_ASSOCIATION_TYPE} resource 'bad' has a problem: vpcEndpointIds[1]: "vpce-xyz" is not a VPC endpoint id (vpce- followed by 8 or 17 lowercase hex digits)`,
    );
    assert.ok(error.message.endsWith(failures[0].reason), "the same text as preview's");
  });

  it("GIVEN a component with a malformed id THEN the component's outputs fail with the same reason", async () => {
    const access = new PrivateApiAccess("access", { restApiId: API, vpcEndpointIds: ["vpce-xyz"], stageName: "prod" });
    assert.match((await outputError(access.urls)).message, /vpcEndpointIds\[0\]: "vpce-xyz" is not a VPC endpoint id/);
  });

  it("GIVEN a VPC link with a bad subnet and no name THEN every failure is reported, one line each", async () => {
    const link = new VpcLink("link", { name: "", subnetIds: ["subnet-1"], securityGroupIds: [] });
    const error = await outputError(link.vpcLinkId);
    const lines = error.message.split("\n");
    assert.ok(lines.length >= 2, error.message);
    assert.ok(lines.some((l) => /name: /.test(l)));
    assert.ok(lines.some((l) => /subnetIds\[0\]: "subnet-1" is not a subnet id/.test(l)));
  });

  it("GIVEN valid inputs THEN the outputs carry the checked (sorted, region-resolved) inputs", async () => {
    const association = new VpcEndpointAssociation("ok", { restApiId: API, vpcEndpointIds: ["vpce-0bbbbbbbbbbbbbbbb", GOOD, GOOD] });
    assert.deepEqual(await outputValue(association.vpcEndpointIds), [GOOD, "vpce-0bbbbbbbbbbbbbbbb"]);
    assert.equal(await outputValue(association.region), "us-east-1");
  });

  it("GIVEN no region anywhere THEN the mocks' region stands in for AWS_REGION, and a malformed region still fails", async () => {
    const saved = { region: process.env.AWS_REGION, fallback: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      await useMocks({ region: "eu-west-1" });
      const ok = new VpcEndpointAssociation("ok", { restApiId: API, vpcEndpointIds: [GOOD] });
      assert.equal(await outputValue(ok.region), "eu-west-1");
      assert.equal(process.env.AWS_REGION, undefined, "the environment is left as it was");
      const bad = new VpcEndpointAssociation("bad", { restApiId: API, vpcEndpointIds: [GOOD], region: "europe" });
      assert.match((await outputError(bad.region)).message, /region: "europe" does not look like an AWS region/);
    } finally {
      if (saved.region !== undefined) process.env.AWS_REGION = saved.region;
      if (saved.fallback !== undefined) process.env.AWS_DEFAULT_REGION = saved.fallback;
    }
  });

  it("GIVEN the `aws:region` stack config THEN it is the region, as in a preview", async () => {
    await useMocks({}, { "aws:region": "ap-southeast-2" });
    const association = new VpcEndpointAssociation("cfg", { restApiId: API, vpcEndpointIds: [GOOD] });
    assert.equal(await outputValue(association.region), "ap-southeast-2");
  });

  it("GIVEN `check: false` THEN bad input passes, as before", async () => {
    await useMocks({ check: false });
    const association = new VpcEndpointAssociation("unchecked", { restApiId: API, vpcEndpointIds: ["vpce-xyz"] });
    assert.deepEqual(await outputValue(association.vpcEndpointIds), ["vpce-xyz"]);
  });

  it("GIVEN a read (VpcLink.get) THEN it is not checked, as the engine reads without check()", async () => {
    assert.equal(await outputValue(VpcLink.get("existing", "a1b2c3d", "us-east-1").vpcLinkId), "a1b2c3d");
  });

  it("checks every resource type of the package", () => {
    const tokens = Object.entries(types)
      .filter(([name, value]) => name.endsWith("_TYPE") && typeof value === "string")
      .map(([, value]) => value as string);
    assert.deepEqual([...CHECKED_TYPES].sort(), tokens.sort());
  });
});

describe("outputValue and outputError", () => {
  beforeEach(() => useMocks());

  it("outputValue resolves to an output's value, and rejects with a failed output's error instead of hanging", async () => {
    assert.equal(await outputValue(pulumi.output("x")), "x");
    const association = new VpcEndpointAssociation("bad", { restApiId: "not an id", vpcEndpointIds: [GOOD] });
    await assert.rejects(outputValue(association.restApiId), /restApiId: "not an id" is not/);
  });

  it("outputError rejects when the output has a value", async () => {
    await assert.rejects(outputError(pulumi.output(1)), /expected the output to fail, but it has the value 1/);
  });
});
