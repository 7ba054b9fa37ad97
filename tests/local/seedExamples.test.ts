/**
 * The AWS CLI examples of API Gateway's guide "Associate or disassociate a VPC endpoint with a
 * private REST API", sent as the same requests through the SDK: create-rest-api with PRIVATE and
 * two endpoints, then update-rest-api add and remove, in us-west-2. The responses carry the documented lists,
 * in the documented order, and the documented per-VPCE base URL resolves.
 */
import assert from "node:assert/strict";
import { Resolver } from "node:dns/promises";
import { CreateRestApiCommand, GetRestApiCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { endpointAddresses } from "../../local";
import { useSandbox, v1Client } from "../../support/sandbox";

const REGION = "us-west-2";
const PATH = "/endpointConfiguration/vpcEndpointIds";

/** The documented CLI steps, in order; each test replays the steps before the one it checks. */
const createPetstore = () =>
  v1Client(REGION).send(
    new CreateRestApiCommand({
      name: "Petstore",
      endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds: ["vpce-0212a4ababd5b8c3e", "vpce-0393a628149c867ee"] },
    }),
  );
const patch = (restApiId: string, op: "add" | "remove", value: string) =>
  v1Client(REGION).send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op, path: PATH, value }] }));
const addStep = (restApiId: string) => patch(restApiId, "add", "vpce-01d622316a7df47f9");
const removeStep = (restApiId: string) => patch(restApiId, "remove", "vpce-0393a628149c867ee");

describe("seed: associate or disassociate a VPC endpoint with a private REST API", () => {
  const ctx = useSandbox({ timeScale: 1e-4, delays: { dnsPropagationMs: 0 } });

  it("create-rest-api --name Petstore with PRIVATE and two VPC endpoints", async () => {
    const api = await createPetstore();
    assert.match(api.id ?? "", /^[a-z0-9]{10}$/);
    assert.equal(api.name, "Petstore");
    assert.equal(api.apiKeySource, "HEADER");
    assert.ok(api.createdDate instanceof Date);
    assert.deepEqual(api.endpointConfiguration, {
      types: ["PRIVATE"],
      vpcEndpointIds: ["vpce-0212a4ababd5b8c3e", "vpce-0393a628149c867ee"],
      // Not in the seed's 2018 answers: AWS now returns the IP address type, and PRIVATE supports only dualstack.
      ipAddressType: "dualstack",
    });
  });

  it("update-rest-api op='add' vpce-01d622316a7df47f9 appends it", async () => {
    const restApiId = (await createPetstore()).id as string;
    const api = await addStep(restApiId);
    assert.equal(api.id, restApiId);
    assert.equal(api.name, "Petstore");
    assert.deepEqual(api.tags, {});
    assert.deepEqual(api.endpointConfiguration, {
      vpcEndpointIds: ["vpce-0212a4ababd5b8c3e", "vpce-0393a628149c867ee", "vpce-01d622316a7df47f9"],
      types: ["PRIVATE"],
      ipAddressType: "dualstack",
    });
  });

  it("update-rest-api op='remove' vpce-0393a628149c867ee then leaves the other two in order", async () => {
    const restApiId = (await createPetstore()).id as string;
    await addStep(restApiId);
    const api = await removeStep(restApiId);
    assert.deepEqual(api.endpointConfiguration, {
      vpcEndpointIds: ["vpce-0212a4ababd5b8c3e", "vpce-01d622316a7df47f9"],
      types: ["PRIVATE"],
      ipAddressType: "dualstack",
    });
    const read = await v1Client(REGION).send(new GetRestApiCommand({ restApiId }));
    assert.deepEqual(read.endpointConfiguration?.vpcEndpointIds, ["vpce-0212a4ababd5b8c3e", "vpce-01d622316a7df47f9"]);
  });

  it("resolves https://{rest-api-id}-{vpce-id}.execute-api.us-west-2.amazonaws.com for associated endpoints only", async () => {
    const restApiId = (await createPetstore()).id as string;
    await addStep(restApiId);
    await removeStep(restApiId);
    const resolver = new Resolver({ timeout: 3000, tries: 2 });
    resolver.setServers([`${ctx.sandbox.dns.host}:${ctx.sandbox.dns.port}`]);
    const host = (vpce: string) => new URL(`https://${restApiId}-${vpce}.execute-api.${REGION}.amazonaws.com/prod`).hostname;
    for (const vpce of ["vpce-0212a4ababd5b8c3e", "vpce-01d622316a7df47f9"]) {
      assert.deepEqual((await resolver.resolve4(host(vpce))).sort(), endpointAddresses(vpce).sort());
    }
    await assert.rejects(resolver.resolve4(host("vpce-0393a628149c867ee")), { code: "ENOTFOUND" });
  });
});
