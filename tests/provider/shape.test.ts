/**
 * The shape of provider/ (issue 26): no import cycle; every resource folder holds the same three
 * parts; each resource is defined once (defineResource) with its type token from types.ts and
 * one entry in the state contract. Reads the TypeScript sources, so type-only imports count too.
 */
import * as assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import * as contract from "../../provider/stateContract";
import * as types from "../../provider/types";
import * as lib from "../../lib";

const REPO_ROOT = resolve(__dirname, "../../..");
const PROVIDER = join(REPO_ROOT, "provider");

/** Every .ts file under `dir`, as absolute paths. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
}

/** The provider/ files `file` imports or re-exports (relative specifiers only), resolved to paths. */
export function localImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );
  return specifiers.map((s) => {
    const base = resolve(dirname(file), s);
    const found = [`${base}.ts`, join(base, "index.ts")].find((p) => existsSync(p) && statSync(p).isFile());
    if (!found) throw new Error(`${relative(REPO_ROOT, file)} imports ${s}, which is no .ts file`);
    return found;
  });
}

/** Every import cycle among `files`, each as the list of files around it (depth-first search). */
export function importCycles(files: string[], importsOf: (file: string) => string[]): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of importsOf(file)) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

const RESOURCE_TYPES = (Object.values(types) as unknown[])
  .filter((v): v is string => typeof v === "string" && v.startsWith("pulumi-nodejs:dynamic/apigw:"))
  .map((token) => token.split(":").pop() as string)
  .sort();
const folderOf = (type: string) => type.charAt(0).toLowerCase() + type.slice(1);

describe("the shape of provider/", () => {
  it("finds a cycle when there is one (the detector itself)", () => {
    const graph: Record<string, string[]> = { a: ["b"], b: ["c"], c: ["a"], d: ["a"] };
    assert.deepEqual(
      importCycles(Object.keys(graph), (f) => graph[f]),
      [["a", "b", "c", "a"]],
    );
    assert.deepEqual(
      importCycles(["x", "y"], (f) => (f === "x" ? ["y"] : [])),
      [],
    );
  });

  it("has no import cycle, type-only imports included", () => {
    const cycles = importCycles(sources(PROVIDER), localImports).map((c) => c.map((f) => relative(REPO_ROOT, f)).join(" -> "));
    assert.deepEqual(cycles, []);
  });

  it("imports the state contract only from resource classes: the contract's own imports never reach it", () => {
    const importers = sources(PROVIDER)
      .filter((f) => localImports(f).includes(join(PROVIDER, "stateContract.ts")))
      .map((f) => relative(PROVIDER, f))
      .sort();
    assert.deepEqual(importers, RESOURCE_TYPES.map((t) => `${folderOf(t)}/resource.ts`).sort());
  });

  it("gives every resource a folder with the same three parts, and nothing else but an index", () => {
    for (const type of RESOURCE_TYPES) {
      const files = readdirSync(join(PROVIDER, folderOf(type))).sort();
      assert.deepEqual(files, ["index.ts", "model.ts", "operations.ts", "resource.ts"], type);
    }
  });

  it("keeps the AWS SDK out of every model (also an ESLint rule)", () => {
    for (const type of RESOURCE_TYPES) {
      const text = readFileSync(join(PROVIDER, folderOf(type), "model.ts"), "utf8");
      assert.doesNotMatch(text, /from "@(aws-sdk|smithy)\//, type);
    }
  });

  it("has one state contract entry per resource type, each giving the six operations", () => {
    const entries = Object.entries(contract)
      .filter(([name, value]) => typeof value === "function" && /^[A-Z]/.test(name))
      .map(([name]) => name)
      .sort();
    assert.deepEqual(entries, RESOURCE_TYPES);
    for (const type of RESOURCE_TYPES) {
      const operations = (contract as unknown as Record<string, () => Record<string, unknown>>)[type]();
      assert.deepEqual(Object.keys(operations).sort(), ["check", "create", "delete", "diff", "read", "update"], type);
    }
  });

  it("defines every resource once: its class is registered under its type token and the package exports it", () => {
    for (const type of RESOURCE_TYPES) {
      const exported = (lib as Record<string, unknown>)[type];
      assert.equal(typeof exported, "function", `lib exports ${type}`);
      assert.equal(typeof (lib as Record<string, unknown>)[`${folderOf(type)}Provider`], "object", `lib exports ${folderOf(type)}Provider`);
    }
  });

  it("keeps the paths that providers stored by 0.1.0 require, each with its operations", () => {
    for (const type of ["VpcLink", "VpcEndpointAssociation", "EndpointDnsReadiness"]) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const legacy = require(join(REPO_ROOT, "dist/provider", `${folderOf(type)}.js`)) as Record<string, Record<string, unknown>>;
      const operations = legacy[`${folderOf(type)}Operations`];
      assert.equal(typeof operations?.create, "function", type);
      assert.equal(operations, (contract as unknown as Record<string, () => unknown>)[type](), type);
    }
  });
});
