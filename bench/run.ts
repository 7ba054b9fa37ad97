/**
 * `npm run bench`: runs the benchmark scenarios against the sandbox, prints one table (each
 * figure beside a baseline measured in the same run) and writes bench/results.json.
 *
 *   node dist/bench/run.js                              # every scenario (~9 min on 2 cores)
 *   node dist/bench/run.js --only dnsLatency,importCost # a subset; results.json keeps the others
 *
 * Benchmarks, not tests: a missed target is reported in the table, it does not fail the run.
 * The exit code is non-zero only if a scenario could not run at all.
 */
import { cpus } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, type Scenario, type ScenarioResult } from "./common";
import { dnsLatency } from "./dnsLatency";
import { domainAssociations } from "./domainAssociations";
import { doctorReads } from "./doctorReads";
import { engineOverhead } from "./engineOverhead";
import { faultMatrix } from "./faultMatrix";
import { fleetScale } from "./fleetScale";
import { importCost } from "./importCost";
import { patchEconomy } from "./patchEconomy";
import { providerSize } from "./providerSize";
import { quotaEfficiency } from "./quotaEfficiency";
import { redeployEconomy } from "./redeployEconomy";
import { removeInstalledPackage } from "./installed";
import { formatTable, writeResults, type ResultsFile } from "./table";

const SCENARIOS: Record<string, Scenario> = {
  patchEconomy,
  quotaEfficiency,
  dnsLatency,
  providerSize,
  importCost,
  engineOverhead,
  redeployEconomy,
  domainAssociations,
  faultMatrix,
  doctorReads,
  fleetScale,
};
const RESULTS = join(REPO_ROOT, "bench/results.json");

function selected(argv: string[]): string[] {
  const at = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
  if (at < 0) return Object.keys(SCENARIOS);
  const list = (argv[at].includes("=") ? argv[at].split("=")[1] : (argv[at + 1] ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = list.filter((s) => !(s in SCENARIOS));
  if (unknown.length || !list.length) {
    throw new Error(`--only takes a comma-separated list of ${Object.keys(SCENARIOS).join(", ")}; got ${JSON.stringify(list.join(","))}`);
  }
  return Object.keys(SCENARIOS).filter((s) => list.includes(s));
}

async function main(): Promise<number> {
  const names = selected(process.argv.slice(2));
  const started = Date.now();
  const results: { name: string; result: ScenarioResult & { error?: string } }[] = [];
  const elapsedSeconds: Record<string, number> = {};
  for (const name of names) {
    const t0 = Date.now();
    process.stderr.write(`bench: ${name} ...`);
    let result: ScenarioResult & { error?: string };
    try {
      result = await SCENARIOS[name]();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      result = {
        rows: [{ figure: "did not run", value: message.split("\n")[0].slice(0, 120), baseline: "—", ratio: "—", target: "—", met: false }],
        details: {},
        notes: [],
        error: message,
      };
    }
    elapsedSeconds[name] = Math.round((Date.now() - t0) / 100) / 10;
    process.stderr.write(` ${elapsedSeconds[name]} s${result.error ? ` (FAILED: ${result.error.split("\n")[0]})` : ""}\n`);
    results.push({ name, result });
  }
  removeInstalledPackage();
  console.log(formatTable(results.map(({ name, result }) => ({ name, rows: result.rows }))));
  const notes = results.flatMap(({ name, result }) => result.notes.map((n) => `- ${name}: ${n}`));
  if (notes.length) console.log(`\nNotes:\n${notes.join("\n")}`);
  const total = Math.round((Date.now() - started) / 100) / 10;
  console.log(
    `\nTotal ${total} s (${Object.entries(elapsedSeconds)
      .map(([n, s]) => `${n} ${s} s`)
      .join(", ")})`,
  );
  const file: ResultsFile = {
    run: { finishedAt: new Date().toISOString(), node: process.version, cpus: cpus().length, elapsedSeconds },
    scenarios: Object.fromEntries(results.map(({ name, result }) => [name, result])),
  };
  writeResults(RESULTS, file, names.length < Object.keys(SCENARIOS).length);
  console.log(`Wrote ${RESULTS}`);
  return results.some((r) => r.result.error) ? 1 : 0;
}

/** Exits by itself once every sandbox, resolver and child is closed; a leaked handle gets 10 s. */
function finish(code: number): void {
  process.exitCode = code;
  setTimeout(() => {
    console.error("bench: handles still open 10 s after the run; exiting anyway");
    process.exit(code);
  }, 10_000).unref();
}

main().then(finish, (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  finish(2);
});
