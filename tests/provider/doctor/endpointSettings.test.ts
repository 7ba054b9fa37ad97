/**
 * The doctor's checks of the 2025 endpoint settings against the sandbox, through the real SDK
 * clients: a STRICT API is ok through its per-VPCE name and broken (root cause
 * strict-access-mode) for a caller of the endpoint's own DNS name, which the invoke plane
 * refuses too, and so does the probe sent by that name (--host); a policy other than the expected one is api-tls; an IPv6 caller through the
 * sandbox's ipv4 endpoint is endpoint-ip-type.
 */
import * as assert from "node:assert/strict";
import { UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { diagnosePrivateApi, type DiagnoseOptions } from "../../../provider/doctor";
import { invokeApi } from "../../../support/invoke";
import { buildPrivatePath, type PrivatePath } from "../../../support/privatePath";
import { FAST, useSandbox, v1Client } from "../../../support/sandbox";

const TLS13 = "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09";

describe("the doctor on ipAddressType, securityPolicy and endpointAccessMode (sandbox)", () => {
  const ctx = useSandbox({ ...FAST, delays: { ...FAST.delays, dnsPropagationMs: 0, vpcEndpointProvisionMs: 50 } });
  let path: PrivatePath;
  const options = (extra: Partial<DiagnoseOptions> = {}): DiagnoseOptions => ({
    region: path.region,
    restApiId: path.restApiId,
    stageName: path.stageName,
    vpcEndpointIds: [path.vpcEndpointId],
    ...extra,
  });

  beforeEach(async () => {
    path = await buildPrivatePath();
    await v1Client().send(
      new UpdateRestApiCommand({
        restApiId: path.restApiId,
        patchOperations: [
          { op: "replace", path: "/securityPolicy", value: TLS13 },
          { op: "replace", path: "/endpointAccessMode", value: "STRICT" },
        ],
      }),
    );
  });

  it("a STRICT API called by its per-VPCE name is ok, as the invoke plane answers 200", async () => {
    const d = await diagnosePrivateApi(options({ expectSecurityPolicy: TLS13, expectEndpointAccessMode: "STRICT" }));
    assert.equal(d.verdict, "ok", JSON.stringify(d.checks.filter((c) => c.status === "fail")));
    assert.match(d.checks.find((c) => c.id === "api-tls")?.summary ?? "", /SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09 \(STRICT\)/);
    const r = await invokeApi({
      endpoint: ctx.sandbox.endpoint,
      restApiId: path.restApiId,
      vpcEndpointId: path.vpcEndpointId,
      stage: "prod",
    });
    assert.ok(r.answered && r.status === 200, JSON.stringify(r));
  });

  it("a caller of the endpoint's own DNS name is broken at strict-access-mode, and the invoke plane refuses it", async () => {
    const host = `${path.vpcEndpointId}-abcd1234.execute-api.${path.region}.vpce.amazonaws.com`;
    const d = await diagnosePrivateApi(options({ host }));
    assert.equal(d.rootCause, "strict-access-mode");
    assert.match(d.checks.find((c) => c.id === "strict-access-mode")?.fix ?? "", /execute-api/);
    const r = await invokeApi({
      endpoint: ctx.sandbox.endpoint,
      restApiId: path.restApiId,
      vpcEndpointId: path.vpcEndpointId,
      stage: "prod",
      endpointHost: true,
    });
    assert.ok(r.answered && r.status === 403, JSON.stringify(r));
  });

  it("probed by the endpoint's own DNS name (--host), a STRICT API fails the probe as the invoke plane refuses it", async () => {
    const host = `${path.vpcEndpointId}-abcd1234.execute-api.${path.region}.vpce.amazonaws.com`;
    const d = await diagnosePrivateApi(options({ host, probe: true }), { probeTimeoutMs: 1000 });
    assert.equal(d.rootCause, "strict-access-mode");
    const probe = d.checks.find((c) => c.id === "probe");
    assert.equal(probe?.status, "fail", JSON.stringify(probe));
    assert.match(probe?.summary ?? "", /403/);
  });

  it("a security policy other than the expected one is api-tls, with the update-rest-api fix", async () => {
    const d = await diagnosePrivateApi(options({ expectSecurityPolicy: "SecurityPolicy_TLS13_1_3_2025_09" }));
    assert.equal(d.rootCause, "api-tls");
    assert.match(d.checks.find((c) => c.id === "api-tls")?.fix ?? "", /update-rest-api .*path=\/securityPolicy/);
  });

  it("an IPv6 caller through the sandbox's ipv4 endpoint is endpoint-ip-type, before the security group", async () => {
    const d = await diagnosePrivateApi(options({ sourceIp: "2001:db8::10" }));
    assert.equal(d.rootCause, "endpoint-ip-type");
    assert.deepEqual(d.checks.find((c) => c.id === "endpoint-ip-type")?.evidence, {
      endpointIpAddressType: "ipv4",
      apiIpAddressType: "dualstack",
      sourceIp: "2001:db8::10",
    });
  });
});
