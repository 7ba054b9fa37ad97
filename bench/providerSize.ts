/**
 * 4. Serialized provider size: the bytes of `__provider` each resource type writes into state
 * (pulumi.runtime.serializeFunction of the provider object, as pulumi.dynamic.Resource does),
 * and the time a fresh Node process takes to load that text and answer a first check().
 *
 *   in repo   -> serialized here: the package's own modules are project-local, so Pulumi copies
 *                them in by value
 *   installed -> `npm pack` of the build, `npm install` of the tarball into a temporary consumer,
 *                serialized there: modules under node_modules are written as require("<path>")
 *   baseline  -> a no-op dynamic provider (the smallest possible `__provider`)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { endpointDnsReadinessProvider } from "../provider/endpointDnsReadiness/index";
import { vpcEndpointAssociationProvider } from "../provider/vpcEndpointAssociation/index";
import { vpcLinkProvider } from "../provider/vpcLink/index";
import { serializeProvider } from "../support/serialization";
import { fmt, median, REGION, REPO_ROOT, runNodeJson, type Row, type ScenarioResult } from "./common";
import { installedPackage } from "./installed";

const TARGET_BYTES = 8 * 1024;
const LOAD_RUNS = 3;

/** A dynamic provider whose methods do nothing: the floor every `__provider` is compared with. */
export const noopProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async create(inputs) {
    return { id: "noop", outs: inputs };
  },
};

const VPCE = "vpce-0123456789abcdef0";
const TYPES = [
  {
    type: "VpcEndpointAssociation",
    exportName: "vpcEndpointAssociationProvider",
    provider: vpcEndpointAssociationProvider,
    args: { restApiId: "abcdefghij", vpcEndpointIds: [VPCE], region: REGION },
  },
  {
    type: "VpcLink",
    exportName: "vpcLinkProvider",
    provider: vpcLinkProvider,
    args: { name: "bench", subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"], region: REGION },
  },
  {
    type: "EndpointDnsReadiness",
    exportName: "endpointDnsReadinessProvider",
    provider: endpointDnsReadinessProvider,
    args: { restApiId: "abcdefghij", vpcEndpointIds: [VPCE], region: REGION },
  },
] as const;

interface Load {
  loadMs: number;
  firstCallMs: number;
  /** check()'s failure reasons: none expected for the valid inputs given. */
  failures: string[];
}

/** Median over LOAD_RUNS fresh processes (with @pulumi/pulumi loaded) of: require the serialized text, call check(). */
async function loadTime(file: string, args: unknown, nodeModules: string): Promise<Load & { totalMs: number }> {
  // The dynamic-provider host is itself a @pulumi/pulumi program: it is loaded before any provider.
  const script = `
    const { performance } = require("perf_hooks");
    require("@pulumi/pulumi");
    const t0 = performance.now();
    const provider = require(${JSON.stringify(file)}).handler();
    const t1 = performance.now();
    provider.check({}, ${JSON.stringify(args)}).then((r) => {
      const t2 = performance.now();
      console.log(JSON.stringify({ loadMs: t1 - t0, firstCallMs: t2 - t1, failures: ((r && r.failures) || []).map((f) => f.reason) }));
    });`;
  const runs: Load[] = [];
  for (let i = 0; i < LOAD_RUNS; i++) runs.push(await runNodeJson<Load>(script, { env: { NODE_PATH: nodeModules } }));
  const totals = runs.map((r) => r.loadMs + r.firstCallMs);
  const pick = runs[totals.indexOf(median(totals))] ?? runs[0];
  return { ...pick, totalMs: pick.loadMs + pick.firstCallMs };
}

/** Serializes the providers in the installed copy, with its own @pulumi/pulumi. */
async function installedTexts(): Promise<{ consumer: string; sizes: Record<string, number>; requires: Record<string, number> }> {
  const { consumer } = await installedPackage();
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const lib = require("pulumi-apigw-vpc");
    const fs = require("fs");
    (async () => {
      const sizes = {}, requires = {};
      for (const name of ${JSON.stringify(TYPES.map((t) => t.exportName))}) {
        // As pulumi.dynamic.Resource does: the provider object is the captured value.
        const provider = lib[name];
        const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
        fs.writeFileSync(name + ".js", text);
        sizes[name] = Buffer.byteLength(text);
        requires[name] = (text.match(/require\\("pulumi-apigw-vpc\\//g) || []).length;
      }
      console.log(JSON.stringify({ sizes, requires }));
    })();`;
  const { sizes, requires } = await runNodeJson<{ sizes: Record<string, number>; requires: Record<string, number> }>(script, {
    dir: consumer,
  });
  return { consumer, sizes, requires };
}

export async function providerSize(): Promise<ScenarioResult> {
  const work = mkdtempSync(join(tmpdir(), "apigw-vpc-bench-size-"));
  try {
    const repoModules = join(REPO_ROOT, "node_modules");
    const noopText = await serializeProvider(noopProvider);
    writeFileSync(join(work, "noop.js"), noopText);
    const noop = { bytes: Buffer.byteLength(noopText), load: await loadTime(join(work, "noop.js"), {}, repoModules) };
    const installed = await installedTexts();
    const measured = [];
    for (const t of TYPES) {
      const text = await serializeProvider(t.provider);
      const repoFile = join(work, `${t.exportName}.repo.js`);
      writeFileSync(repoFile, text);
      measured.push({
        type: t.type,
        inRepo: { bytes: Buffer.byteLength(text), load: await loadTime(repoFile, t.args, repoModules) },
        installed: {
          bytes: installed.sizes[t.exportName],
          requiresOfOwnModules: installed.requires[t.exportName],
          load: await loadTime(join(installed.consumer, `${t.exportName}.js`), t.args, join(installed.consumer, "node_modules")),
        },
      });
    }
    const rows: Row[] = measured.flatMap((m) => {
      const size = (where: string, bytes: number): Row => ({
        figure: `${m.type}: __provider, ${where}`,
        value: fmt.kb(bytes),
        baseline: `${fmt.kb(noop.bytes)} (no-op)`,
        ratio: fmt.ratio(bytes / noop.bytes),
        target: `≤ ${fmt.kb(TARGET_BYTES)}`,
        met: bytes <= TARGET_BYTES,
      });
      const failed = m.inRepo.load.failures.length + m.installed.load.failures.length;
      return [
        size("in repo", m.inRepo.bytes),
        size("installed from npm", m.installed.bytes),
        {
          figure: `${m.type}: load + first check(), in repo / installed`,
          value: `${fmt.ms(m.inRepo.load.totalMs)} / ${fmt.ms(m.installed.load.totalMs)}`,
          baseline: `${fmt.ms(noop.load.totalMs)} (no-op)`,
          ratio: "—",
          target: failed ? "check() passes" : "—",
          met: failed ? false : null,
        },
      ];
    });
    return {
      rows,
      details: { noop, measured, loadRuns: LOAD_RUNS },
      notes: [
        "Load time is measured inside a fresh process that has already loaded @pulumi/pulumi (as the dynamic-provider host has): require of the serialized text + the first check(), median of 3. No target; no ratio (the no-op's ~1 ms makes one meaningless).",
        "Installed: npm pack of this build, npm install --prefer-offline of the tarball into a temporary consumer, serialized with the consumer's @pulumi/pulumi.",
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
