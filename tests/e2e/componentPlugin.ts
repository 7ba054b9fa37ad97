/**
 * Support for the multi-language tests: one folder with the packed package installed from npm
 * (node_modules holds the plugin, its components and @pulumi/pulumi for the dynamic providers),
 * and one project per language beside it, each making the plugin known through Pulumi.yaml.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RequestLogEntry } from "../../local";
import { REPO_ROOT } from "../../scripts/pulumiRunner";

/** `plugins: providers:` in Pulumi.yaml, for a project one level below the npm install. */
export const PLUGIN_ENTRY = "plugins:\n  providers:\n    - name: apigw-vpc\n      path: ../node_modules/pulumi-apigw-vpc/bin\n";

/** Config that every program reads, as Pulumi.yaml declares it for YAML. */
const YAML_CONFIG = ["restApiId", "linkName"].map((k) => `  ${k}:\n    type: string\n`).join("") + ["vpcEndpointIds", "subnetIds", "securityGroupIds"].map((k) => `  ${k}:\n    type: array\n    items:\n      type: string\n`).join("");

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

export const YAML_PROGRAM = `resources:
  access:
    type: apigw-vpc:index:PrivateApiAccess
    properties:
      restApiId: \${restApiId}
      vpcEndpointIds: \${vpcEndpointIds}
      stageName: prod
  link:
    type: apigw-vpc:index:PrivateIntegrationLink
    properties:
      name: \${linkName}
      subnetIds: \${subnetIds}
      securityGroupIds: \${securityGroupIds}
outputs:
  urls: \${access.urls}
  vpcLinkId: \${link.vpcLinkId}
`;

export const PYTHON_PROGRAM = `import pulumi
import pulumi_apigw_vpc as apigw_vpc

config = pulumi.Config()
access = apigw_vpc.PrivateApiAccess(
    "access",
    rest_api_id=config.require("restApiId"),
    vpc_endpoint_ids=config.require_object("vpcEndpointIds"),
    stage_name="prod",
)
link = apigw_vpc.PrivateIntegrationLink(
    "link",
    name=config.require("linkName"),
    subnet_ids=config.require_object("subnetIds"),
    security_group_ids=config.require_object("securityGroupIds"),
)
pulumi.export("urls", access.urls)
pulumi.export("vpcLinkId", link.vpc_link_id)
`;

export type Language = "nodejs" | "yaml" | "python";

/** The packed package installed into a fresh folder; returns that folder. */
export function installPackedPackage(): string {
  const root = mkdtempSync(join(tmpdir(), "apigw-vpc-plugin-"));
  const packed = mkdtempSync(join(tmpdir(), "apigw-vpc-pack-"));
  try {
    execFileSync("npm", ["pack", "--silent", "--pack-destination", packed], { cwd: REPO_ROOT, stdio: "pipe" });
    const tarball = join(packed, readdirSync(packed).find((f) => f.endsWith(".tgz")) as string);
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "plugin-consumers", private: true, dependencies: { "pulumi-apigw-vpc": `file:${tarball}` } }, null, 2));
    // The peer @pulumi/pulumi comes along; the npm cache of this repo's install serves it offline.
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "pipe" });
  } finally {
    rmSync(packed, { recursive: true, force: true });
  }
  return root;
}

/**
 * A project `name` for `language` under `root`, with `program` as its program; returns its
 * folder. A YAML project declares the config the programs read unless `declareConfig` is false.
 */
export function writeProject(root: string, name: string, language: Language, program: string, declareConfig = true): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const runtime = language === "nodejs" ? "runtime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n" : `runtime: ${language}\n`;
  const config = language === "yaml" && declareConfig ? `config:\n${YAML_CONFIG}` : "";
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\n${runtime}${language === "nodejs" ? "" : PLUGIN_ENTRY}${config}`);
  writeFileSync(join(dir, { nodejs: "index.js", yaml: "Main.yaml", python: "__main__.py" }[language]), program);
  return dir;
}

/**
 * The calls of a request log as a comparable list: mutations with their parameters
 * (the given ids replaced by their names), then the set of operations that only read, whose
 * counts depend on timing (polls).
 */
export function comparableCalls(log: readonly RequestLogEntry[], names: Readonly<Record<string, string>>): { mutations: string[]; reads: string[] } {
  const rename = (text: string) => Object.entries(names).reduce((t, [id, name]) => t.split(id).join(name), text);
  const isRead = (op: string) => op.startsWith("Get");
  return {
    // Sorted: the association and the link are created concurrently.
    mutations: log.filter((e) => !isRead(e.operation)).map((e) => rename(`${e.operation} ${e.status} ${JSON.stringify(e.params)}`)).sort(),
    reads: [...new Set(log.filter((e) => isRead(e.operation)).map((e) => `${e.operation} ${e.status}`))].sort(),
  };
}
