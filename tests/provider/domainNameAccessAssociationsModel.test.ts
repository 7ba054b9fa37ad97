/**
 * DomainNameAccessAssociations against the sandbox, through the real SDK: exact calls per change,
 * adoption, a consumer account working from the domain's ARN alone, rejection of undeclared
 * foreign associations, a lost create response, the account quota, and the serialized provider.
 */
import * as assert from "node:assert/strict";
import { checkAccessAssociationsInputs } from "../../provider/domainNameAccessAssociations/index";
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
  });
});
