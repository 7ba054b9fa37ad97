/**
 * The sandbox's v1 model through the real @aws-sdk/client-api-gateway: every operation
 * (CreateRestApi, GetRestApi(s), UpdateRestApi, DeleteRestApi, CreateDeployment, GetStage(s))
 * and every error path, asserted on the SDK's own exception classes and HTTP status.
 */
import assert from "node:assert/strict";
import {
  APIGatewayClient,
  BadRequestException,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  DeleteRestApiCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  NotFoundException,
  UpdateRestApiCommand,
  type EndpointType,
  type PatchOperation,
} from "@aws-sdk/client-api-gateway";
import { apiEndpointIds, createRestApi, FAST, makeDeployable, useSandbox, vpceIds, rejectsWith } from "../../support/sandbox";

const VPCE_PATH = "/endpointConfiguration/vpcEndpointIds";
const add = (value: string): PatchOperation => ({ op: "add", path: VPCE_PATH, value });
const remove = (value: string): PatchOperation => ({ op: "remove", path: VPCE_PATH, value });

/** Default SDK retries, so the (tiny) scaled quotas never get in the way of these tests. */
const client = (region = "us-east-1") => new APIGatewayClient({ region });

const update = (restApiId: string, patchOperations: PatchOperation[], region?: string) =>
  client(region).send(new UpdateRestApiCommand({ restApiId, patchOperations }));

describe("sandbox v1: REST APIs through the real SDK", () => {
  useSandbox({ ...FAST, timeScale: 1e-4 });

  describe("CreateRestApi and GetRestApi", () => {
    it("creates a PRIVATE API with VPC endpoints and reads it back", async () => {
      const ids = vpceIds(2);
      const created = await client().send(
        new CreateRestApiCommand({ name: "orders", description: "d", endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds: ids } }),
      );
      assert.equal(created.$metadata.httpStatusCode, 201);
      assert.match(created.id ?? "", /^[a-z0-9]{10}$/);
      assert.deepEqual(created.endpointConfiguration, { types: ["PRIVATE"], vpcEndpointIds: ids, ipAddressType: "dualstack" });
      assert.equal(created.apiKeySource, "HEADER");
      assert.ok(created.createdDate instanceof Date);

      const read = await client().send(new GetRestApiCommand({ restApiId: created.id }));
      assert.equal(read.name, "orders");
      assert.equal(read.description, "d");
      assert.deepEqual(read.endpointConfiguration, created.endpointConfiguration);
    });

    it("defaults the endpoint type to EDGE with no endpoints", async () => {
      const created = await client().send(new CreateRestApiCommand({ name: "edge" }));
      assert.deepEqual(created.endpointConfiguration, { types: ["EDGE"], vpcEndpointIds: [], ipAddressType: "ipv4" });
    });

    it("accepts both the 8- and the 17-hex-digit VPC endpoint id forms", async () => {
      const id = await createRestApi({ vpcEndpointIds: ["vpce-0123abcd", "vpce-0123456789abcdef0"] });
      assert.deepEqual(await apiEndpointIds(id), ["vpce-0123456789abcdef0", "vpce-0123abcd"]);
    });

    const malformed = ["vpce-123", "vpce-0123456789abcdef", "vpce-0123ABCD", "vpce-0123abcg", "vpc-0123abcd", "0123abcd", "vpce-0123abcd "];
    for (const bad of malformed) {
      it(`rejects the malformed VPC endpoint id '${bad}' with BadRequestException`, async () => {
        const error = await rejectsWith(createRestApi({ vpcEndpointIds: [bad] }), BadRequestException, 400);
        assert.match(error.message, /VPC endpoint id/);
      });
    }

    for (const type of ["REGIONAL", "EDGE"]) {
      it(`rejects VPC endpoint ids on a ${type} API`, async () => {
        const error = await rejectsWith(createRestApi({ type, vpcEndpointIds: vpceIds(1) }), BadRequestException, 400);
        assert.match(error.message, /PRIVATE/);
      });
    }

    it("rejects an empty name and an unknown endpoint type", async () => {
      await rejectsWith(client().send(new CreateRestApiCommand({ name: "" })), BadRequestException, 400);
      await rejectsWith(createRestApi({ type: "PUBLIC" }), BadRequestException, 400);
      await rejectsWith(
        client().send(
          new CreateRestApiCommand({ name: "two", endpointConfiguration: { types: ["PRIVATE", "REGIONAL"] as EndpointType[] } }),
        ),
        BadRequestException,
        400,
      );
    });

    it("answers NotFoundException for an unknown id", async () => {
      const error = await rejectsWith(client().send(new GetRestApiCommand({ restApiId: "abcdefghij" })), NotFoundException, 404);
      assert.match(error.message, /abcdefghij/);
    });
  });

  describe("GetRestApis", () => {
    it("pages with limit and position until every API was seen once", async () => {
      const region = "ap-southeast-2";
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push(await createRestApi({ region, name: `page-${i}` }));
      const seen: string[] = [];
      const pageSizes: number[] = [];
      let position: string | undefined;
      do {
        const page = await client(region).send(new GetRestApisCommand({ limit: 2, position }));
        pageSizes.push(page.items?.length ?? 0);
        seen.push(...(page.items ?? []).map((a) => a.id as string));
        position = page.position;
      } while (position);
      assert.deepEqual(pageSizes, [2, 2, 1]);
      assert.deepEqual([...seen].sort(), [...created].sort());
    });

    it("lists only the APIs of the client's region", async () => {
      const mine = await createRestApi({ region: "sa-east-1" });
      const other = await createRestApi({ region: "ca-central-1" });
      const listed = (await client("sa-east-1").send(new GetRestApisCommand({}))).items?.map((a) => a.id);
      assert.deepEqual(listed, [mine]);
      await rejectsWith(client("sa-east-1").send(new GetRestApiCommand({ restApiId: other })), NotFoundException, 404);
    });
  });

  describe("UpdateRestApi on /endpointConfiguration/vpcEndpointIds", () => {
    it("adds and removes one id per operation, appending in order", async () => {
      const [a, b, c] = vpceIds(3);
      const id = await createRestApi({ vpcEndpointIds: [a] });
      assert.deepEqual((await update(id, [add(c)])).endpointConfiguration?.vpcEndpointIds, [a, c]);
      assert.deepEqual((await update(id, [add(b)])).endpointConfiguration?.vpcEndpointIds, [a, c, b]);
      assert.deepEqual((await update(id, [remove(a)])).endpointConfiguration?.vpcEndpointIds, [c, b]);
    });

    it("applies several operations in one call", async () => {
      const [a, b, c, d] = vpceIds(4);
      const id = await createRestApi({ vpcEndpointIds: [a, b] });
      const updated = await update(id, [remove(a), add(c), add(d), remove(b)]);
      assert.deepEqual(updated.endpointConfiguration?.vpcEndpointIds, [c, d]);
      assert.deepEqual(await apiEndpointIds(id), [c, d]);
    });

    it("can remove and re-add the same id in one call", async () => {
      const [a, b] = vpceIds(2);
      const id = await createRestApi({ vpcEndpointIds: [a, b] });
      assert.deepEqual((await update(id, [remove(a), add(a)])).endpointConfiguration?.vpcEndpointIds, [b, a]);
    });

    const failing: [string, (ids: string[]) => PatchOperation[], RegExp][] = [
      ["a duplicate add", ([a]) => [add(a)], /already associated/],
      ["the remove of an absent id", ([, , c]) => [remove(c)], /not associated/],
      ["a malformed id", () => [add("vpce-xyz")], /Invalid VPC endpoint id/],
      ["two ids in one value", ([, , c, d]) => [add(`${c},${d}`)], /exactly one/],
      ["an empty value", () => [add("")], /exactly one/],
      ["an unknown path", ([, , c]) => [{ op: "add", path: "/endpointConfiguration/vpcEndpoints", value: c }], /Invalid patch path/],
      ["an unsupported op on the list", ([, , c]) => [{ op: "replace", path: VPCE_PATH, value: c }], /Invalid patch path/],
    ];
    for (const [what, ops, message] of failing) {
      it(`rejects ${what} with BadRequestException`, async () => {
        const ids = vpceIds(4);
        const id = await createRestApi({ vpcEndpointIds: ids.slice(0, 2) });
        const error = await rejectsWith(update(id, ops(ids)), BadRequestException, 400);
        assert.match(error.message, message);
        assert.deepEqual(await apiEndpointIds(id), ids.slice(0, 2));
      });
    }

    it("is atomic: one bad operation among good ones changes nothing", async () => {
      const [a, b, c, d] = vpceIds(4);
      const id = await createRestApi({ vpcEndpointIds: [a, b], name: "atomic" });
      await rejectsWith(
        update(id, [{ op: "replace", path: "/name", value: "renamed" }, add(c), remove(a), add(d), add(c)]),
        BadRequestException,
        400,
      );
      const api = await client().send(new GetRestApiCommand({ restApiId: id }));
      assert.equal(api.name, "atomic");
      assert.deepEqual(api.endpointConfiguration?.vpcEndpointIds, [a, b]);
    });

    it("rejects adding an endpoint to a REGIONAL API", async () => {
      const id = await createRestApi({ type: "REGIONAL" });
      const error = await rejectsWith(update(id, [add(vpceIds(1)[0])]), BadRequestException, 400);
      assert.match(error.message, /PRIVATE/);
    });

    it("answers NotFoundException for an unknown API", async () => {
      await rejectsWith(update("abcdefghij", [add(vpceIds(1)[0])]), NotFoundException, 404);
    });
  });

  describe("UpdateRestApi replace", () => {
    it("replaces /name and /description", async () => {
      const id = await createRestApi({ name: "before" });
      const updated = await update(id, [
        { op: "replace", path: "/name", value: "after" },
        { op: "replace", path: "/description", value: "now described" },
      ]);
      assert.equal(updated.name, "after");
      assert.equal(updated.description, "now described");
      assert.equal((await client().send(new GetRestApiCommand({ restApiId: id }))).name, "after");
    });

    it("rejects an empty /name", async () => {
      const id = await createRestApi();
      await rejectsWith(update(id, [{ op: "replace", path: "/name", value: "" }]), BadRequestException, 400);
    });

    it("replaces /endpointConfiguration/types/<TYPE>, and only when the API has no endpoints left", async () => {
      const [a] = vpceIds(1);
      const id = await createRestApi({ vpcEndpointIds: [a] });
      const toRegional = { op: "replace", path: "/endpointConfiguration/types/PRIVATE", value: "REGIONAL" } as const;
      await rejectsWith(update(id, [toRegional]), BadRequestException, 400);
      const regional = await update(id, [remove(a), toRegional]);
      assert.deepEqual(regional.endpointConfiguration, { types: ["REGIONAL"], vpcEndpointIds: [], ipAddressType: "dualstack" });
      const back = await update(id, [{ op: "replace", path: "/endpointConfiguration/types/REGIONAL", value: "PRIVATE" }, add(a)]);
      assert.deepEqual(back.endpointConfiguration, { types: ["PRIVATE"], vpcEndpointIds: [a], ipAddressType: "dualstack" });
    });

    it("rejects replacing a type the API does not have, or with an unknown type", async () => {
      const id = await createRestApi();
      await rejectsWith(
        update(id, [{ op: "replace", path: "/endpointConfiguration/types/EDGE", value: "REGIONAL" }]),
        BadRequestException,
        400,
      );
      await rejectsWith(
        update(id, [{ op: "replace", path: "/endpointConfiguration/types/PRIVATE", value: "PUBLIC" }]),
        BadRequestException,
        400,
      );
    });
  });

  describe("DeleteRestApi", () => {
    it("deletes, after which the API is NotFound and a second delete is NotFound", async () => {
      const id = await createRestApi({ vpcEndpointIds: vpceIds(1) });
      const deleted = await client().send(new DeleteRestApiCommand({ restApiId: id }));
      assert.equal(deleted.$metadata.httpStatusCode, 202);
      await rejectsWith(client().send(new GetRestApiCommand({ restApiId: id })), NotFoundException, 404);
      await rejectsWith(client().send(new DeleteRestApiCommand({ restApiId: id })), NotFoundException, 404);
    });
  });

  describe("CreateDeployment, GetStage and GetStages", () => {
    it("creates the stage, then points it at each new deployment", async () => {
      const id = await createRestApi();
      await makeDeployable(id);
      const first = await client().send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod", description: "v1" }));
      assert.equal(first.$metadata.httpStatusCode, 201);
      assert.match(first.id ?? "", /^[a-z0-9]+$/);
      const stage1 = await client().send(new GetStageCommand({ restApiId: id, stageName: "prod" }));
      assert.equal(stage1.deploymentId, first.id);

      const second = await client().send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
      assert.notEqual(second.id, first.id);
      const stage2 = await client().send(new GetStageCommand({ restApiId: id, stageName: "prod" }));
      assert.equal(stage2.deploymentId, second.id);
      assert.deepEqual(stage2.createdDate, stage1.createdDate);
    });

    it("lists stages, optionally by deployment", async () => {
      const id = await createRestApi();
      await makeDeployable(id);
      const prod = await client().send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
      const dev = await client().send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
      const all = await client().send(new GetStagesCommand({ restApiId: id }));
      assert.deepEqual(all.item?.map((s) => s.stageName).sort(), ["dev", "prod"]);
      const byDeployment = await client().send(new GetStagesCommand({ restApiId: id, deploymentId: dev.id }));
      assert.deepEqual(
        byDeployment.item?.map((s) => [s.stageName, s.deploymentId]),
        [["dev", dev.id]],
      );
      assert.notEqual(prod.id, dev.id);
    });

    it("creates no stage for a deployment without stageName", async () => {
      const id = await createRestApi();
      await makeDeployable(id);
      await client().send(new CreateDeploymentCommand({ restApiId: id }));
      assert.deepEqual((await client().send(new GetStagesCommand({ restApiId: id }))).item, []);
    });

    it("answers NotFoundException for an unknown API or stage", async () => {
      const id = await createRestApi();
      await rejectsWith(client().send(new CreateDeploymentCommand({ restApiId: "abcdefghij", stageName: "prod" })), NotFoundException, 404);
      await rejectsWith(client().send(new GetStageCommand({ restApiId: id, stageName: "nope" })), NotFoundException, 404);
      await rejectsWith(client().send(new GetStageCommand({ restApiId: "abcdefghij", stageName: "prod" })), NotFoundException, 404);
      await rejectsWith(client().send(new GetStagesCommand({ restApiId: "abcdefghij" })), NotFoundException, 404);
    });
  });
});
