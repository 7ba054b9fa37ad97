/**
 * The components' `diagnose` with the real doctor: the Pulumi program runs under the package's
 * mocks, and the doctor reads the sandbox, where a private path was built through the public
 * APIs. `true` outputs the diagnosis; "strict" fails the program when the path is broken.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { EC2Client, RevokeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import { PrivateApiAccess } from "../../../components/privateApiAccess";
import type { Diagnosis } from "../../../provider/doctor/index";
import { apigwVpcMocks } from "../../../testing";
import { buildPrivatePath, type PrivatePath } from "../../../support/privatePath";
import { FAST, TEST_REGION, useSandbox } from "../../../support/sandbox";

/** An output's value, or its rejection (the internal promise the engine awaits). */
const settled = <T>(o: pulumi.Output<T>): Promise<T> => (o as unknown as { promise(): Promise<T> }).promise();

describe("PrivateApiAccess diagnose, with the real doctor against the sandbox", () => {
  const ctx = useSandbox({ ...FAST, delays: { ...FAST.delays, dnsPropagationMs: 50, vpcEndpointProvisionMs: 50 } });
  let path: PrivatePath;

  before(async () => {
    const mocks = apigwVpcMocks();
    await pulumi.runtime.setMocks({ newResource: (a) => mocks.newResource(a), call: (a) => mocks.call(a) }, "apigw-vpc", "test", false);
    pulumi.runtime.setAllConfig({ "aws:region": TEST_REGION });
    path = await buildPrivatePath();
    const deadline = Date.now() + 10_000;
    while (ctx.sandbox.control.state().dnsRecords.some((r) => r.restApiId === path.restApiId && !r.published)) {
      if (Date.now() > deadline) throw new Error("names never published");
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  const access = (name: string, diagnose: true | "strict") =>
    new PrivateApiAccess(name, { restApiId: path.restApiId, vpcEndpointIds: [path.vpcEndpointId], stageName: path.stageName, diagnose });

  it("true: outputs the doctor's diagnosis of the deployed path, read-only", async () => {
    ctx.sandbox.control.clearRequestLog();
    const diagnosis = (await settled(access("healthy", true).diagnosis)) as Diagnosis;
    assert.equal(diagnosis.verdict, "ok");
    assert.ok(diagnosis.checks.some((c) => c.id === "endpoint-security-group" && c.subject === path.vpcEndpointId && c.status === "pass"));
    assert.deepEqual(
      ctx.sandbox.control.requestLog().filter((e) => !/^(Get|Describe)[A-Z]/.test(e.operation)),
      [],
    );
  });

  it('"strict": a broken path fails the program with the root cause; true only warns', async () => {
    const ec2 = new EC2Client({ region: TEST_REGION });
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: path.groupId,
        IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/16" }] }],
      }),
    );
    ec2.destroy();
    await assert.rejects(
      settled(access("strict", "strict").diagnosis),
      /diagnose: "strict": PrivateApiAccess strict is broken at endpoint-security-group/,
    );
    const warned = (await settled(access("lenient", true).diagnosis)) as Diagnosis;
    assert.equal(warned.verdict, "broken");
    assert.equal(warned.rootCause, "endpoint-security-group");
  });
});
