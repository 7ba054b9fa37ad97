/**
 * Output of the benchmarks: the one table (plain text, also valid Markdown) and
 * bench/results.json with its keys sorted, so a re-run diffs only where figures moved.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Row, ScenarioResult } from "./common";

const HEADERS = ["scenario", "figure", "value", "baseline", "ratio", "target", "met?"] as const;

function metCell(met: boolean | null): string {
  return met === null ? "—" : met ? "yes" : "NO";
}

/** A Markdown table of every row, columns padded so it also reads well in a terminal. */
export function formatTable(results: { name: string; rows: Row[] }[]): string {
  const lines = results.flatMap(({ name, rows }) =>
    rows.map((r, i) => [i === 0 ? name : "", r.figure, r.value, r.baseline, r.ratio, r.target, metCell(r.met)]),
  );
  const widths = HEADERS.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
  return [line(HEADERS), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(line)].join("\n");
}

/** JSON with object keys sorted at every level (arrays keep their order). */
export function stableStringify(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

export interface ResultsFile {
  run: { finishedAt: string; node: string; cpus: number; elapsedSeconds: Record<string, number> };
  scenarios: Record<string, ScenarioResult & { error?: string }>;
}

/**
 * Writes the results; with `--only`, the scenarios not run keep their previous entry.
 * Written to a temporary file first, so an interrupted run never leaves half a file.
 */
export function writeResults(path: string, fresh: ResultsFile, partial: boolean): void {
  let merged = fresh;
  if (partial && existsSync(path)) {
    try {
      const previous = JSON.parse(readFileSync(path, "utf8")) as ResultsFile;
      merged = {
        run: { ...fresh.run, elapsedSeconds: { ...previous.run?.elapsedSeconds, ...fresh.run.elapsedSeconds } },
        scenarios: { ...previous.scenarios, ...fresh.scenarios },
      };
    } catch {
      // an unreadable previous file is simply replaced
    }
  }
  writeFileSync(`${path}.tmp`, stableStringify(merged));
  renameSync(`${path}.tmp`, path);
}
