/**
 * DomainNameAccessAssociations' pure model, with no AWS and no sandbox: check() takes the region
 * from the ARN, normalises the endpoint lists, names the field and the rule of each failure, and
 * passes unknown values.
 */
import * as assert from "node:assert/strict";
import { checkAccessAssociationsInputs, diffAccessAssociations } from "../../provider/domainNameAccessAssociations/index";
import { UNKNOWN } from "../../provider/validation";

describe("DomainNameAccessAssociations check()", () => {
  const arn = "arn:aws:apigateway:us-east-1:111122223333:/domainnames/api.internal.example.com+abcd1234";
  const failures = (news: Record<string, unknown>) => (checkAccessAssociationsInputs(news, {}).failures ?? []).map((f) => f.reason);

  it("takes the region from the ARN and normalises the endpoints", () => {
    const result = checkAccessAssociationsInputs(
      { domainNameArn: arn, vpcEndpointIds: ["vpce-0123456789abcdef1", "vpce-0123456789abcdef0", "vpce-0123456789abcdef1"] },
      {},
    );
    assert.equal(result.failures, undefined);
    assert.deepEqual(result.inputs, {
      domainNameArn: arn,
      region: "us-east-1",
      vpcEndpointIds: ["vpce-0123456789abcdef0", "vpce-0123456789abcdef1"],
      rejectOtherAccounts: false,
      otherAccountVpcEndpointIds: [],
    });
  });

  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      "a public domain's ARN",
      { domainNameArn: "arn:aws:apigateway:us-east-1::/domainnames/api.example.com", vpcEndpointIds: ["vpce-01234567"] },
      /^domainNameArn: .* is not a private domain name ARN/,
    ],
    [
      "another region",
      { domainNameArn: arn, region: "eu-west-1", vpcEndpointIds: ["vpce-01234567"] },
      /^region: eu-west-1 differs from the domain's region in domainNameArn \(us-east-1\)/,
    ],
    [
      "a bad endpoint id",
      { domainNameArn: arn, vpcEndpointIds: ["vpce-xyz"] },
      /^vpcEndpointIds\[0\]: "vpce-xyz" is not a VPC endpoint id/,
    ],
    ["no endpoints", { domainNameArn: arn, vpcEndpointIds: [] }, /^vpcEndpointIds: must not be empty/],
    [
      "a bad domainNameId",
      { domainNameArn: arn.replace("abcd1234", "ABCD"), vpcEndpointIds: ["vpce-01234567"] },
      /^domainNameArn: the domainNameId "ABCD"/,
    ],
    [
      "a partition that does not match",
      { domainNameArn: arn.replace("arn:aws:", "arn:aws-cn:"), vpcEndpointIds: ["vpce-01234567"] },
      /^domainNameArn: partition aws-cn does not match region us-east-1/,
    ],
    [
      "a non-boolean rejectOtherAccounts",
      { domainNameArn: arn, vpcEndpointIds: ["vpce-01234567"], rejectOtherAccounts: "yes" },
      /^rejectOtherAccounts: must be true or false/,
    ],
  ];
  for (const [name, news, reason] of cases) {
    it(`refuses ${name}`, () =>
      assert.ok(
        failures(news).some((f) => reason.test(f)),
        failures(news).join("; "),
      ));
  }

  it("lets an owner that only rejects declare no endpoints, and passes unknown values", () => {
    assert.deepEqual(failures({ domainNameArn: arn, rejectOtherAccounts: true }), []);
    assert.deepEqual(failures({ domainNameArn: UNKNOWN, region: "us-east-1", vpcEndpointIds: UNKNOWN }), []);
    assert.deepEqual(failures({ domainNameArn: UNKNOWN, vpcEndpointIds: ["vpce-01234567"] }), [], "the region comes with the ARN");
    assert.deepEqual(failures({ domainNameArn: arn, vpcEndpointIds: ["vpce-01234567", UNKNOWN] }), []);
    assert.deepEqual(
      failures({ domainNameArn: arn, rejectOtherAccounts: UNKNOWN }),
      [],
      "an unknown flag may be an owner's that only rejects",
    );
  });

  it("keeps an unknown rejectOtherAccounts unknown, and diff() reports the possible change", () => {
    const { inputs } = checkAccessAssociationsInputs(
      { domainNameArn: arn, vpcEndpointIds: ["vpce-01234567"], rejectOtherAccounts: UNKNOWN },
      {},
    );
    assert.ok(inputs, "check() returns inputs");
    assert.equal(inputs.rejectOtherAccounts, UNKNOWN);
    const olds = { ...inputs, rejectOtherAccounts: false };
    assert.equal(diffAccessAssociations(olds, inputs).changes, true);
  });
});
