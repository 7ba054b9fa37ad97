/**
 * Policy private-domain-invoke-restricted: a PRIVATE aws.apigateway.DomainName's policy, as
 * PrivateDomainAccess writes it or as users do, against open and VPC-restricted statements.
 */
import * as assert from "node:assert/strict";
import { domainPolicyDocument } from "../../components/privateDomainAccess";
import { DOMAIN_NAME, privateDomainInvokeRestricted } from "../../policy/domainPolicies";
import { isUnknownValueError } from "../../policy/resources";
import { resourceArgs, resourceMessages, UNKNOWN_STRING } from "./harness";

const ARN = "arn:aws:apigateway:us-east-1:111122223333:/domainnames/api.internal.example.com+abcd1234";
const RESOURCE = "execute-api:/*";
const openAllow = { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: RESOURCE };
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const domain = (props: Record<string, unknown>) =>
  resourceArgs(DOMAIN_NAME, "internal", {
    domainName: "api.internal.example.com",
    certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/x",
    endpointConfiguration: { types: "PRIVATE" },
    ...props,
  });
const messages = (props: Record<string, unknown>) => resourceMessages(privateDomainInvokeRestricted, domain(props));

describe("policy private-domain-invoke-restricted", () => {
  it("accepts PrivateDomainAccess's policy, AWS's deny-outside pattern and no policy at all", async () => {
    assert.deepEqual(await messages({ policy: domainPolicyDocument(ARN, ["vpce-0123456789abcdef0"]) }), []);
    assert.deepEqual(
      await messages({
        policy: doc({ ...openAllow, Effect: "Deny", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-01234567" } } }, openAllow),
      }),
      [],
    );
    assert.deepEqual(await messages({}), []);
  });

  it("rejects an Allow to everyone without a VPC condition, naming the statement", async () => {
    assert.deepEqual(await messages({ policy: doc({ ...openAllow, Sid: "Everyone" }) }), [
      "DomainName 'internal' is PRIVATE and its policy statement 'Everyone' allows execute-api:Invoke to any principal without an aws:SourceVpce or aws:SourceVpc condition",
    ]);
  });

  it("reports a policy it cannot read", async () => {
    assert.deepEqual(await messages({ policy: "{ nope" }), [
      "DomainName 'internal' is PRIVATE and its policy is not valid JSON, so it cannot be checked for an aws:SourceVpce or aws:SourceVpc condition",
    ]);
  });

  it("ignores public domains, the list form of types included", async () => {
    assert.deepEqual(await messages({ endpointConfiguration: { types: "REGIONAL" }, policy: doc(openAllow) }), []);
    assert.deepEqual(await messages({ endpointConfiguration: { types: ["PRIVATE"] }, policy: doc(openAllow) }).then((m) => m.length), 1);
  });

  it("leaves a policy unknown at preview to the update", async () => {
    // Reading the unknown throws the library's UnknownValueError: the engine then skips the check.
    const error = await resourceMessages(privateDomainInvokeRestricted, domain({ policy: UNKNOWN_STRING })).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isUnknownValueError(error), String(error));
  });
});
