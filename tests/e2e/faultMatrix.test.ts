/**
 * The fault matrix under the real engine (tests/e2e/faultMatrix.ts): about 30 % lost answers on
 * every mutation, plus 429, 409 and 5xx, through create, change and destroy. It must converge
 * with no leaked or doubled link, no lost declared id and no removed foreign id.
 */
import * as assert from "node:assert/strict";
import { useSandbox } from "../../support/sandbox";
import { runFaultMatrix } from "../../support/faultMatrix";

describe("fault matrix: lost answers, 429, 409 and 5xx on every mutation, under the real engine", function () {
  this.timeout(900_000);
  const ctx = useSandbox({
    timeScale: 0.01,
    seed: 20261122,
    delays: { vpcLinkProvisionMs: 200, vpcLinkDeleteMs: 100, dnsPropagationMs: 100 },
  });

  it("converges: 0 leaked links, 0 duplicate creates, 0 lost ids, 0 foreign ids removed, no process left", async () => {
    const counts = await runFaultMatrix(ctx.sandbox, { links: 3, rounds: 4, faults: true, label: "test" });
    console.log(`      fault matrix: ${JSON.stringify({ ...counts, errors: counts.errors.length })}`);
    // FIRST_FAULTS: a lost UpdateRestApi in each of the 6 commands, a 409 before the first create, a 5xx before the first delete.
    assert.ok(counts.lostAnswers >= 6, `answers were lost (${counts.lostAnswers} of ${counts.mutations} mutations)`);
    assert.ok(
      counts.conflicts >= 1 && counts.serverErrors >= 1 && counts.throttled >= 1,
      `409, 5xx and 429 were met too (${counts.conflicts}, ${counts.serverErrors}, ${counts.throttled})`,
    );
    assert.deepEqual(
      {
        leakedLinks: counts.leakedLinks,
        duplicateLinks: counts.linksCreated - counts.linksDeclared,
        lostIds: counts.lostIds,
        foreignRemoved: counts.foreignRemoved,
      },
      { leakedLinks: 0, duplicateLinks: 0, lostIds: 0, foreignRemoved: 0 },
    );
    assert.deepEqual(
      counts.errors.filter((e) => !/^(up|destroy) #/.test(e)),
      [],
      "no process left behind, the state records every declared link",
    );
  });
});
