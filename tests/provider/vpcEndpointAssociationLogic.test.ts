import * as assert from "node:assert/strict";
import {
  checkAssociationInputs,
  diffAssociation,
  planAssociation,
  patchOperations,
  vpcEndpointAssociationProvider,
  type VpcEndpointAssociationOutputs,
} from "../../provider/vpcEndpointAssociation/index";
import { UNKNOWN } from "../../provider/validation";
import { useRecordingClients } from "../../support/recordingClients";

const API = "abcde12345";
const A = "vpce-0123456789abcdef0";
const B = "vpce-0a1b2c3d";
const C = "vpce-fedcba9876543210f";
const ENV = { AWS_REGION: "us-east-1" };

describe("VpcEndpointAssociation check()", () => {
  const aws = useRecordingClients();

  const badInputs: [string, Record<string, unknown>, RegExp][] = [
    ["missing restApiId", { vpcEndpointIds: [A] }, /restApiId: null is not a REST API id/],
    ["restApiId too short", { restApiId: "abc", vpcEndpointIds: [A] }, /restApiId: "abc" is not a REST API id \(10 lowercase/],
    ["restApiId upper case", { restApiId: "ABCDE12345", vpcEndpointIds: [A] }, /restApiId: "ABCDE12345"/],
    ["restApiId with a dash", { restApiId: "abcde-1234", vpcEndpointIds: [A] }, /restApiId: "abcde-1234"/],
    ["restApiId a number", { restApiId: 1234567890, vpcEndpointIds: [A] }, /restApiId: 1234567890/],
    ["vpcEndpointIds missing", { restApiId: API }, /vpcEndpointIds: is required/],
    ["vpcEndpointIds empty", { restApiId: API, vpcEndpointIds: [] }, /vpcEndpointIds: must not be empty/],
    ["vpcEndpointIds not a list", { restApiId: API, vpcEndpointIds: A }, /vpcEndpointIds: must be a list of a VPC endpoint id/],
    [
      "id without prefix",
      { restApiId: API, vpcEndpointIds: ["0123456789abcdef0"] },
      /vpcEndpointIds\[0\]: "0123456789abcdef0" is not a VPC endpoint id \(vpce- followed by 8 or 17/,
    ],
    ["id with 9 hex digits", { restApiId: API, vpcEndpointIds: ["vpce-0123456789"] }, /vpcEndpointIds\[0\]: "vpce-0123456789"/],
    [
      "id with 16 hex digits",
      { restApiId: API, vpcEndpointIds: ["vpce-0123456789abcdef"] },
      /vpcEndpointIds\[0\]: "vpce-0123456789abcdef"/,
    ],
    ["id with upper-case hex", { restApiId: API, vpcEndpointIds: ["vpce-0123ABCD"] }, /vpcEndpointIds\[0\]: "vpce-0123ABCD"/],
    ["id with non-hex letters", { restApiId: API, vpcEndpointIds: ["vpce-0123zzzz"] }, /vpcEndpointIds\[0\]: "vpce-0123zzzz"/],
    ["second id bad", { restApiId: API, vpcEndpointIds: [A, "subnet-01234567"] }, /vpcEndpointIds\[1\]: "subnet-01234567"/],
    ["id not a string", { restApiId: API, vpcEndpointIds: [42] }, /vpcEndpointIds\[0\]: 42 is not/],
    ["region malformed", { restApiId: API, vpcEndpointIds: [A], region: "useast1" }, /region: "useast1" does not look like an AWS region/],
    [
      "region upper case",
      { restApiId: API, vpcEndpointIds: [A], region: "US-EAST-1" },
      /region: "US-EAST-1" does not look like an AWS region/,
    ],
    ["exclusive not boolean", { restApiId: API, vpcEndpointIds: [A], exclusive: "yes" }, /exclusive: must be true or false, got "yes"/],
  ];

  for (const [title, input, message] of badInputs) {
    it(`rejects ${title} with a message naming the field, before any AWS call`, async () => {
      aws.clear();
      const result = await vpcEndpointAssociationProvider.check!({} as never, input as never);
      assert.ok(result.failures?.length, "expected failures");
      assert.match(result.failures.map((f) => f.reason).join("\n"), message);
      assert.deepEqual(aws.calls, []);
    });
  }

  it("says so when no region is set anywhere", () => {
    const result = checkAssociationInputs({ restApiId: API, vpcEndpointIds: [A] }, {});
    assert.equal(result.failures?.[0].property, "region");
    assert.match(
      result.failures?.[0].reason ?? "",
      /region: no region is set: pass `region`, set the `aws:region` stack config, or set AWS_REGION/,
    );
  });

  it("resolves the region from the input first, then AWS_REGION, then AWS_DEFAULT_REGION", () => {
    const inputs = { restApiId: API, vpcEndpointIds: [A] };
    assert.equal(checkAssociationInputs({ ...inputs, region: "eu-west-1" }, { AWS_REGION: "us-east-1" }).inputs?.region, "eu-west-1");
    assert.equal(checkAssociationInputs(inputs, { AWS_REGION: "us-east-2", AWS_DEFAULT_REGION: "us-west-1" }).inputs?.region, "us-east-2");
    assert.equal(checkAssociationInputs(inputs, { AWS_DEFAULT_REGION: "us-west-1" }).inputs?.region, "us-west-1");
    assert.equal(checkAssociationInputs({ ...inputs, region: "cn-north-1" }, {}).inputs?.region, "cn-north-1");
  });

  it("collapses duplicates and sorts, so order never matters", () => {
    const result = checkAssociationInputs({ restApiId: API, vpcEndpointIds: [C, A, C, B, A] }, ENV);
    assert.equal(result.failures, undefined);
    assert.deepEqual(result.inputs, { restApiId: API, vpcEndpointIds: [A, B, C].sort(), region: "us-east-1", exclusive: false });
  });

  it("lets values unknown at preview through without failing", () => {
    const unknown = UNKNOWN;
    assert.equal(checkAssociationInputs({ restApiId: unknown, vpcEndpointIds: [A, unknown] }, ENV).failures, undefined);
    assert.equal(checkAssociationInputs({ restApiId: API, vpcEndpointIds: unknown }, ENV).failures, undefined);
  });
});

describe("VpcEndpointAssociation diff()", () => {
  const olds: VpcEndpointAssociationOutputs = {
    restApiId: API,
    region: "us-east-1",
    exclusive: false,
    vpcEndpointIds: [A, B],
    adoptedVpcEndpointIds: [],
    apiVpcEndpointIds: [A, B],
  };
  const news = { restApiId: API, region: "us-east-1", exclusive: false, vpcEndpointIds: [A, B] };

  const cases: [string, Partial<typeof news>, { changes: boolean; replaces: string[] }][] = [
    ["the same set in another order", { vpcEndpointIds: [B, A] }, { changes: false, replaces: [] }],
    ["one id added", { vpcEndpointIds: [A, B, C] }, { changes: true, replaces: [] }],
    ["one id removed", { vpcEndpointIds: [A] }, { changes: true, replaces: [] }],
    ["one id swapped", { vpcEndpointIds: [A, C] }, { changes: true, replaces: [] }],
    ["exclusive switched on", { exclusive: true }, { changes: true, replaces: [] }],
    ["another REST API", { restApiId: "zyxwv98765" }, { changes: true, replaces: ["restApiId"] }],
    ["another region", { region: "eu-west-1" }, { changes: true, replaces: ["region"] }],
  ];
  for (const [title, change, expected] of cases) {
    it(`${title}: changes=${expected.changes}, replaces=[${expected.replaces.join(", ")}]`, () => {
      const result = diffAssociation(olds, { ...news, ...change });
      assert.equal(result.changes, expected.changes);
      assert.deepEqual(result.replaces, expected.replaces);
    });
  }
});

describe("VpcEndpointAssociation planAssociation()", () => {
  const FOREIGN = "vpce-99999999";
  const cases: [string, Parameters<typeof planAssociation>[0], { add: string[]; remove: string[] }][] = [
    [
      "adds only what is missing",
      { current: [A, FOREIGN], desired: [A, B], managedBefore: [], adopted: [], exclusive: false },
      { add: [B], remove: [] },
    ],
    [
      "removes only released ids it managed",
      { current: [A, B, FOREIGN], desired: [A], managedBefore: [A, B], adopted: [], exclusive: false },
      { add: [], remove: [B] },
    ],
    [
      "never removes foreign ids unless exclusive",
      { current: [A, FOREIGN], desired: [A], managedBefore: [A], adopted: [], exclusive: false },
      { add: [], remove: [] },
    ],
    [
      "exclusive removes every undeclared id",
      { current: [A, FOREIGN], desired: [A, B], managedBefore: [A], adopted: [], exclusive: true },
      { add: [B], remove: [FOREIGN] },
    ],
    [
      "leaves adopted ids in place when released",
      { current: [A, B], desired: [A], managedBefore: [A, B], adopted: [B], exclusive: false },
      { add: [], remove: [] },
    ],
    [
      "skips released ids already gone",
      { current: [A], desired: [A], managedBefore: [A, B], adopted: [], exclusive: false },
      { add: [], remove: [] },
    ],
    [
      "nothing to do when converged",
      { current: [A, B], desired: [B, A], managedBefore: [A, B], adopted: [], exclusive: false },
      { add: [], remove: [] },
    ],
  ];
  for (const [title, input, expected] of cases) {
    it(title, () => assert.deepEqual(planAssociation(input), expected));
  }

  it("turns a plan into one operation per id on the vpcEndpointIds path", () => {
    assert.deepEqual(patchOperations({ add: [A], remove: [B] }), [
      { op: "remove", path: "/endpointConfiguration/vpcEndpointIds", value: B },
      { op: "add", path: "/endpointConfiguration/vpcEndpointIds", value: A },
    ]);
  });
});
