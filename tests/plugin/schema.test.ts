/**
 * The schema the plugin serves is generated from the component classes: it must be up to date
 * with the TypeScript types and TSDoc, and say what each language needs.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { ResourceTransformationArgs } from "@pulumi/pulumi";
import { join } from "node:path";
import { COMPONENTS } from "../../plugin/components";
import { ChildChecks, dynamicKind } from "../../plugin/childChecks";
import { ComponentProvider, componentName, resourceNameOfUrn } from "../../plugin/provider";
import { OPERATIONS, RESOURCES } from "../../plugin/resources";
import { SCHEMA } from "../../plugin/schema";
import { generateSchema, schemaModule, SCHEMA_FILE } from "../../scripts/genSchema";
import { sharedDeclarationsHost } from "../../support/parsedDeclarations";
import { REPO_ROOT } from "../../support/pulumiRunner";

describe("the plugin's schema", function () {
  this.timeout(60_000);
  const generated = generateSchema(undefined, undefined, sharedDeclarationsHost);

  it("is what scripts/genSchema.ts makes of the TypeScript types now (run `npm run gen-schema` after changing them)", () => {
    assert.equal(readFileSync(SCHEMA_FILE, "utf8"), schemaModule(generated));
    assert.deepEqual(SCHEMA, generated);
  });

  it("has one component per entry of COMPONENTS and one custom resource per entry of RESOURCES, under apigw-vpc:index:<name>", () => {
    const token = (name: string) => `apigw-vpc:index:${name}`;
    assert.deepEqual(Object.keys(SCHEMA.resources).sort(), [...Object.keys(COMPONENTS), ...Object.keys(RESOURCES)].map(token).sort());
    for (const name of Object.keys(COMPONENTS)) assert.equal(SCHEMA.resources[token(name)].isComponent, true, name);
    for (const name of Object.keys(RESOURCES)) assert.equal(SCHEMA.resources[token(name)].isComponent, undefined, name);
    assert.deepEqual(Object.keys(OPERATIONS).sort(), Object.keys(RESOURCES).sort(), "every served resource has its operations");
  });

  it("describes a resource's inputs from its Args and its outputs from its Output properties, optional ones optional", () => {
    const link = SCHEMA.resources["apigw-vpc:index:VpcLink"];
    assert.deepEqual(link.requiredInputs, ["name", "securityGroupIds", "subnetIds"]);
    assert.equal(link.properties.timeouts.$ref, "#/types/apigw-vpc:index:VpcLinkTimeouts");
    assert.ok(!link.required.includes("timeouts") && !link.required.includes("creationToken"));
    assert.ok(link.required.includes("vpcLinkId"));
    const integration = SCHEMA.resources["apigw-vpc:index:PrivateIntegration"];
    assert.equal(integration.inputProperties.type.type, "string", "a union of string literals is a string");
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
    assert.deepEqual(access.required, ["endpointSettings", "hostnames", "invokePolicy", "invokeStatement", "urls", "vpcEndpointIds"]);
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
      () => generateSchema(join(REPO_ROOT, "tests/fixtures/plugin-undocumented/components.ts"), undefined, sharedDeclarationsHost),
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

describe("the plugin's custom resources", () => {
  const urn = (type: string) => `urn:pulumi:dev::consumer::${type}::x`;

  it("are found by the last type of their URN, and only this plugin's", () => {
    assert.equal(resourceNameOfUrn(urn("apigw-vpc:index:VpcLink")), "VpcLink");
    assert.equal(
      resourceNameOfUrn(urn("apigw-vpc:index:PrivateApiAccess$apigw-vpc:index:VpcEndpointAssociation")),
      "VpcEndpointAssociation",
    );
    for (const type of ["apigw-vpc:index:PrivateApiAccess", "other:index:VpcLink", "apigw-vpc:index:constructor"])
      assert.equal(resourceNameOfUrn(urn(type)), undefined, type);
  });

  it("check() is the dynamic provider's: the same failure, naming the field and the rule", async () => {
    const inputs = { restApiId: "a1b2c3d4e5", vpcEndpointIds: ["vpce-123"], region: "us-east-1" };
    const served = await new ComponentProvider("0.0.0").check(urn("apigw-vpc:index:VpcEndpointAssociation"), {}, inputs);
    assert.deepEqual(served, await OPERATIONS.VpcEndpointAssociation().check({}, inputs));
    assert.match(JSON.stringify(served.failures), /vpcEndpointIds\[0\].*is not a VPC endpoint id/);
  });

  it("serves RestApiPolicyStatements: a statement's string-or-list fields are Any, and its check() names the statement's field", async () => {
    const statement = SCHEMA.types["apigw-vpc:index:RestApiPolicyStatementsStatements"];
    for (const field of ["Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal"])
      assert.equal(statement.properties[field].$ref, "pulumi.json#/Any", field);
    assert.deepEqual(statement.required, ["Effect", "Sid"]);
    // What a YAML program sends: a misspelt field, a Sid IAM refuses and an action that is not one.
    const inputs = {
      restApiId: "a1b2c3d4e5",
      region: "us-east-1",
      statements: [
        { Sid: "AllowVpce", Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
        { Sid: "not-ok", Effect: "Allow", Principal: "*", Action: ["execute-api:Invoke", "invoke"], Resources: "execute-api:/*" },
      ],
    };
    const served = await new ComponentProvider("0.0.0").check(urn("apigw-vpc:index:RestApiPolicyStatements"), {}, inputs);
    assert.deepEqual(served, await OPERATIONS.RestApiPolicyStatements().check({}, inputs));
    const failures = served.failures ?? [];
    const listed = failures.map((f) => f.reason).join("\n");
    const fails = (property: string, rule: RegExp) => failures.some((f) => f.property === property && rule.test(f.reason));
    assert.ok(fails("statements[1].Resources", /is not a statement field/), listed);
    assert.ok(fails("statements[1].Sid", /"not-ok" is not a Sid \(letters and digits only\)/), listed);
    assert.ok(fails("statements[1].Action[1]", /"invoke" is not an action/), listed);
    assert.ok(fails("statements[1]", /needs Resource \(or NotResource\)/), listed);
    assert.ok(!failures.some((f) => f.property.startsWith("statements[0]")), "the good statement passes");
  });

  it("refuses a URN of a type it does not serve, naming the ones it does", async () => {
    await assert.rejects(
      new ComponentProvider("0.0.0").create(urn("apigw-vpc:index:Nope"), {}),
      /unknown resource .*: this plugin serves the custom resources apigw-vpc:index:DomainNameAccessAssociations, /,
    );
  });
});

describe("a component's resources are checked before they register", () => {
  // What the transformation reads of its argument (the resource itself it does not need).
  const association = (vpcEndpointIds: string[]) =>
    ({
      type: "pulumi-nodejs:dynamic/apigw:VpcEndpointAssociation",
      name: "access",
      props: { restApiId: "a1b2c3d4e5", vpcEndpointIds, region: "us-east-1" },
      opts: {},
    }) as unknown as ResourceTransformationArgs;

  it("knows the dynamic kinds by their type token", () => {
    assert.equal(dynamicKind("pulumi-nodejs:dynamic/apigw:VpcLink"), "VpcLink");
    assert.equal(dynamicKind("apigw-vpc:index:VpcLink"), undefined);
  });

  it("reports the first failing check, with the field and the rule", async () => {
    const checks = new ChildChecks();
    assert.ok(checks.transformation(association(["vpce-0123456789abcdef0"])));
    assert.ok(checks.transformation(association(["vpce-123"])));
    const failures = await checks.failures();
    assert.equal(failures.length, 1);
    assert.equal(failures[0].property, "vpcEndpointIds[0]");
    assert.match(failures[0].reason, /"vpce-123" is not a VPC endpoint id/);
  });

  it("reports nothing when every check passes, and leaves other resources alone", async () => {
    const checks = new ChildChecks();
    checks.transformation(association(["vpce-0123456789abcdef0"]));
    assert.equal(checks.transformation({ ...association([]), type: "aws:ec2/vpc:Vpc" }), undefined);
    assert.deepEqual(await checks.failures(), []);
  });
});
