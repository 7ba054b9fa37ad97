/**
 * 5. Import cost: what `require("pulumi-apigw-vpc")` (dist/lib.js) adds to a program's start-up,
 * over @pulumi/pulumi, which every Pulumi program loads anyway.
 *
 *   ours     -> fresh process: time to require dist/lib.js (which requires @pulumi/pulumi itself)
 *   baseline -> fresh process: time to require @pulumi/pulumi alone
 *   figure   -> median(ours) - median(baseline), over RUNS alternating pairs after one warm-up
 *
 * The child also reports whether any @pulumi/aws module got loaded (require.cache), and how many
 * modules each side loaded.
 */
import { join } from "node:path";
import { fmt, median, REPO_ROOT, runNodeJson, type ScenarioResult } from "./common";

const RUNS = 7;
const TARGET_MS = 150;

interface Sample {
  ms: number;
  modules: number;
  awsModules: number;
  awsSdkModules: number;
}

function sample(target: string): Promise<Sample> {
  const script = `
    const { performance } = require("perf_hooks");
    const t0 = performance.now();
    require(${JSON.stringify(target)});
    const ms = performance.now() - t0;
    const paths = Object.keys(require.cache);
    const count = (re) => paths.filter((p) => re.test(p)).length;
    console.log(JSON.stringify({ ms, modules: paths.length, awsModules: count(/[\\\\/]node_modules[\\\\/]@pulumi[\\\\/]aws[\\\\/]/), awsSdkModules: count(/[\\\\/]node_modules[\\\\/]@aws-sdk[\\\\/]/) }));`;
  return runNodeJson<Sample>(script);
}

export async function importCost(): Promise<ScenarioResult> {
  const lib = join(REPO_ROOT, "dist/lib.js");
  const pulumi = require.resolve("@pulumi/pulumi", { paths: [REPO_ROOT] });
  await sample(pulumi); // warm the file-system cache for both sides
  await sample(lib);
  const ours: Sample[] = [];
  const base: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await sample(pulumi));
    ours.push(await sample(lib));
  }
  const oursMs = median(ours.map((s) => s.ms));
  const baseMs = median(base.map((s) => s.ms));
  const cost = oursMs - baseMs;
  const awsLoaded = ours.some((s) => s.awsModules > 0);
  return {
    rows: [
      {
        figure: `require(package) − require(@pulumi/pulumi), median of ${RUNS}`,
        value: fmt.ms(cost),
        baseline: `${fmt.ms(baseMs)} (@pulumi/pulumi)`,
        ratio: fmt.ratio(cost / baseMs),
        target: `≤ ${TARGET_MS} ms`,
        met: cost <= TARGET_MS,
      },
      {
        figure: "@pulumi/aws loaded by require(package)",
        value: awsLoaded ? `yes (${Math.max(...ours.map((s) => s.awsModules))} modules)` : "no",
        baseline: "—",
        ratio: "—",
        target: "no",
        met: !awsLoaded,
      },
    ],
    details: {
      runs: RUNS,
      costMs: cost,
      packageMs: oursMs,
      pulumiMs: baseMs,
      awsLoaded,
      samples: { package: ours.map((s) => s.ms), pulumi: base.map((s) => s.ms) },
      modulesLoaded: { package: ours[0].modules, pulumi: base[0].modules, awsSdkByPackage: ours[0].awsSdkModules },
    },
    notes: ["Import cost: times are taken inside each fresh process around the require call, so Node's own start-up is excluded."],
  };
}
