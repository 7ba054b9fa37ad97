import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { privateApiInvokeRestricted } from "../../policy/policies";
import { REST_API, REST_API_POLICY } from "../../policy/resources";
import { resourceArgs, resourceMessages, stackArgs, stackResource, UNKNOWN_STRING, urnOf, validateStack } from "./harness";

type Statement = Record<string, unknown>;
const doc = (...Statement: Statement[]) => JSON.stringify({ Version: "2012-10-17", Statement });

const RESOURCE = "execute-api:/*";
const openAllow: Statement = { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: RESOURCE };
const vpceAllow: Statement = { ...openAllow, Condition: { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } } };
/** AWS's documented private API policy: Deny from outside the endpoint, then an unconditioned Allow. */
const vpceDeny: Statement = {
  ...openAllow,
  Effect: "Deny",
  Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
};

const open = (label: string) =>
  `RestApi 'api' is PRIVATE and its policy ${label} allows execute-api:Invoke to any principal without an aws:SourceVpce or aws:SourceVpc condition`;

function privateApi(policy: unknown, types: unknown = "PRIVATE") {
  return resourceArgs(REST_API, "api", { name: "orders", endpointConfiguration: { types }, ...(policy === undefined ? {} : { policy }) });
}

describe("policy private-api-invoke-restricted", () => {
  it("is mandatory and checks resources (RestApi) and the stack (RestApiPolicy)", () => {
    assert.equal(privateApiInvokeRestricted.name, "private-api-invoke-restricted");
    assert.equal(privateApiInvokeRestricted.enforcementLevel, "mandatory");
    assert.equal(typeof privateApiInvokeRestricted.validateResource, "function");
    assert.equal(typeof privateApiInvokeRestricted.validateStack, "function");
  });

  describe("a PRIVATE RestApi's inline policy", () => {
    const compliant: [string, unknown][] = [
      ["no policy (nobody can invoke a private API without one)", undefined],
      ["an empty policy string", ""],
      ["an Allow with StringEquals aws:SourceVpce", doc(vpceAllow)],
      ["an Allow with StringEquals aws:SourceVpc", doc({ ...openAllow, Condition: { StringEquals: { "aws:SourceVpc": "vpc-0123abcd" } } })],
      [
        "an Allow with any operator on the key, any case",
        doc({ ...openAllow, Condition: { "ForAnyValue:StringLike": { "AWS:SOURCEVPCE": "vpce-*" } } }),
      ],
      ["an Allow to a named account", doc({ ...openAllow, Principal: { AWS: "arn:aws:iam::123456789012:root" } })],
      ["an Allow of another action", doc({ ...openAllow, Action: "execute-api:ManageConnections" })],
      ["an open Deny", doc({ ...openAllow, Effect: "Deny" })],
      ["AWS's Deny-outside-the-endpoint plus open Allow", doc(vpceDeny, openAllow)],
      [
        "a VPC Deny with StringNotEqualsIfExists on aws:SourceVpc",
        doc({ ...vpceDeny, Condition: { StringNotEqualsIfExists: { "aws:SourceVpc": "vpc-1" } } }, openAllow),
      ],
      ["a single statement object instead of a list", JSON.stringify({ Statement: vpceAllow })],
      ["a document without statements", JSON.stringify({ Version: "2012-10-17" })],
    ];
    for (const [title, policy] of compliant) {
      it(`accepts ${title}`, async () => {
        assert.deepEqual(await resourceMessages(privateApiInvokeRestricted, privateApi(policy)), []);
      });
    }

    const violating: [string, unknown, string[]][] = [
      ["an open Allow", doc(openAllow), [open("statement #1")]],
      ["an open Allow, labelled by its Sid", doc({ ...openAllow, Sid: "Everyone" }), [open("statement 'Everyone'")]],
      ['Principal {AWS: "*"}', doc({ ...openAllow, Principal: { AWS: "*" } }), [open("statement #1")]],
      ['Principal {AWS: ["*"]}', doc({ ...openAllow, Principal: { AWS: ["*"] } }), [open("statement #1")]],
      [
        "a NotPrincipal Allow",
        doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: "execute-api:Invoke", Resource: RESOURCE }),
        [open("statement #1")],
      ],
      ["Action execute-api:*", doc({ ...openAllow, Action: "execute-api:*" }), [open("statement #1")]],
      ["Action *", doc({ ...openAllow, Action: "*" }), [open("statement #1")]],
      [
        "Action as a list, any case",
        doc({ ...openAllow, Action: ["execute-api:ManageConnections", "EXECUTE-API:invoke"] }),
        [open("statement #1")],
      ],
      ["a NotAction Allow that leaves Invoke in", doc({ ...openAllow, Action: undefined, NotAction: "s3:*" }), [open("statement #1")]],
      [
        "an Allow conditioned only on the source IP",
        doc({ ...openAllow, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }),
        [open("statement #1")],
      ],
      ["the open statement among compliant ones", doc(vpceAllow, { ...openAllow, Sid: "Oops" }), [open("statement 'Oops'")]],
      ["two open statements, each reported", doc(openAllow, openAllow), [open("statement #1"), open("statement #2")]],
      [
        "a Deny that does not test the VPC",
        doc({ ...openAllow, Effect: "Deny", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }, openAllow),
        [open("statement #2")],
      ],
      [
        "a VPC Deny with a positive operator",
        doc({ ...vpceDeny, Condition: { StringEquals: { "aws:SourceVpce": "vpce-0a1b2c3d" } } }, openAllow),
        [open("statement #2")],
      ],
      [
        "a VPC Deny that covers other resources only",
        doc({ ...vpceDeny, Resource: "execute-api:/prod/GET/health" }, openAllow),
        [open("statement #2")],
      ],
      ["a VPC Deny of another action", doc({ ...vpceDeny, Action: "execute-api:ManageConnections" }, openAllow), [open("statement #2")]],
    ];
    for (const [title, policy, messages] of violating) {
      it(`rejects ${title}`, async () => {
        assert.deepEqual(await resourceMessages(privateApiInvokeRestricted, privateApi(policy)), messages);
      });
    }

    const unreadable: [string, string, string][] = [
      ["invalid JSON", "{ not json", "is not valid JSON"],
      ["a JSON list", "[]", "is not a JSON object"],
      ["a statement that is not an object", JSON.stringify({ Statement: ["Allow"] }), "has a Statement entry #1 that is not an object"],
    ];
    for (const [title, policy, problem] of unreadable) {
      it(`rejects a policy that is ${title}, saying it cannot be checked`, async () => {
        assert.deepEqual(await resourceMessages(privateApiInvokeRestricted, privateApi(policy)), [
          `RestApi 'api' is PRIVATE and its policy ${problem}, so it cannot be checked for an aws:SourceVpce or aws:SourceVpc condition`,
        ]);
      });
    }

    it("accepts the endpoint types as a list too (older @pulumi/aws)", async () => {
      assert.deepEqual(await resourceMessages(privateApiInvokeRestricted, privateApi(doc(openAllow), ["PRIVATE"])), [open("statement #1")]);
    });

    it("ignores REGIONAL and EDGE APIs, whose open policies are a different matter", async () => {
      for (const types of ["REGIONAL", "EDGE", ["REGIONAL"]]) {
        assert.deepEqual(await resourceMessages(privateApiInvokeRestricted, privateApi(doc(openAllow), types)), []);
      }
    });

    it("lets an unknown policy escape, so the engine reports it cannot run during preview", async () => {
      await assert.rejects(
        resourceMessages(privateApiInvokeRestricted, privateApi(UNKNOWN_STRING)),
        (e: Error) => e.message === "string value at .policy can't be known during preview",
      );
    });

    it("has no config, so a config value changes nothing", async () => {
      const args = resourceArgs(
        REST_API,
        "api",
        { endpointConfiguration: { types: "PRIVATE" }, policy: doc(openAllow) },
        { config: { minSubnets: 1 } },
      );
      assert.deepEqual(await resourceMessages(privateApiInvokeRestricted, args), [open("statement #1")]);
    });
  });

  describe("a RestApiPolicy (stack)", () => {
    const API_ID = "abcde12345";
    function api(name: string, types: string, id = API_ID): PolicyResource {
      return stackResource(REST_API, name, { id, name, endpointConfiguration: { types, vpcEndpointIds: [] } });
    }
    function restApiPolicy(target: PolicyResource | undefined, policy: unknown, restApiId = API_ID): PolicyResource {
      return stackResource(REST_API_POLICY, "pol", { restApiId, policy }, { propertyDependencies: target ? { restApiId: [target] } : {} });
    }
    const violation = (label: string) => ({
      message:
        `RestApiPolicy 'pol' applies to PRIVATE RestApi 'api' and its policy ${label} allows execute-api:Invoke ` +
        "to any principal without an aws:SourceVpce or aws:SourceVpc condition",
      urn: urnOf(REST_API_POLICY, "pol"),
    });
    const check = (resources: PolicyResource[]) => validateStack(privateApiInvokeRestricted, stackArgs(resources));

    it("reports an open statement of the policy of a PRIVATE RestApi, found by dependency", async () => {
      const target = api("api", "PRIVATE");
      assert.deepEqual(await check([target, restApiPolicy(target, doc(openAllow))]), [violation("statement #1")]);
    });

    it("finds the RestApi by equal id when there is no dependency", async () => {
      assert.deepEqual(await check([api("api", "PRIVATE"), restApiPolicy(undefined, doc(openAllow))]), [violation("statement #1")]);
    });

    it("accepts a compliant policy of a PRIVATE RestApi", async () => {
      const target = api("api", "PRIVATE");
      assert.deepEqual(await check([target, restApiPolicy(target, doc(vpceDeny, openAllow))]), []);
    });

    it("reports an unreadable policy", async () => {
      const target = api("api", "PRIVATE");
      assert.deepEqual(await check([target, restApiPolicy(target, "{")]), [
        {
          message:
            "RestApiPolicy 'pol' applies to PRIVATE RestApi 'api' and its policy is not valid JSON, so it cannot be checked for an aws:SourceVpce or aws:SourceVpc condition",
          urn: urnOf(REST_API_POLICY, "pol"),
        },
      ]);
    });

    it("ignores the policy of a REGIONAL RestApi, and of an API outside the stack", async () => {
      const regional = api("api", "REGIONAL");
      assert.deepEqual(await check([regional, restApiPolicy(regional, doc(openAllow))]), []);
      assert.deepEqual(await check([restApiPolicy(undefined, doc(openAllow), "zzzzz99999")]), []);
    });

    it("does not check a RestApi's inline policy again at stack level", async () => {
      const inline = stackResource(REST_API, "api", { id: API_ID, endpointConfiguration: { types: "PRIVATE" }, policy: doc(openAllow) });
      assert.deepEqual(await check([inline]), []);
    });

    it("skips a policy unknown during preview (checked again after the update) but checks the others", async () => {
      const target = api("api", "PRIVATE", UNKNOWN_STRING);
      const pending = restApiPolicy(target, UNKNOWN_STRING, UNKNOWN_STRING);
      assert.deepEqual(await check([target, pending]), []);
      const known = restApiPolicy(target, doc(openAllow), UNKNOWN_STRING);
      assert.deepEqual(await check([target, pending, known]), [violation("statement #1")]);
    });
  });
});
