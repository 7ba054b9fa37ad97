import * as assert from "node:assert/strict";
import { DEFAULT_MIN_SUBNETS, vpcLinkHighAvailability, vpcLinkSecurityGroups } from "../../policy/policies";
import { VPC_ENDPOINT_ASSOCIATION, VPC_LINK } from "../../policy/resources";
import { resourceArgs, resourceMessages, UNKNOWN_ARRAY, UNKNOWN_STRING, validateResource } from "./harness";

const SG = "sg-0123456789abcdef0";

/** A VpcLink's inputs; `undefined` leaves the property out. */
function vpcLink(subnetIds: unknown, securityGroupIds: unknown, config?: object) {
  const props: Record<string, unknown> = { name: "orders-link", tags: { team: "orders" } };
  if (subnetIds !== undefined) props.subnetIds = subnetIds;
  if (securityGroupIds !== undefined) props.securityGroupIds = securityGroupIds;
  return resourceArgs(VPC_LINK, "link", props, { config });
}

const tooFew = (count: number, min = DEFAULT_MIN_SUBNETS) =>
  `VpcLink 'link' has ${count} subnet(s); at least ${min} are required for high availability (config minSubnets)`;
const NO_GROUPS = "VpcLink 'link' has no security groups; at least one is required";

describe("policy vpc-link-high-availability", () => {
  it("is advisory by default, with minSubnets defaulting to 2", () => {
    assert.equal(vpcLinkHighAvailability.name, "vpc-link-high-availability");
    assert.equal(vpcLinkHighAvailability.enforcementLevel, "advisory");
    assert.deepEqual(vpcLinkHighAvailability.configSchema?.properties.minSubnets, {
      type: "integer",
      minimum: 1,
      default: 2,
      description: "The fewest distinct subnets a VpcLink may span.",
    });
  });

  const cases: [string, unknown, object | undefined, string[]][] = [
    ["two subnets", ["subnet-0a", "subnet-0b"], undefined, []],
    ["three subnets", ["subnet-0a", "subnet-0b", "subnet-0c"], undefined, []],
    ["one subnet", ["subnet-0a"], undefined, [tooFew(1)]],
    ["no subnets", [], undefined, [tooFew(0)]],
    ["no subnet list", undefined, undefined, [tooFew(0)]],
    ["the same subnet twice (one distinct)", ["subnet-0a", "subnet-0a"], undefined, [tooFew(1)]],
    ["minSubnets 3 with two subnets", ["subnet-0a", "subnet-0b"], { minSubnets: 3 }, [tooFew(2, 3)]],
    ["minSubnets 3 with three subnets", ["subnet-0a", "subnet-0b", "subnet-0c"], { minSubnets: 3 }, []],
    ["minSubnets 1 with one subnet", ["subnet-0a"], { minSubnets: 1 }, []],
    ["two unknown subnets during preview (counted as distinct)", [UNKNOWN_STRING, UNKNOWN_STRING], undefined, []],
    ["one unknown subnet during preview", [UNKNOWN_STRING], undefined, [tooFew(1)]],
  ];
  for (const [title, subnetIds, config, messages] of cases) {
    it(`${messages.length ? "warns about" : "accepts"} ${title}`, async () => {
      assert.deepEqual(await resourceMessages(vpcLinkHighAvailability, vpcLink(subnetIds, [SG], config)), messages);
    });
  }

  it("lets an entirely unknown subnet list escape, so the engine reports it cannot run during preview", async () => {
    await assert.rejects(
      resourceMessages(vpcLinkHighAvailability, vpcLink(UNKNOWN_ARRAY, [SG])),
      (e: Error) => e.message === "Array value at .subnetIds can't be known during preview",
    );
  });

  it("ignores other resource types", async () => {
    const other = resourceArgs(VPC_ENDPOINT_ASSOCIATION, "link", {
      restApiId: "abcde12345",
      vpcEndpointIds: ["vpce-0a1b2c3d"],
      subnetIds: [],
    });
    assert.deepEqual(await validateResource(vpcLinkHighAvailability, other), []);
  });
});

describe("policy vpc-link-security-groups", () => {
  it("is mandatory by default and has no config", () => {
    assert.equal(vpcLinkSecurityGroups.name, "vpc-link-security-groups");
    assert.equal(vpcLinkSecurityGroups.enforcementLevel, "mandatory");
    assert.equal(vpcLinkSecurityGroups.configSchema, undefined);
  });

  const cases: [string, unknown, string[]][] = [
    ["one security group", [SG], []],
    ["two security groups", [SG, "sg-0a1b2c3d"], []],
    ["a security group unknown during preview", [UNKNOWN_STRING], []],
    ["an empty list", [], [NO_GROUPS]],
    ["a missing list", undefined, [NO_GROUPS]],
  ];
  for (const [title, securityGroupIds, messages] of cases) {
    it(`${messages.length ? "rejects" : "accepts"} ${title}`, async () => {
      assert.deepEqual(await resourceMessages(vpcLinkSecurityGroups, vpcLink(["subnet-0a", "subnet-0b"], securityGroupIds)), messages);
    });
  }

  it("reports against the link itself, independently of the subnet policy's config", async () => {
    const args = vpcLink(["subnet-0a"], [], { minSubnets: 1 });
    assert.deepEqual(await validateResource(vpcLinkSecurityGroups, args), [{ message: NO_GROUPS }]);
  });

  it("ignores other resource types", async () => {
    const other = resourceArgs(VPC_ENDPOINT_ASSOCIATION, "link", {
      restApiId: "abcde12345",
      vpcEndpointIds: ["vpce-0a1b2c3d"],
      securityGroupIds: [],
    });
    assert.deepEqual(await validateResource(vpcLinkSecurityGroups, other), []);
  });
});
