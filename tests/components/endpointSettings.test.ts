/**
 * The endpoint settings PrivateApiAccess and PrivateDomainAccess accept (ipAddressType,
 * securityPolicy, endpointAccessMode): the pure rules, table-driven; a bad plain value fails the
 * component before any child is registered, with the field and the rule; a value known later is
 * checked once known; a value not known yet is never bad input.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { endpointSettingsFailures } from "../../components/endpointSettings";
import { PrivateApiAccess } from "../../components/privateApiAccess";
import { PrivateDomainAccess } from "../../components/privateDomainAccess";
import { useRecordingMocks, valueOf, type RecordedResource } from "./mockRecorder";

const API = "a1b2c3d4e5";
const VPCE = "vpce-0123456789abcdef0";
const DOMAIN_ARN = "arn:aws:apigateway:us-east-1:111122223333:/domainnames/api.internal.example.com+abcd1234";
const TLS13 = "SecurityPolicy_TLS13_1_3_2025_09";

describe("endpoint settings of the components", () => {
  describe("endpointSettingsFailures (pure)", () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      ["nothing declared", {}, []],
      ["dualstack, TLS_1_2", { ipAddressType: "dualstack", securityPolicy: "TLS_1_2" }, []],
      ["a TLS 1.3 policy with STRICT", { securityPolicy: TLS13, endpointAccessMode: "STRICT" }, []],
      ["a PQ FIPS policy with BASIC", { securityPolicy: "SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09", endpointAccessMode: "BASIC" }, []],
      ["ipv4 on PRIVATE", { ipAddressType: "ipv4" }, ["ipAddressType: a PRIVATE endpoint supports only dualstack"]],
      ["an unknown IP type", { ipAddressType: 6 }, ["ipAddressType: must be one of ipv4, dualstack"]],
      [
        "a TLS 1.3 policy alone",
        { securityPolicy: TLS13 },
        [`endpointAccessMode: required (STRICT or BASIC) with the enhanced security policy ${TLS13}`],
      ],
      [
        "a mode with TLS_1_2",
        { securityPolicy: "TLS_1_2", endpointAccessMode: "STRICT" },
        ["endpointAccessMode: only available with an enhanced security policy (SecurityPolicy_*), not TLS_1_2"],
      ],
      [
        "a mode alone",
        { endpointAccessMode: "STRICT" },
        ["endpointAccessMode: only available with an enhanced security policy (SecurityPolicy_*): set securityPolicy too"],
      ],
      ["an edge policy", { securityPolicy: "SecurityPolicy_TLS13_2025_EDGE", endpointAccessMode: "STRICT" }, ["securityPolicy"]],
    ];
    for (const [what, values, expected] of cases)
      it(`${what}: ${expected.length ? "refused" : "accepted"}`, () => {
        const failures = endpointSettingsFailures({
          ipAddressType: undefined,
          securityPolicy: undefined,
          endpointAccessMode: undefined,
          ...values,
        });
        assert.equal(failures.length, expected.length, JSON.stringify(failures));
        failures.forEach((f, i) => assert.ok(`${f.property}: ${f.reason}`.startsWith(expected[i]), `${f.property}: ${f.reason}`));
      });

    it("applies no rule that reads a field not known yet", () => {
      const values = { ipAddressType: undefined, securityPolicy: TLS13, endpointAccessMode: undefined };
      assert.deepEqual(endpointSettingsFailures(values, new Set(["endpointAccessMode"])), []);
      assert.deepEqual(
        endpointSettingsFailures({ ...values, securityPolicy: undefined, endpointAccessMode: "STRICT" }, new Set(["securityPolicy"])),
        [],
      );
    });
  });

  describe("under mocks", () => {
    let recorded: RecordedResource[];
    beforeEach(async () => {
      recorded = await useRecordingMocks({ "aws:region": "us-east-1" });
    });

    it("PrivateApiAccess outputs the declared settings and passes them to nothing else", async () => {
      const access = new PrivateApiAccess("api", {
        restApiId: API,
        vpcEndpointIds: [VPCE],
        stageName: "prod",
        securityPolicy: TLS13,
        endpointAccessMode: "STRICT",
        ipAddressType: "dualstack",
      });
      assert.deepEqual(await valueOf(access.endpointSettings), {
        ipAddressType: "dualstack",
        securityPolicy: TLS13,
        endpointAccessMode: "STRICT",
      });
      // Dual-stack changes no name: the per-VPCE URL is the same.
      assert.deepEqual(await valueOf(access.urls), { [VPCE]: `https://${API}-${VPCE}.execute-api.us-east-1.amazonaws.com/prod` });
    });

    it("a TLS 1.3 policy without an access mode fails PrivateApiAccess before any child, naming the field and the rule", () => {
      assert.throws(
        () => new PrivateApiAccess("bad", { restApiId: API, vpcEndpointIds: [VPCE], stageName: "prod", securityPolicy: TLS13 }),
        (e: Error) => {
          assert.ok(e instanceof pulumi.InputPropertiesError, e.name);
          assert.match(e.message, /PrivateApiAccess bad: endpointAccessMode: required \(STRICT or BASIC\)/);
          return true;
        },
      );
      assert.deepEqual(
        recorded.filter((r) => r.type !== "apigw-vpc:index:PrivateApiAccess").map((r) => r.type),
        [],
      );
    });

    it("ipv4 fails PrivateDomainAccess: a PRIVATE domain is dualstack only", () => {
      assert.throws(
        () => new PrivateDomainAccess("d", { domainName: DOMAIN_ARN, vpcEndpointIds: [VPCE], ipAddressType: "ipv4" }),
        /PrivateDomainAccess d: ipAddressType: a PRIVATE endpoint supports only dualstack/,
      );
    });

    it("a value known only later is checked once known: a mode that resolves to BASIC with TLS_1_2 fails the output", async () => {
      const access = new PrivateDomainAccess("later", {
        domainName: DOMAIN_ARN,
        vpcEndpointIds: [VPCE],
        securityPolicy: "TLS_1_2",
        endpointAccessMode: Promise.resolve("BASIC"),
      });
      // The Output's own promise (internal to @pulumi/pulumi, as the engine awaits it) carries the failure.
      const settled = (access.endpointSettings as unknown as { promise(): Promise<unknown> }).promise();
      await assert.rejects(settled, /endpointAccessMode: only available with an enhanced security policy/);
    });
  });
});
