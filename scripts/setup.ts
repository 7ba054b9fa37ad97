/**
 * The test setup that `npm test` (and each `npm run test:*`) runs first: everything the suites
 * need beyond `npm ci`, installed or built when this machine can, else one line per missing
 * program saying how to install it, before anything is installed or run.
 *
 *   node dist/scripts/setup.js [unit] [sandbox] [e2e] [acceptance]   # default: all four
 *
 * | need | how it is met |
 * | --- | --- |
 * | Node.js 22 (and 24 for the packaged consumer) | scripts/node-runtime.sh, from the npm registry |
 * | dnsmasq (sandbox suite) | on PATH or in /usr/sbin; as root with apt-get: `apt-get install dnsmasq-base` |
 * | the AWS CLI v1 and AWS's service models (sandbox suite) | scripts/aws-cli.sh: a pinned awscli from PyPI, with python3 |
 * | the Pulumi CLI and Node.js host (e2e, acceptance) | scripts/pulumi-cli.sh: reused when built, else built with Go |
 * | the YAML and Python hosts, the virtualenv (e2e) | scripts/language-hosts.sh: reused when built, else Go and python3 |
 *
 * Each script reuses what it built before, so a second run takes a second or two.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { nodeMajor } from "../support/nodeRuntime";
import { REPO_ROOT } from "../support/pulumiRunner";
import { missingTool, onPath, withSystemSbin } from "../support/tools";

/** The four test suites (`.mocharc.<suite>.json`). */
export const SUITES = ["unit", "sandbox", "e2e", "acceptance"] as const;
/** One of the test suites. */
export type Suite = (typeof SUITES)[number];

/** Something a suite needs beyond npm. */
export type Requirement = "node22" | "node24" | "dnsmasq" | "awsCli" | "pulumiCli" | "languageHosts";

/** What each suite needs. Every suite runs on Node.js 22 (scripts/mocha.ts). */
export const SUITE_NEEDS: Record<Suite, readonly Requirement[]> = {
  unit: ["node22"],
  // The AWS CLI check and the conformance test (its botocore carries the service models).
  sandbox: ["node22", "dnsmasq", "awsCli"],
  // The packaged consumer runs on Node.js 22 and 24; the multi-language tests need the other hosts.
  e2e: ["node22", "node24", "pulumiCli", "languageHosts"],
  acceptance: ["node22", "pulumiCli"],
};

/** What the setup knows about the machine: passed in, so tests can describe any machine. */
export interface SetupFacts {
  /** The running Node.js major. */
  nodeMajor: number;
  /** Whether a program is on PATH (dnsmasq is also looked for in the system sbin folders). */
  has(command: "dnsmasq" | "go" | "python3" | "apt-get"): boolean;
  /** Whether this process runs as root, and so may install Debian packages. */
  isRoot: boolean;
  /** Whether scripts/aws-cli.sh has installed the AWS CLI before (it may still reinstall another version). */
  awsCliBuilt: boolean;
  /** Whether scripts/pulumi-cli.sh has built the CLI before (it may still rebuild a stale one). */
  pulumiCliBuilt: boolean;
  /** Whether scripts/language-hosts.sh has built the hosts and made the virtualenv before. */
  languageHostsBuilt: boolean;
}

/** A command the setup runs to meet a requirement. */
export interface SetupAction {
  /** What it provides, for the log line. */
  provides: string;
  command: string;
  args: string[];
}

/** The setup's decisions: the actions to run, or, if anything cannot be provided, one line for each such thing. */
export interface SetupPlan {
  actions: SetupAction[];
  missing: string[];
}

/** Go builds both the CLI and the other hosts: one purpose, so a missing Go is reported once. */
const GO_PURPOSE = "building the Pulumi toolchain (scripts/pulumi-cli.sh, scripts/language-hosts.sh)";

const script = (name: string, ...args: string[]) => ({ command: "bash", args: [join(REPO_ROOT, "scripts", name), ...args] });

/** The requirements of these suites, each once, in a fixed order. */
export function needsOf(suites: readonly Suite[]): Requirement[] {
  const order: Requirement[] = ["node22", "node24", "dnsmasq", "awsCli", "pulumiCli", "languageHosts"];
  const wanted = new Set(suites.flatMap((s) => SUITE_NEEDS[s]));
  return order.filter((r) => wanted.has(r));
}

/** Decides how each requirement is met on the machine `facts` describes (pure: nothing is run). */
export function planSetup(needs: readonly Requirement[], facts: SetupFacts): SetupPlan {
  const actions: SetupAction[] = [];
  const missing = new Set<string>();
  const canApt = facts.isRoot && facts.has("apt-get");
  for (const need of needs) {
    switch (need) {
      case "node22":
      case "node24": {
        const major = need === "node22" ? 22 : 24;
        if (facts.nodeMajor !== major) actions.push({ provides: `Node.js ${major}`, ...script("node-runtime.sh", String(major)) });
        break;
      }
      case "dnsmasq":
        if (facts.has("dnsmasq")) break;
        if (canApt)
          actions.push({
            provides: "dnsmasq (Debian's dnsmasq-base)",
            command: "bash",
            args: [
              "-c",
              "DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsmasq-base",
            ],
          });
        else missing.add(missingTool("dnsmasq", "the sandbox suite's caching resolver").message);
        break;
      case "awsCli":
        if (facts.awsCliBuilt || facts.has("python3"))
          actions.push({ provides: "the AWS CLI and AWS's service models", ...script("aws-cli.sh") });
        else missing.add(missingTool("python3", "the sandbox suite's AWS CLI check and conformance test").message);
        break;
      case "pulumiCli":
        if (facts.pulumiCliBuilt || facts.has("go")) actions.push({ provides: "the Pulumi CLI", ...script("pulumi-cli.sh") });
        else missing.add(missingTool("go", GO_PURPOSE).message);
        break;
      case "languageHosts":
        if (facts.languageHostsBuilt) actions.push({ provides: "the YAML and Python language hosts", ...script("language-hosts.sh") });
        else if (!facts.has("go")) missing.add(missingTool("go", GO_PURPOSE).message);
        else if (!facts.has("python3")) missing.add(missingTool("python3", "the Python virtualenv of the multi-language tests").message);
        else actions.push({ provides: "the YAML and Python language hosts", ...script("language-hosts.sh") });
        break;
    }
  }
  return { actions, missing: [...missing] };
}

/** The facts of this machine. */
export function machineFacts(env: NodeJS.ProcessEnv = process.env, toolsBin = join(REPO_ROOT, ".tools/bin")): SetupFacts {
  const path = { PATH: withSystemSbin(env.PATH) };
  return {
    nodeMajor: nodeMajor(),
    has: (command) => onPath(command, path),
    isRoot: process.getuid?.() === 0,
    awsCliBuilt: existsSync(join(env.APIGW_VPC_AWSCLI_DIR ?? join(REPO_ROOT, ".cache/awscli"), "bin/aws")),
    pulumiCliBuilt: existsSync(join(toolsBin, "pulumi")),
    languageHostsBuilt: existsSync(join(toolsBin, "pulumi-language-yaml")) && existsSync(join(toolsBin, "../python-venv/bin/python")),
  };
}

/** The suites named on the command line (all four when none is). */
export function suitesFromArgs(args: readonly string[]): Suite[] {
  const unknown = args.filter((a) => !(SUITES as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`setup: unknown suite ${unknown.join(", ")} (one of: ${SUITES.join(", ")})`);
  return args.length ? (args as Suite[]) : [...SUITES];
}

function main(): void {
  const started = Date.now();
  const suites = suitesFromArgs(process.argv.slice(2));
  const plan = planSetup(needsOf(suites), machineFacts());
  if (plan.missing.length) {
    for (const line of plan.missing) console.error(`setup: ${line}`);
    process.exit(1);
  }
  for (const action of plan.actions) {
    // The scripts print the path they provide on stdout, and their progress on stderr.
    const run = spawnSync(action.command, action.args, { stdio: ["ignore", "ignore", "inherit"] });
    if (run.status !== 0) {
      console.error(
        `setup: could not provide ${action.provides} (${[action.command, ...action.args].join(" ")} exited with ${run.status ?? run.signal})`,
      );
      process.exit(1);
    }
  }
  console.error(
    `setup: ready for the ${suites.join(", ")} suite${suites.length > 1 ? "s" : ""} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (require.main === module) main();
