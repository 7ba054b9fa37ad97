/**
 * The README is tested: every ```ts / ```typescript block compiles against the package's
 * published types (dist/*.d.ts, reached by the package's own name), and every resource id it
 * shows passes the providers' own check(). Every block that declares resources (`new X(...)`)
 * also runs under the package's mocks (pulumi-apigw-vpc/testing), and every dynamic resource it
 * declares passes its provider's own check().
 *
 * A block may declare the names it assumes in an HTML comment right above it, hidden when
 * rendered: <!-- doc-test: declare const api: ...; -->. When the block runs, each such name is
 * one of {@link DECLARED}. A block that cannot run (a fragment) says so with `no-run` in that
 * comment: <!-- doc-test: no-run -->.
 */
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { domainNameAccessAssociationsProvider } from "../../provider/domainNameAccessAssociations/index";
import { domainNameManagementPolicyProvider } from "../../provider/domainNameManagementPolicy/index";
import { domainRoutingRulesProvider } from "../../provider/domainRoutingRules/index";
import { domainNameResolutionProvider } from "../../provider/domainNameResolution/index";
import { endpointDnsReadinessProvider } from "../../provider/endpointDnsReadiness/index";
import { privateIntegrationProvider } from "../../provider/privateIntegration/index";
import { restApiPolicyStatementsProvider } from "../../provider/restApiPolicyStatements/index";
import { stageRedeploymentProvider } from "../../provider/stageRedeployment/index";
import * as types from "../../provider/types";
import { vpcEndpointAssociationProvider } from "../../provider/vpcEndpointAssociation/index";
import { vpcLinkProvider } from "../../provider/vpcLink/index";
import { sharedDeclarationsHost } from "../../support/parsedDeclarations";
import { useRecordingMocks, type RecordedResource } from "../components/mockRecorder";

const REPO_ROOT = resolve(__dirname, "../../..");
const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");

export interface DocBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The block's code, with its doc-test preamble (if any) on the same first line, so line numbers hold. */
  code: string;
  /** The preamble says `no-run`: the block is compiled, never run. */
  noRun: boolean;
}

/** The names a block's preamble declares (`declare const x: T;`). */
const declaredNames = (block: DocBlock): string[] => [...block.code.split("\n")[0].matchAll(/declare const (\w+)/g)].map((m) => m[1]);

/** Whether a block runs under mocks: it declares resources, and its preamble does not say `no-run`. */
const runs = (block: DocBlock): boolean => /\bnew [\w.]+\(/.test(block.code) && !block.noRun;

/** Each type token of the package, with its provider's own check(). */
const PROVIDERS: Record<string, pulumi.dynamic.ResourceProvider> = {
  [types.VPC_ENDPOINT_ASSOCIATION_TYPE]: vpcEndpointAssociationProvider,
  [types.VPC_LINK_TYPE]: vpcLinkProvider,
  [types.ENDPOINT_DNS_READINESS_TYPE]: endpointDnsReadinessProvider,
  [types.PRIVATE_INTEGRATION_TYPE]: privateIntegrationProvider,
  [types.STAGE_REDEPLOYMENT_TYPE]: stageRedeploymentProvider,
  [types.DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE]: domainNameAccessAssociationsProvider,
  [types.DOMAIN_NAME_MANAGEMENT_POLICY_TYPE]: domainNameManagementPolicyProvider,
  [types.DOMAIN_NAME_RESOLUTION_TYPE]: domainNameResolutionProvider,
  [types.REST_API_POLICY_STATEMENTS_TYPE]: restApiPolicyStatementsProvider,
  [types.DOMAIN_ROUTING_RULES_TYPE]: domainRoutingRulesProvider,
};

/** The values a block's preamble names get when it runs (built under the mocks). */
const DECLARED: Record<string, () => unknown> = {
  api: () => new aws.apigateway.RestApi("readme-api", { endpointConfiguration: { types: "PRIVATE" } }),
  appVpce: () =>
    new aws.ec2.VpcEndpoint("readme-app-vpce", { vpcId: "vpc-0aaaaaaaaaaaaaaaa", serviceName: "com.amazonaws.eu-west-1.execute-api" }),
  batchVpce: () =>
    new aws.ec2.VpcEndpoint("readme-batch-vpce", { vpcId: "vpc-0aaaaaaaaaaaaaaaa", serviceName: "com.amazonaws.eu-west-1.execute-api" }),
  subnetIds: () => ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
  securityGroupIds: () => ["sg-0cccccccccccccccc"],
};

/** Ids the mocks give the AWS resources of {@link DECLARED}, so they pass our providers' checks. */
const DECLARED_IDS: Record<string, string> = {
  "readme-api": "abc123defg",
  "readme-app-vpce": "vpce-0aaaaaaaaaaaaaaaa",
  "readme-batch-vpce": "vpce-0bbbbbbbbbbbbbbbb",
};

/** The endpoint ids the README shows as malformed, to show that check() and the mocks refuse them. */
const MALFORMED_ON_PURPOSE = ["vpce-xyz"];

/** How long an exported output of a block may take to resolve under the mocks. */
const OUTPUT_WAIT_MS = 20_000;

/**
 * Runs one block under the package's mocks (with `pulumi-apigw-vpc` and its subpaths mapped to
 * dist/), waits for its exported outputs, and returns every resource it registered.
 */
async function runBlock(block: DocBlock, dir: string): Promise<RecordedResource[]> {
  const recorded = await useRecordingMocks(
    { "aws:region": "eu-west-1" },
    {
      region: "eu-west-1",
      newResource: (args) => {
        const state = args.inputs as Record<string, unknown>;
        if (args.name in DECLARED_IDS) return { id: DECLARED_IDS[args.name], state };
        // A REST API id is 10 lowercase letters or digits.
        if (args.type === "aws:apigateway/restApi:RestApi")
          return { id: createHash("sha256").update(args.name).digest("hex").slice(0, 10), state };
        return undefined;
      },
    },
  );
  const globals = globalThis as Record<string, unknown>;
  const names = declaredNames(block);
  for (const name of names) {
    assert.ok(
      DECLARED[name],
      `README.md:${block.line}: the preamble declares ${name}, which the README test has no value for (add it to DECLARED)`,
    );
    globals[name] = DECLARED[name]();
  }
  try {
    const source = block.code.replace(
      /from "pulumi-apigw-vpc(\/[\w-]+)?"/g,
      (_m, sub: string | undefined) => `from ${JSON.stringify(join(REPO_ROOT, "dist", sub ? sub.slice(1) : "lib"))}`,
    );
    const file = join(dir, `README.line${block.line}.js`);
    writeFileSync(
      file,
      ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true } }).outputText,
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the block, transpiled, is loaded after the mocks are set
    const exported = require(file) as Record<string, unknown>;
    const outputs = Object.entries(exported).filter((e): e is [string, pulumi.Output<unknown>] => pulumi.Output.isInstance(e[1]));
    for (const [name, output] of outputs) {
      let timer: NodeJS.Timeout | undefined;
      const settled = new Promise((r) => output.apply(r));
      const late = new Promise((_r, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`README.md:${block.line}: the exported ${name} did not resolve under the mocks within ${OUTPUT_WAIT_MS} ms`)),
          OUTPUT_WAIT_MS,
        );
      });
      await Promise.race([settled, late]).finally(() => clearTimeout(timer));
    }
    // Components register some children from inside applies: wait until nothing new arrives.
    for (let seen = -1; seen !== recorded.length;) {
      seen = recorded.length;
      await new Promise((r) => setTimeout(r, 100));
    }
    return recorded;
  } finally {
    for (const name of names) delete globals[name];
  }
}

/** Every TypeScript block of a Markdown text, each with the preamble of a doc-test comment right above it. */
export function typescriptBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const fence = /^(?:<!--\s*doc-test:([\s\S]*?)-->\s*\n)?```(?:ts|typescript)\s*\n([\s\S]*?)^```\s*$/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) {
    const preamble = (m[1] ?? "").replace(/\s*\n\s*/g, " ").trim();
    // A file of the shipped example project: tests/docs/readmeExample.test.ts compares it with the
    // file, and tests/e2e/unitTestSetup.test.ts compiles and runs that project.
    if (/^example\b/.test(preamble)) continue;
    const noRun = /^no-run\b/.test(preamble);
    const fenceAt = m.index + m[0].indexOf("```");
    const code = `${preamble.replace(/^no-run\b;?\s*/, "")}\n${m[2]}`;
    blocks.push({ line: markdown.slice(0, fenceAt).split("\n").length, code, noRun });
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
  // The declaration files (dist/, @pulumi/aws and the rest) are parsed once per run, whatever compiles them.
  const host = sharedDeclarationsHost(options);
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

  it("every id passes the providers' own check(), but the ones shown malformed on purpose", async () => {
    const ids = idsIn(README);
    const malformed = ids.vpce.filter((id) => MALFORMED_ON_PURPOSE.includes(id));
    assert.deepEqual(malformed, MALFORMED_ON_PURPOSE, "the README shows the malformed id it says the mocks refuse");
    const refused = await check(vpcEndpointAssociationProvider, {
      restApiId: "ordersapi1",
      vpcEndpointIds: malformed,
      region: "eu-west-1",
    });
    assert.equal(refused.length, malformed.length, "each id shown malformed is refused");
    ids.vpce = ids.vpce.filter((id) => !MALFORMED_ON_PURPOSE.includes(id));
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

  describe("every block that declares resources runs under the mocks", () => {
    const dir = join(REPO_ROOT, "dist", "readme-examples");
    const results = new Map<DocBlock, RecordedResource[]>();
    before(() => mkdirSync(dir, { recursive: true }));
    after(() => rmSync(dir, { recursive: true, force: true }));

    /** The dynamic resources a block declares, by type name (the last part of the token), sorted. */
    const dynamicTypesOf = (needle: string): string[] => {
      const found = [...results].find(([b]) => b.code.includes(needle));
      assert.ok(found, `a README block with ${needle} ran`);
      return found[1]
        .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
        .map((r) => r.type.split(":").pop() as string)
        .sort();
    };

    for (const block of blocks.filter(runs)) {
      it(`README.md:${block.line}: its dynamic resources pass their providers' check()`, async () => {
        const recorded = await runBlock(block, dir);
        results.set(block, recorded);
        const dynamic = recorded.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
        assert.ok(dynamic.length > 0, "the block declares at least one of the package's resources");
        for (const r of dynamic) {
          const provider = PROVIDERS[r.type];
          assert.ok(provider, `${r.type} is one of the package's type tokens (provider/types.ts)`);
          const { __provider: _p, ...news } = r.inputs;
          assert.deepEqual(await check(provider, news), [], `${r.type} ${r.name}`);
        }
      });
    }

    it("the PrivateRestApiIntegration example declares a link, an integration and two redeployments", () => {
      assert.deepEqual(dynamicTypesOf("new PrivateRestApiIntegration("), [
        "PrivateIntegration",
        "StageRedeployment",
        "StageRedeployment",
        "VpcLink",
      ]);
    });

    it("the private domain examples associate endpoints, and the owner's shares the domain", () => {
      assert.ok(dynamicTypesOf("Consumer side").includes("DomainNameAccessAssociations"));
      const owner = dynamicTypesOf("shareWithAccounts");
      assert.ok(owner.includes("DomainNameAccessAssociations"));
      assert.ok(owner.includes("DomainNameManagementPolicy"), "the owner shares the domain");
    });
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
