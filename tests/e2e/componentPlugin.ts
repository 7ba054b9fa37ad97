/**
 * Support for the multi-language tests: one folder with the packed package installed from npm
 * (node_modules holds the plugin, its components and @pulumi/pulumi for the dynamic providers),
 * and one project per language below it, each making the plugin known through Pulumi.yaml. The
 * YAML and Python programs are the README's.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RequestLogEntry } from "../../local";
import { REPO_ROOT } from "../../support/pulumiRunner";

/** `plugins: providers:` in Pulumi.yaml, for a project one level below the npm install. */
export const PLUGIN_ENTRY = "plugins:\n  providers:\n    - name: apigw-vpc\n      path: ../node_modules/pulumi-apigw-vpc/bin\n";

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
const { PrivateApiAccess, PrivateIntegrationLink } = require("pulumi-apigw-vpc");

const config = new pulumi.Config();
const access = new PrivateApiAccess("access", {
  restApiId: config.require("restApiId"),
  vpcEndpointIds: config.requireObject("vpcEndpointIds"),
  stageName: "prod",
});
const link = new PrivateIntegrationLink("link", {
  name: config.require("linkName"),
  subnetIds: config.requireObject("subnetIds"),
  securityGroupIds: config.requireObject("securityGroupIds"),
});
exports.urls = access.urls;
exports.vpcLinkId = link.vpcLinkId;
`;

export type Language = "nodejs" | "yaml" | "python";

/** The packed package installed into a fresh folder; returns that folder. */
export function installPackedPackage(): string {
  const root = mkdtempSync(join(tmpdir(), "apigw-vpc-plugin-"));
  const packed = mkdtempSync(join(tmpdir(), "apigw-vpc-pack-"));
  try {
    execFileSync("npm", ["pack", "--silent", "--pack-destination", packed], { cwd: REPO_ROOT, stdio: "pipe" });
    const tarball = join(packed, readdirSync(packed).find((f) => f.endsWith(".tgz")) as string);
    writeFileSync(
      join(root, "package.json"),
      JSON.stringify({ name: "plugin-consumers", private: true, dependencies: { "pulumi-apigw-vpc": `file:${tarball}` } }, null, 2),
    );
    // The peer @pulumi/pulumi comes along; the npm cache of this repo's install serves it offline.
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "pipe" });
  } finally {
    rmSync(packed, { recursive: true, force: true });
  }
  return root;
}

/**
 * A project `name` under `root` with the README's program for `language` (nodejs: the same
 * program in JavaScript), or with `program` as a YAML project's `Main.yaml`; returns its folder.
 * The package is installed once in `root`, so the plugin path gains a `../`.
 */
export function writeProject(root: string, name: string, language: Language, program?: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> =
    program !== undefined
      ? { "Pulumi.yaml": `name: ${name}\nruntime: yaml\n${PLUGIN_ENTRY}`, "Main.yaml": program }
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
    writeFileSync(join(dir, file), text.replace(/^name: .*$/m, `name: ${name}`).replace("path: ./node_modules/", "path: ../node_modules/"));
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
  // The creation token hashes the link's URN, which names the project: keep only its generation.
  const rename = (text: string) =>
    Object.entries(names)
      .reduce((t, [id, name]) => t.split(id).join(name), text)
      .replace(/("pulumi-apigw-vpc:creation-token":")[0-9a-f]+(\.\d+")/g, "$1URN_HASH$2");
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
