/**
 * The sandbox's v2 model through the real @aws-sdk/client-apigatewayv2: every VPC link
 * operation, tags by ARN, the status life cycle (PENDING, AVAILABLE, FAILED, INACTIVE,
 * DELETING, gone), references blocking deletion, regions, and the error paths.
 */
import assert from "node:assert/strict";
import {
  ApiGatewayV2Client,
  BadRequestException,
  CreateVpcLinkCommand,
  DeleteVpcLinkCommand,
  GetTagsCommand,
  GetVpcLinkCommand,
  GetVpcLinksCommand,
  NotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateVpcLinkCommand,
  type GetVpcLinkCommandOutput,
} from "@aws-sdk/client-apigatewayv2";
import { CreateSecurityGroupCommand, EC2Client } from "@aws-sdk/client-ec2";
import { randomAwsId, type Sandbox } from "../../local";
import { createNetwork, sharedNetwork, type SandboxNetwork } from "../../support/network";
import { useSandbox, rejectsWith } from "../../support/sandbox";

const client = (region = "us-east-1") => new ApiGatewayV2Client({ region });
const arnOf = (id: string, region = "us-east-1") => `arn:aws:apigateway:${region}::/vpclinks/${id}`;

/** The sandbox of the suite running now, for the network its links go in. */
let current: Sandbox;

async function createLink(
  opts: { region?: string; subnetIds?: string[]; name?: string; tags?: Record<string, string> } = {},
): Promise<string> {
  const network = await sharedNetwork(current, opts.region);
  const link = await client(opts.region).send(
    new CreateVpcLinkCommand({
      Name: opts.name ?? "link",
      SubnetIds: opts.subnetIds ?? network.subnetIds.slice(0, 2),
      // Subnets of another network go without groups: the shared network's are of another VPC.
      SecurityGroupIds: opts.subnetIds ? [] : [network.groupIds[0]],
      Tags: opts.tags,
    }),
  );
  return link.VpcLinkId as string;
}

type Observed = string; // a status, or "gone" for NotFoundException

/** Polls GetVpcLink until `until` is observed (or 20 s pass) and returns the distinct statuses in order. */
async function observe(id: string, until: Observed, region?: string): Promise<{ seen: Observed[]; last?: GetVpcLinkCommandOutput }> {
  const seen: Observed[] = [];
  let last: GetVpcLinkCommandOutput | undefined;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    let status: Observed;
    try {
      last = await client(region).send(new GetVpcLinkCommand({ VpcLinkId: id }));
      status = last.VpcLinkStatus as string;
    } catch (e) {
      if (!(e instanceof NotFoundException)) throw e;
      status = "gone";
    }
    if (seen[seen.length - 1] !== status) seen.push(status);
    if (status === until) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { seen, last };
}

describe("sandbox v2: VPC links through the real SDK", () => {
  const delays = { vpcLinkProvisionMs: 400, vpcLinkDeleteMs: 400, dnsPropagationMs: 100 };
  const ctx = useSandbox({ timeScale: 1e-4, delays });
  let network: SandboxNetwork;
  before(async () => {
    current = ctx.sandbox;
    network = await sharedNetwork(current);
  });
  afterEach(() => ctx.sandbox.control.setDelays(delays));
  /** The status the sandbox holds right now, read synchronously (no request in between). */
  const statusNow = (id: string) => ctx.sandbox.control.state().vpcLinks.find((l) => l.vpcLinkId === id)?.vpcLinkStatus;

  describe("CreateVpcLink, GetVpcLink and the provisioning life cycle", () => {
    it("creates a PENDING link that becomes AVAILABLE after the provisioning delay", async () => {
      const subnets = network.subnetIds.slice(0, 2);
      const sg = network.groupIds[1];
      const created = await client().send(
        new CreateVpcLinkCommand({ Name: "orders", SubnetIds: subnets, SecurityGroupIds: [sg], Tags: { team: "a" } }),
      );
      assert.equal(created.$metadata.httpStatusCode, 201);
      assert.equal(created.VpcLinkStatus, "PENDING");
      assert.equal(created.VpcLinkVersion, "V2");
      assert.deepEqual([created.Name, created.SubnetIds, created.SecurityGroupIds, created.Tags], ["orders", subnets, [sg], { team: "a" }]);
      assert.ok(created.CreatedDate instanceof Date);

      const { seen, last } = await observe(created.VpcLinkId as string, "AVAILABLE");
      assert.deepEqual(
        seen.filter((s) => s !== "PENDING"),
        ["AVAILABLE"],
      );
      assert.equal(last?.Name, "orders");
      assert.ok(last?.VpcLinkStatusMessage);
    });

    it("goes FAILED with the status message for a subnet marked bad", async () => {
      const { subnetIds, groupIds } = await createNetwork({ octet: 1 });
      const bad = subnetIds[1];
      ctx.sandbox.control.markSubnetBad(bad, "Insufficient free IP addresses in subnet");
      const created = await client().send(new CreateVpcLinkCommand({ Name: "bad", SubnetIds: subnetIds, SecurityGroupIds: groupIds }));
      assert.equal(created.VpcLinkStatus, "PENDING");
      const { seen, last } = await observe(created.VpcLinkId as string, "FAILED");
      assert.deepEqual(
        seen.filter((s) => s !== "PENDING"),
        ["FAILED"],
      );
      assert.equal(last?.VpcLinkStatusMessage, "Insufficient free IP addresses in subnet");
    });

    it("goes FAILED with a default message naming the subnet", async () => {
      const [bad] = (await createNetwork({ octet: 2, subnets: 1 })).subnetIds;
      ctx.sandbox.control.markSubnetBad(bad);
      const { last } = await observe(await createLink({ subnetIds: [bad] }), "FAILED");
      assert.match(last?.VpcLinkStatusMessage ?? "", new RegExp(bad));
    });

    it("goes INACTIVE when the control API says so, and back through PENDING to AVAILABLE", async () => {
      const id = await createLink();
      await observe(id, "AVAILABLE");
      ctx.sandbox.control.setVpcLinkInactive(id);
      const inactive = await client().send(new GetVpcLinkCommand({ VpcLinkId: id }));
      assert.equal(inactive.VpcLinkStatus, "INACTIVE");
      ctx.sandbox.control.setVpcLinkInactive(id, false);
      assert.equal(statusNow(id), "PENDING");
      const { seen } = await observe(id, "AVAILABLE");
      assert.deepEqual(
        seen.filter((s) => s !== "PENDING"),
        ["AVAILABLE"],
      );
    });

    const invalid: [string, Partial<{ Name: string; SubnetIds: string[]; SecurityGroupIds: string[] }>, RegExp][] = [
      ["a short subnet id", { SubnetIds: ["subnet-123"] }, /subnet id/],
      ["an upper-case subnet id", { SubnetIds: ["subnet-0123ABCD"] }, /subnet id/],
      ["a 16-digit subnet id", { SubnetIds: ["subnet-0123456789abcdef"] }, /subnet id/],
      ["a vpce id as subnet", { SubnetIds: ["vpce-0123abcd"] }, /subnet id/],
      ["no subnets", { SubnetIds: [] }, /subnetIds/],
      ["eleven subnets", { SubnetIds: Array.from({ length: 11 }, () => randomAwsId("subnet")) }, /subnetIds/],
      ["a malformed security group", { SecurityGroupIds: ["sg-12345"] }, /security group/],
      ["a non-hex security group", { SecurityGroupIds: ["sg-0123abcz"] }, /security group/],
      ["an empty name", { Name: "" }, /name/],
      ["a 129-character name", { Name: "n".repeat(129) }, /name/],
    ];
    for (const [what, override, message] of invalid) {
      it(`rejects ${what} with BadRequestException`, async () => {
        const input = { Name: "bad", SubnetIds: [network.subnetIds[0]], SecurityGroupIds: [network.groupIds[0]], ...override };
        const error = await rejectsWith(client().send(new CreateVpcLinkCommand(input)), BadRequestException, 400);
        assert.match(error.message, message);
      });
    }

    describe("subnets and security groups EC2 does not know, or of two VPCs", () => {
      const refused = async (input: { SubnetIds: string[]; SecurityGroupIds?: string[] }, message: string) => {
        const before = ctx.sandbox.control.state().vpcLinks.length;
        const error = await rejectsWith(client().send(new CreateVpcLinkCommand({ Name: "refused", ...input })), BadRequestException, 400);
        assert.equal(error.message, message);
        assert.equal(ctx.sandbox.control.state().vpcLinks.length, before, "no link is created");
      };

      it("refuses a subnet that does not exist, synchronously, naming it", async () => {
        const unknown = randomAwsId("subnet");
        await refused({ SubnetIds: [network.subnetIds[0], unknown] }, `The subnet ID '${unknown}' does not exist`);
      });

      it("refuses a security group that does not exist, naming it", async () => {
        const unknown = randomAwsId("sg");
        await refused(
          { SubnetIds: network.subnetIds.slice(0, 2), SecurityGroupIds: [network.groupIds[0], unknown] },
          `The security group '${unknown}' does not exist`,
        );
      });

      it("refuses subnets of another account: they do not exist for the caller", async () => {
        ctx.sandbox.control.mapAccessKey("AKIAOTHERACCOUNT0001", "210987654321");
        const other = new ApiGatewayV2Client({
          region: "us-east-1",
          credentials: { accessKeyId: "AKIAOTHERACCOUNT0001", secretAccessKey: "other-account-secret" },
        });
        const error = await rejectsWith(
          other.send(new CreateVpcLinkCommand({ Name: "foreign", SubnetIds: [network.subnetIds[0]] })),
          BadRequestException,
          400,
        );
        assert.equal(error.message, `The subnet ID '${network.subnetIds[0]}' does not exist`);
      });

      it("refuses subnets of two VPCs", async () => {
        const other = await createNetwork({ octet: 3, subnets: 1 });
        await refused(
          { SubnetIds: [network.subnetIds[0], other.subnetIds[0]] },
          `Subnets of a VPC link must be in one VPC: ${network.subnetIds[0]} is in ${network.vpcId}, ${other.subnetIds[0]} in ${other.vpcId}`,
        );
      });

      it("refuses a security group of another VPC than the subnets'", async () => {
        const ec2 = new EC2Client({ region: "us-east-1" });
        const other = await createNetwork({ octet: 4, subnets: 1, groups: 0 });
        const foreign = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: other.vpcId, GroupName: "x", Description: "x" })))
          .GroupId as string;
        ec2.destroy();
        await refused(
          { SubnetIds: network.subnetIds.slice(0, 2), SecurityGroupIds: [foreign] },
          `Security group ${foreign} is in ${other.vpcId}, not in ${network.vpcId}, the VPC of the subnets`,
        );
      });

      it("accepts a link with no security group (the parameter is optional)", async () => {
        const created = await client().send(new CreateVpcLinkCommand({ Name: "no-groups", SubnetIds: network.subnetIds }));
        assert.deepEqual(created.SecurityGroupIds, []);
      });
    });

    it("answers NotFoundException for an unknown link", async () => {
      const error = await rejectsWith(client().send(new GetVpcLinkCommand({ VpcLinkId: "zzzzzzz" })), NotFoundException, 404);
      assert.match(error.message, /zzzzzzz/);
    });
  });

  describe("GetVpcLinks", () => {
    it("pages with MaxResults and NextToken", async () => {
      const region = "eu-north-1";
      const created = [await createLink({ region }), await createLink({ region }), await createLink({ region })];
      const seen: string[] = [];
      const sizes: number[] = [];
      let token: string | undefined;
      do {
        const page = await client(region).send(new GetVpcLinksCommand({ MaxResults: "2", NextToken: token }));
        sizes.push(page.Items?.length ?? 0);
        seen.push(...(page.Items ?? []).map((l) => l.VpcLinkId as string));
        token = page.NextToken;
      } while (token);
      assert.deepEqual(sizes, [2, 1]);
      assert.deepEqual([...seen].sort(), [...created].sort());
    });

    it("keeps regions apart: another region's client neither lists nor finds the link", async () => {
      const id = await createLink({ region: "ap-northeast-1" });
      const other = await client("ap-northeast-2").send(new GetVpcLinksCommand({}));
      assert.deepEqual(other.Items, []);
      await rejectsWith(client("ap-northeast-2").send(new GetVpcLinkCommand({ VpcLinkId: id })), NotFoundException, 404);
      assert.equal((await client("ap-northeast-1").send(new GetVpcLinkCommand({ VpcLinkId: id }))).VpcLinkId, id);
      assert.deepEqual(
        ctx.sandbox.control.state("ap-northeast-1").vpcLinks.map((l) => [l.vpcLinkId, l.region]),
        [[id, "ap-northeast-1"]],
      );
    });
  });

  describe("UpdateVpcLink", () => {
    it("renames a link", async () => {
      const id = await createLink({ name: "old" });
      const updated = await client().send(new UpdateVpcLinkCommand({ VpcLinkId: id, Name: "new" }));
      assert.equal(updated.Name, "new");
      assert.equal((await client().send(new GetVpcLinkCommand({ VpcLinkId: id }))).Name, "new");
    });

    it("rejects an empty name and answers NotFound for an unknown link", async () => {
      const id = await createLink();
      await rejectsWith(client().send(new UpdateVpcLinkCommand({ VpcLinkId: id, Name: "" })), BadRequestException, 400);
      await rejectsWith(client().send(new UpdateVpcLinkCommand({ VpcLinkId: "zzzzzzz", Name: "x" })), NotFoundException, 404);
    });
  });

  describe("DeleteVpcLink", () => {
    it("passes through DELETING, then GetVpcLink answers NotFoundException", async () => {
      const id = await createLink();
      await observe(id, "AVAILABLE");
      ctx.sandbox.control.setDelays({ vpcLinkDeleteMs: 1500 });
      const deleted = await client().send(new DeleteVpcLinkCommand({ VpcLinkId: id }));
      assert.equal(deleted.$metadata.httpStatusCode, 202);
      const { seen } = await observe(id, "gone");
      assert.deepEqual(seen, ["DELETING", "gone"]);
      await rejectsWith(client().send(new DeleteVpcLinkCommand({ VpcLinkId: id })), NotFoundException, 404);
    });

    it("rejects renaming a link that is being deleted", async () => {
      const id = await createLink();
      ctx.sandbox.control.setDelays({ vpcLinkDeleteMs: 5000 });
      await client().send(new DeleteVpcLinkCommand({ VpcLinkId: id }));
      await rejectsWith(client().send(new UpdateVpcLinkCommand({ VpcLinkId: id, Name: "late" })), BadRequestException, 400);
    });

    it("fails with BadRequestException naming the reference, and succeeds once it is removed", async () => {
      const id = await createLink();
      ctx.sandbox.control.addVpcLinkReference(id, "ANY:/{proxy+}");
      const error = await rejectsWith(client().send(new DeleteVpcLinkCommand({ VpcLinkId: id })), BadRequestException, 400);
      assert.match(error.message, /ANY:\/\{proxy\+\}/);
      assert.match(error.message, new RegExp(id));
      assert.notEqual((await client().send(new GetVpcLinkCommand({ VpcLinkId: id }))).VpcLinkStatus, "DELETING");

      ctx.sandbox.control.removeVpcLinkReference(id, "ANY:/{proxy+}");
      await client().send(new DeleteVpcLinkCommand({ VpcLinkId: id }));
      assert.deepEqual((await observe(id, "gone")).seen.at(-1), "gone");
    });

    it("tracks references per region", async () => {
      const id = await createLink({ region: "eu-west-3" });
      assert.throws(() => ctx.sandbox.control.addVpcLinkReference(id, "GET:/x"), /Unable to find VpcLink/);
      ctx.sandbox.control.addVpcLinkReference(id, "GET:/x", "eu-west-3");
      assert.deepEqual(ctx.sandbox.control.state("eu-west-3").vpcLinks.find((l) => l.vpcLinkId === id)?.references, ["GET:/x"]);
      await rejectsWith(client("eu-west-3").send(new DeleteVpcLinkCommand({ VpcLinkId: id })), BadRequestException, 400);
    });
  });

  describe("TagResource, UntagResource and GetTags", () => {
    it("merges, removes and reads tags by ARN", async () => {
      const id = await createLink({ tags: { a: "1", b: "2" } });
      const arn = arnOf(id);
      assert.deepEqual((await client().send(new GetTagsCommand({ ResourceArn: arn }))).Tags, { a: "1", b: "2" });
      const tagged = await client().send(new TagResourceCommand({ ResourceArn: arn, Tags: { b: "20", c: "3" } }));
      assert.equal(tagged.$metadata.httpStatusCode, 201);
      assert.deepEqual((await client().send(new GetTagsCommand({ ResourceArn: arn }))).Tags, { a: "1", b: "20", c: "3" });
      await client().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["a", "c", "absent"] }));
      assert.deepEqual((await client().send(new GetTagsCommand({ ResourceArn: arn }))).Tags, { b: "20" });
      assert.deepEqual((await client().send(new GetVpcLinkCommand({ VpcLinkId: id }))).Tags, { b: "20" });
    });

    it("finds the link by the region in the ARN", async () => {
      const id = await createLink({ region: "us-west-1", tags: { r: "w1" } });
      assert.deepEqual((await client("us-west-1").send(new GetTagsCommand({ ResourceArn: arnOf(id, "us-west-1") }))).Tags, { r: "w1" });
      await rejectsWith(client().send(new GetTagsCommand({ ResourceArn: arnOf(id, "us-east-1") })), NotFoundException, 404);
    });

    it("answers NotFoundException for an unknown link or a malformed ARN", async () => {
      await rejectsWith(client().send(new GetTagsCommand({ ResourceArn: arnOf("zzzzzzz") })), NotFoundException, 404);
      await rejectsWith(client().send(new TagResourceCommand({ ResourceArn: arnOf("zzzzzzz"), Tags: { a: "b" } })), NotFoundException, 404);
      await rejectsWith(
        client().send(new UntagResourceCommand({ ResourceArn: "arn:aws:apigateway:us-east-1::/restapis/abc", TagKeys: ["a"] })),
        NotFoundException,
        404,
      );
    });

    it("rejects reserved aws: keys and oversized values with BadRequestException", async () => {
      const arn = arnOf(await createLink());
      await rejectsWith(client().send(new TagResourceCommand({ ResourceArn: arn, Tags: { "aws:owner": "x" } })), BadRequestException, 400);
      await rejectsWith(
        client().send(new TagResourceCommand({ ResourceArn: arn, Tags: { k: "v".repeat(257) } })),
        BadRequestException,
        400,
      );
      assert.deepEqual((await client().send(new GetTagsCommand({ ResourceArn: arn }))).Tags, {});
    });
  });
});

describe("sandbox v2: the per-region VPC link quota", () => {
  const ctx = useSandbox({ timeScale: 1e-4, maxVpcLinksPerRegion: 2, delays: { vpcLinkProvisionMs: 10, vpcLinkDeleteMs: 10 } });
  before(() => (current = ctx.sandbox));

  it("refuses a third link in a region with BadRequestException, but not in another region", async () => {
    await createLink();
    await createLink();
    const error = await rejectsWith(createLink(), BadRequestException, 400);
    assert.match(error.message, /at most 2 VPC links/);
    assert.match(await createLink({ region: "eu-west-1" }), /^[a-z0-9]{7}$/);
  });
});
