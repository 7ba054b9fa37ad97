import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../../policy/policies";
import { parsePropertyPath, quoteList } from "../../policy/resources";

/** The repository root: two levels above dist/tests/policy, else the working directory. */
const ROOT = [path.resolve(__dirname, "../../.."), process.cwd()].find((dir) => fs.existsSync(path.join(dir, "policy", "PulumiPolicy.yaml")));

function packFile(name: string): string {
  assert.ok(ROOT, "cannot find the repository root (policy/PulumiPolicy.yaml)");
  return fs.readFileSync(path.join(ROOT, "policy", name), "utf8");
}

describe("policy pack apigw-vpc-policies", () => {
  it("holds the policies of the README's table, in order, with their default enforcement levels and kinds", () => {
    const summary = policies.map((p) => [
      p.name,
      p.enforcementLevel,
      ["validateResource" in p ? "resource" : "", "validateStack" in p ? "stack" : ""].filter(Boolean).join("+"),
    ]);
    assert.deepEqual(summary, [
      ["association-valid-endpoints", "mandatory", "resource"],
      ["no-conflicting-endpoint-lists", "mandatory", "stack"],
      ["private-api-invoke-restricted", "mandatory", "resource+stack"],
      ["vpc-link-high-availability", "advisory", "resource"],
      ["vpc-link-security-groups", "mandatory", "resource"],
      ["dns-readiness-enabled", "advisory", "stack"],
      ["integration-target-on-v2-link", "mandatory", "stack"],
    ]);
    assert.ok(ROOT);
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const table = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (mandatory|advisory)/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(table, summary.map(([name, level]) => [name, level]), "the README's policy table lists the same policies, levels and order");
  });

  it("describes every policy", () => {
    for (const p of policies) assert.ok(p.description.length > 40, `${p.name} needs a description`);
  });

  it("declares config only for allowedVpcEndpointIds and minSubnets", () => {
    const config = policies.flatMap((p) => Object.keys(p.configSchema?.properties ?? {}).map((k) => `${p.name}.${k}`));
    assert.deepEqual(config, ["association-valid-endpoints.allowedVpcEndpointIds", "vpc-link-high-availability.minSubnets"]);
  });

  it("creates the PolicyPack only in index.ts, named apigw-vpc-policies, from the exported list", () => {
    assert.match(packFile("index.ts"), /new PolicyPack\("apigw-vpc-policies", \{[\s\S]*policies: \[\.\.\.policies\]/);
    for (const file of ["policies.ts", "resources.ts", "iamPolicy.ts"]) {
      assert.doesNotMatch(packFile(file), /new PolicyPack\(/, `${file} must not start a policy pack server`);
    }
  });

  it("is a nodejs policy project whose package.json pins the repository's Pulumi versions and has a version", () => {
    assert.match(packFile("PulumiPolicy.yaml"), /^runtime: nodejs$/m);
    const pack = JSON.parse(packFile("package.json")) as { name: string; version?: string; private?: boolean; dependencies: Record<string, string> };
    const repo = JSON.parse(fs.readFileSync(path.join(ROOT ?? ".", "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    assert.equal(pack.name, "apigw-vpc-policies");
    assert.equal(pack.private, true);
    assert.match(pack.version ?? "", /^\d+\.\d+\.\d+$/, "@pulumi/policy reads the pack version from package.json");
    assert.deepEqual(pack.dependencies, {
      "@pulumi/policy": repo.devDependencies["@pulumi/policy"],
      "@pulumi/pulumi": repo.devDependencies["@pulumi/pulumi"],
    });
  });
});

describe("policy helpers: ignoreChanges paths and names", () => {
  const paths: [string, string[] | undefined][] = [
    ["endpointConfiguration", ["endpointConfiguration"]],
    ["endpointConfiguration.vpcEndpointIds", ["endpointConfiguration", "vpcEndpointIds"]],
    ['endpointConfiguration["vpcEndpointIds"]', ["endpointConfiguration", "vpcEndpointIds"]],
    ['["endpointConfiguration"]["vpc.ids"]', ["endpointConfiguration", "vpc.ids"]],
    ["endpointConfiguration.vpcEndpointIds[0]", ["endpointConfiguration", "vpcEndpointIds", "0"]],
    ["endpointConfiguration[*]", ["endpointConfiguration", "*"]],
    ["*", ["*"]],
    ["", undefined],
    [".endpointConfiguration", undefined],
    ["endpointConfiguration..vpcEndpointIds", undefined],
    ["endpointConfiguration[vpcEndpointIds]", undefined],
  ];
  for (const [input, segments] of paths) {
    it(`parses ${JSON.stringify(input)} as ${JSON.stringify(segments)}`, () => {
      assert.deepEqual(parsePropertyPath(input), segments);
    });
  }

  const lists: [string[], string][] = [
    [[], ""],
    [["a"], "'a'"],
    [["a", "b"], "'a' and 'b'"],
    [["a", "b", "c"], "'a', 'b' and 'c'"],
  ];
  for (const [names, text] of lists) {
    it(`quotes ${JSON.stringify(names)} as ${JSON.stringify(text)}`, () => {
      assert.equal(quoteList(names), text);
    });
  }
});
