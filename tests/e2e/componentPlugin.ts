/**
 * Support for the multi-language tests: the package packed as `npm pack` makes it, one folder with
 * it installed from npm (for the Node.js program and the programs that name the plugin by path),
 * and one project per language below it. The YAML and Python projects are the README's, set up by
 * running the README's own install commands in them, `pulumi package add` included.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RequestLogEntry } from "../../local";
import { randomUUID } from "node:crypto";
import { leftoverProcesses, pulumiEnv, REPO_ROOT, RUN_MARKER, type PulumiWorkspace } from "../../support/pulumiRunner";

/** The `packages:` entry `pulumi package add` records, for a project one level below the npm install. */
export const PACKAGE_ENTRY = "packages:\n  apigw-vpc: ../node_modules/pulumi-apigw-vpc/plugin\n";

/** The `nth` fenced block of `lang` under the README heading `heading`. */
export function readmeBlock(heading: string, lang: string, nth = 0): string {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README.md has no heading "${heading}"`);
  const section = readme.slice(at + heading.length + 2).split(/\n#{1,3} /)[0];
  const blocks = [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
  if (blocks[nth] === undefined) throw new Error(`README.md, "${heading}": no ${lang} block #${nth}`);
  return blocks[nth];
}

export const NODEJS_PROGRAM = `const pulumi = require("@pulumi/pulumi");
const { PrivateApiAccess, VpcLink } = require("pulumi-apigw-vpc");

const config = new pulumi.Config();
const access = new PrivateApiAccess("access", {
  restApiId: config.require("restApiId"),
  vpcEndpointIds: config.requireObject("vpcEndpointIds"),
  stageName: "prod",
});
const link = new VpcLink("link", {
  name: config.require("linkName"),
  subnetIds: config.requireObject("subnetIds"),
  securityGroupIds: config.requireObject("securityGroupIds"),
});
exports.urls = access.urls;
exports.vpcLinkId = link.vpcLinkId;
`;

export type Language = "nodejs" | "yaml" | "python";

/** The package as `npm pack` makes it, in `dir`; returns the tarball's path. */
export function packTarball(dir: string): string {
  execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: REPO_ROOT, stdio: "pipe" });
  return join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz")) as string);
}

/** The packed package installed into a fresh folder; returns that folder (the tarball stays in it). */
export function installPackedPackage(): { root: string; tarball: string } {
  const root = mkdtempSync(join(tmpdir(), "apigw-vpc-plugin-"));
  const tarball = packTarball(root);
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({ name: "plugin-consumers", private: true, dependencies: { "pulumi-apigw-vpc": `file:${tarball}` } }, null, 2),
  );
  // The peer @pulumi/pulumi comes along; the npm cache of this repo's install serves it offline.
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "pipe" });
  return { root, tarball };
}

/**
 * The README's install commands for `language` (the first sh block of its section), as the test
 * runs them: the package comes from `tarball` (it is not on the registry here), and npm prefers
 * its cache. Everything else is the README's text.
 */
export function readmeInstallCommands(language: "yaml" | "python", tarball: string): string {
  const block = readmeBlock(language === "yaml" ? "### Using it from YAML" : "### Using it from Python", "sh");
  if (!block.includes("npm install pulumi-apigw-vpc ")) throw new Error("README: the install block no longer installs pulumi-apigw-vpc");
  return block.replace("npm install pulumi-apigw-vpc ", `npm install --prefer-offline --no-audit --no-fund --loglevel=error ${tarball} `);
}

/**
 * Runs a shell script in the workspace's project with the CLI's environment (its file backend,
 * passphrase and bin first on PATH), failing with its output when a command fails; like every CLI
 * run, nothing it started may be left running.
 */
export async function runScript(ws: PulumiWorkspace, script: string): Promise<string> {
  const runId = randomUUID();
  const output = await new Promise<string>((done, fail) => {
    execFile(
      "bash",
      ["-euo", "pipefail", "-c", script],
      { cwd: ws.cwd, env: { ...pulumiEnv(ws), [RUN_MARKER]: runId }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? fail(new Error(`${script}\nfailed: ${error.message}\n${stdout}\n${stderr}`)) : done(stdout + stderr),
    );
  });
  const leftovers = await leftoverProcesses(runId);
  if (leftovers.length > 0) throw new Error(`the script left ${leftovers.length} process(es) behind:\n${leftovers.join("\n")}`);
  return output;
}

/**
 * A project `name` under `root` with the README's program for `language` (nodejs: the same
 * program in JavaScript), or with `program` as a YAML project's `Main.yaml` naming the plugin
 * installed in `root` (`../node_modules`); returns its folder.
 */
export function writeProject(root: string, name: string, language: Language, program?: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> =
    program !== undefined
      ? { "Pulumi.yaml": `name: ${name}\nruntime: yaml\n${PACKAGE_ENTRY}`, "Main.yaml": program }
      : language === "nodejs"
        ? {
            "Pulumi.yaml": `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
            "index.js": NODEJS_PROGRAM,
          }
        : language === "yaml"
          ? { "Pulumi.yaml": readmeBlock("### Using it from YAML", "yaml") }
          : {
              "Pulumi.yaml": readmeBlock("### Using it from Python", "yaml"),
              "__main__.py": readmeBlock("### Using it from Python", "python"),
            };
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(join(dir, file), text.replace(/^name: .*$/m, `name: ${name}`));
  }
  return dir;
}

/**
 * The calls of a request log as a comparable list: mutations with their parameters
 * (the given ids replaced by their names), then the set of operations that only read, whose
 * counts depend on timing (polls).
 */
export function comparableCalls(
  log: readonly RequestLogEntry[],
  names: Readonly<Record<string, string>>,
): { mutations: string[]; reads: string[] } {
  // Creation tokens hash the resource's URN, which names the project: keep only their generation.
  const rename = (text: string) =>
    Object.entries(names)
      .reduce((t, [id, name]) => t.split(id).join(name), text)
      .replace(/("pulumi-apigw-vpc:creation-token":")[0-9a-f]+(\.\d+")/g, "$1URN_HASH$2")
      // The association's ownership journal is keyed by its creation token, hashed the same way.
      .replace(/(pulumi-apigw-vpc:journal:)[0-9a-f]+(\.\d+:\d+)/g, "$1URN_HASH$2");
  const isRead = (op: string) => op.startsWith("Get");
  return {
    // Sorted: the association and the link are created concurrently.
    mutations: log
      .filter((e) => !isRead(e.operation))
      .map((e) => rename(`${e.operation} ${e.status} ${JSON.stringify(e.params)}`))
      .sort(),
    reads: [...new Set(log.filter((e) => isRead(e.operation)).map((e) => `${e.operation} ${e.status}`))].sort(),
  };
}

/**
 * `output` without the interpreter's note of a SIGINT that arrived while it joined its threads
 * at exit ("Exception ignored in: <module 'threading'>", a traceback ending in
 * `threading._shutdown`). After a failed preview the engine interrupts the language host's
 * process group about 10 ms after it shuts the resource monitor down, without waiting for the
 * program to exit, so whether a Python program is still joining its gRPC worker threads then
 * is a race in Pulumi, not in this package. Every other traceback stays in the text.
 */
export function withoutThreadShutdownNote(output: string): string {
  const lines = output.split("\n");
  const kept: string[] = [];
  const noteLine =
    /Traceback \(most recent call last\):|File "[^"]*threading\.py", line \d+, in _shutdown|^\s*(lock\.acquire\(\)|\^+|KeyboardInterrupt:?)\s*$/;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes("Exception ignored in: <module 'threading'")) {
      kept.push(lines[i]);
      continue;
    }
    while (i + 1 < lines.length && noteLine.test(lines[i + 1].replace(/^.*pulumi:pulumi:Stack \S+ \S+ /, ""))) i++;
  }
  return kept.join("\n");
}
