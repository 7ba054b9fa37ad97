/**
 * The `apigw-vpc` package from YAML and Python programs, under the real engine against the
 * sandbox. The README's YAML and Python projects are set up by the README's own commands
 * (`npm install` of the packed tarball, `pulumi package add`, and for Python the virtualenv), so
 * the SDK is generated and installed as a user's would be. The same lifecycle runs for a Node.js
 * program (the dynamic classes directly) and the two: a component and a resource on its own, up,
 * a no-op preview, one endpoint swapped, destroy. All three must make the same API calls. Then a
 * malformed id in each language must be the preview's one error, before any API call.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RequestLogEntry } from "../../local";
import { createNetwork } from "../../support/network";
import {
  REPO_ROOT,
  runPulumi,
  selectStack,
  stackOutputs,
  writeStackConfig,
  mustRunPulumi,
  type PulumiWorkspace,
} from "../../support/pulumiRunner";
import { apiEndpointIds, createRestApi, useSandbox, vpceIds } from "../../support/sandbox";
import {
  comparableCalls,
  installPackedPackage,
  readmeInstallCommands,
  runScript,
  withoutThreadShutdownNote,
  writeProject,
  type Language,
} from "./componentPlugin";
import { sandboxWorkspace } from "../../support/engine";
import { loadBalancerArn, restApiWithMethods, type RestFixture } from "../../support/restFixtures";

/** The last two lines of scripts/language-hosts.sh: BIN=... and VENV=... */
function languageHosts(): { bin: string; venv: string } {
  const out = execFileSync("bash", [join(REPO_ROOT, "scripts/language-hosts.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const vars = Object.fromEntries(
    out
      .trim()
      .split("\n")
      .slice(-2)
      .map((l) => l.split("=", 2) as [string, string]),
  );
  return { bin: vars.BIN, venv: vars.VENV };
}

describe("the component provider plugin from Node.js, YAML and Python programs", function () {
  this.timeout(900_000);
  const ctx = useSandbox({ timeScale: 0.01, delays: { vpcLinkProvisionMs: 200, vpcLinkDeleteMs: 100, dnsPropagationMs: 300 } });
  let root: string;
  let tarball: string;
  let hosts: { bin: string; venv: string };
  let restApiId: string;
  const first = vpceIds(2);
  const swapped = [first[0], vpceIds(1)[0]];
  let subnets: string[] = [];
  let securityGroups: string[] = [];
  const calls: Partial<Record<Language, ReturnType<typeof comparableCalls>>> = {};

  before(async () => {
    hosts = languageHosts();
    ({ root, tarball } = installPackedPackage());
    restApiId = await createRestApi({ name: "plugin-consumers" });
    ({ subnetIds: subnets, groupIds: securityGroups } = await createNetwork());
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  for (const language of ["nodejs", "yaml", "python"] as const) {
    describe(`a ${language} program`, () => {
      const stack = `e2e-${language}`;
      let ws: PulumiWorkspace;
      let ids = first;
      let log: RequestLogEntry[] = [];
      let vpcLinkId = "";

      const configure = () => {
        const project = `consumer-${language}`;
        writeStackConfig(ws, stack, {
          "aws:region": "us-east-1",
          [`${project}:restApiId`]: restApiId,
          [`${project}:vpcEndpointIds`]: ids,
          [`${project}:subnetIds`]: subnets,
          [`${project}:securityGroupIds`]: securityGroups,
          [`${project}:linkName`]: "plugin-link",
        });
      };
      const pulumi = async (args: string[]) => {
        const result = await runPulumi(ws, [...args, "--stack", stack]);
        assert.equal(result.code, 0, `pulumi ${args.join(" ")}:\n${result.stdout}\n${result.stderr}`);
        return result.stdout;
      };

      before(async () => {
        ws = sandboxWorkspace(ctx.sandbox, writeProject(root, `consumer-${language}`, language));
        ws.bin = hosts.bin;
        if (language !== "nodejs") {
          const output = await runScript(ws, readmeInstallCommands(language, tarball));
          assert.match(output, /Added package API Gateway private networking/);
          assert.match(
            readFileSync(join(ws.cwd, "Pulumi.yaml"), "utf8"),
            /^packages:\n {2}apigw-vpc: \.\/node_modules\/pulumi-apigw-vpc\/plugin$/m,
          );
        }
        if (language === "python") {
          // The README's virtualenv, active for every later command as `. venv/bin/activate` makes it.
          const venv = join(ws.cwd, "venv");
          ws.pathPrefix = [join(venv, "bin")];
          Object.assign(ws.env, { VIRTUAL_ENV: venv });
          assert.match(readFileSync(join(ws.cwd, "requirements.txt"), "utf8"), /^\.\/sdks\/apigw-vpc$/m);
        }
        await selectStack(ws, stack);
        configure();
        ctx.sandbox.control.clearRequestLog();
      });
      after(async () => {
        log = ctx.sandbox.control.requestLog();
        calls[language] = comparableCalls(log, { [vpcLinkId]: "VPC_LINK_ID" });
        await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
        rmSync(ws.stateDir, { recursive: true, force: true });
      });

      it("up: the per-VPCE URLs are stack outputs, and the link is AVAILABLE", async () => {
        await pulumi(["up", "--yes", "--skip-preview"]);
        const out = await stackOutputs(ws, ["--stack", stack]);
        assert.deepEqual(Object.keys(out.urls as object), [...ids].sort());
        for (const id of ids)
          assert.equal((out.urls as Record<string, string>)[id], `https://${restApiId}-${id}.execute-api.us-east-1.amazonaws.com/prod`);
        assert.deepEqual(await apiEndpointIds(restApiId), [...ids].sort());
        vpcLinkId = String(out.vpcLinkId);
        assert.deepEqual(
          ctx.sandbox.control.state().vpcLinks.map((l) => [l.vpcLinkId, l.vpcLinkStatus]),
          [[vpcLinkId, "AVAILABLE"]],
        );
      });

      it("the providers in state load the installed package, small and credential-free", async () => {
        const state = await mustRunPulumi(ws, ["stack", "export", "--stack", stack]);
        const resources = (JSON.parse(state) as { deployment: { resources: { type: string; inputs?: { __provider?: string } }[] } })
          .deployment.resources;
        const providers = resources.map((r) => r.inputs?.__provider).filter((p): p is string => p !== undefined);
        // From YAML and Python the link is the plugin's own resource, with no stored provider.
        assert.equal(providers.length, language === "nodejs" ? 3 : 2, "the association, the readiness check (and the dynamic link)");
        const linkType = resources.find((r) => r.type.endsWith("VpcLink"))?.type;
        assert.equal(linkType, language === "nodejs" ? "pulumi-nodejs:dynamic/apigw:VpcLink" : "apigw-vpc:index:VpcLink");
        for (const p of providers) {
          assert.match(p, /require\("pulumi-apigw-vpc\/dist\/provider\//);
          assert.ok(p.length <= 8 * 1024, `__provider is ${p.length} bytes`);
        }
        assert.doesNotMatch(state, /AKIASANDBOXTESTKEY01|sandbox-secret-never-in-state/);
      });

      it("preview right after up shows no changes", async () => {
        await pulumi(["preview", "--expect-no-changes"]);
      });

      it("update: one endpoint swapped, in place", async () => {
        ids = swapped;
        configure();
        await pulumi(["up", "--yes", "--skip-preview"]);
        assert.deepEqual(await apiEndpointIds(restApiId), [...ids].sort());
        assert.deepEqual(Object.keys((await stackOutputs(ws, ["--stack", stack])).urls as object), [...ids].sort());
        assert.deepEqual(
          ctx.sandbox.control.state().vpcLinks.map((l) => l.vpcLinkId),
          [vpcLinkId],
          "the link stays",
        );
      });

      it("destroy removes the ids and the link", async () => {
        await pulumi(["destroy", "--yes", "--skip-preview"]);
        assert.deepEqual(await apiEndpointIds(restApiId), []);
        assert.deepEqual(ctx.sandbox.control.state().vpcLinks, []);
      });

      if (language !== "nodejs")
        it("a malformed endpoint id is the preview's one error, naming the field and the rule, before any API call", async () => {
          malformProgram(ws.cwd, language);
          const log = ctx.sandbox.control.requestLog().length;
          const result = await runPulumi(ws, ["preview", "--stack", stack]);
          const output = `${result.stdout}\n${result.stderr}`;
          assert.notEqual(result.code, 0, output);
          assert.equal(ctx.sandbox.control.requestLog().length, log, "no API call");
          const diagnostics = result.stdout.slice(result.stdout.indexOf("Diagnostics:"));
          assert.deepEqual(
            diagnostics.match(/^\s*error: .*$/gm)?.map((line) => line.trim()),
            ["error: apigw-vpc:index:PrivateApiAccess resource 'access' has a problem: bad input"],
            output,
          );
          assert.match(
            diagnostics,
            /property vpcEndpointIds\[0\] with value '\{vpce-123\}' has a problem: vpcEndpointIds\[0\]: "vpce-123" is not a VPC endpoint id \(vpce- followed by 8 or 17 lowercase hex digits\)/,
          );
          assert.doesNotMatch(
            withoutThreadShutdownNote(output),
            /client connection is closing|resource monitor shut down|Traceback|KeyboardInterrupt|Exception ignored/,
          );
        });
    });
  }

  // A suite of its own: mocha runs a suite's tests before its child suites.
  describe("all three", () => {
    it("the YAML and Python programs make the same API calls as the Node.js program", () => {
      assert.ok(calls.nodejs && calls.nodejs.mutations.length > 0, "the Node.js program ran");
      assert.deepEqual(calls.yaml, calls.nodejs);
      assert.deepEqual(calls.python, calls.nodejs);
    });
  });

  describe("a YAML program with PrivateRestApiIntegration", () => {
    const stack = "e2e-rest";
    let ws: PulumiWorkspace;
    let fixture: RestFixture;

    before(async () => {
      fixture = await restApiWithMethods({ orders: [] });
      const program = [
        "resources:",
        "  rest:",
        "    type: apigw-vpc:index:PrivateRestApiIntegration",
        "    properties:",
        `      restApiId: ${fixture.restApiId}`,
        "      stageName: prod",
        "      link:",
        "        name: rest-link",
        `        subnetIds: [${subnets.join(", ")}]`,
        `        securityGroupIds: [${securityGroups.join(", ")}]`,
        "      methods:",
        "        orders:",
        `          resourceId: ${fixture.resources.orders}`,
        "          httpMethod: GET",
        `          integrationTarget: ${loadBalancerArn("app", "orders")}`,
        "          uri: https://orders.internal.example.com/",
        "          path: /orders",
        "outputs:",
        "  invokeUrls: ${rest.invokeUrls}",
        "  linkStatus: ${rest.linkStatus}",
        "",
      ].join("\n");
      ws = sandboxWorkspace(ctx.sandbox, writeProject(root, "consumer-yaml-rest", "yaml", program));
      ws.bin = hosts.bin;
      await selectStack(ws, stack);
      writeStackConfig(ws, stack, { "aws:region": "us-east-1" });
    });
    after(async () => {
      await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
      rmSync(ws.stateDir, { recursive: true, force: true });
    });

    it("up: nested plain inputs (link, methods) reach the component; the invoke URLs are outputs", async () => {
      const up = await runPulumi(ws, ["up", "--yes", "--skip-preview", "--stack", stack]);
      assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
      const out = await stackOutputs(ws, ["--stack", stack]);
      assert.deepEqual(out.invokeUrls, { orders: `https://${fixture.restApiId}.execute-api.us-east-1.amazonaws.com/prod/orders` });
      assert.equal(out.linkStatus, "AVAILABLE");
    });

    it("destroy removes the link", async () => {
      const destroy = await runPulumi(ws, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
      assert.equal(destroy.code, 0, `${destroy.stdout}\n${destroy.stderr}`);
      assert.deepEqual(ctx.sandbox.control.state().vpcLinks, []);
    });
  });

  describe("a YAML program with mistyped input", () => {
    const stack = "e2e-bad";
    let ws: PulumiWorkspace;
    const preview = async (properties: string) => {
      writeProject(
        root,
        "consumer-yaml-bad",
        "yaml",
        `resources:\n  access:\n    type: apigw-vpc:index:PrivateApiAccess\n    properties:\n${properties}`,
      );
      ctx.sandbox.control.clearRequestLog();
      const result = await runPulumi(ws, ["preview", "--stack", stack]);
      assert.notEqual(result.code, 0, "the preview must fail");
      assert.deepEqual(ctx.sandbox.control.requestLog(), [], "no API call before the input is checked");
      return result.stdout + result.stderr;
    };

    before(async () => {
      ws = sandboxWorkspace(ctx.sandbox, writeProject(root, "consumer-yaml-bad", "yaml", "resources: {}\n"));
      ws.bin = hosts.bin;
      await selectStack(ws, stack);
    });
    after(async () => {
      await runPulumi(ws, ["stack", "rm", "--yes", "--force", "--stack", stack]);
      rmSync(ws.stateDir, { recursive: true, force: true });
    });

    it("a wrong input type is refused against the schema, naming the property and both types", async () => {
      const output = await preview(
        `      restApiId: a1b2c3d4e5\n      vpcEndpointIds: ${first[0]}\n      stageName: prod\n      waitForDns: sometimes\n`,
      );
      assert.match(output, /vpcEndpointIds: Cannot assign type 'string' to type 'List<string>'/);
      assert.match(output, /waitForDns: Cannot assign type 'string' to type 'boolean'/);
    });
  });
});

/**
 * The README's program of `language` in `dir` with a malformed endpoint id for the component, and
 * another component beside it: the bad one must fail without failing the others in flight.
 */
function malformProgram(dir: string, language: "yaml" | "python"): void {
  if (language === "yaml") {
    const file = join(dir, "Pulumi.yaml");
    const text = readFileSync(file, "utf8").replace("vpcEndpointIds: ${vpcEndpointIds}", "vpcEndpointIds: [vpce-123]");
    const other = [
      "  other:",
      "    type: apigw-vpc:index:PrivateIntegrationLink",
      "    properties:",
      "      name: other-link",
      "      subnetIds: ${subnetIds}",
      "      securityGroupIds: ${securityGroupIds}",
      "",
    ].join("\n");
    writeFileSync(file, text.replace("outputs:\n", `${other}outputs:\n`));
  } else {
    const file = join(dir, "__main__.py");
    const text = readFileSync(file, "utf8").replace(
      'vpc_endpoint_ids=config.require_object("vpcEndpointIds")',
      'vpc_endpoint_ids=["vpce-123"]',
    );
    const other = [
      "other = apigw_vpc.PrivateIntegrationLink(",
      '    "other",',
      '    name="other-link",',
      '    subnet_ids=config.require_object("subnetIds"),',
      '    security_group_ids=config.require_object("securityGroupIds"),',
      ")",
      "",
    ].join("\n");
    writeFileSync(file, `${text}${other}`);
  }
}
