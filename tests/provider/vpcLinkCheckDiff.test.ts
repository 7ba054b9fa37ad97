import * as assert from "node:assert/strict";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pulumi from "@pulumi/pulumi";
import {
  checkVpcLinkInputs,
  diffTags,
  diffVpcLink,
  VpcLink,
  vpcLinkArn,
  vpcLinkProvider,
  type VpcLinkInputs,
  type VpcLinkOutputs,
} from "../../provider/vpcLink/index";
import { parseDuration } from "../../provider/duration";
import { UNKNOWN } from "../../provider/validation";
import { useRecordingClients } from "../../support/recordingClients";
import { TEST_SECRET_ACCESS_KEY } from "../../support/sandbox";

const S1 = "subnet-0123456789abcdef0";
const S2 = "subnet-0a1b2c3d";
const S3 = "subnet-fedcba9876543210f";
const G1 = "sg-0123456789abcdef0";
const G2 = "sg-0a1b2c3d";
const ENV = { AWS_REGION: "us-east-1" };
const valid = { name: "link", subnetIds: [S1], securityGroupIds: [G1] };

const olds = (extra: Partial<VpcLinkOutputs> = {}): VpcLinkOutputs => ({
  vpcLinkId: "abc1234",
  arn: vpcLinkArn("us-east-1", "abc1234"),
  name: "link",
  subnetIds: [S1, S2],
  securityGroupIds: [G1],
  tags: { team: "a" },
  region: "us-east-1",
  status: "AVAILABLE",
  statusMessage: "ready",
  ...extra,
});
const news = (extra: Partial<VpcLinkInputs> = {}): VpcLinkInputs => ({
  name: "link",
  subnetIds: [S1, S2],
  securityGroupIds: [G1],
  tags: { team: "a" },
  region: "us-east-1",
  ...extra,
});

describe("VpcLink check()", () => {
  const aws = useRecordingClients();

  const badInputs: [string, Record<string, unknown>, string, RegExp][] = [
    ["name missing", { ...valid, name: undefined }, "name", /name: must be a string of 1 to 128 characters, got null/],
    ["name empty", { ...valid, name: "" }, "name", /name: must be a string of 1 to 128 characters, got 0 characters/],
    ["name of 129 characters", { ...valid, name: "x".repeat(129) }, "name", /name: .*got 129 characters/],
    ["name a number", { ...valid, name: 42 }, "name", /name: .*got 42/],
    ["subnetIds missing", { ...valid, subnetIds: undefined }, "subnetIds", /subnetIds: is required/],
    ["subnetIds empty", { ...valid, subnetIds: [] }, "subnetIds", /subnetIds: must not be empty/],
    ["subnetIds not a list", { ...valid, subnetIds: S1 }, "subnetIds", /subnetIds: must be a list of a subnet id/],
    [
      "11 subnets",
      { ...valid, subnetIds: Array.from({ length: 11 }, (_, i) => `subnet-0000000${i.toString(16)}`) },
      "subnetIds",
      /subnetIds: takes at most 10 ids, got 11/,
    ],
    [
      "subnet id with 9 hex digits",
      { ...valid, subnetIds: ["subnet-012345678"] },
      "subnetIds[0]",
      /subnetIds\[0\]: "subnet-012345678" is not a subnet id \(subnet- followed by 8 or 17/,
    ],
    ["subnet id in upper case", { ...valid, subnetIds: [S1, "subnet-0A1B2C3D"] }, "subnetIds[1]", /subnetIds\[1\]: "subnet-0A1B2C3D"/],
    ["a security group id as subnet", { ...valid, subnetIds: [G2] }, "subnetIds[0]", /subnetIds\[0\]: "sg-0a1b2c3d" is not a subnet id/],
    ["securityGroupIds missing", { ...valid, securityGroupIds: undefined }, "securityGroupIds", /securityGroupIds: is required/],
    [
      "security group id malformed",
      { ...valid, securityGroupIds: ["sg-xyz"] },
      "securityGroupIds[0]",
      /securityGroupIds\[0\]: "sg-xyz" is not a security group id \(sg- followed by 8 or 17/,
    ],
    ["tags a list", { ...valid, tags: ["a"] }, "tags", /tags: must be a map of string keys to string values/],
    [
      "tag with the aws: prefix",
      { ...valid, tags: { "aws:owner": "me" } },
      'tags["aws:owner"]',
      /tags\["aws:owner"\]: the aws: key prefix is reserved/,
    ],
    ["tag value a number", { ...valid, tags: { team: 5 } }, 'tags["team"]', /tags\["team"\]: a tag value must be a string/],
    ["tag value of 257 characters", { ...valid, tags: { team: "v".repeat(257) } }, 'tags["team"]', /at most 256 characters/],
    [
      "tag key of 129 characters",
      { ...valid, tags: { ["k".repeat(129)]: "v" } },
      `tags["${"k".repeat(129)}"]`,
      /a tag key must be 1 to 128 characters/,
    ],
    [
      "51 tags",
      { ...valid, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) },
      "tags",
      /tags: takes at most 49 tags \(AWS allows 50; one is the creation token\), got 51/,
    ],
    ["region malformed", { ...valid, region: "moon-1" }, "region", /region: "moon-1" does not look like an AWS region/],
    ["timeouts a string", { ...valid, timeouts: "10m" }, "timeouts", /timeouts: must be an object \{ create\?, delete\? \}/],
    [
      "create timeout in words",
      { ...valid, timeouts: { create: "10 minutes" } },
      "timeouts.create",
      /timeouts.create: "10 minutes" is not a duration: write a string such as "10m"/,
    ],
    [
      "delete timeout as a number",
      { ...valid, timeouts: { delete: 600000 } },
      "timeouts.delete",
      /timeouts.delete: 600000 is not a duration/,
    ],
    ["zero create timeout", { ...valid, timeouts: { create: "0s" } }, "timeouts.create", /timeouts.create: must be longer than zero/],
    [
      "unknown timeout",
      { ...valid, timeouts: { update: "1m" } },
      "timeouts.update",
      /timeouts.update: is not a timeout of a VPC link \(only create and delete\)/,
    ],
    [
      "import id with a dash",
      { ...valid, importVpcLinkId: "abc-123" },
      "importVpcLinkId",
      /importVpcLinkId: "abc-123" is not a VPC link id \(lowercase letters and digits\)/,
    ],
  ];

  for (const [title, input, property, reason] of badInputs) {
    it(`rejects ${title}, naming ${property}, with no AWS call`, async () => {
      aws.clear();
      const result = await vpcLinkProvider.check!({} as VpcLinkInputs, input as unknown as VpcLinkInputs);
      assert.ok(result.failures?.length, "expected a failure");
      assert.ok(
        result.failures.some((f) => f.property === property && reason.test(f.reason)),
        JSON.stringify(result.failures),
      );
      assert.deepEqual(aws.calls, []);
    });
  }

  it("rejects a missing region when neither the input nor the environment has one", () => {
    const result = checkVpcLinkInputs(valid, {});
    assert.deepEqual(
      result.failures?.map((f) => f.property),
      ["region"],
    );
    assert.match(result.failures![0].reason, /region: no region is set/);
  });

  it("sorts and deduplicates ids, defaults tags, resolves the region, keeps given timeouts", () => {
    const result = checkVpcLinkInputs(
      { name: "link", subnetIds: [S3, S1, S3, S2], securityGroupIds: [G1, G2, G1], timeouts: { create: "90s" } },
      ENV,
    );
    assert.equal(result.failures, undefined);
    const { creationToken, ...rest } = result.inputs!;
    assert.deepEqual(rest, {
      name: "link",
      subnetIds: [S1, S2, S3],
      securityGroupIds: [G2, G1].sort(),
      tags: {},
      region: "us-east-1",
      timeouts: { create: "90s" },
    });
    assert.match(creationToken ?? "", /^[0-9a-f]{32}\.0$/, "a new resource's creation token has generation 0");
  });

  it("accepts an empty security group list and unknown (preview) values without failures", () => {
    assert.equal(checkVpcLinkInputs({ ...valid, securityGroupIds: [] }, ENV).failures, undefined);
    const preview = checkVpcLinkInputs(
      { name: UNKNOWN, subnetIds: [S1, UNKNOWN], securityGroupIds: UNKNOWN, tags: { a: UNKNOWN }, timeouts: { create: UNKNOWN } },
      ENV,
    );
    assert.equal(preview.failures, undefined);
  });

  it("returns inputs the host can encode (no undefined members)", () => {
    for (const input of [valid, { ...valid, tags: { a: "b" }, timeouts: { delete: "1h" }, region: "eu-west-1" }]) {
      Struct.fromJavaScript(checkVpcLinkInputs(input, ENV).inputs as never);
    }
  });
});

describe("VpcLink diff()", () => {
  const cases: [string, Partial<VpcLinkOutputs>, Partial<VpcLinkInputs>, { changes: boolean; replaces: string[] }][] = [
    ["identical", {}, {}, { changes: false, replaces: [] }],
    ["subnets in another order", {}, { subnetIds: [S2, S1] }, { changes: false, replaces: [] }],
    ["security groups in another order", { securityGroupIds: [G1, G2] }, { securityGroupIds: [G2, G1] }, { changes: false, replaces: [] }],
    ["tags in another key order", { tags: { a: "1", b: "2" } }, { tags: { b: "2", a: "1" } }, { changes: false, replaces: [] }],
    [
      "an AWS-managed tag in the state",
      { tags: { team: "a", "aws:cloudformation:stack-name": "x" } },
      {},
      { changes: false, replaces: [] },
    ],
    ["the default timeouts spelled out", {}, { timeouts: { create: "10m", delete: "600s" } }, { changes: false, replaces: [] }],
    ["a subnet added", {}, { subnetIds: [S1, S2, S3] }, { changes: true, replaces: ["subnetIds"] }],
    ["a subnet swapped", {}, { subnetIds: [S1, S3] }, { changes: true, replaces: ["subnetIds"] }],
    ["a security group added", {}, { securityGroupIds: [G1, G2] }, { changes: true, replaces: ["securityGroupIds"] }],
    ["security groups emptied", {}, { securityGroupIds: [] }, { changes: true, replaces: ["securityGroupIds"] }],
    [
      "subnets and security groups changed",
      {},
      { subnetIds: [S3], securityGroupIds: [G2] },
      { changes: true, replaces: ["subnetIds", "securityGroupIds"] },
    ],
    ["another region", {}, { region: "eu-west-1" }, { changes: true, replaces: ["region"] }],
    ["subnets unknown at preview", {}, { subnetIds: [UNKNOWN] }, { changes: true, replaces: ["subnetIds"] }],
    ["a new name", {}, { name: "renamed" }, { changes: true, replaces: [] }],
    ["a tag added", {}, { tags: { team: "a", env: "prod" } }, { changes: true, replaces: [] }],
    ["a tag removed", {}, { tags: {} }, { changes: true, replaces: [] }],
    ["a tag value changed", {}, { tags: { team: "b" } }, { changes: true, replaces: [] }],
    ["a longer delete timeout", {}, { timeouts: { delete: "20m" } }, { changes: true, replaces: [] }],
  ];
  for (const [title, o, n, expected] of cases) {
    it(`${title}: ${expected.replaces.length ? `replaces ${expected.replaces.join(", ")}` : expected.changes ? "updates in place" : "no change"}`, async () => {
      const result = await vpcLinkProvider.diff!("abc1234", olds(o), news(n));
      assert.deepEqual({ changes: result.changes, replaces: result.replaces }, expected);
      assert.equal(result.deleteBeforeReplace, false);
    });
  }

  it("is pure: the same answer twice, inputs untouched", () => {
    const o = olds();
    const n = news({ subnetIds: [S3] });
    const before = JSON.stringify([o, n]);
    assert.deepEqual(diffVpcLink(o, n), diffVpcLink(o, n));
    assert.equal(JSON.stringify([o, n]), before);
  });
});

describe("VpcLink pure helpers", () => {
  const tagCases: [string, Record<string, string>, Record<string, string>, { set: Record<string, string>; remove: string[] }][] = [
    ["equal", { a: "1" }, { a: "1" }, { set: {}, remove: [] }],
    ["added, changed and removed", { a: "1", b: "2", c: "3" }, { a: "1", b: "20", d: "4" }, { set: { b: "20", d: "4" }, remove: ["c"] }],
    ["all removed", { b: "2", a: "1" }, {}, { set: {}, remove: ["a", "b"] }],
    ["aws: tags never removed", { "aws:x": "1", a: "1" }, {}, { set: {}, remove: ["a"] }],
  ];
  for (const [title, o, n, expected] of tagCases) it(`diffTags: ${title}`, () => assert.deepEqual(diffTags(o, n), expected));

  const durations: [unknown, number | undefined][] = [
    ["10m", 600_000],
    ["90s", 90_000],
    ["500ms", 500],
    ["1h30m", 5_400_000],
    ["1m30s", 90_000],
    ["1.5s", 1_500],
    ["10", undefined],
    ["10 m", undefined],
    ["m", undefined],
    ["-1s", undefined],
    ["", undefined],
    [600_000, undefined],
    ["10d", undefined],
  ];
  for (const [text, ms] of durations) it(`parseDuration(${JSON.stringify(text)}) is ${ms}`, () => assert.equal(parseDuration(text), ms));

  it("builds the ARN in each partition", () => {
    assert.equal(vpcLinkArn("us-east-1", "abc1234"), "arn:aws:apigateway:us-east-1::/vpclinks/abc1234");
    assert.equal(vpcLinkArn("cn-north-1", "abc1234"), "arn:aws-cn:apigateway:cn-north-1::/vpclinks/abc1234");
    assert.equal(vpcLinkArn("us-gov-west-1", "abc1234"), "arn:aws-us-gov:apigateway:us-gov-west-1::/vpclinks/abc1234");
  });
});

describe("VpcLink resource class", () => {
  it("registers pulumi-nodejs:dynamic/apigw:VpcLink with the stack's region and a credential-free provider; get() reads by id", async () => {
    const registered: pulumi.runtime.MockResourceArgs[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      "project",
      "stack",
    );
    const saved = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_SECRET_ACCESS_KEY;
    try {
      const link = new VpcLink("link", { name: "my-link", subnetIds: [S1], securityGroupIds: [G1], region: "eu-west-1" });
      const urn = await new Promise<string>((resolve) => link.urn.apply(resolve));
      assert.match(urn, /pulumi-nodejs:dynamic\/apigw:VpcLink::link$/);
      const [args] = registered;
      assert.equal(args.type, "pulumi-nodejs:dynamic/apigw:VpcLink");
      assert.equal(args.inputs.region, "eu-west-1");
      assert.equal(typeof args.inputs.__provider, "string");
      assert.ok(!String(args.inputs.__provider).includes(TEST_SECRET_ACCESS_KEY));

      pulumi.runtime.setConfig("aws:region", "ap-southeast-2");
      const fromConfig = new VpcLink("from-config", { name: "my-link", subnetIds: [S1], securityGroupIds: [G1] });
      await new Promise((resolve) => fromConfig.urn.apply(resolve));
      assert.equal(registered[1].inputs.region, "ap-southeast-2");

      const adopted = VpcLink.get("adopted", "abc1234", "eu-west-1");
      assert.equal(await new Promise((resolve) => adopted.id.apply(resolve)), "abc1234");
      assert.deepEqual(
        [registered[2].type, registered[2].id, registered[2].inputs.region],
        ["pulumi-nodejs:dynamic/apigw:VpcLink", "abc1234", "eu-west-1"],
      );
    } finally {
      if (saved === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved;
    }
  });
});
