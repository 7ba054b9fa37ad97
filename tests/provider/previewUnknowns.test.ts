/**
 * Preview unknowns: every provider's check() accepts the engine's unknown marker in every field
 * and in every list item or map member, keeps it (a known value in its place would be a guess),
 * and diff() reports the possible change, as a replacement where the field replaces. The table
 * names every provider and every field; guards fail when a resource type, a member of its Args
 * interface or a field check() returns is missing from it, so nothing new can skip this test.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { domainNameAccessAssociationsProvider } from "../../provider/domainNameAccessAssociations/index";
import { domainNameManagementPolicyProvider } from "../../provider/domainNameManagementPolicy/index";
import { domainNameResolutionProvider } from "../../provider/domainNameResolution/index";
import { domainRoutingRulesProvider } from "../../provider/domainRoutingRules/index";
import { endpointDnsReadinessProvider } from "../../provider/endpointDnsReadiness/index";
import { privateIntegrationProvider } from "../../provider/privateIntegration/index";
import { restApiPolicyStatementsProvider } from "../../provider/restApiPolicyStatements/index";
import { stageRedeploymentProvider } from "../../provider/stageRedeployment/index";
import * as types from "../../provider/types";
import { UNKNOWN } from "../../provider/validation";
import { vpcEndpointAssociationProvider } from "../../provider/vpcEndpointAssociation/index";
import { vpcLinkProvider } from "../../provider/vpcLink/index";

/** How a field is shaped: unknown as a whole, and also in one item (list) or one member (map). */
type Shape = "scalar" | "list" | "map";

interface ProviderCase {
  /** The resource type's name, as in its token; its folder and Args interface follow from it. */
  name: string;
  provider: pulumi.dynamic.ResourceProvider;
  /** Program inputs with every field set. */
  valid: Record<string, unknown>;
  fields: Record<string, Shape>;
  /** Fields check() adds itself. */
  computed: string[];
  /** Fields that never change a diff (read only on create, or options of a wait). */
  noDiff: string[];
  /** Fields whose change replaces the resource, so their unknown is a possible replacement. */
  replaces: string[];
  /** Fields check() folds into another checked field, which then carries their unknown. */
  foldedInto?: Record<string, string>;
}

const VPCE = ["vpce-0123456789abcdef0", "vpce-0a1b2c3d"];
const ENV_REGION = "us-east-1";
const DOMAIN_ARN = "arn:aws:apigateway:us-east-1:111122223333:/domainnames/api.internal.example.com+abc123";

const CASES: ProviderCase[] = [
  {
    name: "VpcLink",
    provider: vpcLinkProvider,
    valid: {
      name: "link",
      subnetIds: ["subnet-0123456789abcdef0", "subnet-0a1b2c3d"],
      securityGroupIds: ["sg-0123456789abcdef0"],
      tags: { team: "net" },
      region: "us-east-1",
      timeouts: { create: "5m", delete: "5m" },
      importVpcLinkId: "abc1234",
      creationUrn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/apigw:VpcLink::link",
    },
    fields: {
      name: "scalar",
      subnetIds: "list",
      securityGroupIds: "list",
      tags: "map",
      region: "scalar",
      timeouts: "map",
      importVpcLinkId: "scalar",
      creationUrn: "scalar",
    },
    computed: ["creationToken"],
    noDiff: ["importVpcLinkId", "creationUrn"],
    replaces: ["subnetIds", "securityGroupIds", "region"],
    foldedInto: { creationUrn: "creationToken" },
  },
  {
    name: "VpcEndpointAssociation",
    provider: vpcEndpointAssociationProvider,
    valid: { restApiId: "a1b2c3d4e5", vpcEndpointIds: VPCE, region: "us-east-1", exclusive: false, importExisting: true },
    fields: { restApiId: "scalar", vpcEndpointIds: "list", region: "scalar", exclusive: "scalar", importExisting: "scalar" },
    computed: [],
    noDiff: ["importExisting"],
    replaces: ["restApiId", "region"],
  },
  {
    name: "EndpointDnsReadiness",
    provider: endpointDnsReadinessProvider,
    valid: {
      restApiId: "a1b2c3d4e5",
      vpcEndpointIds: VPCE,
      region: "us-east-1",
      consecutiveChecks: 2,
      timeout: "5m",
      pollInterval: "1s",
      dnsServers: ["10.0.0.2:53", "10.0.0.3"],
      discoveryResolvers: ["10.0.0.2"],
      redeployStage: "prod",
      redeployAfter: "2m",
    },
    fields: {
      restApiId: "scalar",
      vpcEndpointIds: "list",
      region: "scalar",
      consecutiveChecks: "scalar",
      timeout: "scalar",
      pollInterval: "scalar",
      dnsServers: "list",
      discoveryResolvers: "list",
      redeployStage: "scalar",
      redeployAfter: "scalar",
    },
    computed: [],
    noDiff: ["consecutiveChecks", "timeout", "pollInterval", "dnsServers", "discoveryResolvers", "redeployStage", "redeployAfter"],
    replaces: [],
  },
  {
    name: "PrivateIntegration",
    provider: privateIntegrationProvider,
    valid: {
      restApiId: "a1b2c3d4e5",
      resourceId: "abc123",
      httpMethod: "GET",
      vpcLinkId: "vl0123",
      integrationTarget: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123456789abcdef",
      uri: "https://api.internal.example.com/orders",
      type: "HTTP_PROXY",
      integrationHttpMethod: "POST",
      timeoutInMillis: 10_000,
      tlsInsecureSkipVerification: false,
      requestParameters: { "integration.request.header.x-team": "'net'", "integration.request.path.id": "method.request.path.id" },
      createMethod: true,
      authorizationType: "AWS_IAM",
      region: "us-east-1",
    },
    fields: {
      restApiId: "scalar",
      resourceId: "scalar",
      httpMethod: "scalar",
      vpcLinkId: "scalar",
      integrationTarget: "scalar",
      uri: "scalar",
      type: "scalar",
      integrationHttpMethod: "scalar",
      timeoutInMillis: "scalar",
      tlsInsecureSkipVerification: "scalar",
      requestParameters: "map",
      createMethod: "scalar",
      authorizationType: "scalar",
      region: "scalar",
    },
    computed: [],
    noDiff: [],
    replaces: ["restApiId", "resourceId", "httpMethod", "region"],
  },
  {
    name: "StageRedeployment",
    provider: stageRedeploymentProvider,
    valid: {
      restApiId: "a1b2c3d4e5",
      stageName: "prod",
      when: "change",
      triggers: { orders: "0123456789abcdef", users: "fedcba9876543210" },
      description: "integrations changed",
      region: "us-east-1",
    },
    fields: { restApiId: "scalar", stageName: "scalar", when: "scalar", triggers: "map", description: "scalar", region: "scalar" },
    computed: [],
    noDiff: [],
    replaces: ["restApiId", "stageName", "when", "region"],
  },
  {
    name: "RestApiPolicyStatements",
    provider: restApiPolicyStatementsProvider,
    valid: {
      restApiId: "a1b2c3d4e5",
      statements: ["TeamA", "TeamB"].map((Sid, i) => ({
        Sid,
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        Condition: { StringEquals: { "aws:SourceVpce": [VPCE[i]] } },
      })),
      region: "us-east-1",
      redeployStages: ["dev", "prod"],
      importExisting: true,
    },
    fields: { restApiId: "scalar", statements: "list", region: "scalar", redeployStages: "list", importExisting: "scalar" },
    computed: [],
    noDiff: [],
    replaces: ["restApiId", "region"],
  },
  {
    name: "DomainNameAccessAssociations",
    provider: domainNameAccessAssociationsProvider,
    valid: {
      domainNameArn: DOMAIN_ARN,
      vpcEndpointIds: VPCE,
      region: "us-east-1",
      rejectOtherAccounts: true,
      otherAccountVpcEndpointIds: ["vpce-0fedcba9876543210", "vpce-1a2b3c4d"],
    },
    fields: {
      domainNameArn: "scalar",
      vpcEndpointIds: "list",
      region: "scalar",
      rejectOtherAccounts: "scalar",
      otherAccountVpcEndpointIds: "list",
    },
    computed: [],
    noDiff: [],
    replaces: ["domainNameArn", "region"],
  },
  {
    name: "DomainNameManagementPolicy",
    provider: domainNameManagementPolicyProvider,
    valid: { domainNameArn: DOMAIN_ARN, accountIds: ["444455556666", "777788889999"], region: "us-east-1" },
    fields: { domainNameArn: "scalar", accountIds: "list", region: "scalar" },
    computed: [],
    noDiff: [],
    replaces: ["domainNameArn", "region"],
  },
  {
    name: "DomainRoutingRules",
    provider: domainRoutingRulesProvider,
    valid: {
      domainNameArn: DOMAIN_ARN,
      region: "us-east-1",
      routingMode: "ROUTING_RULE_ONLY",
      rules: [
        {
          priority: 10,
          conditions: [{ matchHeaders: { anyOf: [{ header: "x-version", valueGlob: "beta*" }] } }],
          action: { invokeApi: { apiId: "a1b2c3d4e5", stage: "prod" } },
        },
        { priority: 20, conditions: [], action: { invokeApi: { apiId: "a1b2c3d4e5", stage: "prod", stripBasePath: true } } },
      ],
    },
    fields: { domainNameArn: "scalar", region: "scalar", routingMode: "scalar", rules: "list" },
    computed: [],
    noDiff: [],
    replaces: ["domainNameArn", "region"],
  },
  {
    name: "DomainNameResolution",
    provider: domainNameResolutionProvider,
    valid: {
      hostname: "api.internal.example.com",
      dnsServers: ["10.0.0.2:53", "10.0.0.3"],
      consecutiveChecks: 3,
      timeout: "5m",
      pollInterval: "1s",
      dependsOnArns: [`${DOMAIN_ARN}/vpce-0123456789abcdef0`, `${DOMAIN_ARN}/vpce-0a1b2c3d`],
    },
    fields: {
      hostname: "scalar",
      dnsServers: "list",
      consecutiveChecks: "scalar",
      timeout: "scalar",
      pollInterval: "scalar",
      dependsOnArns: "list",
    },
    computed: [],
    noDiff: ["dnsServers", "consecutiveChecks", "timeout", "pollInterval"],
    replaces: [],
  },
];

const REPO_ROOT = resolve(__dirname, "../../..");

/** Every resource type's name, from its token in provider/types.ts. */
const RESOURCE_TYPES = (Object.values(types) as unknown[])
  .filter((v): v is string => typeof v === "string" && v.startsWith("pulumi-nodejs:dynamic/apigw:"))
  .map((token) => token.split(":").pop() as string)
  .sort();

/** The members of `{name}Args` in provider/{folder}/model.ts: what a program may pass. */
function argsMembers(name: string): string[] {
  const source = readFileSync(join(REPO_ROOT, "provider", name.charAt(0).toLowerCase() + name.slice(1), "model.ts"), "utf8");
  const body = new RegExp(`^export interface ${name}Args \\{\\n([\\s\\S]*?)^\\}`, "m").exec(source)?.[1];
  assert.ok(body, `provider model of ${name} declares ${name}Args`);
  return [...body.matchAll(/^ {2}readonly (\w+)\??:/gm)].map((m) => m[1]);
}

/** Every way one field can be unknown: whole, one list item, or one map member. */
function variants(field: string, shape: Shape, value: unknown): [string, unknown][] {
  const out: [string, unknown][] = [[`${field} unknown`, UNKNOWN]];
  if (shape === "list") out.push([`one item of ${field} unknown`, [...(value as unknown[]).slice(1), UNKNOWN]]);
  if (shape === "map") {
    const [first] = Object.keys(value as object);
    out.push([`${field}.${first} unknown`, { ...(value as object), [first]: UNKNOWN }]);
  }
  return out;
}

describe("Preview unknowns in every provider's check() and diff()", () => {
  let saved: string | undefined;
  before(() => {
    saved = process.env.AWS_REGION;
    process.env.AWS_REGION = ENV_REGION;
  });
  after(() => {
    if (saved === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = saved;
  });

  it("the table holds every resource type", () => {
    assert.deepEqual(CASES.map((c) => c.name).sort(), RESOURCE_TYPES);
  });

  for (const c of CASES) {
    describe(c.name, () => {
      it(`the table lists every member of ${c.name}Args (a new argument must join the table)`, () => {
        const members = argsMembers(c.name);
        assert.ok(members.length > 0, `${c.name}Args has members`);
        assert.deepEqual(
          members.filter((k) => !(k in c.fields)),
          [],
          `arguments missing from the unknowns table of ${c.name}`,
        );
      });

      it("the table lists every field check() returns (a new field must join the table)", async () => {
        const { inputs, failures } = await c.provider.check!({}, c.valid);
        assert.deepEqual(failures ?? [], []);
        const unlisted = Object.keys(inputs).filter((k) => !(k in c.fields) && !c.computed.includes(k));
        assert.deepEqual(unlisted, [], `fields missing from the unknowns table of ${c.name}`);
        assert.deepEqual(
          Object.keys(c.fields).filter((k) => !(k in c.valid)),
          [],
          "the valid example sets every field",
        );
      });

      for (const [field, shape] of Object.entries(c.fields)) {
        for (const [label, unknown] of variants(field, shape, c.valid[field])) {
          it(`${label}: check() passes it without failures, diff() reports ${c.noDiff.includes(field) ? "no change" : "a possible change"}`, async () => {
            const olds = (await c.provider.check!({}, c.valid)).inputs;
            const { inputs, failures } = await c.provider.check!(olds, { ...c.valid, [field]: unknown });
            assert.deepEqual(failures ?? [], [], `check() failed on ${label}`);
            const carrier = c.foldedInto?.[field] ?? field;
            assert.ok(
              JSON.stringify(inputs[carrier] ?? null).includes(UNKNOWN),
              `check() kept the unknown of ${label} in ${carrier}, got ${JSON.stringify(inputs[carrier])}`,
            );
            const diff = await c.provider.diff!("id", olds, inputs);
            assert.equal(diff.changes, !c.noDiff.includes(field), `diff() of ${label}: ${JSON.stringify(diff)}`);
            assert.deepEqual(diff.replaces ?? [], c.replaces.includes(field) ? [field] : [], `replacements of ${label}`);
          });
        }
      }
    });
  }
});
