/**
 * The README is tested: every ```ts / ```typescript block compiles against the package's
 * published types (dist/*.d.ts, reached by the package's own name), and every resource id it
 * shows passes the providers' own check(). A block may declare the names it assumes in an
 * HTML comment right above it, hidden when rendered: <!-- doc-test: declare const api: ...; -->
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { vpcEndpointAssociationProvider } from "../../provider/vpcEndpointAssociation";
import { vpcLinkProvider } from "../../provider/vpcLink";

const REPO_ROOT = resolve(__dirname, "../../..");
const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");

export interface DocBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The block's code, with its doc-test preamble (if any) on the same first line, so line numbers hold. */
  code: string;
}

/** Every TypeScript block of a Markdown text, each with the preamble of a doc-test comment right above it. */
export function typescriptBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const fence = /^(?:<!--\s*doc-test:([\s\S]*?)-->\s*\n)?```(?:ts|typescript)\s*\n([\s\S]*?)^```\s*$/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) {
    const preamble = (m[1] ?? "").replace(/\s*\n\s*/g, " ").trim();
    const fenceAt = m.index + m[0].indexOf("```");
    blocks.push({ line: markdown.slice(0, fenceAt).split("\n").length, code: `${preamble}\n${m[2]}` });
  }
  return blocks;
}

/** Compiles the blocks as modules beside dist/ (so `./index` is the stack program); one message per diagnostic. */
function compileBlocks(blocks: DocBlock[]): string[] {
  const dist = join(REPO_ROOT, "dist");
  const files = new Map(blocks.map((b, i) => [join(dist, `README.block${i + 1}.ts`), b]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ["lib.es2022.d.ts"],
    types: ["node", "mocha"],
    typeRoots: [join(REPO_ROOT, "node_modules/@types")],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    baseUrl: REPO_ROOT,
    paths: {
      "pulumi-apigw-vpc": ["dist/lib.d.ts"],
      "pulumi-apigw-vpc/*": ["dist/*/index.d.ts"],
    },
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f)?.code ?? readFile.call(host, f);
  host.getSourceFile = (f, language, ...rest) => {
    const block = files.get(f);
    return block ? ts.createSourceFile(f, block.code, language) : getSourceFile.call(host, f, language, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const block = d.file && files.get(d.file.fileName);
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!block || !d.file || d.start === undefined) return `${d.file?.fileName ?? "(options)"}: ${text}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `README.md:${block.line + line}: ${text}`;
  });
}

/** A provider's own check(), as the engine calls it for a new resource. */
async function check(provider: pulumi.dynamic.ResourceProvider, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckFailure[]> {
  assert.ok(provider.check, "the provider has a check()");
  return (await provider.check({}, news)).failures ?? [];
}

/** The resource ids a text shows, by kind; placeholders cut short with "…" are not ids. */
export function idsIn(text: string): { vpce: string[]; subnet: string[]; sg: string[]; restApi: string[]; vpcLink: string[] } {
  const all = (re: RegExp) => [...new Set([...text.matchAll(re)].map((m) => m[1]))].sort();
  return {
    vpce: all(/\b(vpce-[0-9A-Za-z]+)(?![0-9A-Za-z…])/g),
    subnet: all(/\b(subnet-[0-9A-Za-z]+)(?![0-9A-Za-z…])/g),
    sg: all(/\b(sg-[0-9A-Za-z]+)(?![0-9A-Za-z…])/g),
    restApi: all(/(?:config set restApiId |https:\/\/)([0-9A-Za-z]+)(?=\s|-vpce-)/g),
    vpcLink: all(/importVpcLinkId: "([^"]*)"/g),
  };
}

describe("README examples", function () {
  this.timeout(120_000);
  const blocks = typescriptBlocks(README);

  it("finds the README's TypeScript blocks", () => {
    assert.ok(blocks.length >= 4, `found ${blocks.length} blocks`);
  });

  it("every TypeScript block compiles against the package's types", () => {
    assert.deepEqual(compileBlocks(blocks), []);
  });

  it("the compile check rejects a block that misuses the package", () => {
    const bad = typescriptBlocks(
      '```ts\nimport { VpcLink } from "pulumi-apigw-vpc";\nnew VpcLink("l", { name: 1, subnetIds: "subnet-0aaaaaaaaaaaaaaaa" });\n```\n',
    );
    assert.ok(compileBlocks(bad).length >= 1);
  });

  it("every id passes the providers' own check()", async () => {
    const ids = idsIn(README);
    for (const kind of ["vpce", "subnet", "sg", "restApi", "vpcLink"] as const)
      assert.ok(ids[kind].length > 0, `the README shows ${kind} ids`);
    const region = "eu-west-1";
    const failures: pulumi.dynamic.CheckFailure[] = [];
    for (const restApiId of ids.restApi) {
      failures.push(...(await check(vpcEndpointAssociationProvider, { restApiId, vpcEndpointIds: ids.vpce, region })));
    }
    for (const [subnetIds, securityGroupIds] of [
      [ids.subnet, ids.sg.slice(0, 1)],
      [ids.subnet.slice(0, 1), ids.sg],
    ]) {
      failures.push(...(await check(vpcLinkProvider, { name: "readme", subnetIds, securityGroupIds, region })));
    }
    for (const importVpcLinkId of ids.vpcLink) {
      failures.push(
        ...(await check(vpcLinkProvider, {
          name: "readme",
          subnetIds: ids.subnet,
          securityGroupIds: ids.sg.slice(0, 1),
          region,
          importVpcLinkId,
        })),
      );
    }
    assert.deepEqual(failures, []);
  });

  it("the id check rejects an id with the wrong number of hex digits", async () => {
    const ids = idsIn('securityGroupIds: ["sg-0ccccccccccccccccc"]');
    const failures = await check(vpcLinkProvider, {
      name: "readme",
      subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"],
      securityGroupIds: ids.sg,
      region: "eu-west-1",
    });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["securityGroupIds[0]"],
    );
  });
});
