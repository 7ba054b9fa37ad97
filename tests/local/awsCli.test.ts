/**
 * A client no one here wrote: the AWS CLI (v1, from PyPI, pinned by scripts/aws-cli.sh) runs the
 * commands of the guide's pages against the sandbox, as a user would type them, with
 * AWS_ENDPOINT_URL, dummy credentials and --region: create-rest-api with two endpoints,
 * update-rest-api add and remove, a resource policy attached at create (--policy file://) and
 * replaced (op=replace,path=/policy), then create-vpc-link and delete-vpc-link on a VPC, subnets and
 * groups made with the CLI's own ec2 commands. The CLI runs asynchronously: the sandbox answers
 * from this process.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePolicy } from "../../provider/accessPolicy";
import { awsCliBinary } from "../../support/awsModels";
import { useSandbox } from "../../support/sandbox";

const REGION = "us-west-2";

/** The guide's private-API policy: invoke allowed, denied unless through the one endpoint. */
const invokePolicy = (vpce: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
      {
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        Condition: { StringNotEquals: { "aws:SourceVpce": vpce } },
      },
    ],
  });

/** Runs `aws ARGS... --region us-west-2 --output json` against the sandbox; the parsed JSON output, or {} when there is none. */
function awsCli(endpoint: string, args: string[]): Promise<Record<string, unknown>> {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: tmpdir(),
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "AKIASANDBOXAWSCLI001",
    AWS_SECRET_ACCESS_KEY: "aws-cli-secret-not-real",
    // No profile, config or credentials file of the machine's user takes part.
    AWS_CONFIG_FILE: join(tmpdir(), "apigw-vpc-no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), "apigw-vpc-no-aws-credentials"),
    AWS_PAGER: "",
  };
  return new Promise((resolve, reject) =>
    execFile(awsCliBinary(), [...args, "--region", REGION, "--output", "json"], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`aws ${args.slice(0, 2).join(" ")} failed: ${stderr || error.message}`));
      else resolve(stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {});
    }),
  );
}

describe("the AWS CLI against the sandbox (the guide's commands)", () => {
  const ctx = useSandbox({ timeScale: 1e-4, delays: { vpcLinkProvisionMs: 50, vpcLinkDeleteMs: 50, dnsPropagationMs: 0 } });
  const aws = (...args: string[]) => awsCli(ctx.sandbox.endpoint, args);

  before(function () {
    assert.ok(existsSync(awsCliBinary()), `the AWS CLI is not installed at ${awsCliBinary()}: run \`bash scripts/aws-cli.sh\``);
  });

  it("associates and disassociates VPC endpoints of a private REST API (create-rest-api, update-rest-api add and remove)", async () => {
    const created = await aws(
      "apigateway",
      "create-rest-api",
      "--name",
      "Petstore",
      "--endpoint-configuration",
      '{ "types": ["PRIVATE"], "vpcEndpointIds" : ["vpce-0212a4ababd5b8c3e", "vpce-0393a628149c867ee"] }',
    );
    assert.match(String(created.id), /^[a-z0-9]{10}$/);
    assert.equal(created.name, "Petstore");
    assert.equal(created.apiKeySource, "HEADER");
    assert.equal(typeof created.createdDate, "number", "epoch seconds, as the guide shows (1565718256)");
    assert.deepEqual(created.endpointConfiguration, {
      ipAddressType: "dualstack",
      types: ["PRIVATE"],
      vpcEndpointIds: ["vpce-0212a4ababd5b8c3e", "vpce-0393a628149c867ee"],
    });
    const restApiId = created.id as string;
    const patch = (op: string, value: string) =>
      aws(
        "apigateway",
        "update-rest-api",
        "--rest-api-id",
        restApiId,
        "--patch-operations",
        `op='${op}',path='/endpointConfiguration/vpcEndpointIds',value='${value}'`,
      );
    const added = await patch("add", "vpce-01d622316a7df47f9");
    assert.deepEqual(added.endpointConfiguration, {
      ipAddressType: "dualstack",
      types: ["PRIVATE"],
      vpcEndpointIds: ["vpce-0212a4ababd5b8c3e", "vpce-0393a628149c867ee", "vpce-01d622316a7df47f9"],
    });
    const removed = await patch("remove", "vpce-0393a628149c867ee");
    assert.deepEqual(removed.endpointConfiguration, {
      ipAddressType: "dualstack",
      types: ["PRIVATE"],
      vpcEndpointIds: ["vpce-0212a4ababd5b8c3e", "vpce-01d622316a7df47f9"],
    });
    const read = await aws("apigateway", "get-rest-api", "--rest-api-id", restApiId);
    assert.deepEqual(read.endpointConfiguration, removed.endpointConfiguration);
  });

  it("attaches a resource policy at create (--policy file://) and replaces it (op=replace,path=/policy), with execute-api:/ expanded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "apigw-vpc-cli-"));
    try {
      const policyFile = join(dir, "policy.json");
      writeFileSync(policyFile, invokePolicy("vpce-0212a4ababd5b8c3e"));
      const created = await aws(
        "apigateway",
        "create-rest-api",
        "--name",
        "Petstore",
        "--endpoint-configuration",
        "types=PRIVATE",
        "--policy",
        `file://${policyFile}`,
        "--disable-execute-api-endpoint",
      );
      const restApiId = created.id as string;
      assert.equal(created.disableExecuteApiEndpoint, true);
      const arn = `arn:aws:execute-api:${REGION}:123456789012:${restApiId}/*`;
      const allowedEndpoint = (policy: unknown) => {
        const doc = parsePolicy(policy as string);
        assert.deepEqual(
          doc.Statement.map((st) => st.Resource),
          [arn, arn],
        );
        return (doc.Statement[1].Condition as Record<string, Record<string, string>>).StringNotEquals["aws:SourceVpce"];
      };
      assert.equal(allowedEndpoint(created.policy), "vpce-0212a4ababd5b8c3e");

      const replaced = await aws(
        "apigateway",
        "update-rest-api",
        "--rest-api-id",
        restApiId,
        "--patch-operations",
        `op=replace,path=/policy,value='${invokePolicy("vpce-0393a628149c867ee")}'`,
      );
      assert.equal(allowedEndpoint(replaced.policy), "vpce-0393a628149c867ee");
      const read = await aws("apigateway", "get-rest-api", "--rest-api-id", restApiId);
      assert.equal(read.policy, replaced.policy);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("creates and deletes a VPC link for HTTP APIs in two subnets with two security groups", async () => {
    const vpc = (await aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")).Vpc as { VpcId: string };
    const zones = ((await aws("ec2", "describe-availability-zones")).AvailabilityZones as { ZoneName: string }[]).map((z) => z.ZoneName);
    const subnetIds: string[] = [];
    for (const [i, zone] of zones.slice(0, 2).entries()) {
      const out = await aws("ec2", "create-subnet", "--vpc-id", vpc.VpcId, "--cidr-block", `10.0.${i}.0/24`, "--availability-zone", zone);
      subnetIds.push((out.Subnet as { SubnetId: string }).SubnetId);
    }
    const groupIds: string[] = [];
    for (const name of ["link-a", "link-b"])
      groupIds.push(
        (await aws("ec2", "create-security-group", "--vpc-id", vpc.VpcId, "--group-name", name, "--description", name)).GroupId as string,
      );

    const link = await aws(
      "apigatewayv2",
      "create-vpc-link",
      "--name",
      "MyVpcLink",
      "--subnet-ids",
      ...subnetIds,
      "--security-group-ids",
      ...groupIds,
    );
    assert.equal(link.Name, "MyVpcLink");
    assert.deepEqual(link.SubnetIds, subnetIds);
    assert.deepEqual(link.SecurityGroupIds, groupIds);
    assert.equal(link.VpcLinkStatus, "PENDING");
    assert.equal(link.VpcLinkVersion, "V2");
    const vpcLinkId = link.VpcLinkId as string;
    let status = link.VpcLinkStatus as string;
    for (let i = 0; i < 100 && status === "PENDING"; i++)
      status = (await aws("apigatewayv2", "get-vpc-link", "--vpc-link-id", vpcLinkId)).VpcLinkStatus as string;
    assert.equal(status, "AVAILABLE");

    assert.deepEqual(await aws("apigatewayv2", "delete-vpc-link", "--vpc-link-id", vpcLinkId), {});
    let listed = true;
    for (let i = 0; i < 100 && listed; i++) {
      const links = (await aws("apigatewayv2", "get-vpc-links")).Items as { VpcLinkId: string }[];
      listed = links.some((l) => l.VpcLinkId === vpcLinkId);
    }
    assert.equal(listed, false, "the deleted link is gone from get-vpc-links");
  });
});
