/**
 * `pulumi-apigw-vpc/policy` as users compose it: apigwVpcPolicies(config) sets levels and config,
 * the module exports every policy, and importing it starts no policy server.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as composable from "../../policy/index";
import { apigwVpcPolicies, associationValidEndpoints, type ApigwVpcPoliciesConfig, vpcLinkHighAvailability } from "../../policy/index";
import { policies } from "../../policy/policies";
import { PRIVATE_API_ACCESS, VPC_ENDPOINT_ASSOCIATION, VPC_LINK } from "../../policy/resources";
import { MISSING_POLICY_SDK } from "../../policy/sdk";
import { resourceArgs, resourceMessages, stackArgs, stackResource, validateStack } from "./harness";

/** dist/policy, where the compiled module lives (this file runs from dist/tests/policy). */
const COMPILED = resolve(__dirname, "../../policy");

const byName = <P extends { name: string }>(list: readonly P[], name: string): P => {
  const found = list.find((p) => p.name === name);
  assert.ok(found, `no policy ${name}`);
  return found;
};
const twoSubnetLink = (config?: object) =>
  resourceArgs(VPC_LINK, "link", { subnetIds: ["subnet-0a", "subnet-0b"], securityGroupIds: ["sg-0a1b2c3d"] }, { config });
const THREE_REQUIRED = "VpcLink 'link' has 2 subnet(s); at least 3 are required for high availability (config minSubnets)";

describe("apigwVpcPolicies(config)", () => {
  it("returns every policy of the pack, in order, with its own level, when given no config", () => {
    const composed = apigwVpcPolicies();
    assert.deepEqual(
      composed.map((p) => [p.name, p.enforcementLevel]),
      policies.map((p) => [p.name, p.enforcementLevel]),
    );
  });

  it("sets every level with `all`, and a policy's own setting wins over it", () => {
    const composed = apigwVpcPolicies({
      all: "mandatory",
      "dns-readiness-enabled": "disabled",
      "vpc-link-high-availability": { enforcementLevel: "advisory" },
    });
    assert.equal(byName(composed, "dns-readiness-enabled").enforcementLevel, "disabled");
    assert.equal(byName(composed, "vpc-link-high-availability").enforcementLevel, "advisory");
    for (const name of [
      "association-valid-endpoints",
      "no-conflicting-endpoint-lists",
      "private-api-invoke-restricted",
      "vpc-link-security-groups",
    ]) {
      assert.equal(byName(composed, name).enforcementLevel, "mandatory", name);
    }
  });

  it("bakes config in as the schema default, which the engine sends unless --policy-pack-config overrides it", () => {
    const composed = byName(apigwVpcPolicies({ "vpc-link-high-availability": { minSubnets: 3 } }), "vpc-link-high-availability");
    assert.deepEqual(composed.configSchema?.properties.minSubnets, {
      ...vpcLinkHighAvailability.configSchema?.properties.minSubnets,
      default: 3,
    });
    assert.equal(composed.enforcementLevel, "advisory", "config alone keeps the policy's level");
  });

  it("applies baked config when no engine config is sent, and lets engine config override it", async () => {
    const composed = byName(
      apigwVpcPolicies({ "vpc-link-high-availability": { minSubnets: 3 } }),
      "vpc-link-high-availability",
    ) as ResourceValidationPolicy;
    assert.deepEqual(await resourceMessages(composed, twoSubnetLink()), [THREE_REQUIRED]);
    assert.deepEqual(await resourceMessages(composed, twoSubnetLink({ minSubnets: 2 })), []);
    assert.deepEqual(await resourceMessages(vpcLinkHighAvailability, twoSubnetLink()), [], "the exported policy itself is unchanged");
  });

  it("applies baked allowedVpcEndpointIds to associations", async () => {
    const composed = byName(
      apigwVpcPolicies({ "association-valid-endpoints": { allowedVpcEndpointIds: ["vpce-0123456789abcdef0"] } }),
      "association-valid-endpoints",
    );
    const args = resourceArgs(VPC_ENDPOINT_ASSOCIATION, "assoc", {
      restApiId: "a1b2c3d4e5",
      vpcEndpointIds: ["vpce-0123456789abcdef0", "vpce-0fedcba9876543210"],
    });
    assert.deepEqual(await resourceMessages(composed as ResourceValidationPolicy, args), [
      "VpcEndpointAssociation 'assoc' associates 'vpce-0fedcba9876543210', which is not in the allowed list (config allowedVpcEndpointIds)",
    ]);
    assert.deepEqual(await resourceMessages(associationValidEndpoints, args), []);
  });

  it("keeps stack policies working when composed", async () => {
    const composed = byName(apigwVpcPolicies({ all: "mandatory" }), "dns-readiness-enabled") as StackValidationPolicy;
    const violations = await validateStack(composed, stackArgs([stackResource(PRIVATE_API_ACCESS, "access", {})]));
    assert.equal(violations.length, 1);
    assert.match(violations[0].message, /^PrivateApiAccess 'access' has no EndpointDnsReadiness child/);
  });

  // Typed as plain objects: TypeScript rejects the misspelt config, a JavaScript caller would not.
  const invalid: [string, object, string][] = [
    [
      "an unknown policy name",
      { "vpc-link-ha": "mandatory" },
      "apigwVpcPolicies: no policy named 'vpc-link-ha'; the policies are 'association-valid-endpoints', ",
    ],
    [
      "config a policy does not declare",
      { "vpc-link-high-availability": { minSubnet: 3 } },
      "apigwVpcPolicies: policy 'vpc-link-high-availability' has no config 'minSubnet'; it accepts 'minSubnets' and enforcementLevel",
    ],
    [
      "a level that is not one",
      { all: "strict" },
      `apigwVpcPolicies: all has enforcement level "strict"; it must be one of 'advisory', 'mandatory', 'remediate' and 'disabled'`,
    ],
    [
      "a policy's level that is not one",
      { "vpc-link-security-groups": { enforcementLevel: "warn" } },
      `apigwVpcPolicies: 'vpc-link-security-groups' has enforcement level "warn"; it must be one of`,
    ],
    [
      "config for a policy without config",
      { "vpc-link-security-groups": { minGroups: 2 } },
      "apigwVpcPolicies: policy 'vpc-link-security-groups' has no config 'minGroups'; it accepts only enforcementLevel",
    ],
  ];
  for (const [label, config, message] of invalid) {
    it(`throws on ${label}, naming it`, () => {
      assert.throws(
        () => apigwVpcPolicies(config as ApigwVpcPoliciesConfig),
        (e: Error) => e.message.startsWith(message),
      );
    });
  }
});

describe("the pulumi-apigw-vpc/policy module", () => {
  it("exports every policy of the pack by name", () => {
    const exported = new Set<unknown>(Object.values(composable));
    for (const policy of policies) assert.ok(exported.has(policy), `${policy.name} is not exported`);
  });

  it("can be imported without starting a policy server: the process prints nothing and exits", () => {
    // A PolicyPack would print its port and keep serving until killed (the timeout).
    const run = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(join(COMPILED, "index.js"))})`], {
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(run.error, undefined);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "");
  });

  it("names @pulumi/policy and how to install it when the project lacks it, for the module and the ready pack", () => {
    // A copy with no node_modules above it: @pulumi/policy cannot resolve, as in a project without it.
    const dir = mkdtempSync(join(tmpdir(), "apigw-vpc-no-policy-sdk-"));
    try {
      // The policies use the type tokens of provider/ (plain constants), as in the package.
      for (const folder of ["policy", "provider"])
        cpSync(join(COMPILED, "..", folder), join(dir, folder), { recursive: true, filter: (src) => !src.endsWith(".map") });
      for (const entry of ["index.js", "pack.js"]) {
        const run = spawnSync(process.execPath, [join(dir, "policy", entry)], { encoding: "utf8", timeout: 60_000 });
        assert.equal(run.status, 1, entry);
        assert.ok(run.stderr.includes(`Error: ${MISSING_POLICY_SDK}`), `${entry}: ${run.stderr}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
