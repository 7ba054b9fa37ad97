/**
 * `npm run check:package`: what `npm publish` would ship, checked before anyone publishes it.
 * Needs a built dist/ (`npm run build`).
 *
 *   files  `npm publish --dry-run --json --offline` lists the files (offline: no login and no
 *          registry look-up, so a version already published does not fail it). Every target of
 *          package.json (main, types, bin, each exports condition) and of the ready policy pack's
 *          package.json is shipped; nothing of tests/, support/, bench/, scripts/ or their dist/
 *          builds, no tarball, no stack file, no source map whose sources are missing; npm itself
 *          warns about nothing but the missing login.
 *   types  @arethetypeswrong/cli on the packed tarball in every resolution mode, node10 included
 *          (Pulumi's TypeScript templates use it; `typesVersions` serves the subpaths there). Then a consumer that
 *          imports every export subpath is compiled strict (node16) against the installed
 *          tarball, with the package's own declarations checked too (skipLibCheck off; errors in
 *          other packages' declarations are theirs).
 *
 * Source maps: the package ships none (package.json `files` excludes them). The .ts sources are
 * not shipped, so a map would point at files that are not there; stack traces name the shipped
 * .js lines instead.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, posix } from "node:path";
import * as ts from "typescript";
import { devDependencyRange, installPackedConsumer } from "../support/engine";
import { REPO_ROOT } from "../support/pulumiRunner";

/** The fields of package.json that name shipped files. */
export interface PackageManifest {
  /** The package's name, which a consumer imports. */
  name: string;
  /** The CommonJS entry for resolvers that do not read `exports`. */
  main?: string;
  /** The declarations of `main`. */
  types?: string;
  /** Command name -> script, or one script named after the package. */
  bin?: string | Record<string, string>;
  /** Subpath -> target, or conditions -> target, nested. */
  exports?: unknown;
}

/** What the checks of the file list look at. */
export interface PackageFacts {
  /** The package.json being published. */
  manifest: PackageManifest;
  /** The ready policy pack's package.json (policy/package.json); its paths are relative to policy/. */
  policyManifest: { main?: string; types?: string };
  /** The source-based plugin's package.json (plugin/package.json); its `main` is relative to plugin/. */
  pluginManifest?: { main?: string };
  /** The paths `npm publish` would ship, relative to the package root. */
  files: string[];
  /** For each shipped .map, the `sources` it names, as written in it. */
  mapSources: Record<string, string[]>;
}

/** Files that are never published, each with why. */
const FORBIDDEN: [RegExp, string][] = [
  [/^(dist\/)?(tests|support|bench|scripts)\//, "tests, their support, benchmarks and scripts are not published"],
  [/(^|\/)node_modules\//, "installed dependencies are not published"],
  [/\.tgz$/, "a packed tarball"],
  [/(^|\/)Pulumi(\.[^/]+)?\.yaml$/, "a Pulumi project or stack file"],
];
const POLICY_FILES = ["policy/PulumiPolicy.yaml", "policy/package.json"];
/** What `pulumi package add ./node_modules/pulumi-apigw-vpc/plugin` reads. */
const PLUGIN_FILES = ["plugin/PulumiPlugin.yaml", "plugin/package.json"];

const normalise = (path: string): string => posix.normalize(path).replace(/^\.\//, "");

/** Every file target of `exports`, labelled as in package.json: exports["./local"].types. */
function exportTargets(exports: unknown, label = "exports"): [string, string][] {
  if (typeof exports === "string") return [[label, exports]];
  if (!exports || typeof exports !== "object") return [];
  return Object.entries(exports).flatMap(([key, value]) =>
    exportTargets(value, key.startsWith(".") ? `${label}["${key}"]` : `${label}.${key}`),
  );
}

/** The file targets package.json and the policy pack name, each with its label. */
export function manifestTargets(
  manifest: PackageManifest,
  policyManifest: PackageFacts["policyManifest"],
  pluginManifest: PackageFacts["pluginManifest"] = {},
): [string, string][] {
  const bin = typeof manifest.bin === "string" ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
  return [
    ...(manifest.main ? [["main", manifest.main] as [string, string]] : []),
    ...(manifest.types ? [["types", manifest.types] as [string, string]] : []),
    ...Object.entries(bin).map(([name, path]): [string, string] => [`bin["${name}"]`, path]),
    ...exportTargets(manifest.exports),
    ...(["main", "types"] as const)
      .filter((k) => policyManifest[k])
      .map((k): [string, string] => [`policy/package.json ${k}`, posix.join("policy", policyManifest[k] as string)]),
    ...(pluginManifest.main ? [["plugin/package.json main", posix.join("plugin", pluginManifest.main)] as [string, string]] : []),
  ].map(([label, path]) => [label, normalise(path)]);
}

/** What is wrong with the file list `npm publish` would ship; empty when nothing is. */
export function packageProblems(facts: PackageFacts): string[] {
  const shipped = new Set(facts.files);
  const problems: string[] = [];
  for (const [label, path] of manifestTargets(facts.manifest, facts.policyManifest, facts.pluginManifest)) {
    if (path.includes("*")) {
      const pattern = new RegExp(
        `^${path
          .split("*")
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".+")}$`,
      );
      if (!facts.files.some((f) => pattern.test(f))) problems.push(`${label}: no shipped file matches ${path}`);
    } else if (!shipped.has(path)) problems.push(`${label}: ${path} is not in the package`);
  }
  for (const path of POLICY_FILES)
    if (!shipped.has(path)) problems.push(`the ready policy pack needs ${path}, which is not in the package`);
  if (facts.pluginManifest)
    for (const path of PLUGIN_FILES) if (!shipped.has(path)) problems.push(`pulumi package add needs ${path}, which is not in the package`);
  for (const file of facts.files) {
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(file));
    if (forbidden) problems.push(`${file} is in the package: ${forbidden[1]}`);
  }
  for (const map of facts.files.filter((f) => f.endsWith(".map"))) {
    const sources = facts.mapSources[map];
    const missing = (sources ?? []).map((s) => normalise(posix.join(posix.dirname(map), s))).filter((s) => !shipped.has(s));
    if (!sources) problems.push(`${map}: its sources could not be read`);
    else if (missing.length) problems.push(`${map} refers to ${missing.join(", ")}, which the package does not ship`);
  }
  return problems;
}

/** The answer of `npm publish --dry-run --json`, for one package. */
interface PublishDryRun {
  /** The shipped files, relative to the package root. */
  files: { path: string; size: number }[];
  /** The tarball's size in bytes. */
  size: number;
  /** The files' total size in bytes. */
  unpackedSize: number;
}

/** `npm publish --dry-run --json --offline`, and npm's own warnings about the package. */
function publishDryRun(): { packed: PublishDryRun; warnings: string[] } {
  const run = spawnSync("npm", ["publish", "--dry-run", "--json", "--offline"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm publish --dry-run failed (exit ${run.status}):\n${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as PublishDryRun | Record<string, PublishDryRun>;
  // npm 11 keys the answer by package name; older npm answers the package itself.
  const packed = "files" in parsed ? (parsed as PublishDryRun) : (Object.values(parsed)[0] as PublishDryRun);
  const warnings = run.stderr
    .split("\n")
    .filter((line) => /^npm warn publish/i.test(line) && !/requires you to be logged in/.test(line))
    .map((line) => `npm publish warns: ${line.replace(/^npm warn publish\s*/i, "")}`);
  return { packed, warnings };
}

/** The `sources` of a shipped source map, read from the working tree that npm packed. */
function mapSourcesOf(map: string): string[] | undefined {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, map), "utf8")) as { sources?: string[] }).sources ?? [];
  } catch {
    return undefined;
  }
}

/** @arethetypeswrong/cli on `npm pack` of the repository, in every resolution mode (node10 too); empty when it passes. */
function attwProblems(): string[] {
  const bin = join(REPO_ROOT, "node_modules/@arethetypeswrong/cli/dist/index.js");
  const run = spawnSync(process.execPath, [bin, "--pack", REPO_ROOT, "--format", "json"], { encoding: "utf8" });
  if (run.status === 0) return [];
  let problems: Record<string, ({ resolutionKind?: string } & Record<string, unknown>)[]> = {};
  try {
    problems = (JSON.parse(run.stdout) as { problems?: typeof problems }).problems ?? {};
  } catch {
    return [`attw failed (exit ${run.status}): ${run.stderr || run.stdout}`];
  }
  const found = Object.values(problems)
    .flat()
    .filter((p) => p.resolutionKind !== "node10")
    .map((p) => `attw: ${JSON.stringify(p)}`);
  return found.length ? found : [`attw failed (exit ${run.status}) without naming a problem: ${run.stderr}`];
}

/** The import specifier of each code entry of `exports` ("." -> the package name). */
export function exportSubpaths(manifest: PackageManifest): string[] {
  const exports = (manifest.exports ?? {}) as Record<string, unknown>;
  return Object.entries(exports)
    .filter(([key, value]) => !key.includes("*") && typeof value === "object" && value !== null && "types" in value)
    .map(([key]) => (key === "." ? manifest.name : `${manifest.name}/${key.replace(/^\.\//, "")}`));
}

/** A consumer importing every export subpath, compiled strict against the installed tarball. */
function consumerProblems(manifest: PackageManifest): string[] {
  const specifiers = exportSubpaths(manifest);
  const program = [
    ...specifiers.map((s, i) => `import * as entry${i} from "${s}";`),
    `export const entries = [${specifiers.map((_, i) => `entry${i}`).join(", ")}];`,
  ].join("\n");
  const node16 = { module: "node16", moduleResolution: "node16" };
  // @pulumi/policy comes along, as a user of the policies installs it; @pulumi/aws does not, since
  // the types must compile without that optional peer.
  const peers = { "@pulumi/policy": devDependencyRange("@pulumi/policy") };
  let dir: string;
  try {
    dir = installPackedConsumer(program, peers, node16);
  } catch (e) {
    const out = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    return [
      `the consumer of ${specifiers.join(", ")} does not compile: ${out.stdout?.toString() ?? ""}${out.stderr?.toString() ?? out.message}`,
    ];
  }
  try {
    const index = join(dir, "index.ts");
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      skipLibCheck: false,
    };
    const ours = `/node_modules/${manifest.name}/`;
    const diagnostics = ts
      .getPreEmitDiagnostics(ts.createProgram([index], options))
      .filter((d) => !d.file || d.file.fileName === index || d.file.fileName.includes(ours));
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" };
    return diagnostics.map((d) => `types: ${ts.formatDiagnostic(d, host).trim()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(REPO_ROOT, path), "utf8")) as T;
  const manifest = readJson<PackageManifest>("package.json");
  const { packed, warnings } = publishDryRun();
  const files = packed.files.map((f) => f.path);
  const mapSources: Record<string, string[]> = {};
  for (const map of files.filter((f) => f.endsWith(".map"))) {
    const sources = mapSourcesOf(map);
    if (sources) mapSources[map] = sources;
  }
  const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(`check:package: ${files.length} files, ${kB(packed.size)} packed, ${kB(packed.unpackedSize)} unpacked`);
  const problems = [
    ...warnings,
    ...packageProblems({
      manifest,
      policyManifest: readJson("policy/package.json"),
      pluginManifest: readJson("plugin/package.json"),
      files,
      mapSources,
    }),
  ];
  problems.push(...attwProblems());
  console.log(`check:package: attw (node10, node16, bundler) done; compiling a consumer of ${exportSubpaths(manifest).join(", ")}`);
  problems.push(...consumerProblems(manifest));
  if (problems.length) {
    console.error(`check:package: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exitCode = 1;
  } else console.log("check:package: the file list and the types are as published packages need them");
}

if (require.main === module) main();
