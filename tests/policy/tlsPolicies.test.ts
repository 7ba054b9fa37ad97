/**
 * Policies private-tls-1-2-minimum and tls13-strict-access-mode: PRIVATE RestApis and DomainNames
 * with legacy, enhanced, absent and unknown security policies, and TLS 1.3 policies with each
 * endpoint access mode.
 */
import * as assert from "node:assert/strict";
import { DOMAIN_NAME } from "../../policy/domainPolicies";
import { REST_API } from "../../policy/resources";
import { privateTlsMinimum, tls13StrictAccessMode } from "../../policy/tlsPolicies";
import { resourceArgs, resourceMessages, UNKNOWN_STRING } from "./harness";

const TLS13 = "SecurityPolicy_TLS13_1_3_2025_09";
const api = (props: Record<string, unknown>) => resourceArgs(REST_API, "orders", { name: "orders", ...props });
const domain = (props: Record<string, unknown>) =>
  resourceArgs(DOMAIN_NAME, "internal", { domainName: "api.internal.example.com", ...props });
const PRIVATE = { endpointConfiguration: { types: "PRIVATE" } };

describe("policy private-tls-1-2-minimum", () => {
  const messages = (args: ReturnType<typeof api>) => resourceMessages(privateTlsMinimum, args);

  it("accepts PRIVATE APIs and domains with TLS_1_2, an enhanced policy, or none (AWS's default is TLS_1_2)", async () => {
    for (const securityPolicy of ["TLS_1_2", TLS13, "SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09", undefined]) {
      const props = { ...PRIVATE, ...(securityPolicy ? { securityPolicy } : {}) };
      assert.deepEqual(await messages(api(props)), [], String(securityPolicy));
      assert.deepEqual(await messages(domain(props)), [], String(securityPolicy));
    }
  });

  it("rejects TLS_1_0 on a PRIVATE RestApi and DomainName, naming the field and the rule", async () => {
    assert.deepEqual(await messages(api({ endpointConfiguration: { types: ["PRIVATE"] }, securityPolicy: "TLS_1_0" })), [
      "RestApi 'orders' is PRIVATE and its securityPolicy is TLS_1_0, which accepts TLS 1.0: use TLS_1_2 or an enhanced SecurityPolicy_TLS13_* policy",
    ]);
    assert.equal((await messages(domain({ ...PRIVATE, securityPolicy: "TLS_1_0" }))).length, 1);
  });

  it("ignores public endpoints and values unknown during preview", async () => {
    assert.deepEqual(await messages(api({ endpointConfiguration: { types: "REGIONAL" }, securityPolicy: "TLS_1_0" })), []);
    assert.deepEqual(await messages(api({ securityPolicy: "TLS_1_0" })), []);
    assert.deepEqual(await messages(api({ ...PRIVATE, securityPolicy: UNKNOWN_STRING })), []);
    assert.deepEqual(await messages(api({ endpointConfiguration: { types: UNKNOWN_STRING }, securityPolicy: "TLS_1_0" })), []);
  });
});

describe("policy tls13-strict-access-mode", () => {
  const messages = (args: ReturnType<typeof api>) => resourceMessages(tls13StrictAccessMode, args);

  it("accepts a TLS 1.3 policy with STRICT, and legacy policies without a mode", async () => {
    assert.deepEqual(await messages(api({ ...PRIVATE, securityPolicy: TLS13, endpointAccessMode: "STRICT" })), []);
    assert.deepEqual(await messages(domain({ securityPolicy: "SecurityPolicy_TLS13_1_2_PQ_2025_09", endpointAccessMode: "STRICT" })), []);
    assert.deepEqual(await messages(api({ ...PRIVATE, securityPolicy: "TLS_1_2" })), []);
  });

  it("rejects BASIC and a missing mode with a TLS 1.3 policy", async () => {
    assert.deepEqual(await messages(api({ ...PRIVATE, securityPolicy: TLS13, endpointAccessMode: "BASIC" })), [
      `RestApi 'orders' uses ${TLS13} with endpointAccessMode "BASIC": set endpointAccessMode to "STRICT" (BASIC is for a migration)`,
    ]);
    assert.deepEqual(await messages(domain({ securityPolicy: TLS13 })), [
      `DomainName 'internal' uses ${TLS13} with endpointAccessMode unset: set endpointAccessMode to "STRICT" (BASIC is for a migration)`,
    ]);
  });

  it("lets an access mode unknown during preview through", async () => {
    assert.deepEqual(await messages(api({ securityPolicy: TLS13, endpointAccessMode: UNKNOWN_STRING })), []);
  });
});
