/**
 * The test setup's decisions (scripts/setup.ts), on machines described by facts: what it
 * installs or builds itself, and the one line it stops with when it cannot.
 */
import * as assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { withSystemSbin } from "../../support/tools";
import { machineFacts, needsOf, planSetup, suitesFromArgs, type SetupFacts } from "../../scripts/setup";

type Tool = Parameters<SetupFacts["has"]>[0];

/** A machine: Node.js 20, non-root, nothing installed, nothing built, unless `overrides` say so. */
function machine(overrides: Partial<Omit<SetupFacts, "has">> & { tools?: Tool[] } = {}): SetupFacts {
  const tools = new Set(overrides.tools ?? []);
  return {
    nodeMajor: 20,
    isRoot: false,
    awsCliBuilt: false,
    pulumiCliBuilt: false,
    languageHostsBuilt: false,
    ...overrides,
    has: (t) => tools.has(t),
  };
}

const ALL = needsOf(suitesFromArgs([]));
const provided = (facts: SetupFacts, needs = ALL) => planSetup(needs, facts).actions.map((a) => a.provides);

describe("the test setup (scripts/setup.ts)", () => {
  describe("GIVEN a machine where it can provide everything", () => {
    it("installs Node.js 22 and 24 on Node.js 20, and only 24 on Node.js 22", () => {
      const ready = { tools: ["dnsmasq", "go", "python3"] as Tool[] };
      assert.deepEqual(provided(machine(ready)).slice(0, 2), ["Node.js 22", "Node.js 24"]);
      assert.deepEqual(provided(machine({ ...ready, nodeMajor: 22 })).slice(0, 1), ["Node.js 24"]);
    });

    it("installs dnsmasq with apt-get as root, and builds the toolchain with Go and python3", () => {
      const plan = planSetup(ALL, machine({ isRoot: true, tools: ["apt-get", "go", "python3"] }));
      assert.deepEqual(plan.missing, []);
      assert.deepEqual(
        plan.actions.map((a) => a.provides),
        [
          "Node.js 22",
          "Node.js 24",
          "dnsmasq (Debian's dnsmasq-base)",
          "the AWS CLI and AWS's service models",
          "the Pulumi CLI",
          "the YAML and Python language hosts",
        ],
      );
      assert.match(plan.actions[2].args.join(" "), /apt-get install -y -qq dnsmasq-base/);
      assert.match(plan.actions[3].args[0], /scripts\/aws-cli\.sh$/);
      assert.match(plan.actions[4].args[0], /scripts\/pulumi-cli\.sh$/);
    });

    it("reuses a built toolchain without Go or python3 (the scripts check it is current)", () => {
      const plan = planSetup(
        ALL,
        machine({ nodeMajor: 22, tools: ["dnsmasq"], awsCliBuilt: true, pulumiCliBuilt: true, languageHostsBuilt: true }),
      );
      assert.deepEqual(plan.missing, []);
      assert.deepEqual(
        plan.actions.map((a) => a.provides),
        ["Node.js 24", "the AWS CLI and AWS's service models", "the Pulumi CLI", "the YAML and Python language hosts"],
      );
    });

    it("asks for only what the chosen suites need", () => {
      assert.deepEqual(needsOf(["unit"]), ["node22"]);
      assert.deepEqual(needsOf(["sandbox"]), ["node22", "dnsmasq", "awsCli"]);
      assert.deepEqual(needsOf(["acceptance", "unit"]), ["node22", "pulumiCli"]);
      assert.deepEqual(planSetup(needsOf(["unit"]), machine({ nodeMajor: 22 })), { actions: [], missing: [] });
      assert.throws(() => suitesFromArgs(["units"]), /unknown suite units \(one of: unit, sandbox, e2e, acceptance\)/);
    });
  });

  describe("GIVEN a machine where it cannot", () => {
    it("PATH without dnsmasq, non-root: one line naming dnsmasq and its package", () => {
      const plan = planSetup(needsOf(["sandbox"]), machine({ tools: ["apt-get", "python3"] }));
      assert.equal(plan.missing.length, 1);
      assert.match(
        plan.missing[0],
        /^dnsmasq is not installed \(not found on PATH\); .* `apt-get install dnsmasq-base` \(Debian\/Ubuntu\)/,
      );
      assert.doesNotMatch(plan.missing[0], /\n/);
    });

    it("root without apt-get (not Debian): the same line", () => {
      assert.match(planSetup(["dnsmasq"], machine({ isRoot: true })).missing[0], /^dnsmasq is not installed .*brew install dnsmasq/);
    });

    it("no Go and no built toolchain: one line naming Go and how to install it, once for both builds", () => {
      const plan = planSetup(needsOf(["e2e"]), machine({ tools: ["dnsmasq", "python3"] }));
      assert.deepEqual(plan.missing, [
        "Go is not installed (not found on PATH); building the Pulumi toolchain (scripts/pulumi-cli.sh, scripts/language-hosts.sh) needs it: install Go 1.24 or newer from https://go.dev/dl or your package manager (Debian/Ubuntu: `apt-get install golang-go`)",
      ]);
    });

    it("Go but no python3 for the hosts' virtualenv: one line naming python3 and its venv module", () => {
      const plan = planSetup(needsOf(["e2e"]), machine({ tools: ["go"], pulumiCliBuilt: true }));
      assert.deepEqual(plan.missing.length, 1);
      assert.match(plan.missing[0], /^python3 is not installed .*`apt-get install python3 python3-venv`/);
    });

    it("a fresh non-root machine with nothing: every missing program, each on its one line, and nothing is run", () => {
      const plan = planSetup(ALL, machine());
      assert.equal(plan.missing.length, 3);
      assert.match(plan.missing[0], /^dnsmasq /);
      assert.match(plan.missing[1], /^python3 .*the sandbox suite's AWS CLI check/);
      assert.match(plan.missing[2], /^Go /);
    });
  });

  describe("the facts of a machine", () => {
    it("looks for dnsmasq in the system sbin folders too, and sees a built toolchain", () => {
      const dir = mkdtempSync(join(tmpdir(), "apigw-vpc-setup-"));
      try {
        const bin = join(dir, "bin");
        mkdirSync(bin);
        mkdirSync(join(dir, "python-venv/bin"), { recursive: true });
        for (const f of ["go", "pulumi", "pulumi-language-yaml", "../python-venv/bin/python"]) {
          writeFileSync(join(bin, f), "");
          chmodSync(join(bin, f), 0o755);
        }
        const facts = machineFacts({ PATH: bin }, bin);
        assert.equal(facts.has("go"), true);
        assert.equal(facts.has("python3"), false);
        assert.equal(facts.pulumiCliBuilt && facts.languageHostsBuilt, true);
        assert.equal(withSystemSbin(bin), [bin, "/usr/local/sbin", "/usr/sbin", "/sbin"].join(delimiter));
        assert.equal(withSystemSbin(`/usr/sbin${delimiter}${bin}`), ["/usr/sbin", bin, "/usr/local/sbin", "/sbin"].join(delimiter));
        const none = machineFacts({ PATH: "" }, join(dir, "nothing"));
        assert.equal(none.pulumiCliBuilt || none.languageHostsBuilt, false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
