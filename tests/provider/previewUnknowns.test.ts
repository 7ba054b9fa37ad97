/**
 * Preview unknowns: every provider's check() accepts the engine's unknown marker in every field
 * and in every list item or map member, and diff() handles the result. The table names every
 * field; a guard fails when check() returns a field the table does not list, so a new field
 * cannot skip this test.
 */
import * as assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { endpointDnsReadinessProvider } from "../../provider/endpointDnsReadiness/index";
import { UNKNOWN } from "../../provider/validation";
import { vpcEndpointAssociationProvider } from "../../provider/vpcEndpointAssociation/index";
import { vpcLinkProvider } from "../../provider/vpcLink/index";

/** How a field is shaped: unknown as a whole, and also in one item (list) or one member (map). */
type Shape = "scalar" | "list" | "map";

interface ProviderCase {
  name: string;
  provider: pulumi.dynamic.ResourceProvider;
  /** Program inputs with every field set. */
  valid: Record<string, unknown>;
  fields: Record<string, Shape>;
  /** Fields check() adds itself. */
  computed: string[];
  /** Fields that never change a diff (read only on create, or options of a wait). */
  noDiff: string[];
}

const VPCE = ["vpce-0123456789abcdef0", "vpce-0a1b2c3d"];
const ENV_REGION = "us-east-1";

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
  },
  {
    name: "VpcEndpointAssociation",
    provider: vpcEndpointAssociationProvider,
    valid: { restApiId: "a1b2c3d4e5", vpcEndpointIds: VPCE, region: "us-east-1", exclusive: false, importExisting: true },
    fields: { restApiId: "scalar", vpcEndpointIds: "list", region: "scalar", exclusive: "scalar", importExisting: "scalar" },
    computed: [],
    noDiff: ["importExisting"],
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
  },
];

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

  for (const c of CASES) {
    describe(c.name, () => {
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
            const diff = await c.provider.diff!("id", olds, inputs);
            assert.equal(diff.changes, !c.noDiff.includes(field), `diff() of ${label}: ${JSON.stringify(diff)}`);
          });
        }
      }
    });
  }
});
