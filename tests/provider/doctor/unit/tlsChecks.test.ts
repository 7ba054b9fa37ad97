/**
 * The doctor's checks of the 2025 endpoint settings (pure): api-tls against the expected policy
 * and mode, endpoint-ip-type for an IPv6 caller, and strict-access-mode for the host name a
 * caller uses and a domain of another endpoint type.
 */
import * as assert from "node:assert/strict";
import { diagnose } from "../../../../provider/doctor/diagnose";
import { evaluateInvokePolicy } from "../../../../provider/doctor/evaluator";
import type { Snapshot } from "../../../../provider/doctor/snapshot";
import type { CheckId, DiagnoseOptions, Diagnosis } from "../../../../provider/doctor/types";
import { API, DOMAIN, healthy, OPTIONS, REGION, VPCE } from "./healthyPath";

const TLS13 = "SecurityPolicy_TLS13_1_3_2025_09";
const run = (snapshot: Snapshot, options: DiagnoseOptions = OPTIONS): Diagnosis =>
  diagnose({ snapshot, options, evaluate: evaluateInvokePolicy });
const check = (d: Diagnosis, id: CheckId) => {
  const found = d.checks.find((c) => c.id === id);
  assert.ok(found, `no ${id} check`);
  return found;
};
const withApi = (change: (api: Extract<Snapshot["api"], { kind: "found" }>["value"]) => void): Snapshot => {
  const s = healthy();
  assert.equal(s.api?.kind, "found");
  change(s.api.value);
  return s;
};
const withoutDomain: DiagnoseOptions = { ...OPTIONS, domainName: undefined, domainNameId: undefined };
const noDomain = (s: Snapshot): Snapshot => ({ ...s, domain: undefined, accessAssociations: undefined, basePathMappings: undefined });

describe("doctor checks of ipAddressType, securityPolicy and endpointAccessMode (pure)", () => {
  it("api-tls passes a STRICT TLS 1.3 API that matches what is expected, and fails one that does not, with the patch", () => {
    const strict = withApi((a) => Object.assign(a, { securityPolicy: TLS13, endpointAccessMode: "STRICT" }));
    const expect = { ...OPTIONS, expectSecurityPolicy: TLS13, expectEndpointAccessMode: "STRICT" };
    assert.equal(check(run(strict, expect), "api-tls").status, "pass");
    const d = run(
      withApi((a) => Object.assign(a, { securityPolicy: "TLS_1_2" })),
      expect,
    );
    assert.equal(d.rootCause, "api-tls");
    assert.match(
      check(d, "api-tls").fix ?? "",
      /path=\/securityPolicy,value=SecurityPolicy_TLS13_1_3_2025_09 op=replace,path=\/endpointAccessMode,value=STRICT/,
    );
  });

  it("api-tls warns on TLS_1_0 for a private API, and fails an enhanced policy without a mode", () => {
    assert.equal(check(run(withApi((a) => (a.securityPolicy = "TLS_1_0"))), "api-tls").status, "warn");
    const d = run(withApi((a) => (a.securityPolicy = TLS13)));
    assert.equal(d.rootCause, "api-tls");
  });

  it("endpoint-ip-type: an IPv6 caller through an ipv4 endpoint is the root cause; a dualstack endpoint passes", () => {
    const s = withApi((a) => (a.ipAddressType = "dualstack"));
    const options = { ...OPTIONS, sourceIp: "2001:db8::10" };
    const d = run(s, options);
    assert.equal(d.rootCause, "endpoint-ip-type");
    assert.match(check(d, "endpoint-ip-type").fix ?? "", /modify-vpc-endpoint .*--ip-address-type dualstack/);
    const read = s.endpoints[VPCE];
    assert.equal(read.kind, "found");
    read.value.ipAddressType = "dualstack";
    assert.equal(check(run(s, options), "endpoint-ip-type").status, "pass");
    assert.equal(check(run(s, OPTIONS), "endpoint-ip-type").status, "pass");
  });

  it("strict-access-mode: the per-VPCE and private DNS names pass, the endpoint's own DNS name fails", () => {
    const s = noDomain(withApi((a) => Object.assign(a, { securityPolicy: TLS13, endpointAccessMode: "STRICT" })));
    assert.equal(check(run(s, withoutDomain), "strict-access-mode").status, "pass");
    const privateDns = { ...withoutDomain, host: `${API}.execute-api.${REGION}.amazonaws.com` };
    assert.equal(check(run(s, privateDns), "strict-access-mode").status, "pass");
    const d = run(s, { ...withoutDomain, host: `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com` });
    assert.equal(d.rootCause, "strict-access-mode");
    assert.match(check(d, "strict-access-mode").summary, /STRICT refuses vpce-/);
    assert.equal(check(run(healthy(), withoutDomain), "strict-access-mode").summary, "no STRICT endpoint access mode");
  });

  it("strict-access-mode: a STRICT private domain passes its own name; a STRICT API under a domain of another type fails", () => {
    const s = healthy();
    assert.equal(s.domain?.kind, "found");
    Object.assign(s.domain.value, { securityPolicy: TLS13, endpointAccessMode: "STRICT" });
    assert.equal(check(run(s), "strict-access-mode").status, "pass");
    assert.equal(check(run(s, { ...OPTIONS, host: "other.example.com" }), "strict-access-mode").status, "fail");
    const mixed = withApi((a) => Object.assign(a, { securityPolicy: TLS13, endpointAccessMode: "STRICT" }));
    assert.equal(mixed.domain?.kind, "found");
    mixed.domain.value.endpointTypes = ["REGIONAL"];
    assert.match(check(run(mixed), "strict-access-mode").summary, /the API is STRICT and PRIVATE, the domain REGIONAL/);
    assert.ok(DOMAIN);
  });
});
