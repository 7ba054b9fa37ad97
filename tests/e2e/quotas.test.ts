/**
 * API Gateway's VPC link quotas under the real engine: ten links created, then deleted, in one
 * `pulumi up` / `pulumi destroy` (the engine runs them in parallel) all succeed, queued on the
 * 429s' Retry-After by the providers as stored in state. The process-wide rate limiter (adaptive,
 * provider/clients.ts) paces the callers after the first 429s, so how many 429s the quota answers
 * depends on timing; at least one shows the quota was reached.
 */
import * as assert from "node:assert/strict";
import { createNetwork } from "../../support/network";
import { mustRunPulumi, runPulumi, selectStack, writeStackConfig } from "../../support/pulumiRunner";
import { useSandbox } from "../../support/sandbox";
import { useFixtureStack } from "../../support/engine";

describe("ten VPC links in one update under the documented quotas (time scale 0.01)", function () {
  this.timeout(240_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 200, vpcLinkDeleteMs: 100, dnsPropagationMs: 100 } });
  const fixture = useFixtureStack(ctx, "links-stack", "quotas");
  const { stack } = fixture;

  it("`pulumi up` creates all ten and `pulumi destroy` deletes all ten, throttled but never failing", async () => {
    const network = await createNetwork();
    await selectStack(fixture.ws, stack);
    writeStackConfig(fixture.ws, stack, {
      "aws:region": "us-east-1",
      "apigw-vpc-links-fixture:count": 10,
      "apigw-vpc-links-fixture:subnetIds": network.subnetIds,
      "apigw-vpc-links-fixture:securityGroupIds": network.groupIds,
    });
    const up = await runPulumi(fixture.ws, ["up", "--yes", "--skip-preview", "--parallel", "10", "--stack", stack]);
    assert.equal(up.code, 0, up.stdout + up.stderr);
    const links = ctx.sandbox.control.state().vpcLinks;
    assert.equal(links.length, 10);
    assert.ok(links.every((l) => l.vpcLinkStatus === "AVAILABLE"));
    const throttled = (operation: string) => ctx.sandbox.control.requestLog({ operation }).filter((e) => e.status === 429).length;
    assert.ok(throttled("CreateVpcLink") >= 1, `the quota throttled the parallel creates (${throttled("CreateVpcLink")} 429s)`);

    await mustRunPulumi(fixture.ws, ["destroy", "--yes", "--skip-preview", "--parallel", "10", "--stack", stack]);
    assert.deepEqual(ctx.sandbox.control.state().vpcLinks, []);
    assert.ok(throttled("DeleteVpcLink") >= 1, `the quota throttled the parallel deletes (${throttled("DeleteVpcLink")} 429s)`);
  });
});
