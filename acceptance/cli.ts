#!/usr/bin/env node
/**
 * `npm run sweep -- --region R [--older-than 2h] [--run ID] [--dry-run]`: deletes what acceptance
 * runs left behind. `node dist/acceptance/cli.js plan --region R [--json]`: prints what a
 * real-account run would create, with its tags and cost, without credentials or AWS calls.
 */
import { parseArgs } from "node:util";
import { parseDuration } from "../provider/duration";
import { acceptancePlan, formatPlan, newRunId } from "./plan";
import { requireRegion } from "./target";

const USAGE = "usage: cli.js sweep --region R [--older-than 2h] [--run ID] [--dry-run] | cli.js plan --region R [--json]";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      region: { type: "string" },
      "older-than": { type: "string", default: "2h" },
      run: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const region = requireRegion(values.region, "--region");
  if (command === "plan") {
    const ctx = { region, runId: values.run ?? newRunId(), createdAt: new Date() };
    const plan = acceptancePlan(ctx);
    console.log(values.json ? JSON.stringify({ ...ctx, plan }, null, 2) : formatPlan(ctx, plan));
    return 0;
  }
  if (command !== "sweep") throw new Error(USAGE);
  const olderThanMs = values["older-than"] === "0" ? 0 : parseDuration(values["older-than"]);
  if (olderThanMs === undefined) throw new Error(`--older-than must be a duration like 90m, 2h or 0s, got "${values["older-than"]}"`);
  // Loaded here, not at the top: `plan` needs neither the AWS SDK nor the provider, and loading them took 10 times its run.
  const [{ acceptanceClients }, { sweep }] = await Promise.all([import("./clients"), import("./sweeper")]);
  const clients = acceptanceClients(region);
  try {
    const report = await sweep(clients, { olderThanMs, runId: values.run, dryRun: values["dry-run"], log: (line) => console.log(line) });
    const selected = report.found.filter((r) => r.swept).length;
    console.log(
      values["dry-run"]
        ? `sweep ${region}: ${report.found.length} tagged, ${selected} would be deleted (dry run)`
        : `sweep ${region}: ${report.found.length} tagged, ${report.deleted.length} deleted, ${report.failed.length} failed`,
    );
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    clients.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${(e as Error).message}`);
    process.exit(2);
  },
);
