/**
 * The 2025 endpoint settings through the real @aws-sdk/client-api-gateway: a REST API's and a
 * domain name's `endpointConfiguration.ipAddressType`, `securityPolicy` and `endpointAccessMode`
 * with AWS's defaults and refusals (an enhanced policy without an access mode, a mode with a
 * legacy policy, ipv4 on PRIVATE, an edge policy on PRIVATE), UpdateRestApi / UpdateDomainName
 * patches (atomic), and STRICT mode on the invoke plane: a request whose Host or TLS server name
 * is not the API's (or the domain's) is refused, BASIC lets it through.
 */
import assert from "node:assert/strict";
import {
  BadRequestException,
  CreateDomainNameCommand,
  CreateRestApiCommand,
  GetDomainNameCommand,
  GetRestApiCommand,
  UpdateDomainNameCommand,
  UpdateRestApiCommand,
  type PatchOperation,
} from "@aws-sdk/client-api-gateway";
import { invokeApi, invokeDomainName, type InvokeResult } from "../../support/invoke";
import { buildPrivatePath, type PrivatePath } from "../../support/privatePath";
import { createRestApi, FAST, rejectsWith, useSandbox, v1Client } from "../../support/sandbox";

const TLS13 = "SecurityPolicy_TLS13_1_3_2025_09";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab";
const update = (restApiId: string, patchOperations: PatchOperation[]) =>
  v1Client().send(new UpdateRestApiCommand({ restApiId, patchOperations }));
const strictPatch: PatchOperation[] = [
  { op: "replace", path: "/securityPolicy", value: TLS13 },
  { op: "replace", path: "/endpointAccessMode", value: "STRICT" },
];

const refusal = async (call: Promise<unknown>, field: RegExp) => {
  const error = await rejectsWith(call, BadRequestException, 400);
  assert.match(error.message, field);
};

const status = (r: InvokeResult) => (r.answered ? r.status : 0);

describe("sandbox v1: ipAddressType, securityPolicy and endpointAccessMode as AWS documents them", () => {
  const ctx = useSandbox(FAST);

  describe("REST APIs", () => {
    it("gives a PRIVATE API dualstack and TLS_1_2, a REGIONAL one ipv4 and TLS_1_0, with no access mode", async () => {
      const apigw = v1Client();
      const priv = await apigw.send(new GetRestApiCommand({ restApiId: await createRestApi() }));
      assert.equal(priv.endpointConfiguration?.ipAddressType, "dualstack");
      assert.equal(priv.securityPolicy, "TLS_1_2");
      assert.equal(priv.endpointAccessMode, undefined);
      assert.equal(priv.apiStatus, "AVAILABLE");
      const regional = await apigw.send(new CreateRestApiCommand({ name: "r", endpointConfiguration: { types: ["REGIONAL"] } }));
      assert.equal(regional.endpointConfiguration?.ipAddressType, "ipv4");
      assert.equal(regional.securityPolicy, "TLS_1_0");
    });

    it("stores a TLS 1.3 policy with STRICT or BASIC, and each PQ and FIPS variant", async () => {
      const apigw = v1Client();
      for (const [securityPolicy, endpointAccessMode] of [
        [TLS13, "STRICT"],
        ["SecurityPolicy_TLS13_1_3_FIPS_2025_09", "BASIC"],
        ["SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09", "STRICT"],
        ["SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09", "STRICT"],
      ] as const) {
        const api = await apigw.send(
          new CreateRestApiCommand({ name: "t", endpointConfiguration: { types: ["PRIVATE"] }, securityPolicy, endpointAccessMode }),
        );
        const read = await apigw.send(new GetRestApiCommand({ restApiId: api.id }));
        assert.deepEqual([read.securityPolicy, read.endpointAccessMode], [securityPolicy, endpointAccessMode]);
      }
    });

    it("refuses a TLS 1.3 policy without an access mode, a mode with a legacy policy, an edge policy and ipv4 on PRIVATE", async () => {
      const create = (extra: Record<string, unknown>, ip?: "ipv4" | "dualstack") =>
        v1Client().send(
          new CreateRestApiCommand({ name: "x", endpointConfiguration: { types: ["PRIVATE"], ipAddressType: ip }, ...extra }),
        );
      await refusal(create({ securityPolicy: TLS13 }), /endpointAccessMode: required/);
      await refusal(create({ securityPolicy: "TLS_1_2", endpointAccessMode: "STRICT" }), /endpointAccessMode: only available/);
      await refusal(create({ securityPolicy: "SecurityPolicy_TLS13_2025_EDGE", endpointAccessMode: "STRICT" }), /not offered on PRIVATE/);
      await refusal(create({ securityPolicy: "TLS_1_3" }), /securityPolicy: must be one of/);
      await refusal(create({ securityPolicy: TLS13, endpointAccessMode: "LOOSE" }), /endpointAccessMode: must be one of/);
      await refusal(create({}, "ipv4"), /ipAddressType: a PRIVATE endpoint supports only dualstack/);
    });

    it("moves to an enhanced policy in one UpdateRestApi, refuses half of it atomically, and moves back clearing the mode", async () => {
      const id = await createRestApi();
      await refusal(update(id, [strictPatch[0]]), /endpointAccessMode: required/);
      assert.equal((await v1Client().send(new GetRestApiCommand({ restApiId: id }))).securityPolicy, "TLS_1_2");
      const strict = await update(id, strictPatch);
      assert.deepEqual([strict.securityPolicy, strict.endpointAccessMode], [TLS13, "STRICT"]);
      await refusal(update(id, [{ op: "replace", path: "/securityPolicy", value: "TLS_1_2" }]), /only available/);
      const back = await update(id, [
        { op: "replace", path: "/securityPolicy", value: "TLS_1_2" },
        { op: "replace", path: "/endpointAccessMode", value: "" },
      ]);
      assert.deepEqual([back.securityPolicy, back.endpointAccessMode], ["TLS_1_2", undefined]);
    });

    it("makes an ipv4 REGIONAL API dualstack when it becomes PRIVATE, as the guide says", async () => {
      const api = await v1Client().send(
        new CreateRestApiCommand({ name: "m", endpointConfiguration: { types: ["REGIONAL"], ipAddressType: "ipv4" } }),
      );
      const moved = await update(api.id as string, [{ op: "replace", path: "/endpointConfiguration/types/REGIONAL", value: "PRIVATE" }]);
      assert.equal(moved.endpointConfiguration?.ipAddressType, "dualstack");
    });
  });

  describe("private custom domain names", () => {
    const createDomain = (extra: Record<string, unknown>, ip?: "ipv4" | "dualstack") =>
      v1Client().send(
        new CreateDomainNameCommand({
          domainName: `d${Math.floor(Math.random() * 1e9)}.internal.example.com`,
          certificateArn: CERT,
          endpointConfiguration: { types: ["PRIVATE"], ipAddressType: ip },
          ...extra,
        }),
      );

    it("stores dualstack, TLS_1_2 by default, and a TLS 1.3 policy with its mode; refuses what AWS refuses", async () => {
      const plain = await createDomain({});
      assert.deepEqual(
        [plain.endpointConfiguration?.ipAddressType, plain.securityPolicy, plain.endpointAccessMode],
        ["dualstack", "TLS_1_2", undefined],
      );
      const strict = await createDomain({ securityPolicy: "SecurityPolicy_TLS13_1_2_PQ_2025_09", endpointAccessMode: "STRICT" });
      assert.deepEqual([strict.securityPolicy, strict.endpointAccessMode], ["SecurityPolicy_TLS13_1_2_PQ_2025_09", "STRICT"]);
      await refusal(createDomain({ securityPolicy: TLS13 }), /endpointAccessMode: required/);
      await refusal(createDomain({}, "ipv4"), /ipAddressType/);
    });

    it("patches securityPolicy and endpointAccessMode with UpdateDomainName, atomically", async () => {
      const d = await createDomain({});
      const ref = { domainName: d.domainName, domainNameId: d.domainNameId };
      await refusal(
        v1Client().send(new UpdateDomainNameCommand({ ...ref, patchOperations: [strictPatch[0]] })),
        /endpointAccessMode: required/,
      );
      const updated = await v1Client().send(new UpdateDomainNameCommand({ ...ref, patchOperations: strictPatch }));
      assert.deepEqual([updated.securityPolicy, updated.endpointAccessMode], [TLS13, "STRICT"]);
      assert.equal((await v1Client().send(new GetDomainNameCommand(ref))).endpointAccessMode, "STRICT");
    });
  });

  describe("STRICT on the invoke plane", () => {
    let path: PrivatePath;
    const call = (extra: Partial<Parameters<typeof invokeApi>[0]> = {}) =>
      invokeApi({
        endpoint: ctx.sandbox.endpoint,
        restApiId: path.restApiId,
        vpcEndpointId: path.vpcEndpointId,
        stage: path.stageName,
        ...extra,
      });
    const lastReason = () => String(ctx.sandbox.control.requestLog({ operation: "Invoke" }).at(-1)?.params.reason);

    beforeEach(async () => {
      path = await buildPrivatePath({ domain: true });
    });

    it("BASIC serves the endpoint's own DNS name with x-apigw-api-id; STRICT refuses it but serves the per-VPCE name", async () => {
      await update(path.restApiId, [strictPatch[0], { op: "replace", path: "/endpointAccessMode", value: "BASIC" }]);
      assert.equal(status(await call({ endpointHost: true })), 200);
      await update(path.restApiId, [{ op: "replace", path: "/endpointAccessMode", value: "STRICT" }]);
      const refused = await call({ endpointHost: true });
      assert.ok(refused.answered && refused.status === 403 && refused.body === '{"message":"Forbidden"}', JSON.stringify(refused));
      assert.match(lastReason(), /STRICT endpoint access mode .* is not one of its names/);
      assert.equal(status(await call()), 200);
    });

    it("STRICT refuses a TLS server name that does not match the Host (domain fronting)", async () => {
      await update(path.restApiId, strictPatch);
      const fronted = await call({ headers: { "x-apigw-sandbox-sni": "other-api.example.com" } });
      assert.equal(status(fronted), 403);
      assert.match(lastReason(), /TLS server name other-api\.example\.com does not match the Host/);
    });

    it("a STRICT private domain serves its own name and refuses another TLS server name", async () => {
      const domain = path.domain as NonNullable<PrivatePath["domain"]>;
      const ref = { domainName: domain.domainName, domainNameId: domain.domainNameId };
      await v1Client().send(new UpdateDomainNameCommand({ ...ref, patchOperations: strictPatch }));
      await update(path.restApiId, strictPatch);
      const base = { endpoint: ctx.sandbox.endpoint, domainName: domain.domainName, vpcEndpointId: path.vpcEndpointId };
      assert.equal(status(await invokeDomainName(base)), 200);
      const sni = `${path.restApiId}-${path.vpcEndpointId}.execute-api.us-east-1.amazonaws.com`;
      assert.equal(status(await invokeDomainName({ ...base, headers: { "x-apigw-sandbox-sni": sni } })), 403);
      assert.match(lastReason(), /STRICT endpoint access mode of domain/);
    });
  });
});
