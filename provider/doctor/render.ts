/** The diagnosis for people (a short table, root cause first) and for machines (JSON) (pure). */
import type { CheckResult, CheckStatus, Diagnosis } from "./types";

const MARK: Record<CheckStatus, string> = { pass: "ok", fail: "FAIL", warn: "warn", unknown: "?", skipped: "-" };
const COLOUR: Record<CheckStatus, string> = { pass: "32", fail: "31", warn: "33", unknown: "36", skipped: "90" };

/** Colours a status mark with ANSI codes, or leaves it plain. */
function paint(status: CheckStatus, text: string, colour: boolean): string {
  return colour ? `\u001b[${COLOUR[status]}m${text}\u001b[0m` : text;
}

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length));

/** The table: the verdict and root cause with its fix first, then one line per check. */
export function renderTable(diagnosis: Diagnosis, opts: { colour?: boolean } = {}): string {
  const colour = opts.colour ?? false;
  const lines: string[] = [];
  const root = diagnosis.checks.find((c) => c.status === "fail");
  const verdictStatus: CheckStatus = diagnosis.verdict === "ok" ? "pass" : diagnosis.verdict === "broken" ? "fail" : "unknown";
  lines.push(paint(verdictStatus, diagnosis.verdict.toUpperCase(), colour) + (root ? `: ${describe(root)}` : ""));
  if (root?.fix) lines.push(`  fix: ${root.fix}`);
  const notes = diagnosis.checks.filter(
    (c) => c !== root && (c.status === "warn" || (c.status === "unknown" && c.unknownBecause === "unreadable")),
  );
  for (const c of notes) lines.push(`${paint(c.status, MARK[c.status], colour)} ${describe(c)}${c.fix ? `\n  fix: ${c.fix}` : ""}`);
  lines.push("");
  const idWidth = Math.max(...diagnosis.checks.map((c) => c.id.length));
  const subjectWidth = Math.max(0, ...diagnosis.checks.map((c) => (c.subject ?? "").length));
  for (const c of diagnosis.checks) {
    const mark = paint(c.status, pad(MARK[c.status], 4), colour);
    lines.push(`${mark} ${pad(c.id, idWidth)}  ${pad(c.subject ?? "", subjectWidth)}  ${c.summary}`.trimEnd());
  }
  return lines.join("\n");
}

function describe(c: CheckResult): string {
  return `${c.id}${c.subject ? ` (${c.subject})` : ""}: ${c.summary}`;
}

/** The diagnosis as JSON, with a trailing newline. */
export function renderJson(diagnosis: Diagnosis): string {
  return `${JSON.stringify(diagnosis, null, 2)}\n`;
}
