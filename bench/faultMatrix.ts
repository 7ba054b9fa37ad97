/**
 * 7. Reliability: the fault matrix (tests/e2e/faultMatrix.ts) under the real engine. A stack of
 * VPC links and an association is created, changed in four rounds and destroyed while every
 * mutation loses about 30 % of its answers and also meets 429, 409 and 5xx (reads: 429, 5xx).
 *
 *   ours     -> the matrix, seeded, so a run can be replayed
 *   baseline -> the same stack and rounds without faults, in the same run
 *
 * The counts that must be zero (leaked links, doubled creates, lost ids, removed foreign ids)
 * are the targets; requests and time are the price of the faults, as ratios to the baseline.
 */
import { runFaultMatrix, type FaultMatrixCounts } from "../support/faultMatrix";
import { fmt, withSandbox, type Row, type ScenarioResult } from "./common";

const SEED = 20261122;
const LINKS = 3;
const ROUNDS = 4;

function matrix(faults: boolean): Promise<FaultMatrixCounts> {
  return withSandbox(
    { timeScale: 0.01, seed: SEED, delays: { vpcLinkProvisionMs: 200, vpcLinkDeleteMs: 100, dnsPropagationMs: 100 } },
    (sandbox) => runFaultMatrix(sandbox, { links: LINKS, rounds: ROUNDS, faults, label: faults ? "faults" : "baseline" }),
  );
}

export async function faultMatrix(): Promise<ScenarioResult> {
  const base = await matrix(false);
  const ours = await matrix(true);
  const zero = (figure: string, value: number, baseline: number): Row => ({
    figure,
    value: String(value),
    baseline: String(baseline),
    ratio: "—",
    target: "0",
    met: value === 0,
  });
  const pct = (n: number, of: number) => `${n} (${of ? Math.round((100 * n) / of) : 0} %)`;
  const rows: Row[] = [
    {
      figure: "mutations sent / answers lost",
      value: `${ours.mutations} / ${pct(ours.lostAnswers, ours.mutations)}`,
      baseline: `${base.mutations} / 0`,
      ratio: fmt.ratio(ours.mutations / base.mutations),
      target: "—",
      met: null,
    },
    {
      figure: "429 / 409 / 5xx answered (quota 429s included)",
      value: `${ours.throttled} / ${ours.conflicts} / ${ours.serverErrors}`,
      baseline: `${base.throttled} / ${base.conflicts} / ${base.serverErrors}`,
      ratio: "—",
      target: "—",
      met: null,
    },
    {
      figure: "pulumi commands run / failed (a failed one is rerun)",
      value: `${ours.commands} / ${ours.failedCommands}`,
      baseline: `${base.commands} / ${base.failedCommands}`,
      ratio: "—",
      target: "0 failed",
      met: ours.failedCommands === 0,
    },
    zero("leaked VPC links (exist, not in state)", ours.leakedLinks, base.leakedLinks),
    zero("doubled VPC links (creates beyond the declared)", ours.linksCreated - ours.linksDeclared, base.linksCreated - base.linksDeclared),
    zero("declared endpoint ids lost (or left after destroy)", ours.lostIds, base.lostIds),
    zero("foreign endpoint ids removed", ours.foreignRemoved, base.foreignRemoved),
    {
      figure: "wall time of the 6 commands",
      value: fmt.s(ours.elapsedMs),
      baseline: fmt.s(base.elapsedMs),
      ratio: fmt.ratio(ours.elapsedMs / base.elapsedMs),
      target: "—",
      met: null,
    },
  ];
  return {
    rows,
    details: { seed: SEED, links: LINKS, rounds: ROUNDS, faults: ours, baseline: base },
    notes: [
      `seed ${SEED}; ${LINKS}-${LINKS + 1} links and 4 of 8 endpoint ids per round, ${ROUNDS} change rounds, quotas at time scale 0.01`,
    ],
  };
}
