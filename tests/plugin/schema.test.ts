/**
 * The schema the plugin serves is generated from the component classes: it must be up to date
 * with the TypeScript types and TSDoc, and say what each language needs.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMPONENTS } from "../../plugin/components";
import { ComponentProvider, componentName } from "../../plugin/provider";
import { SCHEMA } from "../../plugin/schema";
import { generateSchema, schemaModule, SCHEMA_FILE } from "../../scripts/genSchema";
import { REPO_ROOT } from "../../support/pulumiRunner";

describe("the plugin's schema", function () {
  this.timeout(60_000);
  const generated = generateSchema();

  it("is what scripts/genSchema.ts makes of the TypeScript types now (run `npm run gen-schema` after changing them)", () => {
    assert.equal(readFileSync(SCHEMA_FILE, "utf8"), schemaModule(generated));
    assert.deepEqual(SCHEMA, generated);
  });

  it("has one component resource per entry of COMPONENTS, under apigw-vpc:index:<name>", () => {
    assert.deepEqual(
      Object.keys(SCHEMA.resources).sort(),
      Object.keys(COMPONENTS)
        .map((c) => `apigw-vpc:index:${c}`)
        .sort(),
    );
    for (const spec of Object.values(SCHEMA.resources)) assert.equal(spec.isComponent, true);
  });

  it("maps Input<T> to T, non-Input arguments to plain, and optional TS properties to optional inputs", () => {
    const access = SCHEMA.resources["apigw-vpc:index:PrivateApiAccess"];
    assert.deepEqual(access.requiredInputs, ["restApiId", "stageName", "vpcEndpointIds"]);
    assert.deepEqual(
      { ...access.inputProperties.vpcEndpointIds, description: "" },
      { description: "", type: "array", items: { type: "string" } },
    );
    assert.equal(access.inputProperties.restApiId.type, "string", "the RestApi alternative is a TypeScript convenience");
    assert.equal(access.inputProperties.waitForDns.plain, true);
    assert.equal(access.inputProperties.exclusive.plain, undefined);
    assert.equal(access.inputProperties.dns.$ref, "#/types/apigw-vpc:index:PrivateApiAccessDns");
    assert.deepEqual(access.required, ["hostnames", "invokePolicy", "invokeStatement", "urls", "vpcEndpointIds"]);
    assert.deepEqual(access.properties.urls.additionalProperties, { type: "string" });
    const link = SCHEMA.resources["apigw-vpc:index:PrivateIntegrationLink"];
    assert.deepEqual(link.requiredInputs, ["name", "securityGroupIds", "subnetIds"]);
    assert.deepEqual(link.inputProperties.tags.additionalProperties, { type: "string" });
    assert.deepEqual(Object.keys(link.properties).sort(), ["arn", "status", "vpcLinkId"]);
  });

  it("documents every resource, input, output and type field from the TSDoc, defaults included", () => {
    const described = [
      ...Object.values(SCHEMA.resources).flatMap((r) => [
        r.description,
        ...Object.values(r.inputProperties).map((p) => p.description),
        ...Object.values(r.properties).map((p) => p.description),
      ]),
      ...Object.values(SCHEMA.types).flatMap((t) => [t.description, ...Object.values(t.properties).map((p) => p.description)]),
    ];
    for (const text of described) assert.ok(text.trim().length > 10, `too short: ${text}`);
    assert.match(SCHEMA.resources["apigw-vpc:index:PrivateApiAccess"].inputProperties.waitForDns.description, /Default: true\.$/);
  });

  it("cannot be generated while an argument lacks TSDoc: the schema carries it to other languages", () => {
    assert.throws(
      () => generateSchema(join(REPO_ROOT, "tests/fixtures/plugin-undocumented/components.ts")),
      /Undocumented\.undocumented has no TSDoc/,
    );
  });

  it("is served with the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    const served = JSON.parse(await new ComponentProvider(version).getSchema()) as { version: string; name: string };
    assert.equal(served.version, version);
    assert.equal(served.name, "apigw-vpc");
  });
});

describe("the plugin's Construct", () => {
  it("knows its own tokens only", () => {
    assert.equal(componentName("apigw-vpc:index:PrivateApiAccess"), "PrivateApiAccess");
    for (const token of [
      "apigw-vpc:index:Nope",
      "other:index:PrivateApiAccess",
      "apigw-vpc:sub:PrivateApiAccess",
      "apigw-vpc:index:toString",
    ])
      assert.equal(componentName(token), undefined, token);
  });

  it("rejects a token it does not serve, naming the ones it does", async () => {
    await assert.rejects(
      new ComponentProvider("0.0.0").construct("x", "apigw-vpc:index:Nope", {}, {}),
      /unknown resource type apigw-vpc:index:Nope: this plugin serves apigw-vpc:index:PrivateApiAccess, apigw-vpc:index:PrivateDomainAccess, apigw-vpc:index:PrivateIntegrationLink, apigw-vpc:index:PrivateRestApiIntegration$/,
    );
  });
});
